"""The questionnaire service: build, publish, answer, and forward free text to the opinion ledger."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .. import clock
from ..errors import InvalidTransition, NotFound, RegistrationClosed, ValidationError
from ..validation import clean_name, clean_phone, clean_text
from .exporters import SurveyExports
from .validation import (
    CONTACT_MODES,
    Question,
    Survey,
    _clean_window,
    clean_answers,
    clean_questions,
)


class Surveys(SurveyExports):
    """``od.surveys``."""

    def _clean_fields(
        self,
        unit_id: int | None,
        *,
        title: str,
        questions: Sequence[Any],
        event_id: int | None,
        description: str,
        contact: str,
        opens_at: Any,
        closes_at: Any,
    ) -> tuple[int | None, dict]:
        title = clean_text(title, "title", required=True, label="问卷标题")
        description = clean_text(description, "description", label="问卷说明")
        cleaned = clean_questions(questions)
        if contact not in CONTACT_MODES:
            raise ValidationError("联系方式设置应为匿名、可留或须留。", field="contact")
        opens, closes = _clean_window(opens_at, closes_at)
        if unit_id is not None and not self.db.scalar("SELECT 1 FROM units WHERE id = ?", (unit_id,)):
            raise NotFound("未找到该单位。")
        if event_id is not None:
            event = self.db.row("SELECT unit_id FROM events WHERE id = ?", (event_id,))
            if event is None:
                raise NotFound("未找到该活动。")
            if unit_id is not None and event["unit_id"] != unit_id:
                raise ValidationError("所选活动不属于该单位。", field="event_id")
        fields = {
            "title": title,
            "description": description,
            "contact": contact,
            "opens_at": opens,
            "closes_at": closes,
            "event_id": event_id,
        }
        return unit_id, {"fields": fields, "questions": cleaned}

    def create(
        self,
        unit_id: int | None,
        *,
        title: str,
        questions: Sequence[dict[str, Any]],
        actor: str,
        event_id: int | None = None,
        description: str = "",
        contact: str = "anonymous",
        opens_at: Any = None,
        closes_at: Any = None,
        allow_repeat: bool = False,
        draft: bool = False,
        template: str = "",
    ) -> int:
        """A new questionnaire, published at once (``draft=True`` keeps it for preview and editing).

        ``unit_id=None`` makes a county-wide questionnaire (coordinator only).
        """
        self._require_owner(actor, unit_id)
        unit_id, cleaned = self._clean_fields(
            unit_id,
            title=title,
            questions=questions,
            event_id=event_id,
            description=description,
            contact=contact,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        now = clock.to_iso(clock.now())
        with self.db.transaction(actor, "survey.create") as tx:
            survey_id = tx.insert(
                "surveys",
                {
                    **cleaned["fields"],
                    "unit_id": unit_id,
                    "status": "draft" if draft else "published",
                    "allow_repeat": int(bool(allow_repeat)),
                    "template": template[:20],
                    "published_at": None if draft else now,
                    "created_by": actor,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            self._write_questions(tx, survey_id, cleaned["questions"])
            tx.target(
                "survey",
                survey_id,
                title=cleaned["fields"]["title"],
                questions=len(cleaned["questions"]),
                status="draft" if draft else "published",
            )
        return survey_id

    @staticmethod
    def _write_questions(tx: Any, survey_id: int, questions: list[Question]) -> None:
        tx.execute("DELETE FROM survey_questions WHERE survey_id = ?", (survey_id,))
        for q in questions:
            tx.insert(
                "survey_questions",
                {
                    "survey_id": survey_id,
                    "position": q.position,
                    "kind": q.kind,
                    "text": q.text,
                    "options": json.dumps(q.options, ensure_ascii=False),
                    "required": int(q.required),
                },
            )

    def update(
        self,
        survey_id: int,
        *,
        actor: str,
        title: str,
        questions: Sequence[dict[str, Any]],
        event_id: int | None = None,
        description: str = "",
        contact: str = "anonymous",
        opens_at: Any = None,
        closes_at: Any = None,
        allow_repeat: bool = False,
    ) -> None:
        """Edit a questionnaire. Questions can change only while nobody has answered."""
        unit_id = self._owner_unit(survey_id)
        self._require_owner(actor, unit_id)
        _, cleaned = self._clean_fields(
            unit_id,
            title=title,
            questions=questions,
            event_id=event_id,
            description=description,
            contact=contact,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        with self.db.transaction(actor, "survey.update") as tx:
            answered = tx.scalar("SELECT count(*) FROM survey_responses WHERE survey_id = ?", (survey_id,))
            old = [
                dict(r)
                for r in tx.execute(
                    "SELECT kind, text, options, required FROM survey_questions WHERE survey_id = ? ORDER BY position",
                    (survey_id,),
                )
            ]
            new = [
                {
                    "kind": q.kind,
                    "text": q.text,
                    "options": json.dumps(q.options, ensure_ascii=False),
                    "required": int(q.required),
                }
                for q in cleaned["questions"]
            ]
            if answered and old != new:
                raise InvalidTransition("该问卷已有人填写，不能再修改题目；如需调整请新建问卷。")
            tx.execute(
                "UPDATE surveys SET title = ?, description = ?, contact = ?, opens_at = ?, closes_at = ?,"
                " event_id = ?, allow_repeat = ?, updated_at = ? WHERE id = ?",
                (
                    *[cleaned["fields"][k] for k in ("title", "description", "contact", "opens_at", "closes_at", "event_id")],
                    int(bool(allow_repeat)),
                    clock.to_iso(clock.now()),
                    survey_id,
                ),
            )
            if old != new:
                self._write_questions(tx, survey_id, cleaned["questions"])
            tx.target("survey", survey_id, title=cleaned["fields"]["title"], questions=len(new))

    def publish(self, survey_id: int, actor: str) -> None:
        """Open a draft (or re-open a closed survey) for answers within its window."""
        self.check_access(survey_id, actor)
        with self.db.transaction(actor, "survey.publish") as tx:
            row = tx.one("SELECT status, closes_at FROM surveys WHERE id = ?", (survey_id,))
            if row is None:  # deleted meanwhile
                raise NotFound("未找到该问卷。")
            if row["status"] == "published":
                raise InvalidTransition("该问卷已经发布。")
            closes = clock.parse(row["closes_at"])
            if closes and closes <= clock.now():
                raise ValidationError("问卷截止时间已过，请先修改截止时间再发布。", field="closes_at")
            now = clock.to_iso(clock.now())
            tx.execute(
                "UPDATE surveys SET status = 'published', published_at = ?, closed_at = NULL, updated_at = ? WHERE id = ?",
                (now, now, survey_id),
            )
            tx.target("survey", survey_id, was=row["status"])

    def close(self, survey_id: int, actor: str) -> None:
        """Stop taking answers at once; results stay."""
        self.check_access(survey_id, actor)
        with self.db.transaction(actor, "survey.close") as tx:
            row = tx.one("SELECT status FROM surveys WHERE id = ?", (survey_id,))
            if row is None:  # deleted meanwhile
                raise NotFound("未找到该问卷。")
            if row["status"] != "published":
                raise InvalidTransition("只有已发布的问卷可以结束。")
            now = clock.to_iso(clock.now())
            tx.execute("UPDATE surveys SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?", (now, now, survey_id))
            tx.target("survey", survey_id)

    def delete(self, survey_id: int, actor: str) -> None:
        """Delete a questionnaire nobody has answered (a draft, typically)."""
        self.check_access(survey_id, actor)
        with self.db.transaction(actor, "survey.delete") as tx:
            if tx.scalar("SELECT count(*) FROM survey_responses WHERE survey_id = ?", (survey_id,)):
                raise InvalidTransition("该问卷已有人填写，不能删除；可以结束问卷。")
            title = tx.scalar("SELECT title FROM surveys WHERE id = ?", (survey_id,))
            tx.execute("DELETE FROM survey_questions WHERE survey_id = ?", (survey_id,))
            tx.execute("DELETE FROM surveys WHERE id = ?", (survey_id,))
            tx.target("survey", survey_id, title=title)

    def submit(
        self,
        survey_id: int,
        answers: Sequence[Any],
        *,
        name: str = "",
        phone: str = "",
        event_id: int | None = None,
        consent: bool = False,
    ) -> int:
        """One citizen's response; ``ValidationError`` naming the question for a wrong or missing answer.

        A survey that asks for contact takes ``name``/``phone`` (a phone needs ``consent=True``).
        """
        survey = self.get(survey_id)
        if survey.state() != "open":
            message = {
                "draft": "该问卷尚未发布。",
                "scheduled": "该问卷尚未开始填写。",
                "ended": "该问卷已过截止时间。",
                "closed": "该问卷已结束。",
            }[survey.state()]
            raise RegistrationClosed(message)
        rows = clean_answers(survey.questions, answers)
        contact_name, contact_phone = self._clean_contact(survey, name, phone)
        if contact_phone and not consent:
            raise ValidationError("留下联系方式需先勾选同意《个人信息处理说明》。", field="consent")
        event_id = self._response_event(survey, event_id)
        with self.db.transaction(None, "survey.submit") as tx:
            response_id = tx.insert(
                "survey_responses",
                {
                    "survey_id": survey_id,
                    "event_id": event_id,
                    "name": contact_name,
                    "phone": contact_phone,
                    "submitted_at": clock.to_iso(clock.now()),
                },
            )
            tx.conn.executemany(
                "INSERT INTO survey_answers (response_id, survey_id, position, choice, text) VALUES (?, ?, ?, ?, ?)",
                [(response_id, survey_id, pos, choice, text) for pos, choice, text in rows],
            )
            tx.target("survey_response", response_id, survey=survey_id, contact=bool(contact_phone))
        return response_id

    @staticmethod
    def _clean_contact(survey: Survey, name: str, phone: str) -> tuple[str, str]:
        if survey.contact == "anonymous":
            return "", ""
        name, phone = (name or "").strip(), (phone or "").strip()
        if survey.contact == "required" or name or phone:
            return clean_name(name, "contact_name"), clean_phone(phone, "contact_phone")
        return "", ""

    def _response_event(self, survey: Survey, event_id: int | None) -> int | None:
        """A survey tied to an event files every response under it; a general one may name the event
        (e.g. a QR code handed out there), which must belong to the survey's unit."""
        if survey.event_id is not None or event_id is None:
            return survey.event_id
        row = self.db.row("SELECT unit_id FROM events WHERE id = ?", (event_id,))
        if row is None or (survey.unit_id is not None and row["unit_id"] != survey.unit_id):
            return None
        return event_id

    def add_responses_bulk(self, survey_id: int, responses: Sequence[tuple[Sequence[Any], Any, int | None]], actor: str) -> int:
        """Demo data and benchmarks: many ``(answers, submitted_at, event_id)`` checked like ``submit``,
        written in one transaction, by someone who may manage the survey."""
        self.check_access(survey_id, actor)
        questions = self.questions(survey_id)
        cleaned = [(clean_answers(questions, answers), clock.to_iso(at), event_id) for answers, at, event_id in responses]
        with self.db.transaction(actor, "survey.bulk_responses") as tx:
            first = (tx.scalar("SELECT coalesce(max(id), 0) FROM survey_responses")) + 1
            tx.conn.executemany(
                "INSERT INTO survey_responses (id, survey_id, event_id, submitted_at) VALUES (?, ?, ?, ?)",
                [(first + i, survey_id, ev, at) for i, (_rows, at, ev) in enumerate(cleaned)],
            )
            tx.conn.executemany(
                "INSERT INTO survey_answers (response_id, survey_id, position, choice, text) VALUES (?, ?, ?, ?, ?)",
                [
                    (first + i, survey_id, pos, choice, text)
                    for i, (rows, _at, _ev) in enumerate(cleaned)
                    for pos, choice, text in rows
                ],
            )
            tx.target("survey", survey_id, responses=len(cleaned))
        return len(cleaned)

    def forward_to_ledger(self, answer_id: int, actor: str, unit_id: int | None = None) -> int:
        """Send one free-text answer to the opinion ledger (source 问卷调查); returns the opinion id.

        A county-wide survey's answer needs the responsible ``unit_id`` unless its response names an event.
        """
        row = self.db.row(
            "SELECT a.id, a.text, a.opinion_id, a.survey_id, r.event_id AS response_event, r.name, r.phone,"
            " s.unit_id, s.event_id FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
            " JOIN surveys s ON s.id = a.survey_id WHERE a.id = ?",
            (answer_id,),
        )
        if row is None or not row["text"]:
            raise NotFound("未找到该文字回答。")
        self._require_owner(actor, row["unit_id"])
        if row["opinion_id"]:
            raise InvalidTransition("这条回答已经转入意见台账。")
        event_id = row["response_event"] or row["event_id"]
        target_unit = row["unit_id"]
        if target_unit is None:
            if unit_id is None and event_id is None:
                raise ValidationError("全县问卷的回答请先选择承办单位。", field="unit_id")
            if unit_id is not None:
                target_unit = unit_id
                if event_id is not None and self.db.scalar("SELECT unit_id FROM events WHERE id = ?", (event_id,)) != unit_id:
                    event_id = None
        content = row["text"][:5000]
        # One transaction: the opinion (a nested use case, recorded by this clerk) and the link to it.
        with self.db.transaction(actor, "survey.forward_to_ledger") as tx:
            opinion_id = self.od.opinions.submit(
                content,
                unit_id=target_unit,
                event_id=event_id,
                source="survey",
                name=row["name"] or "",
                phone=row["phone"] or "",
                actor=actor,
            )
            linked = tx.execute(
                "UPDATE survey_answers SET opinion_id = ? WHERE id = ? AND opinion_id IS NULL", (opinion_id, answer_id)
            )
            if linked.rowcount == 0:  # forwarded meanwhile by someone else: the opinion above is undone too
                raise InvalidTransition("这条回答已经转入意见台账。")
            tx.target("survey_answer", answer_id, survey=row["survey_id"], opinion=opinion_id)
        return int(opinion_id)
