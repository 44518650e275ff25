"""/admin's form for the site frame's texts (header and footer), kept apart from the numeric settings."""

from __future__ import annotations

import streamlit as st

from gkreg.site import FIELDS, read_site, update_site

from . import frame
from .layout import act, tr


def render_site_form(od, username: str) -> None:
    st.subheader(tr("admin.site"), anchor=False)
    st.caption(tr("admin.site.note"))
    current = read_site(od.db)
    with st.form("admin_site"):
        values, slots = {}, {}
        cols = st.columns(2)
        for n, key in enumerate(FIELDS):
            with cols[n % 2]:
                values[key] = st.text_input(
                    tr(f"admin.site.{key}"), value=getattr(current, key), max_chars=FIELDS[key][2], key=f"admin_site_{key}"
                )
                slots[key] = st.empty()
        saved = st.form_submit_button(tr("admin.site.save"), type="primary")
    if saved:
        if act(lambda: update_site(od.db, username, **values), fields=slots, done=tr("admin.site.saved"), rerun=False):
            frame.forget_site()  # this process shows the new header at once (others within SITE_TTL)
