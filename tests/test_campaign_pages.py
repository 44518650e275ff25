"""Pages of the campaign area (AppTest): /calendar, the online record on /reports."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import page_app, texts

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


def test_calendar_shows_months_hosts_and_ways_in(seeded):
    od = seeded
    soon = clock.now() + dt.timedelta(days=2)
    seated = od.events.add(od.unit_a, actor="coord", title="走进教育局*加粗*", starts_at=soon)
    od.cohosts.set(seated, "coord", [od.unit_b])
    od.online.create(
        od.unit_b,
        "coord",
        title="镇长在线访谈",
        starts_at=soon + dt.timedelta(hours=3),
        hotline="0531-12345",
        stream_url="https://live.example.gov.cn/9",
    )
    at = page_app("calendar").run()
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
    at = page_app("calendar", username="coord").run()
    key = f"cal_toggle_{start:%Y-%m}"
    at.button(key=key).click().run()
    assert not at.exception
    assert od.calendar.held_months() == {f"{start:%Y-%m}"}
    assert od.calendar.entries(start.year) == []
    assert "（暂缓公布）" in texts(at)
    anonymous = page_app("calendar").run()
    assert "本月开放日" not in texts(anonymous) and "暂无已公布" in texts(anonymous)


def test_reports_page_shows_published_online_record(seeded):
    od = seeded
    eid = od.online.create(
        od.unit_a,
        "clerk_a",
        title="局长在线访谈",
        starts_at=clock.now() - dt.timedelta(hours=2),
        stream_url="https://live.example.gov.cn/1",
    )
    Planning(od).mark_held(eid, "clerk_a")
    od.online.add_question(eid, "clerk_a", "学区[链接](http://x)怎么划？", "按街道划分。")
    od.online.publish_record(eid, "clerk_a")
    od.reports.save(eid, "clerk_a", "访谈顺利举行。", attended=0)
    od.reports.publish(eid, "clerk_a")
    at = page_app("reports").run()
    assert not at.exception
    text = texts(at)
    # Typed text is escaped (however the escaper does it): no live Markdown link survives.
    assert "问：学区\\[链接\\]" in text and "[链接](http://x)" not in text and "答：按街道划分。" in text


def _by_label(widgets, label):
    # Labels with typed text are inert Markdown: `*` arrives as `\*`, drawn as `*` in the browser.
    found = [w for w in widgets if re.sub(r"\\(.)", r"\1", w.label) == label]
    assert found, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return found[0]


def _click(at, label):
    _by_label(at.button, label).click()
    return at.run()


def test_manage_events_runs_an_online_interview(seeded):
    od = seeded
    at = page_app("manage_events", "clerk_a").run()
    assert not at.exception
    at.radio(key="me_new_kind").set_value("online").run()
    _by_label(at.text_input, "活动主题").input("局长在线访谈")
    _by_label(at.text_input, "直播或参与链接（https://…）").input("https://live.example.gov.cn/7")
    _by_label(at.date_input, "日期").set_value(clock.now().date())
    _by_label(at.time_input, "开始时间").set_value(dt.time(0, 0))
    at = _click(at, "保存并发布")
    assert not at.exception, at.exception
    row = od.db.row("SELECT id, status, form FROM events WHERE title = '局长在线访谈'")
    assert row["status"] == "open" and row["form"] == "在线访谈"
    eid = row["id"]
    assert od.online.get(eid).stream_url == "https://live.example.gov.cn/7"
    assert "在线活动没有报名" in "\n".join(c.value for c in at.caption)
    at = _click(at, "标记已举办")
    assert od.events.get(eid).status == "held"
    _by_label(at.text_area, "问题").input("招生什么时候开始？")
    _by_label(at.text_area, "答复").input("6月1日。")
    at = _click(at, "添加问答")
    assert [q.question for q in od.online.get(eid).questions] == ["招生什么时候开始？"]
    at = _click(at, "转入意见台账")
    opinion = od.online.get(eid).questions[0].opinion_id
    assert opinion and od.db.scalar("SELECT status FROM opinions WHERE id = ?", (opinion,)) == "answered"
    at = _click(at, "公开实录和问答")
    assert not at.exception and od.online.public_record(eid) is not None


def test_cohost_staff_see_the_event_and_cannot_edit_it(seeded):
    od = seeded
    od.users.add("clerk_b", "clerk-b-pass", "unit_staff", unit_id=od.unit_b)
    eid = od.events.add(od.unit_a, actor="clerk_a", title="合办开放日", starts_at=clock.now() + dt.timedelta(days=3))
    at = page_app("manage_events", "clerk_a", query={"event": str(eid)}).run()
    _by_label(at.multiselect, "合办单位").set_value([od.unit_b])
    at = _click(at, "保存合办单位")
    assert od.cohosts.of(eid) == [od.unit_b]
    at = page_app("manage_events", "clerk_b", query={"event": str(eid)}).run()
    assert not at.exception
    assert "主办单位 甲县教育局 维护" in "\n".join(i.value for i in at.info)
    assert not [b for b in at.button if b.label == "发布报名"]


def test_campaign_work_office_sets_deadline_and_unit_submits(seeded):
    od = seeded
    today = clock.now().date()
    cid = od.campaigns.create(
        "coord", name="政务公开日", starts_on=today - dt.timedelta(days=5), ends_on=today + dt.timedelta(days=30)
    )
    at = page_app("campaign_work", "coord").run()
    assert not at.exception
    _by_label(at.text_input, "名称").input("活动材料报送（16时前）")
    _by_label(at.selectbox, "类型").set_value("materials")
    at = _click(at, "添加时限")
    assert not at.exception
    deadlines = od.campaign_parts.deadlines(cid)
    assert [(d.name, d.due_at.hour) for d in deadlines] == [("活动材料报送（16时前）", 16)]
    unit = page_app("campaign_work", "clerk_a").run()
    assert not unit.exception
    _by_label(unit.text_area, "报送内容（文字）").input("新闻稿和现场照片")
    _by_label(unit.text_area, "视频或网页链接（每行一个，https://…）").input("https://v.example.gov.cn/1\n")
    unit = _click(unit, "报送")
    assert not unit.exception and "已报送。" in texts(unit)
    assert [v.state for v in od.campaign_parts.status(cid, "clerk_a")] == ["on_time"]
    office = page_app("campaign_work", "coord").run()
    grid = office.dataframe[0].value
    assert list(grid.iloc[0])[0] == "甲县教育局" and list(grid.iloc[0])[1].startswith("按时")


def test_campaign_work_office_records_inspection_and_points(seeded):
    od = seeded
    today = clock.now().date()
    cid = od.campaigns.create(
        "coord", name="政务公开日", starts_on=today - dt.timedelta(days=5), ends_on=today + dt.timedelta(days=30)
    )
    at = page_app("campaign_work", "coord").run()
    _by_label(at.text_area, "督查发现的问题和情况").input("签到表不全")
    _by_label(at.checkbox, "要求整改").check()
    at = _click(at, "记录督查")
    assert not at.exception
    found = od.inspections.list("coord")
    assert len(found) == 1 and found[0].rectification() == "open"
    at = _click(at, "确认已整改")
    assert od.inspections.list("coord")[0].rectification() == "done"
    _by_label(at.text_input, "理由").input("经验被推广")
    at = _click(at, "记录加减分")
    assert not at.exception and od.inspections.points_by_unit(cid)
    mine = page_app("campaign_work", "clerk_a").run()
    assert "签到表不全" in texts(mine)


def test_survey_admin_paper_tab_enters_one_form(seeded):
    od = seeded
    sid = od.surveys.create(
        od.unit_a,
        title="满意度",
        actor="clerk_a",
        questions=[
            {"kind": "single", "text": "满意吗", "options": ["满意", "不满意"], "required": True},
            {"kind": "rating", "text": "打分"},
        ],
    )
    od.surveys.submit(sid, ["满意", 4])
    at = page_app("survey_admin", "clerk_a").run()
    assert not at.exception
    _by_label(at.radio, "第1题“满意吗” *").set_value("不满意")
    _by_label(at.radio, "第2题“打分”").set_value(2)
    at = _click(at, "保存这一份")
    assert not at.exception and "已录入一份纸质答卷。" in texts(at)
    split = od.paper_surveys.results_by_source(sid, "clerk_a")
    assert (split["online"]["responses"], split["paper"]["responses"]) == (1, 1)
    assert {m.label: m.value for m in at.metric}["纸质答卷"] == "1"


def test_public_list_shows_an_online_activity_with_its_link_and_no_signup(seeded):
    od = seeded
    eid = od.online.create(
        od.unit_a,
        "clerk_a",
        title="局长在线访谈",
        starts_at=clock.now() + dt.timedelta(days=2),
        stream_url="https://live.example.gov.cn/3",
        hotline="12345",
        guests=[{"name": "王明", "title": "局长", "unit": "甲县教育局"}],
    )
    at = page_app("events", query={"event": str(eid)}).run()
    assert not at.exception
    text = texts(at)
    assert "在线活动，无需报名" in text and "热线：12345" in text and "甲县教育局 局长 王明" in text
    assert [b.label for b in at.get("link_button")] == ["观看 / 参与"]
    assert not [b for b in at.button if b.label == "我要报名"]


def test_campaign_work_without_units_says_so_instead_of_offering_an_empty_choice(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    od.users.add("coord", "coord-pass-1", "coordinator")
    today = clock.now().date()
    od.campaigns.create("coord", name="政务公开日", starts_on=today, ends_on=today + dt.timedelta(days=30))
    od.close()
    at = page_app("campaign_work", "coord").run()
    assert not at.exception
    shown = texts(at)
    assert "还没有启用的单位" in shown and "本次活动还没有参与单位" in shown
    assert not [b for b in at.button if b.label in ("记录督查", "记录加减分")]
