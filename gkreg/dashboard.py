"""The coordinator's live dashboard: every aggregation runs in SQL.

Filters (``Filters``): a campaign (events of that campaign; opinions and
questionnaires tied to its events, or submitted within its window when tied to no
event), a unit, and a period (events, and their sign-ups, by the event's start;
opinions and questionnaire responses by the day they came in).

Sign-up figures read running totals that triggers on ``registrations`` keep
(``coord_event_stats``: per event; ``coord_signup_days``: per event and day;
``coord_signup_campaign_days``: per campaign and day; see schema/coordinator.py),
so the cost grows with the number of events, not of registrations.

Headline figures:
- events planned: events that are not cancelled (drafts included);
  open: status ``open``; held: ``held`` or ``reported``;
- sign-ups: public sign-ups (not invitations), in any status, also for events later
  cancelled (they measure public interest); today: made today;
- fill rate: confirmed seats / capacity of the published, not-cancelled events;
- citizen share: confirmed citizens / confirmed people;
- opinions received / adopted (adopted or partially adopted);
- questionnaire responses.

Deadlines (judged by ``gkreg.outcomes``, like the assessment): every published
event owes a report ``report_due_workdays`` working days after it ended (the
event's campaign rule, else the setting), whether or not it was marked held; an
opinion's answer is due on the day the ledger gave it (``opinions.due_on``). The
adoption rate is ``outcomes.adoption_rate``, the public ledger's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from . import clock
from .access import require_coordinator
from .labels import CATEGORIES, EVENT_STATUSES
from .outcomes import (
    ADOPTED,
    DECIDED,
    JUDGED,
    OUTCOME_LABELS,
    REPORT_OWED,
    STATUSES,
    adoption_rate,
    deadline_outcome,
    due_after,
)

TOP_UNITS = 15
UPCOMING_LIMIT = 20
# Confirmed people of an event from its running totals (coord_event_stats, kept by triggers).
CONFIRMED = "(" + " + ".join(f"s.c_{c}" for c in CATEGORIES) + ")"
# Joined to opinions ``o`` whenever _opinion_where is used (the campaign of an opinion is its event's).
OPINION_EVENT = "opinions o LEFT JOIN events oe ON oe.id = o.event_id"


# Events once per host unit (the lead and each co-host, 合办): per-unit counts credit every host once.
HOSTED_EVENTS = """(SELECT ev.id, h.host AS unit_id, ev.campaign_id, ev.starts_at, ev.status
    FROM (SELECT id AS event_id, unit_id AS host FROM events
          UNION SELECT event_id, unit_id FROM event_cohosts) h JOIN events ev ON ev.id = h.event_id)"""


@dataclass(frozen=True)
class Filters:
    campaign_id: int | None = None
    unit_id: int | None = None
    start: dt.date | None = None  # inclusive
    end: dt.date | None = None  # inclusive


@dataclass
class DashboardData:
    headline: dict[str, Any]
    signups: pd.DataFrame  # day, signups, cumulative
    upcoming: pd.DataFrame  # event, unit, starts_at, capacity, confirmed, citizens, others, citizen_share, reserved
    categories: pd.DataFrame  # category, label, people
    unit_status: pd.DataFrame  # unit, status, label, events
    opinion_outcomes: pd.DataFrame  # unit, status, label, opinions
    deadlines: pd.DataFrame  # kind, outcome, label, count
    computed_at: dt.datetime = field(default_factory=clock.now)


def _day_bounds(start: dt.date | None, end: dt.date | None) -> tuple[str | None, str | None]:
    """Local-time ISO bounds [start 00:00, end+1 00:00) for comparing with stored naive datetimes."""
    low = clock.to_iso(start) if start else None
    high = clock.to_iso(end + dt.timedelta(days=1)) if end else None
    return low, high


class Dashboard:
    def __init__(self, od: Any) -> None:
        self.od = od
        self.db = od.db

    # ---- helpers -------------------------------------------------------------
    def _event_where(self, f: Filters, alias: str = "e") -> tuple[str, list[Any]]:
        clauses: list[str] = ["1 = 1"]
        params: list[Any] = []
        if f.campaign_id is not None:
            clauses.append(f"{alias}.campaign_id = ?")
            params.append(f.campaign_id)
        if f.unit_id is not None:
            clauses.append(f"{alias}.unit_id = ?")
            params.append(f.unit_id)
        low, high = _day_bounds(f.start, f.end)
        if low:
            clauses.append(f"{alias}.starts_at >= ?")
            params.append(low)
        if high:
            clauses.append(f"{alias}.starts_at < ?")
            params.append(high)
        return " AND ".join(clauses), params

    def _campaign(self, f: Filters) -> dict[str, Any] | None:
        if f.campaign_id is None:
            return None
        return self.db.row("SELECT * FROM campaigns WHERE id = ?", (f.campaign_id,))

    def _opinion_where(self, f: Filters, alias: str = "o") -> tuple[str, list[Any]]:
        """Conditions on opinions ``o``; with a campaign the query must also ``LEFT JOIN events oe`` (OPINION_EVENT)."""
        clauses: list[str] = ["1 = 1"]
        params: list[Any] = []
        campaign = self._campaign(f)
        if campaign is not None:
            clauses.append(
                f"(oe.campaign_id = ? OR ({alias}.event_id IS NULL AND {alias}.submitted_at >= ? AND {alias}.submitted_at < ?))"
            )
            params += [
                campaign["id"],
                campaign["starts_on"],
                (dt.date.fromisoformat(campaign["ends_on"]) + dt.timedelta(days=1)).isoformat(),
            ]
        if f.unit_id is not None:
            clauses.append(f"{alias}.unit_id = ?")
            params.append(f.unit_id)
        low, high = _day_bounds(f.start, f.end)
        if low:
            clauses.append(f"{alias}.submitted_at >= ?")
            params.append(low)
        if high:
            clauses.append(f"{alias}.submitted_at < ?")
            params.append(high)
        return " AND ".join(clauses), params

    def _survey_where(self, f: Filters) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1 = 1"]
        params: list[Any] = []
        campaign = self._campaign(f)
        if campaign is not None:
            clauses.append("(se.campaign_id = ? OR (s.event_id IS NULL AND sr.submitted_at >= ? AND sr.submitted_at < ?))")
            params += [
                campaign["id"],
                campaign["starts_on"],
                (dt.date.fromisoformat(campaign["ends_on"]) + dt.timedelta(days=1)).isoformat(),
            ]
        if f.unit_id is not None:
            clauses.append("(s.unit_id = ? OR se.unit_id = ?)")
            params += [f.unit_id, f.unit_id]
        low, high = _day_bounds(f.start, f.end)
        if low:
            clauses.append("sr.submitted_at >= ?")
            params.append(low)
        if high:
            clauses.append("sr.submitted_at < ?")
            params.append(high)
        return " AND ".join(clauses), params

    # ---- the whole dashboard ---------------------------------------------------
    def compute(self, actor: str, filters: Filters | None = None, now: dt.datetime | None = None) -> DashboardData:
        require_coordinator(self.db, actor)
        f = filters or Filters()
        now = now or clock.now()
        opinions = self.opinion_totals(f, now)  # one pass over the opinions serves both uses
        return DashboardData(
            headline=self._headline(f, now, opinions),
            signups=self._signups(f),
            upcoming=self._upcoming(f, now),
            categories=self._categories(f),
            unit_status=self._unit_status(f),
            opinion_outcomes=self._opinion_outcomes(f),
            deadlines=self._deadlines(f, now, opinions),
            computed_at=now,
        )

    def headline(self, actor: str, filters: Filters | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
        require_coordinator(self.db, actor)
        return self._headline(filters or Filters(), now or clock.now())

    def _headline(self, f: Filters, now: dt.datetime, opinions: dict[str, int] | None = None) -> dict[str, Any]:
        where, params = self._event_where(f)
        events = self.db.row(
            f"""SELECT coalesce(sum(status != 'cancelled'), 0) AS planned,
                       coalesce(sum(status = 'open'), 0) AS open,
                       coalesce(sum(status = 'finalized'), 0) AS finalized,
                       coalesce(sum(status IN ('held', 'reported')), 0) AS held,
                       coalesce(sum(CASE WHEN status NOT IN ('cancelled', 'draft') THEN capacity END), 0) AS capacity
                FROM events e WHERE {where}""",
            params,
        )
        live = "e.status NOT IN ('cancelled', 'draft')"
        regs = self.db.row(
            f"""SELECT coalesce(sum(s.signups), 0) AS signups,
                       coalesce(sum(CASE WHEN {live} THEN {CONFIRMED} END), 0) AS confirmed,
                       coalesce(sum(CASE WHEN {live} THEN s.c_citizen END), 0) AS citizens
                FROM events e JOIN coord_event_stats s ON s.event_id = e.id WHERE {where}""",
            params,
        )
        day_sql, day_params = self._days_source(f)
        regs["signups_today"] = self.db.scalar(
            f"SELECT coalesce(sum(n), 0) FROM ({day_sql}) AS d WHERE day = ?", [*day_params, now.date().isoformat()]
        )
        opinions = opinions or self.opinion_totals(f, now)
        swhere, sparams = self._survey_where(f)
        responses = self.db.scalar(
            f"SELECT count(*) FROM surveys s LEFT JOIN events se ON se.id = s.event_id"
            f" JOIN survey_responses sr ON sr.survey_id = s.id WHERE {swhere}",
            sparams,
        )
        return {
            "events_planned": events["planned"],
            "events_open": events["open"],
            "events_finalized": events["finalized"],
            "events_held": events["held"],
            "signups_today": regs["signups_today"],
            "signups_total": regs["signups"],
            "confirmed": regs["confirmed"],
            "confirmed_citizens": regs["citizens"],
            "capacity": events["capacity"],
            "fill_rate": regs["confirmed"] / events["capacity"] if events["capacity"] else None,
            "citizen_share": regs["citizens"] / regs["confirmed"] if regs["confirmed"] else None,
            "opinions_received": opinions["received"],
            "opinions_adopted": opinions["adopted"],
            "opinions_decided": opinions["decided"],
            "opinions_judged": opinions["judged"],
            "adoption_rate": adoption_rate(opinions["adopted"], opinions["judged"]),
            "survey_responses": int(responses or 0),
        }

    def _days_source(self, f: Filters) -> tuple[str, list[Any]]:
        """A subquery of (day, n) public sign-ups for the filters, from the smallest running totals that fit."""
        if f.unit_id is None and f.start is None and f.end is None:
            if f.campaign_id is None:
                return "SELECT day, n FROM coord_signup_campaign_days", []
            return "SELECT day, n FROM coord_signup_campaign_days WHERE campaign_id = ?", [f.campaign_id]
        where, params = self._event_where(f)
        return f"SELECT d.day, d.n FROM coord_signup_days d JOIN events e ON e.id = d.event_id WHERE {where}", params

    def _signups(self, f: Filters) -> pd.DataFrame:
        day_sql, params = self._days_source(f)
        rows = self.db.rows(
            f"SELECT day, sum(n) AS signups FROM ({day_sql}) AS d GROUP BY day HAVING sum(n) > 0 ORDER BY day", params
        )
        frame = pd.DataFrame(rows, columns=["day", "signups"])
        frame["day"] = pd.to_datetime(frame["day"])
        frame["cumulative"] = frame["signups"].cumsum()
        return frame

    def _upcoming(self, f: Filters, now: dt.datetime) -> pd.DataFrame:
        where, params = self._event_where(f)
        rows = self.db.rows(
            f"""SELECT e.id, e.title AS event, u.name AS unit, e.starts_at, e.capacity,
                       coalesce(s.c_citizen, 0) AS citizens, coalesce({CONFIRMED} - s.c_citizen, 0) AS others
                FROM events e INDEXED BY coord_events_starts JOIN units u ON u.id = e.unit_id
                LEFT JOIN coord_event_stats s ON s.event_id = e.id
                WHERE {where} AND e.status IN ('open', 'finalized') AND e.starts_at >= ?
                ORDER BY e.starts_at LIMIT {UPCOMING_LIMIT}""",
            [*params, clock.to_iso(now)],
        )
        frame = pd.DataFrame(rows, columns=["id", "event", "unit", "starts_at", "capacity", "citizens", "others"])
        frame["confirmed"] = frame["citizens"] + frame["others"]
        frame["reserved"] = (frame["capacity"] + 2) // 3
        frame["citizen_share"] = (frame["citizens"] / frame["confirmed"].where(frame["confirmed"] > 0)).astype(float)
        frame["label"] = [
            f"{s[5:10]} {t[:14]} · {u[:8]}" for s, t, u in zip(frame["starts_at"], frame["event"], frame["unit"], strict=True)
        ]
        return frame

    def _categories(self, f: Filters) -> pd.DataFrame:
        where, params = self._event_where(f)
        sums = ", ".join(f"coalesce(sum(s.c_{c}), 0) AS {c}" for c in CATEGORIES)
        row = self.db.row(
            f"""SELECT {sums} FROM events e JOIN coord_event_stats s ON s.event_id = e.id
                WHERE {where} AND e.status NOT IN ('cancelled', 'draft')""",
            params,
        )
        frame = pd.DataFrame(
            [{"category": c, "people": int(row[c])} for c in CATEGORIES if row[c]], columns=["category", "people"]
        ).sort_values("people", ascending=False, kind="stable")
        frame["label"] = frame["category"].map(CATEGORIES).fillna(frame["category"])
        return frame.reset_index(drop=True)

    def _unit_status(self, f: Filters) -> pd.DataFrame:
        where, params = self._event_where(f)
        top = [
            r["unit_id"]
            for r in self.db.rows(
                f"""SELECT e.unit_id, count(*) AS n FROM {HOSTED_EVENTS} e WHERE {where}
                GROUP BY e.unit_id ORDER BY n DESC, e.unit_id LIMIT {TOP_UNITS}""",
                params,
            )
        ]
        marks = ",".join("?" * len(top)) or "NULL"
        rows = self.db.rows(
            f"""SELECT e.unit_id, u.name AS unit, e.status, count(*) AS events
                FROM {HOSTED_EVENTS} e JOIN units u ON u.id = e.unit_id
                WHERE {where} AND e.unit_id IN ({marks}) GROUP BY e.unit_id, u.id, e.status""",
            [*params, *top],
        )
        order = {unit_id: n for n, unit_id in enumerate(top)}
        rows.sort(key=lambda r: (order[r["unit_id"]], r["status"]))
        frame = pd.DataFrame(rows, columns=["unit", "status", "events"])
        frame["label"] = frame["status"].map(EVENT_STATUSES).fillna(frame["status"])
        return frame

    def _opinion_outcomes(self, f: Filters) -> pd.DataFrame:
        where, params = self._opinion_where(f)
        top = [
            r["unit_id"]
            for r in self.db.rows(
                f"""SELECT o.unit_id, count(*) AS n FROM {OPINION_EVENT} WHERE {where}
                GROUP BY o.unit_id ORDER BY n DESC, o.unit_id LIMIT {TOP_UNITS}""",
                params,
            )
        ]
        marks = ",".join("?" * len(top)) or "NULL"
        rows = self.db.rows(
            f"""SELECT o.unit_id, u.name AS unit, o.status, count(*) AS opinions
                FROM {OPINION_EVENT} JOIN units u ON u.id = o.unit_id
                WHERE {where} AND o.unit_id IN ({marks}) GROUP BY o.unit_id, u.id, o.status""",
            [*params, *top],
        )
        order = {unit_id: n for n, unit_id in enumerate(top)}
        rows.sort(key=lambda r: (order[r["unit_id"]], r["status"]))
        frame = pd.DataFrame(rows, columns=["unit", "status", "opinions"])
        frame["label"] = frame["status"].map(STATUSES).fillna(frame["status"])
        return frame

    # ---- deadlines ---------------------------------------------------------------
    @staticmethod
    def _classify(groups: list[dict[str, Any]], done: str, today: str) -> dict[str, int]:
        """Met / missed / pending from rows grouped by (day, n, done-day) with their count ``k``."""
        counts = {"met": 0, "missed": 0, "pending": 0}
        for g in groups:
            if not g["day"]:
                continue
            counts[deadline_outcome(due_after(g["day"], int(g["n"])), g[done], today)] += g["k"]
        return counts

    def report_deadlines(self, f: Filters, now: dt.datetime) -> dict[str, int]:
        where, params = self._event_where(f)
        default_n = int(self.od.settings.get("report_due_workdays"))
        owed = ", ".join(f"'{status}'" for status in REPORT_OWED)
        groups = self.db.rows(
            f"""SELECT substr(coalesce(e.ends_at, e.starts_at), 1, 10) AS day,
                       coalesce(c.report_due_workdays, {default_n}) AS n,
                       substr(rp.published_at, 1, 10) AS published, count(*) AS k
                FROM events e LEFT JOIN campaigns c ON c.id = e.campaign_id
                LEFT JOIN event_reports rp ON rp.event_id = e.id
                WHERE {where} AND e.status IN ({owed}) AND coalesce(e.ends_at, e.starts_at) <= ?
                GROUP BY 1, 2, 3""",
            [*params, clock.to_iso(now)],
        )
        return self._classify(groups, "published", now.date().isoformat())

    def opinion_totals(self, f: Filters, now: dt.datetime) -> dict[str, int]:
        """Opinions received / adopted / decided, and answers met / missed / pending their due day.

        The due day is the one the ledger gave the opinion (``due_on``, never empty).
        """
        totals = dict.fromkeys(("received", "adopted", "judged", "decided", "met", "missed", "pending"), 0)
        where, params = self._opinion_where(f)
        today = now.date().isoformat()
        # Grouped by status (a handful of rows): cheaper than evaluating every condition on every opinion.
        for g in self.db.rows(
            f"""SELECT o.status, count(*) AS k, coalesce(sum(substr(o.responded_at, 1, 10) <= o.due_on), 0) AS ok,
                           coalesce(sum(o.due_on < ?), 0) AS overdue
                    FROM {OPINION_EVENT} WHERE {where} GROUP BY o.status""",
            [today, *params],
        ):
            totals["received"] += g["k"]
            if g["status"] in ADOPTED:
                totals["adopted"] += g["k"]
            if g["status"] in JUDGED:
                totals["judged"] += g["k"]
            if g["status"] in DECIDED:
                totals["decided"] += g["k"]
                totals["met"] += g["ok"]
                totals["missed"] += g["k"] - g["ok"]
            else:
                totals["missed"] += g["overdue"]
                totals["pending"] += g["k"] - g["overdue"]
        return totals

    def response_deadlines(self, f: Filters, now: dt.datetime) -> dict[str, int]:
        totals = self.opinion_totals(f, now)
        return {k: totals[k] for k in ("met", "missed", "pending")}

    def _deadlines(self, f: Filters, now: dt.datetime, opinions: dict[str, int] | None = None) -> pd.DataFrame:
        opinions = opinions or self.opinion_totals(f, now)
        rows = []
        for kind, label, counts in (("report", "活动报道", self.report_deadlines(f, now)), ("response", "意见答复", opinions)):
            for outcome in ("met", "missed", "pending"):
                rows.append(
                    {
                        "kind": kind,
                        "kind_label": label,
                        "outcome": outcome,
                        "label": OUTCOME_LABELS[outcome],
                        "count": int(counts[outcome] or 0),
                    }
                )
        return pd.DataFrame(rows, columns=["kind", "kind_label", "outcome", "label", "count"])
