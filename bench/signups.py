"""Sign-ups per second through the gkreg API with 1, 2, 4 and 8 processes, against raw transactions.

    .venv/bin/python bench/signups.py [--per-process 150] [--processes 1,2,4,8] [--db postgresql://…]

For each process count: a fresh database with many auto-mode events of 30 seats (about one sign-up in
six overflows to the waitlist); every process signs people up through ``OpenDay.registrations.register``
(validation, encryption, the BEGIN IMMEDIATE seat check, the audit entry). In the same run, the same
number of processes commit one-row ``BEGIN IMMEDIATE`` count+insert transactions on a file with the same
PRAGMAs (WAL, synchronous=FULL, busy_timeout, foreign keys), once waiting in SQLite's sleeping busy
handler and once queued on a ``flock`` first like gkreg's writers; the faster is the raw reference, so
the ratio gkreg/raw shows what the rules cost against the best raw SQLite does on this file. Finally
every event is recounted: overbooking must be 0.

With ``--db postgresql://user@host:port/postgres`` both sides run on that PostgreSQL server instead: the
bench creates (and drops) its own databases there (the user needs CREATEDB), and the raw side commits
one-row ``BEGIN; INSERT; COMMIT`` transactions over its own connection per process.
"""

from __future__ import annotations

import argparse
import fcntl
import math
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stdnum.cn import ric  # noqa: E402

from gkreg import OpenDay, clock  # noqa: E402
from gkreg.db import connect  # noqa: E402
from gkreg.dialect import is_url  # noqa: E402
from gkreg.validation import clean_id_number  # noqa: E402

CAPACITY = 30
OVERFLOW = 1.2  # sign-ups per seat


def id_number(proc: int, n: int) -> str:
    body = f"371323{1950 + proc:04d}{1 + n // 900 % 12:02d}{1 + n // 36 % 25:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def gkreg_worker(db: str, secrets: str, proc: int, per: int, event_ids: list[int], barrier, queue) -> None:
    od = OpenDay(db, secrets_dir=secrets)
    rng = random.Random(proc)
    people = [(rng.choice(event_ids), f"13{proc}{n:08d}", id_number(proc, n)) for n in range(per)]
    errors = 0
    clean_id_number(people[0][2])  # steady state: the region table is read once per process, before timing
    barrier.wait()
    start = time.perf_counter()
    for event_id, phone, number in people:
        try:
            od.registrations.register(event_id, name="测试群众", phone=phone, id_number=number)
        except Exception:  # noqa: BLE001 - counted and reported
            errors += 1
    queue.put((start, time.perf_counter(), errors))


def raw_worker(db: str, proc: int, per: int, queued: bool, barrier, queue) -> None:
    if is_url(db):
        raw_pg_worker(db, proc, per, barrier, queue)
        return
    conn = connect(db)
    # queued: a fair kernel queue (flock) before BEGIN IMMEDIATE, as gkreg's writers have; else SQLite's
    # busy handler, which sleeps up to 100 ms between tries. The faster of the two is the raw reference.
    lock = os.open(f"{db}.rawlock", os.O_RDWR | os.O_CREAT, 0o600) if queued else None
    barrier.wait()
    start = time.perf_counter()
    for n in range(per):
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("SELECT count(*) FROM t WHERE proc = ?", (proc,)).fetchone()
        conn.execute("INSERT INTO t (proc, n, payload) VALUES (?, ?, ?)", (proc, n, "x" * 200))
        conn.execute("COMMIT")
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_UN)
    queue.put((start, time.perf_counter(), 0))


def raw_pg_worker(db: str, proc: int, per: int, barrier, queue) -> None:
    import psycopg

    conn = psycopg.connect(db, autocommit=True)
    barrier.wait()
    start = time.perf_counter()
    for n in range(per):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (proc, n, payload) VALUES (%s, %s, %s)", (proc, n, "x" * 200))
        conn.execute("COMMIT")
    queue.put((start, time.perf_counter(), 0))
    conn.close()


class Place:
    """Where one round's databases live: files in a temporary directory, or databases on a PostgreSQL server."""

    def __init__(self, tmp: Path, server: str | None) -> None:
        self.tmp, self.server, self.made = tmp, server, []

    def new(self, name: str) -> str:
        if not self.server:
            return str(self.tmp / f"{name}.db")
        import psycopg

        dbname = f"gkreg_bench_{name}".replace("-", "_")
        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {dbname} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        self.made.append(dbname)
        return urlunsplit(urlsplit(self.server)._replace(path=f"/{dbname}"))

    def clear(self) -> None:
        if not self.server:
            for leftover in self.tmp.glob("*.db*"):
                leftover.unlink()
            return
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as conn:
            for dbname in self.made:
                conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        self.made = []


