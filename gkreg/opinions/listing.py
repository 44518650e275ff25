"""The clerk's ledger (意见台账): filtered rows with due dates and overdue flags, one opinion, the Excel export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import clock
from ..access import load_actor, require_opinion_handler
from ..errors import PermissionDenied
from ..exports import to_xlsx
from ..labels import LEDGER_HEADERS
from ..outcomes import OPEN, SOURCES, status_label
from ..privacy import mask_phone
from .base import OpinionsBase, _day


class Listing(OpinionsBase):
    def _scope(self, actor: str, unit_id: int | None) -> int | None:
        who = load_actor(self.db, actor)
        if who.is_coordinator:
            return unit_id
        if unit_id is not None and int(unit_id) != who.unit_id:
            raise PermissionDenied("您只能查看本单位的意见台账。")
        return who.unit_id

    def ledger(
        self,
        actor: str,
        *,
        unit_id: int | None = None,
        event_id: int | None = None,
        status: str | list[str] | None = None,
        source: str | None = None,
        overdue: bool | None = None,
        published: bool | None = None,
        search: str = "",
        today: dt.date | None = None,
    ) -> list[dict[str, Any]]:
        """The unit's ledger (coordinator: every unit, or ``unit_id``) with due dates and overdue flags.

        An opinion is overdue while it is not yet decided after its due date.
        """
        scope = self._scope(actor, unit_id)
        today = today or clock.now().date()
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if scope is not None:  # a unit's ledger includes the opinions of the events it co-hosts
            where.append("(o.unit_id = ? OR o.event_id IN (SELECT event_id FROM event_cohosts WHERE unit_id = ?))")
            params.extend([scope, scope])
        if event_id is not None:
            where.append("o.event_id = ?")
            params.append(event_id)
        if status:
            wanted = [status] if isinstance(status, str) else list(status)
            where.append(f"o.status IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        if source:
            where.append("o.source = ?")
            params.append(source)
        if published is not None:
            where.append("o.published = ?")
            params.append(int(published))
        if search.strip():
            where.append("(o.content LIKE ? OR o.code LIKE ? OR o.response LIKE ?)")
            params.extend([f"%{search.strip()}%"] * 3)
        if overdue is not None:
            where.append(("" if overdue else "NOT ") + "(o.status IN ('received','processing') AND o.due_on < ?)")
            params.append(today.isoformat())
        return self._ledger_rows(" AND ".join(where), params, today)

    def _ledger_rows(self, where: str, params: list[Any], today: dt.date) -> list[dict[str, Any]]:
        rows = self.db.rows(
            "SELECT o.*, u.name AS unit_name, e.title AS event_title, c.title AS consultation_title"
            " FROM opinions o JOIN units u ON u.id = o.unit_id LEFT JOIN events e ON e.id = o.event_id"
            f" LEFT JOIN consultations c ON c.id = o.consultation_id WHERE {where}"
            " ORDER BY o.submitted_at DESC, o.id DESC",
            params,
        )
        notes = self._progress_for([r["id"] for r in rows])
        out = []
        for r in rows:
            due = _day(r["due_on"])
            open_ = r["status"] in OPEN
            out.append(
                {
                    "id": r["id"],
                    "code": r["code"],
                    "unit_id": r["unit_id"],
                    "unit": r["unit_name"],
                    "event_id": r["event_id"],
                    "event": r["event_title"] or "",
                    "consultation_id": r["consultation_id"],
                    "consultation": r["consultation_title"] or "",
                    "source": r["source"],
                    "source_label": SOURCES.get(r["source"], r["source"]),
                    "content": r["content"],
                    "public_content": r["public_content"] or "",
                    "name": r["name"],
                    "phone": r["phone"],
                    "phone_masked": mask_phone(r["phone"]),
                    "status": r["status"],
                    "status_label": status_label(r["status"]),
                    "response": r["response"],
                    "submitted_at": clock.parse(r["submitted_at"]),
                    "responded_at": clock.parse(r["responded_at"]),
                    "due_on": due,
                    "due_exact": bool(r["due_exact"]),
                    "overdue": bool(open_ and due is not None and today > due),
                    "days_left": (due - today).days if (open_ and due) else None,
                    "answered_late": due is not None and (answered := _day(r["responded_at"])) is not None and answered > due,
                    "published": bool(r["published"]),
                    "progress": notes.get(r["id"], []),
                }
            )
        return out

    def get(self, opinion_id: int, actor: str) -> dict[str, Any]:
        """One opinion with everything the clerk sees (unit staff: own unit only)."""
        row = self._load(self.db, opinion_id)
        require_opinion_handler(self.db, actor, row)
        return self._ledger_rows(f"o.id = {int(opinion_id)}", [], clock.now().date())[0]

    def export_xlsx(self, actor: str, lang: str = "zh", **filters: Any) -> bytes:
        """The ledger (same filters as ``ledger``) as an Excel file: phones masked, formulas neutralised;
        headers and codes in ``lang`` (the texts people wrote stay as written)."""
        from ..i18n import t

        en = lang == "en"
        rows = []
        for n, r in enumerate(self.ledger(actor, **filters), 1):
            rows.append(
                [
                    n,
                    r["code"],
                    r["unit"],
                    r["event"],
                    t(f"op.source.{r['source']}", lang) if en else r["source_label"],
                    r["content"],
                    r["public_content"],
                    r["name"] or t("op.anonymous", lang),
                    r["phone_masked"],
                    t(f"op.status.{r['status']}", lang) if en else r["status_label"],
                    r["response"],
                    r["submitted_at"].strftime("%Y-%m-%d %H:%M"),
                    r["due_on"].isoformat() if r["due_on"] else "",
                    r["responded_at"].strftime("%Y-%m-%d %H:%M") if r["responded_at"] else "",
                    t("ex.lg.overdue", lang) if r["overdue"] else (t("ex.lg.late", lang) if r["answered_late"] else ""),
                    t("ex.lg.published", lang) if r["published"] else "",
                    "；".join(f"{p['on']:%Y-%m-%d} {p['note']}" for p in r["progress"]),
                ]
            )
        headers = [t(f"ex.lg.{n}", lang) for n in range(len(LEDGER_HEADERS))] if en else LEDGER_HEADERS
        return to_xlsx(headers, rows, title=t("ex.lg.sheet", lang))
