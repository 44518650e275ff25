"""Campaigns (活动安排) and the coordinator's unit administration.

A campaign is a named period (e.g. 2026年政府开放日) with the rules units are
judged by: the plan-filing deadline (计划备案截止), the working days within which
an event's report is due, the working days within which an opinion must be
answered, and the minimum number of open days each unit holds.

Filing (备案) is judged per event: each plan is on time when its ``events.filed_at``
(the server's clock when the clerk filed it) is on or before the deadline. A unit
is late only for the plans it filed late: one extra plan filed after the deadline
does not turn its plans filed in time into late ones.
"""

from __future__ import annotations

import builtins
import datetime as dt
from typing import Any, Literal, overload

from . import clock
from .access import require_coordinator
from .errors import NotFound, ValidationError
from .labels import UNIT_KINDS
from .validation import clean_text

FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "filing_deadline",
    "report_due_workdays",
    "response_due_workdays",
    "min_events_per_unit",
)
FILING_LABELS = {"on_time": "按时备案", "partly_late": "部分逾期备案", "late": "逾期备案", "not_filed": "未备案"}
REMINDER_HEADERS = ["序号", "单位", "单位类型", "本期活动数", "已备案活动数", "备案情况", "备案截止"]


@overload
def _date(value: Any, label: str, field: str, required: Literal[True] = True) -> str: ...
@overload
def _date(value: Any, label: str, field: str, required: bool) -> str | None: ...
def _date(value: Any, label: str, field: str, required: bool = True) -> str | None:
    if value is None or value == "":
        if required:
            raise ValidationError(f"请填写{label}。", field=field)
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise ValidationError(f"{label}格式不正确（应为 2026-09-15）。", field=field) from None


def _int(value: Any, label: str, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}应为整数。", field=field) from None
    if not low <= number <= high:
        raise ValidationError(f"{label}应在{low}到{high}之间。", field=field)
    return number


def clean_campaign(values: dict[str, Any]) -> dict[str, Any]:
    name = clean_text(values.get("name"), "title", required=True, label="活动安排名称")
    starts = _date(values.get("starts_on"), "开始日期", "starts_on")
    ends = _date(values.get("ends_on"), "结束日期", "ends_on")
    if ends < starts:
        raise ValidationError("结束日期不能早于开始日期。", field="ends_on")
    deadline = _date(values.get("filing_deadline"), "计划备案截止日期", "filing_deadline", required=False)
    if deadline and deadline > ends:
        raise ValidationError("计划备案截止日期不能晚于活动安排的结束日期。", field="filing_deadline")
    return {
        "name": name,
        "starts_on": starts,
        "ends_on": ends,
        "filing_deadline": deadline,
        "report_due_workdays": _int(values.get("report_due_workdays", 5), "活动报道期限", "report_due_workdays", 1, 60),
        "response_due_workdays": _int(values.get("response_due_workdays", 15), "意见答复期限", "response_due_workdays", 1, 120),
        "min_events_per_unit": _int(values.get("min_events_per_unit", 1), "每个单位最少开放次数", "min_events_per_unit", 0, 50),
    }


