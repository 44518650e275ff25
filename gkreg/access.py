"""Who may act on what: unit staff on their own unit, coordinators on all."""

from __future__ import annotations

from dataclasses import dataclass

from .db import Database
from .errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    unit_id: int | None
    display_name: str = ""

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    def may_act_on_unit(self, unit_id: int | None) -> bool:
        return self.is_coordinator or (unit_id is not None and self.unit_id == unit_id)


def load_actor(db: Database, username: str | None) -> Actor:
    row = db.row("SELECT username, role, unit_id, display_name, active FROM users WHERE username = ?", (username or "",))
    if row is None or not row["active"]:
        raise PermissionDenied("请先以有效的工作人员账号登录。")
    return Actor(row["username"], row["role"], row["unit_id"], row["display_name"])


def require_unit(db: Database, username: str | None, unit_id: int | None) -> Actor:
    actor = load_actor(db, username)
    if not actor.may_act_on_unit(unit_id):
        raise PermissionDenied("您只能管理本单位的活动和数据。")
    return actor


def require_coordinator(db: Database, username: str | None) -> Actor:
    actor = load_actor(db, username)
    if not actor.is_coordinator:
        raise PermissionDenied("此操作仅限县政务公开办。")
    return actor
