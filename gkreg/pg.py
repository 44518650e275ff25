"""PostgreSQL access with the interface of ``gkreg.db.Database`` (rows/row/scalar/transaction/migrate).

Connections come from a ``psycopg_pool`` pool per process (``GKREG_PG_POOL`` connections at most,
default 10). Reads outside a transaction borrow a connection for one statement; inside a write
transaction every read of that thread goes to the transaction's connection, as on SQLite.

The write lock. SQLite lets one writer in at a time (``BEGIN IMMEDIATE``), and every service's
check-then-write (seats, states, quotas, unique checks) relies on that. Here each write transaction
takes one transaction-level advisory lock first (``pg_advisory_xact_lock``), released by COMMIT or
ROLLBACK: the same guarantee for every service without auditing each one for its own row locks,
and a wait in PostgreSQL's lock queue rather than a retry loop. Writes are short (a few ms), so one
queue serves a city's platform; reads never wait for it (MVCC). The capacity triggers additionally
lock the event row (``SELECT … FOR UPDATE``), so they hold even for writers outside gkreg.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import adapt, errors, pq
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from . import audit, clock
from .dialect import PG_PRELUDE, PG_PRELUDE_NAME, WRITE_LOCK_KEY, ddl, safe_url, translate
from .errors import Busy, QuotaError
from .reads import SharedReads
from .savepoints import CAPACITY_FULL, capacity_refused, savepoint

CONNECT_TIMEOUT = 10  # seconds
LOCK_TIMEOUT = "30s"  # as SQLite's busy timeout: a writer waits at most this long, then Busy


# ---- values: behave like SQLite's loose typing ------------------------------------------------


class _LooseIntDumper(adapt.Dumper):
    """Python int/bool as an untyped literal: PostgreSQL infers the column's type, as SQLite would
    compare ``target_id = 5`` with a TEXT column, or store ``True`` in an INTEGER flag."""

    oid = 0
    format = pq.Format.TEXT

    def dump(self, obj: Any) -> bytes:
        return str(int(obj)).encode()


class _NumericLoader(adapt.Loader):
    """sum()/avg() of integers are ``numeric`` in PostgreSQL: int when whole, float otherwise."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        if text in ("NaN", "Infinity", "-Infinity"):
            return float(text)
        if "." in text:
            value = float(text)
            return int(value) if value.is_integer() and len(text.split(".")[1].strip("0")) == 0 else value
        return int(text)


def _configure(conn: psycopg.Connection) -> None:
    conn.adapters.register_dumper(int, _LooseIntDumper)
    conn.adapters.register_dumper(bool, _LooseIntDumper)
    conn.adapters.register_loader("numeric", _NumericLoader)
    conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")


class Row(tuple):
    """A result row addressable by position and by column name, like ``sqlite3.Row``."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._index else default


def _row_factory(cursor: psycopg.Cursor) -> Any:
    desc = cursor.description
    if desc is None:
        return None
    index = {col.name: i for i, col in reversed(list(enumerate(desc)))}
    return lambda values: Row(values, index)


class Result:
    """A statement's fetched result: the parts of ``sqlite3.Cursor`` services use."""

    def __init__(self, rows: list[Row], rowcount: int, lastrowid: int | None = None) -> None:
        self._rows = rows
        self._pos = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Row | None:
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return self._rows[self._pos - 1]

    def fetchall(self) -> list[Row]:
        rest, self._pos = self._rows[self._pos :], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(\w+)", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


def _run(conn: psycopg.Connection, sql: str, params: Any = ()) -> Result:
    """Run one statement; an INSERT into a table with an ``id`` reports it as ``lastrowid`` (SQLite's
    cursor attribute) through ``RETURNING id`` in the same round trip."""
    query = translate(sql)
    insert = _INSERT.match(sql)
    returning = insert is not None and not _RETURNING.search(sql) and _has_id(conn, insert.group(1))
    if returning:
        query += " RETURNING id"
    with conn.cursor(row_factory=_row_factory) as cur:
        cur.execute(query, _params(params))
        rows = cur.fetchall() if cur.description is not None else []
        if returning:
            return Result([], cur.rowcount, int(rows[-1][0]) if rows else None)
        return Result(rows, cur.rowcount)


def _params(params: Any) -> Any:
    if params is None:
        return ()
    if isinstance(params, dict):
        raise NotImplementedError("named parameters: use ? placeholders")
    return tuple(params)


