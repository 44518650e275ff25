"""The process-wide OpenDay (no personal data in it: a database handle and keys)."""

from __future__ import annotations

import os

import streamlit as st

from gkreg import OpenDay


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


def get_od() -> OpenDay:
    return _open(db_path())
