"""Each rule in one place, and the paths that used to let a unit look compliant when it was not."""

from __future__ import annotations

import ast
import datetime as dt
import re

import pytest
from conftest import ROOT, make_id

from gkreg import clock
from gkreg.dashboard import Filters
from gkreg.errors import InvalidTransition, QuotaError
from gkreg.labels import audit_label

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def _campaign(od, **kw) -> int:
    today = clock.now().date()
    return od.campaigns.create(
        "coord",
        name="本年度开放日",
        starts_on=kw.pop("starts_on", today - dt.timedelta(days=90)),
        ends_on=kw.pop("ends_on", today + dt.timedelta(days=60)),
        **kw,
    )


def _nine_seats_six_citizens_finalized(world):
    """9 seats finalized with 6 citizens and 3 invitees; returns (event id, the citizens' registration ids)."""
    od = world.od
    eid = world.event(capacity=9, approval="auto", days=2)
    citizens = [world.signup(eid, n).id for n in range(1, 7)]
    for n in range(3):
        od.registrations.register(
            eid, name="代表", phone="", category="npc_deputy", invited_by="clerk_a", id_number=make_id(50 + n)
        )
    od.events.finalize(eid, "clerk_a")
    assert od.events.get(eid).status == "finalized"
    return eid, citizens


# ---- dodge 1: a finalized list falling below one third ---------------------------------------------
def test_cancellations_below_one_third_reopen_a_finalized_list(world):
    od = world.od
    eid, citizens = _nine_seats_six_citizens_finalized(world)
    od.notify.set_staff_email("clerk_a", "clerk_a@example.gov.cn", "coord")
    od.registrations.cancel(citizens[0], "clerk_a")  # 5 of 8: still compliant, still final
    assert od.events.get(eid).status == "finalized"
    for reg_id in citizens[1:5]:
        od.registrations.cancel(reg_id, "clerk_a")  # down to 1 citizen of 4
    event = od.events.get(eid)
    assert event.status == "open" and event.list_open
    seats = od.events.seats(eid)
    assert (seats.confirmed, seats.confirmed_citizens, seats.compliant, seats.finalized) == (4, 1, False, False)
    entry = od.db.row("SELECT actor, target_id, detail FROM audit_log WHERE action = 'event.reopen'")
    assert entry["target_id"] == str(eid) and '"citizens": 1' in entry["detail"]
    assert od.db.scalar("SELECT finalized_at FROM events WHERE id = ?", (eid,)) is None
    notice = od.db.row("SELECT channel, recipient, subject FROM outbox WHERE kind = 'list_reopened' AND event_id = ?", (eid,))
    assert notice["channel"] == "email" and notice["recipient"] == "clerk_a@example.gov.cn" and "重新开放" in notice["subject"]
    # the day comes: it cannot be marked held on a list that broke the rule
    clock.shift(dt.timedelta(days=3))
    try:
        with pytest.raises(InvalidTransition):
            od.planning.mark_held(eid, "clerk_a")
    finally:
        clock.shift(dt.timedelta(0))


def test_a_citizens_own_cancellation_reopens_the_list_too(world):
    od = world.od
    eid, citizens = _nine_seats_six_citizens_finalized(world)
    for n, reg_id in enumerate(citizens[:5], 1):
        reg = od.registrations.get(reg_id)
        od.registrations.cancel_by_code(reg.code, f"139{n:08d}")
    assert od.events.get(eid).status != "finalized"
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'event.reopen'") == 1


def test_mark_held_checks_one_third_again(world):
    od = world.od
    eid, citizens = _nine_seats_six_citizens_finalized(world)
    with od.db.transaction("coord", "test.setup") as tx:  # a list broken behind the services' back
        tx.execute(
            "UPDATE registrations SET status = 'cancelled' WHERE id IN (?, ?, ?, ?, ?)",
            citizens[:5],
        )
    clock.shift(dt.timedelta(days=3))
    try:
        with pytest.raises(QuotaError, match="三分之一"):
            od.planning.mark_held(eid, "clerk_a")
    finally:
        clock.shift(dt.timedelta(0))
    assert od.events.get(eid).status == "finalized"


# ---- dodge 2: never marking the event held -----------------------------------------------------
def test_a_report_is_due_after_the_event_ended_even_if_never_marked_held(world):
    od = world.od
    cid = _campaign(od, report_due_workdays=5, filing_deadline=clock.now().date() - dt.timedelta(days=80))
    eid = world.event(days=-34, campaign_id=cid)  # ended 34 days ago, still "open", never marked held
    assert od.events.get(eid).status == "open"
    deadlines = od.dashboard.compute("coord", Filters(campaign_id=cid)).deadlines
    missed = deadlines[(deadlines["kind"] == "report") & (deadlines["outcome"] == "missed")]["count"].sum()
    assert missed == 1
    unit = next(r for r in od.assessment.scores(cid, "coord") if r["unit_id"] == world.unit_a)
    assert unit["fractions"]["report_on_time"] == 0.0
    rows = od.assessment.evidence(cid, world.unit_a, "coord")
    report = next(r for r in rows if r["criterion"] == "report_on_time")
    assert report["outcome"] == "late" and "未标记举办" in report["note"]


