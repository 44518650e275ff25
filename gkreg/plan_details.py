"""A unit's plan for an event (seed 003): contact persons with phones and the ordered steps.

Contacts are working data between the unit and the office: shown to the event's lead unit and
to the office only, never on a public page, feed or export. Steps (the agenda) are public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .access import load_actor, require_coordinator, require_unit
from .errors import PermissionDenied, ValidationError
from .validation import clean_text

if TYPE_CHECKING:
    from . import OpenDay

PHONE_RE = re.compile(r"^[0-9][0-9\-\s]{6,19}$")
MAX_CONTACTS = 10
MAX_STEPS = 30


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    role: str


def clean_contacts(items: list[Any]) -> list[Contact]:
    out = []
    for item in items or []:
        name = clean_text(item.get("name"), "contact_name", label="联系人")[:30]
        phone = re.sub(r"\s", "", str(item.get("phone") or ""))
        role = clean_text(item.get("role"), "contact_role", label="职务或分工")[:60]
        if not name and not phone and not role:
            continue
        if not name:
            raise ValidationError("请填写每位联系人的姓名。", field="contacts")
        if not PHONE_RE.match(phone):
            raise ValidationError(f"联系人“{name}”的电话不正确（手机号或带区号的固定电话）。", field="contacts")
        out.append(Contact(name, phone, role))
    if len(out) > MAX_CONTACTS:
        raise ValidationError(f"联系人最多{MAX_CONTACTS}位。", field="contacts")
    return out


def clean_steps(items: list[Any]) -> list[str]:
    steps = [clean_text(str(s or ""), "topic", label="活动流程") for s in items or []]
    steps = [s for s in steps if s]
    if len(steps) > MAX_STEPS:
        raise ValidationError(f"活动流程最多{MAX_STEPS}步。", field="steps")
    return steps


class PlanDetails:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    def save(self, event_id: int, actor: str, *, contacts: list[Any], steps: list[Any]) -> None:
        event = self.od.events.get(event_id)
        require_unit(self.db, actor, event.unit_id)
        cleaned, ordered = clean_contacts(contacts), clean_steps(steps)
        with self.db.transaction(actor, "plan.details") as tx:
            tx.execute("DELETE FROM plan_contacts WHERE event_id = ?", (event_id,))
            tx.execute("DELETE FROM plan_steps WHERE event_id = ?", (event_id,))
            for c in cleaned:
                tx.insert("plan_contacts", {"event_id": event_id, "name": c.name, "phone": c.phone, "role": c.role})
            for position, text in enumerate(ordered, 1):
                tx.insert("plan_steps", {"event_id": event_id, "position": position, "text": text})
            tx.target("event", event_id, contacts=len(cleaned), steps=len(ordered))  # never the phones

    def contacts(self, event_id: int, actor: str) -> list[Contact]:
        """The event's contact persons: for its lead unit and the office only."""
        event = self.od.events.get(event_id)
        who = load_actor(self.db, actor)
        if not who.may_act_on_unit(event.unit_id):
            raise PermissionDenied("联系人信息仅限主办单位和县政务公开办查看。")
        return [
            Contact(r["name"], r["phone"], r["role"])
            for r in self.db.rows("SELECT name, phone, role FROM plan_contacts WHERE event_id = ? ORDER BY id", (event_id,))
        ]

    def steps(self, event_id: int) -> list[str]:
        return [r["text"] for r in self.db.rows("SELECT text FROM plan_steps WHERE event_id = ? ORDER BY position", (event_id,))]

    def campaign_contacts(self, campaign_id: int, actor: str) -> list[dict[str, Any]]:
        """Every contact of the campaign's events, for the office's phone list."""
        require_coordinator(self.db, actor)
        return self.db.rows(
            """SELECT u.name AS unit, e.title AS event, e.starts_at, c.name, c.phone, c.role
               FROM plan_contacts c JOIN events e ON e.id = c.event_id JOIN units u ON u.id = e.unit_id
               WHERE e.campaign_id = ? AND e.status != 'cancelled' ORDER BY u.name, e.starts_at, c.id""",
            (campaign_id,),
        )
