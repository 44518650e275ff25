"""Pages of the campaign area (AppTest): /calendar, the online record on /reports."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import page_app

from gkreg import OpenDay, clock
from gkreg.planning import Planning


@pytest.fixture
def seeded(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    od.unit_a = od.units.add("甲县教育局", "department")
    od.unit_b = od.units.add("乙镇人民政府", "township")
    od.users.add("coord", "coord-pass-1", "coordinator")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=od.unit_a)
    yield od
    od.close()


def texts(at) -> str:
    parts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text", "code"):
        parts += [str(el.value) for el in getattr(at, kind)]
    return "\n".join(parts)


def test_calendar_shows_months_hosts_and_ways_in(seeded):
    od = seeded
    soon = clock.now() + dt.timedelta(days=2)
    seated = od.events.add(od.unit_a, actor="coord", title="走进教育局*加粗*", starts_at=soon)
    od.cohosts.set(seated, "coord", [od.unit_b])
    od.online.create(od.unit_b, "coord", title="镇长在线访谈", starts_at=soon + dt.timedelta(hours=3),
                     hotline="0531-12345", stream_url="https://live.example.gov.cn/9")
    at = page_app("theme_calendar").run()
    assert not at.exception
    text = texts(at)
    assert "主题日安排" in text and f"{soon.year}年{soon.month}月" in text
    assert "走进教育局\\*加粗\\*" in text  # typed text escaped, not bold
    assert "主办：甲县教育局 ｜ 合办：乙镇人民政府" in text and "热线：0531\\-12345" in text
    assert "/feeds/calendar.ics" in text
    assert [b.label for b in at.get("link_button")] == ["观看 / 参与"]
    assert "cal_toggle" not in " ".join(b.key or "" for b in at.button)  # the office's controls are not public
    # Form filter.
    at.selectbox(key="cal_form").select("在线访谈").run()
    assert "走进教育局" not in texts(at) and "镇长在线访谈" in texts(at)


def test_office_holds_a_month_on_the_calendar(seeded):
    od = seeded
    start = clock.now() + dt.timedelta(days=1)
    od.events.add(od.unit_a, actor="coord", title="本月开放日", starts_at=start)
    at = page_app("theme_calendar", username="coord").run()
    key = f"cal_toggle_{start:%Y-%m}"
    at.button(key=key).click().run()
    assert not at.exception
    assert od.calendar.held_months() == {f"{start:%Y-%m}"}
    assert od.calendar.entries(start.year) == []
    assert "（暂缓公布）" in texts(at)
    anonymous = page_app("theme_calendar").run()
    assert "本月开放日" not in texts(anonymous) and "暂无已公布" in texts(anonymous)


def test_reports_page_shows_published_online_record(seeded):
    od = seeded
    eid = od.online.create(od.unit_a, "clerk_a", title="局长在线访谈", starts_at=clock.now() - dt.timedelta(hours=2),
                           stream_url="https://live.example.gov.cn/1")
    Planning(od).mark_held(eid, "clerk_a")
    od.online.add_question(eid, "clerk_a", "学区[链接](http://x)怎么划？", "按街道划分。")
    od.online.publish_record(eid, "clerk_a")
    od.reports.save(eid, "clerk_a", "访谈顺利举行。", attended=0)
    od.reports.publish(eid, "clerk_a")
    at = page_app("reports").run()
    assert not at.exception
    text = texts(at)
    assert "问：学区\\[链接\\]\\(http://x\\)怎么划？" in text.replace("http\\:", "http:") and "答：按街道划分。" in text
