"""Working days (工作日) with China's holidays and make-up days, from chinesecalendar.

For a year the calendar does not cover yet, weekends alone decide and the
result says so, so that a page can warn the clerk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    exact: bool  # False: some year had no holiday data and only weekends were skipped

    @property
    def warning(self) -> str:
        return "" if self.exact else "该年度的法定节假日安排尚未收录，期限仅按周末推算，请人工核对。"


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, answer came from the holiday calendar)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_workdays(start: dt.date | dt.datetime, days: int) -> DueDate:
    """The date ``days`` working days after ``start`` (the start day itself not counted)."""
    day = start.date() if isinstance(start, dt.datetime) else start
    exact = True
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        work, known = is_workday(day)
        exact = exact and known
        counted += work
    return DueDate(day, exact)


def workdays_between(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    a = start.date() if isinstance(start, dt.datetime) else start
    b = end.date() if isinstance(end, dt.datetime) else end
    count = 0
    while a < b:
        a += dt.timedelta(days=1)
        count += is_workday(a)[0]
    return count
