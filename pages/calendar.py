"""/calendar (public): the year's theme days by month, with host units, form and the way in;
filters by unit and form; .ics and the office's spreadsheet; the office can hold back a month."""

from __future__ import annotations

from functools import partial

import streamlit as st

from gkreg.public import md_escape
from gkreg.ui.auth import current_actor
from gkreg.ui.context import get_od
from gkreg.ui.layout import act, fmt_dt, show_flash, tr


def _entry(entry) -> None:
    e = entry.event
    with st.container(border=True):
        st.markdown(f"**{md_escape(e.title)}**")
        st.caption(f"{fmt_dt(e.starts_at)} · {md_escape(e.form)} · {md_escape(e.location)}")
        hosts = tr("cal.hosts", lead=md_escape(entry.lead))
        if entry.cohosts:
            hosts += " ｜ " + tr("cal.cohosts", names=md_escape("、".join(entry.cohosts)))
        st.markdown(hosts)
        if e.online:
            cols = st.columns(2)
            if entry.stream_url:
                cols[0].link_button(tr("cal.watch"), entry.stream_url, icon=":material/live_tv:")
            if entry.hotline:
                cols[1].markdown(tr("cal.hotline", number=md_escape(entry.hotline)))
        elif e.taking_signups:
            from pages import events

            st.page_link(
                st.Page(events.render, url_path="events"),
                label=tr("cal.signup"),
                icon=":material/how_to_reg:",
                query_params={"event": str(e.id)},
            )
        elif e.list_fixed:
            st.caption(tr("cal.state.finalized" if e.finalized else "cal.state.held"))


def _site_root() -> str:
    """Scheme and host the visitor used (so the subscription address can be copied as it is)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # noqa: BLE001 - outside a browser session (tests) there is no URL
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _office(od, actor, year: int) -> None:
    held = od.calendar.held_months()
    with st.expander(tr("cal.office"), icon=":material/event_available:"):
        st.caption(tr("cal.office_help"))
        cols = st.columns(4)
        for month in range(1, 13):
            key = f"{year}-{month:02d}"
            label = tr("cal.month", year=year, month=month)
            is_held = key in held
            text = tr("cal.publish_month" if is_held else "cal.hold_month", label=label)
            if cols[(month - 1) % 4].button(
                text, key=f"cal_toggle_{key}", width="stretch", type="primary" if is_held else "secondary"
            ):
                act(partial(od.calendar.set_month, key, actor.username, published=is_held), done=tr("cal.saved"))


def render() -> None:
    od = get_od()
    st.title(tr("page.calendar"))
    show_flash()
    st.caption(tr("cal.intro"))
    actor = current_actor()
    office = actor is not None and actor.is_coordinator
    years = od.calendar.years()
    from gkreg import clock

    this_year = clock.now().year
    cols = st.columns(3)
    year = cols[0].selectbox(tr("cal.year"), years, index=years.index(this_year) if this_year in years else 0, key="cal_year")
    units = {u["id"]: u["name"] for u in od.calendar.filter_units()}
    unit = cols[1].selectbox(
        tr("cal.unit"), [None, *units], key="cal_unit", format_func=lambda u: tr("cal.all") if u is None else units[u]
    )
    from gkreg.labels import FORMS

    form = cols[2].selectbox(
        tr("cal.form"), [None, *FORMS], key="cal_form", format_func=lambda f: tr("cal.all") if f is None else f
    )
    entries = od.calendar.entries(year, unit_id=unit, form=form, include_held=office)
    held = od.calendar.held_months() if office else set()
    if office:
        _office(od, actor, year)
    if not entries:
        st.info(tr("cal.none"))
    for month, items in od.calendar.by_month(entries).items():
        y, m = month.split("-")
        st.subheader(tr("cal.month", year=y, month=int(m)) + (tr("cal.held_month") if month in held else ""))
        for entry in items:
            _entry(entry)
    st.divider()
    dl = st.columns(2)
    dl[0].download_button(
        tr("cal.download_ics"),
        od.calendar.ics(),
        file_name="gkreg-calendar.ics",
        mime="text/calendar",
        icon=":material/calendar_add_on:",
        on_click="ignore",
        width="stretch",
        key="cal_ics",
    )
    dl[1].download_button(
        tr("cal.download_xlsx"),
        od.calendar.xlsx(year),
        file_name=f"{year}年主题日安排表.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        on_click="ignore",
        width="stretch",
        key="cal_xlsx",
    )
    st.caption(tr("cal.subscribe"))
    st.code(_site_root() + "/feeds/calendar.ics", language=None)
    st.caption(tr("cal.feeds") + " /feeds/reports.atom · /feeds/ledger.atom · /feeds/calendar.json")


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
