"""Core tables: settings, accounts, units, campaigns, events, registrations, audit log."""

LIVE = "('pending', 'confirmed', 'waitlisted')"

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "core_0001_initial",
        [
            """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
            """CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'department' CHECK (kind IN ('township','department','enterprise')),
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL)""",
            """CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('coordinator','unit_staff')),
            unit_id INTEGER REFERENCES units(id),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            logged_out_at REAL NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            CHECK (role = 'coordinator' OR unit_id IS NOT NULL))""",
            """CREATE TABLE login_attempts (
            username TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT)""",
            """CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            filing_deadline TEXT,
            report_due_workdays INTEGER NOT NULL DEFAULT 5,
            response_due_workdays INTEGER NOT NULL DEFAULT 15,
            min_events_per_unit INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL)""",
            """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            campaign_id INTEGER REFERENCES campaigns(id),
            title TEXT NOT NULL,
            form TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT,
            location TEXT NOT NULL DEFAULT '',
            capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 30),
            approval TEXT NOT NULL DEFAULT 'review' CHECK (approval IN ('review','auto')),
            registration_opens TEXT,
            registration_closes TEXT,
            description TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('draft','open','finalized','held','reported','cancelled')),
            filed_at TEXT,
            finalized_at TEXT,
            created_by TEXT,
            created_at TEXT NOT NULL)""",
            "CREATE INDEX events_unit ON events(unit_id, starts_at)",
            "CREATE INDEX events_status ON events(status, starts_at)",
            """CREATE TABLE registrations (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            phone TEXT,
            id_cipher TEXT,
            id_hash TEXT,
            id_masked TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT 'citizen'
                CHECK (category IN ('citizen','npc_deputy','cppcc_member','media','expert','other')),
            invited INTEGER NOT NULL DEFAULT 0,
            invited_by TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending','confirmed','waitlisted','rejected','cancelled')),
            reason TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            organization TEXT NOT NULL DEFAULT '',
            topic TEXT NOT NULL DEFAULT '',
            consent_at TEXT,
            created_at TEXT NOT NULL,
            decided_at TEXT,
            cancelled_at TEXT,
            checked_in_at TEXT,
            erased_at TEXT)""",
            "CREATE INDEX registrations_event ON registrations(event_id, status, category)",
            f"CREATE UNIQUE INDEX registrations_live_person ON registrations(event_id, id_hash)"
            f" WHERE id_hash IS NOT NULL AND status IN {LIVE}",
            "CREATE INDEX registrations_created ON registrations(created_at)",
            """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at_utc TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            target_type TEXT,
            target_id TEXT,
            detail TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '')""",
            "CREATE INDEX audit_at ON audit_log(at_utc)",
            # Backstop: even a raw INSERT/UPDATE cannot push an event past its capacity
            # or past its non-citizen limit (capacity - ceil(capacity/3)).
            """CREATE TRIGGER registrations_cap_insert BEFORE INSERT ON registrations
           WHEN NEW.status = 'confirmed' BEGIN
             SELECT RAISE(ABORT, 'gkreg_capacity: event full')
             WHERE (SELECT count(*) FROM registrations WHERE event_id = NEW.event_id AND status = 'confirmed')
                   >= (SELECT capacity FROM events WHERE id = NEW.event_id);
             SELECT RAISE(ABORT, 'gkreg_capacity: non-citizen limit')
             WHERE NEW.category != 'citizen' AND
                   (SELECT count(*) FROM registrations WHERE event_id = NEW.event_id
                      AND status = 'confirmed' AND category != 'citizen')
                   >= (SELECT capacity - (capacity + 2) / 3 FROM events WHERE id = NEW.event_id);
           END""",
            """CREATE TRIGGER registrations_cap_update BEFORE UPDATE OF status, category, event_id ON registrations
           WHEN NEW.status = 'confirmed' AND (OLD.status != 'confirmed' OR OLD.category != NEW.category
                                              OR OLD.event_id != NEW.event_id) BEGIN
             SELECT RAISE(ABORT, 'gkreg_capacity: event full')
             WHERE (SELECT count(*) FROM registrations WHERE event_id = NEW.event_id AND status = 'confirmed'
                      AND id != NEW.id)
                   >= (SELECT capacity FROM events WHERE id = NEW.event_id);
             SELECT RAISE(ABORT, 'gkreg_capacity: non-citizen limit')
             WHERE NEW.category != 'citizen' AND
                   (SELECT count(*) FROM registrations WHERE event_id = NEW.event_id
                      AND status = 'confirmed' AND category != 'citizen' AND id != NEW.id)
                   >= (SELECT capacity - (capacity + 2) / 3 FROM events WHERE id = NEW.event_id);
           END""",
            """CREATE TRIGGER events_capacity_floor BEFORE UPDATE OF capacity ON events BEGIN
             SELECT RAISE(ABORT, 'gkreg_capacity: below confirmed')
             WHERE (SELECT count(*) FROM registrations WHERE event_id = NEW.id AND status = 'confirmed')
                   > NEW.capacity
                OR (SELECT count(*) FROM registrations WHERE event_id = NEW.id AND status = 'confirmed'
                      AND category != 'citizen') > NEW.capacity - (NEW.capacity + 2) / 3;
           END""",
        ],
    ),
]
