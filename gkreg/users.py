"""Staff accounts, password checks with a lockout counted in the database, and logout revocation."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from typing import Any

import bcrypt

from . import clock
from .db import Database
from .errors import NotFound, ValidationError
from .labels import ROLES
from .validation import clean_text

MAX_FAILURES = 5
LOCK_MINUTES = 15
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{2,32}$")
# bcrypt's work factor for new hashes. The test suite lowers it (tests/conftest.py): hashing is
# most of the cost of its seeded users, and the strength of test passwords does not matter.
BCRYPT_ROUNDS = 10
# A fixed hash so that an unknown username costs the same bcrypt work as a known one.
_DUMMY_HASH = bcrypt.hashpw(b"gkreg-dummy-password", bcrypt.gensalt(rounds=BCRYPT_ROUNDS))


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode()


_sealed_hash: str | None = None


def sealed_hash() -> str:
    """A real bcrypt hash (at ``BCRYPT_ROUNDS``) of a random secret that is thrown away at once.

    Computed once per process and shared by every account made with ``Users.add_sealed``: nobody
    knows a password that matches it, so such an account cannot log in until the office sets one.
    """
    global _sealed_hash
    if _sealed_hash is None:
        _sealed_hash = hash_password(secrets.token_urlsafe(32))
    return _sealed_hash


def _check_password(password: str) -> str:
    if len(password or "") < 8:
        raise ValidationError("密码至少需要8个字符。", field="password")
    if len(password) > 72:
        raise ValidationError("密码不能超过72个字符。", field="password")
    if password != password.strip():
        # The login form trims what is typed, so such a password could never be used to log in.
        raise ValidationError("密码的开头和结尾不能是空格。", field="password")
    return password


class Users:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        username: str,
        password: str,
        role: str,
        unit_id: int | None = None,
        display_name: str = "",
        actor: str | None = None,
    ) -> int:
        return self._insert(username, password, role, unit_id, display_name, actor)

    def add_sealed(
        self, username: str, role: str, unit_id: int | None = None, display_name: str = "", actor: str | None = None
    ) -> int:
        """An account nobody can log in to yet: its hash is ``sealed_hash()`` (no known password matches).

        The demo's unit clerks are made this way, so their actions have a real author without a bcrypt
        run per account; the office gives one a password with ``reset_password`` when it is needed.
        """
        return self._insert(username, None, role, unit_id, display_name, actor)

    def _insert(
        self, username: str, password: str | None, role: str, unit_id: int | None, display_name: str, actor: str | None
    ) -> int:
        """``password=None``: a sealed account (``add_sealed``)."""
        username = (username or "").strip()
        if not USERNAME_RE.match(username):
            raise ValidationError("用户名应为2至32个字母、数字、下划线、点或横线。", field="username")
        if role not in ROLES:
            raise ValidationError("角色应为 coordinator（政务公开办）或 unit_staff（单位管理员）。", field="role")
        if role == "unit_staff" and unit_id is None:
            raise ValidationError("单位管理员必须绑定一个单位。", field="unit_id")
        if password is not None:
            _check_password(password)
        display_name = clean_text(display_name, "display_name", label="姓名")
        if actor is not None:
            from .access import require_coordinator

            require_coordinator(self.db, actor)
        if unit_id is not None and not self.db.scalar("SELECT 1 FROM units WHERE id = ?", (unit_id,)):
            raise NotFound("未找到该单位。")
        if self.db.scalar("SELECT 1 FROM users WHERE username = ?", (username,)):
            raise ValidationError(f"用户名“{username}”已被使用。", field="username")
        hashed = sealed_hash() if password is None else hash_password(password)
        with self.db.transaction(actor, "user.add") as tx:
            user_id = tx.insert(
                "users",
                {
                    "username": username,
                    "display_name": display_name,
                    "role": role,
                    "unit_id": unit_id if role == "unit_staff" else None,
                    "password_hash": hashed,
                    "created_at": clock.to_iso(clock.now()),
                },
            )
            tx.target("user", username, role=role, unit_id=unit_id)
        return user_id

    def get(self, username: str) -> dict[str, Any] | None:
        row = self.db.row(
            "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, u.active, u.logged_out_at,"
            " n.name AS unit_name FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.username = ?",
            (username,),
        )
        return row

    def list(self) -> list[dict[str, Any]]:
        return self.db.rows(
            "SELECT u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name, u.active, u.created_at"
            " FROM users u LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.role, u.username"
        )

    def active_credentials(self) -> dict[str, dict[str, Any]]:
        """What the login widget needs to know about each active account (no secrets beyond the hash)."""
        rows = self.db.rows("SELECT username, display_name, role, password_hash FROM users WHERE active = 1")
        return {
            r["username"]: {
                "name": r["display_name"] or r["username"],
                "password": r["password_hash"],
                "roles": [r["role"]],
                "email": f"{r['username']}@gkreg.invalid",
            }
            for r in rows
        }

    def verify_password(self, username: str, password: str, client: str = "") -> bool:
        """True for the right password of an active, unlocked account.

        Failures are counted per typed username (existing or not) and client address, so the
        answer and the timing never tell whether an account exists, and a stranger's failures
        lock only the stranger out (not the account holder at the office). The fifth failure
        locks that name for that address for 15 minutes.
        """
        username = (username or "").strip()[:64]
        client = (client or "")[:64]
        now = clock.now()
        key = (username, client)
        attempt = self.db.row("SELECT failures, locked_until FROM login_failures WHERE username = ? AND client = ?", key)
        until = clock.parse(attempt["locked_until"]) if attempt else None
        locked = until is not None and until > now
        row = self.db.row("SELECT password_hash, active FROM users WHERE username = ?", (username,))
        stored = row["password_hash"].encode() if row else _DUMMY_HASH
        ok = bcrypt.checkpw((password or "").encode()[:72], stored) and row is not None and bool(row["active"])
        if locked:
            with self.db.transaction(username, "login.refused_locked") as tx:
                tx.target("user", username, client=client)
            return False
        if ok:
            with self.db.transaction(username, "login.success") as tx:
                tx.execute("DELETE FROM login_failures WHERE username = ? AND client = ?", key)
                tx.target("user", username)
            return True
        with self.db.transaction(username, "login.failure") as tx:
            tx.execute(
                "INSERT INTO login_failures (username, client, failures) VALUES (?, ?, 0) "
                "ON CONFLICT(username, client) DO NOTHING",
                key,
            )
            failures = tx.scalar("SELECT failures FROM login_failures WHERE username = ? AND client = ?", key) + 1
            lock = None
            if failures >= MAX_FAILURES:
                lock, failures = clock.to_iso(now + dt.timedelta(minutes=LOCK_MINUTES)), 0
            tx.execute(
                "UPDATE login_failures SET failures = ?, locked_until = ? WHERE username = ? AND client = ?",
                (failures, lock, *key),
            )
            tx.target("user", username, locked=bool(lock), client=client)
        return False

    def record_logout(self, username: str) -> None:
        """Every login cookie issued before now stops working (a saved cookie cannot be replayed)."""
        with self.db.transaction(username, "logout") as tx:
            tx.execute("UPDATE users SET logged_out_at = ? WHERE username = ?", (time.time(), username))
            tx.target("user", username)

    def session_valid(self, username: str, issued_at: float) -> bool:
        row = self.db.row("SELECT active, logged_out_at FROM users WHERE username = ?", (username,))
        return bool(row and row["active"] and issued_at > row["logged_out_at"])

    def set_active(self, username: str, active: bool, actor: str) -> None:
        from .access import require_coordinator

        require_coordinator(self.db, actor)
        if username == actor and not active:
            raise ValidationError("不能停用自己的账号。")
        with self.db.transaction(actor, "user.enable" if active else "user.disable") as tx:
            cur = tx.execute(
                "UPDATE users SET active = ?, logged_out_at = ? WHERE username = ?", (1 if active else 0, time.time(), username)
            )
            if cur.rowcount == 0:
                raise NotFound("未找到该账号。")
            tx.target("user", username)

    def reset_password(self, username: str, new_password: str, actor: str) -> None:
        from .access import require_coordinator

        require_coordinator(self.db, actor)
        _check_password(new_password)
        hashed = hash_password(new_password)
        with self.db.transaction(actor, "user.reset_password") as tx:
            cur = tx.execute(
                "UPDATE users SET password_hash = ?, logged_out_at = ? WHERE username = ?", (hashed, time.time(), username)
            )
            if cur.rowcount == 0:
                raise NotFound("未找到该账号。")
            tx.execute("DELETE FROM login_attempts WHERE username = ?", (username,))
            tx.execute("DELETE FROM login_failures WHERE username = ?", (username,))
            tx.target("user", username)

    def bind_unit(self, username: str, unit_id: int, actor: str) -> None:
        from .access import require_coordinator

        require_coordinator(self.db, actor)
        if not self.db.scalar("SELECT 1 FROM units WHERE id = ?", (unit_id,)):
            raise NotFound("未找到该单位。")
        with self.db.transaction(actor, "user.bind_unit") as tx:
            cur = tx.execute("UPDATE users SET unit_id = ? WHERE username = ? AND role = 'unit_staff'", (unit_id, username))
            if cur.rowcount == 0:
                raise NotFound("未找到该单位管理员账号。")
            tx.target("user", username, unit_id=unit_id)
