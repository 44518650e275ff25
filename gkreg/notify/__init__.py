"""Notifications: the outbox (outbox.py), its sender (sender.py over sms.py and mail.py), texts
(templates.py, settings.py), scheduled notices (scheduled.py, digest.py) and the phone check
(phonecheck.py). ``od.notify`` is what pages use.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from .. import clock
from ..access import load_actor, require_coordinator
from ..errors import InvalidTransition, NotFound, ValidationError
from ..privacy import mask_phone
from .settings import NotifySettings
from .templates import DEFAULT_TEMPLATES, PARAMS, SAMPLE, render

if TYPE_CHECKING:
    from .. import OpenDay

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,}$")
# Failures first: what needs a person's attention tops the list.
STATUS_ORDER = "CASE o.status WHEN 'given_up' THEN 0 WHEN 'failed' THEN 1 WHEN 'queued' THEN 2 ELSE 3 END"


def configured_channels(environ: dict[str, str] | None = None) -> dict[str, bool]:
    """Which channels have an address set (whether it works is the sender's business)."""
    env = os.environ if environ is None else environ
    return {"sms": bool((env.get("GKREG_SMS_URL") or "").strip()), "email": bool((env.get("GKREG_SMTP_URL") or "").strip())}


def display_state(row: dict[str, Any], channels: dict[str, bool]) -> str:
    """The state a person reads: the status, or why a queued notice cannot go out."""
    if row["status"] == "queued" and not channels.get(row["channel"]):
        return "no_sms_gateway" if row["channel"] == "sms" else "no_smtp"
    if row["status"] == "queued" and row.get("claimed_until"):
        return "sending"
    return row["status"]


class Notify:
    def __init__(self, od: OpenDay) -> None:
        self.od = od
        self.db = od.db
        self.settings = NotifySettings(od.db)
        from .phonecheck import PhoneCheck

        self.phone_check = PhoneCheck(od)

    # ---- texts -------------------------------------------------------------------------
    def kinds(self) -> list[str]:
        return list(DEFAULT_TEMPLATES)

    def preview(self, kind: str, template: str | None = None, signature: str | None = None) -> str:
        """The text a citizen would receive, with sample values (an unsaved template may be given)."""
        text = template if template is not None else self.settings.template(kind)
        if template is not None:
            from .templates import check_template

            text = check_template(kind, template)
        sample = {k: v for k, v in SAMPLE.items() if k in PARAMS[kind]}
        return render(text, self.settings.signature() if signature is None else signature, sample)

    # ---- the outbox as people see it ---------------------------------------------------------
    def outbox(
        self,
        actor: str,
        *,
        status: str | None = None,
        channel: str | None = None,
        kind: str | None = None,
        event_id: int | None = None,
        limit: int = 300,
    ) -> list[dict[str, Any]]:
        """Notices, failures first then newest; phones masked. Coordinators only."""
        require_coordinator(self.db, actor)
        where, params = ["1 = 1"], []
        for column, value in (("o.status", status), ("o.channel", channel), ("o.kind", kind), ("o.event_id", event_id)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        rows = self.db.rows(
            "SELECT o.id, o.channel, o.recipient, o.kind, o.subject, o.body, o.status, o.attempts, o.next_try_at,"
            " o.claimed_until, o.last_error, o.created_at, o.sent_at, o.username, o.registration_id,"
            " e.title AS event_title FROM outbox o LEFT JOIN events e ON e.id = o.event_id"
            f" WHERE {' AND '.join(where)} ORDER BY {STATUS_ORDER}, o.id DESC LIMIT ?",
            (*params, limit),
        )
        for row in rows:
            row["recipient"] = self.shown_recipient(row)
        return rows

    @staticmethod
    def shown_recipient(row: dict[str, Any]) -> str:
        if not row["recipient"]:
            return "（已删除）"
        return mask_phone(row["recipient"]) if row["channel"] == "sms" else row["recipient"]

    def counts(self, day: Any = None) -> dict[str, int]:
        """Notices sent, failed (or given up) and waiting, for the day (default today)."""
        day = (day or clock.now().date()).isoformat()
        row = self.db.row(
            "SELECT coalesce(sum(status = 'sent' AND sent_at >= ? AND sent_at < date(?, '+1 day')), 0) AS sent,"
            " coalesce(sum(status IN ('failed', 'given_up') AND tried_at >= ? AND tried_at < date(?, '+1 day')),"
            " 0) AS failed, coalesce(sum(status = 'queued'), 0) AS queued FROM outbox",
            (day, day, day, day),
        )
        return {k: int(row[k]) for k in ("sent", "failed", "queued")}

    def resend(self, outbox_id: int, actor: str) -> None:
        """Try a failed or abandoned notice again now, from the first attempt (audited)."""
        require_coordinator(self.db, actor)
        with self.db.transaction(actor, "notify.resend") as tx:
            row = tx.one("SELECT status, recipient, kind FROM outbox WHERE id = ?", (outbox_id,))
            if row is None:
                raise NotFound("未找到该通知。")
            if row["status"] not in ("failed", "given_up"):
                raise InvalidTransition("只有发送失败或已放弃的通知可以重新发送。")
            if not row["recipient"]:
                raise InvalidTransition("该通知的收件人已按保留期限删除，不能重新发送。")
            tx.execute(
                "UPDATE outbox SET status = 'queued', attempts = 0, next_try_at = ?, last_error = '',"
                " claimed_until = NULL WHERE id = ?",
                (clock.to_iso(clock.now()), outbox_id),
            )
            tx.target("outbox", outbox_id, kind=row["kind"], was=row["status"])

    def last_for_registrations(self, reg_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Each registration's latest notice (kind, status, time), for the attendee list."""
        if not reg_ids:
            return {}
        out: dict[int, dict[str, Any]] = {}
        for start in range(0, len(reg_ids), 500):
            chunk = list(reg_ids[start : start + 500])
            rows = self.db.rows(
                "SELECT o.registration_id, o.kind, o.status, o.channel, o.claimed_until, o.created_at, o.sent_at"
                " FROM outbox o JOIN (SELECT registration_id, max(id) AS id FROM outbox WHERE registration_id IN"
                f" ({','.join('?' * len(chunk))}) GROUP BY registration_id) m ON m.id = o.id",
                chunk,
            )
            out.update({r["registration_id"]: r for r in rows})
        return out

    # ---- staff e-mail ------------------------------------------------------------------
    def set_staff_email(self, username: str, email: str, actor: str) -> None:
        """The address a staff account's digests and notices go to ('' removes it)."""
        if actor != username:
            require_coordinator(self.db, actor)
        else:
            load_actor(self.db, actor)
        email = (email or "").strip()
        if email and (len(email) > 254 or not EMAIL_RE.match(email)):
            raise ValidationError("电子邮箱格式不正确，例如 edu@example.gov.cn。", field="email")
        with self.db.transaction(actor, "user.set_email") as tx:
            if tx.one("SELECT 1 FROM users WHERE username = ?", (username,)) is None:
                raise NotFound("未找到该账号。")
            tx.execute("UPDATE users SET email = ? WHERE username = ?", (email, username))
            tx.target("user", username, email_set=bool(email))

    def staff_emails(self) -> dict[str, str]:
        return {r["username"]: r["email"] for r in self.db.rows("SELECT username, email FROM users")}
