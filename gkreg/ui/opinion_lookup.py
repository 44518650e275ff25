"""The citizen's view of their own opinion on /lookup (owned by the ledger area)."""

from __future__ import annotations

import streamlit as st


def render_opinion_lookup() -> None:
    st.info("意见查询功能建设中。")
