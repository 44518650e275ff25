"""/feedback (public): send an opinion, comment on consultations, read the public adoption ledger."""

from __future__ import annotations

from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from gkreg import palette
from gkreg.outcomes import STATUSES
from gkreg.ui.context import get_od
from gkreg.ui.frontdoor import current_client, limits, minutes
from gkreg.ui.layout import act, tr, tr_code
from gkreg.ui.opinion_lookup import md_text, render_progress, status_badge
from gkreg.ui.text import plain, trp

PAGE_SIZE = 20


def _query_event() -> int | None:
    raw = st.query_params.get("event")
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _contact_fields(prefix: str, variant: str = "fb") -> tuple[str, str, bool]:
    """Optional name and phone, and the separate unticked consent (own labels per form, so none repeats)."""
    name = st.text_input(tr(f"{variant}.name"), max_chars=30, key=f"{prefix}_name")
    phone = st.text_input(tr(f"{variant}.phone"), max_chars=14, key=f"{prefix}_phone")
    consent = st.checkbox(tr(f"{variant}.consent"), value=False, key=f"{prefix}_consent")
    st.caption(tr("fb.consent_note"))
    return name, phone, consent


def _submit_section(od) -> None:
    st.subheader(tr("fb.submit_header"))
    done = st.session_state.get("fb_done")
    if done:
        st.success(tr("fb.success", code=done["code"]), icon=":material/check_circle:")
        st.info(tr("fb.success_lookup") if done["phone"] else tr("fb.success_nophone"))
        if st.button(tr("fb.another"), key="fb_another"):
            st.session_state.pop("fb_done", None)
            st.rerun()
        return
    targets = od.opinions.targets()
    units: dict[int, str] = {}
    events: dict[int, list[tuple[int, str]]] = {}
    event_unit: dict[int, int] = {}
    for row in targets:
        units.setdefault(row["unit_id"], row["unit"])
        if row["event_id"]:
            events.setdefault(row["unit_id"], []).append((row["event_id"], f"{row['event']}（{row['starts_at'][:10]}）"))
            event_unit[row["event_id"]] = row["unit_id"]
    if not units:
        st.info(tr("fb.no_units"))
        return
    wanted = _query_event()
    unit_ids = list(units)
    if wanted in event_unit and "fb_unit" not in st.session_state:
        st.session_state["fb_unit"] = event_unit[wanted]
    # No unit is chosen for the citizen: an opinion must never land with a unit by default.
    unit_id = st.selectbox(
        tr("fb.unit"), unit_ids, format_func=lambda u: units[u], key="fb_unit", index=None, placeholder=tr("fb.unit_choose")
    )
    unit_events = events.get(unit_id, []) if unit_id is not None else []  # none until the citizen picks a unit
    choices = [0, *[e for e, _ in unit_events]]
    labels = dict(unit_events)
    if wanted in labels and st.session_state.get("fb_event_for") != wanted:
        st.session_state["fb_event"] = wanted
        st.session_state["fb_event_for"] = wanted
    if st.session_state.get("fb_event") not in choices:
        st.session_state["fb_event"] = 0
    event_id = st.selectbox(
        tr("fb.event"), choices, key="fb_event", format_func=lambda e: tr("fb.no_event") if e == 0 else labels[e]
    )
    with st.form("fb_form"):
        content = st.text_area(tr("fb.content"), max_chars=5000, height=150, placeholder=tr("fb.content_help"), key="fb_content")
        name, phone, consent = _contact_fields("fb")
        submitted = st.form_submit_button(tr("fb.submit"), type="primary")
    if submitted:
        if _opinion_refused():
            return
        # The receipt (its code) replaces the form until "another" is pressed; the inputs start empty then.
        act(
            lambda: od.opinions.submit(
                content, unit_id=unit_id, event_id=event_id or None, name=name, phone=phone, consent=consent
            ),
            clear=("fb_content", "fb_name", "fb_phone", "fb_consent"),
            then=lambda opinion_id: _received("fb_done", {"code": od.opinions.code(opinion_id), "phone": bool(phone.strip())}),
        )


