"""What every part of the questionnaire service shares: who may manage a survey, reading surveys."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from .. import clock
from ..access import Actor, load_actor, require_unit
from ..db import Database
from ..errors import NotFound, PermissionDenied
from .validation import (
    SURVEY_SELECT,
    Question,
    Survey,
    _survey_from_row,
)

if TYPE_CHECKING:
    from .. import OpenDay


class SurveyBase:
    od: OpenDay
    db: Database

    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

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

    def questions(self, survey_id: int) -> list[Question]:
        rows = self.db.rows("SELECT * FROM survey_questions WHERE survey_id = ? ORDER BY position", (survey_id,))
        return [Question(r["position"], r["kind"], r["text"], json.loads(r["options"]), bool(r["required"])) for r in rows]

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
        sql = (
            SURVEY_SELECT
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY CASE s.status WHEN 'published' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, s.id DESC"
        )
        return [_survey_from_row(r) for r in self.db.rows(sql, params)]

    def list_open(self, now: dt.datetime | None = None, event_id: int | None = None) -> list[Survey]:
        """Questionnaires a citizen can answer now, with their questions."""
        now_iso = clock.to_iso(now or clock.now())
        sql = (
            SURVEY_SELECT + " WHERE s.status = 'published' AND (s.opens_at IS NULL OR s.opens_at <= ?)"
            " AND (s.closes_at IS NULL OR s.closes_at > ?)"
        )
        params: list[Any] = [now_iso, now_iso]
        if event_id is not None:
            sql += " AND (s.event_id = ? OR s.event_id IS NULL)"
            params.append(event_id)
        rows = self.db.rows(sql + " ORDER BY s.closes_at IS NULL, s.closes_at, s.id DESC", params)
        return [_survey_from_row(r, self.questions(r["id"])) for r in rows]
