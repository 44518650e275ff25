"""Dashboard aggregations against figures computed by hand on a small fixture."""

from __future__ import annotations

import datetime as dt

import pytest

from gkreg import charts, clock
from gkreg.dashboard import Filters
from gkreg.errors import PermissionDenied

pytestmark = pytest.mark.backends

QUESTION = [{"kind": "rating", "text": "您对本次活动的满意度", "options": [], "required": True}]


@pytest.fixture
def fixture(world):
    """Campaign C; event 1 (unit A, auto, 9 seats): 4 citizens + 2 media confirmed; event 2 (unit B, review,
    30 seats): 2 pending citizens + 1 expert; event 3 (unit B, 12 seats) held 10 days ago, no report;
    3 opinions; one questionnaire with 2 responses."""
    od = world.od
    today = clock.now().date()
    cid = od.campaigns.create(
        "coord",
        name="2026年政府开放日",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
        filing_deadline=today - dt.timedelta(days=20),
    )
    e1 = world.event(capacity=9, approval="auto", days=5)
    e2 = world.event(unit=world.unit_b, capacity=30, days=12)
    e3 = world.event(unit=world.unit_b, capacity=12, days=-10, title="乙镇议事会列席")
    for seq in range(1, 5):
        assert world.signup(e1, seq).status == "confirmed"
    for seq in range(1, 3):
        od.registrations.register(e1, name="李记者", phone=f"1380000000{seq}", category="media", invited_by="coord")
    for seq in range(5, 7):
        assert world.signup(e2, seq).status == "pending"
    od.registrations.register(e2, name="王教授", phone="13900000009", category="expert", invited_by="clerk_b")
    with od.db.transaction("coord", "test.hold") as tx:
        tx.execute("UPDATE events SET status = 'held' WHERE id = ?", (e3,))
    o1 = od.feedback.submit("希望延长图书馆开放时间", event_id=e1)
    o2 = od.feedback.submit("建议增加课后服务托管名额", event_id=e1)
    od.feedback.submit("乡村道路需要修缮", unit_id=world.unit_b)
    od.feedback.respond(o1, status="adopted", response="已采纳，下月起延长一小时。", actor="clerk_a")
    od.feedback.respond(o2, status="not_adopted", response="受场地限制暂不调整。", actor="clerk_a")
    survey = od.surveys.create(world.unit_a, title="开放日满意度调查", questions=QUESTION, actor="clerk_a", event_id=e1)
    od.surveys.submit(survey, [5])
    od.surveys.submit(survey, [4])
    return {"od": od, "world": world, "campaign": cid, "events": (e1, e2, e3)}


def test_headline_figures_match_hand_counts(fixture):
    od, world = fixture["od"], fixture["world"]
    h = od.dashboard.headline("coord")
    assert (h["events_planned"], h["events_open"], h["events_held"]) == (3, 2, 1)
    assert h["signups_total"] == 6  # public sign-ups only: 4 + 2, not the 3 invitations
    assert h["signups_today"] == 6
    assert h["confirmed"] == 7 and h["confirmed_citizens"] == 4
    assert h["capacity"] == 9 + 30 + 12
    assert h["fill_rate"] == pytest.approx(7 / 51)
    assert h["citizen_share"] == pytest.approx(4 / 7)
    assert (h["opinions_received"], h["opinions_adopted"], h["opinions_decided"]) == (3, 1, 2)
    assert h["opinions_judged"] == 2  # adopted + not adopted; an "answered" question would not count
    assert h["survey_responses"] == 2

    unit_a = od.dashboard.headline("coord", Filters(unit_id=world.unit_a))
    assert (unit_a["events_planned"], unit_a["signups_total"], unit_a["confirmed"]) == (1, 4, 6)
    assert unit_a["citizen_share"] == pytest.approx(4 / 6)
    assert (unit_a["opinions_received"], unit_a["survey_responses"]) == (2, 2)
    unit_b = od.dashboard.headline("coord", Filters(unit_id=world.unit_b))
    assert (unit_b["events_planned"], unit_b["events_held"], unit_b["signups_total"]) == (2, 1, 2)
    assert unit_b["confirmed"] == 1 and unit_b["citizen_share"] == 0
    assert unit_b["opinions_received"] == 1 and unit_b["survey_responses"] == 0


