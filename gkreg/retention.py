"""Erasing personal data after the retention period (PIPL): totals stay, identities go."""

from __future__ import annotations

import datetime as dt

from . import clock
from .db import Database

# An event counts as over at its end, else its start.
_DUE = """FROM registrations r JOIN events e ON e.id = r.event_id
WHERE r.erased_at IS NULL AND coalesce(e.ends_at, e.starts_at) < ?"""


def cutoff(days: int, now: dt.datetime | None = None) -> str:
    return clock.to_iso((now or clock.now()) - dt.timedelta(days=days))


def count_due(db: Database, days: int) -> int:
    return int(db.scalar(f"SELECT count(*) {_DUE}", (cutoff(days),)))


def purge(db: Database, days: int, actor: str | None = None) -> int:
    """Erase ID numbers and phones of registrations whose event ended more than ``days`` ago."""
    if days < 0:
        from .errors import ValidationError

        raise ValidationError("保留天数不能为负数。")
    limit = cutoff(days)
    with db.transaction(actor, "privacy.purge") as tx:
        cur = tx.execute(
            "UPDATE registrations SET id_cipher = NULL, id_hash = NULL, id_masked = '', phone = NULL,"
            f" erased_at = ? WHERE id IN (SELECT r.id {_DUE})",
            (clock.to_iso(clock.now()), limit),
        )
        erased = cur.rowcount
        # Contact details left on questionnaires follow the same period, counted from the answer.
        surveys = tx.execute(
            "UPDATE survey_responses SET name = '', phone = '' WHERE (name != '' OR phone != '') AND submitted_at < ?", (limit,)
        ).rowcount
        # Phones in the notification outbox: rows about an erased registration, and any older row.
        outbox = tx.execute(
            "UPDATE outbox SET recipient = NULL, erased_at = ? WHERE channel = 'sms' AND recipient IS NOT NULL"
            " AND (created_at < ? OR registration_id IN (SELECT id FROM registrations WHERE erased_at IS NOT NULL))",
            (clock.to_iso(clock.now()), limit),
        ).rowcount
        tx.target("registrations", None, erased=erased, survey_contacts_erased=surveys, days=days, outbox_phones_erased=outbox)
        return erased