def _consultations_section(od) -> None:
    st.subheader(tr("fb.consult_header"))
    items = od.opinions.consultations(open_only=True)
    if not items:
        st.caption(tr("fb.consult_none"))
        return
    st.caption(tr("fb.consult_intro"))
    for item in items:
        with st.expander(plain(item["title"]), expanded=len(items) == 1):
            st.caption(
                trp("fb.consult_meta", unit=item["unit"], closes=f"{item['closes_at']:%Y-%m-%d %H:%M}", comments=item["comments"])
            )
            st.markdown(f"**{tr('fb.consult_draft')}**")
            st.markdown(md_text(item["draft"]))
            done = st.session_state.get(f"fc_done_{item['id']}")
            if done:
                st.success(tr("fb.success", code=done), icon=":material/check_circle:")
                continue
            with st.form(f"fc_form_{item['id']}"):
                content = st.text_area(tr("fb.consult_comment"), max_chars=5000, key=f"fc_content_{item['id']}")
                name, phone, consent = _contact_fields(f"fc_{item['id']}", "fc")
                submitted = st.form_submit_button(tr("fb.consult_submit"))
            if submitted:
                if _opinion_refused():
                    continue
                act(
                    partial(od.opinions.comment, item["id"], content, name=name, phone=phone, consent=consent),
                    then=partial(_comment_received, od, f"fc_done_{item['id']}"),
                )


def _comment_received(od: Any, key: str, opinion_id: int) -> None:
    _received(key, od.opinions.code(opinion_id))


def _received(key: str, receipt: Any) -> None:
    opinion_counted()
    st.session_state[key] = receipt


def _opinion_refused() -> bool:
    """Too many opinions from this client address this hour: say so and how long to wait."""
    wait = limits().opinion_wait(current_client())
    if wait:
        st.error(tr("fd.opinion.wait", m=minutes(wait)), icon=":material/hourglass_top:")
    return bool(wait)


def opinion_counted() -> None:
    limits().record_opinion(current_client())


def _figures(od, unit_id: int | None, event_id: int | None) -> None:
    total = od.opinions.summary(by="all", unit_id=unit_id, event_id=event_id)
    figures = total[0] if total else None
    cols = st.columns(4)
    cols[0].metric(tr("fb.metric_received"), figures["received"] if figures else 0)
    cols[1].metric(tr("fb.metric_adopted"), figures["adopted_total"] if figures else 0)
    rate = figures["adoption_rate"] if figures else None
    cols[2].metric(tr("fb.metric_rate"), "—" if rate is None else f"{rate:.0%}", help=tr("fb.rate_help"))
    median = figures["median_days"] if figures else None
    cols[3].metric(tr("fb.metric_median"), "—" if median is None else tr("fb.days", days=median))
    st.caption(tr("fb.rate_help"))  # the definition in words beside the figure, not only in a tooltip
    per_unit = od.opinions.summary(by="unit" if event_id is None else "event", unit_id=unit_id, event_id=event_id)
    if not per_unit:
        return
    records = [
        {"name": g["name"], "status": tr_status(s), "order": n, "count": g["by_status"][s]}
        for g in per_unit[:15]
        for n, s in enumerate(STATUSES)
        if g["by_status"][s]
    ]
    frame = pd.DataFrame(records)
    chart = (
        alt.Chart(frame, title=tr("fb.chart_title"))
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title=tr("fb.chart_count")),
            y=alt.Y("name:N", title=None, sort="-x", axis=alt.Axis(labelLimit=110)),
            color=alt.Color(
                "status:N",
                title=tr("fb.chart_status"),
                sort=[tr_status(s) for s in STATUSES],
                scale=alt.Scale(domain=[tr_status(s) for s in STATUSES], range=[palette.OPINION[s] for s in STATUSES]),
                legend=alt.Legend(orient="bottom", columns=2, title=None, labelLimit=160),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("name:N", title=tr("fb.chart_unit")),
                alt.Tooltip("status:N", title=tr("fb.chart_status")),
                alt.Tooltip("count:Q", title=tr("fb.chart_count")),
            ],
        )
        .properties(height=alt.Step(22), width="container")
        # Fit the phone's width: axis, labels and legend inside the chart's box (390 px included).
        .configure_view(strokeWidth=0)
        .properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    )
    st.altair_chart(chart, width="stretch")


