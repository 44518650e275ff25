"""The migrations' SQLite triggers written again in PL/pgSQL (used by gkreg.dialect.ddl).

``TRIGGERS[name]`` replaces the SQLite ``CREATE TRIGGER name`` statement of a migration; functions
are ``CREATE OR REPLACE`` so a trigger's statements may repeat them. A new SQLite trigger in a
migration needs its twin here (the PostgreSQL tests fail with the trigger's name until it has one).
"""

from __future__ import annotations

_CATS = ("citizen", "npc_deputy", "cppcc_member", "media", "expert", "other")

# ---- core: capacity and the non-citizen limit (capacity - ceil(capacity/3)) -----------------------
_CAPACITY = """CREATE OR REPLACE FUNCTION gkreg_registrations_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cap integer; confirmed integer; others integer;
BEGIN
  IF NEW.status <> 'confirmed' THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'confirmed' AND OLD.category = NEW.category
     AND OLD.event_id = NEW.event_id THEN RETURN NEW; END IF;
  -- Locking the event row serialises every writer of this event's seats, gkreg's or not.
  SELECT capacity INTO cap FROM events WHERE id = NEW.event_id FOR UPDATE;
  SELECT count(*), count(*) FILTER (WHERE category <> 'citizen') INTO confirmed, others
    FROM registrations WHERE event_id = NEW.event_id AND status = 'confirmed' AND id IS DISTINCT FROM NEW.id;
  IF confirmed >= cap THEN RAISE EXCEPTION 'gkreg_capacity: event full' USING ERRCODE = 'check_violation'; END IF;
  IF NEW.category <> 'citizen' AND others >= cap - (cap + 2) / 3 THEN
    RAISE EXCEPTION 'gkreg_capacity: non-citizen limit' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$"""

_CAPACITY_FLOOR = """CREATE OR REPLACE FUNCTION gkreg_events_capacity_floor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM registrations WHERE event_id = NEW.id AND status = 'confirmed') > NEW.capacity
     OR (SELECT count(*) FROM registrations WHERE event_id = NEW.id AND status = 'confirmed'
           AND category <> 'citizen') > NEW.capacity - (NEW.capacity + 2) / 3 THEN
    RAISE EXCEPTION 'gkreg_capacity: below confirmed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$"""

# ---- console: at most 6 photos per report -----------------------------------------------------
_PHOTOS = """CREATE OR REPLACE FUNCTION gkreg_event_report_photos_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM events WHERE id = NEW.event_id FOR UPDATE;
  IF (SELECT count(*) FROM event_report_photos WHERE event_id = NEW.event_id) >= 6 THEN
    RAISE EXCEPTION 'gkreg_photos: at most 6 photos' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$"""

# ---- coordinator: running totals per event, per day, per campaign and day ---------------------------
_CAT_SETS = ", ".join(f"c_{c} = c_{c} + sign * (r.status = 'confirmed' AND r.category = '{c}')::int" for c in _CATS)

_STATS_APPLY = f"""CREATE OR REPLACE FUNCTION gkreg_coord_stats_apply(r registrations, sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF sign > 0 THEN
    INSERT INTO coord_event_stats (event_id) VALUES (r.event_id) ON CONFLICT DO NOTHING;
    IF r.invited = 0 THEN
      INSERT INTO coord_signup_days (event_id, day, n) VALUES (r.event_id, substr(r.created_at, 1, 10), 0)
        ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  UPDATE coord_event_stats SET signups = signups + sign * (r.invited = 0)::int,
         pending = pending + sign * (r.status = 'pending')::int,
         waitlisted = waitlisted + sign * (r.status = 'waitlisted')::int, {_CAT_SETS}
   WHERE event_id = r.event_id;
  IF r.invited = 0 THEN
    UPDATE coord_signup_days SET n = n + sign WHERE event_id = r.event_id AND day = substr(r.created_at, 1, 10);
  END IF;
END $$"""

_STATS = """CREATE OR REPLACE FUNCTION gkreg_coord_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM gkreg_coord_stats_apply(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM gkreg_coord_stats_apply(NEW, 1); END IF;
  RETURN NULL;
END $$"""

_CAMPAIGN_APPLY = """CREATE OR REPLACE FUNCTION gkreg_coord_campaign_apply(r registrations, sign integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE campaign integer;
BEGIN
  IF r.invited <> 0 THEN RETURN; END IF;
  campaign := coalesce((SELECT campaign_id FROM events WHERE id = r.event_id), 0);
  INSERT INTO coord_signup_campaign_days (campaign_id, day, n) VALUES (campaign, substr(r.created_at, 1, 10), 0)
    ON CONFLICT DO NOTHING;
  UPDATE coord_signup_campaign_days SET n = n + sign WHERE campaign_id = campaign AND day = substr(r.created_at, 1, 10);
END $$"""

