"""AppTest of the console pages: /manage-events, /attendees, /reports."""

from __future__ import annotations

import datetime as dt

import pytest

from gkreg import OpenDay, clock
from gkreg.planning import Planning
from tests.conftest import make_id, page_app


@pytest.fixture
def seeded(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    a = od.units.add("甲县教育局", "department")
    b = od.units.add("乙镇人民政府", "township")
    od.users.add("coord", "coord-pass-1", "coordinator")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=a)
    od.users.add("clerk_b", "clerk-b-pass", "unit_staff", unit_id=b)
    soon = clock.now() + dt.timedelta(days=5)
    ev = od.events.add(a, title="甲局开放日", starts_at=soon, actor="clerk_a", capacity=6)
    od.events.add(b, title="乙镇的活动", starts_at=soon, actor="clerk_b")
    yield od, a, b, ev
    od.close()


def by_label(widgets, label):
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return found[0]


def click(at, label):
    by_label(at.button, label).click()
    return at.run()


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.success] + [m.value for m in at.error]
    parts += [m.value for m in at.warning] + [m.value for m in at.info] + [m.value for m in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("module", ["manage_events", "attendees"])
def test_staff_pages_show_nothing_without_login(seeded, module):
    at = page_app(module).run()
    assert "请先登录" in at.warning[0].value
    assert "甲局开放日" not in texts(at) and not at.dataframe


def test_manage_events_create_draft_publish_and_file(seeded):
    od, a, b, _ev = seeded
    at = page_app("manage_events", "clerk_a").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["主题"]) == ["甲局开放日"]  # only the own unit
    at.selectbox(key="me_pick").set_value(0).run()
    by_label(at.text_input, "活动主题").input("新的开放日")
    by_label(at.text_input, "活动地点").input("三楼会议室")
    at = click(at, "保存为草稿")
    assert not at.exception and "已保存为草稿" in texts(at)
    new = od.db.row("SELECT id, status, unit_id FROM events WHERE title = '新的开放日'")
    assert new["status"] == "draft" and new["unit_id"] == a
    assert at.query_params["event"] == [str(new["id"])] or at.query_params["event"] == str(new["id"])
    at = click(at, "发布报名")
    assert od.events.get(new["id"]).status == "open"
    at = click(at, "备案（记录今天的日期）")
    assert od.events.get(new["id"]).filed_at is not None and "已于" in texts(at)


def test_manage_events_validation_error_writes_nothing(seeded):
    od = seeded[0]
    at = page_app("manage_events", "clerk_a").run()
    at.selectbox(key="me_pick").set_value(0).run()
    at = click(at, "发布报名")
    assert "请填写活动主题" in texts(at)
    assert od.db.scalar("SELECT count(*) FROM events") == 2


def test_manage_events_cancel_needs_confirmation(seeded):
    od, _a, _b, ev = seeded
    at = page_app("manage_events", "clerk_a", query={"event": str(ev)}).run()
    assert by_label(at.button, "取消本场活动").disabled
    at.checkbox(key=f"cx_sure_ev_{ev}").check().run()
    at = click(at, "取消本场活动")
    assert od.events.get(ev).status == "cancelled"


def test_report_editor_save_and_publish(seeded):
    od, a, _b, ev = seeded
    reg = od.registrations.register(ev, name="王五", phone="13900000001", id_number=make_id(1))
    od.registrations.approve(reg.id, "clerk_a")
    od.registrations.check_in(reg.id, "clerk_a")
    od.events.finalize(ev, "clerk_a")
    clock.shift(dt.timedelta(days=6))
    try:
        Planning(od).mark_held(ev, "clerk_a")
        at = page_app("manage_events", "clerk_a", query={"event": str(ev)}).run()
        assert not at.exception
        assert "个工作日" in texts(at) and "实到1人" in texts(at)
        by_label(at.text_area, "活动开展情况（文字）").input("活动很顺利。")
        at = click(at, "保存")
        assert od.reports.get(ev).body == "活动很顺利。" and od.reports.get(ev).attended == 1
        at.checkbox(key=f"rp_sure_{ev}").check().run()
        at = click(at, "发布到“活动报道”")
        assert od.events.get(ev).status == "reported"
    finally:
        clock.shift(dt.timedelta(0))