def test_period_and_campaign_filters(fixture):
    od = fixture["od"]
    today = clock.now().date()
    past = od.dashboard.headline("coord", Filters(end=today - dt.timedelta(days=1)))
    assert (past["events_planned"], past["events_held"], past["signups_total"]) == (1, 1, 0)
    week = od.dashboard.headline("coord", Filters(start=today, end=today + dt.timedelta(days=7)))
    assert (week["events_planned"], week["signups_total"], week["confirmed"]) == (1, 4, 6)
    # An event outside every campaign does not count for the campaign.
    other = fixture["world"].event(days=200, title="明年活动")
    assert od.events.get(other).campaign_id is None
    in_campaign = od.dashboard.headline("coord", Filters(campaign_id=fixture["campaign"]))
    assert in_campaign["events_planned"] == 3
    assert od.dashboard.headline("coord")["events_planned"] == 4


def test_series_for_the_charts(fixture):
    od = fixture["od"]
    e1, e2, _ = fixture["events"]
    data = od.dashboard.compute("coord")
    assert list(data.signups["signups"]) == [6] and list(data.signups["cumulative"]) == [6]
    upcoming = data.upcoming.set_index("id")
    assert list(upcoming.index) == [e1, e2]  # the held event is not upcoming; ordered by start
    assert upcoming.loc[e1, ["capacity", "citizens", "others", "reserved"]].tolist() == [9, 4, 2, 3]
    assert upcoming.loc[e1, "citizen_share"] == pytest.approx(4 / 6)
    assert upcoming.loc[e2, "citizen_share"] == 0
    mix = dict(zip(data.categories["category"], data.categories["people"], strict=True))
    assert mix == {"citizen": 4, "media": 2, "expert": 1}
    per_unit = {(r.unit, r.status): r.events for r in data.unit_status.itertuples()}
    assert per_unit == {("甲县教育局", "open"): 1, ("乙镇人民政府", "open"): 1, ("乙镇人民政府", "held"): 1}
    outcomes = {(r.unit, r.status): r.opinions for r in data.opinion_outcomes.itertuples()}
    assert outcomes == {("甲县教育局", "adopted"): 1, ("甲县教育局", "not_adopted"): 1, ("乙镇人民政府", "received"): 1}
    # Each builder turns its frame into a chart spec without streamlit.
    for chart in (
        charts.signups_over_time(data.signups),
        charts.seats_vs_capacity(data.upcoming),
        charts.category_mix(data.categories),
        charts.events_per_unit(data.unit_status),
        charts.opinion_outcomes(data.opinion_outcomes),
        charts.deadlines(data.deadlines),
    ):
        assert chart.to_dict()["autosize"]["type"] == "fit-x"


def test_deadlines_met_missed_pending(fixture):
    od = fixture["od"]
    _, _, e3 = fixture["events"]

    def deadlines(now):
        return {(r.kind, r.outcome): r.count for r in od.dashboard.compute("coord", now=now).deadlines.itertuples()}

    now = clock.now()
    d = deadlines(now)
    # Event 3 ended 10 days ago (at least 5 working days): its report is missed.
    assert (d[("report", "met")], d[("report", "missed")], d[("report", "pending")]) == (0, 1, 0)
    # Two opinions decided today (met), one open and not yet due (pending).
    assert (d[("response", "met")], d[("response", "missed")], d[("response", "pending")]) == (2, 0, 1)
    # Sixty days on, the open opinion is overdue.
    later = deadlines(now + dt.timedelta(days=60))
    assert later[("response", "missed")] == 1 and later[("response", "pending")] == 0


def test_dashboard_and_empty_database(od):
    od.users.add("boss", "boss-pass-1", "coordinator")
    data = od.dashboard.compute("boss")
    assert data.headline["fill_rate"] is None and data.headline["citizen_share"] is None
    assert data.signups.empty and data.upcoming.empty and data.deadlines["count"].sum() == 0
    assert charts.signups_over_time(data.signups).to_dict()  # an empty state, not an error


def test_unit_staff_cannot_read_the_dashboard_or_audit(fixture):
    od = fixture["od"]
    with pytest.raises(PermissionDenied):
        od.dashboard.compute("clerk_a")
    with pytest.raises(PermissionDenied):
        od.audit.page("clerk_a")
    with pytest.raises(PermissionDenied):
        od.audit.export("clerk_b")
    with pytest.raises(PermissionDenied):
        od.dashboard.headline("nobody")


