"""行政决策大家看 beyond the ledger (seeds 000/001): the yearly preview list of decisions to be
consulted on (with the month planned), and the public record of closed consultations — how many
comments from how many people, how many were adopted, and the decision's outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import clock
from .access import require_unit
from .errors import InvalidTransition, NotFound, ValidationError
from .validation import clean_text

if TYPE_CHECKING:
    from . import OpenDay


class ConsultationRecords:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- the preview list (决策预公开目录) ----------------------------------------------
    def plan(self, unit_id: int, actor: str, *, year: int, month: int, title: str, description: str = "") -> int:
        require_unit(self.db, actor, unit_id)
        try:
            year, month = int(year), int(month)
        except (TypeError, ValueError):
            raise ValidationError("年份和月份应为数字。", field="month") from None
        if not 1 <= month <= 12:
            raise ValidationError("月份应在1到12之间。", field="month")
        if not clock.now().year - 1 <= year <= clock.now().year + 2:
            raise ValidationError("年份不正确。", field="year")
        title = clean_text(title, "title", required=True, label="拟征集意见的决策事项")
        description = clean_text(description, "description", label="事项说明")
        with self.db.transaction(actor, "consultation.plan") as tx:
            pid = tx.insert(
                "consultation_plans",
                {
                    "unit_id": unit_id,
                    "year": year,
                    "month": month,
                    "title": title,
                    "description": description,
                    "created_by": actor,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            tx.target("consultation_plan", pid, unit_id=unit_id, year=year, month=month)
        return pid

    def remove_plan(self, plan_id: int, actor: str) -> None:
        row = self.db.row("SELECT unit_id FROM consultation_plans WHERE id = ?", (plan_id,))
        if row is None:
            raise NotFound("未找到该预公开事项。")
        require_unit(self.db, actor, row["unit_id"])
        with self.db.transaction(actor, "consultation.plan") as tx:
            tx.execute("DELETE FROM consultation_plans WHERE id = ?", (plan_id,))
            tx.target("consultation_plan", plan_id, removed=True)

    def preview(self, year: int, unit_id: int | None = None) -> list[dict[str, Any]]:
        """The public yearly list, by month."""
        where, params = "p.year = ?", [int(year)]
        if unit_id is not None:
            where += " AND p.unit_id = ?"
            params.append(unit_id)
        return self.db.rows(
            f"""SELECT p.id, p.unit_id, u.name AS unit, p.year, p.month, p.title, p.description
                FROM consultation_plans p JOIN units u ON u.id = p.unit_id WHERE {where}
                ORDER BY p.month, u.name, p.id""",
            params,
        )

    # ---- after a consultation closes --------------------------------------------------
    def set_outcome(self, consultation_id: int, actor: str, outcome: str) -> None:
        """How the comments were taken up in the decision (公开采纳情况); once the consultation is over."""
        row = self.db.row("SELECT unit_id, closes_at, closed_at FROM consultations WHERE id = ?", (consultation_id,))
        if row is None:
            raise NotFound("未找到该意见征集。")
        require_unit(self.db, actor, row["unit_id"])
        if row["closed_at"] is None and row["closes_at"] > clock.to_iso(clock.now()):
            raise InvalidTransition("意见征集结束后才能公布采纳结果。")
        outcome = clean_text(outcome, "response", required=True, label="采纳结果")
        with self.db.transaction(actor, "consultation.outcome") as tx:
            tx.execute("UPDATE consultations SET outcome = ? WHERE id = ?", (outcome, consultation_id))
            tx.target("consultation", consultation_id, chars=len(outcome))

    def closed(self, unit_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Closed consultations with participation figures and outcome: public, no personal data."""
        now = clock.to_iso(clock.now())
        where = "(c.closed_at IS NOT NULL OR c.closes_at <= ?)"
        params: list[Any] = [now]
        if unit_id is not None:
            where += " AND c.unit_id = ?"
            params.append(unit_id)
        rows = self.db.rows(
            f"""SELECT c.id, c.unit_id, u.name AS unit, c.title, c.draft, c.opens_at, c.closes_at, c.closed_at,
                       c.outcome,
                       (SELECT count(*) FROM opinions o WHERE o.consultation_id = c.id) AS comments,
                       (SELECT count(DISTINCT coalesce(nullif(o.phone, ''), nullif(o.name, ''), 'anon:' || o.id))
                          FROM opinions o WHERE o.consultation_id = c.id) AS people,
                       (SELECT count(*) FROM opinions o WHERE o.consultation_id = c.id
                          AND o.status IN ('adopted', 'partially_adopted')) AS adopted
                FROM consultations c JOIN units u ON u.id = c.unit_id WHERE {where}
                ORDER BY coalesce(c.closed_at, c.closes_at) DESC, c.id DESC LIMIT ?""",
            [*params, int(limit)],
        )
        for r in rows:
            r["opens_at"] = clock.parse(r["opens_at"])
            r["ended_at"] = clock.parse(r["closed_at"] or r["closes_at"])
            del r["closed_at"], r["closes_at"]
        return rows
