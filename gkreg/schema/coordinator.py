"""Migrations of the coordinator area (see schema/__init__.py).

- ``assessment_weights``: the editable weighting of the assessment criteria
  (see gkreg/assessment.py for what each criterion measures).
- Indexes that keep the dashboard's aggregations on covering indexes, so its
  cost grows slowly with the number of events and registrations.
"""

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "coordinator_0001_assessment_and_indexes",
        [
            """CREATE TABLE assessment_weights (
            criterion TEXT PRIMARY KEY,
            weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL DEFAULT '')""",
            "CREATE INDEX coord_events_campaign ON events(campaign_id, unit_id, status)",
            "CREATE INDEX coord_events_starts ON events(starts_at, status, capacity, unit_id, campaign_id)",
            "CREATE INDEX coord_reg_dash ON registrations(event_id, invited, created_at, status, category)",
            "CREATE INDEX coord_audit_actor ON audit_log(actor, at_utc)",
            "CREATE INDEX coord_audit_action ON audit_log(action, at_utc)",
        ],
    ),
]

# Running totals per event, kept by triggers on registrations, so that the dashboard
# sums one row per event instead of every registration (see gkreg/dashboard.py).
_CATS = ("citizen", "npc_deputy", "cppcc_member", "media", "expert", "other")


def _delta(row: str, sign: str) -> str:
    cats = ", ".join(f"c_{c} = c_{c} {sign} ({row}.status = 'confirmed' AND {row}.category = '{c}')" for c in _CATS)
    return (
        f"UPDATE coord_event_stats SET signups = signups {sign} ({row}.invited = 0), "
        f"pending = pending {sign} ({row}.status = 'pending'), "
        f"waitlisted = waitlisted {sign} ({row}.status = 'waitlisted'), {cats} WHERE event_id = {row}.event_id;"
    )


def _day(row: str, sign: str) -> str:
    return (
        f"UPDATE coord_signup_days SET n = n {sign} 1 WHERE event_id = {row}.event_id"
        f" AND day = substr({row}.created_at, 1, 10) AND {row}.invited = 0;"
    )


def _ensure(row: str) -> str:
    return (
        f"INSERT OR IGNORE INTO coord_event_stats (event_id) VALUES ({row}.event_id);"
        f" INSERT OR IGNORE INTO coord_signup_days (event_id, day, n) SELECT {row}.event_id,"
        f" substr({row}.created_at, 1, 10), 0 WHERE {row}.invited = 0;"
    )


_SUMS = ", ".join(f"coalesce(sum(status = 'confirmed' AND category = '{c}'), 0)" for c in _CATS)

MIGRATIONS.append(
    (
        "coordinator_0002_dashboard_totals",
        [
            f"""CREATE TABLE coord_event_stats (
        event_id INTEGER PRIMARY KEY,
        signups INTEGER NOT NULL DEFAULT 0,
        pending INTEGER NOT NULL DEFAULT 0,
        waitlisted INTEGER NOT NULL DEFAULT 0,
        {", ".join(f"c_{c} INTEGER NOT NULL DEFAULT 0" for c in _CATS)})""",
            """CREATE TABLE coord_signup_days (
        event_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (event_id, day)) WITHOUT ROWID""",
            "CREATE INDEX coord_signup_days_day ON coord_signup_days(day, event_id, n)",
            f"""INSERT INTO coord_event_stats (event_id, signups, pending, waitlisted, {", ".join(f"c_{c}" for c in _CATS)})
        SELECT event_id, coalesce(sum(invited = 0), 0), coalesce(sum(status = 'pending'), 0),
               coalesce(sum(status = 'waitlisted'), 0), {_SUMS}
        FROM registrations GROUP BY event_id""",
            """INSERT INTO coord_signup_days (event_id, day, n)
        SELECT event_id, substr(created_at, 1, 10), count(*) FROM registrations WHERE invited = 0
        GROUP BY event_id, substr(created_at, 1, 10)""",
            f"""CREATE TRIGGER coord_stats_insert AFTER INSERT ON registrations BEGIN
         {_ensure("NEW")} {_delta("NEW", "+")} {_day("NEW", "+")}
       END""",
            f"""CREATE TRIGGER coord_stats_delete AFTER DELETE ON registrations BEGIN
         {_delta("OLD", "-")} {_day("OLD", "-")}
       END""",
            f"""CREATE TRIGGER coord_stats_update AFTER UPDATE OF status, category, invited, event_id, created_at
       ON registrations BEGIN
         {_delta("OLD", "-")} {_day("OLD", "-")} {_ensure("NEW")} {_delta("NEW", "+")} {_day("NEW", "+")}
       END""",
        ],
    )
)

