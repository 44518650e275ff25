"""Migrations of the ledger area (see schema/__init__.py): opinions, their progress notes, consultations."""

STATUSES = "('received','processing','adopted','partially_adopted','not_adopted','answered')"
SOURCES = "('online','forum','survey','hotline','consultation')"

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "ledger_0001_opinions",
        [
            """CREATE TABLE consultations (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            event_id INTEGER REFERENCES events(id),
            title TEXT NOT NULL,
            draft TEXT NOT NULL,
            opens_at TEXT NOT NULL,
            closes_at TEXT NOT NULL,
            closed_at TEXT,
            created_by TEXT,
            created_at TEXT NOT NULL)""",
            "CREATE INDEX consultations_unit ON consultations(unit_id, closes_at)",
            f"""CREATE TABLE opinions (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            event_id INTEGER REFERENCES events(id),
            consultation_id INTEGER REFERENCES consultations(id),
            source TEXT NOT NULL DEFAULT 'online' CHECK (source IN {SOURCES}),
            content TEXT NOT NULL,
            public_content TEXT,
            name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            consent_at TEXT,
            status TEXT NOT NULL DEFAULT 'received' CHECK (status IN {STATUSES}),
            response TEXT NOT NULL DEFAULT '',
            submitted_at TEXT NOT NULL,
            responded_at TEXT,
            due_on TEXT NOT NULL,
            due_exact INTEGER NOT NULL DEFAULT 1,
            published INTEGER NOT NULL DEFAULT 0,
            published_at TEXT,
            recorded_by TEXT,
            updated_at TEXT)""",
            "CREATE INDEX opinions_unit ON opinions(unit_id, status, submitted_at)",
            "CREATE INDEX opinions_event ON opinions(event_id)",
            "CREATE INDEX opinions_published ON opinions(published, unit_id)",
            """CREATE TABLE opinion_progress (
            id INTEGER PRIMARY KEY,
            opinion_id INTEGER NOT NULL REFERENCES opinions(id),
            noted_on TEXT NOT NULL,
            note TEXT NOT NULL,
            actor TEXT,
            created_at TEXT NOT NULL)""",
            "CREATE INDEX opinion_progress_opinion ON opinion_progress(opinion_id, noted_on)",
        ],
    ),
]
