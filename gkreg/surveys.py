"""Questionnaires (问卷): build, publish, answer, and results computed in SQL.

A survey belongs to a unit (or, made by the coordinator, to the whole county) and
optionally to one event. Life: ``draft → published → closed`` (a closed survey may
be published again); a published survey takes answers inside its open window
(``opens_at``/``closes_at``, either may be empty).

Answers are stored one row per chosen option / rating / text (see schema/surveys.py);
``results`` is then two indexed queries whatever the number of responses.
"""

from __future__ import annotations

import datetime as dt
import html
import inspect
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import clock
from .access import Actor, load_actor, require_unit
from .errors import InvalidTransition, NotFound, PermissionDenied, RegistrationClosed, ValidationError
from .validation import clean_name, clean_phone, clean_text

if TYPE_CHECKING:
    from . import OpenDay

KINDS = {"single": "单选题", "multi": "多选题", "rating": "评分题（1–5分）", "text": "填空题"}
STATUSES = {"draft": "草稿", "published": "已发布", "closed": "已结束"}
STATES = {"draft": "草稿", "scheduled": "未开始", "open": "填写中", "ended": "已过截止时间", "closed": "已结束"}
CONTACT_MODES = {"anonymous": "匿名填写", "optional": "可留联系方式", "required": "须留联系方式"}
RATINGS = (1, 2, 3, 4, 5)
MAX_QUESTIONS = 60
MAX_OPTIONS = 30
QUESTION_TEXT_LIMIT = 300
OPTION_LIMIT = 100
ANSWER_TEXT_LIMIT = 2000


@dataclass(frozen=True)
class Question:
    position: int
    kind: str
    text: str
    options: list[str]
    required: bool

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "options": list(self.options), "required": self.required}


@dataclass(frozen=True)
class Survey:
    id: int
    unit_id: int | None
    unit_name: str
    event_id: int | None
    event_title: str
    title: str
    description: str
    status: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    contact: str
    allow_repeat: bool
    template: str
    created_by: str
    created_at: dt.datetime
    published_at: dt.datetime | None
    responses: int = 0
    questions: list[Question] = field(default_factory=list)

    def state(self, now: dt.datetime | None = None) -> str:
        """'draft', 'scheduled' (published, window not begun), 'open', 'ended' (window over) or 'closed'."""
        if self.status != "published":
            return self.status
        now = now or clock.now()
        if self.opens_at and now < self.opens_at:
            return "scheduled"
        if self.closes_at and now >= self.closes_at:
            return "ended"
        return "open"

    @property
    def owner(self) -> str:
        return self.unit_name or "全县"


SURVEY_SELECT = """
SELECT s.*, coalesce(u.name, '') AS unit_name, coalesce(e.title, '') AS event_title,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id) AS responses
FROM surveys s LEFT JOIN units u ON u.id = s.unit_id LEFT JOIN events e ON e.id = s.event_id"""


def _survey_from_row(row: dict[str, Any], questions: list[Question] | None = None) -> Survey:
    return Survey(
        id=row["id"], unit_id=row["unit_id"], unit_name=row["unit_name"], event_id=row["event_id"],
        event_title=row["event_title"], title=row["title"], description=row["description"], status=row["status"],
        opens_at=clock.parse(row["opens_at"]), closes_at=clock.parse(row["closes_at"]), contact=row["contact"],
        allow_repeat=bool(row["allow_repeat"]), template=row["template"], created_by=row["created_by"] or "",
        created_at=clock.parse(row["created_at"]), published_at=clock.parse(row["published_at"]),
        responses=row["responses"], questions=questions or [],
    )


# ---- cleaning ---------------------------------------------------------------------------------

def label(position: int, text: str) -> str:
    """How a message names a question: 第3题“……”."""
    short = text if len(text) <= 24 else text[:23] + "…"
    return f"第{position + 1}题“{short}”"


