"""The app shell in real Chromium: login with a real cookie, lockout, logout that really ends the login,
and what the very first request to a freshly started server shows."""

from __future__ import annotations

import pytest
from conftest import CHROMIUM_ARGS, start_server, submit_login, wait_for_app

pytestmark = pytest.mark.browser

STAFF_NAV = ["单位工作台", "参加人员", "活动管理", "退出登录"]


def personal_data(od) -> tuple[list[str], list[str]]:
    rows = od.db.rows("SELECT name, phone, id_masked FROM registrations WHERE invited = 0 AND phone IS NOT NULL")
    names = sorted({r["name"] for r in rows if len(r["name"]) >= 2})
    secrets = sorted({r["phone"] for r in rows} | {r["id_masked"] for r in rows if r["id_masked"]})
    return names, secrets


def assert_no_personal_data(text: str, od) -> None:
    names, secrets = personal_data(od)
    assert names and secrets
    assert not [s for s in secrets if s in text]
    assert not [n for n in names if n in text and n not in public_text(od)]
    for label in STAFF_NAV:
        assert label not in text, label


def public_text(od) -> str:
    """Words that may appear on public pages anyway (event titles, unit names, places, descriptions)."""
    rows = od.db.rows("SELECT title || location || description AS t FROM events UNION ALL SELECT name FROM units")
    return " ".join(r["t"] for r in rows)


login = submit_login


def test_login_cookie_reload_and_logout_replay(server, chromium) -> None:
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, server.url, "edu", "edu-demo")
    page.get_by_role("button", name="退出登录").wait_for()
    for label in ("参加人员", "活动管理", "意见台账"):
        assert page.get_by_text(label, exact=True).first.is_visible()
    # The login cookie is really written by the cookie component (an iframe) ...
    page.wait_for_function("() => document.cookie.includes('gkreg_auth=')", timeout=15_000)
    saved = context.cookies()
    assert any(c["name"] == "gkreg_auth" for c in saved)
    # ... and a reload (a new Streamlit session) keeps the login.
    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name="退出登录").wait_for()
    page.goto(server.url + "/attendees")
    wait_for_app(page)
    assert "此页面仅限工作人员" not in page.inner_text("body")
    # Log out: the cookie goes, the staff navigation goes.
    page.get_by_role("button", name="退出登录").click()
    wait_for_app(page)
    page.get_by_role("button", name="退出登录").wait_for(state="detached")
    page.wait_for_function("() => !document.cookie.includes('gkreg_auth=')", timeout=15_000)
    assert "退出登录" not in page.inner_text("body")
    context.close()
    # The cookie saved while logged in, replayed in a new browser, logs nobody in.
    replay = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    replay.add_cookies(saved)
    page = replay.new_page()
    page.set_default_timeout(20_000)
    od = server.od()
    for path in ("/attendees", "/login", "/manage-events"):
        page.goto(server.url + path)
        wait_for_app(page)
        assert_no_personal_data(page.inner_text("body"), od)
    page.goto(server.url + "/login")
    wait_for_app(page)
    page.get_by_label("用户名").wait_for()
    assert "退出登录" not in page.inner_text("body")
    replay.close()


def test_five_failures_lock_the_account(server, chromium) -> None:
    od = server.od()
    unit = od.units.by_name("示范县教育局")["id"]
    od.users.add("lockme", "lockme-pass-1", "unit_staff", unit_id=unit)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    messages = {}
    for _ in range(5):
        login(page, server.url, "lockme", "wrong-password")
    login(page, server.url, "lockme", "lockme-pass-1")  # the right password: still locked
    messages["lockme"] = page.locator("[data-testid='stAlert']").first.inner_text()
    assert "退出登录" not in page.inner_text("body")
    login(page, server.url, "ghost-user", "lockme-pass-1")  # a name that does not exist
    messages["ghost-user"] = page.locator("[data-testid='stAlert']").first.inner_text()
    assert messages["lockme"] == messages["ghost-user"]
    assert "锁定" in messages["lockme"] and "15分钟" in messages["lockme"]
    locked = od.db.row("SELECT locked_until FROM login_failures WHERE username = 'lockme'")
    assert locked and locked["locked_until"]
    context.close()


def _first_page(chromium, url: str, path: str) -> str:
    browser = chromium
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url + path)
    # The cold first run (imports, opening the database) takes a few seconds: wait for the real app.
    page.get_by_text("语言 / Language").first.wait_for(timeout=60_000)
    wait_for_app(page)
    text = page.inner_text("body")
    context.close()
    return text


def test_first_request_to_a_fresh_server(tmp_path, chromium) -> None:
    """A fresh server runs pages/<name>.py directly for a deep link; that must still be the real app."""
    assert CHROMIUM_ARGS
    staff = start_server(tmp_path / "a")
    try:
        text = _first_page(chromium, staff.url, "/attendees")
        assert_no_personal_data(text, staff.od())
        assert "此页面仅限工作人员" in text or "我要报名" in text or "工作人员登录" in text
    finally:
        staff.process.terminate()
        staff.process.wait(timeout=20)
    public = start_server(tmp_path / "b", demo=False)
    try:
        text = _first_page(chromium, public.url, "/lookup")
        assert "报名编号" in text and "手机号" in text and "查询" in text
        assert "Page not found" not in text and "页面不存在" not in text
    finally:
        public.process.terminate()
        public.process.wait(timeout=20)
