"""AppTest of where notices show: /admin (outbox, send again, texts, staff e-mail), /attendees, /dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_id, page_app

from gkreg import OpenDay, clock


@pytest.fixture
def seeded(app_env, monkeypatch):
    for name in ("GKREG_SMS_URL", "GKREG_SMS_TOKEN", "GKREG_SMTP_URL"):
        monkeypatch.delenv(name, raising=False)
    od = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit = od.units.add("甲县教育局", "department")
    od.users.add("coord", "coord-pass-1", "coordinator", display_name="政务公开办")
    od.users.add("clerk_a", "clerk-a-pass", "unit_staff", unit_id=unit)
    event = od.events.add(
        unit, title="走进教育局", starts_at=clock.now() + dt.timedelta(days=5), actor="coord", approval="review", capacity=12
    )
    regs = [od.registrations.register(event, name="张三", phone=f"1390000000{n}", id_number=make_id(n)) for n in (1, 2)]
    od.registrations.approve(regs[0].id, "clerk_a")
    yield {"od": od, "event": event, "regs": regs}
    od.close()


def _frames(at) -> str:
    return "\n".join(df.value.to_string() for df in at.dataframe)


def test_admin_outbox_says_why_nothing_was_sent_and_sends_again(seeded):
    od = seeded["od"]
    at = page_app("admin", username="coord").run()
    assert not at.exception
    frames = _frames(at)
    assert "未发送：未配置短信网关" in frames and "139****0001" in frames and "13900000001" not in frames
    assert any("未配置短信网关" in i.value for i in at.info)
    # a given-up notice is listed first and can be sent again (audited)
    given_up = od.db.scalar("SELECT min(id) FROM outbox")
    od.db.connection().execute(
        "UPDATE outbox SET status = 'given_up', attempts = 5, last_error = 'HTTP 500' WHERE id = ?", (given_up,)
    )
    at = page_app("admin", username="coord").run()
    outbox = [d.value for d in at.dataframe if "尝试次数" in d.value.columns][0]
    assert outbox.iloc[0]["状态"] == "已放弃"
    [b for b in at.button if b.label == "重新发送"][0].click().run()
    assert od.db.scalar("SELECT status FROM outbox WHERE id = ?", (given_up,)) == "queued"
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'notify.resend'") == 1


def test_admin_template_preview_switch_and_staff_email(seeded):
    od = seeded["od"]
    at = page_app("admin", username="coord").run()
    at.selectbox(key="nt_tpl_kind").set_value("approved").run()
    assert any("【甲县政务公开】" in t.value and "审核通过" in t.value for t in at.text)
    at.text_area(key="nt_tpl_text_approved").set_value("审核通过：{title}，编号{code}，{bogus}").run()
    assert any("不认识的占位符" in e.value for e in at.error)
    at.text_area(key="nt_tpl_text_approved").set_value("审核通过：{title}，编号{code}。").run()
    assert any(t.value.startswith("【甲县政务公开】审核通过：走进教育局") for t in at.text)
    at.toggle(key="nt_tpl_on_approved").set_value(False).run()
    [b for b in at.button if b.label == "保存模板"][0].click().run()
    assert od.notify.settings.template("approved") == "审核通过：{title}，编号{code}。"
    assert od.notify.settings.enabled("approved") is False
    # the picked account's e-mail
    at = page_app("admin", username="coord").run()
    at.selectbox(key="admin_pick_user").set_value("clerk_a").run()
    [t for t in at.text_input if t.label == "电子邮箱"][0].set_value("not-an-address")
    [b for b in at.button if b.label == "保存邮箱"][0].click().run()
    assert any("电子邮箱格式不正确" in e.value for e in at.error)
    [t for t in at.text_input if t.label == "电子邮箱"][0].set_value("clerk@example.gov.cn")
    [b for b in at.button if b.label == "保存邮箱"][0].click().run()
    assert od.notify.staff_emails()["clerk_a"] == "clerk@example.gov.cn"


def test_attendee_list_shows_each_persons_last_notice(seeded):
    at = page_app("attendees", "clerk_a", query={"event": str(seeded["event"])}).run()
    at.radio(key="att_section").set_value("list").run()
    assert not at.exception
    table = [d.value for d in [*at.dataframe, *at.table] if "最近通知" in d.value.columns][0]
    notices = dict(zip(table["报名编号"], table["最近通知"], strict=True))
    first, second = seeded["regs"]
    assert notices[first.code].startswith("审核通过·未发送：未配置短信网关")
    assert notices[second.code].startswith("报名已收到·未发送")


def test_dashboard_counts_notices_sent_and_failed_today(seeded):
    od = seeded["od"]
    stamp = clock.to_iso(clock.now())
    ids = [r["id"] for r in od.db.rows("SELECT id FROM outbox ORDER BY id")]
    con = od.db.connection()
    con.execute("UPDATE outbox SET status = 'sent', sent_at = ?, tried_at = ? WHERE id = ?", (stamp, stamp, ids[0]))
    con.execute("UPDATE outbox SET status = 'failed', tried_at = ? WHERE id = ?", (stamp, ids[1]))
    at = page_app("dashboard", username="coord").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["今日已发通知"] == "1" and metrics["通知失败"] == "1"


def test_notice_pages_in_english(seeded):
    at = page_app("admin", username="coord", lang="en").run()
    assert not at.exception
    assert "Not sent: no SMS gateway configured" in _frames(at)
    # the gateway's refusal, stored in Chinese on the notice, reads in the page's language
    od = seeded["od"]
    od.db.connection().execute(
        "UPDATE outbox SET status = 'failed', attempts = 1, last_error = '短信网关返回 HTTP 503' WHERE id = ?",
        (od.db.scalar("SELECT min(id) FROM outbox"),),
    )
    at = page_app("admin", username="coord", lang="en").run()
    assert "The SMS gateway answered HTTP 503" in _frames(at) and "短信网关" not in _frames(at)


def test_public_signup_with_phone_check(seeded, monkeypatch):
    import re

    from test_notify import Gateway, send_once

    gateway = Gateway()
    monkeypatch.setenv("GKREG_SMS_URL", gateway.url)
    monkeypatch.setenv("GKREG_SMS_TOKEN", "t")
    try:
        od = seeded["od"]
        event = seeded["event"]
        od.notify.phone_check.set_required(event, True, "clerk_a")
        at = page_app("events").run()
        [b for b in at.button if b.key == f"pub_signup_btn_{event}"][0].click()
        at = at.run()
        assert any("短信验证码" in t.label for t in at.text_input)
        [t for t in at.text_input if t.label == "手机号"][0].input("13912345678")
        [b for b in at.button if b.label == "获取验证码"][0].click()
        at = at.run()
        assert any("验证码已发送到 139****5678" in s.value for s in at.success)
        send_once(od)
        code = re.search(r"验证码为(\d{6})", gateway.delivered[-1]["text"]).group(1)
        [t for t in at.text_input if t.label == "姓名"][0].input("王小明")
        [t for t in at.text_input if t.label == "身份证号"][0].input(make_id(7))
        [t for t in at.text_input if t.label == "短信验证码"][0].input("000000" if code != "000000" else "111111")
        [c for c in at.checkbox if c.label.startswith("我已阅读并同意")][0].check()
        [b for b in at.button if b.label == "提交报名"][0].click()
        at = at.run()
        assert any("验证码不正确" in e.value for e in at.error)
        assert not [r for r in od.registrations.list_unchecked(event) if r.phone == "13912345678"]
        [t for t in at.text_input if t.label == "短信验证码"][0].input(code)
        [b for b in at.button if b.label == "提交报名"][0].click()
        at = at.run()
        assert not at.exception
        assert [r.status for r in od.registrations.list_unchecked(event) if r.phone == "13912345678"] == ["pending"]
    finally:
        gateway.close()
