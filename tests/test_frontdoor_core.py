"""The public front door without a browser: limits per client address kept in the database, the
phone limit, free-text cleaning, ID digits, defensive uploads, the stopped writer and file modes."""

from __future__ import annotations

import datetime as dt
import io
import logging
import multiprocessing as mp
import os
import signal
import stat
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from conftest import make_id, png_header_only

from gkreg import OpenDay, clock
from gkreg.client_address import client_address
from gkreg.errors import Busy, PermissionDenied, RateLimited, ValidationError
from gkreg.limits import Limits

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def _where(od: OpenDay) -> str:
    """What reopens this county's database: its file, or its PostgreSQL URL."""
    return str(od.db.path) if od.db.path is not None else od.db.url


# ---- who is asking -----------------------------------------------------------------------------


def test_client_address_ignores_forwarded_for_without_trusted_proxies(monkeypatch) -> None:
    monkeypatch.delenv("GKREG_TRUSTED_PROXIES", raising=False)
    assert client_address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert client_address("::ffff:203.0.113.7", None) == "203.0.113.7"
    assert client_address(None, "198.51.100.1") == "unknown"


def test_client_address_behind_trusted_proxies(monkeypatch) -> None:
    monkeypatch.setenv("GKREG_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.2")
    # The right-most entry that is not a trusted proxy; what the client wrote further left is ignored.
    assert client_address("::ffff:127.0.0.1", "6.6.6.6, 198.51.100.9, 10.0.0.2") == "198.51.100.9"
    assert client_address("127.0.0.1", "198.51.100.9") == "198.51.100.9"
    assert client_address("127.0.0.1", None) == "127.0.0.1"
    # A peer that is not trusted cannot choose its address by sending the header.
    assert client_address("203.0.113.7", "198.51.100.9") == "203.0.113.7"
    assert client_address("127.0.0.1", "garbage, 198.51.100.9") == "198.51.100.9"


# ---- the seat-grab script ----------------------------------------------------------------------


def test_seat_grab_script_is_stopped_by_phone_and_address_limits(world) -> None:
    od = world.od
    event = world.event(approval="auto", capacity=12)
    # One phone, made-up ID numbers: the third is refused naming the phone field, nothing written.
    for seq in (1, 2):
        world.signup(event, seq, phone="13900000001")
    before = od.db.scalar("SELECT count(*) FROM registrations")
    with pytest.raises(ValidationError) as refused:
        world.signup(event, 3, phone="13900000001")
    assert refused.value.field == "phone"
    assert "13900000001" not in str(refused.value)
    assert od.db.scalar("SELECT count(*) FROM registrations") == before
    # Invitations are not limited by phone.
    for _ in range(3):
        od.registrations.register(event, name="特邀代表", phone="13900000001", category="media", invited_by="clerk_a")
    # One client address, a fresh phone each time: the 4th sign-up in 10 minutes needs the picture code.
    client = "203.0.113.50"
    for seq in range(10, 13):
        world.signup(event, seq, client=client)
    with pytest.raises(ValidationError) as needs_code:
        world.signup(event, 13, client=client)
    assert needs_code.value.field == "captcha"
    assert Limits(od.db).signup_needs_captcha(client, event)
    assert not Limits(od.db).signup_needs_captcha("203.0.113.51", event)
    world.signup(event, 13, client=client, captcha_ok=True)


def test_more_than_twenty_signups_an_hour_are_refused_with_the_wait(world, restore_clock) -> None:
    event = world.event(approval="review", capacity=30)
    client = "203.0.113.60"
    for seq in range(20):
        world.signup(event, 100 + seq, client=client, captcha_ok=True)
    with pytest.raises(RateLimited) as refused:
        world.signup(event, 200, client=client, captcha_ok=True)
    assert 0 < refused.value.wait_seconds <= 3600
    assert "分钟后" in str(refused.value) and "20" not in str(refused.value)
    clock.shift(dt.timedelta(minutes=61))
    world.signup(event, 201, client=client, captcha_ok=True)


def test_high_demand_event_asks_the_code_from_the_first_signup(world) -> None:
    event = world.event()
    limits = Limits(world.od.db)
    limits.set_high_demand(event, True, "clerk_a")
    assert limits.signup_needs_captcha("203.0.113.70", event)
    with pytest.raises(ValidationError) as refused:
        world.signup(event, 1, client="203.0.113.70")
    assert refused.value.field == "captcha"
    world.signup(event, 1, client="203.0.113.70", captcha_ok=True)
    with pytest.raises(PermissionDenied):
        limits.set_high_demand(event, False, "clerk_b")  # another unit's staff


def test_limits_are_settings(world) -> None:
    od = world.od
    od.settings.set("phone_live_max", 1, "coord")
    event = world.event()
    world.signup(event, 1, phone="13900000002")
    with pytest.raises(ValidationError):
        world.signup(event, 2, phone="13900000002")


# ---- look-ups across sessions and processes ----------------------------------------------------


