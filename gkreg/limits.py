"""Limits of the public front door, counted in the database per client address.

Counted in the ``rate_hits`` table, so they hold across browser sessions, restarts and server
processes (a script opening a new session per request gains nothing). Each limit is a setting on
/admin (gkreg/settings.py). The client address comes from gkreg/client_address.py.

- a phone holds at most ``phone_live_max`` live registrations per event (see registrations.register);
- after ``signup_captcha_after`` public sign-ups within 10 minutes, each further sign-up needs the
  picture code (an event marked high demand asks it from the first sign-up); beyond
  ``signup_hourly_max`` an hour sign-ups are refused with the time to wait;
- ``lookup_failures_hourly_max`` failed look-ups (registration or opinion codes) an hour;
- ``opinions_hourly_max`` opinions an hour.

A refusal says what to do and how long to wait, never how many tries are left.
"""

from __future__ import annotations

import math

from . import clock
from .db import Database, Tx
from .errors import RateLimited, ValidationError
from .settings import Settings

SIGNUP = "signup"
LOOKUP_FAILURE = "lookup_failure"
OPINION = "opinion"
CAPTCHA_WINDOW = 600
HOUR = 3600
# Rows older than this are deleted whenever a new one is written: the table stays a few rows deep.
KEEP_SECONDS = 2 * HOUR


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


class Limits:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.settings = Settings(db)

    # ---- reading ------------------------------------------------------------------------------
    def _hits(self, kind: str, client: str, within: float, now: float, tx: Tx | None = None) -> list[float]:
        sql = "SELECT at FROM rate_hits WHERE kind = ? AND client = ? AND at > ? ORDER BY at"
        params = (kind, client, now - within)
        rows = tx.execute(sql, params).fetchall() if tx else self.db.connection().execute(sql, params).fetchall()
        return [r[0] for r in rows]

    def _wait(self, kind: str, client: str, limit_key: str, now: float, tx: Tx | None = None) -> int:
        """Seconds until the client may act again within the hourly limit (0: now)."""
        hits = self._hits(kind, client, HOUR, now, tx)
        limit = int(self.settings.get(limit_key))
        if len(hits) < limit:
            return 0
        # The oldest hit that keeps the count at the limit must leave the hour first.
        return max(1, math.ceil(hits[len(hits) - limit] + HOUR - now))

    @staticmethod
    def _record(tx: Tx, kind: str, client: str, now: float) -> None:
        tx.execute("DELETE FROM rate_hits WHERE at < ?", (now - KEEP_SECONDS,))
        tx.execute("INSERT INTO rate_hits (kind, client, at) VALUES (?, ?, ?)", (kind, client, now))

    def high_demand(self, event_id: int) -> bool:
        return bool(self.db.scalar("SELECT high_demand FROM events WHERE id = ?", (event_id,)))

    # ---- sign-ups -----------------------------------------------------------------------------
    def signup_needs_captcha(self, client: str, event_id: int) -> bool:
        """Whether the next public sign-up from ``client`` for this event must carry the picture code."""
        if self.high_demand(event_id):
            return True
        now = clock.timestamp()
        return len(self._hits(SIGNUP, client, CAPTCHA_WINDOW, now)) >= int(self.settings.get("signup_captcha_after"))

    def admit_signup(self, tx: Tx, client: str, event_id: int, captcha_ok: bool) -> None:
        """Inside the sign-up's own transaction: refuse or count it (so parallel requests cannot slip by)."""
        now = clock.timestamp()
        wait = self._wait(SIGNUP, client, "signup_hourly_max", now, tx)
        if wait:
            raise RateLimited(
                f"从您所在的网络提交的报名太多，为防止名额被程序抢占，请在{_minutes(wait)}分钟后再报名；"
                "如有急事请致电活动主办单位。",
                wait_seconds=wait,
            )
        if not captcha_ok:
            high = tx.one("SELECT high_demand FROM events WHERE id = ?", (event_id,))
            recent = len(self._hits(SIGNUP, client, CAPTCHA_WINDOW, now, tx))
            if (high and high[0]) or recent >= int(self.settings.get("signup_captcha_after")):
                raise ValidationError("请按图片输入验证码后再提交。", field="captcha")
        self._record(tx, SIGNUP, client, now)

    # ---- look-ups -----------------------------------------------------------------------------
    def lookup_wait(self, client: str) -> int:
        """Seconds ``client`` must wait before the next look-up by code (0: go ahead)."""
        return self._wait(LOOKUP_FAILURE, client, "lookup_failures_hourly_max", clock.timestamp())

    def record_lookup_failure(self, client: str) -> None:
        with self.db.transaction(None, "lookup.failed") as tx:
            self._record(tx, LOOKUP_FAILURE, client, clock.timestamp())

    # ---- opinions -----------------------------------------------------------------------------
    def opinion_wait(self, client: str) -> int:
        return self._wait(OPINION, client, "opinions_hourly_max", clock.timestamp())

    def record_opinion(self, client: str) -> None:
        with self.db.transaction(None, "opinion.counted") as tx:
            self._record(tx, OPINION, client, clock.timestamp())

    # ---- high demand --------------------------------------------------------------------------
    def set_high_demand(self, event_id: int, high: bool, actor: str) -> None:
        """Mark an event as high demand (the picture code from the first sign-up); its unit's staff."""
        from .access import require_unit
        from .errors import NotFound

        unit_id = self.db.scalar("SELECT unit_id FROM events WHERE id = ?", (event_id,))
        if unit_id is None:
            raise NotFound("未找到该活动。")
        require_unit(self.db, actor, unit_id)
        with self.db.transaction(actor, "event.high_demand") as tx:
            tx.execute("UPDATE events SET high_demand = ? WHERE id = ?", (1 if high else 0, event_id))
            tx.target("event", event_id, high_demand=bool(high))
