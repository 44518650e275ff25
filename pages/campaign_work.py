"""/campaign-work: what a campaign asks of units besides events — submissions against named
deadlines (plan, materials, summary), and the office's inspections and bonus/penalty points."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from gkreg import clock
from gkreg.campaign_parts import KINDS
from gkreg.public import md_escape
from gkreg.ui.auth import require_staff
from gkreg.ui.context import get_od
from gkreg.ui.layout import act, fmt_dt, renew, show_flash, tr, tr_code


def render() -> None:
    actor = require_staff()
    od = get_od()
    st.title(tr("page.campaign_work"))
    show_flash()
    campaigns = od.campaigns.list()
    if not campaigns:
        st.info(tr("cw.no_campaign"))
        return
    names = {c["id"]: c["name"] for c in campaigns}
    current = od.campaigns.current()
    ids = list(names)
    campaign_id = st.selectbox(
        tr("cw.campaign"),
        ids,
        format_func=lambda c: names[c],
        key="cw_campaign",
        index=ids.index(current["id"]) if current and current["id"] in ids else 0,
    )
    campaign = od.campaigns.get(campaign_id)
    if campaign.get("theme"):
        st.caption(f"{tr('cw.theme')}：{md_escape(campaign['theme'])}")
    if actor.is_coordinator:
        tabs = st.tabs([tr("cw.tab.status"), tr("cw.tab.setup"), tr("cw.tab.inspections"), tr("cw.tab.points")])
        with tabs[0]:
            _status(od, actor, campaign_id)
        with tabs[1]:
            _setup(od, actor, campaign)
        with tabs[2]:
            _inspections(od, actor)
        with tabs[3]:
            _points(od, actor, campaign_id)
    else:
        tabs = st.tabs([tr("cw.tab.submit"), tr("cw.tab.my_inspections")])
        with tabs[0]:
            _submit(od, actor, campaign_id)
        with tabs[1]:
            _inspection_list(od, actor, editable=False)


# ---- the office ------------------------------------------------------------------------------
def _status(od, actor, campaign_id: int) -> None:
    verdicts = od.campaign_parts.status(campaign_id, actor.username)
    if not verdicts:
        st.info(tr("cw.no_deadlines"))
        _contacts(od, actor, campaign_id)
        return
    counts = {k: sum(v.state == k for v in verdicts) for k in ("on_time", "late", "missing", "pending")}
    st.markdown(tr("cw.counts", **counts))
    grid: dict[str, dict[str, str]] = {}
    for v in verdicts:
        column = f"{v.deadline.name}（{v.deadline.due_at:%m-%d %H:%M}）"
        cell = tr(f"cw.state.{v.state}") + (f" {v.done_at:%m-%d %H:%M}" if v.done_at else "")
        grid.setdefault(v.unit, {tr("cw.col.unit"): v.unit})[column] = cell
    st.dataframe(pd.DataFrame(list(grid.values())), hide_index=True, width="stretch", height="content")
    _contacts(od, actor, campaign_id)


def _contacts(od, actor, campaign_id: int) -> None:
    rows = od.plan_details.campaign_contacts(campaign_id, actor.username)
    if rows:
        with st.expander(tr("cw.contacts")):
            st.dataframe(
                [
                    {
                        tr("cw.c.unit"): r["unit"],
                        tr("cw.c.event"): r["event"],
                        tr("cw.c.name"): r["name"],
                        tr("cw.c.phone"): r["phone"],
                        tr("cw.c.role"): r["role"],
                    }
                    for r in rows
                ],
                hide_index=True,
                width="stretch",
            )


def _setup(od, actor, campaign: dict) -> None:
    parts = od.campaign_parts
    units = {u["id"]: u["name"] for u in od.units.list(active_only=True)}
    with st.form(f"cw_setup_{campaign['id']}"):
        theme = st.text_input(tr("cw.theme"), value=campaign.get("theme") or "", max_chars=100)
        chosen = st.multiselect(
            tr("cw.units"),
            list(units),
            format_func=lambda u: units[u],
            default=[u for u in parts.chosen_units(campaign["id"]) if u in units],
        )
        if st.form_submit_button(tr("cw.save"), type="primary"):

            def save() -> None:
                parts.set_theme(campaign["id"], actor.username, theme)
                parts.set_units(campaign["id"], actor.username, chosen)

            act(save, done=tr("cw.saved"))
    st.markdown(f"**{tr('cw.deadlines')}**")
    deadlines = parts.deadlines(campaign["id"])
    if not deadlines:
        st.caption(tr("cw.no_deadlines"))
    for d in deadlines:
        cols = st.columns([5, 1])
        cols[0].write(f"{tr('cw.kind.' + d.kind)} · {d.name} · {d.due_at:%Y-%m-%d %H:%M}")
        if cols[1].button(tr("cw.d.remove"), key=f"cw_rm_{d.id}"):
            act(partial(parts.remove_deadline, d.id, actor.username), done=tr("cw.saved"))
    with st.form(f"cw_deadline_{campaign['id']}", clear_on_submit=True):
        c1, c2 = st.columns(2)
        kind = c1.selectbox(tr("cw.d.kind"), list(KINDS), format_func=lambda k: tr(f"cw.kind.{k}"))
        name = c2.text_input(tr("cw.d.name"), max_chars=100)
        c3, c4 = st.columns(2)
        day = c3.date_input(tr("cw.d.date"), value=clock.now().date() + dt.timedelta(days=7), format="YYYY-MM-DD")
        hour = c4.time_input(tr("cw.d.time"), value=dt.time(16, 0), step=900)
        if st.form_submit_button(tr("cw.d.add")):
            act(
                lambda: parts.add_deadline(
                    campaign["id"],
                    actor.username,
                    kind=kind,
                    name=name or tr(f"cw.kind.{kind}"),
                    due_at=dt.datetime.combine(day, hour),
                ),
                done=tr("cw.saved"),
            )


def _inspections(od, actor) -> None:
    units = {u["id"]: u["name"] for u in od.units.list(active_only=True)}
    if not units:  # no unit to inspect yet: an empty choice would list every unit's events
        st.info(tr("cw.i.no_units"))
        _inspection_list(od, actor, editable=True)
        return
    unit_id = st.selectbox(tr("cw.i.unit"), list(units), format_func=lambda u: units[u], key="cw_i_unit")
    events = {e.id: f"{e.starts_at:%Y-%m-%d} {e.title}" for e in od.events.list_for_unit(unit_id) if not e.cancelled}
    round_key = "cw_i_round"
    with st.form("cw_inspection"):
        event_id = st.selectbox(
            tr("cw.i.event"), [None, *events], format_func=lambda e: tr("cw.i.none") if e is None else events[e]
        )
        day = st.date_input(tr("cw.i.date"), value=clock.now().date(), max_value=clock.now().date(), format="YYYY-MM-DD")
        findings = st.text_area(tr("cw.i.findings"), max_chars=5000)
        c1, c2 = st.columns(2)
        rectify = c1.checkbox(tr("cw.i.rectify"))
        rectify_by = c2.date_input(tr("cw.i.rectify_by"), value=clock.now().date() + dt.timedelta(days=15), format="YYYY-MM-DD")
        photos = st.file_uploader(
            tr("cw.i.photos"),
            type=["jpg", "jpeg", "png"],
            accept_multiple_files=True,
            key=f"cw_i_photos_{st.session_state.get(round_key, 0)}",
        )
        if st.form_submit_button(tr("cw.i.record"), type="primary"):
            act(
                lambda: od.inspections.record(
                    actor.username,
                    unit_id=unit_id,
                    event_id=event_id,
                    inspected_on=day,
                    findings=findings,
                    rectify_by=rectify_by if rectify else None,
                    photos=[(f.name, f.getvalue()) for f in photos or []],
                ),
                then=partial(renew, round_key),
                done=tr("cw.saved"),
            )
    _inspection_list(od, actor, editable=True)


def _inspection_list(od, actor, editable: bool) -> None:
    found = od.inspections.list(actor.username)
    if not found:
        st.info(tr("cw.i.none_yet"))
        return
    for i in found:
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(i.unit)}** · {i.inspected_on:%Y-%m-%d}"
                + (f" · {md_escape(i.event_title)}" if i.event_title else "")
            )
            st.markdown(md_escape(i.findings, keep_breaks=True))
            state = i.rectification()
            if state != "none":
                line = tr("cw.i.state", state=tr_code("rect", state)) + (
                    f"（{tr('cw.i.rectify_by')} {i.rectify_by:%Y-%m-%d}）" if i.rectify_by else ""
                )
                (st.warning if state == "overdue" else st.caption)(line)
            if i.photo_ids:
                cols = st.columns(3)
                for n, photo_id in enumerate(i.photo_ids):
                    cols[n % 3].image(od.inspections.photo(photo_id, actor.username)[1], width="stretch")
            if editable and state in ("open", "overdue") and st.button(tr("cw.i.mark_done"), key=f"cw_i_done_{i.id}"):
                act(partial(od.inspections.mark_rectified, i.id, actor.username), done=tr("cw.saved"))


def _points(od, actor, campaign_id: int) -> None:
    units = {u["id"]: u["name"] for u in od.campaign_parts.participants(campaign_id)}
    if not units:
        st.info(tr("cw.p.no_units"))
    else:
        _points_form(od, actor, campaign_id, units)
    rows = od.inspections.adjustments(campaign_id)
    if not rows:
        st.caption(tr("cw.p.none"))
        return
    st.dataframe(
        [
            {
                tr("cw.p.unit"): r["unit"],
                tr("cw.p.col.points"): r["points"],
                tr("cw.p.col.reason"): r["reason"],
                tr("cw.p.col.date"): r["created_at"][:10],
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )


def _points_form(od, actor, campaign_id: int, units: dict[int, str]) -> None:
    with st.form("cw_points", clear_on_submit=True):
        c1, c2 = st.columns(2)
        unit_id = c1.selectbox(tr("cw.p.unit"), list(units), format_func=lambda u: units[u])
        points = c2.number_input(tr("cw.p.points"), min_value=-20.0, max_value=20.0, value=1.0, step=0.5)
        reason = st.text_input(tr("cw.p.reason"), max_chars=500)
        if st.form_submit_button(tr("cw.p.add"), type="primary"):
            act(
                lambda: od.inspections.adjust(
                    actor.username, unit_id=unit_id, points=points, reason=reason, campaign_id=campaign_id
                ),
                done=tr("cw.saved"),
            )


# ---- a unit -----------------------------------------------------------------------------------


def _submit(od, actor, campaign_id: int) -> None:
    parts = od.campaign_parts
    if actor.unit_id not in {u["id"] for u in parts.participants(campaign_id)}:
        st.info(tr("cw.not_participant"))
        return
    verdicts = {v.deadline.id: v for v in parts.status(campaign_id, actor.username)}
    deadlines = parts.deadlines(campaign_id)
    if not deadlines:
        st.info(tr("cw.no_deadlines"))
        return
    for d in deadlines:
        verdict = verdicts.get(d.id)
        with st.container(border=True):
            st.markdown(f"**{md_escape(d.name)}** · {tr('cw.kind.' + d.kind)}")
            st.caption(tr("cw.due", due=f"{d.due_at:%Y-%m-%d %H:%M}"))
            if verdict is not None:
                message = tr("cw.my_state", state=tr(f"cw.state.{verdict.state}"))
                {"on_time": st.success, "late": st.warning, "missing": st.error}.get(verdict.state, st.info)(message)
            history = parts.submissions(d.id, actor.username)
            if history:
                st.caption(tr("cw.history", n=len(history), at=fmt_dt(history[0]["submitted_at"])))
            round_key = f"cw_round_{d.id}"
            with st.form(f"cw_submit_{d.id}", clear_on_submit=True):
                body = st.text_area(tr("cw.body"), max_chars=5000)
                links = st.text_area(tr("cw.links"), max_chars=5000) if d.kind != "summary" else ""
                files = st.file_uploader(
                    tr("cw.files"),
                    accept_multiple_files=True,
                    type=["jpg", "jpeg", "png", "pdf", "docx", "xlsx", "pptx"],
                    key=f"cw_files_{d.id}_{st.session_state.get(round_key, 0)}",
                )
                if st.form_submit_button(tr("cw.submit"), type="primary"):
                    act(
                        partial(
                            parts.submit,
                            d.id,
                            actor.unit_id,
                            actor.username,
                            body=body,
                            links=[x.strip() for x in (links or "").splitlines() if x.strip()],
                            files=[(f.name, f.getvalue()) for f in files or []],
                        ),
                        then=partial(renew, round_key),
                        done=tr("cw.submitted"),
                    )


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
