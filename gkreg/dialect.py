"""The one place that knows SQLite from PostgreSQL.

Services write SQL in the SQLite dialect they always used (``?`` placeholders, ``INSERT OR
IGNORE``, ``sum(a = b)``, ``instr``). On PostgreSQL ``translate`` rewrites a statement once (cached)
and the few SQLite functions without a PostgreSQL twin are created by ``PG_PRELUDE`` (a ``sum`` over
booleans, ``instr``, ``date``/``datetime`` arithmetic on stored ISO text); an INSERT reports
``lastrowid`` through ``RETURNING id`` (gkreg/pg.py); ``ddl`` turns the per-area migrations'
statements into PostgreSQL DDL, with the triggers written again in PL/pgSQL
(gkreg/schema/postgresql.py). Which backend a target means is decided here too: a
``postgresql://`` URL is PostgreSQL, anything else a SQLite file.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from functools import lru_cache
from typing import Any

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
_URL = re.compile(r"^postgres(ql)?://", re.IGNORECASE)


def is_url(target: str | os.PathLike | None) -> bool:
    return isinstance(target, str) and bool(_URL.match(target))


def backend_of(target: str | os.PathLike) -> str:
    return POSTGRESQL if is_url(target) else SQLITE


def open_database(target: str | os.PathLike):
    """``Database`` for a SQLite path, ``PgDatabase`` for a ``postgresql://`` URL."""
    if is_url(target):
        from .pg import PgDatabase

        return PgDatabase(str(target))
    from .db import Database

    return Database(target)


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


# ---- errors both drivers raise -----------------------------------------------------------------


def database_errors() -> tuple[type[BaseException], ...]:
    """Exception classes meaning "the database cannot be used" (CLI: one clear line)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is in requirements.txt
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, psycopg.Error)


def integrity_errors() -> tuple[type[BaseException], ...]:
    """Constraint and trigger refusals (the triggers raise ``check_violation`` on PostgreSQL)."""
    import psycopg

    return (sqlite3.IntegrityError, psycopg.IntegrityError)


# ---- statements ----------------------------------------------------------------------------------

# SQLite's catalogue look-ups that services use, as PostgreSQL queries.
_CATALOGUE = [
    (
        re.compile(r"SELECT\s+name\s+FROM\s+sqlite_master\s+WHERE\s+type\s*=\s*'table'", re.IGNORECASE),
        lambda m: (
            "SELECT table_name AS name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        ),
    ),
    (
        re.compile(r"PRAGMA\s+table_info\((\w+)\)", re.IGNORECASE),
        lambda m: (
            "SELECT column_name AS name, (is_nullable = 'NO')::int AS notnull,"
            " column_default AS dflt_value FROM information_schema.columns"
            f" WHERE table_schema = current_schema() AND table_name = '{m.group(1).lower()}'"
            " ORDER BY ordinal_position"
        ),
    ),
]
# SQLite planner hints (``INDEXED BY name``, ``NOT INDEXED``): PostgreSQL's planner chooses alone.
_HINT = re.compile(r"\s+(?:INDEXED\s+BY\s+\w+|NOT\s+INDEXED)\b", re.IGNORECASE)
_OR_IGNORE = re.compile(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_OR_REPLACE = re.compile(r"\bINSERT\s+OR\s+REPLACE\b", re.IGNORECASE)
_DATE = re.compile(r"\bdate\(", re.IGNORECASE)  # PostgreSQL's date() is a cast to its date type
_LITERAL = re.compile(r"('(?:[^']|'')*')")


@lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """A statement in gkreg's SQLite dialect as PostgreSQL (psycopg ``%s`` placeholders)."""
    for pattern, build in _CATALOGUE:
        sql = pattern.sub(build, sql)
    sql = _HINT.sub("", sql)
    if _OR_REPLACE.search(sql):
        raise NotImplementedError("INSERT OR REPLACE: write INSERT … ON CONFLICT … DO UPDATE (works on both)")
    ignore = bool(_OR_IGNORE.search(sql))
    if ignore:
        sql = _OR_IGNORE.sub("INSERT INTO", sql)
    parts = _LITERAL.split(sql)
    for i in range(0, len(parts), 2):  # outside string literals: placeholders, SQLite's date()
        parts[i] = _DATE.sub("gkreg_date(", parts[i].replace("%", "%%").replace("?", "%s"))
    for i in range(1, len(parts), 2):  # inside: a literal % must not look like a placeholder
        parts[i] = parts[i].replace("%", "%%")
    sql = "".join(parts)
    if ignore:
        sql = _append_before_returning(sql.rstrip().rstrip(";"), " ON CONFLICT DO NOTHING")
    return sql