def test_the_clerks_reminder_lists_a_report_owed_by_an_event_never_marked_held(world):
    # reports.overdue feeds the daily digest: it listed held events only, so forgetting "held" hid the report.
    od = world.od
    cid = _campaign(od, report_due_workdays=5)
    ended = world.event(days=-34, campaign_id=cid)  # over, still "open"
    coming = world.event(days=3, campaign_id=cid)
    owed = {event.id: due for event, due in od.reports.overdue(world.unit_a)}
    assert ended in owed and coming not in owed
    assert owed[ended].date < clock.now().date()


def test_an_event_not_yet_over_owes_no_report(world):
    od = world.od
    cid = _campaign(od)
    world.event(days=3, campaign_id=cid)
    deadlines = od.dashboard.compute("coord", Filters(campaign_id=cid)).deadlines
    assert deadlines[deadlines["kind"] == "report"]["count"].sum() == 0


# ---- dodge 3: one late extra plan, and back-dated filing ----------------------------------------
def test_filing_is_judged_per_plan(world):
    od = world.od
    today = clock.now().date()
    cid = _campaign(od, filing_deadline=today)
    first = world.event(days=20, campaign_id=cid)
    extra = world.event(days=25, campaign_id=cid, title="追加的开放活动")
    od.planning.file(first, "clerk_a")  # on the deadline day
    clock.shift(dt.timedelta(days=2))
    try:
        od.planning.file(extra, "clerk_a")  # after it
    finally:
        clock.shift(dt.timedelta(0))
    row = next(r for r in od.campaigns.filing_status(cid, "coord") if r["unit_id"] == world.unit_a)
    assert (row["filed_on_time"], row["filed_late"], row["filing"]) == (1, 1, "partly_late")
    unit = next(r for r in od.assessment.scores(cid, "coord") if r["unit_id"] == world.unit_a)
    assert unit["fractions"]["plan_filed"] == 0.5  # late only for the plan filed late
    with pytest.raises(TypeError):
        od.planning.file(first, "clerk_a", on=dt.date(2000, 1, 1))


# ---- one adoption rate --------------------------------------------------------------------------
def test_ledger_dashboard_and_assessment_give_one_adoption_rate(world):
    od = world.od
    cid = _campaign(od)
    eid = world.event(days=-3, campaign_id=cid)
    answers = {
        "adopted": "已采纳，下月实施。",
        "partially_adopted": "部分采纳。",
        "not_adopted": "暂不采纳：超出本单位职权。",
        "answered": "这是一个问题的答复。",
    }
    for status, response in answers.items():
        opinion = od.feedback.submit(f"意见：{status}", event_id=eid)
        od.feedback.respond(opinion, status=status, response=response, actor="clerk_a")
    od.feedback.submit("还在办理的意见", event_id=eid)
    ledger = od.feedback.summary(by="all")[0]["adoption_rate"]
    dashboard = od.dashboard.compute("coord", Filters(campaign_id=cid)).headline["adoption_rate"]
    unit = next(r for r in od.assessment.scores(cid, "coord") if r["unit_id"] == world.unit_a)
    assert ledger == dashboard == unit["fractions"]["adoption"] == round(2 / 3, 4)


# ---- the rules live in gkreg, not in pages ---------------------------------------------------------
STATUS_LITERAL = re.compile(
    r"""status\b["']?\]?\s*(==|!=|\bin\b|\bnot in\b)\s*[(\["']"""  # status == "x", status in ("x", …)
    r"""|["'][a-z_]+["']\s*(==|!=)\s*[\w.\[\]"']*status\b"""  # "x" == status
)


def test_no_page_compares_a_status_with_a_string_literal():
    offenders = []
    # The pages and the parts of pages in gkreg/ui alike.
    for path in sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "gkreg" / "ui").glob("*.py")]):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if STATUS_LITERAL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "use the state properties (event.list_open, registration.live, …):\n" + "\n".join(offenders)


def test_the_status_pattern_catches_what_it_should():
    for bad in (
        'if event.status in ("draft", "open"):',
        'x = r.status == "pending"',
        "if row['status'] != 'held':",
        'if "held" == event.status:',
    ):
        assert STATUS_LITERAL.search(bad), bad
    for fine in ("if event.list_open:", 'if row["status"] in DECIDED:', 'od.feedback.respond(1, status="processing")'):
        assert not STATUS_LITERAL.search(fine), fine


def _audit_actions() -> set[str]:
    """Every action name the code writes to the audit log (transaction, tx.log, _move, ``action = …``)."""

    def strings(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return strings(node.body) + strings(node.orelse)
        return []

    found: set[str] = set()
    for path in (ROOT / "gkreg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                position = {"transaction": 1, "log": 0, "_move": 4}.get(node.func.attr)
                if position is not None and len(node.args) > position:
                    found.update(strings(node.args[position]))
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "action" for t in node.targets):
                found.update(strings(node.value))
    return found


def test_every_audit_action_has_a_label():
    actions = _audit_actions()
    assert {"registration.signup", "event.reopen", "event.mark_held", "opinion.respond"} <= actions
    unlabelled = sorted(a for a in actions if audit_label(a) == a)
    assert not unlabelled, f"add these to gkreg/labels.py AUDIT_ACTIONS: {unlabelled}"
