"""iCalendar files built with the ``icalendar`` library (RFC 5545 escaping, folding, time zone).

One builder for every .ics gkreg hands out: a citizen's own registration and the year's
calendar feed that calendar apps subscribe to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

from . import clock

PRODID = "-//gkreg//政府开放日//ZH"


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    alarm: bool = False


def _local(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=clock.TZ) if value.tzinfo is None else value


def build_calendar(
    events: Iterable[IcsEvent], *, name: str = "", stamp: dt.datetime | None = None, refresh_hours: int | None = None
) -> bytes:
    """A VCALENDAR with one VEVENT per event (Asia/Shanghai); ``refresh_hours`` hints subscribers' polling."""
    stamp = stamp or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("name", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    if refresh_hours:
        cal.add("refresh-interval", dt.timedelta(hours=refresh_hours), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", f"PT{refresh_hours}H")
    for item in events:
        vevent = icalendar.Event()
        vevent.add("uid", item.uid)
        vevent.add("dtstamp", stamp.replace(tzinfo=dt.UTC))
        vevent.add("dtstart", _local(item.starts_at))
        vevent.add("dtend", _local(item.ends_at or item.starts_at + dt.timedelta(hours=2)))
        vevent.add("summary", item.summary)
        if item.location:
            vevent.add("location", item.location)
        if item.description:
            vevent.add("description", item.description)
        if item.url:
            vevent.add("url", item.url)
        if item.alarm:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", dt.timedelta(days=-1))
            alarm.add("description", item.summary)
            vevent.add_component(alarm)
        cal.add_component(vevent)
    _add_fixed_timezone(cal)
    return cal.to_ical()


def _add_fixed_timezone(cal: icalendar.Calendar) -> None:
    """China has kept +08:00 without daylight saving since 1991: one STANDARD block says it all."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Asia/Shanghai")
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    tz.add_component(standard)
    cal.subcomponents.insert(0, tz)
