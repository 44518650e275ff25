"""PostgreSQL from the command line: every command with ``--db postgresql://…``, and ``copy`` moving a
county's SQLite database up (counts, checksums, ciphertext, sequences, the audit log)."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from conftest import ROOT, make_id, one_clear_line

from gkreg import OpenDay

_names = itertools.count()


def gkreg(db: str, secrets: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "GKREG_SECRET_DIR": str(secrets), "PYTHONPATH": str(ROOT)}
    env.pop("GKREG_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "gkreg", "--db", db, *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


@pytest.fixture
def empty_pg(pg_cluster) -> str:
    """A brand-new PostgreSQL database with nothing in it (not even gkreg's tables)."""
    name = f"empty{os.getpid()}_{next(_names)}"
    url = pg_cluster.create_database(name)
    yield url
    pg_cluster.drop_database(name)


def sqlite_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name != 'schema_migrations'"
            )
        ]
        return {n: conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
    finally:
        conn.close()


def pg_counts(url: str, tables) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {n: conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in tables}


def test_copy_moves_a_county_up(tmp_path: Path, empty_pg: str) -> None:
    db, secrets = tmp_path / "county.db", tmp_path / "secrets"
    assert gkreg(str(db), secrets, "demo").returncode == 0
    source = sqlite_counts(db)
    assert source["registrations"] > 100 and source["opinions"] > 0 and source["audit_log"] > 0

    result = gkreg(str(db), secrets, "copy", "--to", empty_pg)
    assert result.returncode == 0, result.stderr
    assert "不一致" not in result.stdout and "registrations" in result.stdout
    copied = pg_counts(empty_pg, source)
    assert copied == {**source, "audit_log": source["audit_log"] + 1}  # + the copy's own audit entry

    # The same secrets open the copied ciphertext; the running totals and seats agree.
    lite, pg = OpenDay(db, secrets_dir=secrets), OpenDay(empty_pg, secrets_dir=secrets)
    try:
        reg = lite.db.row("SELECT id, id_cipher, event_id FROM registrations WHERE id_cipher IS NOT NULL LIMIT 1")
        again = pg.db.row("SELECT id_cipher FROM registrations WHERE id = ?", (reg["id"],))
        assert again["id_cipher"] == reg["id_cipher"]
        assert pg.vault.decrypt(again["id_cipher"]) == lite.vault.decrypt(reg["id_cipher"])
        assert pg.events.seats(reg["event_id"]) == lite.events.seats(reg["event_id"])
        assert pg.db.rows("SELECT * FROM coord_event_stats ORDER BY event_id") == lite.db.rows(
            "SELECT * FROM coord_event_stats ORDER BY event_id"
        )
        # Sequences continue after the copied ids: a new sign-up neither collides nor reuses an id.
        event = pg.db.scalar("SELECT id FROM events WHERE status = 'open' AND approval = 'auto' ORDER BY id LIMIT 1")
        top = pg.db.scalar("SELECT max(id) FROM registrations")
        new = pg.registrations.register(event, name="迁移后", phone="13911112222", id_number=make_id(777, birth="19700101"))
        assert new.id > top
        assert pg.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'database.copy'") == 1
    finally:
        lite.close()
        pg.close()

    # A second copy into the now used database is refused and changes nothing.
    again = gkreg(str(db), secrets, "copy", "--to", empty_pg)
    assert again.returncode == 1
    one_clear_line(again, chinese=False)
    assert "不是空的" in again.stderr
    assert pg_counts(empty_pg, ["registrations"])["registrations"] == copied["registrations"] + 1


def test_copy_needs_a_sqlite_source_and_a_postgresql_target(tmp_path: Path, empty_pg: str) -> None:
    secrets = tmp_path / "secrets"
    missing = gkreg(str(tmp_path / "nope.db"), secrets, "copy", "--to", empty_pg)
    assert missing.returncode == 1
    one_clear_line(missing, chinese=False)
    db = tmp_path / "a.db"
    assert gkreg(str(db), secrets, "init").returncode == 0
    not_pg = gkreg(str(db), secrets, "copy", "--to", str(tmp_path / "b.db"))
    assert not_pg.returncode == 1
    one_clear_line(not_pg, chinese=False)


def test_every_command_with_a_postgresql_url(tmp_path: Path, empty_pg: str) -> None:
    secrets = tmp_path / "secrets"
    assert gkreg(empty_pg, secrets, "init").returncode == 0
    demo = gkreg(empty_pg, secrets, "demo")
    assert demo.returncode == 0, demo.stderr
    added = gkreg(empty_pg, secrets, "user", "add", "pgclerk", "--role", "coordinator", stdin="pg-pass-123\n")
    assert added.returncode == 0, added.stderr
    od = OpenDay(empty_pg, secrets_dir=secrets)
    try:
        assert od.users.verify_password("pgclerk", "pg-pass-123")
        event = od.db.scalar("SELECT event_id FROM registrations WHERE status = 'confirmed' ORDER BY id LIMIT 1")
    finally:
        od.close()
    out = tmp_path / "list.csv"
    exported = gkreg(empty_pg, secrets, "export", str(event), "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_text(encoding="utf-8-sig").count("\n") > 1
    purged = gkreg(empty_pg, secrets, "purge", "--days", "30")
    assert purged.returncode == 0, purged.stderr
    backup = gkreg(empty_pg, secrets, "backup", str(tmp_path / "b.db"))
    assert backup.returncode == 1 and "pg_dump" in backup.stderr
    one_clear_line(backup, chinese=False)


def test_an_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    from conftest import free_port

    result = gkreg(f"postgresql://nobody:secret@127.0.0.1:{free_port()}/none", tmp_path / "s", "init")
    assert result.returncode == 1
    one_clear_line(result, chinese=False)
    assert "secret" not in result.stderr  # the password never reaches the terminal or a log