def test_audit_log_filters_pages_and_export(fixture):
    od = fixture["od"]
    rows, total = od.audit.page("coord", per_page=5)
    assert len(rows) == 5 and total > 5
    assert rows[0]["at_utc"] >= rows[-1]["at_utc"]
    second, _ = od.audit.page("coord", page=1, per_page=5)
    assert not {r["id"] for r in rows} & {r["id"] for r in second}
    mine, n = od.audit.page("coord", who="clerk_a", action="opinion.respond")
    assert n == 2 and all(r["actor"] == "clerk_a" and r["action"] == "opinion.respond" for r in mine)
    e1 = fixture["events"][0]
    by_target, n = od.audit.page("coord", target=f"event:{e1}")
    assert n >= 1 and all(r["target_type"] == "event" and r["target_id"] == str(e1) for r in by_target)
    today = clock.now().date()
    assert od.audit.page("coord", start=today, end=today)[1] == total
    assert od.audit.page("coord", end=today - dt.timedelta(days=1))[1] == 0
    data = od.audit.export("coord", "csv", who="clerk_a", action="opinion.respond")
    lines = data.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("时间,操作人,操作") and len(lines) == 3
    assert od.audit.page("coord", action="audit.export")[1] == 1  # the export itself is logged


def _recount(od) -> tuple[list, list, list]:
    stats = od.db.rows(
        "SELECT event_id, signups, pending, waitlisted, c_citizen, c_media, c_expert FROM coord_event_stats"
        " WHERE signups + pending + waitlisted + c_citizen + c_media + c_expert > 0 ORDER BY event_id"
    )
    direct = od.db.rows(
        "SELECT event_id, sum(invited = 0) AS signups, sum(status = 'pending') AS pending,"
        " sum(status = 'waitlisted') AS waitlisted, sum(status = 'confirmed' AND category = 'citizen') AS c_citizen,"
        " sum(status = 'confirmed' AND category = 'media') AS c_media,"
        " sum(status = 'confirmed' AND category = 'expert') AS c_expert FROM registrations GROUP BY event_id"
        " ORDER BY event_id"
    )
    days = od.db.rows(
        "SELECT coalesce(e.campaign_id, 0) AS campaign_id, substr(r.created_at, 1, 10) AS day,"
        " count(*) AS n FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.invited = 0"
        " GROUP BY 1, 2 ORDER BY 1, 2"
    )
    kept = od.db.rows("SELECT campaign_id, day, n FROM coord_signup_campaign_days WHERE n > 0 ORDER BY 1, 2")
    return stats, direct, [days, kept]


def test_running_totals_follow_every_change(fixture):
    """The trigger-kept totals the dashboard reads equal a recount after sign-ups, reviews, cancellations,
    waitlist promotion, an event moving out of its campaign and a deleted registration."""
    od, world = fixture["od"], fixture["world"]
    e1, e2, _ = fixture["events"]
    regs = od.registrations.for_event(e2, "clerk_b")
    od.registrations.approve(regs[0].id, "clerk_b")
    od.registrations.reject(regs[1].id, "clerk_b", "非本县居民")
    small = world.event(capacity=3, approval="auto", days=8)
    first = world.signup(small, 20)
    for seq in (21, 22, 23):
        world.signup(small, seq)  # the fourth waits
    assert od.events.seats(small).waitlisted == 1
    od.registrations.cancel(first.id, "coord")  # promotes the waiting citizen
    od.registrations.cancel_by_code(od.registrations.for_event(e1, "clerk_a")[0].code, "13900000001")
    with od.db.transaction("coord", "test.move") as tx:
        tx.execute("UPDATE events SET campaign_id = NULL WHERE id = ?", (small,))
        tx.execute("DELETE FROM registrations WHERE id = ?", (regs[1].id,))
    stats, direct, (days, kept) = _recount(od)
    assert [dict(r) for r in stats] == [dict(r) for r in direct]
    assert [dict(r) for r in kept] == [dict(r) for r in days]
    h = od.dashboard.headline("coord", Filters(campaign_id=fixture["campaign"]))
    assert h["signups_total"] == 6 - 1  # the rejected sign-up was deleted; the moved event left the campaign
    assert od.dashboard.headline("coord")["signups_today"] == 6 - 1 + 4
