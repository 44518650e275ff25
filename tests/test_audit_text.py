"""The audit log reads as sentences (issue 11): every action named in both languages, every detail key
worded, names masked, no JSON, the source in words."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT
from test_rules import _audit_actions

from gkreg.audit_text import Names, action_name, describe, source_name
from gkreg.i18n.audit_text import DETAILS

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL

CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_action_written_by_gkreg_has_a_chinese_and_an_english_name():
    actions = _audit_actions()
    assert len(actions) > 80
    missing_zh = sorted(a for a in actions if action_name(a, "zh").startswith("其他操作"))
    missing_en = sorted(a for a in actions if action_name(a, "en").startswith("Other action"))
    assert not missing_zh, f"name these in gkreg/labels.py AUDIT_ACTIONS: {missing_zh}"
    assert not missing_en, f"name these in gkreg/i18n/audit_text.py ACTIONS_EN: {missing_en}"
    assert not [a for a in actions if CJK.search(action_name(a, "en"))]


def _detail_keys() -> set[str]:
    """Every keyword a ``tx.target(...)`` or ``tx.log(...)`` call in gkreg writes into an entry's detail."""
    keys: set[str] = set()
    for path in (ROOT / "gkreg").rglob("*.py"):
        if "demo" in path.relative_to(ROOT).parts:  # the checkout itself may sit in a folder named demo
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("target", "log"):
                keys.update(k.arg for k in node.keywords if k.arg)
    return keys


def test_every_detail_key_is_worded():
    keys = _detail_keys()
    assert {"reason", "status", "event_id", "count"} <= keys
    assert not sorted(keys - set(DETAILS)), "word these in gkreg/i18n/audit_text.py DETAILS"


def test_an_unknown_action_never_shows_a_bare_code():
    assert action_name("frobnicate.all", "zh") == "其他操作（frobnicate.all）"
    assert action_name("demo.event", "en") == "Loaded demo data"


def _entries(od, action):
    return od.db.rows(
        "SELECT action, target_type, target_id, detail, source FROM audit_log WHERE action = ? ORDER BY id", [action]
    )


def test_sentences_name_the_object_mask_the_person_and_show_no_json(world):
    od = world.od
    event = world.event(title="走进教育局开放日")
    reg = world.signup(event, 1, name="张三丰")
    od.registrations.approve(reg.id, world.staff_a)
    od.planning.cancel(event, world.coordinator, reason="台风预警")
    entries = _entries(od, "registration.approve") + _entries(od, "event.cancel") + _entries(od, "registration.signup")
    names = Names(od.db, entries)
    zh = [describe(e, names, "zh") for e in entries]
    en = [describe(e, names, "en") for e in entries]
    assert zh[0].startswith("审核通过 张** 的报名"), zh[0]
    assert "《走进教育局开放日》" in zh[0]
    assert zh[1].startswith("将活动《走进教育局开放日》取消，原因：台风预警"), zh[1]
    assert "公众报名" in zh[2]
    for text in zh + en:
        assert "张三丰" not in text and "三丰" not in text
        assert "{" not in text and '"event_id"' not in text and "registration" not in text
    assert en[0].startswith("Approved the sign-up of 张**"), en[0]
    assert "reason: 台风预警" in en[1]
    # The page's reader gives the sentence and the source in words.
    rows, _ = od.audit.page(world.coordinator, action="registration.approve")
    assert rows[0]["sentence"] == zh[0]


def test_the_log_names_the_office_behind_a_username(world):
    od = world.od
    od.users.add("weijian", "weijian-pass-1", "unit_staff", unit_id=world.unit_a, display_name="卫生健康局办公室")
    event = world.event(actor="weijian")
    od.planning.cancel(event, "weijian", reason="场地维修")
    zh, _ = od.audit.page(world.coordinator, who="weijian")
    en, _ = od.audit.page(world.coordinator, who="weijian", lang="en")
    assert {r["actor_name"] for r in zh} == {"卫生健康局办公室（weijian）"}
    assert {r["actor_name"] for r in en} == {"卫生健康局办公室 (weijian)"}
    assert od.audit.actor_labels(world.coordinator)["weijian"] == "卫生健康局办公室（weijian）"


def test_sources_in_words():
    assert source_name("web:clerk_a") == "网页（clerk_a）"
    assert source_name("cli") == "命令行"
    assert source_name("web", "en") == "web"
    assert source_name("cli", "en") == "command line"


def test_the_cli_logs_as_cli_and_the_sentence_says_so(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "c.db"
    env_secrets = tmp_path / "secrets"
    import os

    env = {**os.environ, "GKREG_SECRET_DIR": str(env_secrets), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "gkreg", "--db", str(db), "init"], env=env, check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "-m", "gkreg", "--db", str(db), "user", "add", "boss", "--role", "coordinator"],
        input="boss-pass-123\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    from gkreg import OpenDay

    od = OpenDay(db, secrets_dir=env_secrets)
    try:
        rows, _ = od.audit.page("boss", action="user.add")
        assert rows[0]["source"] == "cli"
        assert rows[0]["source_name"] == "命令行"
        assert rows[0]["sentence"].startswith("新增账号 boss")
    finally:
        od.close()


def test_the_export_keeps_codes_and_adds_the_sentence_in_the_language(world):
    import csv
    import io

    od = world.od
    event = world.event(title="走进教育局开放日")
    od.planning.cancel(event, world.coordinator, reason="台风预警")
    zh = list(csv.reader(io.StringIO(od.audit.export(world.coordinator, "csv", action="event.cancel").decode("utf-8-sig"))))
    en = list(
        csv.reader(io.StringIO(od.audit.export(world.coordinator, "csv", action="event.cancel", lang="en").decode("utf-8-sig")))
    )
    assert zh[0][-1] == "操作内容" and zh[1][2] == "event.cancel" and zh[1][-1].startswith("将活动《走进教育局开放日》取消")
    assert en[0] == ["Time", "By", "Action code", "Object type", "Object id", "Raw detail", "Source", "What was done"]
    assert en[1][-1].startswith('Cancelled the event "走进教育局开放日"; reason: 台风预警')
