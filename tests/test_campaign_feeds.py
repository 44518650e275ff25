"""The year calendar and the portal feeds (issue 13): .ics parsed back by icalendar, Atom by feedparser."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import icalendar
import pytest
from openpyxl import load_workbook

from gkreg import clock, feeds
from gkreg.errors import PermissionDenied
from gkreg.planning import Planning

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def _held_reported(world, title: str, days_ago: int, body: str) -> int:
    od = world.od
    eid = od.online.create(
        world.unit_a,
        "clerk_a",
        title=title,
        starts_at=clock.now() - dt.timedelta(days=days_ago),
        stream_url="https://live.example.gov.cn/x",
    )
    Planning(od).mark_held(eid, "clerk_a")
    od.reports.save(eid, "clerk_a", body, attended=0)
    od.reports.publish(eid, "clerk_a")
    return eid


@pytest.fixture
def calendar_world(world):
    od = world.od
    year = clock.now().year + 1
    seated = world.event(
        title="走进教育局：招生政策面对面",
        starts_at=dt.datetime(year, 3, 18, 9, 30),
        ends_at=dt.datetime(year, 3, 18, 11, 30),
        location="教育局一楼",
    )
    od.cohosts.set(seated, "coord", [world.unit_b])
    online = od.online.create(
        world.unit_b,
        "clerk_b",
        title="镇长在线访谈, 乡村振兴; 第一期",
        form="在线访谈",
        starts_at=dt.datetime(year, 5, 20, 15, 0),
        stream_url="https://live.example.gov.cn/5",
    )
    draft = Planning(od).create(world.unit_a, "clerk_a", title="草稿活动", starts_at=dt.datetime(year, 6, 1, 9, 0))
    cancelled = world.event(title="取消的活动", starts_at=dt.datetime(year, 7, 1, 9, 0))
    Planning(od).cancel(cancelled, "clerk_a")
    return world, year, {"seated": seated, "online": online, "draft": draft, "cancelled": cancelled}


def test_calendar_ics_parses_back_with_every_published_event(calendar_world):
    world, year, ids = calendar_world
    od = world.od
    data = od.calendar.ics("https://gk.example.gov.cn")
    cal = icalendar.Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    published = {f"gkreg-event-{ids['seated']}@gkreg", f"gkreg-event-{ids['online']}@gkreg"}
    assert set(events) == published
    online = events[f"gkreg-event-{ids['online']}@gkreg"]
    assert str(online["SUMMARY"]) == "政务公开日：镇长在线访谈, 乡村振兴; 第一期"
    assert online.decoded("DTSTART") == dt.datetime(year, 5, 20, 15, 0, tzinfo=clock.TZ) or online.decoded(
        "DTSTART"
    ).utcoffset() == dt.timedelta(hours=8)
    assert str(online["URL"]) == "https://live.example.gov.cn/5"
    seated = events[f"gkreg-event-{ids['seated']}@gkreg"]
    assert "合办单位：乙镇人民政府" in str(seated["DESCRIPTION"])
    assert str(seated["URL"]) == f"https://gk.example.gov.cn/?event={ids['seated']}"
    assert seated.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(year, 3, 18, 9, 30)
    assert "REFRESH-INTERVAL" in cal and all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_office_holds_a_month_and_filters(calendar_world):
    world, year, ids = calendar_world
    od = world.od
    with pytest.raises(PermissionDenied):
        od.calendar.set_month(f"{year}-05", "clerk_a", published=False)
    od.calendar.set_month(f"{year}-05", "coord", published=False)
    assert [e.event.id for e in od.calendar.entries(year)] == [ids["seated"]]
    assert [e.event.id for e in od.calendar.entries(year, include_held=True)] == [ids["seated"], ids["online"]]
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(od.calendar.ics()).walk("VEVENT")}
    assert uids == {f"gkreg-event-{ids['seated']}@gkreg"}
    od.calendar.set_month(f"{year}-05", "coord", published=True)
    # Unit filter matches lead and co-host; form filter.
    assert [e.event.id for e in od.calendar.entries(year, unit_id=world.unit_b)] == [ids["seated"], ids["online"]]
    assert [e.event.id for e in od.calendar.entries(year, unit_id=world.unit_a)] == [ids["seated"]]
    assert [e.event.id for e in od.calendar.entries(year, form="在线访谈")] == [ids["online"]]
    entry = od.calendar.entries(year, form="在线访谈")[0]
    assert entry.take_part() == "在线参与：https://live.example.gov.cn/5"


def test_year_sheet_lists_theme_days_with_hosts(calendar_world):
    world, year, ids = calendar_world
    book = load_workbook(__import__("io").BytesIO(world.od.calendar.xlsx(year)))
    rows = list(book.active.values)
    assert rows[0][0] == f"{year}年政务公开日主题活动安排表"
    assert rows[1][:5] == ("序号", "月份", "日期", "时间", "主题")
    assert rows[2][1:8] == (
        "3月",
        f"{year}-03-18",
        "09:30–11:30",
        "走进教育局：招生政策面对面",
        "甲县教育局",
        "乙镇人民政府",
        "进机关",
    )
    assert rows[3][4] == "镇长在线访谈, 乡村振兴; 第一期" and len(rows) == 4


def test_reports_atom_has_every_published_report(world):
    od = world.od
    first = _held_reported(world, "在线访谈一", 3, "访谈<b>不是</b>HTML & 正文")
    second = _held_reported(world, "在线访谈二", 2, "第二篇报道")
    unpublished = od.online.create(
        world.unit_a, "clerk_a", title="未发布", starts_at=clock.now() - dt.timedelta(days=1), hotline="12345"
    )
    Planning(od).mark_held(unpublished, "clerk_a")
    data = feeds.build_feed(od, "reports.atom", "https://gk.example.gov.cn")
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    links = {e.link for e in parsed.entries}
    assert links == {f"https://gk.example.gov.cn/reports?event={first}", f"https://gk.example.gov.cn/reports?event={second}"}
    bodies = {e.content[0].value for e in parsed.entries}
    assert "访谈<b>不是</b>HTML & 正文" in bodies
    assert all(e.content[0].type == "text/plain" for e in parsed.entries)
    listed = json.loads(feeds.build_feed(od, "reports.json"))
    assert {i["id"] for i in listed["items"]} == {f"tag:gkreg,2026:report/{first}", f"tag:gkreg,2026:report/{second}"}


def test_ledger_atom_masks_names_and_never_carries_phones(world):
    od = world.od
    shown = od.feedback.submit("公交站台太少", unit_id=world.unit_a, name="张三丰", phone="13912345678")
    od.feedback.publish(shown, "coord")
    od.feedback.submit("未公开的意见", unit_id=world.unit_a, name="李四")
    data = feeds.build_feed(od, "ledger.atom")
    parsed = feedparser.parse(data)
    assert not parsed.bozo and len(parsed.entries) == 1
    text = data.decode()
    assert "张**" in text and "张三丰" not in text and "13912345678" not in text and "未公开" not in text
    assert "李四" not in feeds.build_feed(od, "ledger.json").decode()


def test_feed_endpoint_serves_every_feed_and_refuses_others(world):
    from starlette.requests import Request

    from gkreg import feed_http

    od = world.od
    _held_reported(world, "在线访谈一", 3, "正文")
    feed_http._cache.clear()
    endpoint = feed_http.feed_endpoint(lambda: od)

    def get(name: str):
        scope = {
            "type": "http",
            "method": "GET",
            "scheme": "https",
            "path": f"/feeds/{name}",
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"gk.example.gov.cn")],
            "path_params": {"name": name},
            "server": ("gk.example.gov.cn", 443),
        }
        return endpoint(Request(scope))

    atom = get("reports.atom")
    assert atom.status_code == 200 and atom.media_type.startswith("application/atom+xml")
    parsed = feedparser.parse(atom.body)
    assert parsed.entries[0].link.startswith("https://gk.example.gov.cn/reports?event=")
    ics = get("calendar.ics")
    assert ics.status_code == 200 and icalendar.Calendar.from_ical(ics.body).walk("VEVENT")
    assert json.loads(get("ledger.json").body)["title"] == "意见采纳公示"
    assert get("secrets.db").status_code == 404 and get("../gkreg.db").status_code == 404
