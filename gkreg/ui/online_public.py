"""How a citizen joins an online activity on the public pages: the link to watch, the hotline."""

from __future__ import annotations

from typing import Any

import streamlit as st

from gkreg.public import md_escape
from gkreg.ui.layout import tr


def take_part(od: Any, event: Any, info: Any = None) -> None:
    """The watch button, the hotline and the guests; ``info`` is the activity's record if the caller has read it."""
    info = info if info is not None else od.online.get(event.id)
    if info is None or not (event.taking_signups or event.took_place):
        return
    if info.stream_url and event.taking_signups:
        st.link_button(tr("cal.watch"), info.stream_url, icon=":material/live_tv:", width="stretch")
    if info.hotline and event.taking_signups:
        st.markdown(tr("cal.hotline", number=md_escape(info.hotline)))
    if info.guests:
        st.caption(
            tr("online.guests") + "、".join(md_escape(" ".join(x for x in (g.unit, g.title, g.name) if x)) for g in info.guests)
        )
