"""Notices caused by the clock rather than by a change: the day-before reminder and the staff digest.

Both have a key fixed by what they are about (``rem-<registration>-<day>``,
``dig-<username>-<day>``), so however often the sender looks, each goes out once.
A pass that finds nothing new opens no write transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .outbox import enqueue, notify_registration
from .settings import NotifySettings

if TYPE_CHECKING:
    from .. import OpenDay

ACTOR = "notify"


def queue_scheduled(od: OpenDay, now: dt.datetime) -> int:
    return queue_reminders(od, now) + queue_digests(od, now)


def reminder_key(reg_id: int, day: dt.date) -> str:
    return f"rem-{reg_id}-{day:%Y%m%d}"


def queue_reminders(od: OpenDay, now: dt.datetime) -> int:
    """From the reminder hour on, one SMS to each confirmed person of tomorrow's events."""
    conf = NotifySettings(od.db)
    if now.hour < conf.hour("reminder_hour") or not conf.enabled("reminder"):
        return 0
    tomorrow = now.date() + dt.timedelta(days=1)
    rows = od.db.rows(
        "SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id"
        " WHERE e.status IN ('open', 'finalized') AND e.starts_at >= ? AND e.starts_at < ?"
        " AND r.status = 'confirmed' AND coalesce(r.phone, '') != ''"
        " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.key = 'rem-' || r.id || '-' || ?)",
        (tomorrow.isoformat(), (tomorrow + dt.timedelta(days=1)).isoformat(), f"{tomorrow:%Y%m%d}"),
    )
    if not rows:
        return 0
    with od.db.transaction(ACTOR, "notify.reminders") as tx:
        queued = sum(notify_registration(tx, r["id"], "reminder", key=reminder_key(r["id"], tomorrow)) is not None for r in rows)
        tx.target("outbox", None, reminders=queued, day=tomorrow.isoformat())
    return queued


def digest_key(username: str, day: dt.date) -> str:
    return f"dig-{username}-{day:%Y%m%d}"


_NOTHING_TODAY: set[str] = set()  # clerks whose digest today had nothing to say (this process)


def queue_digests(od: OpenDay, now: dt.datetime) -> int:
    """From the digest hour on, one e-mail a day to each clerk with an address, when there is work waiting."""
    if now.hour < NotifySettings(od.db).hour("digest_hour"):
        return 0
    today = now.date()
    clerks = od.db.rows(
        "SELECT u.username, u.email, u.unit_id FROM users u WHERE u.role = 'unit_staff' AND u.active = 1"
        " AND u.email != '' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.key = 'dig-' || u.username || '-' || ?)"
        " ORDER BY u.username",
        (f"{today:%Y%m%d}",),
    )
    from .digest import build_digest

    mails = []
    for clerk in clerks:
        marker = f"{clerk['username']}-{today}"
        if marker in _NOTHING_TODAY:
            continue
        digest = build_digest(od, clerk["unit_id"], today)
        if digest is None:
            _NOTHING_TODAY.add(marker)
            continue
        mails.append((clerk, digest))
    if not mails:
        return 0
    with od.db.transaction(ACTOR, "notify.digests") as tx:
        queued = 0
        for clerk, (subject, body) in mails:
            queued += (
                enqueue(
                    tx,
                    channel="email",
                    recipient=clerk["email"],
                    kind="digest",
                    subject=subject,
                    body=body,
                    key=digest_key(clerk["username"], today),
                    username=clerk["username"],
                )
                is not None
            )
        tx.target("outbox", None, digests=queued, day=today.isoformat())
    return queued


def reset_memory() -> None:
    """Tests: forget which clerks had nothing to report."""
    _NOTHING_TODAY.clear()