def clean_questions(questions: Sequence[Any]) -> list[Question]:
    """Check a questionnaire's questions; each error names the question in Chinese."""
    if not isinstance(questions, (list, tuple)) or not questions:
        raise ValidationError("问卷至少需要一道题目。", field="questions")
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(f"问卷最多{MAX_QUESTIONS}道题目。", field="questions")
    cleaned = []
    for n, raw in enumerate(questions):
        if not isinstance(raw, dict):
            raise ValidationError(f"第{n + 1}题的格式不正确。", field="questions")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise ValidationError(f"第{n + 1}题的题型不正确（应为单选、多选、评分或填空）。", field="questions")
        text = " ".join(str(raw.get("text") or "").split())
        if not text:
            raise ValidationError(f"请填写第{n + 1}题的题目。", field="questions")
        if len(text) > QUESTION_TEXT_LIMIT:
            raise ValidationError(f"第{n + 1}题的题目不能超过{QUESTION_TEXT_LIMIT}个字。", field="questions")
        options: list[str] = []
        if kind in ("single", "multi"):
            raw_options = raw.get("options") or []
            if isinstance(raw_options, str) or not isinstance(raw_options, (list, tuple)):
                raise ValidationError(f"{label(n, text)}的选项格式不正确。", field="questions")
            options = [" ".join(str(o).split()) for o in raw_options]
            options = [o for o in options if o]
            if len(options) < 2:
                raise ValidationError(f"{label(n, text)}至少需要两个选项。", field="questions")
            if len(options) > MAX_OPTIONS:
                raise ValidationError(f"{label(n, text)}最多{MAX_OPTIONS}个选项。", field="questions")
            if len(set(options)) != len(options):
                raise ValidationError(f"{label(n, text)}有重复的选项。", field="questions")
            if any(len(o) > OPTION_LIMIT for o in options):
                raise ValidationError(f"{label(n, text)}的选项不能超过{OPTION_LIMIT}个字。", field="questions")
        cleaned.append(Question(n, kind, text, options, bool(raw.get("required", False))))
    return cleaned


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, tuple, set)) and len(value) == 0)


def clean_answers(questions: Sequence[Question], answers: Sequence[Any]) -> list[tuple[int, int | None, str | None]]:
    """Check one response; returns the rows to store as (position, choice, text)."""
    if isinstance(answers, (str, bytes, dict)) or not isinstance(answers, Sequence):
        raise ValidationError("答案格式不正确。", field="answers")
    if len(answers) != len(questions):
        raise ValidationError(f"问卷共有{len(questions)}道题，收到了{len(answers)}个答案，请刷新后重新填写。",
                              field="answers")
    rows: list[tuple[int, int | None, str | None]] = []
    for question, value in zip(questions, answers, strict=True):
        name = label(question.position, question.text)
        where = f"q{question.position}"
        if _empty(value):
            if question.required:
                verb = {"single": "请选择一项", "multi": "请至少选择一项", "rating": "请打分", "text": "请填写"}[question.kind]
                raise ValidationError(f"{name}为必答题，{verb}。", field=where)
            continue
        if question.kind == "single":
            if not isinstance(value, str) or value not in question.options:
                raise ValidationError(f"{name}的答案不是该题的选项。", field=where)
            rows.append((question.position, question.options.index(value), None))
        elif question.kind == "multi":
            if not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
                raise ValidationError(f"{name}为多选题，答案应为选项列表。", field=where)
            chosen = list(dict.fromkeys(value))
            if any(v not in question.options for v in chosen):
                raise ValidationError(f"{name}的答案中有不属于该题的选项。", field=where)
            rows.extend((question.position, question.options.index(v), None) for v in chosen)
        elif question.kind == "rating":
            if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
                raise ValidationError(f"{name}应打1至5分。", field=where)
            rows.append((question.position, int(value), None))
        else:
            if not isinstance(value, str):
                raise ValidationError(f"{name}的答案应为文字。", field=where)
            text = value.strip()
            if len(text) > ANSWER_TEXT_LIMIT:
                raise ValidationError(f"{name}的回答不能超过{ANSWER_TEXT_LIMIT}个字（现在{len(text)}个字）。", field=where)
            rows.append((question.position, None, text))
    return rows


def _clean_window(opens_at: Any, closes_at: Any) -> tuple[str | None, str | None]:
    opens, closes = clock.parse(opens_at), clock.parse(closes_at)
    if opens and closes and closes <= opens:
        raise ValidationError("问卷截止时间应晚于开始时间。", field="closes_at")
    return clock.to_iso(opens), clock.to_iso(closes)


# ---- the service ------------------------------------------------------------------------------

