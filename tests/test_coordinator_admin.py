"""Campaigns, plan filing, unit deactivation and retention: what the coordinator may do, and unit staff may not."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gkreg import clock
from gkreg.errors import NotFound, PermissionDenied, ValidationError

pytestmark = pytest.mark.backends


def test_create_edit_and_list_campaigns(world):
    od = world.od
    cid = od.campaigns.create(
        "coord",
        name=" 2026年政府开放日 ",
        starts_on="2026-09-15",
        ends_on="2026-10-31",
        filing_deadline=dt.date(2026, 9, 1),
        report_due_workdays=5,
        response_due_workdays=10,
        min_events_per_unit=2,
    )
    c = od.campaigns.get(cid)
    assert (c["name"], c["starts_on"], c["filing_deadline"], c["response_due_workdays"]) == (
        "2026年政府开放日",
        "2026-09-15",
        "2026-09-01",
        10,
    )
    edited = od.campaigns.edit(cid, "coord", report_due_workdays=7, filing_deadline="2026-09-05")
    assert (edited["report_due_workdays"], edited["filing_deadline"], edited["min_events_per_unit"]) == (7, "2026-09-05", 2)
    assert [r["id"] for r in od.campaigns.list()] == [cid]
    entry = od.audit.page("coord", action="campaign.edit")[0][0]
    assert entry["target_type"] == "campaign" and "report_due_workdays" in entry["detail"]
    assert od.campaigns.current(dt.date(2026, 10, 1))["id"] == cid


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"ends_on": "2026-09-01"}, "ends_on"),
        ({"starts_on": "15/09/2026"}, "starts_on"),
        ({"name": ""}, "title"),
        ({"report_due_workdays": 0}, "report_due_workdays"),
        ({"response_due_workdays": "十"}, "response_due_workdays"),
        ({"filing_deadline": "2027-01-01"}, "filing_deadline"),
    ],
)
def test_campaign_validation_names_the_field_and_writes_nothing(world, changes, field):
    values = dict(name="2026年政府开放日", starts_on="2026-09-15", ends_on="2026-10-31")
    with pytest.raises(ValidationError) as caught:
        world.od.campaigns.create("coord", **{**values, **changes})
    assert caught.value.field == field
    assert world.od.campaigns.list() == []


def test_filing_status_and_reminder_export(world):
    od = world.od
    today = clock.now().date()
    cid = od.campaigns.create(
        "coord",
        name="本年度开放日",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=60),
        filing_deadline=today - dt.timedelta(days=5),
    )
    late_unit = od.units.add("丙街道办事处", "township")
    unfiled_unit = od.units.add("丁局", "department")
    on_time = world.event(days=5)
    late = world.event(unit=late_unit, days=6)
    world.event(unit=unfiled_unit, days=7)  # planned but never filed
    with od.db.transaction("coord", "test.setup") as tx:
        tx.execute("UPDATE events SET filed_at = ? WHERE id = ?", (clock.to_iso(today - dt.timedelta(days=8)), on_time))
        tx.execute("UPDATE events SET filed_at = ? WHERE id = ?", (clock.to_iso(today - dt.timedelta(days=1)), late))
    status = {r["unit"]: r["filing"] for r in od.campaigns.filing_status(cid, "coord")}
    assert status == {"甲县教育局": "on_time", "丙街道办事处": "late", "乙镇人民政府": "not_filed", "丁局": "not_filed"}
    assert {r["unit"] for r in od.campaigns.not_filed(cid, "coord")} == {"乙镇人民政府", "丁局"}
    book = load_workbook(io.BytesIO(od.campaigns.reminder_export(cid, "coord", include_late=True)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("序号", "单位")
    assert sorted((r[1], r[5]) for r in rows[1:]) == [
        ("丁局", "未备案"),
        ("丙街道办事处", "逾期备案"),
        ("乙镇人民政府", "未备案"),
    ]
    csv = od.campaigns.reminder_export(cid, "coord", fmt="csv").decode("utf-8-sig")
    assert "丁局" in csv and "丙街道办事处" not in csv
    # A deactivated unit drops out of the list.
    od.campaigns.set_unit_active(unfiled_unit, False, "coord")
    assert "丁局" not in {r["unit"] for r in od.campaigns.filing_status(cid, "coord")}
    assert od.units.get(unfiled_unit)["active"] == 0
    od.campaigns.set_unit_active(unfiled_unit, True, "coord")
    assert od.units.get(unfiled_unit)["active"] == 1
    with pytest.raises(NotFound):
        od.campaigns.set_unit_active(9999, False, "coord")


def test_retention_counts_then_erases_ids_and_phones(world):
    od = world.od
    old = world.event(days=3)
    world.signup(old, 1)
    world.signup(old, 2)
    recent = world.event(days=4)
    world.signup(recent, 3)
    with od.db.transaction("coord", "test.setup") as tx:
        tx.execute(
            "UPDATE events SET starts_at = ?, ends_at = NULL WHERE id = ?",
            (clock.to_iso(clock.now() - dt.timedelta(days=120)), old),
        )
    assert od.campaigns.retention_due("coord") == 2  # default 90 days
    assert od.campaigns.retention_due("coord", days=200) == 0
    with pytest.raises(PermissionDenied):
        od.campaigns.purge_personal_data("clerk_a")
    assert od.campaigns.retention_due("coord") == 2
    assert od.campaigns.purge_personal_data("coord") == 2
    rows = od.db.rows("SELECT event_id, phone, id_cipher, id_masked, erased_at FROM registrations ORDER BY id")
    assert [(r["phone"], r["id_cipher"], r["id_masked"]) for r in rows[:2]] == [(None, None, "")] * 2
    assert rows[2]["phone"] and rows[2]["id_cipher"] and rows[2]["erased_at"] is None
    assert od.campaigns.retention_due("coord") == 0
    assert od.db.scalar("SELECT count(*) FROM registrations") == 3  # totals stay


def test_unit_staff_cannot_call_coordinator_functions(world):
    od = world.od
    cid = od.campaigns.create("coord", name="开放日", starts_on="2026-09-01", ends_on="2026-10-31")
    denied = [
        lambda: od.campaigns.create("clerk_a", name="我的安排", starts_on="2026-09-01", ends_on="2026-10-31"),
        lambda: od.campaigns.edit(cid, "clerk_a", name="改名"),
        lambda: od.campaigns.filing_status(cid, "clerk_a"),
        lambda: od.campaigns.reminder_export(cid, "clerk_b"),
        lambda: od.campaigns.set_unit_active(world.unit_a, False, "clerk_a"),
        lambda: od.campaigns.retention_due("clerk_a"),
        lambda: od.assessment.scores(cid, "clerk_a"),
        lambda: od.assessment.evidence(cid, world.unit_a, "clerk_a"),
        lambda: od.dashboard.compute("clerk_b"),
        lambda: od.audit.actions("clerk_a"),
        lambda: od.settings.set("retention_days", 30, "clerk_a"),
        lambda: od.users.add("newbie", "newbie-pass", "unit_staff", unit_id=world.unit_a, actor="clerk_a"),
        lambda: od.users.set_active("clerk_b", False, "clerk_a"),
        lambda: od.users.reset_password("clerk_b", "another-pass", "clerk_a"),
        lambda: od.users.bind_unit("clerk_b", world.unit_a, "clerk_a"),
        lambda: od.units.add("戊镇", "township", actor="clerk_a"),
    ]
    before = od.db.scalar("SELECT count(*) FROM audit_log")
    for call in denied:
        with pytest.raises(PermissionDenied):
            call()
    assert od.db.scalar("SELECT count(*) FROM audit_log") == before  # nothing written
    assert od.campaigns.get(cid)["name"] == "开放日" and od.units.get(world.unit_a)["active"] == 1
    # A disabled coordinator account loses its rights too.
    od.users.add("coord2", "coord2-pass", "coordinator", actor="coord")
    od.users.set_active("coord2", False, "coord")
    with pytest.raises(PermissionDenied):
        od.campaigns.list() and od.campaigns.filing_status(cid, "coord2")