def test_attendees_review_invite_checkin_finalize(seeded):
    od, a, _b, ev = seeded
    first = od.registrations.register(ev, name="赵一", phone="13900000001", id_number=make_id(1))
    second = od.registrations.register(ev, name="钱二", phone="13900000002", id_number=make_id(2))
    at = page_app("attendees", "clerk_a", query={"event": str(ev)}).run()
    assert not at.exception
    assert "待审核2条" in texts(at)
    at = click(at, "通过")  # the first pending one
    assert od.registrations.get(first.id).status == "confirmed"
    # finalize refused while one is pending: the reason is shown
    at.radio(key="att_section").set_value("finalize").run()
    at.checkbox(key=f"fin_sure_{ev}").check().run()
    at = click(at, "名单确定")
    assert "待审核" in texts(at) and od.events.get(ev).status == "open"
    at.radio(key="att_section").set_value("review").run()
    at = click(at, "批量通过所选（1条）")
    assert od.registrations.get(second.id).status == "confirmed"
    # invite a deputy
    at.radio(key="att_section").set_value("invite").run()
    by_label(at.text_input, "姓名").input("孙代表")
    by_label(at.selectbox, "类别").set_value("npc_deputy")
    by_label(at.text_input, "手机号").input("13900000009")
    at = click(at, "邀请")
    invited = [r for r in od.registrations.for_event(ev, "clerk_a") if r.invited]
    assert [(r.name, r.category, r.status) for r in invited] == [("孙代表", "npc_deputy", "confirmed")]
    assert "已邀请孙代表" in texts(at)
    # check in by search
    at.radio(key="att_section").set_value("checkin").run()
    at.text_input(key=f"ci_q_{ev}").input("0002").run()
    boxes = [c for c in at.checkbox if c.key and c.key.startswith("ci_")]
    assert len(boxes) == 1 and "钱二" in boxes[0].label
    boxes[0].check().run()
    assert od.registrations.get(second.id).checked_in_at is not None
    # A check-in ticked on the page is logged as coming from the web, by that clerk (not "api").
    source = od.db.scalar("SELECT source FROM audit_log WHERE action = 'registration.check_in' ORDER BY id DESC")
    assert source == "web:clerk_a"
    # finalize now
    at.radio(key="att_section").set_value("finalize").run()
    at.checkbox(key=f"fin_sure_{ev}").check().run()
    at = click(at, "名单确定")
    assert od.events.get(ev).status == "finalized" and "名单已确定" in texts(at)


def test_attendees_reject_needs_reason_and_reveal_is_audited(seeded):
    od, a, _b, ev = seeded
    reg = od.registrations.register(ev, name="李四", phone="13900000004", id_number=make_id(4))
    at = page_app("attendees", "clerk_a", query={"event": str(ev)}).run()
    at = click(at, "不通过")
    assert "请填写不通过的理由" in texts(at) and od.registrations.get(reg.id).status == "pending"
    at.text_input(key=f"rv_reason_{reg.id}").input("非本县居民").run()
    at = click(at, "不通过")
    assert od.registrations.get(reg.id).status == "rejected"
    at.radio(key="att_section").set_value("list").run()
    assert by_label(at.button, "显示完整身份证号").disabled
    at.checkbox(key=f"rev_sure_{ev}_{reg.id}").check().run()
    at = click(at, "显示完整身份证号")
    assert make_id(4) in texts(at)
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'registration.reveal_id_number'") == 1
    assert make_id(4) not in str(od.db.rows("SELECT * FROM audit_log"))


def test_attendees_other_unit_event_not_offered(seeded):
    od, a, b, ev = seeded
    other = od.db.scalar("SELECT id FROM events WHERE unit_id = ?", (b,))
    at = page_app("attendees", "clerk_a", query={"event": str(other)}).run()
    assert at.selectbox(key="att_event").value == ev
    assert "乙镇的活动" not in str(at.selectbox(key="att_event").options)


