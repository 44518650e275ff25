"""Consultation parts of /feedback (public) and /ledger (staff): the yearly preview list and the
record of closed consultations with figures and outcome."""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from gkreg import clock
from gkreg.public import md_escape
from gkreg.ui.layout import act, tr


def public_sections(od: Any) -> None:
    year = clock.now().year
    st.subheader(tr("cr.preview_header", year=year))
    plans = od.consultation_records.preview(year)
    if not plans:
        st.caption(tr("cr.preview_none"))
    else:
        st.dataframe(
            [
                {
                    tr("cr.plan_month"): tr("cr.month", month=p["month"]),
                    tr("cw.c.unit"): p["unit"],
                    tr("cr.plan_title"): p["title"],
                    tr("cr.plan_description"): p["description"],
                }
                for p in plans
            ],
            hide_index=True,
            width="stretch",
        )
    st.subheader(tr("cr.closed_header"))
    closed = od.consultation_records.closed()
    if not closed:
        st.caption(tr("cr.closed_none"))
    for c in closed:
        with st.expander(c["title"]):
            st.caption(
                tr(
                    "cr.figures",
                    unit=c["unit"],
                    ended=f"{c['ended_at']:%Y-%m-%d}",
                    comments=c["comments"],
                    people=c["people"],
                    adopted=c["adopted"],
                )
            )
            if c["outcome"]:
                st.markdown(f"**{tr('cr.outcome')}**")
                st.markdown(md_escape(c["outcome"], keep_breaks=True))
            else:
                st.caption(tr("cr.outcome_pending"))


def staff_sections(od: Any, actor: Any, unit_id: int) -> None:
    """The unit's preview list and the outcome of its closed consultations."""
    st.markdown(f"**{tr('cr.plan_header')}**")
    year = clock.now().year
    for p in od.consultation_records.preview(year, unit_id) + od.consultation_records.preview(year + 1, unit_id):
        cols = st.columns([5, 1])
        cols[0].write(f"{p['year']}-{p['month']:02d} · {p['title']}")
        if cols[1].button(tr("cr.plan_remove"), key=f"cr_rm_{p['id']}"):
            act(partial(od.consultation_records.remove_plan, p["id"], actor.username), done=tr("cr.saved"))
    with st.form("cr_plan", clear_on_submit=True):
        c1, c2 = st.columns(2)
        plan_year = c1.selectbox(tr("cr.plan_year"), [year, year + 1])
        month = c2.selectbox(tr("cr.plan_month"), list(range(1, 13)), index=clock.now().month - 1)
        title = st.text_input(tr("cr.plan_title"), max_chars=100)
        description = st.text_area(tr("cr.plan_description"), max_chars=5000)
        if st.form_submit_button(tr("cr.plan_add")):
            act(
                lambda: od.consultation_records.plan(
                    unit_id, actor.username, year=plan_year, month=month, title=title, description=description
                ),
                done=tr("cr.saved"),
            )
    for c in od.consultation_records.closed(unit_id):
        with st.form(f"cr_out_{c['id']}"):
            st.caption(
                tr(
                    "cr.figures",
                    unit=c["unit"],
                    ended=f"{c['ended_at']:%Y-%m-%d}",
                    comments=c["comments"],
                    people=c["people"],
                    adopted=c["adopted"],
                )
            )
            st.markdown(f"**{md_escape(c['title'])}**")
            outcome = st.text_area(tr("cr.outcome_label"), value=c["outcome"], max_chars=5000)
            if st.form_submit_button(tr("cr.outcome_save")):
                act(partial(od.consultation_records.set_outcome, c["id"], actor.username, outcome), done=tr("cr.saved"))