class Campaigns:
    def __init__(self, od: Any) -> None:
        self.od = od
        self.db = od.db

    # ---- campaigns -----------------------------------------------------------
    def create(
        self,
        actor: str,
        *,
        name: str,
        starts_on: Any,
        ends_on: Any,
        filing_deadline: Any = None,
        report_due_workdays: int = 5,
        response_due_workdays: int = 15,
        min_events_per_unit: int = 1,
    ) -> int:
        values = clean_campaign(
            dict(
                name=name,
                starts_on=starts_on,
                ends_on=ends_on,
                filing_deadline=filing_deadline,
                report_due_workdays=report_due_workdays,
                response_due_workdays=response_due_workdays,
                min_events_per_unit=min_events_per_unit,
            )
        )
        require_coordinator(self.db, actor)
        with self.db.transaction(actor, "campaign.create") as tx:
            campaign_id = tx.insert("campaigns", {**values, "created_at": clock.to_iso(clock.now())})
            tx.target("campaign", campaign_id, name=values["name"])
        return campaign_id

    def edit(self, campaign_id: int, actor: str, **changes: Any) -> dict[str, Any]:
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise ValidationError("未知的活动安排字段：" + "、".join(sorted(unknown)))
        require_coordinator(self.db, actor)
        current = self.get(campaign_id)
        values = clean_campaign({**{k: current[k] for k in FIELDS}, **changes})
        with self.db.transaction(actor, "campaign.edit") as tx:
            tx.execute(
                f"UPDATE campaigns SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?", (*values.values(), campaign_id)
            )
            tx.target("campaign", campaign_id, **{k: v for k, v in values.items() if current[k] != v})
        return self.get(campaign_id)

    def get(self, campaign_id: int) -> dict[str, Any]:
        row = self.db.row("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
        if row is None:
            raise NotFound("未找到该活动安排。")
        return row

    def list(self) -> list[dict[str, Any]]:
        return self.db.rows(
            "SELECT c.*, (SELECT count(*) FROM events e WHERE e.campaign_id = c.id AND e.status != 'cancelled')"
            " AS events FROM campaigns c ORDER BY c.starts_on DESC, c.id DESC"
        )

    def current(self, today: dt.date | None = None) -> dict[str, Any] | None:
        """The campaign running today, else the latest one (None when there is none)."""
        day = (today or clock.now().date()).isoformat()
        return self.db.row(
            "SELECT * FROM campaigns WHERE starts_on <= ? AND ends_on >= ? ORDER BY id DESC LIMIT 1", (day, day)
        ) or self.db.row("SELECT * FROM campaigns ORDER BY starts_on DESC, id DESC LIMIT 1")

    # ---- plan filing (备案) ---------------------------------------------------
    def filing_status(self, campaign_id: int, actor: str) -> builtins.list[dict[str, Any]]:
        """Every active unit with its events in the campaign and how its plans were filed, judged per plan:
        ``filed_on_time``, ``filed_late`` and ``filing`` (on_time, partly_late, late or not_filed)."""
        require_coordinator(self.db, actor)
        campaign = self.get(campaign_id)
        deadline = campaign["filing_deadline"]
        rows = self.db.rows(
            """SELECT u.id AS unit_id, u.name AS unit, u.kind,
                      count(e.id) AS events,
                      count(e.filed_at) AS filed,
                      coalesce(sum(CASE WHEN e.filed_at IS NOT NULL AND (CAST(? AS TEXT) IS NULL
                                   OR substr(e.filed_at, 1, 10) <= CAST(? AS TEXT)) THEN 1 ELSE 0 END), 0)
                        AS filed_on_time,
                      min(e.filed_at) AS first_filed_at,
                      max(e.filed_at) AS last_filed_at
               FROM units u LEFT JOIN events e
                 ON (e.unit_id = u.id OR e.id IN (SELECT event_id FROM event_cohosts WHERE unit_id = u.id))
                    AND e.campaign_id = ? AND e.status != 'cancelled'
               WHERE u.active = 1
                 AND (NOT EXISTS (SELECT 1 FROM campaign_units WHERE campaign_id = ?)
                      OR u.id IN (SELECT unit_id FROM campaign_units WHERE campaign_id = ?))
               GROUP BY u.id ORDER BY u.kind, u.name""",
            (deadline, deadline, campaign_id, campaign_id, campaign_id),
        )
        for row in rows:
            row["filed_late"] = row["filed"] - row["filed_on_time"]
            if not row["filed"]:
                row["filing"] = "not_filed"
            elif not row["filed_late"]:
                row["filing"] = "on_time"
            elif row["filed_on_time"]:
                row["filing"] = "partly_late"  # late only for the plans filed late
            else:
                row["filing"] = "late"
            row["filing_label"] = FILING_LABELS[row["filing"]]
            row["kind_label"] = UNIT_KINDS.get(row["kind"], row["kind"])
        return rows

    def not_filed(self, campaign_id: int, actor: str) -> builtins.list[dict[str, Any]]:
        return [r for r in self.filing_status(campaign_id, actor) if r["filing"] == "not_filed"]

    def reminder_rows(self, campaign_id: int, actor: str, include_late: bool = False) -> builtins.list[builtins.list[Any]]:
        """Rows (REMINDER_HEADERS) of the units still to file (and, if asked, those that filed late)."""
        deadline = self.get(campaign_id)["filing_deadline"] or ""
        wanted = ("not_filed", "late", "partly_late") if include_late else ("not_filed",)
        rows = [r for r in self.filing_status(campaign_id, actor) if r["filing"] in wanted]
        return [
            [n, r["unit"], r["kind_label"], r["events"], r["filed"], r["filing_label"], deadline] for n, r in enumerate(rows, 1)
        ]

    def reminder_export(self, campaign_id: int, actor: str, fmt: str = "xlsx", include_late: bool = False) -> bytes:
        from .exports import to_csv, to_xlsx

        rows = self.reminder_rows(campaign_id, actor, include_late)
        with self.db.transaction(actor, "campaign.export_reminders") as tx:
            tx.target("campaign", campaign_id, rows=len(rows), format=fmt)
        if fmt == "csv":
            return to_csv(REMINDER_HEADERS, rows)
        return to_xlsx(REMINDER_HEADERS, rows, title="未备案单位")

    # ---- units (the core Units class has no deactivation yet) -------------------
    def set_unit_active(self, unit_id: int, active: bool, actor: str) -> None:
        """Deactivate (or reactivate) a unit: it drops out of filing lists, assessment and new accounts."""
        require_coordinator(self.db, actor)
        with self.db.transaction(actor, "unit.activate" if active else "unit.deactivate") as tx:
            cur = tx.execute("UPDATE units SET active = ? WHERE id = ?", (1 if active else 0, unit_id))
            if cur.rowcount == 0:
                raise NotFound("未找到该单位。")
            tx.target("unit", unit_id)

    # ---- retention (PIPL): the coordinator's button beside the `purge` command ----------------
    def retention_due(self, actor: str, days: int | None = None) -> int:
        """How many registrations would lose their ID number and phone (events over more than ``days`` ago)."""
        from .retention import count_due

        require_coordinator(self.db, actor)
        return count_due(self.db, int(self.od.settings.get("retention_days") if days is None else days))

    def purge_personal_data(self, actor: str, days: int | None = None) -> int:
        """Erase ID numbers and phones of registrations of events over more than ``days`` (the setting) ago."""
        from .retention import purge

        require_coordinator(self.db, actor)
        return purge(self.db, int(self.od.settings.get("retention_days") if days is None else days), actor=actor)