def _append_before_returning(sql: str, clause: str) -> str:
    found = re.search(r"\bRETURNING\b", sql, re.IGNORECASE)
    return sql + clause if not found else sql[: found.start()] + clause.strip() + " " + sql[found.start() :]


# ---- DDL ---------------------------------------------------------------------------------------

_TYPES = [
    (
        re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b(?!\s*\()", re.IGNORECASE),
        "id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\)\s*WITHOUT\s+ROWID\s*$", re.IGNORECASE), ")"),
]
_TRIGGER = re.compile(r"^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_DROP_TRIGGER = re.compile(r"^\s*DROP\s+TRIGGER\s+(IF\s+EXISTS\s+)?(\w+)\s*;?\s*$", re.IGNORECASE)


def ddl(statement: str | dict[str, Any]) -> list[str]:
    """One migration statement as PostgreSQL statements.

    A statement may be a ``{"sqlite": ..., "postgresql": ...}`` pair where the two cannot share
    text; a SQLite trigger is replaced by its PL/pgSQL twin registered in schema/postgresql.py.
    """
    if isinstance(statement, dict):
        found = statement[POSTGRESQL]
        return [found] if isinstance(found, str) else list(found)
    trigger = _TRIGGER.match(statement)
    if trigger:
        from .schema.postgresql import TRIGGERS

        name = trigger.group(1)
        if name not in TRIGGERS:
            raise NotImplementedError(f"trigger {name} has no PostgreSQL version in gkreg/schema/postgresql.py")
        return list(TRIGGERS[name])
    drop = _DROP_TRIGGER.match(statement)
    if drop:
        from .schema.postgresql import TRIGGER_TABLES

        table = TRIGGER_TABLES.get(drop.group(2))
        if table is None:
            raise NotImplementedError(f"trigger {drop.group(2)}: its table is not known in gkreg/schema/postgresql.py")
        return [f"DROP TRIGGER {drop.group(1) or ''}{drop.group(2)} ON {table}"]
    for pattern, replacement in _TYPES:
        statement = pattern.sub(replacement, statement)
    return [translate(statement).replace("%%", "%")]


def sqlite_ddl(statement: str | dict[str, Any]) -> str:
    return statement[SQLITE] if isinstance(statement, dict) else statement


# Created (idempotently) before PostgreSQL migrations: SQLite functions services rely on.
PG_PRELUDE = [
    # sum(a = b): SQLite counts true comparisons; NULL when there are no rows, like SQLite.
    """CREATE OR REPLACE FUNCTION gkreg_sum_bool(bigint, boolean) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS 'SELECT CASE WHEN $2 IS NULL THEN $1 ELSE coalesce($1, 0) + $2::int END'""",
    "CREATE OR REPLACE AGGREGATE sum(boolean) (SFUNC = gkreg_sum_bool, STYPE = bigint)",
    """CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE
       AS 'SELECT strpos($1, $2)'""",
    # datetime(stored, '+3 seconds'): date arithmetic on stored ISO text, answered as ISO text.
    """CREATE OR REPLACE FUNCTION datetime(text, text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$SELECT to_char($1::timestamp + $2::interval, 'YYYY-MM-DD HH24:MI:SS')$$""",
    """CREATE OR REPLACE FUNCTION datetime(text, text, text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$SELECT to_char($1::timestamp + $2::interval + $3::interval, 'YYYY-MM-DD HH24:MI:SS')$$""",
    """CREATE OR REPLACE FUNCTION gkreg_date(text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$SELECT to_char($1::timestamp, 'YYYY-MM-DD')$$""",
    """CREATE OR REPLACE FUNCTION gkreg_date(text, text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$SELECT to_char($1::timestamp + $2::interval, 'YYYY-MM-DD')$$""",
    """CREATE OR REPLACE FUNCTION datetime(text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$SELECT to_char($1::timestamp, 'YYYY-MM-DD HH24:MI:SS')$$""",
]
# Recorded in schema_migrations like a migration: a changed prelude runs again on existing databases.
PG_PRELUDE_NAME = "postgresql_prelude_" + hashlib.sha256("\n".join(PG_PRELUDE).encode()).hexdigest()[:12]

# Every gkreg write transaction on PostgreSQL first takes this transaction-level advisory lock:
# the analogue of SQLite's BEGIN IMMEDIATE (see gkreg/pg.py for why one lock, not one per event).
WRITE_LOCK_KEY = 0x676B726567  # "gkreg"
