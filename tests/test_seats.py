"""The seat rules for every capacity 1–30: the pure function and the same rules through the API."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkreg.errors import InvalidTransition, QuotaError
from gkreg.seats import CITIZEN, citizen_reserved_for, compute_seats

pytestmark = pytest.mark.backends

CAPACITIES = list(range(1, 31))
OTHER_CATEGORIES = ["npc_deputy", "cppcc_member", "media", "expert", "other"]


# ---- the pure function ------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", CAPACITIES)
def test_reserved_and_limits_for_every_capacity(capacity: int) -> None:
    reserved = citizen_reserved_for(capacity)
    assert reserved == math.ceil(capacity / 3)
    empty = compute_seats(capacity, 0, 0)
    assert empty.citizen_seats_left == capacity
    assert empty.other_seats_left == capacity - reserved
    assert not empty.compliant
    # The non-citizen limit is exactly capacity - ceil(capacity/3): one more is refused.
    full_others = compute_seats(capacity, 0, capacity - reserved)
    assert full_others.other_seats_left == 0
    assert not full_others.has_seat_for("media")
    assert full_others.has_seat_for(CITIZEN) == (reserved > 0)
    # A full list that respects the limit is always compliant (the reason for the rule).
    full = compute_seats(capacity, reserved, capacity - reserved)
    assert full.confirmed == capacity and full.citizen_seats_left == 0 and full.compliant


@settings(deadline=None)  # pure arithmetic; on a busy shared machine one example can take over 200 ms
@given(capacity=st.integers(1, 30), data=st.data())
def test_compute_seats_properties(capacity: int, data: st.DataObject) -> None:
    reserved = citizen_reserved_for(capacity)
    others = data.draw(st.integers(0, capacity - reserved), label="others")
    citizens = data.draw(st.integers(0, capacity - others), label="citizens")
    pending = data.draw(st.integers(0, 50))
    waitlisted = data.draw(st.integers(0, 50))
    s = compute_seats(capacity, citizens, others, pending, waitlisted)
    assert s.capacity == capacity and s.citizen_reserved == reserved
    assert s.confirmed == citizens + others
    assert s.confirmed_citizens == citizens and s.confirmed_others == others
    assert s.citizen_seats_left == capacity - s.confirmed >= 0
    assert s.other_seats_left == max(0, min(capacity - reserved - others, capacity - s.confirmed))
    assert 0 <= s.other_seats_left <= s.citizen_seats_left
    assert s.compliant == (s.confirmed > 0 and 3 * citizens >= s.confirmed)
    assert (s.pending, s.waitlisted) == (pending, waitlisted)
    # Taking a seat whenever has_seat_for says so never breaks a limit.
    if s.has_seat_for("media"):
        after = compute_seats(capacity, citizens, others + 1)
        assert after.confirmed <= capacity and after.confirmed_others <= capacity - reserved
    if s.has_seat_for(CITIZEN):
        assert compute_seats(capacity, citizens + 1, others).confirmed <= capacity
    # Filling every remaining seat with citizens always ends compliant.
    filled = compute_seats(capacity, citizens + s.citizen_seats_left, others)
    assert filled.confirmed == capacity and filled.compliant


@given(capacity=st.integers(1, 30), steps=st.lists(st.sampled_from(["citizen", "media"]), max_size=80))
def test_greedy_filling_never_breaks_a_limit(capacity: int, steps: list[str]) -> None:
    citizens = others = 0
    for category in steps:
        seats = compute_seats(capacity, citizens, others)
        if seats.has_seat_for(category):
            if category == CITIZEN:
                citizens += 1
            else:
                others += 1
        assert citizens + others <= capacity
        assert others <= capacity - citizen_reserved_for(capacity)


# ---- the same rules through the API, for every capacity ---------------------------------------


def _invite(world, event_id: int, seq: int, category: str, actor: str = "clerk_a"):
    return world.od.registrations.register(
        event_id, name="李四", phone="", category=category, invited_by=actor, id_number=None, note=f"邀请{seq}"
    )


@pytest.mark.parametrize("capacity", CAPACITIES)
def test_auto_event_invites_citizens_waitlist(world, capacity: int) -> None:
    od = world.od
    event = world.event(capacity=capacity, approval="auto")
    reserved = citizen_reserved_for(capacity)
    limit = capacity - reserved
    for n in range(limit):
        reg = _invite(world, event, n, OTHER_CATEGORIES[n % len(OTHER_CATEGORIES)])
        assert reg.status == "confirmed" and reg.invited
    with pytest.raises(QuotaError) as err:
        _invite(world, event, 99, "media")
    assert "名额" in str(err.value)
    assert od.events.seats(event).confirmed_others == limit
    # Citizens fill the rest, first come first served.
    for n in range(reserved):
        assert world.signup(event, n).status == "confirmed"
    seats = od.events.seats(event)
    assert seats.confirmed == capacity and seats.citizen_seats_left == 0 and seats.compliant
    # Full: the next citizen is waitlisted, a further invitation refused.
    late = world.signup(event, 500)
    assert late.status == "waitlisted" and late.waitlist_position == 1
    later = world.signup(event, 501)
    assert later.status == "waitlisted" and later.waitlist_position == 2
    with pytest.raises(QuotaError):
        _invite(world, event, 100, "expert")
    # Cancelling a confirmed invitee promotes the oldest waitlisted citizen in the same transaction.
    first = od.registrations.for_event(event, "clerk_a")[0]
    before = od.db.scalar("SELECT count(*) FROM audit_log")
    od.registrations.cancel(first.id, "clerk_a")
    assert od.registrations.get(late.id).status == "confirmed"
    assert od.registrations.get(later.id).waitlist_position == 1
    assert od.events.seats(event).confirmed == capacity
    actions = [r["action"] for r in od.db.rows("SELECT action FROM audit_log WHERE id > ?", (before,))]
    assert actions == ["registration.cancel", "registration.promote"]
    # Finalize: compliant and nothing pending.
    finalized = od.events.finalize(event, "clerk_a")
    assert finalized.finalized and finalized.confirmed == capacity


@pytest.mark.parametrize("capacity", CAPACITIES)
def test_review_event_approve_waitlist_and_finalize(world, capacity: int) -> None:
    od = world.od
    event = world.event(capacity=capacity, approval="review")
    pending = [world.signup(event, n) for n in range(capacity + 1)]
    assert all(r.status == "pending" for r in pending)
    assert od.events.seats(event).pending == capacity + 1
    # Finalize with anything pending: InvalidTransition, checked before the quota rule.
    with pytest.raises(InvalidTransition):
        od.events.finalize(event, "clerk_a")
    approved = [od.registrations.approve(r.id, "clerk_a") for r in pending]
    assert [r.status for r in approved] == ["confirmed"] * capacity + ["waitlisted"]
    seats = od.events.seats(event)
    assert seats.confirmed == capacity and seats.waitlisted == 1 and seats.pending == 0
    # A citizen cancels with code and phone: the waitlisted one takes the seat at once.
    od.registrations.cancel_by_code(pending[0].code, pending[0].phone)
    assert od.registrations.get(pending[-1].id).status == "confirmed"
    assert od.events.seats(event).waitlisted == 0
    assert od.events.finalize(event, "clerk_a").finalized


@pytest.mark.parametrize("capacity", CAPACITIES)
def test_finalize_needs_one_third_citizens(world, capacity: int) -> None:
    od = world.od
    event = world.event(capacity=capacity, approval="auto")
    # Empty list: QuotaError.
    with pytest.raises(QuotaError):
        od.events.finalize(event, "clerk_a")
    limit = capacity - citizen_reserved_for(capacity)
    for n in range(limit):
        _invite(world, event, n, "npc_deputy")
    citizens = 0
    # Add citizens one by one: finalize is refused exactly while 3 * citizens < confirmed.
    while True:
        confirmed = limit + citizens
        if confirmed > 0 and 3 * citizens >= confirmed:
            break
        with pytest.raises(QuotaError):
            od.events.finalize(event, "clerk_a")
        world.signup(event, citizens)
        citizens += 1
    # A pending sign-up makes it InvalidTransition even though the quota rule now holds.
    review = world.event(capacity=capacity, approval="review")
    for n in range(limit):
        _invite(world, review, n, "media")
    world.signup(review, 900)
    with pytest.raises(InvalidTransition):
        od.events.finalize(review, "clerk_a")
    seats = od.events.finalize(event, "clerk_a")
    assert seats.finalized and seats.compliant and 3 * seats.confirmed_citizens >= seats.confirmed > 0
    # Once finalized, no second finalize and no further invitations.
    with pytest.raises(InvalidTransition):
        od.events.finalize(event, "clerk_a")
    with pytest.raises((InvalidTransition, QuotaError)):
        _invite(world, event, 999, "citizen")


def test_invitation_may_take_a_citizen_seat_but_never_waits(world) -> None:
    od = world.od
    event = world.event(capacity=3, approval="auto")
    assert _invite(world, event, 1, "citizen").status == "confirmed"
    assert _invite(world, event, 2, "media").status == "confirmed"
    assert _invite(world, event, 3, "citizen").status == "confirmed"
    with pytest.raises(QuotaError):
        _invite(world, event, 4, "citizen")
    assert od.events.seats(event).waitlisted == 0


def test_waitlisted_invitee_is_never_promoted_before_citizens(world) -> None:
    """Promotion takes the oldest waitlisted citizen; rejecting a waitlisted one frees their place."""
    od = world.od
    event = world.event(capacity=2, approval="auto")
    a, b = world.signup(event, 1), world.signup(event, 2)
    c, d = world.signup(event, 3), world.signup(event, 4)
    assert (c.status, d.status) == ("waitlisted", "waitlisted")
    od.registrations.reject(c.id, "clerk_a", "名额调整")
    od.registrations.cancel(a.id, "clerk_a")
    assert od.registrations.get(d.id).status == "confirmed"
    assert od.registrations.get(b.id).status == "confirmed"
    assert od.registrations.get(c.id).status == "rejected"


def test_trigger_refuses_raw_overbooking(world) -> None:
    """The database backstop: even a raw INSERT/UPDATE cannot pass the cap or the non-citizen limit."""
    from gkreg.dialect import integrity_errors

    od = world.od
    event = world.event(capacity=3, approval="auto")
    for n in range(3):
        world.signup(event, n)
    conn = od.db.connection()
    with pytest.raises(integrity_errors(), match="gkreg_capacity"):
        conn.execute(
            "INSERT INTO registrations (event_id, code, name, category, status, created_at)"
            " VALUES (?, 'RAWRAW22', '王五', 'citizen', 'confirmed', '2026-01-01 00:00:00')",
            (event,),
        )
    other = world.event(capacity=3, approval="auto")
    conn.execute(
        "INSERT INTO registrations (event_id, code, name, category, status, created_at)"
        " VALUES (?, 'RAWRAW33', '王五', 'media', 'confirmed', '2026-01-01 00:00:00')",
        (other,),
    )
    conn.execute(
        "INSERT INTO registrations (event_id, code, name, category, status, created_at)"
        " VALUES (?, 'RAWRAW44', '王六', 'media', 'confirmed', '2026-01-01 00:00:00')",
        (other,),
    )
    with pytest.raises(integrity_errors(), match="gkreg_capacity"):
        conn.execute(
            "INSERT INTO registrations (event_id, code, name, category, status, created_at)"
            " VALUES (?, 'RAWRAW55', '王七', 'expert', 'confirmed', '2026-01-01 00:00:00')",
            (other,),
        )
    assert od.events.seats(event).confirmed == 3
    assert od.events.seats(other).confirmed_others == 2
