"""Consultations (意见征集): a unit asks the public about a draft; comments land in its ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import clock
from ..access import require_unit
from ..errors import InvalidTransition, NotFound, ValidationError
from ..validation import clean_text
from .intake import Intake


class Consultations(Intake):
    def open_consultation(
        self, unit_id: int, *, title: str, draft: str, closes_at: Any, actor: str, event_id: int | None = None
    ) -> int:
        """A unit asks the public about a draft decision until ``closes_at``."""
        require_unit(self.db, actor, unit_id)
        title = clean_text(title, "title", required=True, label="征集主题")
        draft = clean_text(draft, "description", required=True, label="征求意见稿")
        closes = clock.parse(closes_at)
        if isinstance(closes_at, dt.date) and not isinstance(closes_at, dt.datetime):
            closes = dt.datetime.combine(closes_at, dt.time(23, 59, 59))
        now = clock.now()
        if closes is None or closes <= now:
            raise ValidationError("截止时间应晚于现在。", field="closes_at")
        if event_id is not None:
            self._target(event_id, unit_id)
        with self.db.transaction(actor, "consultation.open") as tx:
            cid = tx.insert(
                "consultations",
                {
                    "unit_id": unit_id,
                    "event_id": event_id,
                    "title": title,
                    "draft": draft,
                    "opens_at": clock.to_iso(now),
                    "closes_at": clock.to_iso(closes),
                    "created_by": actor,
                    "created_at": clock.to_iso(now),
                },
            )
            tx.target("consultation", cid, unit_id=unit_id)
        return cid

    def close_consultation(self, consultation_id: int, actor: str) -> None:
        with self.db.transaction(actor, "consultation.close") as tx:
            row = tx.one("SELECT unit_id, closed_at FROM consultations WHERE id = ?", (consultation_id,))
            if row is None:
                raise NotFound("未找到该意见征集。")
            require_unit(self.db, actor, row["unit_id"])
            if row["closed_at"]:
                raise InvalidTransition("该意见征集已结束。")
            tx.execute("UPDATE consultations SET closed_at = ? WHERE id = ?", (clock.to_iso(clock.now()), consultation_id))
            tx.target("consultation", consultation_id)

    def consultations(self, *, unit_id: int | None = None, open_only: bool = True) -> list[dict[str, Any]]:
        now = clock.to_iso(clock.now())
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if open_only:
            where.append("c.closed_at IS NULL AND c.closes_at > ? AND c.opens_at <= ?")
            params += [now, now]
        if unit_id is not None:
            where.append("c.unit_id = ?")
            params.append(unit_id)
        rows = self.db.rows(
            "SELECT c.*, u.name AS unit_name, e.title AS event_title,"
            " (SELECT count(*) FROM opinions o WHERE o.consultation_id = c.id) AS comments"
            " FROM consultations c JOIN units u ON u.id = c.unit_id LEFT JOIN events e ON e.id = c.event_id"
            f" WHERE {' AND '.join(where)} ORDER BY c.closes_at, c.id",
            params,
        )
        return [
            {
                "id": r["id"],
                "unit_id": r["unit_id"],
                "unit": r["unit_name"],
                "event_id": r["event_id"],
                "event": r["event_title"] or "",
                "title": r["title"],
                "draft": r["draft"],
                "opens_at": clock.parse(r["opens_at"]),
                "closes_at": clock.parse(r["closes_at"]),
                "closed": bool(r["closed_at"]) or r["closes_at"] <= now,
                "comments": r["comments"],
            }
            for r in rows
        ]

    def comment(self, consultation_id: int, content: str, *, name: str = "", phone: str = "", consent: bool = True) -> int:
        """A citizen's comment on a consultation: it lands in the unit's ledger (source ``consultation``)."""
        row = self.db.row(
            "SELECT unit_id, event_id, closes_at, closed_at, opens_at FROM consultations WHERE id = ?", (consultation_id,)
        )
        if row is None:
            raise NotFound("未找到该意见征集。")
        now = clock.to_iso(clock.now())
        if row["closed_at"] or row["closes_at"] <= now:
            raise InvalidTransition("该意见征集已截止，感谢关注。")
        return self.submit(
            content,
            unit_id=row["unit_id"],
            event_id=row["event_id"],
            name=name,
            phone=phone,
            source="consultation",
            consent=consent,
            consultation_id=consultation_id,
        )