class PgConnection:
    """What ``Database.connection()`` hands out on PostgreSQL: ``execute``/``executemany``.

    Outside a transaction each statement borrows a pooled connection (autocommit); inside one it
    runs on the transaction's connection.
    """

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @property
    def in_transaction(self) -> bool:
        return self._db._current() is not None

    def execute(self, sql: str, params: Any = ()) -> Result:
        conn = self._db._current()
        if conn is not None:
            return _run(conn, sql, params)
        with self._db._pool().connection() as conn:
            return _run(conn, sql, params)

    def executemany(self, sql: str, seq: Any) -> Result:
        conn = self._db._current()
        if conn is None:
            with self._db._pool().connection() as conn:
                return self._many(conn, sql, seq)
        return self._many(conn, sql, seq)

    @staticmethod
    def _many(conn: psycopg.Connection, sql: str, seq: Any) -> Result:
        with conn.cursor() as cur:
            cur.executemany(translate(sql), [_params(p) for p in seq])
            return Result([], cur.rowcount)


class PgTx:
    """An open write transaction on PostgreSQL (same surface as ``gkreg.db.Tx``)."""

    def __init__(self, conn: psycopg.Connection, actor: str | None, action: str) -> None:
        self.conn = PgTxConnection(conn)
        self._raw = conn
        self.actor = actor
        self.action = action
        self.target_type: str | None = None
        self.target_id: Any = None
        self.detail: dict[str, Any] = {}
        self._extra: list[tuple[str, str | None, Any, dict]] = []

    def execute(self, sql: str, params: Any = ()) -> Result:
        return _run(self._raw, sql, params)

    def one(self, sql: str, params: Any = ()) -> Row | None:
        return _run(self._raw, sql, params).fetchone()

    def scalar(self, sql: str, params: Any = ()) -> Any:
        """The first column of the first row (a count, a status), None without a row."""
        found = self.one(sql, params)
        return None if found is None else found[0]

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        returning = " RETURNING id" if _has_id(self._raw, table) else ""
        found = _run(self._raw, f"INSERT INTO {table} ({cols}) VALUES ({marks}){returning}", tuple(row.values()))
        got = found.fetchone()
        return int(got[0]) if got is not None else 0

    def insert_with_code(self, table: str, row: dict[str, Any], new_code: Any, column: str = "code") -> int:
        """Insert with a fresh random ``row[column]`` (redrawn on the rare collision); the id."""
        names = [c for c in row if c != column] + [column]
        cols, marks = ", ".join(names), ", ".join("?" for _ in names)
        for _ in range(10):
            row[column] = new_code()
            values = [row[c] for c in names]
            found = _run(
                self._raw, f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT ({column}) DO NOTHING RETURNING id", values
            ).fetchone()
            if found is not None:
                return int(found[0])
        raise RuntimeError(f"could not draw a unique {table}.{column}")

    def target(self, target_type: str, target_id: Any, **detail: Any) -> None:
        self.target_type, self.target_id = target_type, target_id
        self.detail.update(detail)

    def log(self, action: str, target_type: str | None, target_id: Any, **detail: Any) -> None:
        self._extra.append((action, target_type, target_id, detail))

    def _write_audit(self) -> None:
        entries = [(self.action, self.target_type, self.target_id, self.detail), *self._extra]
        with self._raw.cursor() as cur:
            cur.executemany(
                "INSERT INTO audit_log (at_utc, actor, action, target_type, target_id, detail, source)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        clock.utcnow_iso(),
                        self.actor or "",
                        action,
                        ttype,
                        None if tid is None else str(tid),
                        json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
                        audit.current_source(),
                    )
                    for action, ttype, tid, detail in entries
                ],
            )


