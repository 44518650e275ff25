"""ID numbers: encrypted at rest, a keyed hash for duplicates, masked when shown, revealed only on purpose."""

from __future__ import annotations

import os
import stat

import pytest
from conftest import make_id

from gkreg import OpenDay
from gkreg.errors import PermissionDenied
from gkreg.privacy import mask_id, mask_name, mask_phone

pytestmark = pytest.mark.backends  # SQLite and PostgreSQL


def test_mask_forms() -> None:
    assert mask_id("37132319850615123X") == "371***********123X"
    assert mask_id("") == "" and mask_id(None) == ""
    assert mask_phone("13800138000") == "138****8000"
    assert mask_name("张三丰") == "张**" and mask_name("") == "匿名"


@pytest.mark.sqlite_only  # it reads the database file and its WAL; PostgreSQL keeps no file here
def test_full_id_number_is_nowhere_in_the_files(world, tmp_path) -> None:
    od = world.od
    event = world.event(approval="auto")
    numbers = [make_id(n) for n in range(1, 6)]
    regs = [world.signup(event, n, id_number=number) for n, number in enumerate(numbers, 1)]
    od.registrations.cancel(regs[0].id, "clerk_a")
    assert od.registrations.reveal_id_number(regs[1].id, "clerk_a") == numbers[1]
    for reg, number in zip(regs, numbers, strict=True):
        assert reg.id_number_masked == number[:3] + "*" * 11 + number[-4:]
        assert number not in repr(reg)
    # Nothing in the audit log, and not a byte of it in the database, its WAL or its shared memory.
    assert not any(n in str(row) for n in numbers for row in od.db.rows("SELECT * FROM audit_log"))
    files = [p for p in tmp_path.iterdir() if p.name.startswith("gkreg.db")]
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        data = path.read_bytes()
        for number in numbers:
            assert number.encode() not in data, f"{number} found in {path.name}"
            assert number[6:14].encode() + number[14:].encode() not in data
    od.db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = (tmp_path / "gkreg.db").read_bytes()
    assert not any(n.encode() in data for n in numbers)
    # The stored form decrypts with the key, and the hash is keyed (not a plain sha256 of the number).
    import hashlib

    row = od.db.row("SELECT id_cipher, id_hash FROM registrations WHERE id = ?", (regs[2].id,))
    assert od.vault.decrypt(row["id_cipher"]) == numbers[2]
    assert row["id_hash"] != hashlib.sha256(numbers[2].encode()).hexdigest()


def test_secret_files_are_private(tmp_path, monkeypatch) -> None:
    secrets = tmp_path / "sec"
    monkeypatch.setenv("GKREG_SECRET_DIR", str(secrets))
    od = OpenDay(tmp_path / "x.db")  # no secrets_dir given: GKREG_SECRET_DIR decides
    assert od.secret_dir == secrets
    from gkreg.keys import load_or_create

    load_or_create("cookie.key", secrets)
    files = sorted(p.name for p in secrets.iterdir())
    assert "id_encryption.key" in files and "cookie.key" in files
    for path in secrets.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    # Keys survive a restart: the same key is read back, so old records still decrypt.
    key = (secrets / "id_encryption.key").read_bytes()
    again = OpenDay(tmp_path / "x.db")
    assert (secrets / "id_encryption.key").read_bytes() == key
    assert again.vault.hash("x") == od.vault.hash("x")


def test_reveal_is_audited_and_limited_to_the_unit(world) -> None:
    od = world.od
    event = world.event()
    number = make_id(42)
    reg = world.signup(event, 42, id_number=number)
    with pytest.raises(PermissionDenied):
        od.registrations.reveal_id_number(reg.id, "clerk_b")
    assert not od.db.rows("SELECT * FROM audit_log WHERE action = 'registration.reveal_id_number'")
    assert od.registrations.reveal_id_number(reg.id, "coord") == number
    entries = od.db.rows("SELECT * FROM audit_log WHERE action = 'registration.reveal_id_number'")
    assert len(entries) == 1
    entry = entries[0]
    assert entry["actor"] == "coord" and entry["target_id"] == str(reg.id)
    assert number not in str(entry)


def test_lookup_never_shows_the_full_number(world) -> None:
    od = world.od
    event = world.event()
    number = make_id(8)
    reg = world.signup(event, 8, id_number=number)
    found = od.registrations.lookup(reg.code.lower(), reg.phone)
    assert found.id == reg.id and found.id_number_masked == mask_id(number)
    assert number not in repr(found)
    assert all(number not in repr(r) for r in od.registrations.for_event(event, "clerk_a"))