_CAMPAIGN = """CREATE OR REPLACE FUNCTION gkreg_coord_campaign_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM gkreg_coord_campaign_apply(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM gkreg_coord_campaign_apply(NEW, 1); END IF;
  RETURN NULL;
END $$"""

_CAMPAIGN_MOVE = """CREATE OR REPLACE FUNCTION gkreg_coord_campaign_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE coord_signup_campaign_days c SET n = c.n - d.n FROM coord_signup_days d
   WHERE d.event_id = NEW.id AND d.day = c.day AND c.campaign_id = coalesce(OLD.campaign_id, 0);
  INSERT INTO coord_signup_campaign_days (campaign_id, day, n)
    SELECT coalesce(NEW.campaign_id, 0), day, 0 FROM coord_signup_days WHERE event_id = NEW.id
    ON CONFLICT DO NOTHING;
  UPDATE coord_signup_campaign_days c SET n = c.n + d.n FROM coord_signup_days d
   WHERE d.event_id = NEW.id AND d.day = c.day AND c.campaign_id = coalesce(NEW.campaign_id, 0);
  RETURN NULL;
END $$"""


def _trigger(name: str, when: str, table: str, function: str, condition: str = "") -> str:
    condition = f" WHEN ({condition})" if condition else ""
    return f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW{condition} EXECUTE FUNCTION {function}()"


TRIGGERS: dict[str, list[str]] = {
    "registrations_cap_insert": [
        _CAPACITY,
        _trigger("registrations_cap_insert", "BEFORE INSERT", "registrations", "gkreg_registrations_cap"),
    ],
    "registrations_cap_update": [
        _CAPACITY,
        _trigger(
            "registrations_cap_update", "BEFORE UPDATE OF status, category, event_id", "registrations", "gkreg_registrations_cap"
        ),
    ],
    "events_capacity_floor": [
        _CAPACITY_FLOOR,
        _trigger("events_capacity_floor", "BEFORE UPDATE OF capacity", "events", "gkreg_events_capacity_floor"),
    ],
    "event_report_photos_limit": [
        _PHOTOS,
        _trigger("event_report_photos_limit", "BEFORE INSERT", "event_report_photos", "gkreg_event_report_photos_limit"),
    ],
    "coord_stats_insert": [
        _STATS_APPLY,
        _STATS,
        _trigger("coord_stats_insert", "AFTER INSERT", "registrations", "gkreg_coord_stats"),
    ],
    "coord_stats_delete": [
        _STATS_APPLY,
        _STATS,
        _trigger("coord_stats_delete", "AFTER DELETE", "registrations", "gkreg_coord_stats"),
    ],
    "coord_stats_update": [
        _STATS_APPLY,
        _STATS,
        _trigger(
            "coord_stats_update",
            "AFTER UPDATE OF status, category, invited, event_id, created_at",
            "registrations",
            "gkreg_coord_stats",
        ),
    ],
    "coord_campaign_days_insert": [
        _CAMPAIGN_APPLY,
        _CAMPAIGN,
        _trigger("coord_campaign_days_insert", "AFTER INSERT", "registrations", "gkreg_coord_campaign_days"),
    ],
    "coord_campaign_days_delete": [
        _CAMPAIGN_APPLY,
        _CAMPAIGN,
        _trigger("coord_campaign_days_delete", "AFTER DELETE", "registrations", "gkreg_coord_campaign_days"),
    ],
    "coord_campaign_days_update": [
        _CAMPAIGN_APPLY,
        _CAMPAIGN,
        _trigger(
            "coord_campaign_days_update",
            "AFTER UPDATE OF invited, event_id, created_at",
            "registrations",
            "gkreg_coord_campaign_days",
        ),
    ],
    "coord_campaign_days_move": [
        _CAMPAIGN_MOVE,
        _trigger(
            "coord_campaign_days_move",
            "AFTER UPDATE OF campaign_id",
            "events",
            "gkreg_coord_campaign_move",
            "coalesce(OLD.campaign_id, 0) IS DISTINCT FROM coalesce(NEW.campaign_id, 0)",
        ),
    ],
}

# Which table each trigger is on (PostgreSQL's DROP TRIGGER names it).
TRIGGER_TABLES: dict[str, str] = {
    "registrations_cap_insert": "registrations",
    "registrations_cap_update": "registrations",
    "events_capacity_floor": "events",
    "event_report_photos_limit": "event_report_photos",
    "coord_stats_insert": "registrations",
    "coord_stats_delete": "registrations",
    "coord_stats_update": "registrations",
    "coord_campaign_days_insert": "registrations",
    "coord_campaign_days_delete": "registrations",
    "coord_campaign_days_update": "registrations",
    "coord_campaign_days_move": "events",
}
