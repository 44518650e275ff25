"""Registration use cases beyond the seat arithmetic: codes, lookup, transitions, check-in, the list."""

from __future__ import annotations

import re

import pytest
from conftest import make_id

from gkreg.codes import CODE_ALPHABET
from gkreg.errors import InvalidTransition, NotFound, QuotaError, ValidationError

pytestmark = pytest.mark.backends

CODE = re.compile(f"^[{CODE_ALPHABET}]{{8}}$")


def test_registration_fields_and_code(world) -> None:
    od = world.od
    event = world.event()
    number = make_id(11)
    reg = world.signup(
        event,
        11,
        name=" 欧阳  娜娜 ",
        phone="+86 139 0000 0011",
        id_number=number,
        note="希望了解招生政策",
        organization="个体",
        topic="入学",
    )
    assert CODE.match(reg.code)
    assert (reg.event_id, reg.name, reg.phone, reg.category, reg.status) == (
        event,
        "欧阳 娜娜",
        "13900000011",
        "citizen",
        "pending",
    )
    assert reg.id_number_masked == number[:3] + "*" * 11 + number[-4:]
    assert not reg.invited and reg.checked_in_at is None and reg.created_at is not None
    assert not hasattr(reg, "id_number")
    codes = {world.signup(event, n).code for n in range(20, 60)}
    assert len(codes) == 40 and all(CODE.match(c) for c in codes)
    audit = od.db.row("SELECT * FROM audit_log WHERE action = 'registration.signup' ORDER BY id LIMIT 1")
    assert audit["target_id"] == str(reg.id) and number not in str(audit) and "13900000011" not in str(audit)


def test_lookup_and_cancel_by_code(world) -> None:
    od = world.od
    event = world.event(approval="auto")
    reg = world.signup(event, 1)
    found = od.registrations.lookup(f" {reg.code.lower()} ", f"{reg.phone[:3]} {reg.phone[3:]}")
    assert found.id == reg.id and found.status == "confirmed"
    with pytest.raises(NotFound):
        od.registrations.lookup("", reg.phone)
    with pytest.raises(NotFound):
        od.registrations.lookup(reg.code, "")
    cancelled = od.registrations.cancel_by_code(reg.code, reg.phone)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    with pytest.raises(InvalidTransition):
        od.registrations.cancel_by_code(reg.code, reg.phone)
    assert od.registrations.lookup(reg.code, reg.phone).status == "cancelled"


def test_transitions(world) -> None:
    od = world.od
    event = world.event(capacity=1)
    a, b = world.signup(event, 1), world.signup(event, 2)
    assert od.registrations.approve(a.id, "clerk_a").status == "confirmed"
    with pytest.raises(InvalidTransition):
        od.registrations.approve(a.id, "clerk_a")
    with pytest.raises(InvalidTransition):  # a confirmed person is cancelled, not rejected
        od.registrations.reject(a.id, "clerk_a", "理由")
    waiting = od.registrations.approve(b.id, "clerk_a")
    assert waiting.status == "waitlisted" and waiting.waitlist_position == 1
    with pytest.raises(InvalidTransition):
        od.registrations.check_in(b.id, "clerk_a")
    rejected = od.registrations.reject(b.id, "clerk_a", "名额已满")
    assert rejected.status == "rejected" and rejected.reason == "名额已满"
    with pytest.raises(InvalidTransition):
        od.registrations.cancel(b.id, "clerk_a")
    with pytest.raises(NotFound):
        od.registrations.approve(99999, "clerk_a")


def test_check_in_and_undo(world) -> None:
    od = world.od
    event = world.event(approval="auto")
    reg = world.signup(event, 1)
    first = od.registrations.check_in(reg.id, "clerk_a")
    assert first.checked_in_at is not None
    assert od.registrations.check_in(reg.id, "clerk_a").checked_in_at == first.checked_in_at  # idempotent
    assert od.registrations.check_in(reg.id, "clerk_a", undo=True).checked_in_at is None


def test_list_oldest_first_with_waitlist_positions(world) -> None:
    od = world.od
    event = world.event(capacity=2, approval="auto")
    regs = [world.signup(event, n) for n in range(1, 6)]
    listed = od.registrations.for_event(event, "clerk_a")
    assert [r.id for r in listed] == [r.id for r in regs]
    assert [r.waitlist_position for r in listed] == [None, None, 1, 2, 3]
    od.registrations.cancel(regs[0].id, "clerk_a")
    listed = od.registrations.for_event(event, "clerk_a")
    assert [r.status for r in listed] == ["cancelled", "confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waitlist_position for r in listed][3:] == [1, 2]


def test_approve_many_in_signup_order(world) -> None:
    od = world.od
    event = world.event(capacity=2)
    regs = [world.signup(event, n) for n in range(1, 5)]
    done = od.registrations.approve_many([r.id for r in reversed(regs)], "clerk_a")
    assert [r.id for r in done] == [r.id for r in regs]
    assert [r.status for r in done] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_nothing_after_the_event_is_held(world) -> None:
    od = world.od
    event = world.event(approval="auto")
    reg = world.signup(event, 1)
    od.events.finalize(event, "clerk_a")
    with od.db.transaction("coord", "event.mark_held") as tx:
        tx.execute("UPDATE events SET status = 'held' WHERE id = ?", (event,))
    with pytest.raises(InvalidTransition):
        od.registrations.cancel(reg.id, "clerk_a")
    with pytest.raises(InvalidTransition):
        od.registrations.register(event, name="王五", phone="", category="media", invited_by="clerk_a")


def test_quota_message_names_the_limit(world) -> None:
    od = world.od
    event = world.event(capacity=9)
    for _ in range(6):
        od.registrations.register(event, name="王五", phone="", category="npc_deputy", invited_by="clerk_a")
    with pytest.raises(QuotaError) as err:
        od.registrations.register(event, name="王五", phone="", category="media", invited_by="clerk_a")
    assert "3" in str(err.value) and "6" in str(err.value)


def test_register_names_every_wrong_field_at_once_and_stores_nothing(world):
    od = world.od
    eid = world.event()
    with pytest.raises(ValidationError) as caught:
        od.registrations.register(eid, name="", phone="123", id_number="110101199001011234", consent=False, topic="问" * 501)
    problems = caught.value.problems
    assert set(problems) == {"name", "phone", "id_number", "topic", "consent"}
    assert problems["consent"].startswith("请阅读并同意")
    assert "校验位" in problems["id_number"]
    assert od.db.scalar("SELECT count(*) FROM registrations") == 0
    reg = od.registrations.register(eid, name="王小明", phone="139 1234 5678", id_number=make_id(5).lower(), consent=True)
    assert reg.status == "pending"
