"""The demo reads like a real county's year (issue 11, point 12): distinct venues with addresses, forms
that match the titles, states that agree with the dates, lists that keep the rules, reports with numbers."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from gkreg import OpenDay, clock
from gkreg.demo import load_demo
from gkreg.demo.plans import PLANS, forms_for_title
from gkreg.labels import FORMS, ONLINE_FORMS
from gkreg.seats import one_third_met

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL

ADDRESS = re.compile(r"（[^）]*(路|街|大道|巷)[^）]*\d+号[^）]*）")


@pytest.fixture(scope="module")
def od(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo")
    od = OpenDay(path / "demo.db", secrets_dir=path / "secrets")
    load_demo(od)
    yield od
    od.close()


def _events(od):
    return od.events.list_for_unit(None)


def test_venues_are_distinct_and_have_addresses(od) -> None:
    seated = [e for e in _events(od) if not e.online]
    assert len(seated) >= 25
    uses = Counter(e.location for e in seated)
    assert max(uses.values()) <= 1, uses.most_common(3)  # no 三楼多功能厅 for everyone
    for event in seated:
        assert ADDRESS.search(event.location), event.location
    # The venue belongs to the unit: a unit's venues are not borrowed by another unit.
    owners: dict[str, set[int]] = {}
    for event in seated:
        owners.setdefault(event.location.split("（")[0], set()).add(event.unit_id)
    assert all(len(units) == 1 for units in owners.values())


def test_forms_match_titles_and_online_forms_are_online(od) -> None:
    for event in _events(od):
        allowed = forms_for_title(event.title)
        assert allowed is not None, f"no form keyword in {event.title}"
        assert event.form in allowed and event.form in FORMS, (event.title, event.form)
        assert (event.form in ONLINE_FORMS) == event.online, (event.title, event.form)
    for plan in PLANS:  # the plans themselves, so a new plan cannot slip in with a mismatched form
        assert plan.form in (forms_for_title(plan.title) or set()), plan.title


def test_states_agree_with_the_reference_date(od) -> None:
    now = clock.now()
    events = _events(od)
    for event in events:
        if event.status in ("held", "reported"):
            assert event.starts_at < now, event.title
        if event.status in ("open", "finalized", "draft"):
            assert event.starts_at > now, event.title
        if event.status == "finalized":
            assert event.signup_closes < now, event.title
    states = Counter(e.signup_state(now) for e in events if not e.online)
    assert states["open"] >= 5 and states["not_yet"] >= 2
    assert Counter(e.status for e in events)["cancelled"] == 1
    assert {"draft", "open", "finalized", "held", "reported", "cancelled"} <= {e.status for e in events}


def test_no_registrations_before_sign_up_opens(od) -> None:
    now = clock.now()
    for event in _events(od):
        if event.draft or event.signup_state(now) == "not_yet":
            assert not od.registrations.list_unchecked(event.id), event.title
        for reg in od.registrations.list_unchecked(event.id):
            assert event.registration_opens is None or reg.created_at >= event.registration_opens or reg.invited


def test_lists_keep_the_seat_rules_and_one_third(od) -> None:
    open_with_pending = full_with_waitlist = 0
    for event in _events(od):
        if event.online:
            continue
        seats = od.events.seats(event.id)
        assert seats.confirmed <= event.capacity <= 30
        assert seats.confirmed_others <= seats.others_limit
        if event.list_fixed:
            assert one_third_met(seats.confirmed, seats.confirmed_citizens), event.title
            assert seats.pending == 0
        if event.signup_state() == "open":
            assert 0 < seats.confirmed, event.title  # running events have sign-ups, not a blank list
            open_with_pending += seats.pending > 0
            full_with_waitlist += seats.citizen_seats_left == 0 and seats.waitlisted > 0
            if seats.citizen_seats_left:
                assert seats.waitlisted == 0
    assert open_with_pending >= 2 and full_with_waitlist >= 1


def test_registrations_went_through_the_use_cases(od) -> None:
    """Each public sign-up has its audit entry and its SMS, dated when it happened, not when the demo ran."""
    public = od.db.scalar("SELECT count(*) FROM registrations WHERE invited = 0")
    signups = od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'registration.signup'")
    assert public > 100 and signups == public
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'event.finalize'") >= 12
    received = od.db.scalar("SELECT count(*) FROM outbox WHERE kind = 'received'")
    assert received == public
    assert od.db.scalar("SELECT count(*) FROM outbox WHERE status = 'sent'") > public // 2
    oldest = od.db.scalar("SELECT min(created_at) FROM registrations")
    assert clock.parse(oldest) < clock.now() - dt.timedelta(days=30)


def test_reports_carry_numbers_and_match_the_ledger(od) -> None:
    today = clock.now().date()
    for event in _events(od):
        if event.online or event.status not in ("held", "reported"):
            continue
        report = od.reports.get(event.id)
        if event.status == "reported" or od.reports.due(event.id).date < today:
            assert report is not None and re.search(r"\d", report.body), event.title
            assert "若干" not in report.body
            attendance = od.reports.attendance(event.id)
            assert f"实到{attendance.attended}人" in report.body
            raised = od.db.scalar("SELECT count(*) FROM opinions WHERE event_id = ? AND source = 'forum'", (event.id,))
            if raised:
                assert f"意见建议{raised}条" in report.body
        if event.status == "reported":
            assert report.published
    assert od.db.scalar("SELECT count(*) FROM event_reports WHERE published_at IS NULL") >= 1  # one overdue draft


def test_opinions_are_not_repeated_within_a_unit(od) -> None:
    rows = od.db.rows("SELECT unit_id, content FROM opinions WHERE consultation_id IS NULL")
    pairs = Counter((r["unit_id"], r["content"]) for r in rows)
    assert max(pairs.values()) == 1, pairs.most_common(2)


def test_questionnaires_some_closed_with_results_and_some_open(od) -> None:
    surveys = od.surveys.list_for("coordinator")
    states = Counter(s.state() for s in surveys)
    assert states["open"] >= 2 and states["ended"] >= 2  # the county's and one unit's running, others over
    for survey in surveys:
        if survey.state() == "ended":
            assert survey.responses > 0 and od.surveys.results(survey.id)["responses"] == survey.responses
            assert all(
                r["submitted_at"] <= clock.to_iso(survey.closes_at)
                for r in od.db.rows("SELECT submitted_at FROM survey_responses WHERE survey_id = ?", (survey.id,))
            )


def test_demo_is_deterministic(od, tmp_path) -> None:
    again = OpenDay(tmp_path / "again.db", secrets_dir=tmp_path / "secrets")
    load_demo(again)
    query = (
        "SELECT e.title, e.status, e.location, (SELECT group_concat(r.name || r.status, ',') FROM registrations r"
        " WHERE r.event_id = e.id) AS people FROM events e ORDER BY e.id"
    )
    try:
        assert again.db.rows(query) == od.db.rows(query)
    finally:
        again.close()


# Where an audit entry's record belongs: the unit whose clerk should have done it (NULL: the county office's).
_UNIT_OF = {
    "event": "SELECT unit_id FROM events WHERE id = ?",
    "registration": "SELECT e.unit_id FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.id = ?",
    "opinion": "SELECT unit_id FROM opinions WHERE id = ?",
    "consultation": "SELECT unit_id FROM consultations WHERE id = ?",
    "consultation_plan": "SELECT unit_id FROM consultation_plans WHERE id = ?",
    "survey": "SELECT unit_id FROM surveys WHERE id = ?",
}


def test_every_unit_has_its_own_clerk(od) -> None:
    clerks = od.db.rows("SELECT username, display_name, unit_id FROM users WHERE role = 'unit_staff'")
    units = od.db.rows("SELECT id FROM units")
    assert sorted(c["unit_id"] for c in clerks) == sorted(u["id"] for u in units)  # one each
    assert all(c["display_name"] for c in clerks)
    edu = od.users.get("edu")
    assert edu is not None and edu["unit_name"] == "示范县教育局" and edu["role"] == "unit_staff"


def test_each_units_work_is_done_by_its_own_clerk(od) -> None:
    """The audit log shows each unit's clerk planning, reviewing, holding, reporting and answering for
    its own unit; the county office only for county work (campaigns, inspections, the county survey)."""
    clerk_of = {r["unit_id"]: r["username"] for r in od.db.rows("SELECT unit_id, username FROM users WHERE role = 'unit_staff'")}
    coordinators = {r["username"] for r in od.db.rows("SELECT username FROM users WHERE role = 'coordinator'")}
    acting: Counter[str] = Counter()
    for entry in od.db.rows("SELECT actor, action, target_type, target_id FROM audit_log WHERE actor != ''"):
        query = _UNIT_OF.get(entry["target_type"])
        if query is None or entry["target_id"] is None or entry["action"].startswith("login"):
            continue
        unit = od.db.scalar(query, (entry["target_id"],))
        expected = clerk_of[unit] if unit is not None else None
        if expected is None:
            assert entry["actor"] in coordinators, dict(entry)
        else:
            assert entry["actor"] == expected, dict(entry)
        acting[entry["actor"]] += 1
    with_events = {r["unit_id"] for r in od.db.rows("SELECT DISTINCT unit_id FROM events")}
    assert all(acting[clerk_of[u]] >= 3 for u in with_events), acting
    # The office's own work is still the office's.
    office = {r["action"] for r in od.db.rows("SELECT action FROM audit_log WHERE actor = 'coordinator'")}
    assert {"campaign.parts", "inspection.add", "user.add"} <= office
    assert not {a for a in office if a.split(".")[0] in ("event", "registration", "report", "opinion")}


def test_nobody_can_log_in_as_a_generated_clerk(od) -> None:
    generated = [r["username"] for r in od.db.rows("SELECT username FROM users WHERE role = 'unit_staff' AND username != 'edu'")]
    assert len(generated) >= 12
    for n, username in enumerate(generated):
        for k, guess in enumerate(["", username, f"{username}-demo", "edu-demo", "coordinator-demo", "12345678", "password"]):
            assert not od.users.verify_password(username, guess, client=f"test-{n}-{k}"), (username, guess)
    # The documented accounts work exactly as before.
    assert od.users.verify_password("edu", "edu-demo", client="test-edu")
    assert od.users.verify_password("coordinator", "coordinator-demo", client="test-coordinator")


def _audit_moment(at_utc: str) -> dt.datetime:
    return dt.datetime.fromisoformat(at_utc).astimezone(clock.TZ).replace(tzinfo=None)


def test_opinions_went_through_the_use_cases_at_plausible_times(od) -> None:
    now = clock.now()
    entries: dict[tuple[str, str], list[dt.datetime]] = {}
    for r in od.db.rows("SELECT action, target_type, target_id, at_utc FROM audit_log WHERE action LIKE 'opinion.%'"):
        entries.setdefault((r["action"], str(r["target_id"])), []).append(_audit_moment(r["at_utc"]))
    opinions = od.db.rows(
        "SELECT * FROM opinions WHERE source != 'online' OR event_id NOT IN (SELECT event_id FROM event_online)"
    )
    assert len(opinions) >= 30
    for o in opinions:
        submitted = clock.parse_required(o["submitted_at"])
        assert submitted <= now
        taken = entries.get(("opinion.submit", str(o["id"]))) or entries.get(("opinion.record_many", str(o["event_id"]))) or []
        assert submitted in taken, dict(o)  # its audit entry was written when it came in
        assert clock.parse_required(o["due_on"]) > submitted
        if o["responded_at"]:
            responded = clock.parse_required(o["responded_at"])
            assert submitted < responded <= now, dict(o)
            assert responded in entries[("opinion.respond", str(o["id"]))]
        if o["published"]:
            published = clock.parse_required(o["published_at"])
            assert responded < published <= now, dict(o)
            assert published in entries[("opinion.publish", str(o["id"]))]
        for note in od.db.rows("SELECT created_at FROM opinion_progress WHERE opinion_id = ?", (o["id"],)):
            assert submitted < clock.parse_required(note["created_at"]) <= now
    statuses = Counter(o["status"] for o in opinions)
    assert set(statuses) == {"received", "processing", "adopted", "partially_adopted", "not_adopted", "answered"}
    overdue = [o for o in opinions if o["status"] in ("received", "processing") and o["due_on"] < now.date().isoformat()]
    assert overdue and any(o["unit_id"] == od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'") for o in overdue)
    assert any(o["published"] for o in opinions)
    edited = [o for o in opinions if o["public_content"]]
    assert len(edited) == 1 and edited[0]["published"] and edited[0]["public_content"] in edited[0]["content"]
    ledger = {e["id"]: e for e in od.opinions.public_ledger()}
    assert "幸福小区3号楼" not in ledger[edited[0]["id"]]["content"]
    # Citizens who left a phone got the "answered" text, queued when the answer was given.
    assert od.db.scalar("SELECT count(*) FROM outbox WHERE kind = 'answered'") >= 1
    # The consultations were opened by their units and their comments came in through the public form.
    for c in od.db.rows("SELECT id, unit_id, created_by FROM consultations"):
        assert c["created_by"] == od.db.scalar("SELECT username FROM users WHERE unit_id = ?", (c["unit_id"],))
        assert od.db.scalar("SELECT count(*) FROM opinions WHERE consultation_id = ?", (c["id"],)) >= 1
