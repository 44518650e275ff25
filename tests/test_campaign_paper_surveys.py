"""Paper questionnaires (issue 13): typed in or imported from the questionnaire's own template,
validated like online answers, counted beside online responses."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gkreg.errors import InvalidTransition, PermissionDenied, ValidationError

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL

QUESTIONS = [
    {"kind": "single", "text": "您对本次活动满意吗？", "options": ["满意", "一般", "不满意"], "required": True},
    {"kind": "multi", "text": "您关注哪些方面？", "options": ["教育", "医疗", "交通"]},
    {"kind": "rating", "text": "请为办事效率打分", "required": True},
    {"kind": "text", "text": "意见建议"},
]


@pytest.fixture
def survey(world):
    return world.od.surveys.create(world.unit_a, title="开放日满意度调查", questions=QUESTIONS, actor="clerk_a")


def test_paper_response_counted_beside_online(world, survey):
    od = world.od
    od.surveys.submit(survey, ["满意", ["教育"], 5, "很好"])
    paper = od.paper_surveys.enter(survey, "clerk_a", ["一般", ["教育", "交通"], 3, ""])
    assert od.db.scalar("SELECT source FROM survey_responses WHERE id = ?", (paper,)) == "paper"
    with pytest.raises(ValidationError, match="必答题"):
        od.paper_surveys.enter(survey, "clerk_a", [None, [], 3, ""])
    with pytest.raises(ValidationError, match="1至5分"):
        od.paper_surveys.enter(survey, "clerk_a", ["满意", [], 9, ""])
    with pytest.raises(PermissionDenied):
        od.paper_surveys.enter(survey, "clerk_b", ["满意", [], 4, ""])
    split = od.paper_surveys.results_by_source(survey, "clerk_a")
    assert (split["online"]["responses"], split["paper"]["responses"], split["all"]["responses"]) == (1, 1, 2)
    assert split["online"]["questions"][0]["counts"] == {"满意": 1, "一般": 0, "不满意": 0}
    assert split["paper"]["questions"][1]["counts"] == {"教育": 1, "医疗": 0, "交通": 1}
    assert split["all"]["questions"][2]["average"] == 4.0
    assert od.surveys.results(survey)["responses"] == 2  # the contract's results count both


def test_import_from_the_questionnaires_own_template(world, survey):
    od = world.od
    template = od.paper_surveys.template_xlsx(survey, "clerk_a")
    book = load_workbook(io.BytesIO(template))
    sheet = book["纸质答卷"]
    assert sheet["B1"].value.startswith("第1题") and sheet["E1"].value.startswith("第4题")
    sheet.append([1, "满意", "教育、医疗", 5, "=cmd|' /C calc'!A0"])
    sheet.append([2, "不满意", None, "4", None])
    sheet.append([None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    assert od.paper_surveys.import_xlsx(survey, "clerk_a", buffer.getvalue()) == 2
    split = od.paper_surveys.results_by_source(survey, "clerk_a")
    assert split["paper"]["responses"] == 2 and split["online"]["responses"] == 0
    assert split["paper"]["questions"][2]["average"] == 4.5
    # A bad row: nothing written, the row named.
    sheet.append([3, "还行", None, 3, None])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError, match="第6行：第1题"):
        od.paper_surveys.import_xlsx(survey, "clerk_a", buffer.getvalue())
    assert od.surveys.response_count(survey) == 2
    # Another questionnaire's (or an edited one's) template is refused.
    other = od.surveys.create(world.unit_a, title="另一份", questions=QUESTIONS[:1], actor="clerk_a")
    with pytest.raises(ValidationError, match="不是本问卷"):
        od.paper_surveys.import_xlsx(other, "clerk_a", template)
    with pytest.raises(ValidationError, match="无法读取"):
        od.paper_surveys.import_xlsx(survey, "clerk_a", b"not a spreadsheet")


def test_paper_entry_needs_a_published_questionnaire(world):
    od = world.od
    draft = od.surveys.create(world.unit_a, title="草稿问卷", questions=QUESTIONS, actor="clerk_a", draft=True)
    with pytest.raises(InvalidTransition):
        od.paper_surveys.enter(draft, "clerk_a", ["满意", [], 3, ""])


def test_bulk_responses_need_a_manager_of_the_survey(world, survey):
    od = world.od
    with pytest.raises(PermissionDenied):
        od.surveys.add_responses_bulk(survey, [(["满意", [], 4, ""], "2026-05-01 10:00", None)], actor="clerk_b")
    with pytest.raises(PermissionDenied):
        od.surveys.add_responses_bulk(survey, [(["满意", [], 4, ""], "2026-05-01 10:00", None)], actor="demo")
    assert od.surveys.response_count(survey) == 0
    assert od.surveys.add_responses_bulk(survey, [(["满意", [], 4, ""], "2026-05-01 10:00", None)], actor="clerk_a") == 1
