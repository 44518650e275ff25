"""Why a notice could not go out."""

from __future__ import annotations

from ..errors import GkregError


class ChannelUnusable(GkregError):
    """A configured channel cannot work (bad address, missing token or sender)."""

    default = "通知渠道配置有误。"


class DeliveryFailed(Exception):
    """One attempt failed; the notice is retried later with the same idempotency key."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable  # no answer at all (vs. a refusal): the channel looks unusable
