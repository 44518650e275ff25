"""Set the clock back to when a demo action would have happened, so it runs through the real use case.

The use cases stamp their rows and audit entries with ``clock.now()`` and check sign-up windows
against it; running each one "at" its moment gives a year whose timestamps, states and audit log
agree. The moment is never later than the demo's reference time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from .. import clock
from ..workdays import is_workday


def _real_now() -> dt.datetime:
    return dt.datetime.now(clock.TZ).replace(tzinfo=None, microsecond=0)


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    """Within the block ``clock.now()`` reads ``moment`` (plus the seconds the block takes)."""
    saved = clock.offset()  # a test may have moved the clock already; put it back as found
    clock.shift(moment - _real_now())
    try:
        yield
    finally:
        clock.shift(saved)


def workday(today: dt.date, offset: int) -> dt.date:
    """``today + offset`` days, moved off weekends and public holidays: earlier for past days, later for coming ones."""
    day = today + dt.timedelta(days=offset)
    step = dt.timedelta(days=-1 if offset < 0 else 1)
    while not is_workday(day)[0]:
        day += step
    return day


def office_hours(moment: dt.datetime) -> dt.datetime:
    """A clerk's action planned for the evening or the small hours happens at the next 8–10 o'clock instead."""
    if moment.hour >= 19:
        moment += dt.timedelta(days=1)
    if moment.hour >= 19 or moment.hour < 8:
        moment = moment.replace(hour=8 + moment.hour % 3)
    return moment
