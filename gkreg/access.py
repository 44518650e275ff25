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


def event_host_units(db: Database, event_id: int) -> list[int]:
    """The lead unit first, then the co-hosting units (合办单位) of an event."""
    lead = db.scalar("SELECT unit_id FROM events WHERE id = ?", (event_id,))
    if lead is None:
        return []
    cohosts = [
        r["unit_id"] for r in db.rows("SELECT unit_id FROM event_cohosts WHERE event_id = ? ORDER BY unit_id", (event_id,))
    ]
    return [lead, *[u for u in cohosts if u != lead]]


def require_event_host(db: Database, username: str | None, event_id: int) -> Actor:
    """Coordinators, the lead unit's staff and every co-host's staff manage an event's people and opinions."""
    actor = load_actor(db, username)
    if actor.is_coordinator:
        return actor
    if actor.unit_id is None or actor.unit_id not in event_host_units(db, event_id):
        raise PermissionDenied("您只能管理本单位主办或合办的活动和数据。")
    return actor


def require_opinion_handler(db: Database, username: str | None, opinion: dict) -> Actor:
    """Who may handle an opinion: its unit's staff, and for an event's opinion every host's staff (合办)."""
    if opinion.get("event_id") is not None:
        return require_event_host(db, username, opinion["event_id"])
    return require_unit(db, username, opinion["unit_id"])
