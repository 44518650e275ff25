"""Real Chromium: the coordinator's live dashboard draws its charts and picks up a new sign-up by itself."""

from __future__ import annotations

import re

import pytest

from gkreg import clock
from tests.conftest import login_as, make_id, wait_for_app


def _login(page, url: str) -> None:
    login_as(page, url, "coordinator", "coordinator-demo")


def _open_dashboard(page) -> None:
    nav = page.locator("[data-testid='stSidebarNav']")
    link = nav.locator("a[href$='/dashboard']")
    if not link.is_visible():
        nav.get_by_text(re.compile("View .*more|更多")).first.click()
    link.click()
    page.get_by_role("heading", name="实时看板").wait_for()
    wait_for_app(page)


def _signups(page) -> int:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="报名总数")
    return int(metric.locator("[data-testid='stMetricValue']").inner_text().strip())


@pytest.mark.browser
def test_dashboard_draws_charts_and_updates_live(server, desktop):
    page = desktop
    _login(page, server.url)
    _open_dashboard(page)
    # Six Altair charts, each drawn by vega-embed (canvas or svg).
    page.wait_for_function(
        "() => document.querySelectorAll(\"[data-testid='stVegaLiteChart'] canvas,"
        " [data-testid='stVegaLiteChart'] svg.marks\").length >= 6",
        timeout=30_000,
    )
    assert page.get_by_text(re.compile("最后刷新：")).first.is_visible()
    before = _signups(page)
    assert before > 0

    od = server.od()
    now = clock.to_iso(clock.now())
    event_id = od.db.scalar(
        "SELECT id FROM events WHERE status = 'open' AND registration_opens <= ? AND registration_closes >= ?"
        " ORDER BY approval = 'auto' DESC, id LIMIT 1",
        (now, now),
    )
    assert event_id is not None
    od.registrations.register(event_id, name="赵新民", phone="13712345678", id_number=make_id(777, birth="19790412"))
    od.close()

    # No reload: the fragment refreshes itself every 15 s.
    page.wait_for_function(
        """(before) => {
             const m = [...document.querySelectorAll("[data-testid='stMetric']")].find(e => e.innerText.includes('报名总数'));
             return m && parseInt(m.querySelector("[data-testid='stMetricValue']").innerText) === before + 1;
           }""",
        arg=before,
        timeout=45_000,
    )
    assert _signups(page) == before + 1


@pytest.mark.browser
def test_a_saved_change_says_so_after_the_rerun_and_keeps_its_tab(server, desktop):
    # ui.layout.act: the success message is kept over st.rerun() (admin.py used to draw it and rerun it
    # away), and its slot is always drawn, so the tab the clerk worked in stays open.
    page = desktop
    _login(page, server.url)
    page.goto(server.url + "/admin")
    wait_for_app(page)
    page.get_by_role("tab", name="单位").click()
    wait_for_app(page)
    od = server.od()
    before = {u["id"] for u in od.units.list() if u["active"]}
    page.get_by_role("button", name="停用该单位").click()
    wait_for_app(page)
    page.locator("[data-testid='stAlertContentSuccess']").filter(has_text="已保存。").wait_for(timeout=30_000)
    assert page.locator("[role=tab][aria-selected=true]").first.inner_text() == "单位"
    stopped = before - {u["id"] for u in od.units.list() if u["active"]}
    assert len(stopped) == 1
    od.campaigns.set_unit_active(stopped.pop(), True, "coordinator")  # the demo county as it was
