"""The citizen pages in real Chromium at 390 px (one live server for the module)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import make_id, wait_for_app

from gkreg import clock

pytestmark = pytest.mark.browser
PHONE = "13912340000"


def _event(server, **kw) -> int:
    od = server.od()
    try:
        unit = od.units.by_name("示范县教育局")["id"]
        kw.setdefault("starts_at", clock.now() + dt.timedelta(days=12))
        return od.events.add(unit, actor="coordinator", **kw)
    finally:
        od.close()


def _registrations(server, event_id: int) -> list[dict]:
    od = server.od()
    try:
        return od.db.rows("SELECT code, status, phone FROM registrations WHERE event_id = ?", (event_id,))
    finally:
        od.close()


def _no_horizontal_scroll(page) -> None:
    widths = page.evaluate("""() => [...document.querySelectorAll('*')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden'
                     && e.clientWidth > 0 && getComputedStyle(e).overflowX !== 'clip'
                     && !e.closest('[data-testid="stSidebar"]'))
        .map(e => (e.getAttribute('data-testid') || e.tagName) + ':' + e.scrollWidth + '>' + e.clientWidth)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not [w for w in widths if not w.startswith("TEXTAREA")], widths


def _fill(page, id_number: str) -> None:
    page.get_by_label("姓名", exact=True).fill("王小明")
    page.get_by_label("手机号", exact=True).fill(PHONE)
    page.get_by_label("身份证号", exact=True).fill(id_number)


def test_sign_up_look_up_and_cancel_on_a_phone(server, phone):
    event_id = _event(server, title="浏览器测试：走进教育局", location="教育局一楼会议室", approval="auto")
    phone.goto(server.url + "/")
    wait_for_app(phone)
    _no_horizontal_scroll(phone)
    phone.get_by_text("浏览器测试：走进教育局").first.wait_for()
    phone.locator(f".st-key-pub_signup_btn_{event_id} button").click()
    wait_for_app(phone)
    _no_horizontal_scroll(phone)
    box = phone.get_by_role("button", name="提交报名").bounding_box()
    assert box["height"] >= 36 and box["width"] >= 300  # a big touch target

    # A bad ID number: a message next to the form, nothing stored.
    _fill(phone, "110101199001011234")
    phone.get_by_text("我已阅读并同意《个人信息处理告知》").click()
    phone.get_by_role("button", name="提交报名").click()
    wait_for_app(phone)
    phone.get_by_text("身份证号校验位不正确").first.wait_for()
    assert _registrations(server, event_id) == []

    # Corrected, then a double click on submit: exactly one registration.
    phone.get_by_label("身份证号", exact=True).fill(make_id(771))
    # Two clicks: the second lands while the first is being handled (a double tap on a slow phone).
    phone.get_by_role("button", name="提交报名").evaluate(
        "b => { b.click(); setTimeout(() => b.click(), 60); setTimeout(() => b.isConnected && b.click(), 200); }"
    )
    wait_for_app(phone)
    phone.get_by_text("报名编号", exact=True).wait_for()
    phone.wait_for_timeout(1500)
    wait_for_app(phone)
    regs = _registrations(server, event_id)
    assert len(regs) == 1 and regs[0]["status"] == "confirmed"
    code = regs[0]["code"]
    phone.get_by_text(code, exact=True).wait_for()
    phone.get_by_text("已确认").first.wait_for()
    assert not phone.get_by_text("已报名本场活动").count()
    _no_horizontal_scroll(phone)

    # Look it up and cancel it.
    phone.goto(server.url + "/lookup")
    wait_for_app(phone)
    phone.get_by_label("报名编号", exact=True).fill(code.lower())
    phone.get_by_label("手机号", exact=True).fill(PHONE)
    phone.get_by_role("button", name="查询").click()
    wait_for_app(phone)
    phone.get_by_text("浏览器测试：走进教育局").first.wait_for()
    phone.get_by_text("已确认").first.wait_for()
    _no_horizontal_scroll(phone)
    phone.get_by_role("button", name="取消报名").click()
    wait_for_app(phone)
    phone.get_by_role("button", name="确认取消报名").click()
    phone.get_by_text(re.compile("已取消报名")).first.wait_for()
    assert _registrations(server, event_id)[0]["status"] == "cancelled"


def test_full_event_offers_waitlist_and_closed_event_has_no_form(server, phone):
    full = _event(server, title="浏览器测试：满员活动", capacity=1, approval="auto")
    od = server.od()
    try:
        od.registrations.register(full, name="李四", phone="13900000001", id_number=make_id(772))
    finally:
        od.close()
    phone.goto(f"{server.url}/?event={full}")
    wait_for_app(phone)
    phone.get_by_text("已满，可登记候补").wait_for()
    phone.get_by_role("button", name="我要报名").click()
    wait_for_app(phone)
    _fill(phone, make_id(773))
    phone.get_by_text("我已阅读并同意《个人信息处理告知》").click()
    phone.get_by_role("button", name="提交报名").click()
    phone.get_by_text("候补（第 1 位）").first.wait_for()
    assert sorted(r["status"] for r in _registrations(server, full)) == ["confirmed", "waitlisted"]

    closed = _event(server, title="浏览器测试：已截止活动", registration_closes=clock.now() - dt.timedelta(hours=2))
    phone.goto(f"{server.url}/?event={closed}")
    wait_for_app(phone)
    phone.get_by_text("浏览器测试：已截止活动").first.wait_for()
    phone.get_by_text("报名已截止").first.wait_for()
    assert phone.get_by_role("button", name="我要报名").count() == 0
    assert phone.get_by_role("button", name="提交报名").count() == 0
    phone.goto(f"{server.url}/?event=987654")
    wait_for_app(phone)
    phone.get_by_text("没有找到这场活动").wait_for()