# Sign-ups per campaign and day (campaign 0: events outside any campaign), kept by triggers on
# registrations and on an event moving between campaigns: the campaign-wide series and today's
# count read a few hundred rows whatever the county's size.
_CAMPAIGN = "coalesce((SELECT campaign_id FROM events WHERE id = {row}.event_id), 0)"


def _campaign_day(row: str, sign: str) -> str:
    campaign = _CAMPAIGN.format(row=row)
    return (
        f"INSERT OR IGNORE INTO coord_signup_campaign_days (campaign_id, day, n) SELECT {campaign},"
        f" substr({row}.created_at, 1, 10), 0 WHERE {row}.invited = 0;"
        f" UPDATE coord_signup_campaign_days SET n = n {sign} 1 WHERE campaign_id = {campaign}"
        f" AND day = substr({row}.created_at, 1, 10) AND {row}.invited = 0;"
    )


MIGRATIONS.append(
    (
        "coordinator_0003_campaign_signups",
        [
            """CREATE TABLE coord_signup_campaign_days (
        campaign_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, day)) WITHOUT ROWID""",
            """INSERT INTO coord_signup_campaign_days (campaign_id, day, n)
        SELECT coalesce(e.campaign_id, 0), d.day, sum(d.n) FROM coord_signup_days d JOIN events e ON e.id = d.event_id
        GROUP BY 1, 2""",
            f"""CREATE TRIGGER coord_campaign_days_insert AFTER INSERT ON registrations BEGIN
         {_campaign_day("NEW", "+")}
       END""",
            f"""CREATE TRIGGER coord_campaign_days_delete AFTER DELETE ON registrations BEGIN
         {_campaign_day("OLD", "-")}
       END""",
            f"""CREATE TRIGGER coord_campaign_days_update AFTER UPDATE OF invited, event_id, created_at ON registrations BEGIN
         {_campaign_day("OLD", "-")} {_campaign_day("NEW", "+")}
       END""",
            """CREATE TRIGGER coord_campaign_days_move AFTER UPDATE OF campaign_id ON events
       WHEN coalesce(OLD.campaign_id, 0) != coalesce(NEW.campaign_id, 0) BEGIN
         UPDATE coord_signup_campaign_days SET n = n - (SELECT d.n FROM coord_signup_days d
             WHERE d.event_id = NEW.id AND d.day = coord_signup_campaign_days.day)
           WHERE campaign_id = coalesce(OLD.campaign_id, 0)
             AND day IN (SELECT day FROM coord_signup_days WHERE event_id = NEW.id);
         INSERT OR IGNORE INTO coord_signup_campaign_days (campaign_id, day, n)
           SELECT coalesce(NEW.campaign_id, 0), day, 0 FROM coord_signup_days WHERE event_id = NEW.id;
         UPDATE coord_signup_campaign_days SET n = n + (SELECT d.n FROM coord_signup_days d
             WHERE d.event_id = NEW.id AND d.day = coord_signup_campaign_days.day)
           WHERE campaign_id = coalesce(NEW.campaign_id, 0)
             AND day IN (SELECT day FROM coord_signup_days WHERE event_id = NEW.id);
       END""",
            # The ledger's opinions, read by the dashboard and the assessment on a covering index.
            "CREATE INDEX coord_opinions_dash ON opinions(event_id, unit_id, status, submitted_at, responded_at, due_on)",
        ],
    )
)

MIGRATIONS.append(
    (
        "coordinator_0004_opinions_by_unit",
        [
            "CREATE INDEX coord_opinions_unit ON opinions(unit_id, event_id, status, submitted_at, responded_at, due_on)",
        ],
    )
)

MIGRATIONS.append(
    (
        "coordinator_0005_events_cover",
        [
            "CREATE INDEX coord_events_cover ON events(campaign_id, status, unit_id, capacity, starts_at, ends_at)",
        ],
    )
)
