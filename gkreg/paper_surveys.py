"""Paper questionnaires (线下问卷, seed 003 "线上线下"): staff type in paper forms one at a time or
import them from a spreadsheet built from the questionnaire's own template. Every answer passes
the same checks as an online response (``surveys.clean_answers``) and is stored with source
``paper``; results can be read online, paper, or both together.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import clock
from .errors import InvalidTransition, ValidationError
from .surveys import RATINGS, Question, clean_answers, label

if TYPE_CHECKING:
    from . import OpenDay

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
MARK_SHEET = "gkreg"
SPLIT = re.compile(r"[、,，;；\n]+")


def fingerprint(survey_id: int, questions: Sequence[Question]) -> str:
    """Identifies the questionnaire a template was made from (changed questions: a new template)."""
    text = "|".join(f"{q.kind}:{q.text}:{'/'.join(q.options)}" for q in questions)
    return f"{survey_id}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def cell_answer(question: Question, value: Any) -> Any:
    """A spreadsheet cell as the answer ``clean_answers`` expects (which then checks it)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if question.kind == "multi":
        return [part.strip() for part in SPLIT.split(str(value)) if part.strip()]
    if question.kind == "rating":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return value
    return str(value).strip() if not isinstance(value, str) else value.strip()


class PaperSurveys:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    def _survey(self, survey_id: int, actor: str):
        self.od.surveys.check_access(survey_id, actor)
        survey = self.od.surveys.get(survey_id)
        if survey.draft:
            raise InvalidTransition("问卷发布后才能录入纸质答卷。")
        return survey

    # ---- one form at a time ----------------------------------------------------------------------
    def enter(self, survey_id: int, actor: str, answers: Sequence[Any], event_id: int | None = None) -> int:
        """One paper form typed in by staff; the same validation as online."""
        survey = self._survey(survey_id, actor)
        rows = clean_answers(survey.questions, answers)
        event = self._event(survey, event_id)
        with self.db.transaction(actor, "survey.paper") as tx:
            response_id = tx.insert(
                "survey_responses",
                {"survey_id": survey_id, "event_id": event, "submitted_at": clock.to_iso(clock.now()), "source": "paper"},
            )
            tx.conn.executemany(
                "INSERT INTO survey_answers (response_id, survey_id, position, choice, text) VALUES (?, ?, ?, ?, ?)",
                [(response_id, survey_id, pos, choice, text) for pos, choice, text in rows],
            )
            tx.target("survey_response", response_id, survey=survey_id, source="paper")
        return response_id

    def _event(self, survey: Any, event_id: int | None) -> int | None:
        if survey.event_id is not None or event_id is None:
            return survey.event_id
        unit = self.db.scalar("SELECT unit_id FROM events WHERE id = ?", (event_id,))
        if unit is None or (survey.unit_id is not None and unit != survey.unit_id):
            raise ValidationError("所选活动不属于该问卷的单位。", field="event_id")
        return event_id

    # ---- the spreadsheet -------------------------------------------------------------------------
    def template_xlsx(self, survey_id: int, actor: str) -> bytes:
        """One column per question (choices as drop-down lists), one row per paper form."""
        from openpyxl import Workbook
        from openpyxl.worksheet.datavalidation import DataValidation

        from .exports import neutralise

        survey = self._survey(survey_id, actor)
        book = Workbook()
        sheet = book.active
        sheet.title = "纸质答卷"
        sheet.append(["序号", *[neutralise(label(q.position, q.text)) for q in survey.questions]])
        hints = ["（从第3行起每行一份）"]
        for q in survey.questions:
            if q.kind == "single":
                hints.append("单选：" + "／".join(q.options))
            elif q.kind == "multi":
                hints.append("多选，用“、”分隔：" + "／".join(q.options))
            elif q.kind == "rating":
                hints.append("评分：1–5")
            else:
                hints.append("填空")
        sheet.append([neutralise(h) for h in hints])
        for n, q in enumerate(survey.questions, start=2):
            column = sheet.cell(row=1, column=n).column_letter
            sheet.column_dimensions[column].width = 24
            if (
                q.kind == "single"
                and sum(len(o) + 1 for o in q.options) < 250
                and not any(c in o for o in q.options for c in ',"')
            ):
                rule = DataValidation(type="list", formula1='"' + ",".join(q.options) + '"', allow_blank=True)
            elif q.kind == "rating":
                rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True)
            else:
                continue
            sheet.add_data_validation(rule)
            rule.add(f"{column}3:{column}{MAX_IMPORT_ROWS + 2}")
        mark = book.create_sheet(MARK_SHEET)
        mark.append(["fingerprint", fingerprint(survey.id, survey.questions)])
        mark.sheet_state = "hidden"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def read_xlsx(self, survey_id: int, actor: str, data: bytes) -> list[list[Any]]:
        """Every filled row as answers, all checked; ``ValidationError`` naming the row otherwise."""
        from openpyxl import load_workbook

        survey = self._survey(survey_id, actor)
        if not data:
            raise ValidationError("文件是空的。", field="file")
        if len(data) > MAX_IMPORT_BYTES:
            raise ValidationError("文件超过2MB，请分批导入。", field="file")
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable file gets the same clear message
            raise ValidationError("无法读取该文件，请使用本问卷下载的Excel模板。", field="file") from None
        try:
            if MARK_SHEET not in book.sheetnames or next(
                book[MARK_SHEET].iter_rows(min_row=1, max_row=1, values_only=True), (None, None)
            )[1] != fingerprint(survey.id, survey.questions):
                raise ValidationError("这不是本问卷当前题目的模板（题目可能已修改），请重新下载模板填写。", field="file")
            sheet = book[book.sheetnames[0]]
            out: list[list[Any]] = []
            for number, row in enumerate(sheet.iter_rows(min_row=3, values_only=True), start=3):
                cells = list(row[1 : 1 + len(survey.questions)])
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                if len(out) >= MAX_IMPORT_ROWS:
                    raise ValidationError(f"每次最多导入{MAX_IMPORT_ROWS}份答卷。", field="file")
                cells += [None] * (len(survey.questions) - len(cells))
                answers = [cell_answer(q, c) for q, c in zip(survey.questions, cells, strict=True)]
                try:
                    clean_answers(survey.questions, answers)
                except ValidationError as exc:
                    raise ValidationError(f"第{number}行：{exc}", field="file") from None
                out.append(answers)
        finally:
            book.close()
        if not out:
            raise ValidationError("模板中没有填写答卷（从第3行起每行一份）。", field="file")
        return out

    def import_xlsx(self, survey_id: int, actor: str, data: bytes, event_id: int | None = None) -> int:
        """All rows or none: the number of paper responses written."""
        answers = self.read_xlsx(survey_id, actor, data)
        survey = self.od.surveys.get(survey_id)
        event = self._event(survey, event_id)
        now = clock.to_iso(clock.now())
        with self.db.transaction(actor, "survey.paper_import") as tx:
            for one in answers:
                rows = clean_answers(survey.questions, one)
                response_id = tx.insert(
                    "survey_responses", {"survey_id": survey_id, "event_id": event, "submitted_at": now, "source": "paper"}
                )
                tx.conn.executemany(
                    "INSERT INTO survey_answers (response_id, survey_id, position, choice, text) VALUES (?, ?, ?, ?, ?)",
                    [(response_id, survey_id, pos, choice, text) for pos, choice, text in rows],
                )
            tx.target("survey", survey_id, paper_responses=len(answers))
        return len(answers)

    # ---- results by source -------------------------------------------------------------------------
    def results_by_source(self, survey_id: int, actor: str) -> dict[str, dict[str, Any]]:
        """``{"online": …, "paper": …, "all": …}``, each ``{"responses", "questions": [{text, kind, counts,
        average}]}`` counted like ``Surveys.results``."""
        survey = self.od.surveys.get(survey_id)
        self.od.surveys.check_access(survey_id, actor)
        out = {}
        for source in ("online", "paper", None):
            where = "sr.survey_id = ?" + (" AND sr.source = ?" if source else "")
            params: list[Any] = [survey_id] + ([source] if source else [])
            total = int(self.db.scalar(f"SELECT count(*) FROM survey_responses sr WHERE {where}", params))
            counts: dict[int, dict[int, int]] = {}
            for r in self.db.rows(
                f"SELECT a.position, a.choice, count(*) AS n FROM survey_answers a JOIN survey_responses sr"
                f" ON sr.id = a.response_id WHERE {where} AND a.choice IS NOT NULL GROUP BY a.position, a.choice",
                params,
            ):
                counts.setdefault(r["position"], {})[r["choice"]] = r["n"]
            questions = []
            for q in survey.questions:
                got = counts.get(q.position, {})
                average = None
                if q.kind in ("single", "multi"):
                    table: dict[Any, int] = {opt: got.get(i, 0) for i, opt in enumerate(q.options)}
                elif q.kind == "rating":
                    table = {r: got.get(r, 0) for r in RATINGS}
                    n = sum(table.values())
                    average = round(sum(r * c for r, c in table.items()) / n, 2) if n else None
                else:
                    table = {}
                questions.append({"text": q.text, "kind": q.kind, "counts": table, "average": average})
            out[source or "all"] = {"responses": total, "questions": questions}
        return out
