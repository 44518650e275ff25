"""Real Chromium: a citizen's opinion goes from /feedback through the clerk's /ledger to the public ledger."""

from __future__ import annotations

import time

import pytest

from tests.conftest import login_as, wait_for_app


def select_option(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSelectbox']", has_text=label).first.locator("input")
    for _attempt in range(3):  # a rerun still finishing can close the list again
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=3000)
            break
        except Exception:
            page.keyboard.press("Escape")
    wait_for_app(page)
    assert box.input_value() == option


@pytest.mark.browser
def test_citizen_opinion_answered_and_published(server, desktop, phone):
    od = server.od()
    edu = od.units.by_name("示范县教育局")["id"]
    event = od.db.row("SELECT id, title FROM events WHERE unit_id = ? AND status = 'open' ORDER BY starts_at DESC", (edu,))
    unique = f"建议学校食堂每周公布菜谱和食材来源{int(time.time()) % 100000}"
    answer = "采纳。自下周起各校每周五在公众号公布下周菜谱及食材供应商。"

    # the citizen, on a phone, deep-links from the event
    phone.goto(f"{server.url}/feedback?event={event['id']}")
    wait_for_app(phone)
    selects = phone.locator("[data-testid='stSelectbox']")
    assert "示范县教育局" in selects.filter(has_text="意见涉及的单位").locator("input").input_value()
    assert event["title"] in selects.filter(has_text="相关开放活动").locator("input").input_value()
    phone.get_by_label("意见内容").fill(unique)
    phone.get_by_role("button", name="提交意见").click()
    phone.get_by_text("意见编号").first.wait_for()
    code = od.db.scalar("SELECT code FROM opinions WHERE content = ?", (unique,))
    assert code and code in phone.locator("[data-testid='stAlert']").first.inner_text()
    assert od.db.row("SELECT unit_id, event_id FROM opinions WHERE code = ?", (code,)) == {
        "unit_id": edu,
        "event_id": event["id"],
    }

    # the clerk answers "adopted" and publishes
    login_as(desktop, server.url, "edu", "edu-demo")
    desktop.get_by_test_id("stSidebarNavItems").get_by_role("link", name="意见台账").click()
    desktop.get_by_role("heading", name="意见台账").wait_for()
    wait_for_app(desktop)
    search = desktop.get_by_label("搜索（内容、编号、答复）")
    search.wait_for()
    search.fill(code)
    search.press("Enter")
    wait_for_app(desktop)
    desktop.get_by_text(f"意见 {code}").wait_for()
    select_option(desktop, "办理结果", "已采纳")
    desktop.get_by_label("答复内容", exact=True).fill(answer)
    desktop.get_by_role("button", name="保存办理结果").click()
    desktop.get_by_text("已保存：已采纳").wait_for()
    desktop.get_by_text("在“意见采纳公示”中公开").click()
    desktop.get_by_role("button", name="保存公示设置").click()
    desktop.get_by_text("公示设置已保存").wait_for()
    assert od.db.row("SELECT status, published FROM opinions WHERE code = ?", (code,)) == {"status": "adopted", "published": 1}

    # the public ledger shows 已采纳 with the response
    phone.goto(f"{server.url}/feedback")
    wait_for_app(phone)
    phone.get_by_text("意见采纳公示", exact=True).wait_for()
    card = phone.locator("[data-testid='stVerticalBlock']", has_text=unique).last
    card.scroll_into_view_if_needed()
    text = card.inner_text()
    assert "已采纳" in text and answer in text
    assert "13" not in text.split(unique)[1].split(answer)[0]  # no phone around it
