"""Forms name every problem at once, under its own input, and keep what was typed (issue 11): the event
form on /manage-events, the invitation form on /attendees, a questionnaire on /surveys."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import page_app

from gkreg import OpenDay, clock
from gkreg.errors import ValidationError


@pytest.fixture
def seeded(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    a = od.units.add("甲县教育局", "department")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=a)
    ev = od.events.add(a, title="甲局开放日", starts_at=clock.now() + dt.timedelta(days=5), actor="clerk_a")
    yield od, a, ev
    od.close()


def _label(widgets, label):
    return next(w for w in widgets if w.label == label)


def _errors_under_inputs(at) -> list[str]:
    return [str(e.value) for e in at.error]


def test_event_fields_are_all_checked_at_once(seeded):
    od, a, _ = seeded
    start = dt.datetime(2030, 5, 1, 9, 0)
    with pytest.raises(ValidationError) as caught:
        od.events.clean_fields(
            title="",
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            capacity=31,
            registration_closes=start + dt.timedelta(days=1),
        )
    assert set(caught.value.problems) == {"title", "ends_at", "capacity", "registration_closes"}


def test_event_form_marks_every_problem_and_keeps_the_input(seeded):
    od, _a, _ = seeded
    at = page_app("manage_events", "clerk_a").run()
    at.selectbox(key="me_pick").set_value(0).run()
    assert "每个开放点1至30人" in " ".join(c.value for c in at.caption)  # the limit is said before submit
    _label(at.text_input, "活动地点").input("三楼会议室")
    _label(at.time_input, "结束时间").set_value(dt.time(8, 0))  # before the 09:30 start
    next(c for c in at.checkbox if c.label.startswith("设定报名时间段")).check()
    _label(at.date_input, "报名截止日期").set_value(clock.now().date() + dt.timedelta(days=20))  # after the start
    _label(at.button, "保存为草稿").click()
    at.run()
    errors = _errors_under_inputs(at)
    for message in ("请填写活动主题", "结束时间不能早于开始时间", "报名截止时间不能晚于活动开始时间"):
        assert sum(message in e for e in errors) == 1, (message, errors)  # each once, under its input
    assert _label(at.text_input, "活动地点").value == "三楼会议室"  # nothing typed is lost
    assert od.db.scalar("SELECT count(*) FROM events") == 1


def test_invitation_form_marks_every_problem_and_keeps_the_input(seeded):
    od, _a, ev = seeded
    at = page_app("attendees", "clerk_a", query={"event": str(ev)}).run()
    at.radio(key="att_section").set_value("invite").run()
    _label(at.text_input, "姓名").input("张三3")
    _label(at.text_input, "手机号").input("123")
    _label(at.text_input, "工作单位").input("县人大常委会")
    _label(at.button, "邀请").click()
    at.run()
    errors = _errors_under_inputs(at)
    assert any("姓名" in e for e in errors) and any("手机号" in e for e in errors), errors
    assert _label(at.text_input, "姓名").value == "张三3" and _label(at.text_input, "手机号").value == "123"
    assert _label(at.text_input, "工作单位").value == "县人大常委会"
    assert od.db.scalar("SELECT count(*) FROM registrations") == 0


def test_questionnaire_marks_every_missing_required_answer_at_once(seeded):
    od, a, _ = seeded
    sid = od.surveys.create(
        a,
        title="满意度调查",
        actor="clerk_a",
        questions=[
            {"kind": "single", "text": "您满意吗", "options": ["满意", "不满意"], "required": True},
            {"kind": "rating", "text": "请打分", "options": [], "required": True},
            {"kind": "text", "text": "其他建议", "options": [], "required": False},
            {"kind": "multi", "text": "您从哪里知道", "options": ["网站", "热线"], "required": True},
        ],
    )
    at = page_app("surveys", query={"survey": str(sid)}).run()
    assert not at.exception
    at.text_area[0].input("希望多开几场")  # the one optional question, answered
    _label(at.button, "提交问卷").click()
    at.run()
    marks = [e for e in _errors_under_inputs(at) if "这是必答题" in e]
    assert len(marks) == 3  # all three unanswered required questions, not only the first
    assert at.text_area[0].value == "希望多开几场"
    assert od.db.scalar("SELECT count(*) FROM survey_responses") == 0
