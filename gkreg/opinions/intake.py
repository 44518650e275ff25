"""Taking opinions in: a citizen's opinion, forum notes in bulk, and the citizen's own look-up by code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import clock
from ..access import require_opinion_handler
from ..codes import insert_with_code, normalize_code, phone_matches
from ..errors import NotFound, ValidationError
from ..outcomes import SOURCES, status_label
from ..validation import clean_name, clean_phone, clean_text
from .base import OpinionsBase, _day

LOOKUP_FAILED = "意见编号或手机号不正确，请核对后重试。"


class Intake(OpinionsBase):
    def _clean(self, content: str, name: str, phone: str, source: str, consent: bool) -> dict[str, Any]:
        if source not in SOURCES:
            raise ValidationError("意见来源不正确。", field="source")
        content = clean_text(content, "content", required=True, label="意见内容")
        name = clean_name(name) if (name or "").strip() else ""
        phone = clean_phone(phone) if (phone or "").strip() else ""
        if phone and not consent:
            raise ValidationError("留下手机号需先阅读并同意《个人信息处理告知》；不愿留手机号可清空后提交。", field="consent")
        return {"content": content, "name": name, "phone": phone, "source": source}

    def _row(
        self,
        fields: dict[str, Any],
        unit_id: int,
        event_id: int | None,
        now: dt.datetime,
        recorded_by: str | None,
        consultation_id: int | None = None,
    ) -> dict[str, Any]:
        due = self.due_date(now, event_id)
        return {
            **fields,
            "unit_id": unit_id,
            "event_id": event_id,
            "consultation_id": consultation_id,
            "status": "received",
            "response": "",
            "submitted_at": clock.to_iso(now),
            "due_on": due.date.isoformat(),
            "due_exact": int(due.exact),
            "published": 0,
            "consent_at": clock.to_iso(now) if fields["phone"] else None,
            "recorded_by": recorded_by,
            "updated_at": clock.to_iso(now),
        }

    def submit(
        self,
        content: str,
        *,
        event_id: int | None = None,
        unit_id: int | None = None,
        name: str = "",
        phone: str = "",
        source: str = "online",
        consent: bool = True,
        actor: str | None = None,
        consultation_id: int | None = None,
    ) -> int:
        """A new opinion (status ``received``); returns its id. ``code(id)`` gives the citizen's code."""
        fields = self._clean(content, name, phone, source, consent)
        unit, event = self._target(event_id, unit_id)
        if actor is not None:
            require_opinion_handler(self.db, actor, {"unit_id": unit, "event_id": event})
        now = clock.now()
        with self.db.transaction(actor or "", "opinion.submit") as tx:
            opinion_id = insert_with_code(tx, "opinions", self._row(fields, unit, event, now, actor, consultation_id))
            tx.target("opinion", opinion_id, unit_id=unit, event_id=event, source=source)
        return opinion_id

    def record_many(
        self, items: list[Any], *, actor: str, event_id: int | None = None, unit_id: int | None = None, source: str = "forum"
    ) -> list[int]:
        """Several opinions at once (forum notes, questionnaire free text): all or none are saved.

        An item is the text, or a dict ``{"content": ..., "name": ...}``.
        """
        unit, event = self._target(event_id, unit_id)
        require_opinion_handler(self.db, actor, {"unit_id": unit, "event_id": event})
        cleaned = []
        for n, item in enumerate(items, 1):
            data = {"content": item} if isinstance(item, str) else dict(item)
            if not (data.get("content") or "").strip():
                continue
            try:
                cleaned.append(
                    self._clean(
                        data["content"], data.get("name", ""), data.get("phone", ""), source, bool(data.get("consent", True))
                    )
                )
            except ValidationError as exc:
                raise ValidationError(f"第{n}条：{exc}", field=exc.field) from None
        if not cleaned:
            raise ValidationError("请至少填写一条意见。", field="content")
        now = clock.now()
        ids = []
        with self.db.transaction(actor, "opinion.record_many") as tx:
            for fields in cleaned:
                ids.append(insert_with_code(tx, "opinions", self._row(fields, unit, event, now, actor)))
            tx.target("event" if event else "unit", event or unit, opinions=len(ids), source=source)
        return ids

    @staticmethod
    def parse_lines(text: str) -> list[dict[str, str]]:
        """Forum notes typed one opinion per line, optionally ``姓名｜内容`` (a bar separates the name)."""
        items = []
        for line in (text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            for bar in ("｜", "|"):
                if bar in line:
                    name, _, content = line.partition(bar)
                    items.append({"name": name.strip(), "content": content.strip()})
                    break
            else:
                items.append({"name": "", "content": line})
        return items

    def code(self, opinion_id: int) -> str:
        code = self.db.scalar("SELECT code FROM opinions WHERE id = ?", (opinion_id,))
        if code is None:
            raise NotFound("未找到该条意见。")
        return code

    def progress(self, opinion_id: int) -> list[dict[str, Any]]:
        return [
            {"on": _day(r["noted_on"]), "note": r["note"], "actor": r["actor"]}
            for r in self.db.rows(
                "SELECT noted_on, note, actor FROM opinion_progress WHERE opinion_id = ? ORDER BY noted_on, id", (opinion_id,)
            )
        ]

    def lookup(self, code: str, phone: str) -> dict[str, Any]:
        """The citizen's own opinion by code + phone; ``NotFound`` with one message for either mistake."""
        code = normalize_code(code)
        try:
            phone = clean_phone(phone)
        except ValidationError:
            raise NotFound(LOOKUP_FAILED) from None
        row = self.db.row(
            "SELECT o.*, u.name AS unit_name, e.title AS event_title FROM opinions o JOIN units u ON u.id = o.unit_id"
            " LEFT JOIN events e ON e.id = o.event_id WHERE o.code = ?",
            (code,),
        )
        if row is None or not phone_matches(row["phone"], phone):
            raise NotFound(LOOKUP_FAILED)
        return {
            "id": row["id"],
            "code": row["code"],
            "unit": row["unit_name"],
            "event": row["event_title"] or "",
            "content": row["content"],
            "status": row["status"],
            "status_label": status_label(row["status"]),
            "response": row["response"],
            "submitted_at": clock.parse(row["submitted_at"]),
            "responded_at": clock.parse(row["responded_at"]),
            "due_on": _day(row["due_on"]),
            "published": bool(row["published"]),
            "progress": self.progress(row["id"]),
        }

    def targets(self) -> list[dict[str, Any]]:
        """Units and their events a citizen can address an opinion to (no drafts or cancelled events)."""
        return self.db.rows(
            "SELECT u.id AS unit_id, u.name AS unit, e.id AS event_id, e.title AS event, e.starts_at"
            " FROM units u LEFT JOIN events e ON e.unit_id = u.id AND e.status NOT IN ('draft', 'cancelled')"
            " WHERE u.active = 1 ORDER BY u.id, e.starts_at DESC"
        )
