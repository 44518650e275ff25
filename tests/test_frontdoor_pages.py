"""The front door through the pages (AppTest): the picture code from the 4th sign-up of one address,
a spoofed X-Forwarded-For changes nothing, opinions per address, settings on /admin."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_id, page_app, png_header_only

from gkreg import OpenDay, clock


@pytest.fixture
def od(app_env, monkeypatch):
    monkeypatch.delenv("GKREG_TRUSTED_PROXIES", raising=False)
    instance = OpenDay(app_env, secrets_dir=app_env.parent / "secrets")
    unit = instance.units.add("甲县教育局", "department")
    instance.users.add("coord", "coord-pass-1", "coordinator")
    instance.event_id = instance.events.add(
        unit, actor="coord", title="走进机关开放日", approval="auto", starts_at=clock.now() + dt.timedelta(days=10)
    )
    yield instance
    instance.close()


def _labelled(at, kind: str, label: str):
    return [w for w in getattr(at, kind) if w.label == label]


def _sign_up(od, seq: int, code: str | None = None, headers: dict | None = None):
    at = page_app("events")
    at.run()
    [b for b in at.button if b.key == f"pub_signup_btn_{od.event_id}"][0].click()
    at.run()
    _labelled(at, "text_input", "姓名")[0].input("王小明")
    _labelled(at, "text_input", "手机号")[0].input(f"139{seq:08d}")
    _labelled(at, "text_input", "身份证号")[0].input(make_id(seq))
    _labelled(at, "checkbox", "我已阅读并同意《个人信息处理告知》")[0].check()
    shown = bool(_labelled(at, "text_input", "验证码"))
    if shown and code is not None:
        expected = at.session_state[f"fd_captcha_signup_{od.event_id}"]
        _labelled(at, "text_input", "验证码")[0].input(expected if code == "right" else "WRONG")
    _labelled(at, "button", "提交报名")[0].click()
    at.run()
    return at, shown


def _count(od) -> int:
    return od.db.scalar("SELECT count(*) FROM registrations")


def test_fourth_signup_from_one_address_needs_the_picture_code(od) -> None:
    for seq in (1, 2, 3):
        at, shown = _sign_up(od, seq)
        assert not shown and not at.exception
    assert _count(od) == 3
    at, shown = _sign_up(od, 4, code="wrong")
    assert shown, "the 4th sign-up form must ask for 验证码"
    assert any("验证码不正确" in e.value for e in at.error)
    assert _count(od) == 3
    assert _labelled(at, "text_input", "验证码"), "a new picture after a wrong code"
    at, shown = _sign_up(od, 5, code="right")
    assert shown and _count(od) == 4
    assert any("报名" in t.value for t in at.title)


def test_opinions_per_address_are_limited(od) -> None:
    od.settings.set("opinions_hourly_max", 2, "coord")
    for n in range(3):
        at = page_app("feedback").run()
        at.selectbox(key="fb_unit").set_value(od.db.scalar("SELECT id FROM units")).run()
        at.text_area(key="fb_content").input(f"第{n}条意见：道路照明需要改善")
        [b for b in at.button if b.label == "提交意见"][0].click()
        at.run()
    assert od.db.scalar("SELECT count(*) FROM opinions") == 2
    assert any("分钟后再提交" in e.value for e in at.error)


def test_limit_settings_on_admin(od) -> None:
    at = page_app("admin", "coord").run()
    field = [n for n in at.number_input if n.label == "同一网络地址每小时最多报名次数"]
    assert field and field[0].value == 20


def test_one_bad_stored_photo_does_not_stop_the_reports_page(od) -> None:
    unit = od.db.scalar("SELECT id FROM units")
    od.users.add("clerk", "clerk-pass-1", "unit_staff", unit_id=unit)
    titles = []
    for n in range(2):
        event = od.events.add(unit, actor="coord", title=f"第{n}场开放日", starts_at=clock.now() + dt.timedelta(days=3))
        with od.db.transaction("test", "test.held") as tx:
            tx.execute(
                "UPDATE events SET status = 'held', starts_at = ? WHERE id = ?",
                (clock.to_iso(clock.now() - dt.timedelta(days=n + 1)), event),
            )
        od.reports.save(event, "clerk", f"第{n}场的报道")
        od.reports.publish(event, "clerk")
        titles.append(f"第{n}场开放日")
        if n == 0:  # stored before photos were checked: a pixel bomb
            with od.db.transaction("test", "test.poison") as tx:
                tx.execute(
                    "INSERT INTO event_report_photos (event_id, filename, mime, size, data, created_at)"
                    " VALUES (?, 'bomb.png', 'image/png', 100, ?, ?)",
                    (event, png_header_only(30000, 30000, data=100), clock.to_iso(clock.now())),
                )
    at = page_app("reports").run()
    assert not at.exception
    shown = "\n".join(str(s.value) for s in at.subheader) + "\n".join(str(m.value) for m in at.markdown)
    assert all(title in shown for title in titles)
    assert any("无法显示" in c.value for c in at.caption)
