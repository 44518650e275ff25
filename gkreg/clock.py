"""The one place that reads the wall clock, so tests can move time."""

from __future__ import annotations

import datetime as dt
from typing import overload
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
_offset = dt.timedelta(0)


def now() -> dt.datetime:
    """Naive local time (Asia/Shanghai), seconds precision."""
    return (dt.datetime.now(TZ) + _offset).replace(tzinfo=None, microsecond=0)


def utcnow_iso() -> str:
    return (dt.datetime.now(dt.UTC) + _offset).replace(microsecond=0).isoformat()


def shift(delta: dt.timedelta) -> None:
    """Tests and the demo's back-dating only: move the clock."""
    global _offset
    _offset = delta


def offset() -> dt.timedelta:
    """How far ``shift`` has moved the clock (to put it back as found)."""
    return _offset


@overload
def to_iso(value: dt.datetime | dt.date) -> str: ...
@overload
def to_iso(value: dt.datetime | dt.date | str | None) -> str | None: ...
def to_iso(value: dt.datetime | dt.date | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return parse_required(value).isoformat(sep=" ")
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    return dt.datetime.combine(value, dt.time()).isoformat(sep=" ")


def parse(value: str | dt.datetime | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    text = str(value).strip().replace("T", " ")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        from .errors import ValidationError

        raise ValidationError(f"时间格式不正确：{text}（应为 2026-05-15 09:00）") from None


def parse_required(value: str | dt.datetime) -> dt.datetime:
    """A time that must be there (a NOT NULL column, a field already checked): empty is an error, not None."""
    found = parse(value)
    if found is None:
        from .errors import ValidationError

        raise ValidationError("时间不能为空。")
    return found


def timestamp() -> float:
    """Seconds since the epoch, moved with ``shift`` (for counting within time windows)."""
    return (dt.datetime.now(dt.UTC) + _offset).timestamp()
