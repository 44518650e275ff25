"""/surveys and /survey-admin rendered with Streamlit's AppTest."""

from __future__ import annotations

import pytest
from conftest import page_app

from gkreg import OpenDay

QUESTIONS = [
    {"kind": "single", "text": "您是否了解该政策？", "options": ["了解", "不了解"], "required": True},
    {"kind": "multi", "text": "您从哪些渠道了解？", "options": ["网站", "公众号", "电视"], "required": False},
    {"kind": "rating", "text": "总体满意度", "options": [], "required": True},
    {"kind": "text", "text": "意见建议", "options": [], "required": False},
]


@pytest.fixture
def seeded(app_env):
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    a = od.units.add("甲县教育局")
    b = od.units.add("乙镇人民政府", "township")
    od.users.add("coord", "coord-pass-1", "coordinator")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=a)
    od.users.add("clerk_b", "clerk-b-pass", "unit_staff", unit_id=b)
    sid = od.surveys.create(a, title="招生政策评价问卷", questions=QUESTIONS, actor="clerk_a")
    other = od.surveys.create(b, title="乙镇人居环境问卷", questions=QUESTIONS, actor="clerk_b")
    yield od, a, b, sid, other
    od.close()


def texts(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "success", "info", "warning", "error", "subheader", "title")
        for e in getattr(at, kind)
    ]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


# ---- /surveys ------------------------------------------------------------------------------------


def test_public_page_answers_once_per_session(seeded):
    od, _a, _b, sid, _other = seeded
    at = page_app("surveys")
    at.run()
    assert "招生政策评价问卷" in texts(at) and "乙镇人居环境问卷" in texts(at)
    at.radio(key=f"sv{sid}_q0").set_value("了解")
    at.checkbox(key=f"sv{sid}_q1_o0").check()
    at.checkbox(key=f"sv{sid}_q1_o2").check()
    at.radio(key=f"sv{sid}_q2").set_value(4)
    at.text_area(key=f"sv{sid}_q3").input("希望提前公布学区划分")
    submit = [b for b in at.button if b.label == "提交问卷" and b.key and f"sv{sid}_form" in str(b.form_id)]
    assert submit, [b.form_id for b in at.button]
    submit[0].click()
    at.run()
    assert not at.exception
    assert "提交成功" in texts(at)
    result = od.surveys.results(sid)
    assert result["responses"] == 1
    assert result["questions"][1]["counts"] == {"网站": 1, "公众号": 0, "电视": 1}
    assert result["questions"][2]["counts"][4] == 1
    at.run()  # a second visit in the same browser session
    assert "您已提交过这份问卷" in texts(at)
    assert not [b for b in at.button if f"sv{sid}_form" in str(b.form_id)]
    assert od.surveys.results(sid)["responses"] == 1


def test_public_page_shows_chinese_validation_and_writes_nothing(seeded):
    od, _a, _b, sid, _other = seeded
    at = page_app("surveys", query={"survey": str(sid)})
    at.run()
    assert "乙镇人居环境问卷" not in texts(at)  # the link shows just this questionnaire
    [b for b in at.button if b.label == "提交问卷"][0].click()
    at.run()
    # Every missing required answer is marked at its question (questions 1 and 3), then one summary.
    errors = [e.value for e in at.error]
    assert errors == ["这是必答题，请作答。", "这是必答题，请作答。", "还有 2 道必答题未作答，已在题目下方标出。问卷尚未提交。"]
    at.radio(key=f"sv{sid}_q0").set_value("了解")
    [b for b in at.button if b.label == "提交问卷"][0].click()
    at.run()
    errors = [e.value for e in at.error]
    assert errors == ["这是必答题，请作答。", "还有 1 道必答题未作答，已在题目下方标出。问卷尚未提交。"]
    assert at.radio(key=f"sv{sid}_q0").value == "了解"  # what was answered stays
    assert od.surveys.results(sid)["responses"] == 0


def test_public_page_empty_and_closed(seeded):
    od, _a, _b, sid, other = seeded
    od.surveys.close(sid, "clerk_a")
    at = page_app("surveys", query={"survey": str(sid)})
    at.run()
    assert "不在填写时间内" in texts(at)
    od.surveys.close(other, "clerk_b")
    at = page_app("surveys")
    at.run()
    assert "目前没有正在开放的问卷" in texts(at)


def test_public_contact_form(seeded):
    od, a, _b, _sid, _other = seeded
    sid = od.surveys.create(a, title="回访问卷", questions=QUESTIONS, actor="clerk_a", contact="required")
    at = page_app("surveys", query={"survey": str(sid)})
    at.run()
    at.radio(key=f"sv{sid}_q0").set_value("不了解")
    at.radio(key=f"sv{sid}_q2").set_value(2)
    at.text_input(key=f"sv{sid}_name").input("王芳")
    at.text_input(key=f"sv{sid}_phone").input("13912345678")
    [b for b in at.button if b.label == "提交问卷"][0].click()
    at.run()
    assert "同意" in " ".join(e.value for e in at.error)
    at.checkbox(key=f"sv{sid}_consent").check()
    [b for b in at.button if b.label == "提交问卷"][0].click()
    at.run()
    assert "提交成功" in texts(at)
    assert od.db.scalar("SELECT phone FROM survey_responses WHERE survey_id = ?", (sid,)) == "13912345678"


# ---- /survey-admin ---------------------------------------------------------------------------------


def test_admin_needs_a_login(seeded):
    at = page_app("survey_admin")
    at.run()
    assert "请先登录" in texts(at)
    assert "招生政策评价问卷" not in texts(at)


