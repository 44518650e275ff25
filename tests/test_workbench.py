"""The staff home's to-dos: counted per unit for unit staff, for every unit for the coordinator."""

from __future__ import annotations

import datetime as dt

import pytest

from gkreg import clock
from gkreg.workbench import list_todos

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def test_pending_signups_are_counted_per_event_and_unit(world):
    a = world.event(title="甲局开放日")
    b = world.event(unit=world.unit_b, title="乙镇开放日")
    for seq in (1, 2):
        world.signup(a, seq)
    world.signup(b, 3)
    mine = list_todos(world.od, world.staff_a)
    assert mine.count("signups") == 2
    [item] = mine.of("signups")
    assert item.title == "甲局开放日" and item.link == f"/attendees?event={a}"
    county = list_todos(world.od, world.coordinator)
    assert county.count("signups") == 3
    by_unit = {r["unit"]: r["signups"] for r in county.by_unit()}
    assert by_unit == {"甲县教育局": 2, "乙镇人民政府": 1}
    assert list_todos(world.od, world.staff_b).count("signups") == 1


def test_opinions_due_soon_or_overdue_and_reports_due(world):
    od = world.od
    event = world.event(days=-3)
    fresh = od.feedback.submit("请增加公交班次", unit_id=world.unit_a)
    late = od.feedback.submit("路灯不亮", unit_id=world.unit_a)
    od.db.connection().execute(
        "UPDATE opinions SET due_on = ? WHERE id = ?", ((clock.now().date() - dt.timedelta(days=2)).isoformat(), late)
    )
    od.db.connection().execute(
        "UPDATE opinions SET due_on = ? WHERE id = ?", ((clock.now().date() + dt.timedelta(days=60)).isoformat(), fresh)
    )
    od.db.connection().execute("UPDATE events SET status = 'held' WHERE id = ?", (event,))
    todos = list_todos(od, world.staff_a)
    assert todos.count("opinions_overdue") == 1 and todos.count("opinions_due") == 0
    assert todos.count("reports_due") == 1 and todos.of("reports_due")[0].query == {"event": str(event)}
    assert list_todos(od, world.staff_b).total == 0
