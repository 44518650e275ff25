"""The citizen's view of their own opinion on /lookup (owned by the ledger area).

Also the small drawing helpers the two ledger pages share.
"""

from __future__ import annotations

import streamlit as st

from gkreg import palette
from gkreg.errors import GkregError
from gkreg.ui import throttle
from gkreg.ui.context import get_od
from gkreg.ui.layout import show_error, tr
from gkreg.ui.text import plain, trp

STATUS_COLORS = palette.OPINION_BADGE


def md_text(text: str | None) -> str:
    """User-typed text made inert for st.markdown, line breaks kept (gkreg/ui/text.py)."""
    return plain(text)


def status_badge(status: str, label: str) -> None:
    st.badge(label, color=STATUS_COLORS.get(status, "gray"))


def render_progress(notes: list[dict]) -> None:
    for note in notes:
        st.markdown(f"- {note['on']:%Y-%m-%d}　{md_text(note['note'])}")


def render_opinion_lookup() -> None:
    """Inputs for the opinion code and phone, and the answer and progress of that opinion."""
    st.subheader(tr("ol.header"))
    st.caption(tr("ol.intro"))
    with st.form("opinion_lookup_form"):
        code = st.text_input(tr("ol.code"), max_chars=12, key="opinion_lookup_code")
        phone = st.text_input(tr("ol.phone"), max_chars=14, key="opinion_lookup_phone")
        submitted = st.form_submit_button(tr("ol.submit"))
    if not submitted:
        return
    wait = throttle.wait_seconds()
    if wait:
        st.error(throttle.refusal(wait), icon=":material/hourglass_top:")
        return
    if not code.strip() or not phone.strip():
        st.error(tr("ol.need_both"), icon="⚠️")
        return
    try:
        found = get_od().opinions.lookup(code, phone)
    except GkregError as exc:
        throttle.record_failure()
        show_error(exc)
        return
    throttle.record_success()
    with st.container(border=True):
        status_badge(found["status"], found["status_label"])
        st.markdown(f"**{md_text(tr('ol.status', status=found['status_label']))}**")
        st.caption(
            trp(
                "ol.meta",
                unit=found["unit"],
                event=f" · {found['event']}" if found["event"] else "",
                submitted=f"{found['submitted_at']:%Y-%m-%d}",
                due=f"{found['due_on']:%Y-%m-%d}",
            )
        )
        st.markdown(f"**{tr('ol.content')}**")
        st.markdown(md_text(found["content"]))
        if found["response"]:
            answered = found["responded_at"].strftime("%Y-%m-%d") if found["responded_at"] else ""
            st.markdown(f"**{tr('ol.response', date=answered)}**")
            st.markdown(md_text(found["response"]))
        else:
            st.info(tr("ol.no_response"))
        if found["progress"]:
            st.markdown(f"**{tr('ol.progress')}**")
            render_progress(found["progress"])