def test_admin_shows_only_own_unit_and_results(seeded):
    od, _a, _b, sid, _other = seeded
    od.surveys.submit(sid, ["了解", ["网站"], 5, "学区划分要公开"])
    od.surveys.submit(sid, ["不了解", None, 3, None])
    at = page_app("survey_admin", username="clerk_a")
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "招生政策评价问卷" in shown and "乙镇人居环境问卷" not in shown
    assert [m.value for m in at.metric][0] == "2"
    assert len(at.get("vega_lite_chart")) >= 4  # over time + single + multi + rating
    assert "平均 4.00 分" in shown
    assert any("学区划分要公开" in str(df.value) for df in at.dataframe)
    # search the written answers
    at.text_input(key=f"sv_search_{sid}").input("没有这个词")
    at.run()
    assert "没有符合条件的文字回答" in texts(at)


def test_admin_creates_from_the_policy_template_with_reordering(seeded):
    od, a, _b, _sid, _other = seeded
    at = page_app("survey_admin", username="clerk_a")
    at.run()
    at.selectbox(key="sv_new_source").set_value("policy")
    at.run()
    at.text_input(key="sv_new_policy").input("课后服务政策")
    at.button(key="sv_new_load").click()
    at.run()
    assert at.text_input(key="svnew_title").value == "“课后服务政策”实施效果评价问卷"
    first = at.text_input(key="svnew_0_text").value
    second = at.text_input(key="svnew_1_text").value
    at.button(key="svnew_0_down").click()  # move question 1 below question 2
    at.run()
    at.button(key="sv_new_publish").click()
    at.run()
    assert not at.exception, at.exception
    assert "问卷已发布" in texts(at)
    created = [s for s in od.surveys.list_for("clerk_a") if s.template == "policy"]
    assert len(created) == 1
    survey = od.surveys.get(created[0].id)
    assert survey.unit_id == a and survey.status == "published"
    assert [q.text for q in survey.questions[:2]] == [second, first]


def test_admin_blank_survey_errors_then_draft_publish_close(seeded):
    od, _a, _b, _sid, _other = seeded
    at = page_app("survey_admin", username="clerk_a")
    at.run()
    at.button(key="sv_new_draft").click()
    at.run()
    assert "请填写问卷标题" in " ".join(e.value for e in at.error)
    before = len(od.surveys.list_for("clerk_a"))
    at.text_input(key="svnew_title").input("开放日满意度")
    at.text_input(key="svnew_0_text").input("您对本次活动满意吗？")
    at.text_area(key="svnew_0_opts").input("满意\n一般\n不满意")
    at.selectbox(key="svnew_addkind").set_value("rating")
    at.button(key="svnew_add").click()
    at.run()
    at.text_input(key="svnew_1_text").input("请为讲解打分")
    at.button(key="sv_new_draft").click()
    at.run()
    assert not at.exception, at.exception
    surveys = od.surveys.list_for("clerk_a")
    assert len(surveys) == before + 1
    draft = [s for s in surveys if s.title == "开放日满意度"][0]
    assert draft.status == "draft"
    assert [q.kind for q in od.surveys.get(draft.id).questions] == ["single", "rating"]
    at.selectbox(key="sv_adm_sel").set_value(draft.id)
    at.run()
    at.button(key=f"sv_pub_{draft.id}").click()
    at.run()
    assert od.surveys.get(draft.id).status == "published"
    at.button(key=f"sv_close_{draft.id}").click()
    at.run()
    assert od.surveys.get(draft.id).status == "closed"


def test_admin_sends_a_written_answer_to_the_ledger(seeded):
    od, a, _b, sid, _other = seeded
    od.surveys.submit(sid, ["了解", None, 5, "建议延长咨询电话时间"])
    at = page_app("survey_admin", username="clerk_a")
    at.run()
    at.button(key=f"sv_fwd_btn_{sid}").click()
    at.run()
    assert not at.exception, at.exception
    assert "已转入意见台账" in texts(at)
    row = od.db.row("SELECT unit_id, source, content FROM opinions")
    assert row == {"unit_id": a, "source": "survey", "content": "建议延长咨询电话时间"}


def test_admin_in_english(seeded):
    at = page_app("survey_admin", username="coord", lang="en")
    at.run()
    assert not at.exception
    assert {"Questionnaires", "New questionnaire", "Results", "Preview"} <= {t.label for t in at.tabs}
    assert "County-wide (openness office)" in [str(o) for s in at.selectbox for o in s.options]


def test_admin_edits_settings_and_filters_by_event(seeded):
    od, a, _b, sid, _other = seeded
    import datetime as dt

    from gkreg import clock

    event = od.events.add(a, title="招生政策开放日", starts_at=clock.now() + dt.timedelta(days=5), actor="clerk_a")
    linked = od.surveys.create(a, title="开放日现场问卷", questions=QUESTIONS, actor="clerk_a", event_id=event)
    at = page_app("survey_admin", username="clerk_a")
    at.run()
    assert set(at.selectbox(key="sv_adm_sel").options) >= {"开放日现场问卷（填写中，0份）", "招生政策评价问卷（填写中，0份）"}
    at.selectbox(key="sv_adm_event").set_value(event)
    at.run()
    assert at.selectbox(key="sv_adm_sel").options == ["开放日现场问卷（填写中，0份）"]
    at.text_input(key=f"sved{linked}_title").input("开放日现场满意度问卷")
    at.radio(key=f"sved{linked}_contact").set_value("optional")
    at.button(key=f"sved{linked}_save").click()
    at.run()
    assert not at.exception, at.exception
    saved = od.surveys.get(linked)
    assert (saved.title, saved.contact, saved.event_id) == ("开放日现场满意度问卷", "optional", event)
    assert od.surveys.get(sid).title == "招生政策评价问卷"
