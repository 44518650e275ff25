"""Publishing opinions on the public adoption ledger (意见采纳公示): names masked, never a phone."""

from __future__ import annotations

from typing import Any

from .. import clock
from ..access import require_opinion_handler
from ..errors import ValidationError
from ..outcomes import SOURCES, status_label
from ..privacy import mask_name
from ..validation import clean_text
from .base import OpinionsBase


class Publication(OpinionsBase):
    def publish(self, opinion_id: int, actor: str, public: bool = True, public_content: str | None = None) -> None:
        """Show (or hide) the opinion on the public ledger; ``public_content`` edits the shown text."""
        self.publish_many([opinion_id], actor, public=public, public_content=public_content)

    def publish_many(self, opinion_ids: list[int], actor: str, public: bool = True, public_content: str | None = None) -> int:
        ids = sorted({int(i) for i in opinion_ids})
        if not ids:
            raise ValidationError("请先勾选要公示的意见。", field="ids")
        text = None if public_content is None else clean_text(public_content, "content", label="公开文本")
        now = clock.to_iso(clock.now())
        action = "opinion.publish" if len(ids) == 1 else "opinion.publish_many"
        with self.db.transaction(actor, action) as tx:
            for opinion_id in ids:
                row = self._load(tx, opinion_id)
                require_opinion_handler(self.db, actor, row)
                if text is not None:
                    tx.execute("UPDATE opinions SET public_content = ? WHERE id = ?", (text or None, opinion_id))
                tx.execute(
                    "UPDATE opinions SET published = ?, published_at = ?, updated_at = ? WHERE id = ?",
                    (int(public), now if public else None, now, opinion_id),
                )
            tx.target(
                "opinion" if len(ids) == 1 else "opinions",
                ids[0] if len(ids) == 1 else ",".join(map(str, ids)),
                public=bool(public),
                edited=text is not None,
            )
        return len(ids)

    def set_public_content(self, opinion_id: int, text: str, actor: str) -> None:
        """Edit the text shown publicly (e.g. remove personal details); the original stays. Empty: original."""
        text = clean_text(text, "content", label="公开文本")
        with self.db.transaction(actor, "opinion.public_content") as tx:
            row = self._load(tx, opinion_id)
            require_opinion_handler(self.db, actor, row)
            tx.execute(
                "UPDATE opinions SET public_content = ?, updated_at = ? WHERE id = ?",
                (text or None, clock.to_iso(clock.now()), opinion_id),
            )
            tx.target("opinion", opinion_id, edited=bool(text))

    def public_ledger(self, unit_id: int | None = None, event_id: int | None = None) -> list[dict[str, Any]]:
        """Published opinions, newest first: names masked (张**, 匿名), never a phone."""
        where, params = ["o.published = 1"], []
        if unit_id is not None:
            where.append("o.unit_id = ?")
            params.append(unit_id)
        if event_id is not None:
            where.append("o.event_id = ?")
            params.append(event_id)
        rows = self.db.rows(
            "SELECT o.id, o.unit_id, o.event_id, o.source, o.content, o.public_content, o.name, o.status, o.response,"
            " o.submitted_at, o.responded_at, u.name AS unit_name, e.title AS event_title, e.starts_at AS event_at"
            " FROM opinions o JOIN units u ON u.id = o.unit_id LEFT JOIN events e ON e.id = o.event_id"
            f" WHERE {' AND '.join(where)} ORDER BY o.submitted_at DESC, o.id DESC",
            params,
        )
        notes = self._progress_for([r["id"] for r in rows])
        return [
            {
                "id": r["id"],
                "unit": r["unit_name"],
                "event": r["event_title"] or "",
                "unit_id": r["unit_id"],
                "event_id": r["event_id"],
                "event_at": clock.parse(r["event_at"]),
                "content": r["public_content"] or r["content"],
                "status": r["status"],
                "status_label": status_label(r["status"]),
                "response": r["response"],
                "source": r["source"],
                "source_label": SOURCES.get(r["source"], r["source"]),
                "submitted_at": clock.parse(r["submitted_at"]),
                "responded_at": clock.parse(r["responded_at"]),
                "submitter": mask_name(r["name"]),
                "progress": [{"on": n["on"], "note": n["note"]} for n in notes.get(r["id"], [])],
            }
            for r in rows
        ]
