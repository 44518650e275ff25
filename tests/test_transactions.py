"""The one write path: a use case built from other use cases is one transaction (SAVEPOINTs), and reads are plain."""

from __future__ import annotations

import pytest

from gkreg.errors import QuotaError

pytestmark = pytest.mark.backends


def _audit(od, action: str) -> int:
    return od.db.scalar("SELECT count(*) FROM audit_log WHERE action = ?", (action,))


def test_nested_transactions_commit_together_with_both_audit_entries(world):
    od = world.od
    added = _audit(od, "unit.add")
    with od.db.transaction("coord", "test.outer") as tx:
        tx.execute("UPDATE settings SET value = value WHERE false")
        unit = od.units.add("丙街道办事处", "township")  # a whole use case inside
        tx.target("unit", unit)
    assert od.db.scalar("SELECT name FROM units WHERE id = ?", (unit,)) == "丙街道办事处"
    assert _audit(od, "test.outer") == 1 and _audit(od, "unit.add") == added + 1


def test_nested_transactions_roll_back_as_one(world):
    od = world.od
    units_before = od.db.scalar("SELECT count(*) FROM units")
    added = _audit(od, "unit.add")
    with pytest.raises(ZeroDivisionError):
        with od.db.transaction("coord", "test.outer"):
            od.units.add("丙街道办事处", "township")  # succeeded, then the outer use case fails
            raise ZeroDivisionError("the outer step fails")
    assert od.db.scalar("SELECT count(*) FROM units") == units_before
    assert _audit(od, "unit.add") == added and _audit(od, "test.outer") == 0
    assert not od.db.connection().in_transaction
    od.units.add("丁镇人民政府", "township")  # the connection is usable again, not left inside a savepoint
    assert _audit(od, "unit.add") == added + 1


def test_a_failed_inner_step_undoes_only_itself_when_the_outer_one_handles_it(world):
    od = world.od
    with od.db.transaction("coord", "test.outer") as tx:
        first = od.units.add("丙街道办事处", "township")
        try:
            with od.db.transaction("coord", "test.inner") as inner:
                inner.execute("UPDATE units SET name = '改名' WHERE id = ?", (first,))
                raise QuotaError("名额已满")
        except QuotaError:
            pass
        tx.target("unit", first)
    assert od.db.scalar("SELECT name FROM units WHERE id = ?", (first,)) == "丙街道办事处"
    assert _audit(od, "test.inner") == 0 and _audit(od, "test.outer") == 1


def test_rows_are_plain_dicts_and_reading_changes_no_pragma(od):
    conn = od.db.connection()
    sqlite = od.db.backend == "sqlite"  # the pragma is SQLite's; PostgreSQL has no such side effect to check
    before = conn.execute("PRAGMA recursive_triggers").fetchone()[0] if sqlite else None
    rows = od.db.rows("SELECT 1 AS one, 'x' AS two")
    assert rows == [{"one": 1, "two": "x"}] and type(rows[0]) is dict
    if sqlite:
        assert conn.execute("PRAGMA recursive_triggers").fetchone()[0] == before


def test_the_seat_trigger_inside_a_nested_step_is_a_quota_error_and_undoes_only_that_step(world):
    # The SAVEPOINT helper shared by SQLite and PostgreSQL turns the backstop trigger into QuotaError.
    od = world.od
    event = world.event(capacity=3, approval="auto")
    regs = [world.signup(event, seq) for seq in range(1, 5)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    with od.db.transaction("coord", "test.outer") as tx:
        with pytest.raises(QuotaError, match="名额已满"):
            with od.db.transaction("coord", "test.inner") as inner:
                inner.execute("UPDATE registrations SET status = 'confirmed' WHERE id = ?", (regs[3].id,))
        tx.target("event", event)
    assert od.db.scalar("SELECT status FROM registrations WHERE id = ?", (regs[3].id,)) == "waitlisted"
    assert _audit(od, "test.inner") == 0 and _audit(od, "test.outer") == 1