def test_failed_lookups_are_counted_per_address_across_instances(world, tmp_path, restore_clock) -> None:
    limits = Limits(world.od.db)
    for _ in range(10):
        assert limits.lookup_wait("203.0.113.80") == 0
        limits.record_lookup_failure("203.0.113.80")
    # A new browser session or another server process reads the same database.
    other = OpenDay(_where(world.od), secrets_dir=world.od.secret_dir)
    wait = Limits(other.db).lookup_wait("203.0.113.80")
    assert 3000 < wait <= 3600
    assert Limits(other.db).lookup_wait("203.0.113.81") == 0
    clock.shift(dt.timedelta(minutes=61))
    assert Limits(other.db).lookup_wait("203.0.113.80") == 0
    other.close()


def test_opinions_per_address_per_hour(world) -> None:
    limits = Limits(world.od.db)
    for _ in range(10):
        assert limits.opinion_wait("203.0.113.90") == 0
        limits.record_opinion("203.0.113.90")
    assert limits.opinion_wait("203.0.113.90") > 0


def test_login_lockout_counts_per_username_and_address(world) -> None:
    users = world.od.users
    for _ in range(5):
        assert not users.verify_password("coord", "wrong-password", client="198.51.100.66")
    assert not users.verify_password("coord", "coord-pass-1", client="198.51.100.66")  # the stranger is locked
    assert users.verify_password("coord", "coord-pass-1", client="10.1.2.3")  # the office is not


# ---- text is text on the way in, exports survive old bad text ----------------------------------


def test_control_zero_width_and_bidi_characters_are_removed(world) -> None:
    event = world.event()
    reg = world.signup(event, 1, organization="示范\x0b单位\u200b\u202e", topic="第一行\n第二行\t\x01结束")
    assert reg.organization == "示范单位"
    assert reg.topic == "第一行\n第二行\t结束"
    event2 = world.od.events.add(
        world.unit_a, title="标题\n换行\x1b", location="地点\u2066", actor="coord", starts_at=clock.now() + dt.timedelta(days=3)
    )
    got = world.od.events.get(event2)
    assert got.title == "标题 换行" and got.location == "地点"


def test_exports_survive_characters_stored_before_cleaning(world, tmp_path) -> None:
    from openpyxl import load_workbook

    from gkreg.__main__ import main
    from gkreg.exports import ATTENDEE_HEADERS, attendee_rows, to_csv, to_xlsx

    od = world.od
    event = world.event()
    reg = world.signup(event, 1)
    with od.db.transaction("test", "test.poison") as tx:  # as stored by an older version
        tx.execute("UPDATE registrations SET organization = ? WHERE id = ?", ("示范\x0b单位", reg.id))
    rows = attendee_rows(od.registrations.for_event(event, "clerk_a"))
    book = load_workbook(io.BytesIO(to_xlsx(ATTENDEE_HEADERS, rows)))
    assert book.active.cell(row=2, column=7).value == "示范单位"
    assert "示范单位" in to_csv(ATTENDEE_HEADERS, rows).decode("utf-8-sig")
    od.close()
    out = tmp_path / "out.xlsx"
    assert main(["--db", str(_where(od)), "export", str(event), "-o", str(out)]) == 0
    assert load_workbook(out).active.cell(row=2, column=7).value == "示范单位"


def test_ledger_export_survives_a_control_character(world) -> None:
    from openpyxl import load_workbook

    od = world.od
    opinion = od.feedback.submit("意见内容", unit_id=world.unit_a)
    opinion_id = opinion["id"] if isinstance(opinion, dict) else getattr(opinion, "id", None)
    with od.db.transaction("test", "test.poison") as tx:
        if opinion_id is None:
            tx.execute("UPDATE opinions SET content = ?", ("坏\x01字符",))
        else:
            tx.execute("UPDATE opinions SET content = ? WHERE id = ?", ("坏\x01字符", opinion_id))
    book = load_workbook(io.BytesIO(od.feedback.export_xlsx("clerk_a")))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "坏字符" in values


# ---- ID numbers ----------------------------------------------------------------------------------


def test_superscript_digit_in_id_number_is_refused_without_leaking_it(world, caplog) -> None:
    event = world.event()
    number = make_id(7)
    poisoned = number[:16] + "²" + number[17]
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ValidationError) as refused:
        world.signup(event, 7, id_number=poisoned)
    assert refused.value.field == "id_number"
    text = str(refused.value) + repr(refused.value.__cause__) + repr(refused.value.__context__)
    assert number[:6] not in text and number[6:14] not in text
    assert number[6:14] not in caplog.text
    # Full-width digits typed with a Chinese input method are accepted as the same number.
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert world.signup(event, 8, id_number=wide).id_number_masked.startswith(number[:3])


# ---- uploads ----------------------------------------------------------------------------------


