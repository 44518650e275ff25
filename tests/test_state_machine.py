"""Random register / invite / approve / reject / cancel / finalize sequences on a real OpenDay,
with every seat invariant checked after each step."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import shutil
import tempfile
from pathlib import Path

import bcrypt
from conftest import make_id
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from gkreg import OpenDay, clock
from gkreg.errors import DuplicateRegistration, InvalidTransition, QuotaError, RegistrationClosed

PASSWORD_HASH = bcrypt.hashpw(b"clerk-pass-1", bcrypt.gensalt(rounds=4)).decode()
CATEGORIES = ["citizen", "npc_deputy", "cppcc_member", "media", "expert", "other"]
LIVE = ("pending", "confirmed", "waitlisted")


class SeatMachine(RuleBasedStateMachine):
    registrations = Bundle("registrations")

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="gkreg-sm-"))
        self.od = OpenDay(self.database(), secrets_dir=self.tmp / "secrets")
        unit = self.od.units.add("状态机测试局", "department")
        with self.od.db.transaction(None, "user.add") as tx:  # skip the slow bcrypt of users.add
            tx.insert(
                "users",
                {
                    "username": "clerk",
                    "role": "unit_staff",
                    "unit_id": unit,
                    "password_hash": PASSWORD_HASH,
                    "created_at": "2026-01-01 00:00:00",
                },
            )
        self.unit = unit
        self.events: list[int] = []
        self.seq = 0

    def database(self) -> str:
        return str(self.tmp / "sm.db")

    def teardown(self) -> None:
        self.od.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.drop()

    def drop(self) -> None:
        """Remove a database that does not live in ``self.tmp`` (PostgreSQL)."""

    @initialize(specs=st.lists(st.tuples(st.integers(1, 7), st.sampled_from(["auto", "review"])), min_size=1, max_size=3))
    def make_events(self, specs) -> None:
        for capacity, approval in specs:
            self.events.append(
                self.od.events.add(
                    self.unit,
                    title="随机开放日",
                    starts_at=clock.now() + dt.timedelta(days=5),
                    actor="clerk",
                    capacity=capacity,
                    approval=approval,
                )
            )

    # ---- helpers ---------------------------------------------------------------------------------
    def counts(self, event_id: int) -> dict[str, int]:
        rows = self.od.db.rows("SELECT status, category FROM registrations WHERE event_id = ?", (event_id,))
        return {
            "cc": sum(r["status"] == "confirmed" and r["category"] == "citizen" for r in rows),
            "co": sum(r["status"] == "confirmed" and r["category"] != "citizen" for r in rows),
            "pending": sum(r["status"] == "pending" for r in rows),
            "waitlisted": sum(r["status"] == "waitlisted" for r in rows),
            "wait_citizens": sum(r["status"] == "waitlisted" and r["category"] == "citizen" for r in rows),
        }

    def event_row(self, event_id: int) -> dict:
        return self.od.db.row("SELECT * FROM events WHERE id = ?", (event_id,))

    def live_person(self, event_id: int, person: int) -> bool:
        h = self.od.vault.hash(make_id(person))
        return bool(
            self.od.db.scalar(
                "SELECT count(*) FROM registrations WHERE event_id = ? AND id_hash = ? AND status IN"
                " ('pending','confirmed','waitlisted')",
                (event_id, h),
            )
        )

    # ---- rules ------------------------------------------------------------------------------------
    @rule(target=registrations, index=st.integers(0, 2), person=st.integers(1, 12))
    def register(self, index: int, person: int):
        event_id = self.events[index % len(self.events)]
        event = self.event_row(event_id)
        before = self.counts(event_id)
        duplicate = self.live_person(event_id, person)
        try:
            reg = self.od.registrations.register(event_id, name="张三", phone=f"139{person:08d}", id_number=make_id(person))
        except RegistrationClosed:
            assert event["status"] != "open"
            return None
        except DuplicateRegistration:
            assert duplicate and event["status"] == "open"
            return None
        assert event["status"] == "open" and not duplicate
        if event["approval"] == "review":
            assert reg.status == "pending"
        elif before["cc"] + before["co"] < event["capacity"]:
            assert reg.status == "confirmed"
        else:
            assert reg.status == "waitlisted"
        return reg.id

    @rule(target=registrations, index=st.integers(0, 2), category=st.sampled_from(CATEGORIES))
    def invite(self, index: int, category: str):
        event_id = self.events[index % len(self.events)]
        event = self.event_row(event_id)
        c = self.counts(event_id)
        capacity = event["capacity"]
        confirmed = c["cc"] + c["co"]
        if category == "citizen":
            room = confirmed < capacity
        else:
            room = c["co"] < capacity - math.ceil(capacity / 3) and confirmed < capacity
        self.seq += 1
        try:
            reg = self.od.registrations.register(
                event_id, name="特邀嘉宾", phone="", category=category, invited_by="clerk", note=f"第{self.seq}位"
            )
        except InvalidTransition:
            assert event["status"] not in ("draft", "open")
            return None
        except QuotaError:
            assert not room
            return None
        assert room and reg.status == "confirmed" and event["status"] == "open"
        return reg.id

    @rule(reg_id=registrations)
    def approve(self, reg_id):
        if reg_id is None:
            return
        row = self.od.db.row("SELECT * FROM registrations WHERE id = ?", (reg_id,))
        c = self.counts(row["event_id"])
        capacity = self.event_row(row["event_id"])["capacity"]
        try:
            reg = self.od.registrations.approve(reg_id, "clerk")
        except InvalidTransition:
            assert row["status"] != "pending"
            return
        assert row["status"] == "pending"
        assert reg.status == ("confirmed" if c["cc"] + c["co"] < capacity else "waitlisted")

    @rule(reg_id=registrations)
    def reject(self, reg_id):
        if reg_id is None:
            return
        row = self.od.db.row("SELECT * FROM registrations WHERE id = ?", (reg_id,))
        try:
            reg = self.od.registrations.reject(reg_id, "clerk", "名额有限，未能安排")
        except InvalidTransition:
            assert row["status"] not in ("pending", "waitlisted")
            return
        assert reg.status == "rejected"

    @rule(reg_id=consumes(registrations), by_code=st.booleans())
    def cancel(self, reg_id, by_code: bool):
        if reg_id is None:
            return
        row = self.od.db.row("SELECT * FROM registrations WHERE id = ?", (reg_id,))
        try:
            if by_code and row["phone"]:
                reg = self.od.registrations.cancel_by_code(row["code"].lower(), row["phone"])
            else:
                reg = self.od.registrations.cancel(reg_id, "clerk")
        except InvalidTransition:
            assert row["status"] not in LIVE
            return
        assert row["status"] in LIVE and reg.status == "cancelled"

    @rule(index=st.integers(0, 2))
    def finalize(self, index: int):
        event_id = self.events[index % len(self.events)]
        event = self.event_row(event_id)
        c = self.counts(event_id)
        confirmed = c["cc"] + c["co"]
        try:
            seats = self.od.events.finalize(event_id, "clerk")
        except InvalidTransition:
            assert event["status"] != "open" or c["pending"] > 0
            return
        except QuotaError:
            assert event["status"] == "open" and c["pending"] == 0
            assert not (3 * c["cc"] >= confirmed > 0)
            return
        assert event["status"] == "open" and c["pending"] == 0 and 3 * c["cc"] >= confirmed > 0
        assert seats.finalized

    @rule(reg_id=registrations)
    def check_in(self, reg_id):
        if reg_id is None:
            return
        row = self.od.db.row("SELECT status FROM registrations WHERE id = ?", (reg_id,))
        try:
            reg = self.od.registrations.check_in(reg_id, "clerk")
        except InvalidTransition:
            assert row["status"] != "confirmed"
            return
        assert reg.checked_in_at is not None

    # ---- invariants -------------------------------------------------------------------------------
    @invariant()
    def seat_rules_hold(self) -> None:
        for event_id in self.events:
            capacity = self.event_row(event_id)["capacity"]
            c = self.counts(event_id)
            confirmed = c["cc"] + c["co"]
            assert confirmed <= capacity
            assert c["co"] <= capacity - math.ceil(capacity / 3)
            if confirmed < capacity:
                assert c["wait_citizens"] == 0, "a citizen waits while a seat is free"
            seats = self.od.events.seats(event_id)
            assert (seats.confirmed_citizens, seats.confirmed_others, seats.pending, seats.waitlisted) == (
                c["cc"],
                c["co"],
                c["pending"],
                c["waitlisted"],
            )
            assert seats.confirmed == confirmed and seats.citizen_seats_left == capacity - confirmed

    @invariant()
    def one_live_registration_per_person(self) -> None:
        dupes = self.od.db.scalar(
            "SELECT count(*) FROM (SELECT event_id, id_hash FROM registrations WHERE id_hash IS NOT NULL"
            " AND status IN ('pending','confirmed','waitlisted') GROUP BY event_id, id_hash HAVING count(*) > 1) AS dupes"
        )
        assert dupes == 0


SeatMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestSeatMachine = SeatMachine.TestCase


def test_seat_machine_on_postgresql(pg_cluster, pg_template) -> None:
    """The same random sequences against PostgreSQL, a fresh database per example."""
    names = itertools.count()

    class PgSeatMachine(SeatMachine):
        def database(self) -> str:
            self.name = f"sm{os.getpid()}_{next(names)}"
            return pg_cluster.create_database(self.name, template=pg_template)

        def drop(self) -> None:
            pg_cluster.drop_database(self.name)

    run_state_machine_as_test(PgSeatMachine, settings=SeatMachine.TestCase.settings)
