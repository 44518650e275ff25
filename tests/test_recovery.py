"""A lost registration code comes back with the phone and the ID number's last six characters."""

from __future__ import annotations

import pytest
from conftest import make_id

from gkreg.errors import ValidationError
from gkreg.recovery import recover_codes

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def test_phone_and_id_tail_show_only_that_persons_codes(world):
    a, b = world.event(title="甲场"), world.event(title="乙场")
    mine = [
        world.signup(a, 1, phone="13911112222", id_number=make_id(41)),
        world.signup(b, 2, phone="13911112222", id_number=make_id(41)),
    ]
    other = world.signup(a, 3, phone="13911112222", id_number=make_id(42))  # same phone, another person
    world.signup(b, 4, phone="13933334444", id_number=make_id(43))
    found = recover_codes(world.od, "139 1111 2222", make_id(41)[-6:].lower())
    assert sorted(f.code for f in found) == sorted(r.code for r in mine)
    assert other.code not in {f.code for f in found}
    assert {f.title for f in found} == {"甲场", "乙场"}
    # A wrong tail or a wrong phone finds nothing (the same empty answer).
    assert recover_codes(world.od, "13911112222", "000000") == []
    assert recover_codes(world.od, "13955556666", make_id(41)[-6:]) == []


@pytest.mark.parametrize(
    ("phone", "tail", "field"),
    [("123", "123456", "phone"), ("13911112222", "12345", "id_tail"), ("13911112222", "12345Y", "id_tail")],
)
def test_bad_input_names_its_field(world, phone, tail, field):
    with pytest.raises(ValidationError) as err:
        recover_codes(world.od, phone, tail)
    assert err.value.field == field