class Surveys:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- permissions --------------------------------------------------------------------------
    def _require_owner(self, actor: str | None, unit_id: int | None) -> Actor:
        """Unit staff manage their unit's surveys; county-wide ones (no unit) are the coordinator's."""
        if unit_id is None:
            who = load_actor(self.db, actor)
            if not who.is_coordinator:
                raise PermissionDenied("全县问卷仅限县政务公开办创建和管理。")
            return who
        return require_unit(self.db, actor, unit_id)

    def _owner_unit(self, survey_id: int) -> int | None:
        row = self.db.row("SELECT unit_id FROM surveys WHERE id = ?", (survey_id,))
        if row is None:
            raise NotFound("未找到该问卷。")
        return row["unit_id"]

    def check_access(self, survey_id: int, actor: str | None) -> Actor:
        """The actor if they may manage (and see the results of) this survey, else PermissionDenied."""
        return self._require_owner(actor, self._owner_unit(survey_id))

    # ---- building -----------------------------------------------------------------------------
    def _clean_fields(self, unit_id: int | None, *, title: str, questions: Sequence[Any], event_id: int | None,
                      description: str, contact: str, opens_at: Any, closes_at: Any) -> tuple[int | None, dict]:
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
        fields = {"title": title, "description": description, "contact": contact, "opens_at": opens,
                  "closes_at": closes, "event_id": event_id}
        return unit_id, {"fields": fields, "questions": cleaned}

    def create(self, unit_id: int | None, *, title: str, questions: Sequence[dict[str, Any]], actor: str,
               event_id: int | None = None, description: str = "", contact: str = "anonymous",
               opens_at: Any = None, closes_at: Any = None, allow_repeat: bool = False, draft: bool = False,
               template: str = "") -> int:
        """A new questionnaire, published at once (``draft=True`` keeps it for preview and editing).

        ``unit_id=None`` makes a county-wide questionnaire (coordinator only).
        """
        self._require_owner(actor, unit_id)
        unit_id, cleaned = self._clean_fields(unit_id, title=title, questions=questions, event_id=event_id,
                                              description=description, contact=contact, opens_at=opens_at,
                                              closes_at=closes_at)
        now = clock.to_iso(clock.now())
        with self.db.transaction(actor, "survey.create") as tx:
            survey_id = tx.insert("surveys", {
                **cleaned["fields"], "unit_id": unit_id, "status": "draft" if draft else "published",
                "allow_repeat": int(bool(allow_repeat)), "template": template[:20],
                "published_at": None if draft else now, "created_by": actor, "created_at": now, "updated_at": now,
            })
            self._write_questions(tx, survey_id, cleaned["questions"])
            tx.target("survey", survey_id, title=cleaned["fields"]["title"], questions=len(cleaned["questions"]),
                      status="draft" if draft else "published")
        return survey_id

    @staticmethod
    def _write_questions(tx: Any, survey_id: int, questions: list[Question]) -> None:
        tx.execute("DELETE FROM survey_questions WHERE survey_id = ?", (survey_id,))
        for q in questions:
            tx.insert("survey_questions", {"survey_id": survey_id, "position": q.position, "kind": q.kind,
                                           "text": q.text, "options": json.dumps(q.options, ensure_ascii=False),
                                           "required": int(q.required)})

    def update(self, survey_id: int, *, actor: str, title: str, questions: Sequence[dict[str, Any]],
               event_id: int | None = None, description: str = "", contact: str = "anonymous",
               opens_at: Any = None, closes_at: Any = None, allow_repeat: bool = False) -> None:
        """Edit a questionnaire. Questions can change only while nobody has answered."""
        unit_id = self._owner_unit(survey_id)
        self._require_owner(actor, unit_id)
        _, cleaned = self._clean_fields(unit_id, title=title, questions=questions, event_id=event_id,
                                        description=description, contact=contact, opens_at=opens_at,
                                        closes_at=closes_at)
        with self.db.transaction(actor, "survey.update") as tx:
            answered = tx.one("SELECT count(*) FROM survey_responses WHERE survey_id = ?", (survey_id,))[0]
            old = [dict(r) for r in tx.execute(
                "SELECT kind, text, options, required FROM survey_questions WHERE survey_id = ? ORDER BY position",
                (survey_id,))]
            new = [{"kind": q.kind, "text": q.text, "options": json.dumps(q.options, ensure_ascii=False),
                    "required": int(q.required)} for q in cleaned["questions"]]
            if answered and old != new:
                raise InvalidTransition("该问卷已有人填写，不能再修改题目；如需调整请新建问卷。")
            tx.execute("UPDATE surveys SET title = ?, description = ?, contact = ?, opens_at = ?, closes_at = ?,"
                       " event_id = ?, allow_repeat = ?, updated_at = ? WHERE id = ?",
                       (*[cleaned["fields"][k] for k in ("title", "description", "contact", "opens_at",
                                                         "closes_at", "event_id")],
                        int(bool(allow_repeat)), clock.to_iso(clock.now()), survey_id))
            if old != new:
                self._write_questions(tx, survey_id, cleaned["questions"])
            tx.target("survey", survey_id, title=cleaned["fields"]["title"], questions=len(new))

    def publish(self, survey_id: int, actor: str) -> None:
        """Open a draft (or re-open a closed survey) for answers within its window."""
        self.check_access(survey_id, actor)
        with self.db.transaction(actor, "survey.publish") as tx:
            row = tx.one("SELECT status, closes_at FROM surveys WHERE id = ?", (survey_id,))
            if row["status"] == "published":
                raise InvalidTransition("该问卷已经发布。")
            closes = clock.parse(row["closes_at"])
            if closes and closes <= clock.now():
                raise ValidationError("问卷截止时间已过，请先修改截止时间再发布。", field="closes_at")
            now = clock.to_iso(clock.now())
            tx.execute("UPDATE surveys SET status = 'published', published_at = ?, closed_at = NULL, updated_at = ?"
                       " WHERE id = ?", (now, now, survey_id))
            tx.target("survey", survey_id, was=row["status"])

    def close(self, survey_id: int, actor: str) -> None:
        """Stop taking answers at once; results stay."""
        self.check_access(survey_id, actor)
        with self.db.transaction(actor, "survey.close") as tx:
            row = tx.one("SELECT status FROM surveys WHERE id = ?", (survey_id,))
            if row["status"] != "published":
                raise InvalidTransition("只有已发布的问卷可以结束。")
            now = clock.to_iso(clock.now())
            tx.execute("UPDATE surveys SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?",
                       (now, now, survey_id))
            tx.target("survey", survey_id)

    def delete(self, survey_id: int, actor: str) -> None:
        """Delete a questionnaire nobody has answered (a draft, typically)."""
        self.check_access(survey_id, actor)
        with self.db.transaction(actor, "survey.delete") as tx:
            if tx.one("SELECT count(*) FROM survey_responses WHERE survey_id = ?", (survey_id,))[0]:
                raise InvalidTransition("该问卷已有人填写，不能删除；可以结束问卷。")
            title = tx.one("SELECT title FROM surveys WHERE id = ?", (survey_id,))[0]
            tx.execute("DELETE FROM survey_questions WHERE survey_id = ?", (survey_id,))
            tx.execute("DELETE FROM surveys WHERE id = ?", (survey_id,))
            tx.target("survey", survey_id, title=title)

    # ---- reading ------------------------------------------------------------------------------
    def questions(self, survey_id: int) -> list[Question]:
        rows = self.db.rows("SELECT * FROM survey_questions WHERE survey_id = ? ORDER BY position", (survey_id,))
        return [Question(r["position"], r["kind"], r["text"], json.loads(r["options"]), bool(r["required"]))
                for r in rows]

    def get(self, survey_id: int) -> Survey:
        row = self.db.row(f"{SURVEY_SELECT} WHERE s.id = ?", (survey_id,))
        if row is None:
            raise NotFound("未找到该问卷。")
        return _survey_from_row(row, self.questions(survey_id))

    def list_for(self, actor: str, event_id: int | None = None) -> list[Survey]:
        """The surveys this actor manages (coordinator: all), newest first; optionally one event's."""
        who = load_actor(self.db, actor)
        where, params = [], []
        if not who.is_coordinator:
            where.append("s.unit_id = ?")
            params.append(who.unit_id)
        if event_id is not None:
            where.append("s.event_id = ?")
            params.append(event_id)
        sql = (SURVEY_SELECT + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY CASE s.status WHEN 'published' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, s.id DESC")
        return [_survey_from_row(r) for r in self.db.rows(sql, params)]

    def list_open(self, now: dt.datetime | None = None, event_id: int | None = None) -> list[Survey]:
        """Questionnaires a citizen can answer now, with their questions."""
        now_iso = clock.to_iso(now or clock.now())
        sql = (SURVEY_SELECT + " WHERE s.status = 'published' AND (s.opens_at IS NULL OR s.opens_at <= ?)"
               " AND (s.closes_at IS NULL OR s.closes_at > ?)")
        params: list[Any] = [now_iso, now_iso]
        if event_id is not None:
            sql += " AND (s.event_id = ? OR s.event_id IS NULL)"
            params.append(event_id)
        rows = self.db.rows(sql + " ORDER BY s.closes_at IS NULL, s.closes_at, s.id DESC", params)
        return [_survey_from_row(r, self.questions(r["id"])) for r in rows]

    # ---- answering ----------------------------------------------------------------------------
    def submit(self, survey_id: int, answers: Sequence[Any], *, name: str = "", phone: str = "",
               event_id: int | None = None, consent: bool = False) -> int:
        """One citizen's response; ``ValidationError`` naming the question for a wrong or missing answer.

        A survey that asks for contact takes ``name``/``phone`` (a phone needs ``consent=True``).
        """
        survey = self.get(survey_id)
        if survey.state() != "open":
            message = {"draft": "该问卷尚未发布。", "scheduled": "该问卷尚未开始填写。",
                       "ended": "该问卷已过截止时间。", "closed": "该问卷已结束。"}[survey.state()]
            raise RegistrationClosed(message)
        rows = clean_answers(survey.questions, answers)
        contact_name, contact_phone = self._clean_contact(survey, name, phone)
        if contact_phone and not consent:
            raise ValidationError("留下联系方式需先勾选同意《个人信息处理说明》。", field="consent")
        event_id = self._response_event(survey, event_id)
        with self.db.transaction(None, "survey.submit") as tx:
            response_id = tx.insert("survey_responses", {
                "survey_id": survey_id, "event_id": event_id, "name": contact_name, "phone": contact_phone,
                "submitted_at": clock.to_iso(clock.now())})
            tx.conn.executemany(
                "INSERT INTO survey_answers (response_id, survey_id, position, choice, text) VALUES (?, ?, ?, ?, ?)",
                [(response_id, survey_id, pos, choice, text) for pos, choice, text in rows])
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

    def add_responses_bulk(self, survey_id: int, responses: Sequence[tuple[Sequence[Any], Any, int | None]],
                           actor: str = "demo") -> int:
        """Demo data and benchmarks: many ``(answers, submitted_at, event_id)`` checked like ``submit``,
        written in one transaction."""
        questions = self.questions(survey_id)
        cleaned = [(clean_answers(questions, answers), clock.to_iso(at), event_id)
                   for answers, at, event_id in responses]
        with self.db.transaction(actor, "survey.bulk_responses") as tx:
            first = (tx.one("SELECT coalesce(max(id), 0) FROM survey_responses")[0]) + 1
            tx.conn.executemany(
                "INSERT INTO survey_responses (id, survey_id, event_id, submitted_at) VALUES (?, ?, ?, ?)",
                [(first + i, survey_id, ev, at) for i, (_rows, at, ev) in enumerate(cleaned)])
            tx.conn.executemany(
                "INSERT INTO survey_answers (response_id, survey_id, position, choice, text) VALUES (?, ?, ?, ?, ?)",
                [(first + i, survey_id, pos, choice, text)
                 for i, (rows, _at, _ev) in enumerate(cleaned) for pos, choice, text in rows])
            tx.target("survey", survey_id, responses=len(cleaned))
        return len(cleaned)

    # ---- results ------------------------------------------------------------------------------
    @staticmethod
    def _scope(event_id: int | None) -> tuple[str, tuple]:
        if event_id is None:
            return "", ()
        return (" AND response_id IN (SELECT id FROM survey_responses WHERE survey_id = ? AND event_id = ?)",
                (event_id,))

    def response_count(self, survey_id: int, event_id: int | None = None) -> int:
        if event_id is None:
            return int(self.db.scalar("SELECT count(*) FROM survey_responses WHERE survey_id = ?", (survey_id,)))
        return int(self.db.scalar("SELECT count(*) FROM survey_responses WHERE survey_id = ? AND event_id = ?",
                                  (survey_id, event_id)))

    def results(self, survey_id: int, event_id: int | None = None) -> dict[str, Any]:
        """Counts per option (multiple choice: per option, not per combination), ratings 1–5 with the
        average, and the non-empty text answers oldest first. ``event_id`` keeps one event's responses.

        Each question also carries ``answered`` (responses that answered it) and ``position``.
        """
        questions = self.questions(survey_id)
        if not questions and not self.db.scalar("SELECT 1 FROM surveys WHERE id = ?", (survey_id,)):
            raise NotFound("未找到该问卷。")
        scope, scope_params = self._scope(event_id)
        conn = self.db.connection()
        scope_args = (survey_id, *scope_params) if event_id is not None else ()
        counts = conn.execute(
            f"SELECT position, choice, count(*) FROM survey_answers WHERE survey_id = ? AND choice IS NOT NULL"
            f"{scope} GROUP BY position, choice", (survey_id, *scope_args)).fetchall()
        answered = dict(conn.execute(
            f"SELECT position, count(DISTINCT response_id) FROM survey_answers WHERE survey_id = ?{scope}"
            f" GROUP BY position", (survey_id, *scope_args)).fetchall())
        texts = conn.execute(
            f"SELECT position, text FROM survey_answers WHERE survey_id = ? AND text IS NOT NULL AND text != ''"
            f"{scope} ORDER BY position, response_id", (survey_id, *scope_args)).fetchall()
        by_question: dict[int, dict[int, int]] = {}
        for position, choice, n in counts:
            by_question.setdefault(position, {})[choice] = n
        text_by: dict[int, list[str]] = {}
        for position, text in texts:
            text_by.setdefault(position, []).append(text)
        out = []
        for q in questions:
            got = by_question.get(q.position, {})
            average = None
            if q.kind in ("single", "multi"):
                table: dict[Any, int] = {opt: got.get(i, 0) for i, opt in enumerate(q.options)}
            elif q.kind == "rating":
                table = {r: got.get(r, 0) for r in RATINGS}
                total = sum(table.values())
                average = round(sum(r * n for r, n in table.items()) / total, 2) if total else None
            else:
                table = {}
            out.append({"position": q.position, "text": q.text, "kind": q.kind, "counts": table, "average": average,
                        "answers": text_by.get(q.position, []), "answered": answered.get(q.position, 0),
                        "required": q.required})
        return {"responses": self.response_count(survey_id, event_id), "questions": out}

    def timeline(self, survey_id: int, event_id: int | None = None) -> list[dict[str, Any]]:
        """Responses per day, oldest first: ``[{"day": "2026-05-15", "responses": n}, ...]``."""
        sql = "SELECT substr(submitted_at, 1, 10) AS day, count(*) AS responses FROM survey_responses WHERE survey_id = ?"
        params: list[Any] = [survey_id]
        if event_id is not None:
            sql += " AND event_id = ?"
            params.append(event_id)
        return self.db.rows(sql + " GROUP BY day ORDER BY day", params)

    def response_events(self, survey_id: int) -> list[dict[str, Any]]:
        """Events the responses were filed under, with counts (for the event filter)."""
        return self.db.rows(
            "SELECT r.event_id AS id, e.title, coalesce(u.name, '') AS unit_name, count(*) AS responses"
            " FROM survey_responses r JOIN events e ON e.id = r.event_id LEFT JOIN units u ON u.id = e.unit_id"
            " WHERE r.survey_id = ? GROUP BY r.event_id, e.id, u.id ORDER BY e.starts_at DESC", (survey_id,))

    def text_answers(self, survey_id: int, *, search: str = "", position: int | None = None,
                     event_id: int | None = None, limit: int = 5000) -> list[dict[str, Any]]:
        """Free-text answers (newest first) matching ``search`` (any words, case-insensitive)."""
        sql = ("SELECT a.id, a.position, a.text, a.opinion_id, r.submitted_at, r.event_id, r.name, r.phone"
               " FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
               " WHERE a.survey_id = ? AND a.text IS NOT NULL AND a.text != ''")
        params: list[Any] = [survey_id]
        if position is not None:
            sql += " AND a.position = ?"
            params.append(position)
        if event_id is not None:
            sql += " AND r.event_id = ?"
            params.append(event_id)
        for word in search.split()[:5]:
            sql += " AND instr(lower(a.text), lower(?)) > 0"
            params.append(word)
        return self.db.rows(sql + " ORDER BY a.response_id DESC, a.position LIMIT ?", [*params, int(limit)])

    # ---- exports ------------------------------------------------------------------------------
    def raw_table(self, survey_id: int, event_id: int | None = None) -> tuple[list[str], list[list[Any]]]:
        """Every response as one row: number, time, event, contact, then one column per question
        (multiple choice joined with “；”)."""
        survey = self.get(survey_id)
        conn = self.db.connection()
        where, params = "WHERE r.survey_id = ?", [survey_id]
        if event_id is not None:
            where += " AND r.event_id = ?"
            params.append(event_id)
        width = len(survey.questions)
        labels = {(q.position, i): opt for q in survey.questions if q.kind in ("single", "multi")
                  for i, opt in enumerate(q.options)}
        labels.update({(q.position, r): r for q in survey.questions if q.kind == "rating" for r in RATINGS})
        cells: dict[int, list[Any]] = {}
        for rid, pos, choice, text in conn.execute(
                f"SELECT a.response_id, a.position, a.choice, a.text FROM survey_answers a"
                f" JOIN survey_responses r ON r.id = a.response_id {where} ORDER BY a.id", params):
            row = cells.get(rid)
            if row is None:
                row = cells[rid] = [""] * width
            value = text if text is not None else labels.get((pos, choice), "")
            if pos < width:
                row[pos] = value if row[pos] == "" else f"{row[pos]}；{value}"
        headers = ["序号", "提交时间", "活动"]
        with_contact = survey.contact != "anonymous"
        if with_contact:
            headers += ["联系人", "联系电话"]
        headers += [f"{q.position + 1}. {q.text}" for q in survey.questions]
        rows = []
        empty = [""] * width
        for n, (rid, at, event, name, phone) in enumerate(conn.execute(
                f"SELECT r.id, r.submitted_at, coalesce(e.title, ''), r.name, r.phone FROM survey_responses r"
                f" LEFT JOIN events e ON e.id = r.event_id {where} ORDER BY r.id", params), 1):
            rows.append([n, at, event, *((name, phone) if with_contact else ()), *cells.get(rid, empty)])
        return headers, rows

    def summary_table(self, survey_id: int, event_id: int | None = None) -> tuple[list[str], list[list[Any]]]:
        """Per question and option: count and share (of those who answered), rating averages."""
        result = self.results(survey_id, event_id)
        headers = ["题号", "题目", "题型", "选项/分值", "人数", "占比", "平均分"]
        rows: list[list[Any]] = []
        for q in result["questions"]:
            base = q["answered"]
            kind = KINDS[q["kind"]]
            if q["kind"] == "text":
                rows.append([q["position"] + 1, q["text"], kind, "（文字回答）", len(q["answers"]), "", ""])
                continue
            for key, n in q["counts"].items():
                share = f"{n / base:.1%}" if base else "0.0%"
                rows.append([q["position"] + 1, q["text"], kind, f"{key}分" if q["kind"] == "rating" else key, n,
                             share, ""])
            if q["kind"] == "rating":
                rows.append([q["position"] + 1, q["text"], kind, "平均分", base, "",
                             "" if q["average"] is None else q["average"]])
        return headers, rows

    def summary_html(self, survey_id: int, event_id: int | None = None) -> str:
        """A one-page printable summary: a self-contained HTML file (no scripts, no external resources)."""
        survey = self.get(survey_id)
        result = self.results(survey_id, event_id)
        esc = html.escape
        scope = ""
        if event_id is not None:
            title = self.db.scalar("SELECT title FROM events WHERE id = ?", (event_id,)) or ""
            scope = f"（活动：{esc(title)}）"
        parts = [
            "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
            f"<title>{esc(survey.title)} 结果摘要</title><style>",
            "@page{size:A4;margin:12mm}body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
            "font-size:10.5pt;color:#222;margin:0 auto;max-width:190mm}h1{font-size:15pt;margin:0 0 2mm}"
            ".meta{color:#555;margin-bottom:3mm}.q{break-inside:avoid;margin:0 0 2.5mm}.q h2{font-size:10.5pt;"
            "margin:0 0 1mm}table{border-collapse:collapse;width:100%}td{padding:0 2mm 0 0;font-size:9pt;"
            "vertical-align:middle}td.o{width:45%}td.n{width:16%;text-align:right;white-space:nowrap}"
            ".bar{background:#c0392b;height:3mm}.t{font-size:9pt;color:#333;margin:0 0 0 3mm}",
            "</style></head><body>",
            f"<h1>{esc(survey.title)}</h1>",
            f"<div class='meta'>{esc(survey.owner)}{scope} · 有效问卷 {result['responses']} 份 · 统计时间 "
            f"{clock.now():%Y-%m-%d %H:%M}</div>",
        ]
        for q in result["questions"]:
            base = q["answered"]
            head = f"{q['position'] + 1}. {esc(q['text'])}（{KINDS[q['kind']]}，作答 {base} 人"
            if q["kind"] == "rating" and q["average"] is not None:
                head += f"，平均 {q['average']:.2f} 分"
            parts.append(f"<div class='q'><h2>{head}）</h2>")
            if q["kind"] == "text":
                shown = q["answers"][-5:]
                parts.append(f"<div class='t'>共 {len(q['answers'])} 条文字回答"
                             + ("，最近几条：" if shown else "") + "</div>")
                parts += [f"<div class='t'>· {esc(a[:120])}</div>" for a in shown]
            else:
                parts.append("<table>")
                for key, n in q["counts"].items():
                    share = n / base if base else 0.0
                    name = f"{key}分" if q["kind"] == "rating" else str(key)
                    parts.append(f"<tr><td class='o'>{esc(name)}</td><td><div class='bar' style='width:"
                                 f"{share * 100:.1f}%'></div></td><td class='n'>{n} 人 · {share:.1%}</td></tr>")
                parts.append("</table>")
            parts.append("</div>")
        parts.append("</body></html>")
        return "".join(parts)

    # ---- to the opinion ledger ----------------------------------------------------------------
    def forward_to_ledger(self, answer_id: int, actor: str, unit_id: int | None = None) -> int:
        """Send one free-text answer to the opinion ledger (source 问卷调查); returns the opinion id.

        A county-wide survey's answer needs the responsible ``unit_id`` unless its response names an event.
        """
        row = self.db.row(
            "SELECT a.id, a.text, a.opinion_id, a.survey_id, r.event_id AS response_event, r.name, r.phone,"
            " s.unit_id, s.event_id FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
            " JOIN surveys s ON s.id = a.survey_id WHERE a.id = ?", (answer_id,))
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
                if event_id is not None and self.db.scalar("SELECT unit_id FROM events WHERE id = ?",
                                                           (event_id,)) != unit_id:
                    event_id = None
        content = row["text"][:5000]
        extra: dict[str, Any] = {}
        if "actor" in inspect.signature(self.od.feedback.submit).parameters:
            extra["actor"] = actor  # recorded by this clerk
        opinion_id = self.od.feedback.submit(content, unit_id=target_unit, event_id=event_id, source="survey",
                                             name=row["name"] or "", phone=row["phone"] or "", **extra)
        with self.db.transaction(actor, "survey.forward_to_ledger") as tx:
            tx.execute("UPDATE survey_answers SET opinion_id = ? WHERE id = ? AND opinion_id IS NULL",
                       (opinion_id, answer_id))
            tx.target("survey_answer", answer_id, survey=row["survey_id"], opinion=opinion_id)
        return int(opinion_id)


# ---- demo data ---------------------------------------------------------------------------------

DEMO_SUGGESTIONS = [
    "希望政策解读多用图解和短视频，老年人也能看懂。", "建议在政务服务大厅设置公开查阅点，方便没有智能手机的群众。",
    "财政预算公开的表格太专业，能否附一段通俗说明。", "网站栏目太多，找一个通知要点好几层，建议优化搜索功能。",
    "希望开放日多安排在周末，上班族也能参加。", "12345热线回复很及时，点赞。", "建议公开重大项目的进度和资金使用情况。",
    "招生入学政策发布得太晚，家长准备时间不够。", "课后服务收费标准希望公开得更详细一些。",
    "学区划分的依据希望能公开说明。", "政策原文后面最好附上办事指南和咨询电话。", "村里公告栏的信息更新不及时。",
    "希望公开征求意见后能反馈采纳情况。", "微信公众号推送很方便，希望继续保持。", "", "", "",
]


def _demo_answers(rng: random.Random, questions: list[dict[str, Any]], mood: float) -> list[Any]:
    answers: list[Any] = []
    for q in questions:
        required = q["required"]
        if not required and rng.random() < 0.25:
            answers.append(None)
            continue
        if q["kind"] == "single":
            opts = q["options"]
            weights = [max(0.05, 1.0 - abs(i / max(1, len(opts) - 1) - (1 - mood)) * 1.5) for i in range(len(opts))]
            answers.append(rng.choices(opts, weights=weights)[0])
        elif q["kind"] == "multi":
            k = rng.choice((1, 1, 2, 2, 3))
            pool = q["options"][:-1] if len(q["options"]) > 3 else q["options"]
            answers.append(rng.sample(pool, k=min(k, len(pool))))
        elif q["kind"] == "rating":
            answers.append(rng.choices(RATINGS, weights=[0.04, 0.08, 0.2 + (1 - mood) * 0.2, 0.35, 0.3 + mood * 0.3])[0])
        else:
            text = rng.choice(DEMO_SUGGESTIONS)
            answers.append(text if text or required else None)
    return answers


def seed_demo(od: OpenDay, rng: random.Random, scale: int = 1) -> None:
    """The coordinator's county-wide 政务公开社会评 and each demo unit's 政策评价, with a few hundred responses."""
    from .survey_templates import build

    now = clock.now()
    coordinator = od.db.scalar("SELECT username FROM users WHERE role = 'coordinator' ORDER BY id")
    if coordinator is None:
        return
    surveys = od.surveys
    events = od.db.rows("SELECT id, unit_id, title, starts_at FROM events ORDER BY starts_at")
    past_events = [e for e in events if e["starts_at"] <= clock.to_iso(now)]
    title, description, questions = build("openness")
    county = surveys.create(None, title=title, description=description, questions=questions, actor=coordinator,
                            opens_at=now - dt.timedelta(days=40), closes_at=now + dt.timedelta(days=30),
                            template="openness")
    boost = min(scale, 10)  # load tests get more responses, still written in seconds
    _demo_fill(surveys, rng, county, questions, 260 * boost, now, 40, [e["id"] for e in past_events] + [None] * 5)
    policies = {"示范县教育局": "义务教育招生入学政策", "示范县医疗保障局": "城乡居民医保报销政策",
                "示范县人力资源和社会保障局": "稳就业惠企政策", "马站镇人民政府": "农村人居环境整治政策"}
    for unit in od.db.rows("SELECT id, name FROM units ORDER BY id"):
        policy = policies.get(unit["name"])
        if policy is None:
            continue
        unit_events = [e for e in events if e["unit_id"] == unit["id"]]
        event = next((e for e in unit_events if e["starts_at"] <= clock.to_iso(now)), None)
        title, description, questions = build("policy", policy)
        survey_id = surveys.create(unit["id"], title=title, description=description, questions=questions,
                                   actor=coordinator, event_id=event["id"] if event else None,
                                   contact="optional", opens_at=now - dt.timedelta(days=20),
                                   closes_at=now + dt.timedelta(days=25), template="policy")
        _demo_fill(surveys, rng, survey_id, questions, rng.randrange(60, 160) * boost, now, 20,
                   [event["id"] if event else None])
    edu = od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'")
    if edu:
        title, description, questions = build("policy", "课后服务")
        surveys.create(edu, title=title, description=description, questions=questions, actor=coordinator,
                       contact="anonymous", draft=True, template="policy")


def _demo_fill(surveys: Surveys, rng: random.Random, survey_id: int, questions: list[dict[str, Any]], n: int,
               now: dt.datetime, days: int, events: list[int | None]) -> None:
    mood = rng.uniform(0.4, 0.9)
    start = now - dt.timedelta(days=days)
    span = int((now - start).total_seconds()) - 3600
    stamps = sorted(start + dt.timedelta(seconds=int(span * rng.random() ** 0.7)) for _ in range(n))
    surveys.add_responses_bulk(survey_id, [(_demo_answers(rng, questions, mood), at, rng.choice(events))
                                           for at in stamps])
