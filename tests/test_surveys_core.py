"""Questionnaires: building, answer validation per kind, results, templates, permissions, exports."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from openpyxl import load_workbook

from gkreg import clock
from gkreg.errors import InvalidTransition, NotFound, PermissionDenied, RegistrationClosed, ValidationError
from gkreg.survey_templates import TEMPLATES, build

pytestmark = pytest.mark.backends

QUESTIONS = [
    {"kind": "single", "text": "您是否了解该政策？", "options": ["了解", "听说过", "不了解"], "required": True},
    {"kind": "multi", "text": "您从哪些渠道了解？", "options": ["网站", "公众号", "电视"], "required": False},
    {"kind": "rating", "text": "总体满意度", "options": [], "required": True},
    {"kind": "text", "text": "意见建议", "options": [], "required": False},
]


@pytest.fixture
def survey(world):
    return world.od.surveys.create(world.unit_a, title="政策评价问卷", questions=QUESTIONS, actor=world.staff_a)


# ---- answer validation, one kind at a time --------------------------------------------------------


def test_a_complete_response_is_stored(world, survey):
    rid = world.od.surveys.submit(survey, ["了解", ["网站", "电视"], 4, "希望多公开"])
    assert rid > 0
    assert world.od.surveys.response_count(survey) == 1


@pytest.mark.parametrize(
    "answers, needle",
    [
        (["知道", None, 3, None], "第1题"),  # not one of the options
        ([["了解"], None, 3, None], "第1题"),  # a list for a single choice
        ([None, None, 3, None], "第1题"),  # required single choice missing
        (["", None, 3, None], "第1题"),  # "" counts as unanswered
        (["了解", "网站", 3, None], "第2题"),  # a string for a multiple choice
        (["了解", ["网站", "报纸"], 3, None], "第2题"),  # an option that is not there
        (["了解", None, 6, None], "第3题"),  # rating out of range
        (["了解", None, 0, None], "第3题"),
        (["了解", None, "4", None], "第3题"),  # rating must be an int
        (["了解", None, True, None], "第3题"),  # a bool is not a rating
        (["了解", None, None, None], "第3题"),  # required rating missing
        (["了解", None, 3, 42], "第4题"),  # text must be text
        (["了解", None, 3, "长" * 2001], "第4题"),  # too long
    ],
)
def test_wrong_or_missing_answers_name_the_question(world, survey, answers, needle):
    with pytest.raises(ValidationError) as err:
        world.od.surveys.submit(survey, answers)
    assert needle in str(err.value)
    assert world.od.surveys.response_count(survey) == 0


@pytest.mark.parametrize("answers", [["了解", None, 3], ["了解", None, 3, None, None], []])
def test_wrong_number_of_answers(world, survey, answers):
    with pytest.raises(ValidationError, match="共有4道题"):
        world.od.surveys.submit(survey, answers)


def test_optional_questions_accept_none_empty_string_and_empty_list(world, survey):
    od = world.od
    od.surveys.submit(survey, ["不了解", None, 2, None])
    od.surveys.submit(survey, ["不了解", [], 2, ""])
    od.surveys.submit(survey, ["不了解", [], 2, "   "])
    result = od.surveys.results(survey)
    assert result["responses"] == 3
    assert result["questions"][1]["counts"] == {"网站": 0, "公众号": 0, "电视": 0}
    assert result["questions"][3]["answers"] == []


def test_required_multi_and_text(world):
    od = world.od
    sid = od.surveys.create(
        world.unit_a,
        title="必答",
        actor=world.staff_a,
        questions=[
            {"kind": "multi", "text": "渠道", "options": ["甲", "乙"], "required": True},
            {"kind": "text", "text": "建议", "options": [], "required": True},
        ],
    )
    with pytest.raises(ValidationError, match="第1题.*至少选择一项"):
        od.surveys.submit(sid, [[], "有"])
    with pytest.raises(ValidationError, match="第2题.*请填写"):
        od.surveys.submit(sid, [["甲"], "  "])
    od.surveys.submit(sid, [["甲", "甲", "乙"], "有"])  # a repeated option counts once
    assert od.surveys.results(sid)["questions"][0]["counts"] == {"甲": 1, "乙": 1}


# ---- results ---------------------------------------------------------------------------------------


def test_results_count_multiple_choice_per_option_and_average_ratings(world, survey):
    od = world.od
    od.surveys.submit(survey, ["了解", ["网站", "公众号"], 5, "公开预算"])
    od.surveys.submit(survey, ["了解", ["网站"], 4, ""])
    od.surveys.submit(survey, ["不了解", ["公众号", "电视", "网站"], 2, None])
    od.surveys.submit(survey, ["听说过", None, 4, "多开座谈会"])
    result = od.surveys.results(survey)
    assert result["responses"] == 4
    single, multi, rating, text = result["questions"]
    assert single == {
        **single,
        "text": "您是否了解该政策？",
        "kind": "single",
        "counts": {"了解": 2, "听说过": 1, "不了解": 1},
        "average": None,
        "answers": [],
    }
    # per option, not per combination: 网站 3, 公众号 2, 电视 1
    assert multi["counts"] == {"网站": 3, "公众号": 2, "电视": 1}
    assert multi["answered"] == 3
    assert rating["counts"] == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert list(rating["counts"]) == [1, 2, 3, 4, 5]
    assert rating["average"] == pytest.approx(15 / 4)
    assert text["kind"] == "text" and text["counts"] == {}
    assert text["answers"] == ["公开预算", "多开座谈会"]  # empty ones left out, oldest first


def test_results_of_an_unanswered_survey(world, survey):
    result = world.od.surveys.results(survey)
    assert result["responses"] == 0
    assert result["questions"][2]["average"] is None
    assert result["questions"][2]["counts"] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    with pytest.raises(NotFound):
        world.od.surveys.results(9999)


def test_results_match_a_python_count_for_random_responses(world, survey):
    od = world.od
    rng = random.Random(3)
    answers = []
    for _ in range(120):
        answer = [
            rng.choice(QUESTIONS[0]["options"]),
            rng.sample(QUESTIONS[1]["options"], rng.randrange(0, 4)),
            rng.randrange(1, 6),
            rng.choice(["", "好", "一般"]),
        ]
        answers.append(answer)
    od.surveys.add_responses_bulk(survey, [(a, clock.now(), None) for a in answers], actor=world.staff_a)
    result = od.surveys.results(survey)
    assert result["responses"] == 120
    for option in QUESTIONS[1]["options"]:
        assert result["questions"][1]["counts"][option] == sum(option in a[1] for a in answers)
    ratings = [a[2] for a in answers]
    assert result["questions"][2]["average"] == pytest.approx(round(sum(ratings) / len(ratings), 2))
    assert result["questions"][3]["answers"] == [a[3] for a in answers if a[3]]


def test_event_filter_timeline_and_text_search(world):
    od = world.od
    e1, e2 = world.event(title="教育局开放日"), world.event(title="第二场")
    sid = od.surveys.create(world.unit_a, title="单位问卷", questions=QUESTIONS, actor=world.staff_a)
    od.surveys.submit(sid, ["了解", None, 5, "学区划分要公开"], event_id=e1)
    od.surveys.submit(sid, ["了解", None, 3, "课后服务收费"], event_id=e2)
    od.surveys.submit(sid, ["不了解", None, 1, None])
    assert od.surveys.results(sid, event_id=e1)["responses"] == 1
    assert od.surveys.results(sid, event_id=e1)["questions"][2]["counts"][5] == 1
    assert od.surveys.results(sid, event_id=e2)["questions"][3]["answers"] == ["课后服务收费"]
    assert {e["id"]: e["responses"] for e in od.surveys.response_events(sid)} == {e1: 1, e2: 1}
    assert od.surveys.timeline(sid) == [{"day": clock.now().date().isoformat(), "responses": 3}]
    assert [r["text"] for r in od.surveys.text_answers(sid, search="收费")] == ["课后服务收费"]
    assert len(od.surveys.text_answers(sid)) == 2
    # an event of another unit is not recorded on this unit's survey
    other = world.event(unit=world.unit_b)
    rid = od.surveys.submit(sid, ["了解", None, 4, None], event_id=other)
    assert od.db.scalar("SELECT event_id FROM survey_responses WHERE id = ?", (rid,)) is None


# ---- life cycle and window ---------------------------------------------------------------------------


def test_draft_publish_close_and_the_window(world):
    od = world.od
    sid = od.surveys.create(world.unit_a, title="草稿", questions=QUESTIONS, actor=world.staff_a, draft=True)
    assert od.surveys.get(sid).state() == "draft"
    assert sid not in [s.id for s in od.surveys.list_open()]
    with pytest.raises(RegistrationClosed, match="尚未发布"):
        od.surveys.submit(sid, ["了解", None, 3, None])
    od.surveys.publish(sid, world.staff_a)
    assert sid in [s.id for s in od.surveys.list_open()]
    od.surveys.submit(sid, ["了解", None, 3, None])
    with pytest.raises(InvalidTransition):
        od.surveys.publish(sid, world.staff_a)
    od.surveys.close(sid, world.staff_a)
    with pytest.raises(RegistrationClosed, match="已结束"):
        od.surveys.submit(sid, ["了解", None, 3, None])
    assert od.surveys.results(sid)["responses"] == 1
    actions = [r["action"] for r in od.db.rows("SELECT action FROM audit_log WHERE target_id = ?", (str(sid),))]
    assert {"survey.create", "survey.publish", "survey.close"} <= set(actions)

    now = clock.now()
    later = od.surveys.create(
        world.unit_a,
        title="未开始",
        questions=QUESTIONS,
        actor=world.staff_a,
        opens_at=now + dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=9),
    )
    with pytest.raises(RegistrationClosed, match="尚未开始"):
        od.surveys.submit(later, ["了解", None, 3, None])
    assert later not in [s.id for s in od.surveys.list_open()]
    assert later in [s.id for s in od.surveys.list_open(now=now + dt.timedelta(days=3))]
    assert later not in [s.id for s in od.surveys.list_open(now=now + dt.timedelta(days=9))]
    with pytest.raises(ValidationError, match="截止时间应晚于开始时间"):
        od.surveys.create(
            world.unit_a, title="错", questions=QUESTIONS, actor=world.staff_a, opens_at=now, closes_at=now - dt.timedelta(days=1)
        )


def test_questions_freeze_once_answered_and_delete_only_unanswered(world, survey):
    od = world.od
    changed = [dict(q) for q in QUESTIONS]
    changed[0] = {**changed[0], "options": ["了解", "不了解"]}
    od.surveys.update(survey, actor=world.staff_a, title="改名", questions=changed)
    assert od.surveys.get(survey).questions[0].options == ["了解", "不了解"]
    od.surveys.submit(survey, ["了解", None, 3, None])
    with pytest.raises(InvalidTransition, match="不能再修改题目"):
        od.surveys.update(survey, actor=world.staff_a, title="再改", questions=QUESTIONS)
    od.surveys.update(survey, actor=world.staff_a, title="只改标题", questions=changed, contact="optional")
    assert od.surveys.get(survey).title == "只改标题"
    with pytest.raises(InvalidTransition):
        od.surveys.delete(survey, world.staff_a)
    draft = od.surveys.create(world.unit_a, title="删", questions=QUESTIONS, actor=world.staff_a, draft=True)
    od.surveys.delete(draft, world.staff_a)
    with pytest.raises(NotFound):
        od.surveys.get(draft)


@pytest.mark.parametrize(
    "questions, needle",
    [
        ([], "至少需要一道题目"),
        ([{"kind": "dropdown", "text": "题", "options": [], "required": False}], "题型不正确"),
        ([{"kind": "single", "text": " ", "options": ["a", "b"], "required": False}], "请填写第1题"),
        ([{"kind": "single", "text": "题", "options": ["a"], "required": False}], "至少需要两个选项"),
        ([{"kind": "multi", "text": "题", "options": ["a", "a"], "required": False}], "重复的选项"),
    ],
)
def test_bad_questions_are_refused(world, questions, needle):
    with pytest.raises(ValidationError, match=needle):
        world.od.surveys.create(world.unit_a, title="问卷", questions=questions, actor=world.staff_a)
    with pytest.raises(ValidationError, match="问卷标题"):
        world.od.surveys.create(world.unit_a, title="", questions=QUESTIONS, actor=world.staff_a)


def test_contact_modes(world):
    od = world.od
    sid = od.surveys.create(world.unit_a, title="须留", questions=QUESTIONS, actor=world.staff_a, contact="required")
    with pytest.raises(ValidationError, match="姓名"):
        od.surveys.submit(sid, ["了解", None, 3, None])
    with pytest.raises(ValidationError, match="同意"):
        od.surveys.submit(sid, ["了解", None, 3, None], name="李四", phone="13912345678")
    rid = od.surveys.submit(sid, ["了解", None, 3, None], name="李四", phone="139 1234 5678", consent=True)
    assert od.db.row("SELECT name, phone FROM survey_responses WHERE id = ?", (rid,)) == {"name": "李四", "phone": "13912345678"}
    anonymous = od.surveys.create(world.unit_a, title="匿名", questions=QUESTIONS, actor=world.staff_a)
    rid = od.surveys.submit(anonymous, ["了解", None, 3, None], name="李四", phone="13912345678", consent=True)
    assert od.db.row("SELECT name, phone FROM survey_responses WHERE id = ?", (rid,)) == {"name": "", "phone": ""}
    audit = " ".join(r["detail"] for r in od.db.rows("SELECT detail FROM audit_log"))
    assert "13912345678" not in audit


# ---- permissions -----------------------------------------------------------------------------------


def test_staff_manage_only_their_units_surveys(world, survey):
    od = world.od
    with pytest.raises(PermissionDenied):
        od.surveys.create(world.unit_b, title="越权", questions=QUESTIONS, actor=world.staff_a)
    with pytest.raises(PermissionDenied):
        od.surveys.create(None, title="全县", questions=QUESTIONS, actor=world.staff_a)
    with pytest.raises(PermissionDenied):
        od.surveys.create(world.unit_a, title="无人", questions=QUESTIONS, actor="nobody")
    for action in (od.surveys.close, od.surveys.delete):
        with pytest.raises(PermissionDenied):
            action(survey, world.staff_b)
    with pytest.raises(PermissionDenied):
        od.surveys.update(survey, actor=world.staff_b, title="改", questions=QUESTIONS)
    with pytest.raises(PermissionDenied):
        od.surveys.check_access(survey, world.staff_b)
    assert [s.id for s in od.surveys.list_for(world.staff_b)] == []
    assert [s.id for s in od.surveys.list_for(world.staff_a)] == [survey]
    county = od.surveys.create(None, title="全县社会评", questions=QUESTIONS, actor=world.coordinator)
    assert od.surveys.get(county).owner == "全县"
    assert {s.id for s in od.surveys.list_for(world.coordinator)} == {survey, county}
    with pytest.raises(PermissionDenied):
        od.surveys.close(county, world.staff_a)
    od.surveys.close(survey, world.coordinator)  # the coordinator acts on every unit's survey
    event_b = world.event(unit=world.unit_b)
    with pytest.raises(ValidationError, match="不属于该单位"):
        od.surveys.create(world.unit_a, title="错活动", questions=QUESTIONS, actor=world.staff_a, event_id=event_b)


# ---- templates -------------------------------------------------------------------------------------


def test_the_two_templates_build_valid_surveys(world):
    od = world.od
    assert {TEMPLATES[k]["name"] for k in TEMPLATES} == {"政务公开社会评", "政策评价"}
    title, description, questions = build("openness")
    assert "政务公开社会评" in title
    kinds = {q["kind"] for q in questions}
    assert kinds == {"single", "multi", "rating", "text"}
    texts = "".join(q["text"] for q in questions)
    for topic in ("了解", "渠道", "满意", "建议"):  # awareness, channels, satisfaction, suggestions
        assert topic in texts
    county = od.surveys.create(None, title=title, description=description, questions=questions, actor=world.coordinator)
    assert len(od.surveys.get(county).questions) == len(questions)

    title, _desc, questions = build("policy", "义务教育招生入学政策")
    assert "义务教育招生入学政策" in title and "义务教育招生入学政策" in questions[0]["text"]
    texts = "".join(q["text"] for q in questions)
    for topic in ("了解", "实施效果", "满意度", "问题"):
        assert topic in texts
    sid = od.surveys.create(world.unit_a, title=title, questions=questions, actor=world.staff_a)
    answers = [
        q["options"][0]
        if q["kind"] == "single"
        else [q["options"][1]]
        if q["kind"] == "multi"
        else 5
        if q["kind"] == "rating"
        else "建议简化流程"
        for q in questions
    ]
    od.surveys.submit(sid, answers)
    assert od.surveys.results(sid)["responses"] == 1
    # building twice gives independent copies
    build("policy", "甲")[2][0]["text"] = "changed"
    assert build("policy", "甲")[2][0]["text"] != "changed"
    with pytest.raises(ValidationError):
        build("nope")


# ---- exports, ledger, demo ---------------------------------------------------------------------------


def test_raw_and_summary_exports(world, survey):
    od = world.od
    od.surveys.submit(survey, ["了解", ["网站", "电视"], 5, '=HYPERLINK("x")'])
    od.surveys.submit(survey, ["不了解", None, 3, None])
    headers, rows = od.surveys.raw_table(survey)
    assert headers[:3] == ["序号", "提交时间", "活动"] and len(headers) == 3 + len(QUESTIONS)
    assert rows[0][3:] == ["了解", "网站；电视", 5, '=HYPERLINK("x")']
    assert rows[1][3:] == ["不了解", "", 3, ""]
    from gkreg.exports import to_xlsx

    sheet = load_workbook(io.BytesIO(to_xlsx(headers, rows))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    headers, rows = od.surveys.summary_table(survey)
    assert ["1", "了解", 1, "50.0%"] == [str(rows[0][0]), rows[0][3], rows[0][4], rows[0][5]]
    average = [r for r in rows if r[3] == "平均分"]
    assert average and average[0][6] == 4.0
    page = od.surveys.summary_html(survey)
    assert "政策评价问卷" in page and "有效问卷 2 份" in page and "<script" not in page
    assert "&quot;x&quot;" in page or "HYPERLINK" not in page


def test_forward_a_text_answer_to_the_ledger(world, survey):
    od = world.od
    od.surveys.submit(survey, ["了解", None, 4, "建议公开学区划分依据"])
    answer = od.surveys.text_answers(survey)[0]
    with pytest.raises(PermissionDenied):
        od.surveys.forward_to_ledger(answer["id"], world.staff_b)
    opinion_id = od.surveys.forward_to_ledger(answer["id"], world.staff_a)
    row = od.db.row("SELECT unit_id, source, content, status FROM opinions WHERE id = ?", (opinion_id,))
    assert row == {"unit_id": world.unit_a, "source": "survey", "content": "建议公开学区划分依据", "status": "received"}
    assert od.surveys.text_answers(survey)[0]["opinion_id"] == opinion_id
    with pytest.raises(InvalidTransition):
        od.surveys.forward_to_ledger(answer["id"], world.staff_a)
    # a county-wide survey's answer needs a responsible unit
    county = od.surveys.create(None, title="全县", questions=QUESTIONS, actor=world.coordinator)
    od.surveys.submit(county, ["了解", None, 4, "乙镇公告栏更新慢"])
    answer = od.surveys.text_answers(county)[0]
    with pytest.raises(ValidationError, match="承办单位"):
        od.surveys.forward_to_ledger(answer["id"], world.coordinator)
    opinion_id = od.surveys.forward_to_ledger(answer["id"], world.coordinator, unit_id=world.unit_b)
    assert od.db.scalar("SELECT unit_id FROM opinions WHERE id = ?", (opinion_id,)) == world.unit_b


def test_seed_demo_creates_both_templates_with_responses(od):
    from gkreg.demo import load_demo

    load_demo(od)
    surveys = od.surveys.list_for("coordinator")
    templates = {s.template for s in surveys}
    assert {"openness", "policy"} <= templates
    county = [s for s in surveys if s.unit_id is None]
    assert county and county[0].responses >= 200 and county[0].state() == "open"
    edu = [s for s in od.surveys.list_for("edu") if s.state() == "open"]
    assert edu and edu[0].responses > 0 and "义务教育" in edu[0].title
    result = od.surveys.results(edu[0].id)
    assert result["responses"] == edu[0].responses
    assert sum(result["questions"][0]["counts"].values()) == result["responses"]
