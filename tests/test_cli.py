"""The command line (`python -m gkreg`): each command, its output files and its exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_id, one_clear_line
from openpyxl import load_workbook

from gkreg import OpenDay, clock

FORMULA_START = ("=", "+", "-", "@")
MASKED = re.compile(r"^\d{3}\*{11}[\dX]{4}$")


def gkreg(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "GKREG_SECRET_DIR": str(db.parent / "secrets"), "PYTHONPATH": str(ROOT)}
    env.pop("GKREG_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "gkreg", "--db", str(db), *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = gkreg(db, "demo")
    assert result.returncode == 0, result.stderr
    assert "演示数据" in result.stdout
    return db


def test_init_creates_and_migrates(tmp_path: Path) -> None:
    db = tmp_path / "new" / "fresh.db"
    first = gkreg(db, "init")
    assert first.returncode == 0, first.stderr
    assert db.exists()
    counts = table_counts(db)
    assert {"units", "users", "events", "registrations", "audit_log", "schema_migrations"} <= set(counts)
    again = gkreg(db, "init")  # idempotent
    assert again.returncode == 0 and table_counts(db) == counts


def test_demo_data_and_second_demo_refused(demo_db: Path) -> None:
    od = OpenDay(demo_db, secrets_dir=demo_db.parent / "secrets")
    assert od.db.scalar("SELECT count(*) FROM units") >= 12
    statuses = {r["status"] for r in od.db.rows("SELECT DISTINCT status FROM registrations")}
    assert statuses == {"pending", "confirmed", "waitlisted", "rejected", "cancelled"}
    categories = {r["category"] for r in od.db.rows("SELECT DISTINCT category FROM registrations")}
    assert categories == {"citizen", "npc_deputy", "cppcc_member", "media", "expert", "other"}
    assert od.users.verify_password("edu", "edu-demo")
    assert od.users.verify_password("coordinator", "coordinator-demo")
    # Every demo event keeps the seat rules.
    for event in od.events.list_for_unit(None):
        seats = od.events.seats(event.id)
        assert seats.confirmed <= seats.capacity
        assert seats.confirmed_others <= seats.capacity - seats.citizen_reserved
    before = table_counts(demo_db)
    second = gkreg(demo_db, "demo")
    assert second.returncode == 1
    one_clear_line(second)
    assert table_counts(demo_db) == before


def test_demo_scale(tmp_path: Path, demo_db: Path) -> None:
    db = tmp_path / "scaled.db"
    result = gkreg(db, "demo", "--scale", "2")
    assert result.returncode == 0, result.stderr
    scaled, single = table_counts(db), table_counts(demo_db)
    assert scaled["units"] >= 2 * single["units"] - 1
    assert scaled["events"] >= 2 * single["events"] - 2
    assert scaled["registrations"] > 1.5 * single["registrations"]


def test_user_add_reads_password_from_stdin(demo_db: Path) -> None:
    ok = gkreg(
        demo_db,
        "user",
        "add",
        "wangli",
        "--role",
        "unit_staff",
        "--unit",
        "示范县教育局",
        "--name",
        "王丽",
        stdin="wangli-secret-1\n",
    )
    assert ok.returncode == 0, ok.stderr
    od = OpenDay(demo_db, secrets_dir=demo_db.parent / "secrets")
    user = od.users.get("wangli")
    assert user["role"] == "unit_staff" and user["unit_name"] == "示范县教育局"
    assert od.users.verify_password("wangli", "wangli-secret-1")
    assert "wangli-secret-1" not in demo_db.read_bytes().decode("latin-1")
    short = gkreg(demo_db, "user", "add", "zhaoqi", "--role", "coordinator", stdin="short\n")
    assert short.returncode == 1
    one_clear_line(short)
    assert od.users.get("zhaoqi") is None
    unknown_unit = gkreg(
        demo_db, "user", "add", "zhaoba", "--role", "unit_staff", "--unit", "不存在的局", stdin="long-enough-1\n"
    )
    assert unknown_unit.returncode == 1
    one_clear_line(unknown_unit)


def test_backup_is_a_consistent_copy(demo_db: Path, tmp_path: Path) -> None:
    before = table_counts(demo_db)
    dest = tmp_path / "copy.db"
    result = gkreg(demo_db, "backup", str(dest))
    assert result.returncode == 0, result.stderr
    after = table_counts(demo_db)
    assert after["audit_log"] == before["audit_log"] + 1
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == before["registrations"]
    conn.close()
    last = sqlite3.connect(demo_db).execute("SELECT action, actor FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("backup", "cli")
    missing_dir = gkreg(demo_db, "backup", str(tmp_path / "no" / "such" / "dir.db"))
    assert missing_dir.returncode == 1
    one_clear_line(missing_dir)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("不是数据库")
    audit_before = table_counts(demo_db)["audit_log"]
    for bad in (tmp_path, text_file):  # a directory, an existing file that is not a database
        refused = gkreg(demo_db, "backup", str(bad))
        assert refused.returncode == 1
        one_clear_line(refused)
    assert text_file.read_text() == "不是数据库"
    assert table_counts(demo_db)["audit_log"] == audit_before  # no audit entry for a backup that did not happen


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello")
    result = gkreg(path, "init")
    assert result.returncode == 1
    one_clear_line(result)


@pytest.fixture
def export_event(tmp_path: Path) -> tuple[Path, int]:
    db = tmp_path / "export.db"
    od = OpenDay(db, secrets_dir=tmp_path / "secrets")
    unit = od.units.add("导出测试局")
    od.users.add("clerk", "clerk-pass-1", "unit_staff", unit_id=unit)
    event = od.events.add(unit, title="导出测试", starts_at=clock.now() + dt.timedelta(days=3), actor="clerk", approval="auto")
    od.registrations.register(event, name="张三", phone="13900000001", id_number=make_id(1))
    for n, org in enumerate(['=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1:A2)", "=1+1"], 2):
        od.registrations.register(
            event,
            name="李四",
            phone=f"1390000000{n}",
            category="expert",
            invited_by="clerk",
            organization=org,
            id_number=make_id(n),
            note="=cmd|' /C calc'!A0",
        )
    od.close()
    return db, event


def test_export_xlsx_and_csv(export_event: tuple[Path, int], tmp_path: Path) -> None:
    db, event = export_event
    xlsx = tmp_path / "list.xlsx"
    result = gkreg(db, "export", str(event), "-o", str(xlsx))
    assert result.returncode == 0, result.stderr
    book = load_workbook(xlsx)
    sheet = book.active
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    assert "身份证号" in headers and "工作单位/职业" in headers
    id_col, org_col = headers.index("身份证号"), headers.index("工作单位/职业")
    assert len(rows) == 7
    for row in rows[1:]:
        assert MASKED.match(row[id_col].value), row[id_col].value
    orgs = {row[org_col].value for row in rows[1:]}
    assert "'=1+1" in orgs and "'@SUM(A1:A2)" in orgs
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_START), (cell.coordinate, cell.value)
    full = [make_id(n) for n in range(1, 7)]
    for path_text in (xlsx.read_bytes(),):
        assert not any(n.encode() in path_text for n in full)

    out = tmp_path / "list.csv"
    result = gkreg(db, "export", str(event), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == headers and len(table) == 7
    for row in table[1:]:
        assert MASKED.match(row[id_col])
        for value in row:
            assert not value.startswith(FORMULA_START), value
    assert not any(n in text for n in full)
    # --format wins over the extension.
    forced = tmp_path / "list.txt"
    assert gkreg(db, "export", str(event), "-o", str(forced), "--format", "csv").returncode == 0
    assert forced.read_bytes().startswith(b"\xef\xbb\xbf")
    unknown = gkreg(db, "export", "9999", "-o", str(tmp_path / "x.xlsx"))
    assert unknown.returncode == 1
    one_clear_line(unknown)


def test_purge_erases_old_identities_only(tmp_path: Path) -> None:
    db = tmp_path / "purge.db"
    od = OpenDay(db, secrets_dir=tmp_path / "secrets")
    unit = od.units.add("保留期限测试局")
    od.users.add("clerk", "clerk-pass-1", "unit_staff", unit_id=unit)
    now = clock.now()
    old = od.events.add(
        unit, title="旧活动", starts_at=now - dt.timedelta(days=40), actor="clerk", ends_at=now - dt.timedelta(days=39)
    )
    ended_late = od.events.add(
        unit, title="刚结束", starts_at=now - dt.timedelta(days=40), actor="clerk", ends_at=now - dt.timedelta(days=20)
    )  # started long ago, ended recently
    new = od.events.add(unit, title="新活动", starts_at=now + dt.timedelta(days=3), actor="clerk")
    for event in (old, ended_late, new):
        for n in range(3):
            od.registrations.register(
                event,
                name="王五",
                phone=f"1370000{event:02d}{n:02d}",
                id_number=make_id(n),
                category="citizen",
                invited_by="clerk",
            )
    before = {e: od.events.seats(e) for e in (old, ended_late, new)}
    od.close()
    result = gkreg(db, "purge", "--days", "30")
    assert result.returncode == 0, result.stderr
    assert "3" in result.stdout
    od = OpenDay(db, secrets_dir=tmp_path / "secrets")
    rows = od.db.rows("SELECT event_id, phone, id_cipher, id_hash, id_masked, erased_at, name FROM registrations")
    assert len(rows) == 9
    for row in rows:
        erased = row["event_id"] == old
        assert (row["phone"] is None) == erased
        assert (row["id_cipher"] is None) == erased and (row["id_hash"] is None) == erased
        assert (row["id_masked"] == "") == erased and (row["erased_at"] is not None) == erased
    assert {e: od.events.seats(e) for e in (old, ended_late, new)} == before
    assert od.db.row("SELECT * FROM audit_log WHERE action = 'privacy.purge'")["actor"] == "cli"
    od.close()
    # Default (90 days) erases nothing more; a negative number is a user error.
    assert gkreg(db, "purge").returncode == 0
    negative = gkreg(db, "purge", "--days", "-1")
    assert negative.returncode == 1
    one_clear_line(negative)


@pytest.mark.parametrize(
    "args", [[], ["frobnicate"], ["demo", "--scale", "many"], ["export"], ["user", "add", "x"], ["purge", "--days"], ["backup"]]
)
def test_wrong_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    result = gkreg(tmp_path / "u.db", *args)
    assert result.returncode == 2, (args, result.stderr)
    assert "usage" in result.stderr and "Traceback" not in result.stderr


def test_purge_also_erases_old_questionnaire_contacts(tmp_path):
    from gkreg import OpenDay
    from gkreg.retention import purge

    od = OpenDay(tmp_path / "p.db", secrets_dir=tmp_path / "s")
    unit = od.units.add("测试局")
    od.users.add("boss", "boss-pass-1", "coordinator")
    survey = od.surveys.create(
        unit, title="满意度", actor="boss", questions=[{"kind": "rating", "text": "满意度", "options": [], "required": True}]
    )
    old = od.surveys.submit(survey, [5])
    new = od.surveys.submit(survey, [4])
    with od.db.transaction("t", "test.setup") as tx:
        tx.execute("UPDATE survey_responses SET name = '王五', phone = '13900000001'")
        tx.execute("UPDATE survey_responses SET submitted_at = '2020-01-01 10:00:00' WHERE id = ?", (old,))
    purge(od.db, 90)
    rows = {r["id"]: r for r in od.db.rows("SELECT id, name, phone FROM survey_responses")}
    assert (rows[old]["name"], rows[old]["phone"]) == ("", "")
    assert (rows[new]["name"], rows[new]["phone"]) == ("王五", "13900000001")
    assert od.surveys.results(survey)["responses"] == 2  # totals stay
