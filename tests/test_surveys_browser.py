"""Real Chromium: a citizen answers a demo questionnaire on a phone; the clerk sees the response counted."""

from __future__ import annotations

import pytest
from conftest import login_as, wait_for_app


@pytest.mark.browser
def test_citizen_answers_on_a_phone_and_the_clerk_sees_it(server, phone, desktop):
    od = server.od()
    survey = [s for s in od.surveys.list_for("edu") if s.state() == "open" and "义务教育" in s.title][0]
    before = survey.responses
    od.close()

    phone.goto(f"{server.url}/surveys?survey={survey.id}")
    wait_for_app(phone)
    phone.get_by_text(survey.title).first.wait_for()
    phone.get_by_role("button", name="提交问卷").click()  # nothing answered yet
    wait_for_app(phone)
    phone.get_by_text("这是必答题，请作答。").first.wait_for()  # marked at each unanswered required question
    phone.get_by_text("道必答题未作答").first.wait_for()
    phone.get_by_text("比较了解", exact=True).click()
    phone.get_by_text("政府开放日等现场活动", exact=True).first.click()
    phone.get_by_text("有一定效果", exact=True).click()
    phone.get_by_text("4分", exact=True).nth(0).click()
    phone.get_by_text("5分", exact=True).nth(1).click()
    phone.get_by_role("textbox").first.fill("希望提前公布学区划分方案")
    phone.get_by_role("button", name="提交问卷").click()
    wait_for_app(phone)
    phone.get_by_text("提交成功").wait_for()
    assert phone.get_by_role("button", name="提交问卷").count() == 0  # the form is gone for this session

    od = server.od()
    assert od.surveys.response_count(survey.id) == before + 1
    result = od.surveys.results(survey.id)
    assert "希望提前公布学区划分方案" in result["questions"][-1]["answers"]
    od.close()

    login_as(desktop, server.url, "edu", "edu-demo")
    desktop.get_by_role("link", name="问卷管理").click()
    wait_for_app(desktop)
    desktop.get_by_role("heading", name=survey.title).wait_for()
    metric = desktop.get_by_test_id("stMetricValue").first
    metric.wait_for()
    assert metric.inner_text().strip() == str(before + 1)
    desktop.locator("[data-testid='stVegaLiteChart']").first.wait_for()  # the results drawn as charts
    desktop.get_by_text("希望提前公布学区划分方案").first.wait_for(state="attached")  # in the text-answer table
