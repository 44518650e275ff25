"""The process-wide OpenDay (no personal data in it: a database handle and keys)."""

from __future__ import annotations

import os

import streamlit as st

from gkreg import OpenDay, audit


def db_path() -> str:
    return os.environ.get("GKREG_DB", "data/gkreg.db")


def demo_mode() -> bool:
    return os.environ.get("GKREG_DEMO") == "1"


@st.cache_resource(show_spinner=False)
def _open(path: str) -> OpenDay:
    od = OpenDay(path)
    if demo_mode() and not od.db.scalar("SELECT count(*) FROM units"):
        from gkreg.demo import load_demo

        load_demo(od)
    return od


def mark_web(username: str | None = None) -> None:
    """Log what this run writes as coming from the web page (callbacks run before app.py says so)."""
    audit.set_source(f"web:{username}" if username else "web")


def get_od() -> OpenDay:
    # Widget callbacks run before app.py marks the run as coming from the web: mark it here too, so a
    # check-in ticked on the page is logged as "web:<user>", never as "api".
    if audit.current_source() == "api":
        user = st.session_state.get("username") if st.session_state.get("authentication_status") else None
        audit.set_source(f"web:{user}" if user else "web")
    return _open(db_path())
