"""Real Chromium: a clerk runs the attendee list of an open day from review to the finalized list."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import login_as, make_id, wait_for_app


def prepare(od):
    """An open 示范县教育局 event (made here, not taken from the demo data) with exactly one pending
    citizen, room for a deputy, and enough citizens."""
    import datetime as dt

    from gkreg import clock

    unit = od.db.scalar("SELECT id FROM units WHERE name = '示范县教育局'")
    event_id = od.events.add(
        unit,
        title="浏览器测试：名单管理",
        starts_at=clock.now() + dt.timedelta(days=9),
        location="县教育局一楼会议室（学府路1号）",
        capacity=12,
        approval="review",
        actor="edu",
    )
    for seq in range(3):
        od.registrations.register(
            event_id, name="测试群众" + "甲乙丙"[seq], phone=f"1390001{seq:04d}", id_number=make_id(400 + seq)
        )
    od.registrations.register(event_id, name="已确认群众", phone="13900019999", id_number=make_id(499), invited_by="edu")
    event = od.events.get(event_id)
    pending = [r for r in od.registrations.for_event(event.id, "edu") if r.status == "pending"]
    for reg in pending[1:]:
        od.registrations.reject(reg.id, "edu", "测试前清理")
    seats = od.events.seats(event.id)
    # after the approval (+1 citizen) and the deputy (+1 other) citizens must stay at least one third
    seq = 500
    while 3 * (seats.confirmed_citizens + 1) < seats.confirmed + 2:
        reg = od.registrations.register(
            event.id, name="补充群众", phone=f"1390000{seq:04d}", id_number=make_id(seq), invited_by="edu"
        )
        assert reg.status == "confirmed"
        seq += 1
        seats = od.events.seats(event.id)
    confirmed = next(r for r in od.registrations.for_event(event.id, "edu") if r.status == "confirmed")
    return event, pending[0], confirmed


def section(page, name):
    page.locator("[data-testid='stRadio']").get_by_text(name, exact=True).click()
    wait_for_app(page)


@pytest.mark.browser
def test_clerk_runs_the_attendee_list(server, desktop):
    od = server.od()
    event, pending, someone = prepare(od)
    page = desktop
    login_as(page, server.url, "edu", "edu-demo")
    page.locator("[data-testid='stSidebarNav']").get_by_text("参加人员").click()
    wait_for_app(page)
    page.get_by_text("选择活动").wait_for()
    label = f"{event.starts_at:%Y-%m-%d} {event.title}"
    page.locator("[data-testid='stSelectbox']").filter(has_text="选择活动").click()
    page.get_by_role("option").filter(has_text=label).first.click()
    wait_for_app(page)

    # approve the pending citizen
    page.get_by_text(pending.name, exact=False).first.wait_for()
    page.get_by_role("button", name="通过", exact=True).first.click()
    page.get_by_text(f"{pending.name}：已确认").wait_for()
    assert od.registrations.get(pending.id).status == "confirmed"

    # invite a deputy
    section(page, "定向邀请")
    form = page.locator("[data-testid='stForm']")
    form.get_by_label("姓名").fill("周代表")
    form.get_by_label("类别").click()
    if not page.locator("[role=listbox]").count():
        form.get_by_label("类别").press("ArrowDown")
    page.get_by_role("option").filter(has_text="人大代表").first.click()
    assert form.get_by_label("类别").input_value() == "人大代表"
    form.get_by_label("手机号").fill("13900001111")
    form.get_by_role("button", name="邀请").click()
    page.get_by_text("已邀请周代表（人大代表）").wait_for()
    assert any(
        r.name == "周代表" and r.category == "npc_deputy" and r.status == "confirmed"
        for r in od.registrations.for_event(event.id, "edu")
    )

    # check someone in by code
    section(page, "现场签到")
    page.get_by_label("搜索姓名、手机尾号或报名编号").fill(someone.code)
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.locator("[data-testid='stCheckbox']").filter(has_text=someone.code).click()
    wait_for_app(page)
    page.wait_for_function("() => document.body.innerText.includes('已签到')")
    assert od.registrations.get(someone.id).checked_in_at is not None

    # export Excel: masked ID numbers
    section(page, "导出")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出Excel").click()
    data = open(info.value.path(), "rb").read()
    sheet = load_workbook(io.BytesIO(data)).active
    # a title block (event, unit, time, export time) stands above the header row
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if "身份证号" in row)
    header, body = rows[at], rows[at + 1 :]
    ids = [row[header.index("身份证号")] for row in body]
    assert [v for v in ids if v] and all("*" in v and len(v) == 18 for v in ids if v)
    assert "周代表" in [row[header.index("姓名")] for row in body]
    wait_for_app(page)
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'registration.export' AND actor = 'edu'") >= 1

    # finalize
    wait_for_app(page)
    section(page, "名单确定")
    page.get_by_text("确认名单无误").click()
    wait_for_app(page)
    page.get_by_role("button", name="名单确定").click()
    page.get_by_text("名单已确定。").wait_for()
    assert od.events.get(event.id).status == "finalized"
    od.close()
