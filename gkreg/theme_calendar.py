"""The year's calendar of theme days (年度主题日安排): every published event by month, with its
host units, form and the way to take part; filters, the office's spreadsheet, the .ics feed.

The office may hold back a month (``calendar_months``) while its programme is being settled;
a held month is left out of the public page and every feed. Drafts and cancelled events never
appear.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import clock
from .access import require_coordinator
from .errors import ValidationError
from .events import EVENT_SELECT, Event, event_from_row

if TYPE_CHECKING:
    from . import OpenDay

PUBLIC_STATUSES = ("open", "finalized", "held", "reported")
SHEET_HEADERS = ["序号", "月份", "日期", "时间", "主题", "主办单位", "合办单位", "活动形式", "地点", "参与方式"]


@dataclass(frozen=True)
class CalendarEntry:
    event: Event
    hosts: list[str]  # lead first, then co-hosts
    stream_url: str = ""
    hotline: str = ""

    @property
    def month(self) -> str:
        return f"{self.event.starts_at:%Y-%m}"

    @property
    def lead(self) -> str:
        return self.hosts[0] if self.hosts else self.event.unit_name

    @property
    def cohosts(self) -> list[str]:
        return self.hosts[1:]

    def take_part(self) -> str:
        """How to take part, in words: a link to watch, a number to call, or sign-up."""
        if self.event.online:
            parts = []
            if self.stream_url:
                parts.append(f"在线参与：{self.stream_url}")
            if self.hotline:
                parts.append(f"拨打热线：{self.hotline}")
            return "；".join(parts)
        if self.event.status == "open":
            return "网上报名"
        return {"finalized": "名单已确定", "held": "已举办", "reported": "已举办"}.get(self.event.status, "")


def clean_month(value: str) -> str:
    try:
        day = dt.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        raise ValidationError("月份格式应为 2026-05。", field="month") from None
    return f"{day:%Y-%m}"


class ThemeCalendar:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- the office publishes or holds a month --------------------------------------
    def set_month(self, month: str, actor: str, published: bool) -> None:
        require_coordinator(self.db, actor)
        month = clean_month(month)
        with self.db.transaction(actor, "calendar.month") as tx:
            tx.execute(
                "INSERT INTO calendar_months (month, state, updated_by, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(month) DO UPDATE SET state = excluded.state, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
                (month, "published" if published else "held", actor, clock.to_iso(clock.now())),
            )
            tx.target("calendar_month", month, published=published)

    def held_months(self) -> set[str]:
        return {r["month"] for r in self.db.rows("SELECT month FROM calendar_months WHERE state = 'held'")}

    # ---- reading ----------------------------------------------------------------
    def entries(
        self, year: int | None = None, *, unit_id: int | None = None, form: str | None = None, include_held: bool = False
    ) -> list[CalendarEntry]:
        """Published events (of ``year``), oldest first; a unit filter matches lead and co-hosts."""
        where = [f"e.status IN {PUBLIC_STATUSES}"]
        params: list[Any] = []
        if year is not None:
            where.append("e.starts_at >= ? AND e.starts_at < ?")
            params += [f"{int(year):04d}-01-01", f"{int(year) + 1:04d}-01-01"]
        if unit_id is not None:
            where.append("(e.unit_id = ? OR e.id IN (SELECT event_id FROM event_cohosts WHERE unit_id = ?))")
            params += [unit_id, unit_id]
        if form:
            where.append("e.form = ?")
            params.append(form)
        rows = self.db.rows(f"{EVENT_SELECT} WHERE {' AND '.join(where)} ORDER BY e.starts_at, e.id", params)
        held = set() if include_held else self.held_months()
        events = [event_from_row(r) for r in rows]
        events = [e for e in events if f"{e.starts_at:%Y-%m}" not in held]
        ids = [e.id for e in events]
        hosts = self.od.cohosts.names(ids)
        online = {}
        if ids:
            marks = ",".join("?" * len(ids))
            online = {
                r["event_id"]: r
                for r in self.db.rows(f"SELECT event_id, stream_url, hotline FROM event_online WHERE event_id IN ({marks})", ids)
            }
        return [
            CalendarEntry(
                e,
                hosts.get(e.id, [e.unit_name]),
                online.get(e.id, {}).get("stream_url", ""),
                online.get(e.id, {}).get("hotline", ""),
            )
            for e in events
        ]

    def by_month(self, entries: list[CalendarEntry]) -> dict[str, list[CalendarEntry]]:
        out: dict[str, list[CalendarEntry]] = {}
        for entry in entries:
            out.setdefault(entry.month, []).append(entry)
        return out

    def years(self) -> list[int]:
        rows = self.db.rows(
            f"SELECT DISTINCT substr(starts_at, 1, 4) AS y FROM events WHERE status IN {PUBLIC_STATUSES} ORDER BY y"
        )
        years = [int(r["y"]) for r in rows if r["y"]]
        this = clock.now().year
        return sorted(set(years) | {this})

    def filter_units(self) -> list[dict[str, Any]]:
        return self.db.rows("SELECT id, name FROM units WHERE active = 1 ORDER BY name")

    # ---- files --------------------------------------------------------------------
    def ics(self, base_url: str = "", year: int | None = None) -> bytes:
        """Every published event as iCalendar (the subscription feed /feeds/calendar.ics)."""
        from .feeds import calendar_ics

        return calendar_ics(self.entries(year), base_url)

    def sheet_rows(self, year: int, include_held: bool = False) -> list[list[Any]]:
        rows = []
        for n, entry in enumerate(self.entries(year, include_held=include_held), 1):
            e = entry.event
            when = f"{e.starts_at:%H:%M}" + (
                f"–{e.ends_at:%H:%M}" if e.ends_at and e.ends_at.date() == e.starts_at.date() else ""
            )
            rows.append(
                [
                    n,
                    f"{e.starts_at.month}月",
                    f"{e.starts_at:%Y-%m-%d}",
                    when,
                    e.title,
                    entry.lead,
                    "、".join(entry.cohosts),
                    e.form,
                    e.location,
                    entry.take_part(),
                ]
            )
        return rows

    def xlsx(self, year: int, include_held: bool = False) -> bytes:
        """年度主题日安排表: the spreadsheet the office circulates (plain values, no formulas)."""
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        from .exports import neutralise

        book = Workbook()
        sheet = book.active
        sheet.title = f"{year}年主题日安排"
        sheet.append([f"{year}年政务公开日主题活动安排表"])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(SHEET_HEADERS)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in self.sheet_rows(year, include_held):
            sheet.append([neutralise(v) for v in row])
        for column, width in zip("ABCDEFGHIJ", (6, 8, 12, 12, 36, 20, 24, 12, 24, 40), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
