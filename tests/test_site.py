"""The site frame's texts: defaults, coordinator-only edits, checked before anything is written."""

from __future__ import annotations

import pytest

from gkreg.errors import PermissionDenied, ValidationError
from gkreg.site import read_site, update_site

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def test_defaults_then_edits_by_the_coordinator(world):
    db = world.od.db
    assert read_site(db).county == "示范县人民政府"
    site = update_site(db, world.coordinator, county="  乙县人民政府 ", phone="0539-7654321", icp="")
    assert (site.county, site.phone, site.icp) == ("乙县人民政府", "0539-7654321", "")
    assert site.county_for("en") == "Demo County People's Government"
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'site.update'") == 1


def test_unit_staff_may_not_and_bad_input_changes_nothing(world):
    db = world.od.db
    with pytest.raises(PermissionDenied):
        update_site(db, world.staff_a, county="甲县")
    with pytest.raises(ValidationError) as err:
        update_site(db, world.coordinator, county="甲县", phone="call me")
    assert err.value.field == "phone"
    assert read_site(db).county == "示范县人民政府"