def _zip_bomb(size: int = 200 * 1024 * 1024) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"<c>" + b" " * (1024 * 1024 - 3)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_xlsx_zip_bomb_is_refused_fast_and_small(world) -> None:
    bomb = _zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    event = world.event()
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        _imports(world.od).preview(event, bomb, "名单.xlsx", "clerk_a")
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.field == "file"
    assert elapsed < 30  # main took 37 s and 2 GB; generous for a busy machine
    assert peak < 30 * 1024 * 1024


def _imports(od):
    return od.imports


def test_csv_with_a_huge_field_is_refused_clearly(world) -> None:
    event = world.event()
    data = ('姓名,类别,手机号\n"' + "长" * 200_000 + '",媒体记者,13900000000\n').encode()
    with pytest.raises(ValidationError) as refused:
        _imports(world.od).preview(event, data, "名单.csv", "clerk_a")
    assert refused.value.field == "file"


def _held_event(world) -> int:
    od = world.od
    event = world.event(days=1)
    with od.db.transaction("test", "test.held") as tx:
        tx.execute(
            "UPDATE events SET status = 'held', starts_at = ? WHERE id = ?",
            (clock.to_iso(clock.now() - dt.timedelta(days=1)), event),
        )
    return event


def test_pixel_bomb_and_fake_jpeg_are_refused(world) -> None:
    event = _held_event(world)
    with pytest.raises(ValidationError) as bomb:
        world.od.reports.add_photo(event, "clerk_a", "big.png", png_header_only(30000, 30000))
    assert "像素" in str(bomb.value)
    with pytest.raises(ValidationError):
        world.od.reports.add_photo(event, "clerk_a", "x.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script>")
    assert world.od.reports.photos(event) == []


def test_photo_is_stored_without_exif_gps(world) -> None:
    from PIL import Image

    event = _held_event(world)
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 29.0)}
    raw = io.BytesIO()
    image.save(raw, format="JPEG", exif=exif)
    assert b"PhoneMaker" in raw.getvalue()
    world.od.reports.add_photo(event, "clerk_a", "p.jpg", raw.getvalue())
    stored = world.od.reports.photos(event)[0]
    assert stored.mime == "image/jpeg"
    assert b"PhoneMaker" not in stored.data and b"Exif" not in stored.data
    with Image.open(io.BytesIO(stored.data)) as again:
        assert not again.getexif() and again.size == (64, 48)


# ---- a stopped writer -------------------------------------------------------------------------


def _hold_the_writer(db: str, secrets: str, ready) -> None:
    od = OpenDay(db, secrets_dir=secrets)
    with od.db.transaction("stuck", "test.stuck"):
        ready.set()
        time.sleep(600)


@pytest.mark.sqlite_only  # SQLite's writers' queue; PostgreSQL's lock waits are the server's
def test_a_stopped_writer_makes_others_busy_not_frozen(world) -> None:
    od = world.od
    event = world.event()
    ctx = mp.get_context("fork")
    ready = ctx.Event()
    child = ctx.Process(target=_hold_the_writer, args=(str(od.db.path), str(od.secret_dir), ready), daemon=True)
    child.start()
    try:
        assert ready.wait(30)
        os.kill(child.pid, signal.SIGSTOP)
        od.db.lock_timeout = 2
        started = time.monotonic()
        with pytest.raises(Busy) as busy:
            world.signup(event, 1)
        assert 1.5 < time.monotonic() - started < 15
        assert "繁忙" in str(busy.value)
    finally:
        os.kill(child.pid, signal.SIGCONT)
        child.kill()
        child.join(10)
    od.db.lock_timeout = 30
    world.signup(event, 1)  # the lock died with the writer


# ---- file modes ------------------------------------------------------------------------------


def test_data_directory_database_and_exports_are_private(tmp_path) -> None:
    from gkreg.__main__ import main
    from gkreg.maintenance import backup

    old = os.umask(0o022)
    try:
        data = tmp_path / "var" / "data"
        od = OpenDay(data / "gkreg.db", secrets_dir=tmp_path / "secrets")
        unit = od.units.add("甲县教育局", "department")
        od.users.add("coord", "coord-pass-1", "coordinator")
        event = od.events.add(unit, title="开放日", starts_at=clock.now() + dt.timedelta(days=3), actor="coord")
        od.registrations.register(event, name="张三", phone="13900000001", id_number=make_id(1))
        dest = backup(od.db, tmp_path / "backup.db", actor="test")
        open_files = {name: (data / name) for name in ("gkreg.db", "gkreg.db-wal", "gkreg.db-shm", "gkreg.db.lock")}
        assert all(path.exists() for path in open_files.values())
        modes_while_open = {name: stat.S_IMODE(path.stat().st_mode) for name, path in open_files.items()}
        od.close()
        out = tmp_path / "list.csv"
        assert main(["--db", str(data / "gkreg.db"), "export", str(event), "-o", str(out)]) == 0

        def mode(path: Path) -> int:
            return stat.S_IMODE(path.stat().st_mode)

        assert mode(data) == 0o700
        assert modes_while_open == dict.fromkeys(open_files, 0o600)
        assert mode(dest) == 0o600
        assert mode(out) == 0o600
    finally:
        os.umask(old)
