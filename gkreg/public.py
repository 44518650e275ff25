"""Pure helpers for the citizen pages: seat state in words, filters and search over open events,
.ics calendar files, QR codes, and the wording of a registration's status and next step.

Nothing here imports streamlit; wording goes through the i18n catalogue (``gkreg.i18n.t``).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import segno

from . import clock
from .events import Event
from .i18n import t
from .seats import Seats

WEEKDAYS = {"zh": "一二三四五六日", "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}

# ---- seat state -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatState:
    """What a citizen can do with an event now. ``kind`` is one of:
    ``left`` (seats left), ``full_waitlist`` (full, auto mode: sign-up goes to the waitlist),
    ``full_review`` (full, review mode: sign-up waits for review and a free seat),
    ``not_yet`` (sign-up has not opened), ``closed`` (deadline passed), ``finalized`` (list fixed),
    ``over`` (held / reported / cancelled / draft: not open at all)."""

    kind: str
    left: int = 0
    opens: dt.datetime | None = None

    @property
    def can_sign_up(self) -> bool:
        return self.kind in ("left", "full_waitlist", "full_review")


def seat_state(event: Event, seats: Seats, now: dt.datetime | None = None) -> SeatState:
    state = event.signup_state(now or clock.now())
    if event.online and event.taking_signups:
        return SeatState("online")
    if event.finalized:
        return SeatState("finalized")
    if not event.taking_signups:
        return SeatState("over")
    if state == "not_yet":
        return SeatState("not_yet", opens=event.registration_opens)
    if state == "closed":
        return SeatState("closed")
    left = max(0, seats.citizen_seats_left)
    if left > 0:
        return SeatState("left", left=left)
    return SeatState("full_waitlist" if event.approval == "auto" else "full_review")


def seat_words(state: SeatState, lang: str = "zh") -> str:
    """The seat state as a citizen reads it: "群众代表名额剩余 4 个", "已满，可登记候补", "报名已截止"…"""
    if state.kind == "left":
        return t("pub.seats.left", lang, n=state.left)
    if state.kind == "not_yet":
        return t("pub.seats.not_yet", lang, opens=fmt_dt(state.opens))
    return t(f"pub.seats.{state.kind}", lang)


# ---- dates -----------------------------------------------------------------------------------------


def fmt_dt(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def weekday(value: dt.date, lang: str = "zh") -> str:
    if lang == "en":
        return WEEKDAYS["en"][value.weekday()]
    return "周" + WEEKDAYS["zh"][value.weekday()]


def when_words(event: Event, lang: str = "zh") -> str:
    """ "2026-11-25（周三）09:30–12:00" (the end's date too when it is another day)."""
    start = event.starts_at
    text = (
        f"{start:%Y-%m-%d}（{weekday(start, lang)}）{start:%H:%M}"
        if lang == "zh"
        else f"{start:%Y-%m-%d} ({weekday(start, lang)}) {start:%H:%M}"
    )
    end = event.ends_at
    if end:
        text += f"–{end:%H:%M}" if end.date() == start.date() else f" – {end:%Y-%m-%d %H:%M}"
    return text


def month_key(value: dt.datetime) -> str:
    return f"{value:%Y-%m}"


def month_label(key: str, lang: str = "zh") -> str:
    year, month = key.split("-")
    return f"{year}年{int(month)}月" if lang == "zh" else f"{dt.date(int(year), int(month), 1):%B %Y}"


# ---- filters and search ----------------------------------------------------------------------------


def unit_options(events: Iterable[Event]) -> list[str]:
    return sorted({e.unit_name for e in events})


def form_options(events: Iterable[Event]) -> list[str]:
    from .labels import FORMS

    present = {e.form for e in events}
    return [f for f in FORMS if f in present] + sorted(present - set(FORMS))


def month_options(events: Iterable[Event]) -> list[str]:
    return sorted({month_key(e.starts_at) for e in events})


def _haystack(event: Event) -> str:
    return " ".join((event.title, event.unit_name, event.form, event.location, event.description)).lower()


def filter_events(
    events: Sequence[Event], *, unit: str | None = None, form: str | None = None, month: str | None = None, keyword: str = ""
) -> list[Event]:
    """Events matching every given filter; the keyword's words must all appear (title, unit, form, place, text)."""
    words = [w for w in (keyword or "").lower().split() if w]
    out = []
    for event in events:
        if unit and event.unit_name != unit:
            continue
        if form and event.form != form:
            continue
        if month and month_key(event.starts_at) != month:
            continue
        hay = _haystack(event)
        if any(w not in hay for w in words):
            continue
        out.append(event)
    return out


def parse_event_id(value: str | None) -> int | None:
    """The event id of ``/?event=ID``; None for anything that is not a positive whole number."""
    text = (value or "").strip()
    if not text.isdigit() or len(text) > 12:
        return None
    number = int(text)
    return number if number > 0 else None


def privacy_notice(unit_name: str, retention_days: int, lang: str = "zh") -> list[str]:
    """The notice's points: who collects, why, how long, the right to cancel."""
    return [
        t(f"pub.privacy.{part}", lang, unit=unit_name, days=retention_days) for part in ("who", "what", "why", "keep", "cancel")
    ]


# ---- a registration in words ----------------------------------------------------------------------


def status_words(status: str, position: int | None = None, lang: str = "zh") -> str:
    """待审核 / 已确认 / 候补（第 2 位）/ 未通过 / 已取消."""
    if status == "waitlisted" and position:
        return t("pub.status.waitlisted_pos", lang, n=position)
    return t(f"pub.status.{status}", lang)


def next_step(
    status: str, *, unit: str, when: str, place: str, position: int | None = None, reason: str = "", lang: str = "zh"
) -> str:
    """What happens next for this registration, in one or two plain sentences."""
    key = {
        "pending": "pending",
        "confirmed": "confirmed",
        "waitlisted": "waitlisted",
        "rejected": "rejected",
        "cancelled": "cancelled",
    }.get(status, "pending")
    return t(f"pub.next.{key}", lang, unit=unit, when=when, place=place or "—", n=position or "—", reason=reason or "—")


# ---- calendar and QR codes --------------------------------------------------------------------------


def event_ics(event: Event, *, code: str | None = None, status: str | None = None, stamp: dt.datetime | None = None) -> str:
    """One VEVENT in an iCalendar file (Asia/Shanghai), built with the ``icalendar`` library."""
    from .ics import IcsEvent, build_calendar

    description = [event.unit_name, event.form]
    if code:
        description.append(f"报名编号：{code}")
    if status:
        description.append(f"状态：{status_words(status)}")
    if event.description:
        description.append(event.description)
    item = IcsEvent(
        uid=f"gkreg-event-{event.id}{'-' + code if code else ''}@gkreg",
        summary="政府开放日：" + event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=event.location,
        description="\n".join(description),
        alarm=True,
    )
    return build_calendar([item], stamp=stamp).decode("utf-8")


def ics_filename(event: Event, code: str | None = None) -> str:
    return f"open-day-{event.id}{'-' + code if code else ''}.ics"


@functools.lru_cache(maxsize=512)
def qr_png(text: str, scale: int = 8) -> bytes:
    """A QR code as PNG bytes, kept per text and scale (encoding one costs milliseconds; a page shows
    the same one on every rerun)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg(text: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
_AUTOLINK = re.compile(r"(?i)(https?(?=\\:)|ftp(?=\\:)|mailto(?=\\:)|xmpp(?=\\:)|www(?=\\\.)|@)")


def md_escape(text: str | None, keep_breaks: bool = False) -> str:
    """Typed text made inert for st.markdown (no links, images, emphasis, colours, maths or html).

    The one escaper every page uses; ``keep_breaks`` turns line breaks into Markdown line breaks.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", text or "")
    # GFM turns bare addresses (http://…, www.…, a@b.c) into links after escapes are read, so an
    # invisible word joiner goes between the scheme and its separator: the text reads the same.
    escaped = _AUTOLINK.sub("\\1\u2060", escaped)
    return escaped.replace("\n", "  \n") if keep_breaks else escaped
