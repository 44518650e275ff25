"""SQLite access: one connection per thread, one write path, versioned migrations.

Every mutation runs in ``Database.transaction``: it takes the write lock first
(``BEGIN IMMEDIATE``) so the check-then-write that follows cannot race another
process, and writes the audit entry before the same COMMIT.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import audit, clock
from .dialect import sqlite_ddl
from .errors import Busy, QuotaError
from .reads import SharedReads
from .savepoints import CAPACITY_FULL, capacity_refused, savepoint

if sys.platform != "win32":
    import fcntl

    from . import lockwait
else:  # pragma: no cover - the product runs on Linux; SQLite's own lock still protects the data
    fcntl = None

BUSY_TIMEOUT_MS = 30_000


def connect(path: str | os.PathLike, *, pooled: bool = False) -> sqlite3.Connection:
    """A connection with gkreg's settings. ``pooled``: it may be handed from one thread to the next
    (never used by two at once: see ``Database.connection``)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=not pooled)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Tx:
    """An open write transaction: the connection plus the audit entry being written."""

    def __init__(self, conn: sqlite3.Connection, actor: str | None, action: str) -> None:
        self.conn = conn
        self.actor = actor
        self.action = action
        self.target_type: str | None = None
        self.target_id: Any = None
        self.detail: dict[str, Any] = {}
        self._extra: list[tuple[str, str | None, Any, dict]] = []

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Any = ()) -> Any:
        """The first column of the first row (a count, a status), None without a row."""
        found = self.one(sql, params)
        return None if found is None else found[0]

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
        assert cur.lastrowid is not None  # an INSERT into a rowid table always has one
        return cur.lastrowid

    def insert_with_code(self, table: str, row: dict[str, Any], new_code: Any, column: str = "code") -> int:
        """Insert with a fresh random ``row[column]`` (redrawn on the rare collision); the id."""
        for _ in range(10):
            row[column] = new_code()
            try:
                return self.insert(table, row)
            except sqlite3.IntegrityError as exc:
                if f"{table}.{column}" not in str(exc):
                    raise
        raise RuntimeError(f"could not draw a unique {table}.{column}")

    def target(self, target_type: str, target_id: Any, **detail: Any) -> None:
        self.target_type, self.target_id = target_type, target_id
        self.detail.update(detail)

    def log(self, action: str, target_type: str | None, target_id: Any, **detail: Any) -> None:
        """A further audit entry in this same transaction (e.g. a waitlist promotion)."""
        self._extra.append((action, target_type, target_id, detail))

    def _write_audit(self) -> None:
        entries = [(self.action, self.target_type, self.target_id, self.detail), *self._extra]
        for action, ttype, tid, detail in entries:
            self.conn.execute(
                "INSERT INTO audit_log (at_utc, actor, action, target_type, target_id, detail, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    clock.utcnow_iso(),
                    self.actor or "",
                    action,
                    ttype,
                    None if tid is None else str(tid),
                    json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
                    audit.current_source(),
                ),
            )


