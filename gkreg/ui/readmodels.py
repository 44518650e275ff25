"""Short-lived, process-wide copies of what every visitor of the public pages reads: the open events with
their seat counts, and the published reports with their photos.

Only published, public facts are cached here (never a name, phone, ID number or code), for a few seconds:
a crowd opening the same page shares one query instead of each running it. The values are shared between
sessions, so callers must treat them as read-only. Writes never read these; the seat check at sign-up
always runs in its own transaction.
"""

from __future__ import annotations

import streamlit as st

from gkreg.events import Event
from gkreg.reports import Photo, PublicReport
from gkreg.seats import Seats
from gkreg.ui.context import db_path, get_od

OPEN_EVENTS_TTL = 2  # seconds a seat count on the public list may lag behind
REPORTS_TTL = 30


@st.cache_resource(ttl=OPEN_EVENTS_TTL, show_spinner=False, max_entries=4)
def _open_events(path: str) -> tuple[tuple[Event, ...], dict[int, Seats]]:
    od = get_od()
    events = tuple(od.events.list_open())
    return events, od.events.seats_many([e.id for e in events])


def open_events() -> tuple[tuple[Event, ...], dict[int, Seats]]:
    """The events a citizen can look at, oldest first, and their seats (at most 2 s old)."""
    return _open_events(db_path())


@st.cache_resource(ttl=REPORTS_TTL, show_spinner=False, max_entries=4)
def _published_reports(path: str, version: str) -> tuple[PublicReport, ...]:
    return tuple(get_od().reports.published())


def published_reports() -> tuple[PublicReport, ...]:
    """Held events with their published reports, newest first: rebuilt when one is held, saved, published
    or given a photo, else at most 30 s old (attendance figures)."""
    return _published_reports(db_path(), get_od().reports.published_version())


@st.cache_resource(ttl=REPORTS_TTL, show_spinner=False, max_entries=256)
def _public_photo(path: str, photo_id: int) -> Photo | None:
    return get_od().reports.public_photo(photo_id)


def public_photo(photo_id: int) -> Photo | None:
    return _public_photo(db_path(), photo_id)
