"""Migrations of the public front door (see schema/__init__.py and gkreg/limits.py).

- ``rate_hits``: one row per counted act (a sign-up, a failed look-up, an opinion) of a client
  address, kept an hour or two, so that limits hold across sessions, restarts and processes.
- ``login_failures``: failed staff logins per username AND client address, so that a stranger's
  failures lock only the stranger out.
- ``events.high_demand``: the picture code is asked from the first sign-up.
"""

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "frontdoor_0001_limits",
        [
            """CREATE TABLE rate_hits (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            client TEXT NOT NULL,
            at REAL NOT NULL)""",
            "CREATE INDEX rate_hits_client ON rate_hits(kind, client, at)",
            "CREATE INDEX rate_hits_at ON rate_hits(at)",
            """CREATE TABLE login_failures (
            username TEXT NOT NULL,
            client TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            PRIMARY KEY (username, client))""",
            "ALTER TABLE events ADD COLUMN high_demand INTEGER NOT NULL DEFAULT 0",
        ],
    ),
]