def tr_status(status: str) -> str:
    return tr_code("op.status", status)


def _ledger_section(od) -> None:
    st.header(tr("fb.ledger_header"))
    st.caption(tr("fb.ledger_intro"))
    rows_all = od.opinions.public_ledger()
    units = {r["unit_id"]: r["unit"] for r in rows_all}
    wanted = _query_event()
    if wanted and st.session_state.get("fb_pub_for") != wanted:
        # A link from /reports (/feedback?event=ID) opens the ledger on that event's opinions.
        st.session_state["fb_pub_for"] = wanted
        match = next((r for r in rows_all if r["event_id"] == wanted), None)
        if match is not None:
            st.session_state["fb_pub_unit"] = match["unit_id"]
            st.session_state["fb_pub_event"] = wanted
    cols = st.columns(2)
    unit_id = cols[0].selectbox(
        tr("fb.filter_unit"), [0, *units], key="fb_pub_unit", format_func=lambda u: tr("fb.all_units") if u == 0 else units[u]
    )
    event_id = 0
    if unit_id:
        events = {r["event_id"]: r["event"] for r in rows_all if r["unit_id"] == unit_id and r["event_id"]}
        event_id = cols[1].selectbox(
            tr("fb.filter_event"),
            [0, *events],
            key="fb_pub_event",
            format_func=lambda e: tr("fb.all_events") if e == 0 else events[e],
        )
    _figures(od, unit_id or None, event_id or None)
    rows = [r for r in rows_all if (not unit_id or r["unit_id"] == unit_id) and (not event_id or r["event_id"] == event_id)]
    if not rows:
        st.info(tr("fb.ledger_empty"))
        return
    # Grouped per unit and event (latest event first); within a group the newest opinion first.
    rows.sort(key=lambda r: (r["unit_id"], r["event_at"] is None, -(r["event_at"].timestamp() if r["event_at"] else 0)))
    pages = (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE
    page = 1
    if pages > 1:
        page = st.selectbox(tr("fb.page_select", pages=pages, count=len(rows)), range(1, pages + 1), key="fb_pub_page")
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    unit_seen, event_seen = None, None
    for row in shown:
        if row["unit_id"] != unit_seen:
            unit_seen, event_seen = row["unit_id"], None
            st.markdown(f"#### {md_text(row['unit'])}")
        if (row["event_id"] or 0) != event_seen:
            event_seen = row["event_id"] or 0
            when = f"（{row['event_at']:%Y-%m-%d}）" if row["event_at"] else ""
            st.markdown(f"**{md_text(row['event'])}**{when}" if row["event"] else f"**{tr('fb.no_event_group')}**")
        with st.container(border=True):
            status_badge(row["status"], tr_code("op.status", row["status"]))
            st.markdown(md_text(row["content"]))
            # The submitter is a masked name ("王**"): letters only, nothing that could be Markdown.
            st.caption(
                tr(
                    "fb.item_meta",
                    submitter=tr("op.anonymous") if row["submitter"] == "匿名" else row["submitter"],
                    source=tr_code("op.source", row["source"]),
                    submitted=f"{row['submitted_at']:%Y-%m-%d}",
                )
            )
            if row["response"]:
                answered = tr("fb.item_responded", date=row["responded_at"].strftime("%Y-%m-%d"))
                st.markdown(f"**{tr('fb.item_response')}**（{answered}）")
                st.markdown(md_text(row["response"]))
            else:
                st.caption(tr("fb.item_waiting"))
            if row["progress"]:
                st.markdown(f"**{tr('fb.item_progress')}**")
                render_progress(row["progress"])


def render() -> None:
    od = get_od()
    st.title(tr("page.feedback"))
    st.caption(tr("fb.intro"))
    _submit_section(od)
    st.divider()
    _consultations_section(od)
    from gkreg.ui.consultation_parts import public_sections

    public_sections(od)
    st.divider()
    _ledger_section(od)


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
