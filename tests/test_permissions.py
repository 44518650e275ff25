"""Unit staff act only on their own unit; the coordinator on every unit; nothing written on refusal."""

from __future__ import annotations

import pytest

from gkreg.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def audit_count(od) -> int:
    return od.db.scalar("SELECT count(*) FROM audit_log")


@pytest.fixture
def unit_a_event(world):
    event = world.event(capacity=10)  # unit A, review mode
    pending = world.signup(event, 1)
    other = world.signup(event, 2)
    confirmed = world.od.registrations.approve(other.id, "clerk_a")
    return event, pending, confirmed


def test_clerk_of_unit_b_cannot_touch_unit_a(world, unit_a_event) -> None:
    od = world.od
    event, pending, confirmed = unit_a_event
    calls = {
        "approve": lambda: od.registrations.approve(pending.id, "clerk_b"),
        "reject": lambda: od.registrations.reject(pending.id, "clerk_b", "不符合条件"),
        "cancel": lambda: od.registrations.cancel(confirmed.id, "clerk_b"),
        "check_in": lambda: od.registrations.check_in(confirmed.id, "clerk_b"),
        "for_event": lambda: od.registrations.for_event(event, "clerk_b"),
        "finalize": lambda: od.events.finalize(event, "clerk_b"),
        "invite": lambda: od.registrations.register(event, name="王五", phone="", category="media", invited_by="clerk_b"),
        "reveal": lambda: od.registrations.reveal_id_number(pending.id, "clerk_b"),
        "add_event": lambda: world.event(actor="clerk_b"),
    }
    for name, call in calls.items():
        before = (
            audit_count(od),
            od.db.scalar("SELECT count(*) FROM registrations"),
            od.db.scalar("SELECT count(*) FROM events"),
        )
        with pytest.raises(PermissionDenied) as err:
            call()
        assert "权限" in str(err.value) or "本单位" in str(err.value), name
        after = (audit_count(od), od.db.scalar("SELECT count(*) FROM registrations"), od.db.scalar("SELECT count(*) FROM events"))
        assert after == before, name
    assert od.registrations.get(pending.id).status == "pending"
    assert od.registrations.get(confirmed.id).status == "confirmed"
    assert od.registrations.get(confirmed.id).checked_in_at is None


def test_unknown_or_missing_actor_is_refused(world, unit_a_event) -> None:
    od = world.od
    event, pending, _confirmed = unit_a_event
    for actor in ("", None, "nobody"):
        with pytest.raises(PermissionDenied):
            od.registrations.approve(pending.id, actor)
        with pytest.raises(PermissionDenied):
            od.registrations.register(event, name="王五", phone="", category="media", invited_by=actor or "nobody")


def test_disabled_account_is_refused(world, unit_a_event) -> None:
    od = world.od
    _event, pending, _confirmed = unit_a_event
    od.users.set_active("clerk_a", False, "coord")
    with pytest.raises(PermissionDenied):
        od.registrations.approve(pending.id, "clerk_a")


def test_own_clerk_and_coordinator_can(world, unit_a_event) -> None:
    od = world.od
    event, pending, confirmed = unit_a_event
    assert len(od.registrations.for_event(event, "clerk_a")) == 2
    assert len(od.registrations.for_event(event, "coord")) == 2
    assert od.registrations.register(event, name="王五", phone="", category="media", invited_by="clerk_a").status == "confirmed"
    assert od.registrations.register(event, name="赵六", phone="", category="expert", invited_by="coord").status == "confirmed"
    assert od.registrations.check_in(confirmed.id, "coord").checked_in_at is not None
    assert od.registrations.reject(pending.id, "coord", "名额有限").status == "rejected"
    third = world.signup(event, 3)
    assert od.registrations.approve(third.id, "coord").status == "confirmed"
    assert od.registrations.cancel(third.id, "clerk_a").status == "cancelled"
    assert od.events.finalize(event, "coord").finalized
    b_event = world.event(unit=world.unit_b, actor="clerk_b")
    assert od.events.get(b_event).unit_id == world.unit_b


def test_coordinator_only_actions(world) -> None:
    od = world.od
    with pytest.raises(PermissionDenied):
        od.users.add("newbie", "newbie-pass-1", "unit_staff", unit_id=world.unit_a, actor="clerk_a")
    with pytest.raises(PermissionDenied):
        od.settings.set("retention_days", 30, "clerk_a")
    with pytest.raises(PermissionDenied):
        od.units.add("丙镇", "township", actor="clerk_b")
    od.settings.set("retention_days", 30, "coord")
    assert od.settings.get("retention_days") == 30


def test_lookup_same_message_for_wrong_code_or_phone(world) -> None:
    od = world.od
    event = world.event()
    reg = world.signup(event, 5)
    with pytest.raises(NotFound) as wrong_code:
        od.registrations.lookup("ZZZZZZZZ", reg.phone)
    with pytest.raises(NotFound) as wrong_phone:
        od.registrations.lookup(reg.code, "13000000000")
    with pytest.raises(NotFound) as wrong_cancel:
        od.registrations.cancel_by_code(reg.code, "13000000000")
    assert str(wrong_code.value) == str(wrong_phone.value) == str(wrong_cancel.value)
    assert od.registrations.get(reg.id).status == "pending"
