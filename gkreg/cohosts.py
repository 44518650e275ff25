"""Co-hosted events (合办): a lead unit plus any number of co-hosting units.

The lead unit (``events.unit_id``) plans the event; every host's staff see and manage its
attendees and opinions (``access.require_event_host``). Counts credit each host once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .access import event_host_units, require_unit
from .errors import InvalidTransition, NotFound, ValidationError

if TYPE_CHECKING:
    from . import OpenDay


class Cohosts:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    def set(self, event_id: int, actor: str, unit_ids: list[int]) -> list[int]:
        """Replace the co-hosting units of an event (lead unit's staff or the office)."""
        event = self.od.events.get(event_id)
        require_unit(self.db, actor, event.unit_id)
        if event.cancelled:
            raise InvalidTransition("活动已取消，不能修改合办单位。")
        wanted = sorted({int(u) for u in unit_ids or []} - {event.unit_id})
        if wanted:
            marks = ",".join("?" * len(wanted))
            found = {r["id"] for r in self.db.rows(f"SELECT id FROM units WHERE id IN ({marks})", wanted)}
            if set(wanted) - found:
                raise NotFound("未找到所选的合办单位。")
        if len(wanted) > 50:
            raise ValidationError("合办单位最多50个。", field="cohosts")
        with self.db.transaction(actor, "event.cohosts") as tx:
            tx.execute("DELETE FROM event_cohosts WHERE event_id = ?", (event_id,))
            for unit_id in wanted:
                tx.insert("event_cohosts", {"event_id": event_id, "unit_id": unit_id})
            tx.target("event", event_id, cohosts=wanted)
        return wanted

    def of(self, event_id: int) -> list[int]:
        """The co-hosting units (without the lead)."""
        return event_host_units(self.db, event_id)[1:]

    def hosts(self, event_id: int) -> list[int]:
        """Lead first, then co-hosts."""
        return event_host_units(self.db, event_id)

    def names(self, event_ids: list[int]) -> dict[int, list[str]]:
        """Every host's name per event, lead first (one query; for lists and the calendar)."""
        if not event_ids:
            return {}
        marks = ",".join("?" * len(event_ids))
        rows = self.db.rows(
            f"""SELECT e.id AS event_id, u.name, 0 AS lead_order, u.id AS unit_id FROM events e
                  JOIN units u ON u.id = e.unit_id WHERE e.id IN ({marks})
                UNION ALL
                SELECT c.event_id, u.name, 1, u.id FROM event_cohosts c JOIN units u ON u.id = c.unit_id
                  WHERE c.event_id IN ({marks}) AND c.unit_id != (SELECT unit_id FROM events WHERE id = c.event_id)
                ORDER BY 1, 3, 4""",
            [*event_ids, *event_ids],
        )
        out: dict[int, list[str]] = {}
        for row in rows:
            out.setdefault(row["event_id"], []).append(row["name"])
        return out


def host_event_pairs_sql(where: str = "1") -> str:
    """SQL yielding (unit_id, event_id) once per host of each event: the lead and each co-host.

    ``where`` filters the events (alias ``e``). Counts per unit use it so that a co-hosted
    event credits each host once and never one host twice.
    """
    return (
        f"SELECT e.unit_id AS unit_id, e.id AS event_id FROM events e WHERE {where} "
        f"UNION SELECT c.unit_id, e.id FROM event_cohosts c JOIN events e ON e.id = c.event_id WHERE {where}"
    )


def unit_event_counts(od: OpenDay, where: str = "1", params: list[Any] | None = None) -> dict[int, int]:
    """Events per host unit (co-hosts credited once each)."""
    sql = f"SELECT unit_id, count(*) AS n FROM ({host_event_pairs_sql(where)}) GROUP BY unit_id"
    return {r["unit_id"]: r["n"] for r in od.db.rows(sql, [*(params or []), *(params or [])])}