def test_attendees_in_english(seeded):
    at = page_app("attendees", "clerk_a", lang="en").run()
    assert not at.exception
    assert any(m.value.startswith("Capacity **6**") for m in at.markdown)
    assert any("seats are kept for citizens" in m.value for m in at.caption)


def test_reports_page_public(seeded):
    od, a, _b, ev = seeded
    reg = od.registrations.register(ev, name="王五", phone="13900000001", id_number=make_id(1))
    od.registrations.approve(reg.id, "clerk_a")
    od.registrations.check_in(reg.id, "clerk_a")
    od.events.finalize(ev, "clerk_a")
    clock.shift(dt.timedelta(days=6))
    try:
        Planning(od).mark_held(ev, "clerk_a")
        at = page_app("reports").run()
        assert "报道整理中" in texts(at)
        od.reports.save(ev, "clerk_a", "[点我](http://evil.example) 活动圆满 **结束**")
        od.reports.publish(ev, "clerk_a")
        at = page_app("reports").run()
    finally:
        clock.shift(dt.timedelta(0))
    assert not at.exception
    body = texts(at)
    assert "活动圆满" in body
    assert r"\[点我\]" in body  # user text cannot become a link
    assert "实到 **1** 人" in body and "群众代表占实到人数 **100\\%**" in body
    links = [str(p.proto) for p in at.get("page_link")]
    assert any('page: "feedback"' in link and f'query_string: "event={ev}"' in link for link in links)


def test_coordinator_chooses_the_unit(seeded):
    od, a, b, _ev = seeded
    at = page_app("manage_events", "coord").run()
    assert set(at.dataframe[0].value["主题"]) == {"甲局开放日", "乙镇的活动"}
    at.selectbox(key="me_unit").set_value(b).run()
    assert list(at.dataframe[0].value["主题"]) == ["乙镇的活动"]
    at.selectbox(key="me_pick").set_value(0).run()
    by_label(at.text_input, "活动主题").input("政务公开办代建")
    at = click(at, "保存为草稿")
    assert od.db.scalar("SELECT unit_id FROM events WHERE title = '政务公开办代建'") == b


def test_edit_capacity_below_confirmed_is_refused_on_the_page(seeded):
    od, _a, _b, ev = seeded
    for seq in range(1, 4):
        reg = od.registrations.register(ev, name="群众", phone=f"1390000000{seq}", id_number=make_id(seq))
        od.registrations.approve(reg.id, "clerk_a")
    at = page_app("manage_events", "clerk_a", query={"event": str(ev)}).run()
    by_label(at.number_input, "人数上限（最多30人）").set_value(2)
    at = click(at, "保存修改")
    assert "不能低于已确认人数" in texts(at) and od.events.get(ev).capacity == 6


@pytest.mark.parametrize("module", ["manage_events", "attendees", "reports"])
def test_pages_in_english_without_errors(seeded, module):
    at = page_app(module, None if module == "reports" else "clerk_a", lang="en").run()
    assert not at.exception
    assert at.title[0].value in ("Manage events", "Attendees", "Reports")


def test_new_event_button_opens_the_form_and_creating_shows_the_event(seeded):
    od, _a, _b, _ev = seeded
    at = page_app("manage_events", "clerk_a").run()
    [button] = [b for b in at.button if b.label == "新建活动"]
    button.click().run()
    assert at.query_params["new"] == "1" and not at.exception
    assert [b for b in at.button if b.label == "返回活动列表"]


def test_invitation_form_keeps_input_and_shows_the_error_at_the_field(seeded):
    od, _a, _b, ev = seeded
    at = page_app("attendees", "clerk_a", query={"event": str(ev)}).run()
    at.radio(key="att_section").set_value("invite").run()
    by_label(at.text_input, "姓名").input("孙代表")
    by_label(at.text_input, "手机号").input("12345")
    at = click(at, "邀请")
    assert by_label(at.text_input, "姓名").value == "孙代表"  # nothing typed is lost
    assert any("手机号" in e.value for e in at.error)
    assert not [r for r in od.registrations.for_event(ev, "clerk_a") if r.invited]
