"""Demo: a sample outbox, so /admin, /attendees and the dashboard show what notices look like.

Notices are queued through the real path (``notify_registration`` in a transaction), then
a few are given a history: sent a while ago, failed once, given up. The rest stay queued,
which without a gateway /admin shows as "not sent: no SMS gateway configured".
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from .. import clock
from ..notify.outbox import notify_registration

if TYPE_CHECKING:
    from .. import OpenDay

STATUS_KIND = {"pending": "received", "confirmed": "approved", "waitlisted": "waitlisted", "rejected": "rejected"}


def seed_demo(od: OpenDay, rng: random.Random, scale: int = 1) -> None:
    edu = od.db.row("SELECT unit_id FROM users WHERE username = 'edu'")
    with od.db.transaction("demo", "demo.notify") as tx:
        if edu:
            tx.execute("UPDATE users SET email = 'edu@demo.gov.cn' WHERE username = 'edu'")
        regs = tx.execute(
            "SELECT r.id, r.status FROM registrations r JOIN events e ON e.id = r.event_id"
            " WHERE e.status = 'open' AND r.invited = 0 AND r.status IN ('pending', 'confirmed', 'waitlisted', 'rejected')"
            " ORDER BY e.starts_at, r.id LIMIT 40"
        ).fetchall()
        ids = []
        for reg in regs:
            if reg["status"] != "pending":
                notify_registration(tx, reg["id"], "received")
            ids.append(notify_registration(tx, reg["id"], STATUS_KIND[reg["status"]]))
        ids = [i for i in ids if i]
        now = clock.now()
        # Each notice dated when its cause happened (sign-up, decision), not when the demo was loaded.
        tx.execute(
            "UPDATE outbox SET created_at = (SELECT CASE WHEN outbox.kind = 'received' THEN r.created_at"
            " ELSE coalesce(r.decided_at, r.created_at) END FROM registrations r"
            " WHERE r.id = outbox.registration_id) WHERE registration_id IS NOT NULL"
        )
        tx.execute("UPDATE outbox SET next_try_at = created_at")
        for n, outbox_id in enumerate(ids):
            if n % 7 == 3:
                tx.execute(
                    "UPDATE outbox SET status = 'given_up', attempts = 5, tried_at = datetime(created_at,"
                    " '+2 hours', '+36 minutes'), last_error = ? WHERE id = ?",
                    ("短信网关返回 HTTP 500", outbox_id),
                )
            elif n % 7 == 5 and n < 14:  # two failed this very moment, waiting for their retry
                tx.execute(
                    "UPDATE outbox SET status = 'failed', attempts = 1, tried_at = ?, next_try_at = ?,"
                    " last_error = ? WHERE id = ?",
                    (
                        clock.to_iso(now),
                        clock.to_iso(now + dt.timedelta(minutes=1)),
                        "短信网关无法连接：Connection refused",
                        outbox_id,
                    ),
                )
            elif n % 3 != 2:
                seconds = rng.randrange(2, 40)
                tx.execute(
                    f"UPDATE outbox SET status = 'sent', attempts = 1, tried_at = datetime(created_at,"
                    f" '+{seconds} seconds'), sent_at = datetime(created_at, '+{seconds} seconds')"
                    " WHERE id = ?",
                    (outbox_id,),
                )
        # the received notices of those with a later notice went out long ago
        tx.execute(
            "UPDATE outbox SET status = 'sent', attempts = 1, sent_at = datetime(created_at, '+3 seconds'),"
            " tried_at = datetime(created_at, '+3 seconds') WHERE kind = 'received' AND status = 'queued'"
            " AND registration_id IN (SELECT registration_id FROM outbox WHERE kind != 'received')"
        )
        tx.target("outbox", None, sample=len(ids))
