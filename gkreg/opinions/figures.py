"""Figures of the ledger per unit, per event or in total: counts only, so the public page may show them."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from .. import clock
from ..outcomes import ADOPTED, DECIDED, JUDGED, OPEN, STATUSES, adoption_rate
from .base import OpinionsBase, _day


class Figures(OpinionsBase):
    def summary(
        self, *, by: str = "unit", unit_id: int | None = None, event_id: int | None = None, today: dt.date | None = None
    ) -> list[dict[str, Any]]:
        """Figures per unit (``by="unit"``), per event (``"event"``) or one total row (``"all"``).

        Each row: key, name, unit, received (all opinions), open, overdue, by_status {status: n}, adopted,
        partially_adopted, not_adopted, answered, adopted_total, adoption_rate, median_days.

        adoption_rate: ``outcomes.adoption_rate`` (adopted or partially / adopted, partially or not), None without
        any; median_days = median calendar days from submission to the answer among decided opinions.
        Counts only, never content, so the public page may show them for every opinion.
        """
        today = today or clock.now().date()
        where, params = ["1 = 1"], []
        if unit_id is not None:
            where.append("o.unit_id = ?")
            params.append(unit_id)
        if event_id is not None:
            where.append("o.event_id = ?")
            params.append(event_id)
        rows = self.db.rows(
            "SELECT o.unit_id, o.event_id, o.status, o.submitted_at, o.responded_at, o.due_on, u.name AS unit_name,"
            " e.title AS event_title FROM opinions o JOIN units u ON u.id = o.unit_id"
            f" LEFT JOIN events e ON e.id = o.event_id WHERE {' AND '.join(where)}",
            params,
        )
        groups: dict[Any, dict[str, Any]] = {}
        for r in rows:
            if by == "unit":
                key, name = r["unit_id"], r["unit_name"]
            elif by == "event":
                key, name = r["event_id"], (r["event_title"] or "（未关联活动）")
            else:
                key, name = "all", "合计"
            g = groups.setdefault(
                key,
                {
                    "key": key,
                    "name": name,
                    "unit": r["unit_name"] if by != "all" else "",
                    "received": 0,
                    "open": 0,
                    "overdue": 0,
                    "days": [],
                    "by_status": {s: 0 for s in STATUSES},
                },
            )
            g["received"] += 1
            g["by_status"][r["status"]] += 1
            if r["status"] in OPEN:
                g["open"] += 1
                due = _day(r["due_on"])
                if due is not None and today > due:
                    g["overdue"] += 1
            elif r["responded_at"]:
                delta = clock.parse_required(r["responded_at"]) - clock.parse_required(r["submitted_at"])
                g["days"].append(delta.total_seconds() / 86400)
        out = []
        for g in groups.values():
            for status in DECIDED:
                g[status] = g["by_status"][status]
            judged = sum(g["by_status"][status] for status in JUDGED)
            days = g.pop("days")
            g["adopted_total"] = sum(g["by_status"][status] for status in ADOPTED)
            g["adoption_rate"] = adoption_rate(g["adopted_total"], judged)
            g["median_days"] = round(statistics.median(days), 1) if days else None
            out.append(g)
        out.sort(key=lambda g: (-g["received"], str(g["name"])))
        return out
