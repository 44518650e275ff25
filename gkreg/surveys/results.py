"""Questionnaire results computed in SQL: counts per option, ratings, text answers, the timeline."""

from __future__ import annotations

from typing import Any

from ..errors import NotFound
from .base import SurveyBase
from .validation import (
    RATINGS,
)


class SurveyResults(SurveyBase):
    @staticmethod
    def _scope(event_id: int | None) -> tuple[str, tuple]:
        if event_id is None:
            return "", ()
        return (" AND response_id IN (SELECT id FROM survey_responses WHERE survey_id = ? AND event_id = ?)", (event_id,))

    def response_count(self, survey_id: int, event_id: int | None = None) -> int:
        if event_id is None:
            return int(self.db.scalar("SELECT count(*) FROM survey_responses WHERE survey_id = ?", (survey_id,)))
        return int(
            self.db.scalar("SELECT count(*) FROM survey_responses WHERE survey_id = ? AND event_id = ?", (survey_id, event_id))
        )

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
            f"{scope} GROUP BY position, choice",
            (survey_id, *scope_args),
        ).fetchall()
        answered = dict(
            conn.execute(
                f"SELECT position, count(DISTINCT response_id) FROM survey_answers WHERE survey_id = ?{scope} GROUP BY position",
                (survey_id, *scope_args),
            ).fetchall()
        )
        texts = conn.execute(
            f"SELECT position, text FROM survey_answers WHERE survey_id = ? AND text IS NOT NULL AND text != ''"
            f"{scope} ORDER BY position, response_id",
            (survey_id, *scope_args),
        ).fetchall()
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
            out.append(
                {
                    "position": q.position,
                    "text": q.text,
                    "kind": q.kind,
                    "counts": table,
                    "average": average,
                    "answers": text_by.get(q.position, []),
                    "answered": answered.get(q.position, 0),
                    "required": q.required,
                }
            )
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
            " WHERE r.survey_id = ? GROUP BY r.event_id, e.id, u.id ORDER BY e.starts_at DESC",
            (survey_id,),
        )

    def text_answers(
        self, survey_id: int, *, search: str = "", position: int | None = None, event_id: int | None = None, limit: int = 5000
    ) -> list[dict[str, Any]]:
        """Free-text answers (newest first) matching ``search`` (any words, case-insensitive)."""
        sql = (
            "SELECT a.id, a.position, a.text, a.opinion_id, r.submitted_at, r.event_id, r.name, r.phone"
            " FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
            " WHERE a.survey_id = ? AND a.text IS NOT NULL AND a.text != ''"
        )
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
