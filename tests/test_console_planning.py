"""Planning: drafts, edits, capacity floor, filing against the campaign deadline, the event's life, units."""

from __future__ import annotations

import datetime as dt

import pytest

from gkreg import clock
from gkreg.errors import InvalidTransition, PermissionDenied, QuotaError, ValidationError
from gkreg.planning import Planning
from tests.conftest import make_id

pytestmark = pytest.mark.backends


def campaign(od, deadline: str | None) -> int:
    with od.db.transaction("coord", "campaign.add") as tx:
        cid = tx.insert(
            "campaigns",
            {
                "name": "2026年政府开放日",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
                "filing_deadline": deadline,
                "report_due_workdays": 5,
                "created_at": "2026-01-01 00:00:00",
            },
        )
        tx.target("campaign", cid)
    return cid


def test_draft_publish_and_edit(world):
    plan = Planning(world.od)
    eid = plan.create(world.unit_a, "clerk_a", title="草稿活动", starts_at=clock.now() + dt.timedelta(days=9))
    assert world.od.events.get(eid).status == "draft"
    event = plan.update(eid, "clerk_a", title="改过的主题", capacity=12, form="进现场")
    assert (event.title, event.capacity, event.form) == ("改过的主题", 12, "进现场")
    assert plan.publish(eid, "clerk_a").status == "open"
    with pytest.raises(InvalidTransition):
        plan.publish(eid, "clerk_a")
    actions = [r["action"] for r in world.od.db.rows("SELECT action FROM audit_log ORDER BY id")]
    assert {"event.update", "event.publish"} <= set(actions)


def test_capacity_respects_max_setting_and_confirmed(world):
    od, plan = world.od, Planning(world.od)
    eid = world.event(capacity=10, approval="auto")
    for seq in range(6):
        world.signup(eid, seq + 1)
    with pytest.raises(QuotaError, match="已确认6人"):
        plan.update(eid, "clerk_a", capacity=5)
    assert od.events.get(eid).capacity == 10
    od.settings.set("max_capacity", 20, "coord")
    with pytest.raises(ValidationError):
        plan.update(eid, "clerk_a", capacity=25)
    assert plan.update(eid, "clerk_a", capacity=6).capacity == 6
    # the database trigger backs the rule even for a raw update
    with pytest.raises(QuotaError):
        with od.db.transaction("clerk_a", "raw") as tx:
            tx.execute("UPDATE events SET capacity = 3 WHERE id = ?", (eid,))


def test_capacity_floor_counts_invitees_limit(world):
    od, plan = world.od, Planning(world.od)
    eid = world.event(capacity=9)
    for n in range(6):  # 9 seats: 3 reserved for citizens, 6 for invitees
        od.registrations.register(
            eid, name="代表", phone="", category="npc_deputy", invited_by="clerk_a", id_number=make_id(100 + n)
        )
    with pytest.raises(QuotaError, match="受邀人员"):
        plan.update(eid, "clerk_a", capacity=8)


def test_filing_on_time_and_late(world):
    od, plan = world.od, Planning(world.od)
    today = clock.now().date()
    cid = campaign(od, today.isoformat())
    starts = clock.now() + dt.timedelta(days=20)
    early = plan.create(world.unit_a, "clerk_a", title="按时", starts_at=starts, campaign_id=cid)
    late = plan.create(world.unit_a, "clerk_a", title="逾期", starts_at=starts, campaign_id=cid)
    assert plan.filing(od.events.get(early)).state == "not_filed"
    filing = plan.file(early, "clerk_a")  # on the deadline day: on time
    assert filing.on_time is True and filing.deadline == today
    try:
        clock.shift(dt.timedelta(days=1))
        filing = plan.file(late, "clerk_a")
    finally:
        clock.shift(dt.timedelta(0))
    assert filing.on_time is False and filing.state == "late"
    assert od.events.get(late).filed_at.date() == today + dt.timedelta(days=1)
    assert plan.filing(od.events.get(early)).state == "on_time"
    with pytest.raises(InvalidTransition, match=f"已于{today + dt.timedelta(days=1):%Y-%m-%d}备案"):
        plan.file(late, "clerk_a")
    entry = od.db.row("SELECT detail FROM audit_log WHERE action = 'event.file' ORDER BY id DESC")
    assert '"on_time": false' in entry["detail"]


def test_the_filing_date_is_the_servers_clock_not_a_parameter(world):
    plan = Planning(world.od)
    eid = world.event()
    with pytest.raises(TypeError):
        plan.file(eid, "clerk_a", on=dt.date(2000, 1, 1))  # the dodge: back-dating a late plan


def test_filing_without_deadline_is_not_judged(world):
    plan = Planning(world.od)
    eid = world.event()
    filing = plan.file(eid, "clerk_a")
    assert filing.on_time is None and filing.state == "filed"


def test_life_finalized_held_and_cancel(world):
    od, plan = world.od, Planning(world.od)
    eid = world.event(capacity=6, approval="auto", days=1)
    world.signup(eid, 1)
    with pytest.raises(InvalidTransition, match="请先确定名单"):
        plan.mark_held(eid, "clerk_a")
    od.events.finalize(eid, "clerk_a")
    with pytest.raises(InvalidTransition, match="尚未开始"):
        plan.mark_held(eid, "clerk_a")
    clock.shift(dt.timedelta(days=2))
    try:
        assert plan.mark_held(eid, "clerk_a").status == "held"
    finally:
        clock.shift(dt.timedelta(0))
    with pytest.raises(InvalidTransition):
        plan.cancel(eid, "clerk_a")
    other = world.event(approval="auto")
    reg = world.signup(other, 2)
    assert plan.cancel(other, "clerk_a", reason="天气原因").status == "cancelled"
    assert od.registrations.get(reg.id).status == "cancelled"
    with pytest.raises(InvalidTransition):
        plan.update(other, "clerk_a", title="再改")


def test_permissions_across_units(world):
    od, plan = world.od, Planning(world.od)
    eid = world.event()
    with pytest.raises(PermissionDenied):
        plan.update(eid, "clerk_b", title="别人的活动")
    with pytest.raises(PermissionDenied):
        plan.file(eid, "clerk_b")
    with pytest.raises(PermissionDenied):
        plan.cancel(eid, "clerk_b")
    with pytest.raises(PermissionDenied):
        plan.create(world.unit_a, "clerk_b", title="越权", starts_at="2026-12-01 09:00")
    assert [e.id for e in plan.events_for("clerk_b")] == []
    assert [e.id for e in plan.events_for("clerk_a")] == [eid]
    assert [e.id for e in plan.events_for("coord", world.unit_a)] == [eid]
    assert [u["id"] for u in plan.units_for("clerk_a")] == [world.unit_a]
    assert len(plan.units_for("coord")) == 2
    assert od.events.get(eid).title == "走进机关开放日"
