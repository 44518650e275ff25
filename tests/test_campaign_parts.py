"""Campaign parts (issue 13): participating units, deadlines with hours judged to the minute,
materials and summaries, inspections and bonus/penalty points in the assessment."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from PIL import Image

from gkreg import clock
from gkreg.campaign_parts import judge
from gkreg.errors import PermissionDenied, ValidationError

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def _campaign(od) -> int:
    today = clock.now().date()
    return od.campaigns.create(
        "coord", name="2026年政务公开日", starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=60)
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_judge_to_the_minute():
    due = dt.datetime(2026, 5, 15, 16, 0)
    assert judge(due, dt.datetime(2026, 5, 15, 15, 59, 59), due) == "on_time"
    assert judge(due, dt.datetime(2026, 5, 15, 16, 0, 59), due) == "on_time"
    assert judge(due, dt.datetime(2026, 5, 15, 16, 1, 0), due) == "late"
    assert judge(due, None, dt.datetime(2026, 5, 15, 16, 0, 30)) == "pending"
    assert judge(due, None, dt.datetime(2026, 5, 15, 16, 1)) == "missing"


def test_deadlines_with_hours_on_time_late_missing_at_the_right_minute(world, at_time):
    od = world.od
    cid = _campaign(od)
    parts = od.campaign_parts
    c = od.units.add("丙县卫健局")
    parts.set_units(cid, "coord", [world.unit_a, world.unit_b])
    assert {u["id"] for u in parts.participants(cid)} == {world.unit_a, world.unit_b}
    day = clock.now().date() + dt.timedelta(days=3)
    due = dt.datetime.combine(day, dt.time(16, 0))
    materials = parts.add_deadline(cid, "coord", kind="materials", name="活动材料报送（16时前）", due_at=due)
    summary = parts.add_deadline(cid, "coord", kind="summary", name="总结报告", due_at=due + dt.timedelta(days=5))
    with pytest.raises(PermissionDenied):
        parts.add_deadline(cid, "clerk_a", kind="other", name="x", due_at=due)
    od.users.add("clerk_c", "clerk-c-pass", "unit_staff", unit_id=c)
    with pytest.raises(PermissionDenied, match="参与单位"):
        parts.submit(materials, c, "clerk_c", body="材料")
    with pytest.raises(PermissionDenied):
        parts.submit(materials, world.unit_a, "clerk_b", body="材料")
    with pytest.raises(ValidationError, match="http"):
        parts.submit(materials, world.unit_a, "clerk_a", links=["ftp://x"])
    with pytest.raises(ValidationError):
        parts.submit(materials, world.unit_a, "clerk_a", files=[("a.exe", b"MZ\x90\x00")])
    # Unit A at 15:59:40 (on time), unit B at 16:01:05 (late).
    at_time(due - dt.timedelta(seconds=20))
    parts.submit(
        materials,
        world.unit_a,
        "clerk_a",
        body="开放日现场照片和新闻稿",
        links=["https://v.example.gov.cn/video/1", "https://www.example.gov.cn/news/2"],
        files=[("现场.png", _png()), ("方案.pdf", b"%PDF-1.4 test")],
    )
    before = {(v.unit_id, v.deadline.id): v.state for v in parts.status(cid, "coord")}
    assert before[(world.unit_a, materials)] == "on_time" and before[(world.unit_b, materials)] == "pending"
    at_time(due + dt.timedelta(seconds=50))  # 16:00:50: still the due minute, B not missing yet
    assert {(v.unit_id, v.deadline.id): v.state for v in parts.status(cid, "coord")}[(world.unit_b, materials)] == "pending"
    at_time(due + dt.timedelta(minutes=1, seconds=5))
    assert {(v.unit_id, v.deadline.id): v.state for v in parts.status(cid, "coord")}[(world.unit_b, materials)] == "missing"
    parts.submit(materials, world.unit_b, "clerk_b", body="补报材料")
    status = {(v.unit_id, v.deadline.id): v for v in parts.status(cid, "coord")}
    assert status[(world.unit_b, materials)].state == "late"
    assert status[(world.unit_a, summary)].state == "pending"
    assert {v.unit_id for v in status.values()} == {world.unit_a, world.unit_b}  # unit C does not take part
    # Staff see only their own unit.
    assert {v.unit_id for v in parts.status(cid, "clerk_a")} == {world.unit_a}
    mine = parts.submissions(materials, "clerk_a")
    assert len(mine) == 1 and mine[0]["files"] == 2 and mine[0]["links"][0] == "https://v.example.gov.cn/video/1"
    assert len(parts.submissions(materials, "coord")) == 2
    # The assessment counts submissions (pending ones not yet).
    at_time(due + dt.timedelta(days=6))
    scores = {r["unit_id"]: r for r in od.assessment.scores(cid, "coord")}
    assert scores[world.unit_a]["details"]["submissions"] == "1/2"  # summary missing by now
    assert scores[world.unit_b]["fractions"]["submissions"] == 0.0
    assert c not in scores  # not a participant


def test_plan_deadline_met_by_filing_an_event(world, at_time):
    od = world.od
    cid = _campaign(od)
    due = dt.datetime.combine(clock.now().date() + dt.timedelta(days=1), dt.time(17, 30))
    plan = od.campaign_parts.add_deadline(cid, "coord", kind="plan", name="年度计划报送", due_at=due)
    eid = world.event(actor="clerk_a")
    from gkreg.planning import Planning

    Planning(od).file(eid, "clerk_a")
    status = {(v.unit_id, v.deadline.id): v.state for v in od.campaign_parts.status(cid, "coord")}
    assert status[(world.unit_a, plan)] == "on_time" and status[(world.unit_b, plan)] == "pending"


def test_inspections_and_points_shown_in_assessment_and_export(world, at_time):
    od = world.od
    cid = _campaign(od)
    eid = world.event(actor="clerk_a")
    today = clock.now().date()
    with pytest.raises(PermissionDenied):
        od.inspections.record("clerk_a", unit_id=world.unit_a, inspected_on=today, findings="x")
    with pytest.raises(ValidationError, match="不是该单位"):
        od.inspections.record("coord", unit_id=world.unit_b, event_id=eid, inspected_on=today, findings="x")
    iid = od.inspections.record(
        "coord",
        unit_id=world.unit_a,
        event_id=eid,
        inspected_on=today,
        findings='=HYPERLINK("x") 签到表未留存',
        rectify_by=today + dt.timedelta(days=7),
        photos=[("现场.png", _png())],
    )
    found = od.inspections.list("clerk_a")
    assert [i.id for i in found] == [iid] and found[0].rectification() == "open" and len(found[0].photo_ids) == 1
    assert od.inspections.list("clerk_b") == []
    with pytest.raises(PermissionDenied):
        od.inspections.photo(found[0].photo_ids[0], "clerk_b")
    assert od.inspections.photo(found[0].photo_ids[0], "clerk_a")[0] == "image/png"
    at_time(clock.now() + dt.timedelta(days=8))
    assert od.inspections.list("coord")[0].rectification() == "overdue"
    od.inspections.mark_rectified(iid, "coord")
    assert od.inspections.list("coord")[0].rectification() == "done"
    before = {r["unit_id"]: r for r in od.assessment.scores(cid, "coord")}[world.unit_a]
    with pytest.raises(ValidationError):
        od.inspections.adjust("coord", unit_id=world.unit_a, points=25, reason="太多", campaign_id=cid)
    with pytest.raises(ValidationError):
        od.inspections.adjust("coord", unit_id=world.unit_a, points=2, reason="", campaign_id=cid)
    od.inspections.adjust("coord", unit_id=world.unit_a, points=3, reason="开放日经验被市里推广", campaign_id=cid)
    od.inspections.adjust("coord", unit_id=world.unit_a, points=-1, reason="报送材料不全", campaign_id=cid)
    after = {r["unit_id"]: r for r in od.assessment.scores(cid, "coord")}[world.unit_a]
    assert after["adjustment"] == 2.0 and after["computed"] == before["computed"]
    assert after["score"] == round(before["score"] + 2, 1)
    book = load_workbook(io.BytesIO(od.assessment.export_xlsx(cid, "coord")))
    header = next(book["考核得分"].iter_rows(values_only=True))
    assert header[-2:] == ("督查加减分", "得分")
    checks = list(book["督查与加减分"].iter_rows(values_only=True))
    assert checks[1][:2] == ("甲县教育局", "督查") and checks[1][4].startswith("'=HYPERLINK")
    assert checks[1][6] == "已整改"
    assert ("甲县教育局", "加分", clock.now().date().isoformat(), None, "开放日经验被市里推广", None, None, 3) in checks


def test_plan_contacts_for_office_and_own_unit_only_steps_in_order(world):
    od = world.od
    cid = _campaign(od)
    eid = world.event(actor="clerk_a")
    with pytest.raises(PermissionDenied):
        od.plan_details.save(eid, "clerk_b", contacts=[], steps=[])
    with pytest.raises(ValidationError, match="电话不正确"):
        od.plan_details.save(eid, "clerk_a", contacts=[{"name": "王科长", "phone": "abc"}], steps=[])
    od.plan_details.save(
        eid,
        "clerk_a",
        contacts=[{"name": "王科长", "phone": "0531-8888 1234", "role": "总联络"}, {"name": "", "phone": "", "role": ""}],
        steps=["签到", "参观办事大厅", "座谈交流", ""],
    )
    assert od.plan_details.steps(eid) == ["签到", "参观办事大厅", "座谈交流"]
    assert [(c.name, c.phone) for c in od.plan_details.contacts(eid, "coord")] == [("王科长", "0531-88881234")]
    with pytest.raises(PermissionDenied):
        od.plan_details.contacts(eid, "clerk_b")
    assert od.plan_details.campaign_contacts(cid, "coord")[0]["phone"] == "0531-88881234"
    with pytest.raises(PermissionDenied):
        od.plan_details.campaign_contacts(cid, "clerk_a")
    audit = od.db.rows("SELECT detail FROM audit_log WHERE action = 'plan.details'")
    assert audit and "8888" not in audit[0]["detail"]