def run_processes(target, args_for, processes: int) -> tuple[float, int]:
    ctx = mp.get_context("spawn")
    barrier, queue = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args_for(i), barrier, queue)) for i in range(processes)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    begin = min(r[0] for r in results)
    end = max(r[1] for r in results)
    return end - begin, sum(r[2] for r in results)


def bench_gkreg(place: Place, processes: int, per: int) -> tuple[float, int, int, int]:
    db, secrets = place.new(f"gkreg-{processes}"), place.tmp / "secrets"
    od = OpenDay(db, secrets_dir=secrets)
    unit = od.units.add("压力测试局")
    with od.db.transaction(None, "user.add") as tx:  # the bench does not need a real password
        tx.insert(
            "users", {"username": "bench", "role": "coordinator", "password_hash": "x", "created_at": clock.to_iso(clock.now())}
        )
    total = processes * per
    starts = clock.now().replace(hour=9, minute=0) + __import__("datetime").timedelta(days=7)
    event_ids = [
        od.events.add(unit, title=f"压力测试{i}", starts_at=starts, actor="bench", capacity=CAPACITY, approval="auto")
        for i in range(math.ceil(total / (CAPACITY * OVERFLOW)))
    ]
    od.close()
    seconds, errors = run_processes(gkreg_worker, lambda i: (str(db), str(secrets), i, per, event_ids), processes)
    od = OpenDay(db, secrets_dir=secrets)
    over = od.db.scalar("""SELECT count(*) FROM (SELECT e.id FROM events e LEFT JOIN registrations r
        ON r.event_id = e.id AND r.status = 'confirmed' GROUP BY e.id
        HAVING count(r.id) > e.capacity OR sum(r.category != 'citizen') > e.capacity - (e.capacity + 2) / 3) AS o""")
    # A waitlisted citizen beside a free seat would also be a broken rule.
    stuck = od.db.scalar("""SELECT count(*) FROM events e WHERE
        (SELECT count(*) FROM registrations WHERE event_id = e.id AND status = 'confirmed') < e.capacity AND
        EXISTS (SELECT 1 FROM registrations WHERE event_id = e.id AND status = 'waitlisted')""")
    stored = od.db.scalar("SELECT count(*) FROM registrations")
    od.close()
    return total / seconds, errors, over + stuck, stored


def bench_raw(place: Place, processes: int, per: int, queued: bool = False) -> float:
    db = place.new(f"raw-{processes}-{int(queued)}")
    if is_url(db):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE t (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, proc INTEGER, n INTEGER, payload TEXT)"
            )
    else:
        conn = connect(db)
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, proc INTEGER, n INTEGER, payload TEXT)")
        conn.execute("CREATE INDEX t_proc ON t (proc)")
        conn.close()
    seconds, _ = run_processes(raw_worker, lambda i: (db, i, per, queued), processes)
    return processes * per / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-process", type=int, default=150, help="sign-ups per process")
    parser.add_argument("--processes", default="1,2,4,8")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds per process count, raw and gkreg alternating; the best of each is kept (the machine may be shared)",
    )
    parser.add_argument(
        "--db",
        default=None,
        metavar="postgresql://…",
        help="a PostgreSQL server (its maintenance database) to run both sides on; default SQLite files",
    )
    args = parser.parse_args()
    counts = [int(p) for p in args.processes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="gkreg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        place = Place(tmp, args.db)
        for processes in counts:
            raw = rate = 0.0
            errors = broken = stored = 0
            for _round in range(max(1, args.repeat)):
                raw = max(raw, bench_raw(place, processes, args.per_process))
                if not args.db:  # SQLite: also with a fair queue, keep the faster
                    raw = max(raw, bench_raw(place, processes, args.per_process, queued=True))
                r, e, b, n = bench_gkreg(place, processes, args.per_process)
                rate, errors, broken, stored = max(rate, r), errors + e, broken + b, n
                place.clear()
            rows.append((processes, rate, raw, rate / raw, errors, broken, stored))
    print(
        f"{'PostgreSQL' if args.db else 'SQLite'}; best of {args.repeat} rounds;"
        f" sign-ups per second, {args.per_process} per process"
        f" (auto mode, {CAPACITY} seats, ~{OVERFLOW - 1:.0%} waitlisted)"
    )
    print(f"{'processes':>9} {'gkreg/s':>9} {'raw tx/s':>9} {'ratio':>6} {'errors':>6} {'overbooked':>10} {'stored':>7}")
    for processes, rate, raw, ratio, errors, broken, stored in rows:
        print(f"{processes:>9} {rate:>9.0f} {raw:>9.0f} {ratio:>6.2f} {errors:>6} {broken:>10} {stored:>7}")
    return 1 if any(r[4] or r[5] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
