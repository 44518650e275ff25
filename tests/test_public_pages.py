"""AppTest of the citizen pages: / (events, sign-up, success) and /lookup, with their error paths."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_id, page_app

from gkreg import OpenDay, clock

PHONE = "13912345678"


@pytest.fixture
def seeded(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit_a = od.units.add("甲县教育局", "department")
    unit_b = od.units.add("乙镇人民政府", "township")
    od.users.add("coord", "coord-pass-1", "coordinator")

    def event(unit=unit_a, days=10, **kw):
        kw.setdefault("title", "走进机关开放日")
        kw.setdefault("starts_at", clock.now() + dt.timedelta(days=days))
        return od.events.add(unit, actor="coord", **kw)

    od.event = event
    od.unit_a, od.unit_b = unit_a, unit_b
    yield od
    od.close()


def texts(at) -> str:
    parts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def widget(at, kind: str, label: str):
    found = [w for w in getattr(at, kind) if w.label == label]
    assert found, f"no {kind} labelled {label!r}"
    return found[0]


def buttons(at, label: str):
    return [b for b in at.button if b.label == label]


def fill_form(at, *, name="王小明", phone=PHONE, id_number=None, consent=True, seq=1):
    widget(at, "text_input", "姓名").input(name)
    widget(at, "text_input", "手机号").input(phone)
    widget(at, "text_input", "身份证号").input(make_id(seq) if id_number is None else id_number)
    if consent:
        widget(at, "checkbox", "我已阅读并同意《个人信息处理告知》").check()
    widget(at, "button", "提交报名").click()
    return at.run()


def open_form(at, event_id: int):
    at.run()
    [b for b in at.button if b.key == f"pub_signup_btn_{event_id}"][0].click()
    return at.run()


def count(od) -> int:
    return od.db.scalar("SELECT count(*) FROM registrations")


# ---- the list ---------------------------------------------------------------------------------------------


def test_empty_state(seeded):
    at = page_app("events").run()
    assert not at.exception
    assert "目前没有正在开放报名的活动" in texts(at)
    assert not buttons(at, "我要报名")


def test_cards_show_unit_theme_time_place_deadline_and_seats(seeded):
    od = seeded
    now = clock.now()
    open_id = od.event(
        title="义务教育招生政策面对面",
        location="教育局三楼",
        form="座谈交流",
        starts_at=dt.datetime.combine(now.date() + dt.timedelta(days=9), dt.time(9, 30)),
        registration_closes=dt.datetime.combine(now.date() + dt.timedelta(days=8), dt.time(17, 0)),
    )
    od.event(title="已截止的开放日", registration_closes=now - dt.timedelta(hours=1))
    od.event(title="下周才开始报名", registration_opens=now + dt.timedelta(days=3))
    at = page_app("events").run()
    assert not at.exception
    body = texts(at)
    for part in (
        "义务教育招生政策面对面",
        "甲县教育局",
        "座谈交流",
        "教育局三楼",
        "群众代表名额剩余 30 个",
        "报名已截止",
        "报名尚未开始",
        "17:00",
        "09:30",
        "共 3 场活动",
    ):
        assert part in body, part
    # Only the event that takes sign-ups has the button.
    assert [b.key for b in buttons(at, "我要报名")] == [f"pub_signup_btn_{open_id}"]


def test_filters_and_search(seeded):
    od = seeded
    od.event(title="义务教育招生政策面对面", form="进机关")
    od.event(unit=od.unit_b, title="乡村振兴现场开放", form="进现场", location="南门广场")
    at = page_app("events").run()
    widget(at, "selectbox", "单位").select("乙镇人民政府").run()
    assert "乡村振兴现场开放" in texts(at) and "义务教育招生政策面对面" not in texts(at)
    widget(at, "selectbox", "单位").select(None).run()
    widget(at, "text_input", "搜索活动").input("招生").run()
    assert "义务教育招生政策面对面" in texts(at) and "乡村振兴现场开放" not in texts(at)
    widget(at, "text_input", "搜索活动").input("没有这个词").run()
    assert "没有符合条件的活动" in texts(at)
    widget(at, "text_input", "搜索活动").input("").run()
    widget(at, "selectbox", "活动形式").select("进现场").run()
    assert "乡村振兴现场开放" in texts(at) and "义务教育招生政策面对面" not in texts(at)


def test_event_link_opens_one_event_and_unknown_id_is_friendly(seeded):
    od = seeded
    od.event(title="第一场")
    second = od.event(title="第二场")
    at = page_app("events", query={"event": str(second)}).run()
    assert not at.exception
    assert "第二场" in texts(at) and "第一场" not in texts(at)
    assert len(buttons(at, "我要报名")) == 1
    for bad in ("99999", "abc"):
        at = page_app("events", query={"event": bad}).run()
        assert not at.exception
        assert "没有找到这场活动" in texts(at)
        assert buttons(at, "查看全部活动")


def test_english(seeded):
    seeded.event(title="开放日")
    at = page_app("events", lang="en").run()
    assert "30 seats left for citizens" in texts(at)
    assert buttons(at, "Sign up")


# ---- the sign-up form -----------------------------------------------------------------------------------


def test_signup_success_shows_code_status_next_step_qr_and_ics(seeded):
    od = seeded
    event_id = od.event(title="走进教育局", location="一楼会议室")
    at = open_form(page_app("events"), event_id)
    consent = widget(at, "checkbox", "我已阅读并同意《个人信息处理告知》")
    assert consent.value is False  # unticked
    body = texts(at)
    assert "甲县教育局" in body and "县政务公开办" in body and "90 天后删除" in body and "报名查询" in body
    assert "(/lookup)" not in body and "（/lookup）" not in body
    at = fill_form(at)
    assert not at.exception
    regs = od.registrations.list_unchecked(event_id)
    assert len(regs) == 1 and regs[0].status == "pending" and regs[0].phone == PHONE
    assert at.metric[0].label == "报名编号" and at.metric[0].value == regs[0].code
    body = texts(at)
    assert "待审核" in body and "甲县教育局将审核您的报名" in body
    assert len(at.get("image")) == 1
    labels = [d.label for d in at.get("download_button")]
    assert "添加到日历（.ics）" in labels


def test_signup_optional_fields_are_stored(seeded):
    od = seeded
    event_id = od.event()
    at = open_form(page_app("events"), event_id)
    widget(at, "text_input", "工作单位/职业（选填）").input("县第一中学教师")
    widget(at, "text_area", "关注的问题（选填）").input("课后服务收费")
    fill_form(at)
    reg = od.registrations.list_unchecked(event_id)[0]
    assert (reg.organization, reg.topic) == ("县第一中学教师", "课后服务收费")


def test_no_consent_stores_nothing(seeded):
    od = seeded
    event_id = od.event()
    at = fill_form(open_form(page_app("events"), event_id), consent=False)
    assert not at.exception
    assert "请阅读并同意《个人信息处理告知》后再提交" in texts(at)
    assert "报名信息尚未保存" in texts(at)
    assert count(od) == 0
    assert not at.metric


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "110101199001011234", "校验位不正确"),
        ("id_number", "12345", "身份证号应为18位"),
        ("phone", "12345", "手机号应为11位"),
        ("name", "王<script>", "姓名应为"),
    ],
)
def test_bad_input_shows_message_and_stores_nothing(seeded, field, value, message):
    od = seeded
    event_id = od.event()
    at = open_form(page_app("events"), event_id)
    at = fill_form(at, **{field: value})
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(message in e for e in errors)
    assert count(od) == 0
    assert widget(at, "button", "提交报名")  # the form is still there, with what was typed
    assert widget(at, "text_input", "姓名").value == ("王小明" if field != "name" else value)


def test_duplicate_id_number_is_refused(seeded):
    od = seeded
    event_id = od.event()
    od.registrations.register(event_id, name="王小明", phone=PHONE, id_number=make_id(1))
    at = fill_form(open_form(page_app("events"), event_id), phone="13800000000")
    assert any("已报名本场活动" in e.value for e in at.error)
    assert count(od) == 1


def test_full_auto_event_offers_waitlist(seeded):
    od = seeded
    event_id = od.event(capacity=1, approval="auto")
    od.registrations.register(event_id, name="李四", phone="13900000001", id_number=make_id(9))
    at = page_app("events").run()
    assert "已满，可登记候补" in texts(at)
    at = open_form(at, event_id)
    assert "提交后将进入候补名单" in texts(at)
    at = fill_form(at)
    assert "候补（第 1 位）" in texts(at) and "候补名单第 1 位" in texts(at)
    assert [r.status for r in od.registrations.list_unchecked(event_id)] == ["confirmed", "waitlisted"]


def test_auto_event_with_a_seat_confirms_at_once(seeded):
    od = seeded
    event_id = od.event(approval="auto", location="一楼会议室")
    at = fill_form(open_form(page_app("events"), event_id))
    assert "已确认" in texts(at) and "一楼会议室" in texts(at)


def test_closed_or_finalized_event_shows_no_form(seeded):
    od = seeded
    closed = od.event(registration_closes=clock.now() - dt.timedelta(hours=1))
    final = od.event(approval="auto")
    od.registrations.register(final, name="李四", phone="13900000001", id_number=make_id(9))
    od.events.finalize(final, "coord")
    at = page_app("events").run()
    assert not buttons(at, "我要报名")
    assert "名单已确定，报名已截止" in texts(at)
    for event_id in (closed, final):
        # Even a stale session that still points at the form shows no form.
        at = page_app("events", query={"event": str(event_id), "step": "signup"})
        at.run()
        assert not at.exception
        assert not [b for b in at.button if b.label == "提交报名"]
        assert "本场活动目前不接受报名" in texts(at)


def test_closing_between_opening_and_sending_the_form(seeded):
    od = seeded
    event_id = od.event(approval="auto")
    at = open_form(page_app("events"), event_id)
    od.db.connection().execute(
        "UPDATE events SET registration_closes = ? WHERE id = ?", (clock.to_iso(clock.now() - dt.timedelta(minutes=1)), event_id)
    )
    od.db.connection().commit()
    at = fill_form(at)
    assert not at.exception
    assert count(od) == 0
    assert "本场活动目前不接受报名" in texts(at) or any("截止" in e.value for e in at.error)


def test_same_form_sent_twice_makes_one_registration(seeded):
    """The second delivery of an already-sent form (a double click) shows the first result."""
    od = seeded
    event_id = od.event()
    at = open_form(page_app("events"), event_id)
    token = at.session_state[f"pub_token_{event_id}"]
    at = fill_form(at)
    code = at.metric[0].value
    # Replay: the same form (same token) arrives again.
    at.session_state["pub_done"] = None
    at.query_params["step"] = "signup"
    at.session_state[f"pub_token_{event_id}"] = token
    at.run()
    at = fill_form(at)
    assert count(od) == 1
    assert at.metric[0].value == code


def test_the_steps_are_in_the_url_and_back_returns_to_the_event(seeded):
    od = seeded
    event_id = od.event(title="开放日甲")
    at = open_form(page_app("events"), event_id)
    assert at.query_params["event"] == str(event_id) and at.query_params["step"] == "signup"
    widget(at, "button", "返回活动详情").click().run()
    assert at.query_params["event"] == str(event_id) and "step" not in at.query_params
    assert buttons(at, "我要报名") and "开放日甲" in texts(at)
    at = fill_form(open_form(at, event_id))
    assert at.query_params["step"] == "done" and at.metric
    widget(at, "button", "报名其他活动").click().run()
    assert buttons(at, "我要报名") and not at.metric and "event" not in at.query_params


def test_a_reloaded_result_page_points_to_lookup_without_the_code(seeded):
    od = seeded
    event_id = od.event()
    at = fill_form(open_form(page_app("events"), event_id))
    code = at.metric[0].value
    fresh = page_app("events", query={"event": str(event_id), "step": "done"}).run()  # a new session
    assert not fresh.metric and code not in texts(fresh) and "报名查询" in texts(fresh)


# ---- /lookup ------------------------------------------------------------------------------------------


def lookup(at, code: str, phone: str = PHONE):
    widget(at, "text_input", "报名编号").input(code)
    widget(at, "text_input", "手机号").input(phone)
    widget(at, "button", "查询").click()
    return at.run()


def test_lookup_shows_event_and_status_then_cancel_with_confirmation(seeded):
    od = seeded
    event_id = od.event(title="走进教育局", approval="auto", capacity=1)
    reg = od.registrations.register(event_id, name="王小明", phone=PHONE, id_number=make_id(1))
    waiting = od.registrations.register(event_id, name="李四", phone="13900000002", id_number=make_id(2))
    at = page_app("lookup").run()
    assert not at.exception
    at = lookup(at, reg.code.lower())
    body = texts(at)
    assert "走进教育局" in body and "已确认" in body and "甲县教育局" in body
    widget(at, "button", "取消报名").click().run()
    assert "确定要取消本次报名吗" in texts(at)
    assert od.registrations.get(reg.id).status == "confirmed"  # nothing yet
    widget(at, "button", "不取消").click().run()
    assert od.registrations.get(reg.id).status == "confirmed"
    widget(at, "button", "取消报名").click().run()
    widget(at, "button", "确认取消报名").click().run()
    assert not at.exception
    assert od.registrations.get(reg.id).status == "cancelled"
    assert od.registrations.get(waiting.id).status == "confirmed"  # promoted
    assert "已取消" in texts(at)
    assert not buttons(at, "取消报名")


def test_lookup_statuses_in_words(seeded):
    od = seeded
    event_id = od.event(capacity=1)
    pending = od.registrations.register(event_id, name="甲", phone=PHONE, id_number=make_id(1))
    rejected = od.registrations.register(event_id, name="乙", phone=PHONE, id_number=make_id(2))
    od.registrations.reject(rejected.id, "coord", "非本县常住居民")
    auto = od.event(capacity=1, approval="auto")
    od.registrations.register(auto, name="丙", phone=PHONE, id_number=make_id(3))
    waiting = od.registrations.register(auto, name="丁", phone=PHONE, id_number=make_id(4))
    for code, words in ((pending.code, "待审核"), (rejected.code, "非本县常住居民"), (waiting.code, "候补（第 1 位）")):
        at = lookup(page_app("lookup").run(), code)
        assert words in texts(at), words
    at = lookup(page_app("lookup").run(), rejected.code)
    assert "未通过" in texts(at) and not buttons(at, "取消报名")


def test_wrong_code_or_phone_same_message(seeded):
    od = seeded
    event_id = od.event()
    reg = od.registrations.register(event_id, name="王小明", phone=PHONE, id_number=make_id(1))
    wrong_phone = lookup(page_app("lookup").run(), reg.code, "13800000000")
    wrong_code = lookup(page_app("lookup").run(), "ZZZZZZZZ", PHONE)
    assert [e.value for e in wrong_phone.error] == [e.value for e in wrong_code.error]
    assert "报名编号或手机号不正确" in wrong_code.error[0].value
    assert "王小明" not in texts(wrong_phone) and "走进机关开放日" not in texts(wrong_phone)
    empty = lookup(page_app("lookup").run(), "", "")
    assert "请填写报名编号和手机号" in empty.error[0].value


def test_ten_failed_lookups_make_every_session_wait(seeded):
    """Counted per client address in the database: a reload or a new tab starts no new count."""
    od = seeded
    event_id = od.event(title="走进教育局")
    reg = od.registrations.register(event_id, name="王小明", phone=PHONE, id_number=make_id(1))
    at = page_app("lookup").run()
    for i in range(10):
        at = lookup(at, f"WRONG{i:03d}")
    assert any("分钟后再查询" in w.value for w in at.warning)
    at = lookup(at, reg.code)  # even the right code must wait
    assert any("分钟后再查询" in e.value for e in at.error)
    assert "走进教育局" not in texts(at)
    fresh = lookup(page_app("lookup").run(), reg.code)  # a new browser session: still waiting
    assert any("分钟后再查询" in e.value for e in fresh.error)
    assert "走进教育局" not in texts(fresh)
    clock.shift(dt.timedelta(minutes=61))  # the hour has passed
    try:
        at = lookup(page_app("lookup").run(), reg.code)
        assert "走进教育局" in texts(at)
    finally:
        clock.shift(dt.timedelta(0))


def test_lookup_has_opinion_tab(seeded):
    at = page_app("lookup").run()
    assert [t.label for t in at.tabs] == ["查询报名", "找回报名编号", "查询意见答复"]


def test_held_event_link_points_to_reports(seeded):
    od = seeded
    event_id = od.event(title="已举办的开放日")
    od.db.connection().execute("UPDATE events SET status = 'held' WHERE id = ?", (event_id,))
    od.db.connection().commit()
    at = page_app("events", query={"event": str(event_id)}).run()
    assert "已举办的开放日" in texts(at) and "活动报道" in texts(at)
    assert not buttons(at, "我要报名")


def test_lookup_in_english(seeded):
    od = seeded
    event_id = od.event(title="走进教育局", approval="auto")
    reg = od.registrations.register(event_id, name="王小明", phone=PHONE, id_number=make_id(1))
    at = page_app("lookup", lang="en").run()
    widget(at, "text_input", "Registration code").input(reg.code)
    widget(at, "text_input", "Mobile phone").input(PHONE)
    widget(at, "button", "Look up").click().run()
    assert "Confirmed" in texts(at) and "Unit: 甲县教育局" in texts(at)
    assert buttons(at, "Cancel my sign-up")
