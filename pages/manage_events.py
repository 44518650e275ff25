"""/manage-events: the unit's events — plan, draft, publish, file (备案), held, cancel, and the event report."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, TypedDict

import pandas as pd
import streamlit as st

from gkreg import clock
from gkreg.labels import APPROVALS, EVENT_STATUSES, FORMS
from gkreg.planning import Planning
from gkreg.ui import campaign_console, notify_panels
from gkreg.ui.auth import require_staff
from gkreg.ui.context import get_od
from gkreg.ui.frontdoor import render_high_demand
from gkreg.ui.layout import act, fmt_dt, lang, renew, show_flash, tr, tr_code
from gkreg.ui.nav import set_query
from gkreg.ui.text import plain, trp
from gkreg.ui.words import paren

NEW = 0


class _EventFields(TypedDict):
    """What the event form sends to ``Planning.create`` / ``Planning.update`` as keyword arguments."""

    title: str
    form: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    capacity: int
    approval: str
    description: str
    registration_opens: dt.datetime | None
    registration_closes: dt.datetime | None


def _select(event_id: int) -> None:
    """Open the event just created (its id in the URL; the picker follows it)."""
    set_query(event=event_id)
    st.session_state.pop("me_pick", None)


def _start_new() -> None:
    set_query(new=1)


def _leave_new() -> None:
    set_query()


def _event_status(code: str) -> str:
    return EVENT_STATUSES.get(code, code) if lang() == "zh" else tr(f"console.ev.{code}")


def _status(event: Any) -> str:
    return campaign_console.status_word(event) or _event_status(event.status)


def render() -> None:
    actor = require_staff()
    od = get_od()
    plan = od.planning
    st.title(tr("page.manage_events"))
    show_flash()
    creating = st.query_params.get("new") == "1"
    if not creating:
        # Creating an event is the most common start: a visible button, not an option hidden in a select box.
        st.button(tr("wb.new_event"), type="primary", icon=":material/add_circle:", on_click=_start_new, key="me_new_btn")

    units = plan.units_for(actor.username)
    unit_names = {u["id"]: u["name"] for u in units}
    unit_id: int | None = actor.unit_id
    if actor.is_coordinator:
        unit_id = st.selectbox(
            tr("console.unit"),
            [None, *unit_names],
            key="me_unit",
            format_func=lambda u: tr("console.all_units") if u is None else unit_names[u],
        )
    if creating:
        st.button(tr("console.me.back_to_list"), icon=":material/arrow_back:", on_click=_leave_new, key="me_new_back")
        st.subheader(tr("wb.new_event"), anchor=False)
        _event_form(od, plan, actor, None, unit_names, unit_id)
        return
    events = plan.events_for(actor.username, unit_id)
    by_id = {e.id: e for e in events}

    st.subheader(tr("console.me.list"))
    if events:
        seats = od.events.seats_many(list(by_id))
        table = pd.DataFrame(
            [
                {
                    tr("console.me.col.time"): fmt_dt(e.starts_at),
                    tr("console.me.col.title"): e.title,
                    **({tr("console.me.col.unit"): e.unit_name} if actor.is_coordinator else {}),
                    tr("console.me.col.form"): tr_code("form", e.form),
                    tr("console.me.col.status"): _status(e),
                    tr("console.me.col.seats"): "—" if e.online else f"{seats[e.id].confirmed}/{e.capacity}",
                    tr("console.me.col.filed"): _filing_short(plan, e),
                }
                for e in events
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch", height="content")
    else:
        st.info(tr("console.no_events"))

    options = [NEW, *by_id]
    wanted = st.query_params.get("event")
    index = options.index(int(wanted)) if wanted and str(wanted).isdigit() and int(wanted) in by_id else (1 if events else 0)
    choice = st.selectbox(
        tr("console.me.pick"),
        options,
        index=index,
        key="me_pick",
        format_func=lambda i: (
            tr("console.me.new") if i == NEW else f"{by_id[i].starts_at:%Y-%m-%d} {by_id[i].title}{paren(_status(by_id[i]))}"
        ),
    )
    if choice == NEW:
        if str(st.query_params.get("event", "")):
            del st.query_params["event"]
        if campaign_console.new_kind() == "online":
            campaign_console.online_create_form(od, actor, unit_names, unit_id, _select)
        else:
            _event_form(od, plan, actor, None, unit_names, unit_id)
        return
    st.query_params["event"] = str(choice)
    event = by_id[choice]
    st.markdown(f"### {plain(event.title)}")
    st.caption(
        f"{plain(event.unit_name)} · {plain(tr_code('form', event.form))} · {fmt_dt(event.starts_at)} · "
        f"{plain(event.location)} · {tr('console.status')}{tr('pub.sep')}{_status(event)}"
    )
    if not actor.may_act_on_unit(event.unit_id):  # a co-host sees the event; its lead unit maintains it
        campaign_console.cohosts_editor(od, actor, event)
        if event.editable and not event.online:
            from pages import attendees

            st.page_link(
                st.Page(attendees.render, url_path="attendees"),
                label=tr("console.me.to_attendees"),
                query_params={"event": str(event.id)},
            )
        return
    _actions(od, plan, actor, event)
    campaign_console.online_panel(od, actor, event)
    campaign_console.cohosts_editor(od, actor, event)
    campaign_console.plan_details_editor(od, actor, event)
    if event.list_open and not event.online:
        render_high_demand(event.id, actor.username)
        notify_panels.phone_check_toggle(od, actor.username, event.id)
    if event.editable and not event.online:
        with st.expander(tr("console.me.edit"), expanded=event.draft):
            _event_form(od, plan, actor, event, unit_names, unit_id)
    _report_editor(od, actor, event)


def _filing_short(plan: Planning, event: Any) -> str:
    filing = plan.filing(event)
    date = f" {filing.filed_on:%m-%d}" if filing.filed_on else ""
    return tr(f"console.me.short.{filing.state}") + date


# ---- the event form ------------------------------------------------------------------
def _event_form(od: Any, plan: Planning, actor: Any, event: Any, unit_names: dict[int, str], unit_id: int | None) -> None:
    maximum = int(od.settings.get("max_capacity"))
    key = f"ev_form_{event.id if event else 'new'}"
    today = clock.now().date()
    start = event.starts_at if event else dt.datetime.combine(today + dt.timedelta(days=14), dt.time(9, 30))
    end = event.ends_at if event and event.ends_at else start + dt.timedelta(hours=2)
    opens = event.registration_opens if event and event.registration_opens else dt.datetime.combine(today, dt.time(9))
    closes = (
        event.registration_closes
        if event and event.registration_closes
        else dt.datetime.combine(start.date() - dt.timedelta(days=1), dt.time(17))
    )
    # The form keeps what was typed when something is wrong; every problem stands under its own input.
    slots: dict[str, Any] = {}
    with st.form(key):
        target_unit = unit_id
        if event is None and actor.is_coordinator:
            target_unit = st.selectbox(
                tr("console.unit"),
                list(unit_names),
                format_func=lambda u: unit_names[u],
                index=list(unit_names).index(unit_id) if unit_id in unit_names else 0,
            )
        title = st.text_input(tr("console.me.f.title"), value=event.title if event else "", max_chars=100)
        slots["title"] = st.empty()
        form = st.selectbox(
            tr("console.me.f.form"),
            FORMS,
            index=FORMS.index(event.form) if event else 0,
            format_func=lambda f: tr_code("form", f),
        )
        slots["form"] = st.empty()
        c1, c2, c3 = st.columns(3)
        day = c1.date_input(tr("console.me.f.date"), value=start.date(), format="YYYY-MM-DD")
        t_start = c2.time_input(tr("console.me.f.start"), value=start.time(), step=900)
        t_end = c3.time_input(tr("console.me.f.end"), value=end.time(), step=900)
        slots["starts_at"], slots["ends_at"] = c1.empty(), c3.empty()
        place = st.text_input(tr("console.me.f.place"), value=event.location if event else "", max_chars=200)
        slots["location"] = st.empty()
        c4, c5 = st.columns(2)
        capacity = c4.number_input(
            tr("console.me.f.capacity", max=maximum),
            min_value=1,
            max_value=maximum,
            value=min(event.capacity if event else maximum, maximum),
            step=1,
        )
        c4.caption(tr("ev.capacity_help", max=maximum))  # the limit said before submit, not found out after
        slots["capacity"] = c4.empty()
        approvals = list(APPROVALS)
        approval = c5.radio(
            tr("console.me.f.approval"),
            approvals,
            horizontal=True,
            index=approvals.index(event.approval) if event else 0,
            format_func=lambda a: tr_code("pub.card.approval", a),
        )
        slots["approval"] = c5.empty()
        window = st.checkbox(
            tr("console.me.f.window"), value=bool(event and (event.registration_opens or event.registration_closes))
        )
        w1, w2, w3, w4 = st.columns(4)
        o_day = w1.date_input(tr("console.me.f.opens_date"), value=opens.date(), format="YYYY-MM-DD")
        o_time = w2.time_input(tr("console.me.f.opens_time"), value=opens.time(), step=900)
        c_day = w3.date_input(tr("console.me.f.closes_date"), value=closes.date(), format="YYYY-MM-DD")
        c_time = w4.time_input(tr("console.me.f.closes_time"), value=closes.time(), step=900)
        slots["registration_opens"], slots["registration_closes"] = w1.empty(), w3.empty()
        description = st.text_area(tr("console.me.f.description"), value=event.description if event else "", max_chars=5000)
        slots["description"] = st.empty()
        if event is None:
            b1, b2 = st.columns(2)
            draft = b1.form_submit_button(tr("console.me.save_draft"))
            publish = b2.form_submit_button(tr("console.me.save_publish"), type="primary")
            submitted = draft or publish
        else:
            publish = False
            submitted = st.form_submit_button(tr("console.me.save"), type="primary")
    if not submitted:
        return
    fields: _EventFields = {
        "title": title,
        "form": form,
        "starts_at": dt.datetime.combine(day, t_start),
        "ends_at": dt.datetime.combine(day, t_end),
        "location": place,
        "capacity": int(capacity),
        "approval": approval,
        "description": description,
        "registration_opens": dt.datetime.combine(o_day, o_time) if window else None,
        "registration_closes": dt.datetime.combine(c_day, c_time) if window else None,
    }
    if event is None:
        unit = target_unit if target_unit is not None else next(iter(unit_names))
        act(
            lambda: plan.create(unit, actor.username, publish=publish, **fields),
            fields=slots,
            then=_select,
            done=tr("console.me.created_open" if publish else "console.me.created_draft"),
        )
    else:
        act(lambda: plan.update(event.id, actor.username, **fields), fields=slots, done=tr("console.me.saved"))


# ---- actions: publish, file, held, cancel -----------------------------------------------
def _actions(od: Any, plan: Planning, actor: Any, event: Any) -> None:
    user = actor.username
    if event.draft and st.button(tr("console.me.publish"), key=f"pub_{event.id}", type="primary"):
        act(lambda: plan.publish(event.id, user), done=tr("console.me.published"))
    if event.cancellable and not event.online:
        from pages import attendees

        st.page_link(
            st.Page(attendees.render, url_path="attendees"),
            label=tr("console.me.to_attendees"),
            query_params={"event": str(event.id)},
        )

    with st.container(border=True):
        st.markdown(f"**{tr('console.me.filing')}**")
        filing = plan.filing(event)
        if filing.deadline:
            st.markdown(
                trp("console.me.filing_deadline", campaign=filing.campaign_name or "", deadline=f"{filing.deadline:%Y-%m-%d}")
            )
        else:
            st.caption(tr("console.me.filing_no_deadline"))
        values = {
            "date": f"{filing.filed_on:%Y-%m-%d}" if filing.filed_on else "",
            "deadline": f"{filing.deadline:%Y-%m-%d}" if filing.deadline else "",
        }
        message = tr(f"console.me.filing.{filing.state}", **values)
        if filing.state in ("late", "overdue"):
            st.warning(message)
        elif filing.state == "on_time":
            st.success(message)
        else:
            st.write(message)
        if filing.filed_on is None and not event.cancelled:
            if st.button(tr("console.me.file_button"), key=f"file_{event.id}"):
                act(lambda: plan.file(event.id, user), done=tr("console.me.filed"))

    if event.list_open and not event.online:
        st.caption(tr("console.me.finalize_first"))
    if event.finalized:
        st.caption(tr("console.me.held_help"))
        if st.button(tr("console.me.held_button"), key=f"held_{event.id}", type="primary"):
            act(lambda: plan.mark_held(event.id, user), done=tr("console.me.held_done"))

    if event.cancellable:
        with st.expander(tr("console.me.cancel")):
            reason = st.text_input(tr("console.me.cancel_reason"), key=f"cx_reason_{event.id}", max_chars=200)
            sure = st.checkbox(tr("console.me.cancel_confirm"), key=f"cx_sure_ev_{event.id}")
            if st.button(tr("console.me.cancel_button"), key=f"cx_ev_{event.id}", disabled=not sure):
                act(lambda: plan.cancel(event.id, user, reason), done=tr("console.me.cancelled"))


# ---- the event report (活动开展情况) ------------------------------------------------------
def _report_editor(od: Any, actor: Any, event: Any) -> None:
    st.subheader(tr("console.rp.title"))
    if not event.took_place:
        st.caption(tr("console.rp.not_yet"))
        return
    user = actor.username
    reports = od.reports
    due = reports.due(event.id)
    days = reports.due_workdays(event)
    report = reports.get(event.id)
    if report and report.published:
        st.success(tr("console.rp.published_at", date=fmt_dt(report.published_at)))
    else:
        st.info(tr("console.rp.due", date=f"{due.date:%Y-%m-%d}", days=days))
        if clock.now().date() > due.date:
            st.warning(tr("console.rp.overdue", date=f"{due.date:%Y-%m-%d}"))
    if due.warning:
        st.warning(due.warning)
    attendance = reports.attendance(event.id)
    st.write(
        tr(
            "console.rp.attendance",
            confirmed=attendance.confirmed,
            attended=attendance.attended,
            citizens=attendance.attended_citizens,
        )
    )
    with st.form(f"report_{event.id}"):
        body = st.text_area(tr("console.rp.body"), value=report.body if report else "", height=200, max_chars=5000)
        attended = st.number_input(
            tr("console.rp.attended"),
            min_value=0,
            max_value=1000,
            step=1,
            value=report.attended if report and report.attended is not None else attendance.attended,
        )
        saved = st.form_submit_button(tr("console.rp.save"), type="primary")
    if saved:
        act(lambda: reports.save(event.id, user, body, int(attended)), done=tr("console.rp.saved"))

    st.markdown(f"**{tr('console.rp.photos')}**")
    photos = reports.photos(event.id)
    if photos:
        cols = st.columns(3)
        for n, photo in enumerate(photos):
            with cols[n % 3]:
                st.image(photo.data, caption=photo.filename, width="stretch")
                if st.button(tr("console.rp.remove"), key=f"ph_rm_{photo.id}"):
                    act(partial(reports.remove_photo, photo.id, user), done=tr("console.rp.removed"))
    else:
        st.caption(tr("console.rp.no_photos"))
    if len(photos) < 6:
        round_key = f"ph_round_{event.id}"
        files = st.file_uploader(
            tr("console.rp.upload"),
            type=["jpg", "jpeg", "png"],
            accept_multiple_files=True,
            key=f"ph_up_{event.id}_{st.session_state.get(round_key, 0)}",
        )
        if files and st.button(tr("console.rp.upload_button"), key=f"ph_go_{event.id}"):
            added: list[str] = []

            def upload() -> int:
                for file in files:
                    reports.add_photo(event.id, user, file.name, file.getvalue())
                    added.append(file.name)
                return len(added)

            done = act(upload, then=partial(renew, round_key), done=lambda n: tr("console.rp.uploaded", n=n))
            if done is None and added:  # the photos before the one refused are saved
                st.info(tr("console.rp.uploaded", n=len(added)))

    if event.awaiting_report:
        sure = st.checkbox(tr("console.rp.publish_confirm"), key=f"rp_sure_{event.id}")
        if st.button(tr("console.rp.publish"), key=f"rp_pub_{event.id}", type="primary", disabled=not sure):
            act(lambda: reports.publish(event.id, user), done=tr("console.rp.published"))


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
