"""The outbox: every notice is a row written inside the transaction that causes it.

``enqueue(tx, ...)`` takes the open ``Tx`` of ``od.db.transaction``: when that
transaction rolls back (a QuotaError, a crash), its notices vanish with it; when
it commits, they are there for the sender (gkreg/notify/sender.py). Each row has
an idempotency key the gateway sees on every attempt, so a retry after a crash is
recognisable as the same message.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from .. import clock
from ..db import Database, Tx
from .settings import NotifySettings
from .templates import RECEIVED_RESULT, dump, render

CHANNELS = ("sms", "email")
STATUSES = ("queued", "sent", "failed", "given_up")
LIVE = ("pending", "confirmed", "waitlisted")


def new_key(prefix: str = "gk") -> str:
    return f"{prefix}-{secrets.token_hex(10)}"


def sms_date(when: dt.datetime | str | None) -> str:
    moment = clock.parse(when) if when else None
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}" if moment else ""


def enqueue(
    tx: Tx,
    *,
    channel: str,
    recipient: str,
    kind: str,
    params: dict[str, Any] | None = None,
    subject: str = "",
    body: str | None = None,
    key: str | None = None,
    registration_id: int | None = None,
    event_id: int | None = None,
    opinion_id: int | None = None,
    username: str | None = None,
) -> int | None:
    """Queue one notice in the open transaction ``tx``; returns its id.

    An SMS is rendered from its template now (the text says what was true when it
    was caused). None when the type is switched off, there is no recipient, or a
    row with the same ``key`` exists already (the way "only once" notices are kept once).
    """
    if channel not in CHANNELS:
        raise ValueError(channel)
    if not recipient:
        return None
    params = params or {}
    if body is None:
        on, template, signature = NotifySettings(_db_of(tx)).sms_setup(kind)
        if not on:
            return None
        body = render(template, signature, params)
    now = clock.to_iso(clock.now())
    cur = tx.execute(
        "INSERT OR IGNORE INTO outbox (key, channel, recipient, kind, params, subject, body, registration_id,"
        " event_id, opinion_id, username, status, attempts, next_try_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)",
        (
            key or new_key(),
            channel,
            recipient,
            kind,
            dump(params),
            subject,
            body,
            registration_id,
            event_id,
            opinion_id,
            username,
            now,
            now,
        ),
    )
    return cur.lastrowid if cur.rowcount else None


class _ConnDb(Database):
    """A read view of the transaction's own connection (settings read inside the open transaction)."""

    def __init__(self, conn: Any) -> None:  # no path, no lock: reads only
        self._conn = conn

    def connection(self) -> Any:
        return self._conn


def _db_of(tx: Tx) -> Database:
    return _ConnDb(tx.conn)


# ---- notices about one registration ---------------------------------------------------------


def registration_params(reg: Any, event: Any, position: int | None = None) -> dict[str, Any]:
    return {
        "title": event["title"],
        "date": sms_date(event["starts_at"]),
        "location": event["location"] or "",
        "code": reg["code"],
        "reason": reg["reason"] if "reason" in reg.keys() else "",
        "position": position if position is not None else "",
    }


def notify_registration(tx: Tx, reg_id: int, kind: str, *, key: str | None = None, **extra: Any) -> int | None:
    """Queue the ``kind`` SMS for registration ``reg_id`` (nothing when it has no phone)."""
    reg = tx.one("SELECT id, event_id, code, phone, status, reason, created_at FROM registrations WHERE id = ?", (reg_id,))
    if reg is None or not reg["phone"]:
        return None
    event = tx.one("SELECT id, title, starts_at, location FROM events WHERE id = ?", (reg["event_id"],))
    position = None
    if reg["status"] == "waitlisted":
        position = tx.scalar(
            "SELECT count(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted'"
            " AND (created_at < ? OR (created_at = ? AND id <= ?))",
            (reg["event_id"], reg["created_at"], reg["created_at"], reg["id"]),
        )
    params = {**registration_params(reg, event, position), **extra}
    if kind == "received":
        params["result"] = RECEIVED_RESULT.get(reg["status"], "").format(position=position or "")
    return enqueue(
        tx,
        channel="sms",
        recipient=reg["phone"],
        kind=kind,
        params=params,
        key=key,
        registration_id=reg["id"],
        event_id=reg["event_id"],
    )


def notify_event_people(
    tx: Tx, event_id: int, kind: str, statuses: tuple[str, ...] = LIVE, reg_ids: list[int] | None = None
) -> int:
    """Queue ``kind`` for each registration on the event in ``statuses`` (or the given ids); returns how many."""
    if reg_ids is None:
        marks = ",".join("?" * len(statuses))
        reg_ids = [
            r[0]
            for r in tx.execute(
                f"SELECT id FROM registrations WHERE event_id = ? AND status IN ({marks}) ORDER BY id", (event_id, *statuses)
            ).fetchall()
        ]
    return sum(notify_registration(tx, reg_id, kind) is not None for reg_id in reg_ids)


def notify_opinion_answered(tx: Tx, opinion_id: int) -> int | None:
    """The citizen who left a phone (and so consented) hears that the opinion has an answer."""
    row = tx.one("SELECT id, code, phone, consent_at, event_id FROM opinions WHERE id = ?", (opinion_id,))
    if row is None or not row["phone"] or not row["consent_at"]:
        return None
    return enqueue(
        tx,
        channel="sms",
        recipient=row["phone"],
        kind="answered",
        params={"code": row["code"]},
        opinion_id=row["id"],
        event_id=row["event_id"],
    )


def mail_unit_staff(
    tx: Tx, unit_id: int, *, kind: str, subject: str, body: str, event_id: int | None = None, key_prefix: str = "mail"
) -> int:
    """An e-mail to every active clerk of the unit who has an address; returns how many."""
    rows = tx.execute(
        "SELECT username, email FROM users WHERE unit_id = ? AND role = 'unit_staff' AND active = 1"
        " AND email != '' ORDER BY username",
        (unit_id,),
    ).fetchall()
    for row in rows:
        enqueue(
            tx,
            channel="email",
            recipient=row["email"],
            kind=kind,
            subject=subject,
            body=body,
            key=new_key(key_prefix),
            event_id=event_id,
            username=row["username"],
        )
    return len(rows)


def mail_event_cancelled(tx: Tx, event: Any, actor: str, reason: str = "") -> int:
    """The county office cancelled a unit's event: its clerks get an e-mail at once."""
    when = clock.parse(event.starts_at) if not isinstance(event.starts_at, dt.datetime) else event.starts_at
    subject = f"【政府开放日】您单位的活动“{event.title}”已被政务公开办取消"
    body = (
        f"{event.unit_name}：\n\n政务公开办（{actor}）于{clock.now():%Y-%m-%d %H:%M}取消了您单位的开放活动：\n\n"
        f"  活动：{event.title}\n  时间：{when:%Y-%m-%d %H:%M}\n  地点：{event.location or '（未填写）'}\n"
        + (f"  原因：{reason.strip()}\n" if (reason or "").strip() else "")
        + "\n该活动的报名已全部取消，系统已短信通知留有手机号的报名人。\n"
        "如有疑问请联系县政务公开办。本邮件由系统自动发送，请勿回复。\n"
    )
    return mail_unit_staff(
        tx, event.unit_id, kind="event_cancelled", subject=subject, body=body, event_id=event.id, key_prefix="cxl"
    )
