"""Every bad input is refused with a Chinese sentence, and nothing is written (no row, no audit entry)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import make_id
from stdnum.cn import ric

from gkreg import clock
from gkreg.errors import DuplicateRegistration, GkregError, RegistrationClosed, ValidationError
from gkreg.validation import clean_id_number, clean_name, clean_phone

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL

TABLES = ("registrations", "events", "units", "users", "audit_log")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def counts(od) -> dict[str, int]:
    return {t: od.db.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def refused(od, call, error=ValidationError, field: str | None = None) -> GkregError:
    """Run ``call``, expect ``error`` with a Chinese message, and check that nothing was written."""
    before = counts(od)
    with pytest.raises(error) as info:
        call()
    assert CHINESE.search(str(info.value)), str(info.value)
    if field is not None:
        assert info.value.field == field
    assert counts(od) == before
    return info.value


def with_check(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


# ---- ID numbers -------------------------------------------------------------------------------

GOOD_ID = make_id(7)


@pytest.mark.parametrize(
    "number, why",
    [
        (GOOD_ID[:-1], "17 characters"),
        (GOOD_ID + "1", "19 characters"),
        ("", "empty"),
        (GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1"), "wrong check digit"),
        ("37132319850615A07X", "a letter inside"),
        (with_check("37132320991231123"), "birth date in the future"),
        (with_check("37132319850230123"), "30 February"),
        (with_check("37132319851301123"), "month 13"),
        (with_check("99999919850615123"), "unknown region"),
        (with_check("11019919850615123"), "unknown county code"),
    ],
)
def test_bad_id_numbers_are_refused(world, number: str, why: str) -> None:
    event = world.event(approval="auto")
    refused(world.od, lambda: world.signup(event, 1, id_number=number), field="id_number")


def test_future_birth_date_is_tomorrow_relative() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        clean_id_number(with_check(f"371323{tomorrow:%Y%m%d}123"))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert clean_id_number(with_check(f"371323{yesterday:%Y%m%d}123"))


def test_retired_region_code_is_accepted(world) -> None:
    """A number keeps the region code it was issued under: 110103 (崇文区, merged away in 2010) with a
    later birth year is refused by python-stdnum's validate() but must be accepted by gkreg."""
    number = make_id(3, region="110103", birth="20150301")
    with pytest.raises(Exception):  # noqa: B017 - documents why clean_id_number does not call ric.validate
        ric.validate(number)
    assert clean_id_number(number) == number
    older = make_id(4, region="110110", birth="19900101")  # 燕山区, code retired in 1986
    assert clean_id_number(older) == older
    event = world.event(approval="auto")
    reg = world.signup(event, 3, id_number=number)
    assert reg.status == "confirmed" and reg.id_number_masked == "110***********" + number[-4:]


def test_lower_case_x_and_spaces(world) -> None:
    body = "37132319850615123"
    number = with_check(body)
    while not number.endswith("X"):  # find a number whose check digit is X
        body = str(int(body) + 1)
        number = with_check(body)
    spaced = f" {number[:6]} {number[6:14]} {number[14:].lower()} "
    assert clean_id_number(spaced) == number
    event = world.event(approval="auto")
    reg = world.signup(event, 1, id_number=spaced)
    assert reg.id_number_masked == number[:3] + "*" * 11 + number[-4:]
    assert reg.id_number_masked.endswith("X")
    # The same person typed differently is still the same person.
    refused(world.od, lambda: world.signup(event, 2, id_number=number), DuplicateRegistration)


# ---- phones and names -------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["12800138000", "1380013800", "138001380001", "010-12345678", "abcdefghijk", ""])
def test_bad_phones(world, phone: str) -> None:
    event = world.event(approval="auto")
    refused(world.od, lambda: world.signup(event, 1, phone=phone), field="phone")


@pytest.mark.parametrize(
    "phone, clean", [("13800138000", "13800138000"), ("+86 138 0013 8000", "13800138000"), ("199-1234-5678", "19912345678")]
)
def test_good_phones(phone: str, clean: str) -> None:
    assert clean_phone(phone) == clean


def test_invitation_phone_optional_but_checked(world) -> None:
    event = world.event()
    reg = world.od.registrations.register(event, name="王五", phone="", category="media", invited_by="clerk_a")
    assert reg.phone == "" and reg.status == "confirmed"
    refused(
        world.od,
        lambda: world.od.registrations.register(event, name="王五", phone="12345", category="media", invited_by="clerk_a"),
        field="phone",
    )


@pytest.mark.parametrize("name", ["", "   ", "张3", "张三!", "<script>", "a" * 31, "张" * 31, "王_五", "李四@"])
def test_bad_names(world, name: str) -> None:
    event = world.event(approval="auto")
    refused(world.od, lambda: world.signup(event, 1, name=name), field="name")


@pytest.mark.parametrize("name", ["张三", "欧阳娜娜", "Anna Smith", "阿卜杜·热合曼", "张" * 30, "a" * 30, "Li  Lei"])
def test_good_names(world, name: str) -> None:
    assert clean_name(name)
    event = world.event(approval="auto")
    assert world.signup(event, 1, name=name).name == " ".join(name.split())


