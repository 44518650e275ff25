"""Migrations of the campaign area (issue 13): online activities, co-hosts, the year calendar,
campaign deadlines and submissions, plan contacts/steps, inspections, consultation previews,
paper questionnaires. Never edit a migration here once landed: add a new one.
"""

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "campaign_0001_activities_calendar",
        [
            # An event with a row here is an online/broadcast activity (在线访谈, 热线 ...): no seat list.
            """CREATE TABLE event_online (
            event_id INTEGER PRIMARY KEY REFERENCES events(id),
            stream_url TEXT NOT NULL DEFAULT '',
            hotline TEXT NOT NULL DEFAULT '',
            schedule TEXT NOT NULL DEFAULT '',
            transcript TEXT NOT NULL DEFAULT '',
            record_published_at TEXT)""",
            """CREATE TABLE event_guests (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '')""",
            "CREATE INDEX event_guests_event ON event_guests(event_id, position)",
            """CREATE TABLE event_questions (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            position INTEGER NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT '',
            asker TEXT NOT NULL DEFAULT '',
            opinion_id INTEGER REFERENCES opinions(id),
            created_at TEXT NOT NULL)""",
            "CREATE INDEX event_questions_event ON event_questions(event_id, position)",
            """CREATE TABLE event_cohosts (
            event_id INTEGER NOT NULL REFERENCES events(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            PRIMARY KEY (event_id, unit_id))""",
            "CREATE INDEX event_cohosts_unit ON event_cohosts(unit_id)",
            # A month of the public calendar the office holds back (no row: published).
            """CREATE TABLE calendar_months (
            month TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('published', 'held')),
            updated_by TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL)""",
        ],
    ),
    (
        "campaign_0002_parts",
        [
            """CREATE TABLE campaign_units (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            PRIMARY KEY (campaign_id, unit_id))""",
            "ALTER TABLE campaigns ADD COLUMN theme TEXT NOT NULL DEFAULT ''",
            """CREATE TABLE campaign_deadlines (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            kind TEXT NOT NULL CHECK (kind IN ('plan', 'materials', 'summary', 'other')),
            name TEXT NOT NULL,
            due_at TEXT NOT NULL)""",
            "CREATE INDEX campaign_deadlines_campaign ON campaign_deadlines(campaign_id, due_at)",
            """CREATE TABLE unit_submissions (
            id INTEGER PRIMARY KEY,
            deadline_id INTEGER NOT NULL REFERENCES campaign_deadlines(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            body TEXT NOT NULL DEFAULT '',
            links TEXT NOT NULL DEFAULT '[]',
            submitted_at TEXT NOT NULL,
            submitted_by TEXT NOT NULL DEFAULT '')""",
            "CREATE INDEX unit_submissions_deadline ON unit_submissions(deadline_id, unit_id, submitted_at)",
            """CREATE TABLE submission_files (
            id INTEGER PRIMARY KEY,
            submission_id INTEGER NOT NULL REFERENCES unit_submissions(id),
            filename TEXT NOT NULL DEFAULT '',
            mime TEXT NOT NULL,
            size INTEGER NOT NULL,
            data BLOB NOT NULL)""",
            """CREATE TABLE plan_contacts (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            name TEXT NOT NULL,
            phone TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '')""",
            """CREATE TABLE plan_steps (
            event_id INTEGER NOT NULL REFERENCES events(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (event_id, position))""",
            """CREATE TABLE inspections (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            event_id INTEGER REFERENCES events(id),
            inspected_on TEXT NOT NULL,
            findings TEXT NOT NULL,
            rectify_by TEXT,
            rectified_at TEXT,
            created_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL)""",
            "CREATE INDEX inspections_unit ON inspections(unit_id, inspected_on)",
            """CREATE TABLE inspection_photos (
            id INTEGER PRIMARY KEY,
            inspection_id INTEGER NOT NULL REFERENCES inspections(id),
            filename TEXT NOT NULL DEFAULT '',
            mime TEXT NOT NULL,
            size INTEGER NOT NULL,
            data BLOB NOT NULL)""",
            """CREATE TABLE score_adjustments (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            campaign_id INTEGER REFERENCES campaigns(id),
            points REAL NOT NULL,
            reason TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL)""",
            """CREATE TABLE consultation_plans (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            year INTEGER NOT NULL,
            month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL)""",
            "ALTER TABLE consultations ADD COLUMN outcome TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE survey_responses ADD COLUMN source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'paper'))",
        ],
    ),
]
