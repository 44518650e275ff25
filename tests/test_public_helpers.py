"""gkreg.public: seat state in words, filters and search, sign-up checks, .ics text, QR codes, throttle."""

from __future__ import annotations

import datetime as dt

import pytest

from gkreg import clock, public
from gkreg.seats import compute_seats

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def _event(world, **kw):
    return world.od.events.get(world.event(**kw))


def test_seat_words_for_every_state(world):
    od = world.od
    now = clock.now()
    left = _event(world)
    assert public.seat_words(public.seat_state(left, od.events.seats(left.id))) == "群众代表名额剩余 30 个"
    world.signup(left.id, 1)  # review mode: pending does not take a seat
    assert public.seat_state(left, od.events.seats(left.id)).left == 30

    auto = _event(world, capacity=1, approval="auto")
    world.signup(auto.id, 2)
    state = public.seat_state(auto, od.events.seats(auto.id))
    assert state.kind == "full_waitlist" and state.can_sign_up
    assert public.seat_words(state) == "已满，可登记候补"

    review_full = compute_seats(1, 1, 0)
    state = public.seat_state(left, review_full)
    assert state.kind == "full_review" and state.can_sign_up

    closed = _event(world, registration_closes=now - dt.timedelta(hours=1))
    state = public.seat_state(closed, od.events.seats(closed.id))
    assert (state.kind, state.can_sign_up) == ("closed", False)
    assert public.seat_words(state) == "报名已截止"

    later = _event(world, registration_opens=now + dt.timedelta(days=2))
    state = public.seat_state(later, od.events.seats(later.id))
    assert not state.can_sign_up
    assert public.seat_words(state).startswith("报名尚未开始")

    assert public.seat_words(public.SeatState("left", left=4), "en") == "4 seats left for citizens"


def test_finalized_event_takes_no_signup(world):
    od = world.od
    event_id = world.event(approval="auto")
    world.signup(event_id, 1)
    od.events.finalize(event_id, world.coordinator)
    state = public.seat_state(od.events.get(event_id), od.events.seats(event_id))
    assert state.kind == "finalized" and not state.can_sign_up
    assert "报名已截止" in public.seat_words(state)


def test_filters_and_keyword_search(world):
    od = world.od
    start = clock.now() + dt.timedelta(days=40)
    world.event(title="义务教育招生政策面对面", form="进机关", location="教育局三楼")
    world.event(unit=world.unit_b, title="乡村振兴现场开放", form="进现场", location="南门广场", starts_at=start)
    events = od.events.list_open()
    assert len(public.filter_events(events)) == 2
    assert [e.title for e in public.filter_events(events, unit="乙镇人民政府")] == ["乡村振兴现场开放"]
    assert [e.title for e in public.filter_events(events, form="进机关")] == ["义务教育招生政策面对面"]
    assert [e.title for e in public.filter_events(events, month=f"{start:%Y-%m}")][-1] == "乡村振兴现场开放"
    assert [e.title for e in public.filter_events(events, keyword="  招生  教育局 ")] == ["义务教育招生政策面对面"]
    assert public.filter_events(events, keyword="广场 招生") == []
    assert [e.title for e in public.filter_events(events, keyword="乙镇")] == ["乡村振兴现场开放"]
    assert public.unit_options(events) == ["乙镇人民政府", "甲县教育局"]
    assert public.form_options(events) == ["进机关", "进现场"]
    assert public.month_label("2026-09") == "2026年9月"


def test_parse_event_id():
    assert public.parse_event_id("12") == 12
    for bad in (None, "", "0", "-3", "abc", "1e3", "9" * 20, "1; DROP"):
        assert public.parse_event_id(bad) is None


def test_status_and_next_step_words():
    assert public.status_words("pending") == "待审核"
    assert public.status_words("confirmed") == "已确认"
    assert public.status_words("waitlisted", 3) == "候补（第 3 位）"
    assert public.status_words("rejected") == "未通过"
    assert public.status_words("cancelled") == "已取消"
    assert public.status_words("confirmed", lang="en") == "Confirmed"
    text = public.next_step("waitlisted", unit="甲局", when="x", place="y", position=2)
    assert "第 2 位" in text
    assert "甲局将审核" in public.next_step("pending", unit="甲局", when="x", place="y")
    assert "名额不足" in public.next_step("rejected", unit="u", when="x", place="y", reason="名额不足")


def test_privacy_notice_names_collector_purpose_retention_and_cancel():
    text = "\n".join(public.privacy_notice("甲县教育局", 45))
    assert "/lookup" not in text  # a page's name, not a raw path
    for part in ("甲县教育局", "县政务公开办", "安保", "45 天后删除", "报名查询", "取消"):
        assert part in text


def test_ics_is_valid_calendar_text(world):
    event = _event(
        world,
        title="走进机关, 面对面; 第一场",
        location="一楼会议室",
        starts_at=dt.datetime(2030, 5, 15, 9, 30),
        ends_at=dt.datetime(2030, 5, 15, 11, 0),
        description="第一行\n第二行" + "很长的介绍" * 30,
    )
    text = public.event_ics(event, code="ABCD2345", status="confirmed", stamp=dt.datetime(2030, 1, 1))
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "DTSTART;TZID=Asia/Shanghai:20300515T093000" in lines
    assert "DTEND;TZID=Asia/Shanghai:20300515T110000" in lines
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:政府开放日：走进机关\\, 面对面\\; 第一场" in unfolded
    assert "报名编号：ABCD2345" in unfolded and "第一行\\n第二行" in unfolded
    assert text.count("BEGIN:VEVENT") == 1 and text.count("END:VEVENT") == 1
    assert public.ics_filename(event, "ABCD2345").endswith("-ABCD2345.ics")


def test_qr_codes_are_png_and_svg():
    png = public.qr_png("ABCD2345")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 100
    svg = public.qr_svg("ABCD2345")
    assert b"<svg" in svg and b"<?xml" not in svg


def test_md_escape_makes_staff_text_inert():
    assert public.md_escape("[点我](http://x) **粗** :red[x]") == "\\[点我\\]\\(http\u2060\\://x\\) \\*\\*粗\\*\\* \\:red\\[x\\]"
