"""Where an action came from (CLI, web, …), carried beside the call rather than through every signature."""

from __future__ import annotations

import contextvars

_source: contextvars.ContextVar[str] = contextvars.ContextVar("gkreg_audit_source", default="api")


def current_source() -> str:
    return _source.get()


def set_source(source: str) -> None:
    _source.set(source[:100])
