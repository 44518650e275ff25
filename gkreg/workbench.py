"""The staff home's to-do list: what waits for a unit (or, for the coordinator, for every unit).

Each to-do is a kind, a count and the page (path + query) where it is done. Counting happens here,
not in the page, so the same numbers can be tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import clock
from .access import load_actor
from .workdays import add_workdays

KINDS = ("signups", "opinions_overdue", "opinions_due", "reports_due", "filings_due", "surveys_closing")
OPEN_OPINION = ("received", "processing")
SOON_WORKDAYS = 3  # opinions due within this many working days are listed
SURVEY_DAYS = 7  # questionnaires closing within this many days are listed


@dataclass
class TodoItem:
    kind: str
    unit_id: int
    unit: str
    title: str  # the event / questionnaire, or "" for a unit-wide to-do
    count: int
    due: str  # ISO date or datetime the item is due ("" when none)
    path: str  # page where it is done, e.g. "attendees"
    query: dict[str, str] = field(default_factory=dict)

    @property
    def link(self) -> str:
        from urllib.parse import urlencode

        return "/" + self.path + ("?" + urlencode(self.query) if self.query else "")


@dataclass
class Todos:
    items: list[TodoItem]

    def count(self, kind: str) -> int:
        return sum(i.count for i in self.items if i.kind == kind)

    def of(self, kind: str) -> list[TodoItem]:
        return [i for i in self.items if i.kind == kind]

    def by_unit(self) -> list[dict[str, Any]]:
        """One row per unit with something to do: unit, then a count per kind, then the total."""
        rows: dict[int, dict[str, Any]] = {}
        for item in self.items:
            row = rows.setdefault(item.unit_id, {"unit_id": item.unit_id, "unit": item.unit, **dict.fromkeys(KINDS, 0)})
            row[item.kind] += item.count
        for row in rows.values():
            row["total"] = sum(row[k] for k in KINDS)
        return sorted(rows.values(), key=lambda r: (-r["total"], r["unit"]))

    @property
    def total(self) -> int:
        return sum(i.count for i in self.items)


def list_todos(od: Any, actor: str, now: dt.datetime | None = None) -> Todos:
    """The actor's to-dos: their unit's for unit staff, every unit's for the coordinator."""
    who = load_actor(od.db, actor)
    unit_id = None if who.is_coordinator else who.unit_id
    now = now or clock.now()
    items: list[TodoItem] = []
    items += _signups(od, unit_id)
    items += _opinions(od, unit_id, now)
    items += _reports(od, unit_id, now)
    items += _filings(od, unit_id, now)
    items += _surveys(od, unit_id, now)
    return Todos(items)


def _unit_clause(unit_id: int | None, column: str) -> tuple[str, list[Any]]:
    return ("", []) if unit_id is None else (f" AND {column} = ?", [unit_id])


def _signups(od: Any, unit_id: int | None) -> list[TodoItem]:
    where, params = _unit_clause(unit_id, "e.unit_id")
    rows = od.db.rows(
        f"""SELECT e.id, e.title, e.starts_at, u.id AS unit_id, u.name AS unit, count(*) AS n
            FROM registrations r JOIN events e ON e.id = r.event_id JOIN units u ON u.id = e.unit_id
            WHERE r.status = 'pending' AND e.status IN ('open', 'finalized'){where}
            GROUP BY e.id, u.id ORDER BY e.starts_at, e.id""",
        params,
    )
    return [
        TodoItem("signups", r["unit_id"], r["unit"], r["title"], r["n"], r["starts_at"], "attendees", {"event": str(r["id"])})
        for r in rows
    ]


def _opinions(od: Any, unit_id: int | None, now: dt.datetime) -> list[TodoItem]:
    tables = {r["name"] for r in od.db.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "opinions" not in tables:
        return []
    today = now.date()
    soon = add_workdays(today, SOON_WORKDAYS).date.isoformat()
    where, params = _unit_clause(unit_id, "o.unit_id")
    rows = od.db.rows(
        f"""SELECT u.id AS unit_id, u.name AS unit, o.due_on < ? AS overdue, count(*) AS n, min(o.due_on) AS due
            FROM opinions o JOIN units u ON u.id = o.unit_id
            WHERE o.status IN {OPEN_OPINION} AND o.due_on <= ?{where}
            GROUP BY u.id, 3 ORDER BY u.name""",
        [today.isoformat(), soon, *params],
    )
    return [
        TodoItem(
            "opinions_overdue" if r["overdue"] else "opinions_due", r["unit_id"], r["unit"], "", r["n"], r["due"] or "", "ledger"
        )
        for r in rows
    ]


def _reports(od: Any, unit_id: int | None, now: dt.datetime) -> list[TodoItem]:
    """Held events without a published report, due N working days after they ended."""
    where, params = _unit_clause(unit_id, "e.unit_id")
    default_n = int(od.settings.get("report_due_workdays"))
    rows = od.db.rows(
        f"""SELECT e.id, e.title, coalesce(e.ends_at, e.starts_at) AS ended, u.id AS unit_id, u.name AS unit,
                   coalesce(c.report_due_workdays, {default_n}) AS n
            FROM events e JOIN units u ON u.id = e.unit_id LEFT JOIN campaigns c ON c.id = e.campaign_id
            WHERE e.status = 'held'{where} ORDER BY ended""",
        params,
    )
    out = []
    for r in rows:
        due = add_workdays(dt.date.fromisoformat(r["ended"][:10]), int(r["n"])).date.isoformat()
        out.append(TodoItem("reports_due", r["unit_id"], r["unit"], r["title"], 1, due, "manage-events", {"event": str(r["id"])}))
    return out


def _filings(od: Any, unit_id: int | None, now: dt.datetime) -> list[TodoItem]:
    """Events of a campaign still running whose plan has not been filed (备案) with the coordinator."""
    where, params = _unit_clause(unit_id, "e.unit_id")
    rows = od.db.rows(
        f"""SELECT e.id, e.title, c.filing_deadline, u.id AS unit_id, u.name AS unit
            FROM events e JOIN campaigns c ON c.id = e.campaign_id JOIN units u ON u.id = e.unit_id
            WHERE e.filed_at IS NULL AND e.status NOT IN ('cancelled', 'held', 'reported')
              AND c.ends_on >= ?{where}
            ORDER BY c.filing_deadline, e.starts_at""",
        [now.date().isoformat(), *params],
    )
    return [
        TodoItem(
            "filings_due",
            r["unit_id"],
            r["unit"],
            r["title"],
            1,
            r["filing_deadline"] or "",
            "manage-events",
            {"event": str(r["id"])},
        )
        for r in rows
    ]


def _surveys(od: Any, unit_id: int | None, now: dt.datetime) -> list[TodoItem]:
    tables = {r["name"] for r in od.db.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "surveys" not in tables:
        return []
    where, params = _unit_clause(unit_id, "s.unit_id")
    rows = od.db.rows(
        f"""SELECT s.id, s.title, s.closes_at, u.id AS unit_id, u.name AS unit
            FROM surveys s JOIN units u ON u.id = s.unit_id
            WHERE s.status = 'published' AND s.closes_at > ? AND s.closes_at <= ?{where}
            ORDER BY s.closes_at""",
        [clock.to_iso(now), clock.to_iso(now + dt.timedelta(days=SURVEY_DAYS)), *params],
    )
    return [
        TodoItem(
            "surveys_closing", r["unit_id"], r["unit"], r["title"], 1, r["closes_at"], "survey-admin", {"survey": str(r["id"])}
        )
        for r in rows
    ]
