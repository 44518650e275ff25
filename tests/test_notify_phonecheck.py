"""The phone check at sign-up (短信验证码): codes by SMS through the outbox, limits, tries, expiry, hashing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import World, make_id
from test_notify import Gateway, send_once

from gkreg import clock
from gkreg.errors import PermissionDenied, ValidationError

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _clock_back():
    yield
    clock.shift(dt.timedelta(0))


@pytest.fixture
def gateway(monkeypatch: pytest.MonkeyPatch):
    gw = Gateway()
    monkeypatch.setenv("GKREG_SMS_URL", gw.url)
    monkeypatch.setenv("GKREG_SMS_TOKEN", "t")
    yield gw
    gw.close()


def code_sent(od, gateway: Gateway) -> str:
    send_once(od)
    return re.search(r"验证码为(\d{6})", gateway.delivered[-1]["text"]).group(1)


def signup(od, event, code, seq=1, phone=PHONE):
    return od.notify.phone_check.register(event, code=code, client="10.0.0.1", name="张三", phone=phone, id_number=make_id(seq))


def test_required_only_with_a_gateway_and_the_events_setting(world: World, monkeypatch):
    od = world.od
    event = world.event()
    check = od.notify.phone_check
    assert check.required(event) is False
    check.set_required(event, True, world.staff_a)
    monkeypatch.delenv("GKREG_SMS_URL", raising=False)
    assert check.required(event) is False  # no gateway: never lock citizens out
    monkeypatch.setenv("GKREG_SMS_URL", "http://127.0.0.1:9/sms")
    assert check.required(event) is True
    with pytest.raises(PermissionDenied):
        check.set_required(world.event(unit=world.unit_b), True, world.staff_a)


def test_code_by_sms_then_sign_up(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="auto")
    od.notify.phone_check.set_required(event, True, world.staff_a)
    with pytest.raises(ValidationError, match="尚未获取"):
        signup(od, event, "123456")
    od.notify.phone_check.send_code(event, PHONE, "10.0.0.1")
    code = code_sent(od, gateway)
    assert gateway.delivered[-1]["phone"] == PHONE and len(gateway.delivered[-1]["text"]) <= 134
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ValidationError, match="还可以再试4次") as caught:
        signup(od, event, wrong)
    assert caught.value.field == "phone_code"
    with pytest.raises(ValidationError):  # a bad ID number does not use up the code
        od.notify.phone_check.register(event, code=code, name="张三", phone=PHONE, id_number="123")
    reg = signup(od, event, code)
    assert reg.status == "confirmed"
    with pytest.raises(ValidationError):  # used once
        signup(od, event, code, seq=2)
    stored = od.db.rows("SELECT * FROM phone_codes")
    assert all(code not in str(r) and PHONE not in str(r) for r in stored)


def test_five_wrong_tries_and_expiry(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="auto")
    od.notify.phone_check.set_required(event, True, world.staff_a)
    od.notify.phone_check.send_code(event, PHONE, "10.0.0.1")
    code = code_sent(od, gateway)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ValidationError):
            signup(od, event, wrong)
    with pytest.raises(ValidationError, match="次数过多"):
        signup(od, event, code)
    clock.shift(dt.timedelta(minutes=2))
    od.notify.phone_check.send_code(event, PHONE, "10.0.0.1")
    code = code_sent(od, gateway)
    clock.shift(dt.timedelta(minutes=7, seconds=30))
    with pytest.raises(ValidationError, match="过期"):
        signup(od, event, code)


def test_one_code_a_minute_and_five_an_hour_per_phone_and_per_client(world: World, gateway: Gateway):
    check = world.od.notify.phone_check
    event = world.event()
    check.send_code(event, PHONE, "10.0.0.1")
    with pytest.raises(ValidationError, match="1分钟"):
        check.send_code(event, PHONE, "10.0.0.2")  # same phone, other address
    with pytest.raises(ValidationError, match="1分钟"):
        check.send_code(event, "13900000002", "10.0.0.1")  # same address, other phone
    for minute in range(1, 5):
        clock.shift(dt.timedelta(seconds=65 * minute))
        check.send_code(event, PHONE, "10.0.0.1")
    clock.shift(dt.timedelta(minutes=6))
    with pytest.raises(ValidationError, match="1小时"):
        check.send_code(event, PHONE, "10.0.0.3")
    with pytest.raises(ValidationError, match="1小时"):
        check.send_code(event, "13900000003", "10.0.0.1")
    check.send_code(event, "13900000004", "10.0.0.4")
    clock.shift(dt.timedelta(minutes=66))
    check.send_code(event, PHONE, "10.0.0.1")
