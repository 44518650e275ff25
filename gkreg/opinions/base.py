"""What every part of the opinion ledger shares: the due-date rule, the target of an opinion, loading one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..db import Database
from ..errors import NotFound, ValidationError
from ..workdays import add_workdays

if TYPE_CHECKING:
    from .. import OpenDay


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


class OpinionsBase:
    od: OpenDay
    db: Database

    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    def due_workdays(self, event_id: int | None = None) -> int:
        """N: the event's campaign rule when it has one, else the coordinator's setting (default 15).

        The campaign is the more specific rule; the setting is the county-wide default.
        """
        if event_id is not None:
            campaign_days = self.db.scalar(
                "SELECT c.response_due_workdays FROM events e JOIN campaigns c ON c.id = e.campaign_id WHERE e.id = ?",
                (event_id,),
            )
            if campaign_days:
                return int(campaign_days)
        return int(self.od.settings.get("response_due_workdays") or 15)

    def due_date(self, submitted: dt.date | dt.datetime, event_id: int | None = None):
        """The ``DueDate`` (date, exact) of an opinion submitted then."""
        return add_workdays(submitted, self.due_workdays(event_id))

    def _target(self, event_id: int | None, unit_id: int | None) -> tuple[int, int | None]:
        if event_id is not None:
            row = self.db.row("SELECT unit_id FROM events WHERE id = ?", (event_id,))
            if row is None:
                raise NotFound("未找到该活动。", field="event_id")
            if unit_id is not None and int(unit_id) != row["unit_id"]:
                raise ValidationError("所选活动不属于所选单位。", field="event_id")
            return row["unit_id"], int(event_id)
        if unit_id is None:
            raise ValidationError("请选择意见所涉及的单位或活动。", field="unit_id")
        if self.db.scalar("SELECT count(*) FROM units WHERE id = ?", (unit_id,)) == 0:
            raise NotFound("未找到该单位。", field="unit_id")
        return int(unit_id), None

    def _load(self, tx_or_db: Any, opinion_id: int) -> dict[str, Any]:
        """The opinion's row, read inside ``tx_or_db`` when it is an open transaction (SQLite's or PostgreSQL's)."""
        row: dict[str, Any] | None
        if tx_or_db is self.db:
            row = self.db.row("SELECT * FROM opinions WHERE id = ?", (opinion_id,))
        else:
            found = tx_or_db.one("SELECT * FROM opinions WHERE id = ?", (opinion_id,))
            row = dict(found) if found is not None else None
        if row is None:
            raise NotFound("未找到该条意见。")
        return row

    def _progress_for(self, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for r in self.db.rows(
                f"SELECT opinion_id, noted_on, note, actor FROM opinion_progress WHERE opinion_id IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY noted_on, id",
                chunk,
            ):
                found.setdefault(r["opinion_id"], []).append({"on": _day(r["noted_on"]), "note": r["note"], "actor": r["actor"]})
        return found
