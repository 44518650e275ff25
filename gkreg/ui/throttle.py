"""One guess counter per browser session for every look-up by code + phone (registrations and opinions)."""

from __future__ import annotations

import time

import streamlit as st

from gkreg import public

FAILURES = "pub_lk_failures"
LAST_FAILURE = "pub_lk_last_failure"


def wait_seconds() -> int:
    """Seconds this session must still wait before the next look-up (0: go ahead)."""
    ss = st.session_state
    return public.lookup_wait(ss.get(FAILURES, 0), ss.get(LAST_FAILURE), time.time())


def record_failure() -> None:
    st.session_state[FAILURES] = st.session_state.get(FAILURES, 0) + 1
    st.session_state[LAST_FAILURE] = time.time()


def record_success() -> None:
    st.session_state[FAILURES] = 0
    st.session_state[LAST_FAILURE] = None
