"""Migrations of the console area (see schema/__init__.py): event reports and their photos."""

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "console_0001_event_reports",
        [
            """CREATE TABLE event_reports (
            event_id INTEGER PRIMARY KEY REFERENCES events(id),
            body TEXT NOT NULL DEFAULT '',
            attended INTEGER,
            published_at TEXT NULL,
            due_on TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '')""",
            """CREATE TABLE event_report_photos (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            filename TEXT NOT NULL DEFAULT '',
            mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            caption TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL)""",
            "CREATE INDEX event_report_photos_event ON event_report_photos(event_id, id)",
            # Backstop: never more than 6 photos per report.
            """CREATE TRIGGER event_report_photos_limit BEFORE INSERT ON event_report_photos BEGIN
             SELECT RAISE(ABORT, 'gkreg_photos: at most 6 photos')
             WHERE (SELECT count(*) FROM event_report_photos WHERE event_id = NEW.event_id) >= 6;
           END""",
        ],
    ),
]