class _LockFile:
    """An open descriptor of the writers' lock file, closed when the owning thread's storage goes."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self.pid = os.getpid()

    def close(self) -> None:
        if self.fd >= 0 and self.pid == os.getpid():
            os.close(self.fd)
        self.fd = -1

    def __del__(self) -> None:
        self.close()


POOL_SIZE = 32  # idle connections a process keeps for its next threads


class _GiveBack:
    """Kept in a thread's storage beside its connection: when the thread ends, the connection goes back
    to the pool (or is closed, if it was left inside a transaction)."""

    def __init__(self, db: Database, conn: sqlite3.Connection) -> None:
        self.db = db
        self.conn: sqlite3.Connection | None = conn

    def __del__(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                self.db._give_back(conn)
            except Exception:  # noqa: BLE001 - at interpreter exit the pool may be gone already
                pass


class Database(SharedReads):
    backend = "sqlite"

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            # Names and phones live here: only the service account may list or read the directory.
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.path.parent, 0o700)  # mkdir's mode is filtered by the umask
        _create_private(self.path)
        self._local = threading.local()
        self._pool: list[sqlite3.Connection] = []
        self._pool_lock = threading.Lock()
        self._pool_pid = os.getpid()
        # How long a writer waits for the others (the busy timeout); tests shorten it.
        self.lock_timeout = BUSY_TIMEOUT_MS / 1000

    def _writer_lock(self) -> _LockFile | None:
        """This thread's handle on ``<db>.lock``: writers queue on it in the kernel.

        SQLite's busy handler polls with growing sleeps (up to 100 ms), so with many processes a
        writer often sleeps long after the lock was freed. An exclusive ``flock`` taken before
        ``BEGIN IMMEDIATE`` lets each waiting writer in the moment the previous one commits. It is
        only a queue: BEGIN IMMEDIATE inside it still guards the data (also against other tools).
        The handle lives as long as the thread (Streamlit runs each script run in a new thread).
        """
        if fcntl is None:
            return None
        handle = getattr(self._local, "lock", None)
        if handle is None or handle.pid != os.getpid():
            try:
                handle = _LockFile(f"{self.path}.lock")
            except OSError:  # e.g. a read-only directory: SQLite's own waiting still works
                return None
            self._local.lock = handle
        return handle

    @contextmanager
    def _queued(self) -> Iterator[None]:
        handle = self._writer_lock()
        if handle is None:
            yield
            return
        # At most lock_timeout seconds (gkreg/lockwait.py says how and why).
        if not lockwait.take(handle, self.lock_timeout):
            raise Busy()
        try:
            yield
        finally:
            fcntl.flock(handle.fd, fcntl.LOCK_UN)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (recreated after fork), used by no other thread while it lives.

        Streamlit runs every script run in a new thread, and a new connection parses the whole schema
        on its first statement (2 ms on the demo database, 3 runs a sign-up). So when a thread ends its
        connection goes back to a small pool of this process and the next thread takes it from there.
        """
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = self._from_pool() or connect(self.path, pooled=True)
            self._local.conn, self._local.pid = conn, os.getpid()
            self._local.giveback = _GiveBack(self, conn)  # runs when the thread's storage goes
        return conn

    def _from_pool(self) -> sqlite3.Connection | None:
        with self._pool_lock:
            if self._pool_pid != os.getpid():  # a forked child never uses its parent's connections
                self._pool, self._pool_pid = [], os.getpid()
            return self._pool.pop() if self._pool else None

    def _give_back(self, conn: sqlite3.Connection) -> None:
        with self._pool_lock:
            if self._pool_pid == os.getpid() and len(self._pool) < POOL_SIZE and not conn.in_transaction:
                self._pool.append(conn)
                return
        conn.close()

    def close(self) -> None:
        giveback = getattr(self._local, "giveback", None)
        if giveback is not None:
            giveback.conn = None  # closed here, not given back
            self._local.giveback = None
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        with self._pool_lock:
            pooled, self._pool = self._pool, []
        for other in pooled:
            other.close()
        handle = getattr(self._local, "lock", None)
        if handle is not None:
            handle.close()
            self._local.lock = None

    def hold_lock(self, name: str, wait: bool = True) -> _LockFile | None:
        """A lock one process holds until it closes the handle or exits (``<db>.<name>.lock``, flock);
        None when another process holds it and ``wait`` is False."""
        handle = _LockFile(f"{self.path}.{name}.lock")
        if fcntl is not None:
            try:
                fcntl.flock(handle.fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                handle.close()
                return None
        return handle

    # ---- reads -------------------------------------------------------------
    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.connection().execute(sql, params)]

    # ---- the one write path -----------------------------------------------
    @contextmanager
    def transaction(self, actor: str | None, action: str) -> Iterator[Tx]:
        """The one write path. Called inside an open transaction it joins it (a SAVEPOINT), so a use case
        built from other use cases commits or rolls back as one; its own audit entry is written with it."""
        conn = self.connection()
        if getattr(self._local, "depth", 0):
            with savepoint(self._local, conn, Tx(conn, actor, action), sqlite3.IntegrityError) as tx:
                yield tx
            return
        if conn.in_transaction:  # opened behind our back (a raw BEGIN): joining it would hide the audit entry
            raise RuntimeError("a transaction not opened by gkreg is in progress")
        with self._queued():
            self._local.depth = 1
            try:
                with self._transaction(conn, actor, action) as tx:
                    yield tx
            finally:
                self._local.depth = 0

    @contextmanager
    def _transaction(self, conn: sqlite3.Connection, actor: str | None, action: str) -> Iterator[Tx]:
        self._begin_immediate(conn)
        tx = Tx(conn, actor, action)
        try:
            yield tx
            tx._write_audit()
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            conn.execute("ROLLBACK")
            if capacity_refused(exc):
                raise QuotaError(CAPACITY_FULL) from None
            raise
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _is_busy(exc):
                raise Busy() from None
            raise
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _begin_immediate(conn: sqlite3.Connection) -> None:
        # busy_timeout already waits up to 30 s; a few more tries absorb the rare
        # SQLITE_BUSY that WAL returns without waiting (e.g. during a checkpoint).
        for attempt in range(20):
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == 19:
                    if _is_busy(exc):
                        raise Busy() from None
                    raise
                time.sleep(0.01 * (attempt + 1))

    # ---- schema ------------------------------------------------------------
    def migrate(self) -> list[str]:
        from .schema import MIGRATIONS

        conn = self.connection()
        with self._queued():
            return self._migrate(conn, MIGRATIONS)

    def _migrate(self, conn: sqlite3.Connection, migrations: list[tuple[str, list[str]]]) -> list[str]:
        self._begin_immediate(conn)
        applied: list[str] = []
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
            for name, statements in migrations:
                if name in done:
                    continue
                for statement in statements:
                    conn.execute(sqlite_ddl(statement))
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, clock.utcnow_iso()))
                applied.append(name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return applied


def _create_private(path: Path) -> None:
    """Create the database file 0600 before SQLite opens it: SQLite gives its -wal and -shm the
    database file's mode, so they are private too (under the default umask they would be 0644)."""
    if str(path) == ":memory:" or path.exists():
        return
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    except OSError:  # e.g. a read-only directory: sqlite3 reports the real problem on connect
        pass


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text
