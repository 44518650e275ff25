"""Errors the core raises; ``str(error)`` is a Chinese sentence a user can act on."""


class GkregError(Exception):
    """Base of every error gkreg raises on purpose."""

    default = "操作未能完成。"

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        super().__init__(message or self.default)
        # The form field the message belongs to, so a page can show it next to the input.
        self.field = field


class ValidationError(GkregError):
    default = "输入的信息有误，请检查后重试。"


class DuplicateRegistration(GkregError):
    default = "该身份证号已报名本场活动，请勿重复报名。可凭报名编号查询。"


class QuotaError(GkregError):
    default = "名额已满。"


class RegistrationClosed(GkregError):
    default = "本场活动当前不在报名时间内。"


class NotFound(GkregError):
    default = "未找到对应的记录。"


class PermissionDenied(GkregError):
    default = "您没有权限进行此操作。"


class InvalidTransition(GkregError):
    default = "当前状态下不能进行此操作。"


class Busy(GkregError):
    default = "系统繁忙，刚才的操作没有保存，请稍等片刻后再试一次。"


class RateLimited(GkregError):
    """Too many sign-ups, look-ups or opinions from one client address; ``wait_seconds`` says how long."""

    default = "操作过于频繁，请稍后再试。"

    def __init__(self, message: str | None = None, *, wait_seconds: int = 0, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.wait_seconds = wait_seconds
