"""Eight processes hammer one database (a SQLite file, or PostgreSQL) with sign-ups, invitations, approvals and cancellations.

Each process has its own OpenDay on the same database and the same secrets directory. Afterwards no event
is over its capacity or its non-citizen limit, every acknowledged registration is still there (with
the status it was given or a later legal one), no citizen waits while a seat is free, and no
``database is locked`` (nor any error that is not a deliberate gkreg error) reached a caller.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing as mp
import random
import sys
import traceback
import types
from pathlib import Path

import pytest
from conftest import make_id

from gkreg import OpenDay, clock
from gkreg.errors import Busy, GkregError

PROCESSES = 8
OPERATIONS = 50
# Statuses a registration may have moved on to after the caller was told ``status``.
LATER = {
    "pending": {"pending", "confirmed", "waitlisted", "rejected", "cancelled"},
    "confirmed": {"confirmed", "cancelled"},
    "waitlisted": {"waitlisted", "confirmed", "rejected", "cancelled"},
    "rejected": {"rejected"},
    "cancelled": {"cancelled"},
}
CATEGORIES = ["npc_deputy", "cppcc_member", "media", "expert", "other", "citizen"]

pytestmark = pytest.mark.backends


def worker(db: str, secrets: str, index: int, event_ids: list[int], barrier, queue) -> None:
    acknowledged: dict[int, str] = {}
    bad: list[str] = []
    expected = 0
    try:
        od = OpenDay(db, secrets_dir=secrets)
        rng = random.Random(index)
        mine: list[tuple[int, str, str]] = []  # (id, code, phone) of my public sign-ups
        barrier.wait(timeout=120)
        for n in range(OPERATIONS):
            person = index * 1000 + n
            roll = rng.random()
            try:
                if roll < 0.50 or not mine:
                    phone = f"13{index}{n:08d}"
                    reg = od.registrations.register(
                        rng.choice(event_ids),
                        name="并发测试",
                        phone=phone,
                        id_number=make_id(person % 1000, birth=f"19{60 + index}0101"),
                    )
                    mine.append((reg.id, reg.code, phone))
                elif roll < 0.65:
                    reg = od.registrations.register(
                        rng.choice(event_ids), name="特邀代表", phone="", category=rng.choice(CATEGORIES), invited_by="clerk"
                    )
                elif roll < 0.75:
                    reg_id, _code, _phone = rng.choice(mine)
                    reg = od.registrations.approve(reg_id, "clerk")
                elif roll < 0.80:
                    reg_id, _code, _phone = rng.choice(mine)
                    reg = od.registrations.reject(reg_id, "clerk", "并发测试不通过")
                elif roll < 0.90:
                    reg_id, code, phone = rng.choice(mine)
                    reg = od.registrations.cancel_by_code(code, phone)
                elif roll < 0.97:
                    reg_id, _code, _phone = rng.choice(mine)
                    reg = od.registrations.cancel(reg_id, "coord")
                else:  # the same person again on the same event: DuplicateRegistration or a new live one
                    reg_id, _code, phone = rng.choice(mine)
                    event_id = od.registrations.get(reg_id).event_id
                    reg = od.registrations.register(
                        event_id,
                        name="并发测试",
                        phone=phone,
                        id_number=make_id((person - 1) % 1000, birth=f"19{60 + index}0101"),
                    )
                acknowledged[reg.id] = reg.status
            except Busy as exc:
                bad.append(f"Busy: {exc}")
            except GkregError:
                expected += 1
            except Exception:  # anything else is exactly what the test looks for
                bad.append(traceback.format_exc())
        od.close()
    except Exception:
        bad.append(traceback.format_exc())
    queue.put((index, acknowledged, bad, expected))


def test_many_processes_one_database(database: str, tmp_path: Path, monkeypatch) -> None:
    db, secrets = database, tmp_path / "secrets"
    od = OpenDay(db, secrets_dir=secrets)
    unit = od.units.add("压力测试局", "department")
    od.users.add("coord", "coord-pass-1", "coordinator")
    od.users.add("clerk", "clerk-pass-1", "unit_staff", unit_id=unit)
    start = clock.now() + dt.timedelta(days=3)
    specs = [(3, "auto"), (5, "auto"), (10, "auto"), (30, "auto"), (4, "review"), (12, "review"), (1, "auto")]
    event_ids = [
        od.events.add(unit, title=f"并发开放日{i}", starts_at=start, actor="coord", capacity=c, approval=a)
        for i, (c, a) in enumerate(specs)
    ]
    od.close()

    # Earlier AppTest runs leave their temporary script as __main__; spawn would re-run it in
    # every child. A bare __main__ makes the children import only this module.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    ctx = mp.get_context("spawn")
    barrier, queue = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(str(db), str(secrets), i, event_ids, barrier, queue)) for i in range(PROCESSES)]
    for p in procs:
        p.start()
    results = []
    for _ in procs:  # fail fast if a child died instead of waiting out every timeout
        results.append(queue.get(timeout=120))
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0

    bad = [b for _i, _ack, errs, _e in results for b in errs]
    assert not bad, "\n".join(bad[:5])
    acknowledged = {reg_id: status for _i, ack, _b, _e in results for reg_id, status in ack.items()}
    assert len(acknowledged) > PROCESSES * OPERATIONS // 3
    assert sum(e for *_rest, e in results) > 0  # quota/duplicate/transition refusals did happen

    od = OpenDay(db, secrets_dir=secrets)
    rows = {r["id"]: r for r in od.db.rows("SELECT * FROM registrations")}
    for reg_id, status in acknowledged.items():
        assert reg_id in rows, f"acknowledged registration {reg_id} is missing"
        assert rows[reg_id]["status"] in LATER[status], (reg_id, status, rows[reg_id]["status"])
    for event_id in event_ids:
        capacity = od.events.get(event_id).capacity
        mine = [r for r in rows.values() if r["event_id"] == event_id]
        confirmed = [r for r in mine if r["status"] == "confirmed"]
        others = [r for r in confirmed if r["category"] != "citizen"]
        waiting = [r for r in mine if r["status"] == "waitlisted" and r["category"] == "citizen"]
        assert len(confirmed) <= capacity
        assert len(others) <= capacity - math.ceil(capacity / 3)
        assert not waiting or len(confirmed) == capacity, f"event {event_id}: citizens wait beside a free seat"
        seats = od.events.seats(event_id)
        assert seats.confirmed == len(confirmed)
    # One live registration per person and event, and the audit log has an entry per acknowledged write.
    assert not od.db.rows(
        "SELECT event_id, id_hash FROM registrations WHERE id_hash IS NOT NULL AND status IN"
        " ('pending','confirmed','waitlisted') GROUP BY 1, 2 HAVING count(*) > 1"
    )
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'registration.%'") >= len(acknowledged)
    od.close()


def test_threads_share_one_openday_without_overbooking_or_leaking(world) -> None:
    """Streamlit runs every script run in a new thread on one OpenDay: each thread gets its own
    connection, writers queue, and the writers' lock handles do not pile up when threads end
    (SQLite itself keeps a bounded number of closed connections' descriptors open for reuse)."""
    import gc
    import os
    import threading

    od = world.od
    event = world.event(capacity=7, approval="auto")
    errors: list[str] = []

    def sign_up(seq: int) -> None:
        try:
            world.signup(event, seq)
        except Exception:  # collected and asserted below
            errors.append(traceback.format_exc())

    def fds() -> int:
        gc.collect()
        return len(os.listdir("/proc/self/fd"))

    world.signup(event, 999)
    before = fds()
    for wave in range(25):
        threads = [threading.Thread(target=sign_up, args=(wave * 10 + n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors[0]
    assert fds() < before + 100  # 200 threads: a leak of one descriptor per thread would show
    seats = od.events.seats(event)
    assert seats.confirmed == 7 and seats.waitlisted == 201 - 7
