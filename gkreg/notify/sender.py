"""The sender: delivers the outbox, at least once, and loses nothing when killed.

One pass: queue the scheduled notices (reminders, digests), then claim due rows
in a transaction (a lease, one attempt counted), send each, and mark it sent only
after the gateway's 2xx (or the SMTP server's acceptance). A kill -9 between the
send and the mark leaves a claimed row: the next sender (one at a time, held by a
lock file) releases such claims at start and sends it again with the same
idempotency key, which the gateway recognises. Failures wait 1 min, 5 min,
30 min, 2 h; the fifth failure gives up.

Phone numbers never appear in a log line: only masked (139****1234).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import clock
from ..privacy import mask_phone
from .errors import DeliveryFailed
from .mail import Mailer
from .sms import SmsGateway

if TYPE_CHECKING:
    from .. import OpenDay

log = logging.getLogger("gkreg.notify")

BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = dt.timedelta(minutes=2)  # longer than one SMS (10 s) or SMTP (10 s per step) attempt
PAUSE = dt.timedelta(minutes=1)  # a channel that did not answer is left alone this long
BATCH = 20
ACTOR = "notify"


@dataclass(frozen=True)
class Channels:
    sms: SmsGateway | None
    mail: Mailer | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Channels:
        """The channels configured in the environment; ``ChannelUnusable`` for a wrong setting."""
        env = os.environ if environ is None else environ
        return cls(
            SmsGateway.from_env(env.get("GKREG_SMS_URL"), env.get("GKREG_SMS_TOKEN")),
            Mailer.from_env(env.get("GKREG_SMTP_URL"), env.get("GKREG_MAIL_FROM")),
        )

    @property
    def names(self) -> list[str]:
        return [name for name, on in (("sms", self.sms), ("email", self.mail)) if on is not None]


@dataclass
class Summary:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    scheduled: int = 0
    unusable: dict[str, str] = field(default_factory=dict)


class SenderBusy(Exception):
    """Another sender holds the lock."""


class Sender:
    def __init__(self, od: OpenDay, channels: Channels, batch: int = BATCH) -> None:
        self.od = od
        self.db = od.db
        self.channels = channels
        self.batch = batch
        self._paused: dict[str, dt.datetime] = {}
        self._lock: Any = None  # the database's hold_lock handle while this sender runs

    # ---- one sender at a time ---------------------------------------------------------
    def acquire(self, wait: bool = True) -> None:
        """Take the sender lock (one sender per county database) and release claims a killed sender left."""
        if self._lock is None:
            # SQLite: a lock file beside the database; PostgreSQL: an advisory lock in that database
            # (it was a file named after the path, "None.notify.lock", shared by every county on the machine).
            self._lock = self.db.hold_lock("notify", wait=wait)
            if self._lock is None:
                raise SenderBusy()
        stale = self.db.scalar("SELECT count(*) FROM outbox WHERE claimed_until IS NOT NULL")
        if stale:
            with self.db.transaction(ACTOR, "notify.release") as tx:
                tx.execute("UPDATE outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL")
                tx.target("outbox", None, released=stale)
            log.info("收回上次中断时未完成的 %d 条通知，将重新发送", stale)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __del__(self) -> None:
        self.release()

    # ---- a pass -----------------------------------------------------------------------
    def run_once(self) -> Summary:
        """Queue what is scheduled, then send every notice that is due now."""
        summary = Summary()
        from .scheduled import queue_scheduled

        summary.scheduled = queue_scheduled(self.od, clock.now())
        while True:
            rows = self.claim()
            if not rows:
                return summary
            skipped: list[int] = []
            for row in rows:
                channel = row["channel"]
                if channel in summary.unusable:  # it did not answer a moment ago: hand the rest back
                    skipped.append(row["id"])
                    continue
                outcome = self.deliver(row)
                if outcome == "sent":
                    summary.sent += 1
                elif outcome == "given_up":
                    summary.given_up += 1
                else:
                    summary.failed += 1
                    if outcome.startswith("unreachable:"):
                        summary.unusable[channel] = outcome.split(":", 1)[1]
                        self._paused[channel] = clock.now() + PAUSE
            self._unclaim(skipped)

    def run(self, stop: threading.Event, interval: float = 2.0) -> None:
        """Send until ``stop`` is set, looking for due notices every ``interval`` seconds."""
        while not stop.is_set():
            try:
                summary = self.run_once()
                if summary.sent or summary.failed or summary.given_up:
                    log.info("本轮：发送成功 %d，失败待重试 %d，放弃 %d", summary.sent, summary.failed, summary.given_up)
            except Exception:  # one bad pass must not stop the sender; the rows stay in the outbox
                log.exception("发送通知时出错，稍后重试")
            stop.wait(interval)

    # ---- claiming ----------------------------------------------------------------------
    def _ready_channels(self) -> list[str]:
        now = clock.now()
        return [c for c in self.channels.names if self._paused.get(c, now) <= now]

    def claim(self) -> list[dict[str, Any]]:
        """Due rows of the configured channels, leased to this sender with one more attempt counted."""
        channels = self._ready_channels()
        if not channels:
            return []
        now = clock.now()
        marks = ",".join("?" * len(channels))
        due = (
            f"FROM outbox WHERE status IN ('queued', 'failed') AND next_try_at <= ?"
            f" AND channel IN ({marks}) AND (claimed_until IS NULL OR claimed_until < ?)"
        )
        params = (clock.to_iso(now), *channels, clock.to_iso(now))
        # A count with the ORDER BY left in is refused by PostgreSQL: ask only whether one row is due.
        if not self.db.scalar(f"SELECT 1 {due} LIMIT 1", params):
            return []  # nothing due: no write transaction (and no audit entry) for an idle pass
        with self.db.transaction(ACTOR, "notify.claim") as tx:
            ids = [
                r[0] for r in tx.execute(f"SELECT id {due} ORDER BY next_try_at, id LIMIT ?", (*params, self.batch)).fetchall()
            ]
            if not ids:
                return []
            id_marks = ",".join("?" * len(ids))
            tx.execute(
                f"UPDATE outbox SET claimed_until = ?, attempts = attempts + 1 WHERE id IN ({id_marks})",
                (clock.to_iso(now + LEASE), *ids),
            )
            rows = [dict(r) for r in tx.execute(f"SELECT * FROM outbox WHERE id IN ({id_marks}) ORDER BY id", ids).fetchall()]
            tx.target("outbox", None, claimed=len(ids))
        return rows

    def _unclaim(self, ids: list[int]) -> None:
        if not ids:
            return
        with self.db.transaction(ACTOR, "notify.unclaim") as tx:
            tx.execute(
                f"UPDATE outbox SET claimed_until = NULL, attempts = max(0, attempts - 1)"
                f" WHERE id IN ({','.join('?' * len(ids))})",
                ids,
            )
            tx.target("outbox", None, unclaimed=len(ids))

    # ---- one message ---------------------------------------------------------------------
    def deliver(self, row: dict[str, Any]) -> str:
        """Send one claimed row and record the outcome: 'sent', 'failed', 'unreachable:…' or 'given_up'."""
        who = mask_phone(row["recipient"]) if row["channel"] == "sms" else (row["username"] or "staff")
        if not row["recipient"]:
            self._mark_failed(row, "收件人已按保留期限删除", final=True)
            return "given_up"
        try:
            # claim() leases rows of configured channels only
            if row["channel"] == "sms":
                assert self.channels.sms is not None
                self.channels.sms.send(row["key"], row["recipient"], row["body"])
            else:
                assert self.channels.mail is not None
                self.channels.mail.send(row["key"], row["recipient"], row["subject"], row["body"])
        except DeliveryFailed as exc:
            final = row["attempts"] >= MAX_ATTEMPTS
            self._mark_failed(row, str(exc), final=final)
            log.warning(
                "通知 #%s（%s，%s）第%d次发送失败：%s%s",
                row["id"],
                row["kind"],
                who,
                row["attempts"],
                exc,
                "，已放弃" if final else "，稍后重试",
            )
            if final:
                return "given_up"
            return f"unreachable:{exc}" if exc.unreachable else "failed"
        with self.db.transaction(ACTOR, "notify.sent") as tx:
            stamp = clock.to_iso(clock.now())
            tx.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, tried_at = ?, claimed_until = NULL,"
                " last_error = '' WHERE id = ?",
                (stamp, stamp, row["id"]),
            )
            tx.target("outbox", row["id"], kind=row["kind"], channel=row["channel"])
        log.info("通知 #%s（%s）已发送至 %s", row["id"], row["kind"], who)
        return "sent"

    def _mark_failed(self, row: dict[str, Any], error: str, final: bool) -> None:
        attempts = max(1, int(row["attempts"]))
        wait = BACKOFF[min(attempts, len(BACKOFF)) - 1]
        with self.db.transaction(ACTOR, "notify.given_up" if final else "notify.failed") as tx:
            now = clock.now()
            tx.execute(
                "UPDATE outbox SET status = ?, next_try_at = ?, tried_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?",
                ("given_up" if final else "failed", clock.to_iso(now + wait), clock.to_iso(now), error[:300], row["id"]),
            )
            tx.target("outbox", row["id"], kind=row["kind"], attempts=attempts)
