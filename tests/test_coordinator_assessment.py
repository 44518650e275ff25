"""Assessment scoring: late plan filing, a report late (and one on time) over the 2025 National Day holiday."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gkreg.assessment import DEFAULT_WEIGHTS
from gkreg.errors import PermissionDenied, ValidationError

pytestmark = pytest.mark.backends

TODAY = dt.date(2025, 12, 31)
QUESTION = [{"kind": "single", "text": "您是否了解本次开放的政策", "options": ["了解", "不了解"], "required": True}]


def _set(od, event_id: int, **values) -> None:
    with od.db.transaction("coord", "test.setup") as tx:
        tx.execute(f"UPDATE events SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?", (*values.values(), event_id))


def _report(od, event_id: int, published_at: str) -> None:
    with od.db.transaction("coord", "test.setup") as tx:
        tx.execute(
            "INSERT INTO event_reports (event_id, body, attended, published_at, due_on, created_at, updated_at,"
            " author) VALUES (?, '活动顺利举行。', 6, ?, NULL, ?, ?, 'clerk_a')",
            (event_id, published_at, published_at, published_at),
        )


@pytest.fixture
def scored(world):
    od = world.od
    cid = od.campaigns.create(
        "coord",
        name="2025年政府开放日",
        starts_on="2025-09-01",
        ends_on="2025-10-31",
        filing_deadline="2025-09-10",
        report_due_workdays=5,
        response_due_workdays=15,
        min_events_per_unit=2,
    )
    # Events are planned ahead (so sign-ups are open), then moved to their 2025 dates.
    a1 = world.event(days=20, title="教育局开放日（一）")
    a2 = world.event(days=21, title="教育局开放日（二）")
    for seq in range(1, 5):
        world.signup(a1, seq)
        od.registrations.approve(od.registrations.for_event(a1, "clerk_a")[-1].id, "clerk_a")
    for category in ("media", "expert"):
        od.registrations.register(a1, name="特邀嘉宾", phone="13900000001", category=category, invited_by="clerk_a")
    world.signup(a2, 9)
    od.registrations.approve(od.registrations.for_event(a2, "clerk_a")[-1].id, "clerk_a")
    for category in ("npc_deputy", "cppcc_member", "media"):
        od.registrations.register(a2, name="特邀嘉宾", phone="13900000002", category=category, invited_by="clerk_a")
    # A1: Tuesday 30 Sep 2025, filed on time, report on Monday 13 Oct: 5 working days after the event end
    # on 14 Oct because 1–8 Oct is the National Day holiday and Saturday 11 Oct a make-up working day.
    _set(
        od,
        a1,
        starts_at="2025-09-30 09:00:00",
        ends_at="2025-09-30 11:30:00",
        filed_at="2025-09-05 10:00:00",
        status="reported",
        campaign_id=cid,
    )
    _report(od, a1, "2025-10-13 16:00:00")
    # A2: Monday 20 Oct, filed two days after the deadline, report due Monday 27 Oct, published on the 28th.
    _set(
        od,
        a2,
        starts_at="2025-10-20 14:30:00",
        ends_at="2025-10-20 17:00:00",
        filed_at="2025-09-12 09:00:00",
        status="reported",
        campaign_id=cid,
    )
    _report(od, a2, "2025-10-28 09:00:00")
    # Opinions: one answered within 15 working days (due 28 Oct), one never answered (overdue by December).
    o1 = od.feedback.submit("建议公布课后服务收费标准", event_id=a1)
    o2 = od.feedback.submit("希望增加校车线路", event_id=a2)
    od.feedback.respond(o1, status="adopted", response="已在官网公布。", actor="clerk_a")
    with od.db.transaction("coord", "test.setup") as tx:
        # Back-date the submissions; due_on is what the ledger showed the unit at submission time.
        tx.execute(
            "UPDATE opinions SET submitted_at = '2025-09-30 11:00:00', responded_at = '2025-10-20 10:00:00',"
            " due_on = '2025-10-28' WHERE id = ?",
            (o1,),
        )
        tx.execute("UPDATE opinions SET submitted_at = '2025-10-20 16:00:00', due_on = '2025-11-10' WHERE id = ?", (o2,))
    survey = od.surveys.create(world.unit_a, title="开放日问卷", questions=QUESTION, actor="clerk_a", event_id=a1)
    od.surveys.submit(survey, ["了解"])
    return {"od": od, "world": world, "campaign": cid, "a1": a1, "a2": a2}


def test_scores_with_late_filing_and_late_report_over_the_holiday(scored):
    od, world, cid = scored["od"], scored["world"], scored["campaign"]
    assert od.assessment.weights() == DEFAULT_WEIGHTS
    scores = {r["unit_id"]: r for r in od.assessment.scores(cid, "coord", today=TODAY)}
    a = scores[world.unit_a]
    assert a["fractions"] == {
        "open_days": 1.0,
        "plan_filed": 0.5,
        "one_third": 0.5,
        "report_on_time": 0.5,
        "response_on_time": 0.5,
        "adoption": 1.0,
        "survey": 1.0,
        "submissions": None,
    }
    assert a["details"]["plan_filed"] == "1/2" and a["details"]["open_days"] == "2/2"
    # 100 × (25·1 + 10·½ + 15·½ + 15·½ + 15·½ + 10·1 + 10·1) / 100
    assert a["score"] == 72.5
    b = scores[world.unit_b]
    assert b["fractions"]["plan_filed"] == 0.0 and b["fractions"]["open_days"] == 0.0
    assert b["fractions"]["one_third"] is None and b["fractions"]["response_on_time"] is None
    assert b["score"] == 0.0


def test_evidence_names_each_deadline(scored):
    od, world, cid = scored["od"], scored["world"], scored["campaign"]
    rows = od.assessment.evidence(cid, world.unit_a, "coord", today=TODAY)
    reports = {r["ref"]: r for r in rows if r["criterion"] == "report_on_time"}
    on_time = reports[f"event:{scored['a1']}"]
    assert (on_time["due"], on_time["done"], on_time["outcome"]) == ("2025-10-14", "2025-10-13", "ok")
    late = reports[f"event:{scored['a2']}"]
    assert (late["due"], late["done"], late["outcome"], late["outcome_label"]) == ("2025-10-27", "2025-10-28", "late", "未达标")
    filing = {r["ref"]: r for r in rows if r["criterion"] == "plan_filed"}
    assert filing[f"event:{scored['a2']}"]["note"] == "逾期备案"
    answers = sorted((r["due"], r["outcome"]) for r in rows if r["criterion"] == "response_on_time")
    assert answers == [("2025-10-28", "ok"), ("2025-11-10", "late")]
    # Before the second opinion's due day it is pending and not counted either way.
    early = {r["unit_id"]: r for r in od.assessment.scores(cid, "coord", today=dt.date(2025, 11, 3))}
    assert early[world.unit_a]["fractions"]["response_on_time"] == 1.0


def test_weights_are_editable_and_checked(scored):
    od, world, cid = scored["od"], scored["world"], scored["campaign"]
    od.assessment.set_weights({"plan_filed": 0, "survey": 0}, "coord")
    assert od.assessment.weights()["plan_filed"] == 0
    a = {r["unit_id"]: r for r in od.assessment.scores(cid, "coord", today=TODAY)}[world.unit_a]
    assert a["score"] == round(100 * (25 + 7.5 + 7.5 + 7.5 + 10) / 80, 1)
    with pytest.raises(ValidationError):
        od.assessment.set_weights({"open_days": 101}, "coord")
    with pytest.raises(ValidationError):
        od.assessment.set_weights({"bogus": 1}, "coord")
    with pytest.raises(ValidationError):
        od.assessment.set_weights({k: 0 for k in DEFAULT_WEIGHTS}, "coord")
    with pytest.raises(PermissionDenied):
        od.assessment.set_weights({"open_days": 50}, "clerk_a")
    assert od.assessment.weights()["open_days"] == 25
    assert od.audit.page("coord", action="assessment.set_weights")[1] == 1


def test_excel_export_has_scores_evidence_and_weights(scored):
    od, cid = scored["od"], scored["campaign"]
    book = load_workbook(io.BytesIO(od.assessment.export_xlsx(cid, "coord", today=TODAY)))
    assert book.sheetnames == ["考核得分", "考核依据", "督查与加减分", "权重说明"]
    scores = list(book["考核得分"].iter_rows(values_only=True))
    assert scores[0][0] == "排名" and scores[0][-1] == "得分"
    assert scores[1][1] == "甲县教育局" and scores[1][-1] == 72.5
    evidence = list(book["考核依据"].iter_rows(values_only=True))
    assert (
        "甲县教育局",
        "活动报道按期发布",
        "教育局开放日（二）",
        "2025-10-20",
        "2025-10-27",
        "2025-10-28",
        "未达标",
        "逾期发布",
    ) in evidence
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    with pytest.raises(PermissionDenied):
        od.assessment.export_xlsx(cid, "clerk_a")
    with pytest.raises(PermissionDenied):
        od.assessment.scores(cid, "clerk_b")
