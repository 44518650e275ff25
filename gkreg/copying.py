"""Moving a county up: copy a SQLite database into an empty PostgreSQL database, then prove the copy.

Both sides are first brought to the same schema by the same migrations; rows are copied as stored
(encrypted ID numbers stay ciphertext: the same secrets directory opens both), parents before the
tables that reference them, with gkreg's triggers paused so running totals are copied, not
recounted. Afterwards every table's row count and a checksum over its rows (independent of row
order) must match, and the identity sequences continue after the highest copied id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from .db import Database
from .dialect import WRITE_LOCK_KEY, safe_url
from .errors import ValidationError
from .pg import PgDatabase

BATCH = 5000


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    checksum: str
    matches: bool


def copy_database(source: Database, target: PgDatabase, actor: str = "cli") -> list[TableCopy]:
    """Copy every table of ``source`` (SQLite) into ``target`` (empty PostgreSQL); the per-table proof."""
    source.migrate()
    target.migrate()
    tables = _tables_in_order(target, _sqlite_tables(source))
    with target._pool().connection() as conn:
        busy = [t for t in tables if conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()]
        if busy:
            raise ValidationError(f"目标数据库不是空的（{', '.join(busy[:5])} 已有数据），未复制：{safe_url(target.url)}")
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            for table in tables:
                conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            for table in tables:
                _copy_table(source, conn, table)
            for table in tables:
                conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                if "id" in _columns(source, table):
                    conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING max(id) IS NOT NULL"
                    )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    report = [_verify(source, target, table) for table in tables]
    if all(r.matches for r in report):
        with target.transaction(actor, "database.copy") as tx:
            tx.target("database", None, source=source.path.name, tables=len(report), rows=sum(r.rows for r in report))
    return report


def _sqlite_tables(source: Database) -> list[str]:
    return [
        r["name"]
        for r in source.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name != 'schema_migrations' ORDER BY rowid"
        )
    ]


def _tables_in_order(target: PgDatabase, tables: list[str]) -> list[str]:
    """Referenced tables before the tables whose foreign keys point at them."""
    edges = target.rows(
        "SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent"
        " FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
    )
    parents: dict[str, set[str]] = {t: set() for t in tables}
    for e in edges:
        if e["child"] in parents and e["parent"] in parents and e["child"] != e["parent"]:
            parents[e["child"]].add(e["parent"])
    ordered: list[str] = []
    while parents:
        ready = [t for t in tables if t in parents and not parents[t] - set(ordered)]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {sorted(parents)}")
        for t in ready:
            ordered.append(t)
            del parents[t]
    missing = [
        t
        for t in ordered
        if not target.scalar(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?", (t,)
        )
    ]
    if missing:
        raise ValidationError(f"PostgreSQL 数据库缺少这些表：{', '.join(missing)}")
    return ordered


def _columns(source: Database, table: str) -> list[str]:
    return [r["name"] for r in source.rows(f"PRAGMA table_info({table})")]


def _copy_table(source: Database, conn: Any, table: str) -> None:
    columns = _columns(source, table)
    names = ", ".join(columns)
    cursor = source.connection().execute(f"SELECT {names} FROM {table}")
    with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        while batch := cursor.fetchmany(BATCH):
            for row in batch:
                copy.write_row(tuple(row))


def _digest(row: tuple) -> bytes:
    parts = []
    for value in row:
        if value is None:
            parts.append(b"N")
        elif isinstance(value, bool | int):
            parts.append(b"i%d" % int(value))
        elif isinstance(value, float):
            parts.append(b"f" + repr(value).encode())
        elif isinstance(value, bytes | bytearray | memoryview):
            parts.append(b"b" + bytes(value).hex().encode())
        else:
            parts.append(b"s" + str(value).encode())
    return hashlib.sha256(b"\x1f".join(parts)).digest()


def table_checksum(rows: Any) -> tuple[int, str]:
    """Row count and a SHA-256 over the sorted row digests (the same rows in any order: the same sum)."""
    digests = sorted(_digest(tuple(r)) for r in rows)
    total = hashlib.sha256()
    for d in digests:
        total.update(d)
    return len(digests), total.hexdigest()


def _verify(source: Database, target: PgDatabase, table: str) -> TableCopy:
    names = ", ".join(_columns(source, table))
    n_src, sum_src = table_checksum(source.connection().execute(f"SELECT {names} FROM {table}"))
    n_dst, sum_dst = table_checksum(target.connection().execute(f"SELECT {names} FROM {table}").fetchall())
    return TableCopy(table, n_dst, sum_dst, n_src == n_dst and sum_src == sum_dst)
