"""Notifications: the outbox is written with its cause, the sender delivers it to a real HTTP gateway
on the loopback (and a real SMTP server), retries with the same key, and survives kill -9."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, World, make_id

from gkreg import OpenDay, clock
from gkreg.errors import DuplicateRegistration, PermissionDenied, QuotaError, ValidationError
from gkreg.notify import configured_channels, display_state
from gkreg.notify.scheduled import reset_memory
from gkreg.notify.sender import Channels, Sender, SenderBusy
from gkreg.planning import Planning

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL

TOKEN = "test-token-123"


class Gateway:
    """A county SMS gateway on 127.0.0.1: records every POST, answers 200 unless told otherwise."""

    def __init__(self) -> None:
        self.requests: list[dict] = []  # every request, delivered or not
        self.fail_next = 0
        self.delay = 0.0
        self.in_flight = threading.Event()
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with gateway.lock:
                    failing = gateway.fail_next > 0
                    if failing:
                        gateway.fail_next -= 1
                    gateway.requests.append(
                        {**body, "auth": self.headers.get("Authorization"), "status": 500 if failing else 200}
                    )
                gateway.in_flight.set()
                if gateway.delay:
                    time.sleep(gateway.delay)
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def delivered(self) -> list[dict]:
        return [r for r in self.requests if r["status"] == 200]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(monkeypatch: pytest.MonkeyPatch):
    gw = Gateway()
    monkeypatch.setenv("GKREG_SMS_URL", gw.url)
    monkeypatch.setenv("GKREG_SMS_TOKEN", TOKEN)
    monkeypatch.delenv("GKREG_SMTP_URL", raising=False)
    yield gw
    gw.close()


@pytest.fixture(autouse=True)
def _clock_back():
    reset_memory()
    yield
    clock.shift(dt.timedelta(0))


def sender_for(od) -> Sender:
    """A sender holding the lock (tests keep one per database)."""
    sender = Sender(od, Channels.from_env())
    sender.acquire(wait=False)
    return sender


def send_once(od):
    sender = sender_for(od)
    try:
        return sender.run_once()
    finally:
        sender.release()


def outbox(od) -> list[dict]:
    return od.db.rows("SELECT * FROM outbox ORDER BY id")


# ---- the stories the issue names -------------------------------------------------------------


def test_review_signup_then_approval_sends_received_and_approved_with_the_code(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="review", location="机关一楼会议室")
    reg = world.signup(event, 1, phone="13912345678")
    od.registrations.approve(reg.id, world.staff_a)
    summary = send_once(od)
    assert summary.sent == 2
    texts = [r["text"] for r in gateway.delivered]
    assert len(texts) == 2
    assert "已收到" in texts[0] and "审核后将短信告知" in texts[0]
    assert "审核通过" in texts[1]
    for request in gateway.delivered:
        assert reg.code in request["text"]
        assert request["phone"] == "13912345678"
        assert request["auth"] == f"Bearer {TOKEN}"
        assert request["text"].startswith("【甲县政务公开】")
        assert make_id(1) not in request["text"] and make_id(1)[-4:] not in request["text"]
        assert len(request["text"]) <= 134
    assert {r["status"] for r in outbox(od)} == {"sent"}
    # a second pass sends nothing again
    assert send_once(od).sent == 0
    assert len(gateway.requests) == 2


def test_gateway_failing_twice_delivers_once_on_the_third_try_with_the_same_key(world: World, gateway: Gateway):
    od = world.od
    world.signup(world.event(approval="auto"), 1)
    gateway.fail_next = 2
    sender = sender_for(od)
    assert sender.run_once().failed == 1
    row = outbox(od)[0]
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert clock.parse(row["next_try_at"]) >= clock.now() + dt.timedelta(seconds=55)
    assert sender.run_once().failed == 0 and len(gateway.requests) == 1  # not due yet: no hammering
    clock.shift(dt.timedelta(minutes=1, seconds=5))
    assert sender.run_once().failed == 1
    assert clock.parse(outbox(od)[0]["next_try_at"]) >= clock.now() + dt.timedelta(minutes=4, seconds=55)
    clock.shift(dt.timedelta(minutes=6, seconds=10))
    assert sender.run_once().sent == 1
    assert [r["status"] for r in gateway.requests] == [500, 500, 200]
    assert len({r["id"] for r in gateway.requests}) == 1
    assert gateway.requests[0]["id"] == row["key"]
    assert len(gateway.delivered) == 1
    final = outbox(od)[0]
    assert (final["status"], final["attempts"]) == ("sent", 3)


def test_five_failures_give_up_after_the_backoff(world: World, gateway: Gateway):
    od = world.od
    world.signup(world.event(approval="auto"), 1)
    gateway.fail_next = 99
    sender = sender_for(od)
    waited = dt.timedelta(0)
    for step in (
        dt.timedelta(0),
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
    ):
        waited += step + dt.timedelta(seconds=5)
        clock.shift(waited)
        sender.run_once()
    row = outbox(od)[0]
    assert (row["status"], row["attempts"]) == ("given_up", 5)
    assert len(gateway.requests) == 5
    clock.shift(waited + dt.timedelta(days=1))
    sender.run_once()
    assert len(gateway.requests) == 5


def test_cancelled_event_sends_one_message_per_live_registration(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="review", capacity=3)
    pending = world.signup(event, 1)
    confirmed = [world.signup(event, n) for n in (2, 3)]
    for reg in confirmed:
        od.registrations.approve(reg.id, world.staff_a)
    od.registrations.register(event, name="李四", phone="", category="npc_deputy", invited_by=world.staff_a)
    waitlisted = world.signup(event, 4)
    od.registrations.approve(waitlisted.id, world.staff_a)  # no seat left: waitlisted
    rejected = world.signup(event, 5)
    od.registrations.reject(rejected.id, world.staff_a, "非本县常住居民")
    gone = world.signup(event, 6)
    od.registrations.cancel(gone.id, world.staff_a)
    send_once(od)
    gateway.requests.clear()
    Planning(od).cancel(event, world.staff_a, reason="场地检修")
    send_once(od)
    got = sorted(r["phone"] for r in gateway.delivered)
    assert got == sorted([pending.phone, confirmed[0].phone, confirmed[1].phone, waitlisted.phone])
    assert all("已取消" in r["text"] for r in gateway.delivered)
    assert len({r["id"] for r in gateway.delivered}) == 4


def test_rolled_back_change_has_no_notice(world: World, gateway: Gateway, monkeypatch: pytest.MonkeyPatch):
    od = world.od
    event = world.event(approval="review")
    reg = world.signup(event, 1)
    send_once(od)
    gateway.requests.clear()
    before = len(outbox(od))

    # The approval writes its notice, then the transaction fails before COMMIT (as a QuotaError
    # from the capacity trigger would): the notice must vanish with the approval.
    def failing_audit(self):
        raise QuotaError("名额已满，未能保存。")

    tx_class = type(od.db).__module__ == "gkreg.pg" and "gkreg.pg.PgTx" or "gkreg.db.Tx"
    monkeypatch.setattr(f"{tx_class}._write_audit", failing_audit)
    with pytest.raises(QuotaError):
        od.registrations.approve(reg.id, world.staff_a)
    monkeypatch.undo()
    assert len(outbox(od)) == before
    assert od.registrations.get(reg.id).status == "pending"
    send_once(od)
    assert gateway.requests == []


def test_refused_signup_writes_no_notice(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="auto", capacity=1)
    world.signup(event, 1)
    with pytest.raises(DuplicateRegistration):
        world.signup(event, 1)
    assert [r["kind"] for r in outbox(od)] == ["received"]


def test_each_state_change_names_itself(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="review", capacity=1)
    first, second, third = (world.signup(event, n) for n in (1, 2, 3))
    od.registrations.approve(first.id, world.staff_a)  # confirmed
    od.registrations.approve(second.id, world.staff_a)  # no seat: waitlisted (position 1)
    od.registrations.reject(third.id, world.staff_a, "名额优先本地群众")
    od.registrations.cancel(first.id, world.staff_a)  # frees the seat: second is promoted
    kinds = [(r["kind"], r["registration_id"]) for r in outbox(od)]
    assert kinds == [
        ("received", first.id),
        ("received", second.id),
        ("received", third.id),
        ("approved", first.id),
        ("waitlisted", second.id),
        ("rejected", third.id),
        ("promoted", second.id),
        ("withdrawn", first.id),
    ]
    bodies = {r["kind"]: r["body"] for r in outbox(od)}
    assert "候补第1位" in bodies["waitlisted"]
    assert "名额优先本地群众" in bodies["rejected"]
    assert second.code in bodies["promoted"]


def test_time_or_place_change_tells_the_live_registrations(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="auto", location="一楼")
    regs = [world.signup(event, n) for n in (1, 2)]
    od.registrations.cancel(regs[1].id, world.staff_a)
    planning = Planning(od)
    planning.update(event, world.staff_a, description="只改介绍")
    assert not [r for r in outbox(od) if r["kind"] == "changed"]
    planning.update(event, world.staff_a, location="三楼多功能厅")
    changed = [r for r in outbox(od) if r["kind"] == "changed"]
    assert [r["registration_id"] for r in changed] == [regs[0].id]
    assert "三楼多功能厅" in changed[0]["body"]


def test_long_titles_are_shortened_to_fit_and_switched_off_types_are_not_queued(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="review", title="关于" + "城市更新与老旧小区改造" * 8 + "的开放日", location="县政府大院" * 10)
    reg = world.signup(event, 1)
    body = outbox(od)[0]["body"]
    assert len(body) <= 134 and reg.code in body and "…" in body
    od.notify.settings.set_enabled("approved", False, world.coordinator)
    od.registrations.approve(reg.id, world.staff_a)
    assert [r["kind"] for r in outbox(od)] == ["received"]


def test_edited_template_and_signature_are_used(world: World, gateway: Gateway):
    od = world.od
    od.notify.settings.set_signature("乙县政务公开", world.coordinator)
    od.notify.settings.set_template("received", "已收到您的报名，编号{code}，活动{title}。", world.coordinator)
    reg = world.signup(world.event(approval="review", title="开放日"), 1)
    assert outbox(od)[0]["body"] == f"【乙县政务公开】已收到您的报名，编号{reg.code}，活动开放日。"
    with pytest.raises(ValidationError, match="不认识的占位符"):
        od.notify.settings.set_template("received", "编号{code}{id_number}", world.coordinator)
    with pytest.raises(PermissionDenied):
        od.notify.settings.set_template("received", "x", world.staff_a)


# ---- no channel, privacy, the CLI ------------------------------------------------------------


def test_without_a_gateway_notices_queue_and_say_why(world: World, monkeypatch: pytest.MonkeyPatch):
    for name in ("GKREG_SMS_URL", "GKREG_SMS_TOKEN", "GKREG_SMTP_URL"):
        monkeypatch.delenv(name, raising=False)
    od = world.od
    world.signup(world.event(approval="auto"), 1)
    summary = send_once(od)
    assert (summary.sent, summary.failed) == (0, 0)
    rows = od.notify.outbox(world.coordinator)
    assert [r["status"] for r in rows] == ["queued"]
    assert display_state(rows[0], configured_channels()) == "no_sms_gateway"
    assert rows[0]["recipient"] == "139****0001"


def test_phone_numbers_never_reach_the_log(world: World, gateway: Gateway, caplog: pytest.LogCaptureFixture):
    od = world.od
    world.signup(world.event(approval="auto"), 1, phone="13912345678")
    gateway.fail_next = 1
    with caplog.at_level(logging.DEBUG, logger="gkreg"):
        sender = sender_for(od)
        sender.run_once()
        clock.shift(dt.timedelta(minutes=2))
        sender.run_once()
    assert caplog.records
    assert all("13912345678" not in r.getMessage() for r in caplog.records)
    assert any("139****5678" in r.getMessage() for r in caplog.records)


def test_purge_erases_phones_in_old_outbox_rows(world: World, gateway: Gateway):
    od = world.od
    event = world.event(approval="auto", days=1)
    world.signup(event, 1)
    send_once(od)
    from gkreg.retention import purge

    clock.shift(dt.timedelta(days=100))
    purge(od.db, 90, actor="cli")
    rows = outbox(od)
    assert rows and all(r["recipient"] is None and r["erased_at"] for r in rows)


def test_resend_after_giving_up_is_audited(world: World, gateway: Gateway):
    od = world.od
    world.signup(world.event(approval="auto"), 1)
    od.db.connection().execute("UPDATE outbox SET status = 'given_up', attempts = 5")
    row_id = outbox(od)[0]["id"]
    with pytest.raises(PermissionDenied):
        od.notify.resend(row_id, world.staff_a)
    od.notify.resend(row_id, world.coordinator)
    assert od.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'notify.resend' AND actor = 'coord'") == 1
    assert send_once(od).sent == 1
    assert od.notify.counts()["sent"] == 1


def run_cli(db: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), "GKREG_SECRET_DIR": str(db.parent / "secrets"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "gkreg", "--db", str(db), *args], env=full, capture_output=True, text=True, timeout=120
    )


def test_cli_once_exit_codes(tmp_path: Path, gateway: Gateway):
    db = tmp_path / "cli.db"
    from gkreg import OpenDay

    od = OpenDay(db, secrets_dir=tmp_path / "secrets")
    unit = od.units.add("甲县教育局")
    od.users.add("coord", "coord-pass-1", "coordinator")
    event = od.events.add(unit, title="开放日", starts_at=clock.now() + dt.timedelta(days=5), actor="coord", approval="auto")
    od.registrations.register(event, name="张三", phone="13900000001", id_number=make_id(1))
    od.close()
    bad = run_cli(db, "notify", "--once", env={"GKREG_SMS_URL": "ftp://gateway.example"})
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "GKREG_SMS_URL" in bad.stderr
    no_token = run_cli(db, "notify", "--once", env={"GKREG_SMS_TOKEN": ""})
    assert no_token.returncode == 1 and "GKREG_SMS_TOKEN" in no_token.stderr
    closed = run_cli(db, "notify", "--once", env={"GKREG_SMS_URL": "http://127.0.0.1:9/sms"})
    assert closed.returncode == 1 and len(closed.stderr.strip().splitlines()) == 1 and "短信网关" in closed.stderr
    assert "13900000001" not in closed.stderr + closed.stdout
    gateway.fail_next = 1
    conn = OpenDay(db, secrets_dir=tmp_path / "secrets")
    conn.db.connection().execute("UPDATE outbox SET next_try_at = '2000-01-01 00:00:00'")
    conn.close()
    refused = run_cli(db, "notify", "--once")
    assert refused.returncode == 0, refused.stderr  # a 500 is retried later, the channel works
    conn = OpenDay(db, secrets_dir=tmp_path / "secrets")
    conn.db.connection().execute("UPDATE outbox SET next_try_at = '2000-01-01 00:00:00'")
    conn.close()
    ok = run_cli(db, "notify", "--once")
    assert ok.returncode == 0 and "发送成功1条" in ok.stdout
    assert [r["status"] for r in gateway.requests] == [500, 200]


def test_kill_9_while_sending_loses_nothing_and_repeats_only_with_the_same_key(tmp_path: Path, gateway: Gateway):
    from gkreg import OpenDay

    db = tmp_path / "kill.db"
    od = OpenDay(db, secrets_dir=tmp_path / "secrets")
    unit = od.units.add("甲县教育局")
    od.users.add("coord", "coord-pass-1", "coordinator")
    event = od.events.add(unit, title="开放日", starts_at=clock.now() + dt.timedelta(days=5), actor="coord", approval="review")
    for n in range(1, 9):
        od.registrations.register(event, name="张三", phone=f"139{n:08d}", id_number=make_id(n))
    keys = {r["key"] for r in od.db.rows("SELECT key FROM outbox")}
    od.close()
    assert len(keys) == 8
    gateway.delay = 3.0  # each answer takes 3 s: the kill lands while the gateway holds a message
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GKREG_SECRET_DIR": str(tmp_path / "secrets")}
    cmd = [sys.executable, "-m", "gkreg", "--db", str(db), "notify", "--interval", "0.2"]
    for _ in range(2):
        gateway.in_flight.clear()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert gateway.in_flight.wait(60), "the sender never reached the gateway"
        time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    gateway.delay = 0.0
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 90
        check = OpenDay(db, secrets_dir=tmp_path / "secrets")
        while time.time() < deadline and check.db.scalar("SELECT count(*) FROM outbox WHERE status != 'sent'"):
            time.sleep(0.3)
        assert check.db.scalar("SELECT count(*) FROM outbox WHERE status != 'sent'") == 0
        check.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    delivered = {}
    for request in gateway.delivered:
        delivered.setdefault(request["id"], set()).add((request["phone"], request["text"]))
    assert set(delivered) == keys  # every message arrived
    assert all(len(v) == 1 for v in delivered.values())  # a repeat is always the same message under its key
    by_message = {}
    for request in gateway.delivered:
        by_message.setdefault((request["phone"], request["text"]), set()).add(request["id"])
    assert all(len(ids) == 1 for ids in by_message.values())  # never the same text under a second key
    assert len(gateway.delivered) > len(keys)  # the kill really came mid-send: something was repeated
    for n in range(1, 9):
        assert f"139{n:08d}" not in err.decode()


# ---- e-mail to staff -----------------------------------------------------------------------------


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch):
    from aiosmtpd.controller import Controller
    from conftest import free_port

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
            from email import message_from_bytes, policy

            received.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("GKREG_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("GKREG_MAIL_FROM", "gkreg@example.gov.cn")
    monkeypatch.delenv("GKREG_SMS_URL", raising=False)
    yield received
    controller.stop()


def test_daily_digest_reaches_a_real_smtp_server_once(world: World, smtp_server: list):
    od = world.od
    od.notify.set_staff_email(world.staff_a, "clerk-a@example.gov.cn", world.coordinator)
    od.notify.settings.set_hour("digest_hour", 0, world.coordinator)
    event = world.event(approval="review", title="义务教育招生政策面对面")
    world.signup(event, 1)
    world.signup(event, 2)
    opinion = od.feedback.submit("希望公开学区划分依据", unit_id=world.unit_a)
    od.db.connection().execute(
        "UPDATE opinions SET due_on = ? WHERE id = ?", ((clock.now().date() - dt.timedelta(days=1)).isoformat(), opinion)
    )
    sender = sender_for(od)
    summary = sender.run_once()
    assert summary.sent == 1 and summary.scheduled == 1
    ((rcpt, message),) = smtp_server
    assert rcpt == ["clerk-a@example.gov.cn"]
    assert message["From"] == "gkreg@example.gov.cn"
    assert "甲县教育局" in message["Subject"]
    body = message.get_content()
    assert "待审核的报名（共2条）" in body and "义务教育招生政策面对面" in body
    assert "已逾期" in body and "希望公开学区划分依据" in body
    assert message["Message-ID"].startswith("<dig-clerk_a-")
    reset_memory()
    assert sender.run_once().sent == 0  # once a day
    assert len(smtp_server) == 1
    assert world.staff_b not in [r["username"] for r in outbox(od)]  # no address, no digest


def test_office_cancelling_an_event_mails_the_units_clerks(world: World, smtp_server: list):
    od = world.od
    od.notify.set_staff_email(world.staff_a, "clerk-a@example.gov.cn", world.coordinator)
    event = world.event(approval="auto", title="水厂开放参观")
    Planning(od).cancel(event, world.coordinator, reason="台风预警")
    send_once(od)
    mails = [m for _, m in smtp_server]
    assert len(mails) == 1
    assert "水厂开放参观" in mails[0]["Subject"] and "台风预警" in mails[0].get_content()
    # the unit cancelling its own event does not mail itself
    other = world.event(approval="auto", title="另一场")
    Planning(od).cancel(other, world.staff_a)
    assert send_once(od).sent == 0


def test_reminder_the_day_before_goes_once(world: World, gateway: Gateway):
    od = world.od
    od.notify.settings.set_hour("reminder_hour", 0, world.coordinator)
    tomorrow = dt.datetime.combine(clock.now().date() + dt.timedelta(days=1), dt.time(9, 30))
    event = world.event(approval="auto", starts_at=tomorrow, registration_closes=tomorrow - dt.timedelta(hours=1))
    confirmed = world.signup(event, 1)
    cancelled = world.signup(event, 2)
    od.registrations.cancel(cancelled.id, world.staff_a)
    sender = sender_for(od)
    sender.run_once()
    sender.run_once()
    reminders = [r for r in gateway.delivered if "提醒" in r["text"]]
    assert [r["phone"] for r in reminders] == [confirmed.phone]
    assert "9:30" in reminders[0]["text"] or "09:30" in reminders[0]["text"]


def test_answered_opinion_texts_only_those_who_left_a_phone(world: World, gateway: Gateway):
    od = world.od
    with_phone = od.feedback.submit("路灯不亮", unit_id=world.unit_a, phone="13800000001", consent=True)
    anonymous = od.feedback.submit("公交站牌看不清", unit_id=world.unit_a)
    for opinion in (with_phone, anonymous):
        od.feedback.respond(opinion, status="answered", response="已安排维修", actor=world.staff_a)
    send_once(od)
    assert [r["phone"] for r in gateway.delivered] == ["13800000001"]
    assert od.feedback.code(with_phone) in gateway.delivered[0]["text"]


def test_every_notification_audit_action_has_a_chinese_name(world: World, gateway: Gateway):
    from gkreg.labels import AUDIT_ACTIONS

    od = world.od
    event = world.event(approval="auto")
    world.signup(event, 1)
    gateway.fail_next = 1
    send_once(od)
    od.db.connection().execute("UPDATE outbox SET status = 'given_up'")
    od.notify.resend(outbox(od)[0]["id"], world.coordinator)
    send_once(od)
    od.notify.settings.set_hour("reminder_hour", 9, world.coordinator)
    od.notify.set_staff_email(world.staff_a, "a@example.gov.cn", world.coordinator)
    od.notify.phone_check.set_required(event, True, world.staff_a)
    od.notify.phone_check.send_code(event, "13900000009", "10.0.0.1")
    actions = {r["action"] for r in od.db.rows("SELECT DISTINCT action FROM audit_log")}
    notify_actions = {a for a in actions if a.startswith(("notify.", "phone_check.", "user.set_email", "event.phone"))}
    assert len(notify_actions) >= 7
    assert all(a in AUDIT_ACTIONS for a in notify_actions), notify_actions - set(AUDIT_ACTIONS)


def test_one_sender_per_county_database_and_none_across_counties(world: World, backend, request, tmp_path):
    # PostgreSQL used a lock file named after a path it does not have ("None.notify.lock" in the working
    # directory), shared by every county on the machine and useless across machines.
    od = world.od
    if backend == "postgresql":  # the other county: another database in the same cluster
        cluster = request.getfixturevalue("pg_cluster")
        where: str | Path = cluster.create_database(f"other{os.getpid()}", template=request.getfixturevalue("pg_template"))
    else:
        where = tmp_path / "other-county.db"
    first = sender_for(od)
    try:
        with pytest.raises(SenderBusy):
            sender_for(od)
        other = OpenDay(where, secrets_dir=tmp_path / "other-secrets")
        try:
            sender_for(other).release()  # another county's sender is not held up
        finally:
            other.close()
    finally:
        first.release()
    sender_for(od).release()  # released: the next sender takes over
    assert not (Path.cwd() / "None.notify.lock").exists()
