"""The site as a user's browser sees it: URLs that follow the user (back, reload, deep links), staff links
that survive a logout, no Streamlit "Page not found", the site frame, and screenshots of every public page
at 390 and 1366 px (kept in the git-ignored ``screenshots/`` folder for people to look at)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import ROOT, make_id, wait_for_app

from gkreg import clock

pytestmark = pytest.mark.browser
SHOTS = ROOT / "screenshots"
PUBLIC_PATHS = ["/", "/?event={event}", "/?event={event}&step=signup", "/lookup", "/surveys", "/feedback", "/reports", "/login"]
STAFF_PATHS = [
    "/workbench",
    "/manage-events",
    "/attendees",
    "/ledger",
    "/survey-admin",
    "/dashboard",
    "/assessment",
    "/admin",
    "/audit",
]


def _open_event(server, title: str = "浏览器测试：教育局开放日") -> int:
    od = server.od()
    try:
        unit = od.units.by_name("示范县教育局")["id"]
        return od.events.add(
            unit, actor="coordinator", title=title, location="教育局一楼会议室", starts_at=clock.now() + dt.timedelta(days=15)
        )
    finally:
        od.close()


def _goto(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def _settle(page) -> None:
    """Wait for the rerun a click or a history step starts, then for it to finish."""
    page.wait_for_timeout(600)
    wait_for_app(page)


def test_back_from_the_form_returns_to_the_event_and_reload_keeps_the_form(server, phone):
    event_id = _open_event(server)
    _goto(phone, f"{server.url}/?event={event_id}")
    phone.get_by_role("button", name="我要报名").click(timeout=60_000)  # maybe the server's cold first run
    phone.get_by_role("button", name="提交报名").wait_for()
    assert phone.url.endswith(f"/?event={event_id}&step=signup")
    phone.get_by_label("姓名", exact=True).fill("王小明")
    phone.reload()  # a reload keeps the form (the step is in the URL)
    wait_for_app(phone)
    phone.get_by_role("button", name="提交报名").wait_for()
    phone.go_back()  # the browser's back button: the event page, not another site
    _settle(phone)
    phone.get_by_role("button", name="我要报名").wait_for()
    assert phone.url.endswith(f"/?event={event_id}")
    assert phone.get_by_role("button", name="提交报名").count() == 0
    phone.go_forward()
    _settle(phone)
    phone.get_by_role("button", name="提交报名").wait_for()
    # A shared link of the form opens the form in a new browser too.
    other = phone.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = other.new_page()
    page.set_default_timeout(20_000)
    _goto(page, f"{server.url}/?event={event_id}&step=signup")
    page.get_by_role("button", name="提交报名").wait_for()
    other.close()


def test_logged_out_deep_link_shows_login_then_that_page_and_query(server, desktop):
    event_id = _open_event(server, "浏览器测试：深链接的活动")
    od = server.od()
    try:
        od.registrations.register(event_id, name="赵六", phone="13900001111", id_number=make_id(501))
    finally:
        od.close()
    _goto(desktop, f"{server.url}/attendees?event={event_id}")
    desktop.get_by_label("用户名").wait_for()
    body = desktop.inner_text("body")
    assert "赵六" not in body and "13900001111" not in body
    desktop.get_by_label("用户名").fill("edu")
    desktop.get_by_label("密码").fill("edu-demo")
    desktop.get_by_role("button", name="登录").click()
    desktop.wait_for_function("() => document.body.innerText.includes('赵六 · 群众代表')", timeout=30_000)
    wait_for_app(desktop)
    assert desktop.url.split("/", 3)[3].startswith(f"attendees?event={event_id}"), desktop.url


def test_login_lands_on_the_workbench(server, desktop):
    _goto(desktop, server.url + "/login")
    desktop.get_by_label("用户名").fill("edu")
    desktop.get_by_label("密码").fill("edu-demo")
    desktop.get_by_role("button", name="登录").click()
    desktop.wait_for_url("**/workbench", timeout=30_000)
    wait_for_app(desktop)
    desktop.get_by_role("heading", name="工作台").wait_for()
    desktop.get_by_text("待审核报名").first.wait_for()
    desktop.get_by_role("link", name="新建活动").wait_for()


def test_no_page_not_found_modal_for_any_path(server, desktop):
    event_id = _open_event(server)
    paths = [p.format(event=event_id) for p in PUBLIC_PATHS] + STAFF_PATHS + ["/nope", "/events-old", "/x%20y"]
    for path in paths:
        _goto(desktop, server.url + path)
        desktop.get_by_text("语言 / Language").first.wait_for()
        body = desktop.inner_text("body")
        assert "Page not found" not in body and "does not seem to exist" not in body, path
        if path in ("/nope", "/events-old", "/x%20y"):
            desktop.get_by_role("heading", name="页面不存在").wait_for()
            desktop.get_by_role("link", name="返回开放活动首页").wait_for()


def test_frame_identity_and_document_language(server, phone):
    _goto(phone, server.url + "/lookup")
    phone.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
    header = phone.locator("header.gk-header").inner_text()
    footer = phone.locator("footer.gk-footer").inner_text()
    assert "示范县人民政府" in header and "政务公开" in header
    assert "主办单位" in footer and "联系电话" in footer and "ICP备" in footer and "公网安备" in footer
    assert (
        phone.locator("[data-testid='stExpandSidebarButton']").evaluate("b => getComputedStyle(b, '::after').content").strip('"')
        == "菜单"
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_screenshots_of_every_public_page(server, chromium, width):
    """Not a pass/fail check of looks: the pictures are for people (see screenshots/)."""
    event_id = _open_event(server)
    SHOTS.mkdir(exist_ok=True)
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", is_mobile=width < 500, has_touch=width < 500
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    for lang in ("zh", "en") if width < 500 else ("zh",):  # English pictures at phone width only (time)
        for path in PUBLIC_PATHS:
            url = server.url + path.format(event=event_id)
            if lang == "en":
                url += ("&" if "?" in url else "?") + "lang=en"
            _goto(page, url)
            name = (path.strip("/").split("?")[0] or "events") + (
                "-signup" if "signup" in path else "-event" if "event=" in path else ""
            )
            page.locator("h1, h2, h3").first.wait_for()
            wait_for_app(page)
            page.wait_for_timeout(300)  # fonts and images settle
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (path, lang)
            # Streamlit scrolls inside its own container: grow the window to the content to get the whole page.
            height = page.evaluate(
                "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')].map(e => e.scrollHeight))"
            )
            page.set_viewport_size({"width": width, "height": min(int(height) + 50, 8000)})
            page.wait_for_timeout(300)
            page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
            page.set_viewport_size({"width": width, "height": 900})
    context.close()


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
UI_TEXTS = """() => [...document.querySelectorAll(
    'label, button, h1, h2, h3, [role=tab], [data-testid=stAlert], [data-testid=stMetricLabel],'
    + ' [data-testid=stSidebarNav] a, [data-testid=stExpander] summary')]
    .filter(e => !e.closest('[data-testid=stSelectbox]') || e.tagName === 'LABEL')
    .map(e => e.innerText.trim()).filter(Boolean)"""


def _data_words(server) -> list[str]:
    """Text people typed (titles, names, places, questions, options): allowed to stay Chinese."""
    od = server.od()
    try:
        words = [
            r["t"]
            for r in od.db.rows(
                "SELECT title AS t FROM events UNION SELECT location FROM events UNION SELECT name FROM units"
                " UNION SELECT title FROM surveys UNION SELECT title FROM consultations"
            )
        ]
        words += [r["t"] for r in od.db.rows("SELECT text AS t FROM survey_questions")]
        for row in od.db.rows("SELECT options FROM survey_questions WHERE options IS NOT NULL"):
            words += [str(o) for o in json.loads(row["options"] or "[]")]
    finally:
        od.close()
    return sorted({w for w in words if w}, key=len, reverse=True)


def _cjk_left(page, words: list[str]) -> list[str]:
    bad = []
    for text in page.evaluate(UI_TEXTS):
        if text == "语言 / Language":  # the language select names both languages (CONTRACT §5)
            continue
        for word in words:
            text = text.replace(word, "")
        text = re.sub(r"[\u3400-\u9fff]\*+", "", text)  # masked submitters (张**)
        if CJK.search(text):
            bad.append(text)
    return bad


def test_english_public_pages_have_no_chinese_ui_text_and_stay_english(server, desktop):
    event_id = _open_event(server, "浏览器测试：英文页面")
    words = _data_words(server)
    for path in PUBLIC_PATHS:
        url = server.url + path.format(event=event_id)
        _goto(desktop, url + ("&" if "?" in url else "?") + "lang=en")
        desktop.locator("h1, h2, h3").first.wait_for()
        desktop.wait_for_timeout(800)
        wait_for_app(desktop)
        assert desktop.evaluate("document.documentElement.lang") == "en", path
        assert not _cjk_left(desktop, words), (path, _cjk_left(desktop, words))
    # Validation messages: every error of an empty sign-up form, in English, next to its field.
    _goto(desktop, f"{server.url}/?event={event_id}&step=signup&lang=en")
    desktop.get_by_role("button", name=re.compile("^Submit")).click()
    desktop.get_by_text("Please enter your name.").first.wait_for()
    assert not _cjk_left(desktop, words)
    # A reload and a move to another page keep English.
    desktop.reload()
    wait_for_app(desktop)
    desktop.get_by_role("button", name=re.compile("^Submit")).wait_for()
    desktop.get_by_role("link", name="My registration").click()
    _settle(desktop)
    desktop.get_by_role("button", name="Look up").wait_for()
    assert "lang=en" in desktop.url
