"""/dashboard: the coordinator's live dashboard (refreshes itself every REFRESH_SECONDS)."""

from __future__ import annotations

import streamlit as st

from gkreg import charts
from gkreg.dashboard import Filters
from gkreg.errors import GkregError
from gkreg.ui.auth import require_coordinator
from gkreg.ui.context import get_od
from gkreg.ui.layout import lang, show_error, tr

REFRESH_SECONDS = 15


def _chart(where, chart) -> None:
    where.altair_chart(chart, width="stretch")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _filters(od) -> Filters:
    campaigns = od.campaigns.list()
    current = od.campaigns.current()
    campaign_ids: list[int | None] = [None, *[c["id"] for c in campaigns]]
    names = {c["id"]: c["name"] for c in campaigns}
    units = od.units.list()
    unit_ids: list[int | None] = [None, *[u["id"] for u in units]]
    unit_names = {u["id"]: u["name"] for u in units}
    with st.expander(tr("dash.filters"), expanded=True):
        col1, col2 = st.columns(2)
        campaign_id = col1.selectbox(
            tr("dash.campaign"),
            campaign_ids,
            key="dash_campaign",
            index=campaign_ids.index(current["id"]) if current else 0,
            format_func=lambda c: tr("dash.all_campaigns") if c is None else names[c],
        )
        unit_id = col2.selectbox(
            tr("dash.unit"), unit_ids, key="dash_unit", format_func=lambda u: tr("dash.all_units") if u is None else unit_names[u]
        )
        col3, col4 = st.columns(2)
        start = col3.date_input(tr("dash.start"), value=None, key="dash_start", format="YYYY-MM-DD")
        end = col4.date_input(tr("dash.end"), value=None, key="dash_end", format="YYYY-MM-DD")
    if start and end and end < start:
        st.warning(tr("dash.bad_period"))
        end = None
    return Filters(campaign_id=campaign_id, unit_id=unit_id, start=start, end=end)


@st.fragment(run_every=REFRESH_SECONDS)
def live(username: str, filters: Filters) -> None:
    od = get_od()
    try:
        data = od.dashboard.compute(username, filters)
    except GkregError as exc:
        show_error(exc)
        return
    h = data.headline
    st.caption(tr("dash.refreshed", time=data.computed_at.strftime("%H:%M:%S"), seconds=REFRESH_SECONDS))
    rate = h["adoption_rate"]
    missed = int(data.deadlines["count"][data.deadlines["outcome"] == "missed"].sum())
    sent_today = od.notify.counts()
    figures = [
        ("dash.m.planned", h["events_planned"], None),
        ("dash.m.open", h["events_open"], None),
        ("dash.m.held", h["events_held"], None),
        ("dash.m.signups_today", h["signups_today"], None),
        ("dash.m.signups_total", h["signups_total"], None),
        ("dash.m.fill_rate", _pct(h["fill_rate"]), tr("dash.m.fill_rate_help", confirmed=h["confirmed"], capacity=h["capacity"])),
        ("dash.m.citizen_share", _pct(h["citizen_share"]), tr("dash.m.citizen_share_help")),
        ("dash.m.responses", h["survey_responses"], None),
        ("dash.m.opinions", h["opinions_received"], None),
        ("dash.m.adopted", h["opinions_adopted"], None),
        ("dash.m.adoption_rate", _pct(rate), tr("dash.m.adoption_rate_help")),
        ("dash.m.missed", missed, tr("dash.m.missed_help")),
        ("notify.m.sent_today", sent_today["sent"], None),
        ("notify.m.failed_today", sent_today["failed"], tr("notify.m.failed_help")),
    ]
    # A wrapping row: six across on a desktop, two across on a phone.
    # English labels are about twice as long: wider cards, so "Opinions received" is not cut to "Opinions recei…".
    row = st.container(horizontal=True, gap="small")
    width = 130 if lang() == "zh" else 190
    for key, value, help_text in figures:
        row.metric(tr(key), value, help=help_text, border=True, width=width)

    left, right = st.columns(2)
    _chart(left, charts.signups_over_time(data.signups, tr("dash.c.signups"), lang=lang()))
    _chart(right, charts.category_mix(data.categories, tr("dash.c.categories"), lang=lang()))
    _chart(st, charts.seats_vs_capacity(data.upcoming, tr("dash.c.seats"), lang=lang()))
    st.caption(tr("dash.c.seats_note"))
    left, right = st.columns(2)
    _chart(left, charts.events_per_unit(data.unit_status, tr("dash.c.units"), lang=lang()))
    _chart(right, charts.opinion_outcomes(data.opinion_outcomes, tr("dash.c.opinions"), lang=lang()))
    _chart(st, charts.deadlines(data.deadlines, tr("dash.c.deadlines"), lang=lang()))
    st.caption(tr("dash.c.deadlines_note"))


def render() -> None:
    actor = require_coordinator()
    st.title(tr("page.dashboard"))
    od = get_od()
    filters = _filters(od)
    live(actor.username, filters)


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