# ---- text limits ------------------------------------------------------------------------------


@pytest.mark.parametrize("field, size", [("note", 501), ("organization", 101), ("topic", 501)])
def test_registration_text_limits(world, field: str, size: int) -> None:
    event = world.event(approval="auto")
    refused(world.od, lambda: world.signup(event, 1, **{field: "字" * size}), field=field)
    assert world.signup(event, 2, **{field: "字" * (size - 1)}).status == "confirmed"


def test_reject_needs_a_reason_within_limit(world) -> None:
    event = world.event()
    reg = world.signup(event, 1)
    refused(world.od, lambda: world.od.registrations.reject(reg.id, "clerk_a", "  "), field="reason")
    refused(world.od, lambda: world.od.registrations.reject(reg.id, "clerk_a", "理" * 501), field="reason")
    assert world.od.registrations.get(reg.id).status == "pending"


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": 31}, "capacity"),
        ({"capacity": "三十"}, "capacity"),
        ({"title": ""}, "title"),
        ({"title": "题" * 101}, "title"),
        ({"location": "地" * 201}, "location"),
        ({"description": "介" * 5001}, "description"),
        ({"approval": "lottery"}, "approval"),
        ({"form": "聚餐"}, "form"),
    ],
)
def test_event_fields(world, kw: dict, field: str) -> None:
    refused(world.od, lambda: world.event(**kw), field=field)


def test_event_capacity_bounds_accepted(world) -> None:
    for capacity in (1, 30):
        assert world.od.events.get(world.event(capacity=capacity)).capacity == capacity


# ---- consent, window, duplicates ---------------------------------------------------------------


def test_public_signup_needs_consent(world) -> None:
    event = world.event(approval="auto")
    refused(world.od, lambda: world.signup(event, 1, consent=False), field="consent")


def test_public_signup_is_citizens_only(world) -> None:
    event = world.event(approval="auto")
    refused(world.od, lambda: world.signup(event, 1, category="media"), field="category")
    refused(world.od, lambda: world.signup(event, 1, category="emperor"), field="category")
    refused(world.od, lambda: world.signup(event, 1, id_number=None), field="id_number")


def test_signup_window(world) -> None:
    now = clock.now()
    not_yet = world.event(registration_opens=now + dt.timedelta(days=1), registration_closes=now + dt.timedelta(days=5))
    err = refused(world.od, lambda: world.signup(not_yet, 1), RegistrationClosed)
    assert "尚未开始" in str(err)
    closed = world.event(registration_opens=now - dt.timedelta(days=5), registration_closes=now - dt.timedelta(hours=1))
    err = refused(world.od, lambda: world.signup(closed, 1), RegistrationClosed)
    assert "截止" in str(err)
    started = world.event(days=-1)  # no closing time: sign-up ends when the event starts
    refused(world.od, lambda: world.signup(started, 1), RegistrationClosed)
    draft = world.event(status="draft")
    refused(world.od, lambda: world.signup(draft, 1), RegistrationClosed)
    now_open = world.event(registration_opens=now - dt.timedelta(days=1), registration_closes=now + dt.timedelta(days=1))
    assert world.signup(now_open, 1).status == "pending"


def test_duplicate_id_per_event_and_again_after_cancel(world) -> None:
    od = world.od
    event = world.event(approval="auto")
    first = world.signup(event, 1)
    refused(od, lambda: world.signup(event, 1, name="张三丰", phone="13700000000"), DuplicateRegistration)
    # Another event: fine.
    assert world.signup(world.event(approval="auto"), 1).status == "confirmed"
    od.registrations.cancel_by_code(first.code, first.phone)
    again = world.signup(event, 1)
    assert again.status == "confirmed" and again.code != first.code
    # A waitlisted or pending registration is live too.
    small = world.event(capacity=1, approval="auto")
    world.signup(small, 10)
    assert world.signup(small, 11).status == "waitlisted"
    refused(od, lambda: world.signup(small, 11), DuplicateRegistration)
    review = world.event()
    world.signup(review, 12)
    refused(od, lambda: world.signup(review, 12), DuplicateRegistration)
    # Rejected is no longer live: the person may apply again.
    pending = od.registrations.for_event(review, "clerk_a")[0]
    od.registrations.reject(pending.id, "clerk_a", "请补充材料")
    assert world.signup(review, 12).status == "pending"


def test_user_and_unit_validation(od) -> None:
    refused(od, lambda: od.users.add("x", "long-enough-pw", "coordinator"), field="username")
    refused(od, lambda: od.users.add("someone", "short", "coordinator"), field="password")
    refused(od, lambda: od.users.add("someone", " long-enough-pw ", "coordinator"), field="password")
    refused(od, lambda: od.users.add("someone", "long-enough-pw", "king"), field="role")
    refused(od, lambda: od.users.add("someone", "long-enough-pw", "unit_staff"), field="unit_id")
    refused(od, lambda: od.units.add("", "department"))
    refused(od, lambda: od.units.add("某单位", "palace"))
    od.units.add("某单位", "department")
    refused(od, lambda: od.units.add("某单位", "department"))
