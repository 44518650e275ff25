"""Migrations of the notification area: the outbox, phone-check codes, staff e-mail.

- ``outbox``: one row per notice, written in the same transaction as its cause
  (see gkreg/notify/outbox.py); the sender claims due rows with a short lease and
  marks them sent only after the gateway accepted them.
- ``phone_codes``: SMS verification codes (短信验证码), stored as keyed hashes.
- ``phone_check_events``: the per-event choice to require a phone check.
"""

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "notify_0001_outbox",
        [
            """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL CHECK (channel IN ('sms','email')),
            recipient TEXT,
            kind TEXT NOT NULL,
            params TEXT NOT NULL DEFAULT '{}',
            subject TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            registration_id INTEGER,
            event_id INTEGER,
            opinion_id INTEGER,
            username TEXT,
            status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed','given_up')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try_at TEXT NOT NULL,
            claimed_until TEXT,
            last_error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            tried_at TEXT,
            sent_at TEXT,
            erased_at TEXT)""",
            "CREATE INDEX outbox_due ON outbox(status, next_try_at)",
            "CREATE INDEX outbox_registration ON outbox(registration_id, id)",
            "CREATE INDEX outbox_event ON outbox(event_id)",
            "CREATE INDEX outbox_created ON outbox(created_at)",
            """CREATE TABLE phone_codes (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL,
            phone_hash TEXT NOT NULL,
            client TEXT NOT NULL DEFAULT '',
            code_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            tries INTEGER NOT NULL DEFAULT 0,
            used_at TEXT)""",
            "CREATE INDEX phone_codes_phone ON phone_codes(phone_hash, created_at)",
            "CREATE INDEX phone_codes_client ON phone_codes(client, created_at)",
            """CREATE TABLE phone_check_events (
            event_id INTEGER PRIMARY KEY,
            required INTEGER NOT NULL CHECK (required IN (0, 1)))""",
            "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''",
        ],
    ),
]
