"""Online activities (no seat list) and co-hosted events (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from gkreg import clock
from gkreg.errors import InvalidTransition, PermissionDenied, ValidationError
from gkreg.planning import Planning

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


@pytest.fixture
def later():
    """Move the clock forward inside a test and back afterwards."""

    def move(days: int) -> None:
        clock.shift(dt.timedelta(days=days))

    yield move
    clock.shift(dt.timedelta(0))


def make_campaign(od, **kw) -> int:
    today = clock.now().date()
    kw.setdefault("name", "2026年政务公开日")
    kw.setdefault("starts_on", today - dt.timedelta(days=30))
    kw.setdefault("ends_on", today + dt.timedelta(days=60))
    return od.campaigns.create("coord", **kw)


def test_online_interview_held_and_reported_without_attendees(world, later):
    od = world.od
    eid = od.online.create(
        world.unit_a,
        "clerk_a",
        title="局长在线访谈：义务教育招生",
        form="在线访谈",
        starts_at=clock.now() + dt.timedelta(days=1),
        stream_url="https://live.example.gov.cn/1",
        schedule="09:30 开场\n09:40 政策解读\n10:30 网友提问",
        guests=[{"name": "王局长", "title": "局长", "unit": "甲县教育局"}, {"name": "", "title": "", "unit": ""}],
    )
    event = od.events.get(eid)
    assert event.online and event.status == "open" and event.form == "在线访谈"
    info = od.online.get(eid)
    assert [g.name for g in info.guests] == ["王局长"] and info.stream_url.startswith("https://")
    # No seat list: no sign-up, no finalize.
    with pytest.raises(InvalidTransition, match="在线活动"):
        world.signup(eid, 1)
    with pytest.raises(InvalidTransition, match="无需确定名单"):
        od.events.finalize(eid, "clerk_a")
    assert od.registrations.for_event(eid, "clerk_a") == []
    plan = Planning(od)
    with pytest.raises(InvalidTransition, match="尚未开始"):
        plan.mark_held(eid, "clerk_a")
    later(2)
    assert plan.mark_held(eid, "clerk_a").status == "held"
    # The record: transcript and questions with answers; a question goes to the ledger in one action.
    od.online.save_transcript(eid, "clerk_a", "主持人：各位网友大家好……")
    q1 = od.online.add_question(eid, "clerk_a", "学区划分什么时候公布？", "5月中旬在县政府网站公布。", asker="李**")
    q2 = od.online.add_question(eid, "clerk_a", "随迁子女需要什么材料？")
    opinion = od.online.question_to_ledger(q1, "clerk_a")
    with pytest.raises(InvalidTransition, match="已转入"):
        od.online.question_to_ledger(q1, "clerk_a")
    row = od.db.row("SELECT event_id, status, response, source FROM opinions WHERE id = ?", (opinion,))
    assert row == {"event_id": eid, "status": "answered", "response": "5月中旬在县政府网站公布。", "source": "online"}
    assert od.online.get(eid).questions[0].opinion_id == opinion
    assert od.db.row("SELECT status FROM opinions WHERE id = ?", (od.online.question_to_ledger(q2, "clerk_a"),)) == {
        "status": "received"
    }
    assert od.online.public_record(eid) is None
    od.online.publish_record(eid, "clerk_a")
    public = od.online.public_record(eid)
    assert [q.question for q in public.questions] == ["学区划分什么时候公布？", "随迁子女需要什么材料？"]
    assert all(q.asker == "" for q in public.questions)
    # The report works as for a seated event.
    od.reports.save(eid, "clerk_a", "4月20日，局长走进直播间……", attended=0)
    od.reports.publish(eid, "clerk_a")
    assert od.events.get(eid).status == "reported"
    assert [r.event.id for r in od.reports.published()] == [eid]


def test_online_activity_needs_a_way_in_and_a_safe_link(world):
    od = world.od
    start = clock.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="链接或热线"):
        od.online.create(world.unit_a, "clerk_a", title="热线", form="领导接听热线", starts_at=start)
    with pytest.raises(ValidationError, match="http"):
        od.online.create(world.unit_a, "clerk_a", title="访谈", starts_at=start, stream_url="javascript:alert(1)")
    with pytest.raises(ValidationError, match="形式"):
        od.online.create(world.unit_a, "clerk_a", title="访谈", form="进机关", starts_at=start, hotline="12345")
    with pytest.raises(PermissionDenied):
        od.online.create(world.unit_a, "clerk_b", title="访谈", starts_at=start, hotline="12345")
    eid = od.online.create(
        world.unit_a, "clerk_a", title="县长接听12345", form="领导接听热线", starts_at=start, hotline="0531-12345"
    )
    assert od.online.get(eid).hotline == "0531-12345"


def test_hotline_question_enters_ledger_as_hotline(world, later):
    od = world.od
    eid = od.online.create(
        world.unit_a,
        "clerk_a",
        title="县长接听12345",
        form="领导接听热线",
        starts_at=clock.now() + dt.timedelta(hours=1),
        hotline="12345",
    )
    later(1)
    Planning(od).mark_held(eid, "clerk_a")
    qid = od.online.add_question(eid, "clerk_a", "路灯坏了没人修")
    opinion = od.online.question_to_ledger(qid, "clerk_a")
    assert od.db.scalar("SELECT source FROM opinions WHERE id = ?", (opinion,)) == "hotline"


def test_cohosted_event_managed_by_both_units_and_counted_once_each(world, later):
    od = world.od
    cid = make_campaign(od)
    eid = world.event(days=1, capacity=6, approval="review", actor="clerk_a")
    assert od.events.get(eid).campaign_id == cid
    with pytest.raises(PermissionDenied):
        od.registrations.for_event(eid, "clerk_b")
    with pytest.raises(PermissionDenied):  # only the lead unit (or the office) names co-hosts
        od.cohosts.set(eid, "clerk_b", [world.unit_b])
    assert od.cohosts.set(eid, "clerk_a", [world.unit_b, world.unit_a]) == [world.unit_b]
    assert od.cohosts.hosts(eid) == [world.unit_a, world.unit_b]
    # Both units' staff see it and manage its attendees.
    assert eid in [e.id for e in od.events.list_for_unit(world.unit_b)]
    reg1 = world.signup(eid, 1)
    reg2 = world.signup(eid, 2)
    assert od.registrations.approve(reg1.id, "clerk_b").status == "confirmed"
    assert od.registrations.approve(reg2.id, "clerk_a").status == "confirmed"
    inv = od.registrations.register(eid, name="赵代表", phone="", category="npc_deputy", invited_by="clerk_b")
    assert inv.status == "confirmed"
    assert len(od.registrations.for_event(eid, "clerk_b")) == 3
    od.events.finalize(eid, "clerk_b")
    Planning(od).file(eid, "clerk_a")
    # A third unit's staff cannot.
    c = od.units.add("丙县卫健局")
    od.users.add("clerk_c", "clerk-c-pass", "unit_staff", unit_id=c)
    with pytest.raises(PermissionDenied):
        od.registrations.for_event(eid, "clerk_c")
    later(2)
    Planning(od).mark_held(eid, "clerk_a")
    # Counted once for each host: assessment evidence, filing status, dashboard.
    evidence = od.assessment.evidence(cid, world.unit_b, "coord")
    held = [e for e in evidence if e["criterion"] == "open_days"]
    assert [e["ref"] for e in held] == [f"event:{eid}"]
    evidence_a = od.assessment.evidence(cid, world.unit_a, "coord")
    assert [e["ref"] for e in evidence_a if e["criterion"] == "open_days"] == [f"event:{eid}"]
    filing = {r["unit_id"]: r for r in od.campaigns.filing_status(cid, "coord")}
    assert filing[world.unit_a]["events"] == 1 and filing[world.unit_b]["events"] == 1
    assert filing[world.unit_b]["filing"] == "on_time" and filing[c]["events"] == 0
    from gkreg.dashboard import Filters

    status = od.dashboard.compute("coord", Filters(campaign_id=cid)).unit_status
    assert sorted(status["unit"]) == ["乙镇人民政府", "甲县教育局"]
    assert list(status["events"]) == [1, 1]


def test_cohost_staff_handle_the_events_opinions(world):
    od = world.od
    eid = world.event(actor="clerk_a")
    own_b = od.feedback.submit("乙镇自己的意见", unit_id=world.unit_b)
    opinion = od.feedback.submit("座谈会上的意见", event_id=eid)
    with pytest.raises(PermissionDenied):
        od.feedback.respond(opinion, status="processing", response="", actor="clerk_b")
    assert opinion not in [r["id"] for r in od.feedback.ledger("clerk_b")]
    od.cohosts.set(eid, "clerk_a", [world.unit_b])
    assert {r["id"] for r in od.feedback.ledger("clerk_b")} == {opinion, own_b}
    od.feedback.respond(opinion, status="adopted", response="已采纳", actor="clerk_b")
    od.feedback.publish(opinion, "clerk_b")
    recorded = od.feedback.record_many(["现场意见一"], actor="clerk_b", event_id=eid)
    assert od.db.scalar("SELECT unit_id FROM opinions WHERE id = ?", (recorded[0],)) == world.unit_a
    with pytest.raises(PermissionDenied):  # the lead's opinions outside the event stay the lead's
        od.feedback.respond(
            od.feedback.submit("甲局其他意见", unit_id=world.unit_a), status="processing", response="", actor="clerk_b"
        )


def test_online_edit_is_all_or_nothing(world):
    od = world.od
    start = clock.now() + dt.timedelta(days=4)
    eid = od.online.create(world.unit_a, "clerk_a", title="访谈", starts_at=start, hotline="12345")
    later_start = start + dt.timedelta(days=1)
    od.online.edit(
        eid,
        "clerk_a",
        title="局长访谈（改期）",
        starts_at=later_start,
        ends_at=later_start,
        stream_url="https://live.example.gov.cn/2",
        hotline="",
        schedule="10:00 开始",
        guests=[{"name": "王明", "title": "局长", "unit": ""}],
    )
    event, info = od.events.get(eid), od.online.get(eid)
    assert (event.title, event.starts_at, info.stream_url, info.hotline) == (
        "局长访谈（改期）",
        later_start,
        "https://live.example.gov.cn/2",
        "",
    )
    with pytest.raises(ValidationError):  # a bad link after a good title: nothing changes
        od.online.edit(
            eid,
            "clerk_a",
            title="又改了",
            starts_at=later_start,
            ends_at=later_start,
            stream_url="javascript:x",
            hotline="",
            schedule="",
            guests=[],
        )
    assert od.events.get(eid).title == "局长访谈（改期）" and [g.name for g in od.online.get(eid).guests] == ["王明"]
    with pytest.raises(PermissionDenied):
        od.online.edit(
            eid,
            "clerk_b",
            title="x",
            starts_at=later_start,
            ends_at=later_start,
            stream_url="",
            hotline="1234",
            schedule="",
            guests=[],
        )