class PgTxConnection:
    """``tx.conn`` on PostgreSQL: the transaction's connection with SQLite-dialect statements."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    in_transaction = True

    def execute(self, sql: str, params: Any = ()) -> Result:
        return _run(self._conn, sql, params)

    def executemany(self, sql: str, seq: Any) -> Result:
        return PgConnection._many(self._conn, sql, seq)


_ID_COLUMNS: dict[tuple[str, str], bool] = {}


def _has_id(conn: psycopg.Connection, table: str) -> bool:
    key = (conn.info.dbname, table)
    if key not in _ID_COLUMNS:
        _ID_COLUMNS[key] = (
            conn.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s AND column_name = 'id'",
                (table,),
            ).fetchone()
            is not None
        )
    return _ID_COLUMNS[key]


class PgDatabase(SharedReads):
    backend = "postgresql"

    def __init__(self, url: str, pool_size: int | None = None) -> None:
        self.url = url
        self.path = None  # no file: backups are pg_dump's job
        self.pool_size = pool_size or int(os.environ.get("GKREG_PG_POOL", "10"))
        self._local = threading.local()
        self._pools: dict[int, ConnectionPool] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"PgDatabase({safe_url(self.url)})"

    def _pool(self) -> ConnectionPool:
        pid = os.getpid()
        pool = self._pools.get(pid)
        if pool is None:
            with self._lock:
                pool = self._pools.get(pid)
                if pool is None:
                    self._pools = {}  # a pool inherited through fork belongs to the parent
                    # Fail at once with the server's own reason (refused, bad password, no such
                    # database) instead of the pool retrying in the background until its timeout.
                    psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT).close()
                    pool = ConnectionPool(
                        self.url,
                        min_size=1,
                        max_size=self.pool_size,
                        open=True,
                        kwargs={"autocommit": True},
                        configure=_configure,
                        timeout=60,
                        name="gkreg",
                    )
                    pool.wait(timeout=30)
                    self._pools[pid] = pool
        return pool

    def _current(self) -> psycopg.Connection | None:
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            return conn
        return None

    def connection(self) -> PgConnection:
        return PgConnection(self)

    def hold_lock(self, name: str, wait: bool = True) -> psycopg.Connection | None:
        """A lock one process holds until it closes the handle or its connection drops: a session
        advisory lock on a connection of its own, so it holds across machines (a lock file would not).
        None when another session holds it and ``wait`` is False."""
        key = int.from_bytes(hashlib.sha256(f"gkreg:{name}".encode()).digest()[:8], "big", signed=True)
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        if wait:
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            return conn
        found = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
        if found is None or not found[0]:
            conn.close()
            return None
        return conn

    def close(self) -> None:
        pool = self._pools.pop(os.getpid(), None)
        if pool is not None:
            pool.close()

    # ---- reads -------------------------------------------------------------
    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        conn = self._current()
        if conn is not None:
            return self._dict_rows(conn, sql, params)
        with self._pool().connection() as conn:
            return self._dict_rows(conn, sql, params)

    @staticmethod
    def _dict_rows(conn: psycopg.Connection, sql: str, params: Any) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cur:
            cur.execute(translate(sql), _params(params))
            return cur.fetchall() if cur.description is not None else []

    # ---- the one write path -----------------------------------------------
    @contextmanager
    def transaction(self, actor: str | None, action: str) -> Iterator[PgTx]:
        """The one write path; called inside an open transaction it joins it as a SAVEPOINT (as on SQLite)."""
        conn = self._current()
        if conn is not None:
            with savepoint(self._local, conn, PgTx(conn, actor, action), psycopg.Error) as tx:
                yield tx
            return
        with self._pool().connection() as conn:
            self._local.conn, self._local.pid, self._local.depth = conn, os.getpid(), 1
            try:
                with self._transaction(conn, actor, action) as tx:
                    yield tx
            finally:
                self._local.conn, self._local.depth = None, 0

    @contextmanager
    def _transaction(self, conn: psycopg.Connection, actor: str | None, action: str) -> Iterator[PgTx]:
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        except errors.LockNotAvailable:
            conn.execute("ROLLBACK")
            raise Busy() from None
        tx = PgTx(conn, actor, action)
        try:
            yield tx
            tx._write_audit()
            conn.execute("COMMIT")
        except psycopg.Error as exc:
            _rollback(conn)
            if capacity_refused(exc):
                raise QuotaError(CAPACITY_FULL) from None
            if isinstance(exc, errors.LockNotAvailable | errors.DeadlockDetected | errors.SerializationFailure):
                raise Busy() from None
            raise
        except BaseException:
            _rollback(conn)
            raise

    # ---- schema ------------------------------------------------------------
    def migrate(self) -> list[str]:
        from .schema import MIGRATIONS

        return self._migrate(MIGRATIONS)

    def _migrate(self, migrations: list[tuple[str, list[Any]]]) -> list[str]:
        applied: list[str] = []
        with self._pool().connection() as conn:
            conn.execute("BEGIN")
            try:
                # Two processes starting at once: the second waits here, then finds nothing to do.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
                if PG_PRELUDE_NAME not in done:
                    for statement in PG_PRELUDE:
                        conn.execute(statement)
                    conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (PG_PRELUDE_NAME, clock.utcnow_iso()))
                for name, statements in migrations:
                    if name in done:
                        continue
                    for statement in statements:
                        for sql in ddl(statement):
                            conn.execute(sql)
                    conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (name, clock.utcnow_iso()))
                    applied.append(name)
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise
        if applied:
            _ID_COLUMNS.clear()
        return applied


def _rollback(conn: psycopg.Connection) -> None:
    if conn.info.transaction_status != pq.TransactionStatus.IDLE:
        conn.execute("ROLLBACK")
