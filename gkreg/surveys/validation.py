"""The shapes of a questionnaire (Survey, Question) and the rules its questions and answers must meet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import clock
from ..errors import ValidationError
from ..labels import SURVEY_STATES
from ..validation import clean_free_text

KINDS = {"single": "单选题", "multi": "多选题", "rating": "评分题（1–5分）", "text": "填空题"}
STATUSES = {"draft": "草稿", "published": "已发布", "closed": "已结束"}
STATES = SURVEY_STATES
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
    def published(self) -> bool:
        return self.status == "published"

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def owner(self) -> str:
        return self.unit_name or "全县"


SURVEY_SELECT = """
SELECT s.*, coalesce(u.name, '') AS unit_name, coalesce(e.title, '') AS event_title,
       (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id) AS responses
FROM surveys s LEFT JOIN units u ON u.id = s.unit_id LEFT JOIN events e ON e.id = s.event_id"""


def _survey_from_row(row: dict[str, Any], questions: list[Question] | None = None) -> Survey:
    return Survey(
        id=row["id"],
        unit_id=row["unit_id"],
        unit_name=row["unit_name"],
        event_id=row["event_id"],
        event_title=row["event_title"],
        title=row["title"],
        description=row["description"],
        status=row["status"],
        opens_at=clock.parse(row["opens_at"]),
        closes_at=clock.parse(row["closes_at"]),
        contact=row["contact"],
        allow_repeat=bool(row["allow_repeat"]),
        template=row["template"],
        created_by=row["created_by"] or "",
        created_at=clock.parse_required(row["created_at"]),
        published_at=clock.parse(row["published_at"]),
        responses=row["responses"],
        questions=questions or [],
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
        text = " ".join(clean_free_text(str(raw.get("text") or "")).split())
        if not text:
            raise ValidationError(f"请填写第{n + 1}题的题目。", field="questions")
        if len(text) > QUESTION_TEXT_LIMIT:
            raise ValidationError(f"第{n + 1}题的题目不能超过{QUESTION_TEXT_LIMIT}个字。", field="questions")
        options: list[str] = []
        if kind in ("single", "multi"):
            raw_options = raw.get("options") or []
            if isinstance(raw_options, str) or not isinstance(raw_options, (list, tuple)):
                raise ValidationError(f"{label(n, text)}的选项格式不正确。", field="questions")
            options = [" ".join(clean_free_text(str(o)).split()) for o in raw_options]
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
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, (list, tuple, set)) and len(value) == 0)
    )


def clean_answers(questions: Sequence[Question], answers: Sequence[Any]) -> list[tuple[int, int | None, str | None]]:
    """Check one response; returns the rows to store as (position, choice, text)."""
    if isinstance(answers, (str, bytes, dict)) or not isinstance(answers, Sequence):
        raise ValidationError("答案格式不正确。", field="answers")
    if len(answers) != len(questions):
        raise ValidationError(f"问卷共有{len(questions)}道题，收到了{len(answers)}个答案，请刷新后重新填写。", field="answers")
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
            text = clean_free_text(value).strip()
            if len(text) > ANSWER_TEXT_LIMIT:
                raise ValidationError(f"{name}的回答不能超过{ANSWER_TEXT_LIMIT}个字（现在{len(text)}个字）。", field=where)
            rows.append((question.position, None, text))
    return rows


def _clean_window(opens_at: Any, closes_at: Any) -> tuple[str | None, str | None]:
    opens, closes = clock.parse(opens_at), clock.parse(closes_at)
    if opens and closes and closes <= opens:
        raise ValidationError("问卷截止时间应晚于开始时间。", field="closes_at")
    return clock.to_iso(opens), clock.to_iso(closes)
