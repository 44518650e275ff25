"""Units (单位): townships, county departments, enterprises and service windows."""

from __future__ import annotations

from typing import Any

from . import clock
from .db import Database
from .errors import NotFound, ValidationError
from .labels import UNIT_KINDS
from .validation import clean_text


class Units:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, kind: str = "department", actor: str | None = None) -> int:
        name = clean_text(name, "unit_name", required=True, label="单位名称")
        if kind not in UNIT_KINDS:
            raise ValidationError("单位类型应为乡镇（街道）、县直部门或企事业单位。")
        if actor is not None:
            from .access import require_coordinator

            require_coordinator(self.db, actor)
        if self.db.scalar("SELECT 1 FROM units WHERE name = ?", (name,)):
            raise ValidationError(f"单位“{name}”已存在。")
        with self.db.transaction(actor, "unit.add") as tx:
            unit_id = tx.insert("units", {"name": name, "kind": kind, "created_at": clock.to_iso(clock.now())})
            tx.target("unit", unit_id, name=name)
        return unit_id

    def get(self, unit_id: int) -> dict[str, Any]:
        row = self.db.row("SELECT * FROM units WHERE id = ?", (unit_id,))
        if row is None:
            raise NotFound("未找到该单位。")
        return row

    def by_name(self, name: str) -> dict[str, Any]:
        row = self.db.row("SELECT * FROM units WHERE name = ?", (name.strip(),))
        if row is None:
            raise NotFound(f"未找到单位“{name}”。")
        return row

    def list(self, active_only: bool = False) -> list[dict[str, Any]]:
        where = "WHERE active = 1" if active_only else ""
        return self.db.rows(f"SELECT * FROM units {where} ORDER BY kind, name")
