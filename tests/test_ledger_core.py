"""The opinion ledger: state machine, publication masking, deadlines over holidays, permissions, intake."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from openpyxl import load_workbook

from gkreg import clock
from gkreg.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError

pytestmark = pytest.mark.backends

DECIDED = ["adopted", "partially_adopted", "not_adopted", "answered"]
TARGETS = ["processing", *DECIDED]
# Written out independently of gkreg.outcomes.TRANSITIONS: the rule as the issue states it.
ALLOWED = {
    "received": set(TARGETS),
    "processing": set(DECIDED),
    **{status: {"processing"} for status in DECIDED},
}


def opinion_in(world, status: str, **kw) -> int:
    fb = world.od.feedback
    kw.setdefault("unit_id", world.unit_a)
    opinion_id = fb.submit("建议开放日增加周末场次", **kw)
    if status == "processing":
        fb.respond(opinion_id, status="processing", response="", actor="coord")
    elif status in DECIDED:
        fb.respond(opinion_id, status=status, response="答复内容", actor="coord")
    return opinion_id


@pytest.mark.parametrize(("start", "target"), list(itertools.product(["received", "processing", *DECIDED], TARGETS)))
def test_every_transition_is_allowed_or_refused(world, start, target):
    fb = world.od.feedback
    opinion_id = opinion_in(world, start)
    assert fb.get(opinion_id, "clerk_a")["status"] == start
    if target in ALLOWED[start]:
        fb.respond(opinion_id, status=target, response="已研究，答复如下。", actor="clerk_a")
        assert fb.get(opinion_id, "clerk_a")["status"] == target
    else:
        with pytest.raises(InvalidTransition):
            fb.respond(opinion_id, status=target, response="已研究，答复如下。", actor="clerk_a")
        assert fb.get(opinion_id, "clerk_a")["status"] == start


@pytest.mark.parametrize("start", ["received", "processing", *DECIDED])
def test_received_is_never_a_target(world, start):
    opinion_id = opinion_in(world, start)
    with pytest.raises(ValidationError):
        world.od.feedback.respond(opinion_id, status="received", response="x", actor="clerk_a")


@pytest.mark.parametrize("status", DECIDED)
def test_decided_statuses_need_a_response(world, status):
    fb = world.od.feedback
    opinion_id = opinion_in(world, "received")
    with pytest.raises(ValidationError) as err:
        fb.respond(opinion_id, status=status, response="   ", actor="clerk_a")
    assert err.value.field == "response"
    assert fb.get(opinion_id, "clerk_a")["status"] == "received"


def test_reopening_keeps_the_old_answer_as_progress(world):
    fb = world.od.feedback
    opinion_id = opinion_in(world, "not_adopted")
    fb.respond(opinion_id, status="processing", response="", actor="clerk_a")
    row = fb.get(opinion_id, "clerk_a")
    assert row["status"] == "processing" and row["response"] == "" and row["responded_at"] is None
    assert "暂不采纳" in row["progress"][-1]["note"] and "答复内容" in row["progress"][-1]["note"]
    fb.respond(opinion_id, status="adopted", response="经再次研究，予以采纳。", actor="clerk_a")
    assert fb.get(opinion_id, "clerk_a")["status"] == "adopted"


def test_every_change_is_audited(world):
    fb = world.od.feedback
    opinion_id = fb.submit("意见", unit_id=world.unit_a)
    fb.respond(opinion_id, status="adopted", response="采纳", actor="clerk_a")
    fb.add_progress(opinion_id, "已落实", "clerk_a")
    fb.publish(opinion_id, "clerk_a", public_content="意见（已编辑）")
    actions = [
        r["action"]
        for r in world.od.db.rows(
            "SELECT action FROM audit_log WHERE target_type = 'opinion' AND target_id = ? ORDER BY id", (str(opinion_id),)
        )
    ]
    assert actions == ["opinion.submit", "opinion.respond", "opinion.progress", "opinion.publish"]


def test_submit_checks_its_input(world):
    fb = world.od.feedback
    with pytest.raises(ValidationError):
        fb.submit("", unit_id=world.unit_a)
    with pytest.raises(ValidationError):
        fb.submit("长" * 5001, unit_id=world.unit_a)
    assert fb.submit("长" * 5000, unit_id=world.unit_a)
    with pytest.raises(ValidationError):
        fb.submit("意见")  # neither unit nor event
    with pytest.raises(ValidationError):
        fb.submit("意见", unit_id=world.unit_a, source="email")
    with pytest.raises(ValidationError) as err:
        fb.submit("意见", unit_id=world.unit_a, phone="12345")
    assert err.value.field == "phone"
    with pytest.raises(ValidationError) as err:
        fb.submit("意见", unit_id=world.unit_a, phone="13900000001", consent=False)
    assert err.value.field == "consent"
    assert world.od.db.scalar("SELECT count(*) FROM opinions") == 1


def test_the_unit_comes_from_the_event(world):
    event = world.event(unit=world.unit_b)
    opinion_id = world.od.feedback.submit("意见", event_id=event, source="forum")
    row = world.od.feedback.get(opinion_id, "clerk_b")
    assert row["unit_id"] == world.unit_b and row["event_id"] == event and row["status"] == "received"
    with pytest.raises(ValidationError):
        world.od.feedback.submit("意见", event_id=event, unit_id=world.unit_a)


def test_public_ledger_masks_and_shows_only_published(world):
    fb = world.od.feedback
    named = fb.submit("建议公开食堂采购价格，我家住幸福小区3号楼", unit_id=world.unit_a, name="张三丰", phone="13912345678")
    anonymous = fb.submit("建议增加停车位", unit_id=world.unit_a)
    hidden = fb.submit("不公开的意见", unit_id=world.unit_a, name="李四")
    fb.respond(named, status="adopted", response="已在校务公开栏公示。", actor="clerk_a")
    fb.publish(named, "clerk_a", public_content="建议公开食堂采购价格")
    fb.publish(anonymous, "clerk_a")
    rows = {r["id"]: r for r in fb.public_ledger()}
    assert set(rows) == {named, anonymous}
    assert hidden not in rows
    assert rows[named]["submitter"] == "张**"
    assert rows[anonymous]["submitter"] == "匿名"
    assert rows[named]["content"] == "建议公开食堂采购价格"  # the edited public text
    assert rows[named]["status"] == "adopted" and rows[named]["status_label"] == "已采纳"
    assert rows[named]["response"] == "已在校务公开栏公示。"
    assert rows[anonymous]["status_label"] == "待办理" and rows[anonymous]["responded_at"] is None
    for row in rows.values():
        assert {"id", "unit", "event", "content", "status", "response", "submitted_at", "responded_at", "submitter"} <= set(row)
        assert "13912345678" not in repr(row) and "phone" not in row
        assert "张三丰" not in repr(row) and "3号楼" not in repr(row)
    # the original stays for the clerk
    assert "3号楼" in fb.get(named, "clerk_a")["content"]
    assert fb.public_ledger(unit_id=world.unit_b) == []
    fb.publish(named, "clerk_a", public=False)
    assert [r["id"] for r in fb.public_ledger()] == [anonymous]


def test_due_date_and_overdue_over_national_day(world, at_time):
    """Submitted Mon 2026-09-28: 15 working days skip 1–7 Oct and count the make-up Saturday 10 Oct."""
    world.od.settings.set("response_due_workdays", 15, "coord")
    at_time(dt.datetime(2026, 9, 28, 10, 0))
    opinion_id = world.od.feedback.submit("意见", unit_id=world.unit_a)
    row = world.od.feedback.get(opinion_id, "clerk_a")
    assert row["due_on"] == dt.date(2026, 10, 23) and row["due_exact"]
    fb = world.od.feedback
    on_due_day = fb.ledger("clerk_a", today=dt.date(2026, 10, 23))[0]
    assert not on_due_day["overdue"] and on_due_day["days_left"] == 0
    after = fb.ledger("clerk_a", today=dt.date(2026, 10, 24))[0]
    assert after["overdue"]
    assert [r["id"] for r in fb.ledger("clerk_a", overdue=True, today=dt.date(2026, 10, 24))] == [opinion_id]
    assert fb.ledger("clerk_a", overdue=True, today=dt.date(2026, 10, 23)) == []
    assert fb.summary(by="all", today=dt.date(2026, 10, 24))[0]["overdue"] == 1
    # answered (even late) is no longer overdue, but counts as answered late
    at_time(dt.datetime(2026, 10, 26, 9, 0))
    fb.respond(opinion_id, status="answered", response="已答复。", actor="clerk_a")
    late = fb.ledger("clerk_a", today=dt.date(2026, 10, 26))[0]
    assert not late["overdue"] and late["answered_late"]


def test_due_workdays_campaign_then_setting(world, at_time):
    fb = world.od.feedback
    at_time(dt.datetime(2026, 9, 28, 10, 0))
    with world.od.db.transaction("coord", "campaign.add") as tx:
        campaign = tx.insert(
            "campaigns",
            {
                "name": "2026年政府开放日",
                "starts_on": "2026-09-01",
                "ends_on": "2026-12-31",
                "response_due_workdays": 5,
                "created_at": "2026-08-01 00:00:00",
            },
        )
    event = world.event(days=1, campaign_id=campaign)
    assert fb.due_workdays(event) == 5
    opinion_id = fb.submit("意见", event_id=event)
    assert fb.get(opinion_id, "clerk_a")["due_on"] == dt.date(2026, 10, 10)  # 29, 30 Sep, 8, 9 Oct, then the make-up Saturday
    world.od.settings.set("response_due_workdays", 3, "coord")
    assert fb.due_workdays(event) == 5  # the campaign's own rule stays in force
    assert fb.due_workdays(None) == 3  # opinions outside any campaign follow the county setting


def test_unit_staff_act_only_on_their_own_unit(world):
    fb = world.od.feedback
    mine = fb.submit("甲局的意见", unit_id=world.unit_a)
    theirs = fb.submit("乙镇的意见", unit_id=world.unit_b)
    with pytest.raises(PermissionDenied):
        fb.respond(theirs, status="adopted", response="x", actor="clerk_a")
    with pytest.raises(PermissionDenied):
        fb.publish(theirs, "clerk_a")
    with pytest.raises(PermissionDenied):
        fb.add_progress(theirs, "进展", "clerk_a")
    with pytest.raises(PermissionDenied):
        fb.get(theirs, "clerk_a")
    with pytest.raises(PermissionDenied):
        fb.ledger("clerk_a", unit_id=world.unit_b)
    with pytest.raises(PermissionDenied):
        fb.record_many(["意见"], unit_id=world.unit_b, actor="clerk_a")
    with pytest.raises(PermissionDenied):
        fb.respond_many([mine, theirs], status="processing", actor="clerk_a")
    assert fb.get(mine, "clerk_a")["status"] == "received"  # the lot was refused
    with pytest.raises(PermissionDenied):
        fb.respond(mine, status="adopted", response="x", actor="nobody")
    assert [r["id"] for r in fb.ledger("clerk_a")] == [mine]
    assert {r["id"] for r in fb.ledger("coord")} == {mine, theirs}
    fb.respond(theirs, status="adopted", response="采纳", actor="coord")
    assert fb.get(theirs, "clerk_b")["status"] == "adopted"
    assert world.od.db.scalar("SELECT count(*) FROM opinions WHERE status = 'adopted'") == 1


def test_lookup_by_code_and_phone(world):
    fb = world.od.feedback
    opinion_id = fb.submit("路灯坏了", unit_id=world.unit_a, name="王五", phone="139 1234 5678")
    code = fb.code(opinion_id)
    assert len(code) == 8
    fb.add_progress(opinion_id, "已派人查看", "clerk_a")
    fb.respond(opinion_id, status="answered", response="已修复。", actor="clerk_a")
    found = fb.lookup(code.lower(), "13912345678")
    assert found["status_label"] == "已答复" and found["response"] == "已修复。"
    assert found["progress"][0]["note"] == "已派人查看"
    with pytest.raises(NotFound) as wrong_phone:
        fb.lookup(code, "13900000000")
    with pytest.raises(NotFound) as wrong_code:
        fb.lookup("ZZZZZZZZ", "13912345678")
    assert str(wrong_phone.value) == str(wrong_code.value)
    no_phone = fb.code(fb.submit("匿名意见", unit_id=world.unit_a))
    with pytest.raises(NotFound):
        fb.lookup(no_phone, "")


def test_record_many_forum_opinions_at_once(world):
    fb = world.od.feedback
    event = world.event()
    items = fb.parse_lines("建议增加周末场次\n\n张三｜希望公开食堂采购价格\n  李四|停车难  ")
    assert items == [
        {"name": "", "content": "建议增加周末场次"},
        {"name": "张三", "content": "希望公开食堂采购价格"},
        {"name": "李四", "content": "停车难"},
    ]
    ids = fb.record_many(items, event_id=event, actor="clerk_a")
    rows = {r["id"]: r for r in fb.ledger("clerk_a", event_id=event)}
    assert set(rows) == set(ids) and all(r["source"] == "forum" for r in rows.values())
    assert rows[ids[1]]["name"] == "张三"
    with pytest.raises(ValidationError) as err:
        fb.record_many(["好意见", "x" * 5001], event_id=event, actor="clerk_a")
    assert "第2条" in str(err.value)
    assert len(fb.ledger("clerk_a")) == 3  # nothing of the refused batch was written
    survey_ids = fb.record_many(["问卷里的建议"], unit_id=world.unit_a, actor="clerk_a", source="survey")
    assert fb.get(survey_ids[0], "clerk_a")["source_label"] == "问卷意见"


def test_progress_notes_with_dates(world):
    fb = world.od.feedback
    opinion_id = fb.submit("意见", unit_id=world.unit_a)
    fb.add_progress(opinion_id, "第二步", "clerk_a", on=clock.now().date())
    fb.add_progress(opinion_id, "第一步", "clerk_a", on=clock.now().date() - dt.timedelta(days=3))
    assert [p["note"] for p in fb.get(opinion_id, "clerk_a")["progress"]] == ["第一步", "第二步"]
    with pytest.raises(ValidationError):
        fb.add_progress(opinion_id, "未来", "clerk_a", on=clock.now().date() + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        fb.add_progress(opinion_id, " ", "clerk_a")


def test_consultation_comments_land_in_the_ledger(world, at_time):
    fb = world.od.feedback
    at_time(dt.datetime(2026, 9, 1, 9, 0))
    cid = fb.open_consultation(
        world.unit_a, title="课后服务实施办法（征求意见稿）", draft="第一条……", closes_at=dt.date(2026, 9, 15), actor="clerk_a"
    )
    with pytest.raises(PermissionDenied):
        fb.open_consultation(world.unit_a, title="t", draft="d", closes_at=dt.date(2026, 9, 15), actor="clerk_b")
    with pytest.raises(ValidationError):
        fb.open_consultation(world.unit_a, title="t", draft="d", closes_at=dt.date(2026, 8, 1), actor="clerk_a")
    assert [c["id"] for c in fb.consultations()] == [cid]
    opinion_id = fb.comment(cid, "建议周五也开展", name="赵六")
    row = fb.get(opinion_id, "clerk_a")
    assert row["source"] == "consultation" and row["consultation_id"] == cid and row["unit_id"] == world.unit_a
    assert fb.consultations()[0]["comments"] == 1
    at_time(dt.datetime(2026, 9, 16, 9, 0))
    assert fb.consultations() == []
    with pytest.raises(InvalidTransition):
        fb.comment(cid, "晚了")


def test_summary_figures(world):
    fb = world.od.feedback
    event = world.event()
    for status in ["adopted", "adopted", "partially_adopted", "not_adopted", "answered", "received"]:
        opinion_in(world, status, event_id=event, unit_id=None)
    opinion_in(world, "adopted", unit_id=world.unit_b)
    per_unit = {g["key"]: g for g in fb.summary()}
    a = per_unit[world.unit_a]
    assert a["received"] == 6 and a["adopted"] == 2 and a["partially_adopted"] == 1 and a["adopted_total"] == 3
    assert a["adoption_rate"] == 0.75  # 3 of (2 + 1 + 1); answered questions left out
    assert a["open"] == 1 and a["median_days"] is not None
    per_event = fb.summary(by="event", unit_id=world.unit_a)
    assert [g["key"] for g in per_event] == [event]
    assert fb.summary(by="all")[0]["received"] == 7


def test_bulk_publish_and_excel_export(world):
    fb = world.od.feedback
    ids = [
        fb.submit(text, unit_id=world.unit_a, name="钱七", phone="13912345678") for text in ['=HYPERLINK("http://x")', "普通意见"]
    ]
    assert fb.publish_many(ids, "clerk_a") == 2
    assert len(fb.public_ledger()) == 2
    fb.respond_many(ids, status="adopted", response="采纳", actor="clerk_a")
    book = load_workbook(io.BytesIO(fb.export_xlsx("clerk_a")))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["序号", "意见编号", "单位"]
    flat = [str(v) for row in values for v in row if v is not None]
    assert not any(v.startswith(("=", "+", "@")) for v in flat)
    assert "13912345678" not in flat and "139****5678" in flat
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_seed_demo_has_every_status_and_published_ones(od):
    from gkreg.demo import load_demo

    load_demo(od)
    statuses = {r["status"] for r in od.db.rows("SELECT DISTINCT status FROM opinions")}
    assert statuses == {"received", "processing", "adopted", "partially_adopted", "not_adopted", "answered"}
    assert od.feedback.public_ledger()
    assert od.feedback.consultations()
    assert any(r["overdue"] for r in od.feedback.ledger("edu"))
