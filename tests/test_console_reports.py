"""Event reports: due dates with chinesecalendar, photos, attendance from check-ins, publishing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from gkreg import clock
from gkreg.errors import InvalidTransition, PermissionDenied, ValidationError
from gkreg.planning import Planning
from gkreg.workdays import add_workdays

pytestmark = pytest.mark.backends


def png(size=(20, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


def held_event(world, **kw) -> int:
    """An event two days ago, list finalized with 2 citizens + 1 deputy, one citizen checked in, now held."""
    od = world.od
    eid = world.event(days=1, approval="auto", capacity=9, **kw)
    a = world.signup(eid, 1)
    world.signup(eid, 2, name="李四")
    od.registrations.register(eid, name="王代表", phone="", category="npc_deputy", invited_by="clerk_a")
    od.registrations.check_in(a.id, "clerk_a")
    od.events.finalize(eid, "clerk_a")
    clock.shift(dt.timedelta(days=2))
    Planning(od).mark_held(eid, "clerk_a")
    return eid


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    clock.shift(dt.timedelta(0))


def test_due_date_across_national_day_and_makeup_workday(world):
    # 2026-09-30 (Wed): 10-01..07 holiday, 10-08 Thu, 10-09 Fri, 10-10 Sat make-up workday, 10-12 Mon, 10-13 Tue.
    due = add_workdays(dt.date(2026, 9, 30), 5)
    assert due.date == dt.date(2026, 10, 13) and due.exact and due.warning == ""
    eid = world.event(starts_at="2026-09-30 09:00", ends_at="2026-09-30 11:30")
    assert world.od.reports.due(eid).date == dt.date(2026, 10, 13)


def test_due_date_uses_campaign_then_setting(world):
    od = world.od
    with od.db.transaction("coord", "campaign.add") as tx:
        cid = tx.insert(
            "campaigns",
            {
                "name": "开放日",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
                "report_due_workdays": 3,
                "created_at": "2026-01-01 00:00:00",
            },
        )
    with_campaign = world.event(starts_at="2026-09-30 09:00", campaign_id=cid)
    assert od.reports.due(with_campaign).date == dt.date(2026, 10, 10)  # the make-up Saturday counts
    od.settings.set("report_due_workdays", 1, "coord")
    plain = world.event(starts_at="2026-09-30 09:00", campaign_id=None)
    od.db.connection().execute("UPDATE events SET campaign_id = NULL WHERE id = ?", (plain,))
    assert od.reports.due(plain).date == dt.date(2026, 10, 8)


def test_year_without_calendar_data_falls_back_to_weekends(world):
    # 2027 has no holiday data in chinesecalendar: weekends only, and a warning.
    eid = world.event(starts_at="2027-09-30 09:00")  # a Thursday
    due = world.od.reports.due(eid)
    assert due.date == dt.date(2027, 10, 7) and not due.exact
    assert "尚未收录" in due.warning


def test_write_photos_and_publish(world):
    od = world.od
    eid = held_event(world)
    attendance = od.reports.attendance(eid)
    assert (attendance.invited, attendance.registered, attendance.confirmed, attendance.attended) == (1, 2, 3, 1)
    assert attendance.citizen_share == 1.0
    report = od.reports.save(eid, "clerk_a", "活动顺利举办，群众代表提出了三条意见。")
    assert report.attended == 1 and not report.published
    assert report.due_on == od.reports.due(eid).date
    with pytest.raises(ValidationError, match="不是JPG或PNG"):
        od.reports.add_photo(eid, "clerk_a", "a.gif", b"GIF89a....")
    with pytest.raises(ValidationError, match="超过5MB"):
        od.reports.add_photo(eid, "clerk_a", "big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024))
    for n in range(6):
        od.reports.add_photo(eid, "clerk_a", f"{n}.png", png())
    with pytest.raises(ValidationError, match="最多6张"):
        od.reports.add_photo(eid, "clerk_a", "7.png", png())
    assert [p.mime for p in od.reports.photos(eid)] == ["image/png"] * 6
    assert od.reports.published() and od.reports.published()[0].report is None  # held, not yet published
    assert od.reports.public_photo(od.reports.photos(eid)[0].id) is None
    od.reports.publish(eid, "clerk_a")
    assert od.events.get(eid).status == "reported"
    public = od.reports.published()
    assert public[0].report.body.startswith("活动顺利举办") and len(public[0].photo_ids) == 6
    assert od.reports.public_photo(public[0].photo_ids[0]).data == png()
    with pytest.raises(InvalidTransition):
        od.reports.publish(eid, "clerk_a")


def test_report_needs_held_event_and_own_unit(world):
    od = world.od
    eid = world.event()
    with pytest.raises(InvalidTransition):
        od.reports.save(eid, "clerk_a", "还没举办")
    held = held_event(world)
    with pytest.raises(PermissionDenied):
        od.reports.save(held, "clerk_b", "别的单位")
    with pytest.raises(ValidationError, match="请先填写"):
        od.reports.publish(held, "clerk_a")
    assert od.events.get(held).status == "held"


def test_demo_seed_writes_reports_for_reported_events(tmp_path):
    from gkreg import OpenDay
    from gkreg.demo import load_demo

    od = OpenDay(tmp_path / "demo.db", secrets_dir=tmp_path / "s")
    load_demo(od)
    reported = od.db.scalar("SELECT count(*) FROM events WHERE status = 'reported'")
    published = od.db.scalar("SELECT count(*) FROM event_reports WHERE published_at IS NOT NULL")
    assert reported and published == reported
    assert any(r.photo_ids for r in od.reports.published())
