"""Login: the lockout counted in the database, logout revocation, and the login page (AppTest)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from conftest import page_app

from gkreg import OpenDay, clock
from gkreg.users import LOCK_MINUTES, MAX_FAILURES

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def test_lockout_after_five_failures_for_fifteen_minutes(world, restore_clock) -> None:
    users = world.od.users
    for _ in range(MAX_FAILURES - 1):
        assert not users.verify_password("clerk_a", "wrong-password")
    assert users.verify_password("clerk_a", "clerk-a-pass")  # a success resets the count
    for _ in range(MAX_FAILURES):
        assert not users.verify_password("clerk_a", "wrong-password")
    row = world.od.db.row("SELECT locked_until FROM login_failures WHERE username = 'clerk_a'")
    until = clock.parse(row["locked_until"])
    assert dt.timedelta(minutes=LOCK_MINUTES - 1) < until - clock.now() <= dt.timedelta(minutes=LOCK_MINUTES)
    assert not users.verify_password("clerk_a", "clerk-a-pass")  # locked: even the right password fails
    clock.shift(dt.timedelta(minutes=LOCK_MINUTES - 1))
    assert not users.verify_password("clerk_a", "clerk-a-pass")
    clock.shift(dt.timedelta(minutes=LOCK_MINUTES, seconds=5))
    assert users.verify_password("clerk_a", "clerk-a-pass")
    # Unknown names are counted and locked the same way (the answer never says whether a name exists).
    for _ in range(MAX_FAILURES):
        assert not users.verify_password("nobody", "whatever-pw")
    assert world.od.db.scalar("SELECT locked_until FROM login_failures WHERE username = 'nobody'")
    actions = {r["action"] for r in world.od.db.rows("SELECT action FROM audit_log WHERE action LIKE 'login.%'")}
    assert {"login.failure", "login.success", "login.refused_locked"} <= actions


def test_logout_revokes_earlier_logins(world) -> None:
    users = world.od.users
    issued = time.time() - 1
    assert users.session_valid("clerk_a", issued)
    users.record_logout("clerk_a")
    assert not users.session_valid("clerk_a", issued)
    assert users.session_valid("clerk_a", time.time() + 1)
    users.set_active("clerk_b", False, "coord")
    assert not users.session_valid("clerk_b", time.time() + 1)
    assert not users.session_valid("ghost", time.time())


def _seed(app_env) -> OpenDay:
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit = od.units.add("测试教育局")
    od.users.add("Clerk.Wang", "wang-pass-1", "unit_staff", unit_id=unit, display_name="王科员")
    return od


def _login(at, username: str, password: str):
    inputs = {ti.label: ti for ti in at.text_input}
    inputs["用户名"].input(username)
    inputs["密码"].input(password)
    next(b for b in at.button if b.label == "登录").click()
    return at.run()


def test_login_page_labels_and_login(app_env) -> None:
    od = _seed(app_env)
    at = page_app("login").run()
    assert not at.exception
    assert [ti.label for ti in at.text_input] == ["用户名", "密码"]
    assert any(b.label == "登录" for b in at.button)
    assert not [e for e in at.expander if "演示账号" in e.label]  # no demo accounts outside demo mode
    # Wrong password, then the right one typed with other capitals (the authenticator lower-cases it).
    at = _login(at, "clerk.wang", "nope-nope-1")
    assert any("用户名或密码不正确" in e.value for e in at.error)
    at = _login(at, "clerk.wang", "wang-pass-1")
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert at.session_state["username"] == "Clerk.Wang"
    assert at.session_state["gkreg_cookie"][0] == "set"
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'login.success'") == 1


def test_login_page_draws_no_component_until_a_cookie_must_be_written(app_env) -> None:
    # streamlit-authenticator's own cookie manager drew a "read all cookies" iframe whose answer reran the
    # page at a random moment, sometimes between typing and pressing 登录; only sync_cookie may draw one.
    _seed(app_env)
    at = page_app("login").run()
    assert not at.exception
    assert not at.get("component_instance")
    at = _login(at, "clerk.wang", "wang-pass-1")
    assert at.session_state["authentication_status"] is True
    assert at.session_state["gkreg_cookie"][0] == "set"  # written by sync_cookie on the frame's next run


def test_lockout_message_is_the_same_for_unknown_users(app_env) -> None:
    _seed(app_env)
    messages = {}
    for name in ("clerk.wang", "no-such-user"):
        at = page_app("login").run()
        for _ in range(MAX_FAILURES):
            at = _login(at, name, "bad-password-1")
        at = _login(at, name, "wang-pass-1")  # the right password of clerk.wang, now locked
        assert not at.session_state["authentication_status"]
        messages[name] = [e.value for e in at.error]
    assert messages["clerk.wang"] == messages["no-such-user"]
    assert "锁定" in messages["clerk.wang"][0] and "15分钟" in messages["clerk.wang"][0]


def test_demo_accounts_listed_only_in_demo_mode(app_env, monkeypatch) -> None:
    _seed(app_env)
    monkeypatch.setenv("GKREG_DEMO", "1")
    at = page_app("login").run()
    assert any("演示账号" in e.label for e in at.expander)
    assert "edu-demo" in " ".join(m.value for m in at.markdown)


def test_staff_page_without_login_shows_nothing(app_env) -> None:
    _seed(app_env)
    at = page_app("attendees").run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["此页面仅限工作人员，请先登录。"]
    assert not at.title
