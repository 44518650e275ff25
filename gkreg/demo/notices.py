"""Demo: the outbox's history, so /admin, /attendees and the dashboard show what notices look like.

The notices themselves were queued by the real use cases while the demo's year was played
(sign-up received, approved, waitlisted, rejected, promoted, cancelled), each dated when its
cause happened. Here they get a delivery history: those older than a few hours went out seconds
later, a few were given up after five tries, two failed just now and wait for their retry, and the
latest stay queued, which without a gateway /admin shows as "not sent: no SMS gateway configured".
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from .. import clock

if TYPE_CHECKING:
    from .. import OpenDay


def seed_demo(od: OpenDay, rng: random.Random, scale: int = 1) -> None:
    now = clock.now()
    cut = clock.to_iso(now - dt.timedelta(hours=6))
    with od.db.transaction("demo", "demo.notify") as tx:
        tx.execute("UPDATE users SET email = 'edu@demo.gov.cn' WHERE username = 'edu'")
        rows = tx.execute("SELECT id, created_at FROM outbox WHERE status = 'queued' ORDER BY created_at, id").fetchall()
        old = [r["id"] for r in rows if r["created_at"] < cut]
        recent = [r["id"] for r in rows if r["created_at"] >= cut]
        sent, given_up = [], []
        for n, outbox_id in enumerate(old):
            if n % 53 == 17:
                given_up.append((outbox_id,))
            else:
                sent.append((f"+{rng.randrange(2, 40)} seconds", f"+{rng.randrange(2, 40)} seconds", outbox_id))
        tx.conn.executemany(
            "UPDATE outbox SET status = 'sent', attempts = 1, tried_at = datetime(created_at, ?),"
            " sent_at = datetime(created_at, ?) WHERE id = ?",
            sent,
        )
        tx.conn.executemany(
            "UPDATE outbox SET status = 'given_up', attempts = 5, tried_at = datetime(created_at, '+2 hours',"
            " '+36 minutes'), last_error = '短信网关返回 HTTP 500' WHERE id = ?",
            given_up,
        )
        failing = recent[:2] if len(recent) > 3 else old[-2:]
        for outbox_id in failing:  # failed this very moment, waiting for their retry
            tx.execute(
                "UPDATE outbox SET status = 'failed', attempts = 1, sent_at = NULL, tried_at = ?, next_try_at = ?,"
                " last_error = ? WHERE id = ?",
                (
                    clock.to_iso(now),
                    clock.to_iso(now + dt.timedelta(minutes=1)),
                    "短信网关无法连接：Connection refused",
                    outbox_id,
                ),
            )
        tx.target("outbox", None, sent=len(sent), given_up=len(given_up), queued=max(0, len(recent) - len(failing)))
