"""The phone check at sign-up (短信验证码): a 6-digit code by SMS before a public sign-up is taken.

Per event, and only while an SMS gateway is configured: on when the event says so
(``phone_check_events``), else on for events marked high demand. A code is valid
5 minutes and allows 5 tries; at most 1 code a minute and 5 an hour go to one phone
and to one client address. Codes and phones are stored as keyed hashes only; the
code travels through the outbox like every other text.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import TYPE_CHECKING, Any

from .. import clock
from ..access import require_unit
from ..errors import NotFound, ValidationError
from ..validation import clean_phone
from .outbox import enqueue

if TYPE_CHECKING:
    from .. import OpenDay
    from ..registrations import Registration

VALID = dt.timedelta(minutes=5)
MAX_TRIES = 5
PER_MINUTE = 1
PER_HOUR = 5


class PhoneCheck:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db

    # ---- which events ------------------------------------------------------------------
    def required(self, event_id: int) -> bool:
        """Whether a public sign-up for this event needs the SMS code now."""
        from . import configured_channels

        if not configured_channels()["sms"]:
            return False  # no gateway, no code: the check never locks citizens out
        return self.setting(event_id)

    def setting(self, event_id: int) -> bool:
        """The event's own choice, else on for a high-demand event."""
        chosen = self.db.scalar("SELECT required FROM phone_check_events WHERE event_id = ?", (event_id,))
        if chosen is not None:
            return bool(chosen)
        columns = {r["name"] for r in self.db.rows("PRAGMA table_info(events)")}
        if "high_demand" in columns:  # the front door's flag (issue 10), when present
            return bool(self.db.scalar("SELECT high_demand FROM events WHERE id = ?", (event_id,)))
        return False

    def set_required(self, event_id: int, on: bool, actor: str) -> None:
        unit_id = self.db.scalar("SELECT unit_id FROM events WHERE id = ?", (event_id,))
        if unit_id is None:
            raise NotFound("未找到该活动。")
        require_unit(self.db, actor, unit_id)
        with self.db.transaction(actor, "event.phone_check") as tx:
            tx.execute(
                "INSERT INTO phone_check_events (event_id, required) VALUES (?, ?)"
                " ON CONFLICT(event_id) DO UPDATE SET required = excluded.required",
                (event_id, int(bool(on))),
            )
            tx.target("event", event_id, phone_check=bool(on))

    # ---- codes -------------------------------------------------------------------------
    def _phone_hash(self, phone: str) -> str:
        return self.od.vault.hash("phone:" + phone)

    def _code_hash(self, row_salt: str, code: str) -> str:
        return self.od.vault.hash(f"code:{row_salt}:{code}")

    def send_code(self, event_id: int, phone: str, client: str = "") -> None:
        """Queue a new code for this phone (refused past 1 a minute or 5 an hour, per phone and per client)."""
        phone = clean_phone(phone)
        if self.db.scalar("SELECT 1 FROM events WHERE id = ? AND status = 'open'", (event_id,)) is None:
            raise NotFound("本场活动目前不接受报名。")
        now = clock.now()
        phone_hash = self._phone_hash(phone)
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        with self.db.transaction("", "phone_check.send") as tx:
            for column, value in (("phone_hash", phone_hash), ("client", client)):
                if column == "client" and not client:
                    continue
                minute, hour = tx.one(
                    f"SELECT coalesce(sum(created_at >= ?), 0), count(*) FROM phone_codes WHERE {column} = ? AND created_at >= ?",
                    (clock.to_iso(now - dt.timedelta(minutes=1)), value, clock.to_iso(now - dt.timedelta(hours=1))),
                )
                if minute >= PER_MINUTE:
                    raise ValidationError("验证码已发送，请1分钟后再重新获取。", field="phone_code")
                if hour >= PER_HOUR:
                    raise ValidationError("获取验证码过于频繁，请1小时后再试。", field="phone_code")
            code_id = tx.insert(
                "phone_codes",
                {
                    "event_id": event_id,
                    "phone_hash": phone_hash,
                    "client": client,
                    "code_hash": f"{salt}:{self._code_hash(salt, code)}",
                    "created_at": clock.to_iso(now),
                    "expires_at": clock.to_iso(now + VALID),
                },
            )
            enqueue(tx, channel="sms", recipient=phone, kind="phone_code", params={"code": code}, event_id=event_id)
            tx.target("phone_code", code_id, event_id=event_id)

    def verify(self, event_id: int, phone: str, code: str) -> None:
        """Check the code typed for this phone; counts a wrong try, consumes a right one."""
        with self.db.transaction("", "phone_check.verify") as tx:
            error = self._check(tx, event_id, phone, code)
        if error is not None:  # the wrong try is counted (committed) before the refusal
            raise error

    def _check(self, tx: Any, event_id: int, phone: str, code: str) -> ValidationError | None:
        """Inside ``tx``: consume the right code (None), or count a wrong try and return the refusal."""
        phone = clean_phone(phone)
        code = "".join((code or "").split())
        if not (len(code) == 6 and code.isdigit()):
            raise ValidationError("请填写短信中的6位数字验证码。", field="phone_code")
        now = clock.to_iso(clock.now())
        row = tx.one(
            "SELECT id, code_hash, tries FROM phone_codes WHERE event_id = ? AND phone_hash = ?"
            " AND used_at IS NULL AND expires_at >= ? ORDER BY id DESC LIMIT 1",
            (event_id, self._phone_hash(phone), now),
        )
        if row is None:
            raise ValidationError("验证码已过期或尚未获取，请点击“获取验证码”。", field="phone_code")
        if row["tries"] >= MAX_TRIES:
            raise ValidationError("验证码输错次数过多，请重新获取。", field="phone_code")
        salt, stored = row["code_hash"].split(":", 1)
        right = hmac.compare_digest(stored, self._code_hash(salt, code))
        tx.log("phone_check.verify", "phone_code", row["id"], event_id=event_id, ok=right)
        if right:
            tx.execute("UPDATE phone_codes SET used_at = ? WHERE id = ?", (now, row["id"]))
            return None
        tx.execute("UPDATE phone_codes SET tries = tries + 1 WHERE id = ?", (row["id"],))
        left = MAX_TRIES - row["tries"] - 1
        return ValidationError(
            f"验证码不正确，还可以再试{left}次。" if left else "验证码输错次数过多，请重新获取。", field="phone_code"
        )

    def register(self, event_id: int, *, code: str, client: str = "", **fields: Any) -> Registration:
        """A public sign-up behind the phone check when the event needs one.

        The code is consumed in the same transaction as the sign-up: a sign-up refused for any
        other reason (a typo in the ID number, the event full) leaves the code usable. A wrong
        code is counted as a try and nothing else is written.
        """
        # The client address also feeds the front door's limits (gkreg/limits.py) in register().
        fields["client"] = client or None
        if not self.required(event_id):
            return self.od.registrations.register(event_id, **fields)
        with self.db.transaction("", "phone_check.signup") as tx:
            error = self._check(tx, event_id, fields.get("phone", ""), code)
            if error is None:
                return self.od.registrations.register(event_id, **fields)  # joins this transaction
        raise error
