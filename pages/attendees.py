"""/attendees: one event's attendee list — seats, review, invitations, waitlist, check-in, export, finalize."""

from __future__ import annotations

from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from gkreg import clock, palette
from gkreg.attendee_export import attendee_csv, attendee_xlsx, export_filename
from gkreg.errors import GkregError
from gkreg.exports import attendee_rows
from gkreg.imports import Imports, template_csv, template_xlsx
from gkreg.labels import CATEGORIES, EVENT_STATUSES, REG_STATUSES
from gkreg.planning import record_export, signin_sheet_html
from gkreg.ui.auth import require_staff
from gkreg.ui.context import get_od, mark_web
from gkreg.ui.layout import act, fmt_dt, lang, renew, show_error, show_flash, tr, tr_code
from gkreg.ui.notify_panels import last_notice_text
from gkreg.ui.text import plain, show_table, show_text, trp
from gkreg.ui.words import comma, paren


def _approved_many(result: list[Any]) -> str:
    confirmed = sum(r.confirmed for r in result)
    return tr("console.review.approved_many", confirmed=confirmed, waitlisted=len(result) - confirmed)


def _cat(code: str) -> str:
    return CATEGORIES.get(code, code) if lang() == "zh" else tr(f"console.cat.{code}")


def _status(code: str) -> str:
    return REG_STATUSES.get(code, code) if lang() == "zh" else tr(f"console.reg.{code}")


def _event_status(code: str) -> str:
    return EVENT_STATUSES.get(code, code) if lang() == "zh" else tr(f"console.ev.{code}")


def _who(reg: Any) -> str:
    return f"{reg.name}{paren(_cat(reg.category) + comma() + reg.code)}"


def render() -> None:
    actor = require_staff()
    od = get_od()
    plan = od.planning
    st.title(tr("page.attendees"))
    show_flash()

    unit_id = None
    if actor.is_coordinator:
        units = plan.units_for(actor.username)
        choice = st.selectbox(
            tr("console.unit"),
            [None] + [u["id"] for u in units],
            format_func=lambda u: tr("console.all_units") if u is None else next(x["name"] for x in units if x["id"] == u),
            key="att_unit",
        )
        unit_id = choice
    events = [e for e in plan.events_for(actor.username, unit_id) if not e.cancelled]
    if not events:
        st.info(tr("console.no_events"))
        return
    ids = [e.id for e in events]
    wanted = st.query_params.get("event")
    index = 0
    if wanted and str(wanted).isdigit() and int(wanted) in ids:
        index = ids.index(int(wanted))
    by_id = {e.id: e for e in events}
    event_id = st.selectbox(
        tr("console.choose_event"),
        ids,
        index=index,
        key="att_event",
        format_func=lambda i: f"{by_id[i].starts_at:%Y-%m-%d} {by_id[i].title}{paren(_event_status(by_id[i].status))}",
    )
    if str(event_id) != str(st.query_params.get("event", "")):
        st.query_params["event"] = str(event_id)
    event = by_id[event_id]
    try:
        registrations = od.registrations.for_event(event.id, actor.username)
    except GkregError as exc:
        show_error(exc)
        return
    seats = od.events.seats(event.id)
    st.caption(
        f"{plain(event.unit_name)} · {plain(tr_code('form', event.form))} · {fmt_dt(event.starts_at)} · "
        f"{plain(event.location)} · {tr('console.status')}{tr('pub.sep')}{_event_status(event.status)}"
    )
    _seat_panel(seats)

    sections = {
        "review": tr("console.tab.review", n=seats.pending),
        "invite": tr("console.tab.invite"),
        "list": tr("console.tab.list"),
        "checkin": tr("console.tab.checkin"),
        "export": tr("console.tab.export"),
        "finalize": tr("console.tab.finalize"),
    }
    section = st.radio(
        tr("console.section"),
        list(sections),
        format_func=sections.get,
        horizontal=True,
        key="att_section",
        label_visibility="collapsed",
    )
    st.divider()
    if section == "review":
        _review(od, actor.username, event, registrations)
    elif section == "invite":
        _invite(od, actor.username, event)
    elif section == "list":
        _list(od, actor.username, event, registrations)
    elif section == "checkin":
        _check_in(od, actor.username, event, registrations)
    elif section == "export":
        _export(od, actor.username, event, registrations)
    else:
        _finalize(od, actor.username, event, seats)


# ---- the seat panel -----------------------------------------------------------------
def _seat_panel(seats: Any) -> None:
    limit_others = seats.others_limit
    st.markdown(
        tr(
            "console.seat.figures",
            capacity=seats.capacity,
            cc=seats.confirmed_citizens,
            reserved=seats.citizen_reserved,
            co=seats.confirmed_others,
            limit=limit_others,
            pending=seats.pending,
            waitlisted=seats.waitlisted,
        )
    )
    words = tr(
        "console.seat.words",
        capacity=seats.capacity,
        reserved=seats.citizen_reserved,
        cc=seats.confirmed_citizens,
        co=seats.confirmed_others,
        limit=limit_others,
        left=seats.citizen_seats_left,
        other_left=seats.other_seats_left,
        pending=seats.pending,
        waitlisted=seats.waitlisted,
    )
    st.caption(words)
    if seats.confirmed == 0:
        st.info(tr("console.seat.empty"))
    elif seats.compliant:
        st.success(tr("console.seat.ok", share=round(100 * seats.confirmed_citizens / seats.confirmed)))
    else:
        st.warning(
            tr("console.seat.bad", share=round(100 * seats.confirmed_citizens / seats.confirmed), need=seats.citizens_needed)
        )
    data = pd.DataFrame(
        [
            {"part": tr("console.chart.citizens"), "n": seats.confirmed_citizens, "order": 1},
            {"part": tr("console.chart.others"), "n": seats.confirmed_others, "order": 2},
            {"part": tr("console.chart.free"), "n": max(0, seats.capacity - seats.confirmed), "order": 3},
        ]
    )
    chart = (
        alt.Chart(data)
        .mark_bar(height=26)
        .encode(
            x=alt.X("sum(n):Q", title=None, scale=alt.Scale(domain=[0, seats.capacity]), axis=alt.Axis(tickCount=6)),
            color=alt.Color(
                "part:N",
                title=None,
                sort=[d for d in data["part"]],
                scale=alt.Scale(range=[palette.CITIZEN, palette.INVITED, palette.FREE]),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=["part:N", "n:Q"],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"x": [seats.citizen_reserved]}))
        .mark_rule(color=palette.ONE_THIRD_RULE, strokeWidth=2, strokeDash=[5, 3])
        .encode(x="x:Q")
    )
    st.altair_chart((chart + rule).properties(height=60), width="stretch", height=120)
    st.caption(tr("console.chart.caption", reserved=seats.citizen_reserved))


# ---- review -----------------------------------------------------------------------
def _review(od: Any, actor: str, event: Any, registrations: list[Any]) -> None:
    pending = [r for r in registrations if r.pending]
    if not pending:
        st.info(tr("console.review.none"))
        return
    st.caption(tr("console.review.help"))
    labels = {r.id: f"{r.created_at:%m-%d %H:%M} {_who(r)}" for r in pending}
    chosen = st.multiselect(
        tr("console.review.select"), list(labels), default=list(labels), format_func=lambda r: labels[r], key=f"rv_sel_{event.id}"
    )
    c1, c2 = st.columns(2)
    if c1.button(
        tr("console.review.approve_many", n=len(chosen)), key=f"rv_many_{event.id}", type="primary", disabled=not chosen
    ):
        act(lambda: od.registrations.approve_many(chosen, actor), done=_approved_many)
    reason_all = c2.text_input(tr("console.review.reason"), key=f"rv_reason_all_{event.id}")
    if c2.button(tr("console.review.reject_many", n=len(chosen)), key=f"rv_rej_many_{event.id}", disabled=not chosen):
        act(  # all or none
            lambda: od.registrations.reject_many(chosen, actor, reason_all),
            done=tr("console.review.rejected_many", n=len(chosen)),
        )
    st.divider()
    for reg in pending[:100]:
        with st.container(border=True):
            st.markdown(
                f"**{plain(reg.name)}** · {_cat(reg.category)} · {plain(reg.phone)} · {plain(reg.id_number_masked)} · "
                f"{tr('console.signed_up_at')} {fmt_dt(reg.created_at)}"
            )
            if reg.organization or reg.topic:
                show_text(f"{reg.organization} {reg.topic}".strip(), "caption")
            b1, b2, b3 = st.columns([1, 2, 1])
            if b1.button(tr("console.review.approve"), key=f"rv_ok_{reg.id}"):
                act(
                    partial(od.registrations.approve, reg.id, actor),
                    done=lambda done: trp("console.review.approved", name=done.name, status=_status(done.status)),
                )
            reason = b2.text_input(
                tr("console.review.reason"),
                key=f"rv_reason_{reg.id}",
                label_visibility="collapsed",
                placeholder=tr("console.review.reason"),
            )
            if b3.button(tr("console.review.reject"), key=f"rv_no_{reg.id}"):
                act(partial(od.registrations.reject, reg.id, actor, reason), done=trp("console.review.rejected", name=reg.name))


# ---- invitations --------------------------------------------------------------------
def _invite(od: Any, actor: str, event: Any) -> None:
    if not event.list_open:
        st.info(tr("console.invite.closed"))
        return
    st.subheader(tr("console.invite.one"))
    # The form keeps what was typed when something is wrong; the message stands under the field it is about.
    k = f"inv_{event.id}_"
    slots = {}
    with st.form(f"invite_{event.id}", clear_on_submit=False):
        name = st.text_input(tr("console.f.name"), key=k + "name")
        slots["name"] = st.empty()
        categories = ["npc_deputy", "cppcc_member", "media", "expert", "other", "citizen"]
        category = st.selectbox(tr("console.f.category"), categories, format_func=_cat, key=k + "category")
        slots["category"] = st.empty()
        phone = st.text_input(tr("console.f.phone"), key=k + "phone")
        slots["phone"] = st.empty()
        id_number = st.text_input(tr("console.f.id_optional"), key=k + "id_number")
        slots["id_number"] = st.empty()
        organization = st.text_input(tr("console.f.organization"), key=k + "organization")
        slots["organization"] = st.empty()
        submitted = st.form_submit_button(tr("console.invite.submit"), type="primary")
    if submitted:
        act(
            lambda: od.registrations.register(
                event.id,
                name=name,
                phone=phone,
                id_number=id_number or None,
                category=category,
                invited_by=actor,
                organization=organization,
            ),
            fields=slots,
            clear=[k + field for field in ("name", "phone", "id_number", "organization")],  # the next guest: an empty form
            done=lambda reg: trp("console.invite.done", name=reg.name, cat=_cat(reg.category), code=reg.code),
        )

    st.subheader(tr("console.import.title"))
    st.caption(tr("console.import.help"))
    d1, d2 = st.columns(2)
    d1.download_button(
        tr("console.import.template_xlsx"),
        template_xlsx(),
        "邀请名单模板.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="tpl_xlsx",
    )
    d2.download_button(tr("console.import.template_csv"), template_csv(), "邀请名单模板.csv", "text/csv", key="tpl_csv")
    round_key = f"imp_round_{event.id}"
    upload = st.file_uploader(
        tr("console.import.file"), type=["xlsx", "csv"], key=f"imp_file_{event.id}_{st.session_state.get(round_key, 0)}"
    )
    if upload is None:
        return
    imports = Imports(od)
    try:
        with st.spinner(tr("console.import.checking")):
            preview = imports.preview(event.id, upload.getvalue(), upload.name, actor)
    except GkregError as exc:
        show_error(exc)
        return
    for problem in preview.problems:
        show_text(problem, "error")
    if not preview.rows:
        return
    table = pd.DataFrame(
        [
            {
                tr("console.import.line"): r.line,
                tr("console.f.name"): r.name,
                tr("console.f.category"): r.category_label,
                tr("console.f.phone"): r.phone,
                tr("console.f.organization"): r.organization,
                tr("console.import.result"): "；".join(r.errors) if r.errors else tr("console.import.row_ok"),
            }
            for r in preview.rows
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", height="content")
    bad = len(preview.error_rows)
    if bad:
        st.warning(tr("console.import.has_errors", bad=bad, good=len(preview.valid_rows)))
    valid_only = st.checkbox(tr("console.import.valid_only"), key=f"imp_valid_{event.id}", disabled=not bad)
    if st.button(
        tr("console.import.submit", n=len(preview.valid_rows)),
        key=f"imp_go_{event.id}",
        type="primary",
        disabled=bool(bad) and not valid_only,
    ):
        with st.spinner(tr("console.import.running")):
            act(
                lambda: imports.import_rows(preview, actor, valid_only=valid_only),
                then=partial(renew, round_key),
                done=lambda result: tr("console.import.done", n=len(result.imported), skipped=len(result.skipped)),
            )


# ---- the list, waitlist, cancel, reveal ----------------------------------------------
def _list(od: Any, actor: str, event: Any, registrations: list[Any]) -> None:
    if not registrations:
        st.info(tr("console.list.empty"))
        return
    notices = od.notify.last_for_registrations([r.id for r in registrations])
    table = pd.DataFrame(
        [
            {
                tr("console.col.code"): r.code,
                tr("console.f.name"): r.name,
                tr("console.f.category"): _cat(r.category),
                tr("console.col.status"): _status(r.status) + (f" #{r.waitlist_position}" if r.waitlist_position else ""),
                tr("notify.col.last"): last_notice_text(notices.get(r.id)),
                tr("console.col.channel"): tr("console.invited") if r.invited else tr("console.public"),
                tr("console.f.phone"): r.phone,
                tr("console.col.id"): r.id_number_masked,
                tr("console.col.checked_in"): fmt_dt(r.checked_in_at),
                tr("console.col.created"): fmt_dt(r.created_at),
            }
            for r in registrations
        ]
    )
    # A plain table: every column and row on a desk, the cells wrap on a phone (no scroll box).
    show_table(table)
    waiting = [r for r in registrations if r.waitlisted]
    st.subheader(tr("console.list.waitlist"))
    if waiting:
        for r in waiting:
            st.write(tr("console.list.position", pos=r.waitlist_position, who=_who(r), at=fmt_dt(r.created_at)))
    else:
        st.caption(tr("console.list.no_waitlist"))

    st.subheader(tr("console.list.cancel"))
    live = {r.id: r for r in registrations if r.live}
    if live and not event.took_place:
        target = st.selectbox(
            tr("console.list.cancel_who"), list(live), format_func=lambda i: _who(live[i]), key=f"cx_who_{event.id}"
        )
        sure = st.checkbox(tr("console.list.cancel_confirm", who=live[target].name), key=f"cx_sure_{event.id}_{target}")
        if st.button(tr("console.list.cancel_button"), key=f"cx_go_{event.id}", disabled=not sure):
            act(lambda: od.registrations.cancel(target, actor), done=trp("console.list.cancelled", name=live[target].name))
    else:
        st.caption(tr("console.list.nothing_to_cancel"))

    st.subheader(tr("console.reveal.title"))
    with_id = {r.id: r for r in registrations if r.id_number_masked}
    if not with_id:
        st.caption(tr("console.reveal.none"))
        return
    who = st.selectbox(
        tr("console.reveal.who"),
        list(with_id),
        format_func=lambda i: f"{_who(with_id[i])} {with_id[i].id_number_masked}",
        key=f"rev_who_{event.id}",
    )
    sure = st.checkbox(tr("console.reveal.confirm"), key=f"rev_sure_{event.id}_{who}")
    if st.button(tr("console.reveal.button"), key=f"rev_go_{event.id}", disabled=not sure):
        number = act(lambda: od.registrations.reveal_id_number(who, actor), rerun=False)
        if number is not None:
            st.info(tr("console.reveal.shown", name=with_id[who].name, number=number))


# ---- check-in ---------------------------------------------------------------------------
def _toggle_check_in(od: Any, actor: str, reg_id: int, key: str) -> None:
    mark_web(actor)
    try:
        od.registrations.check_in(reg_id, actor, undo=not st.session_state[key])
    except GkregError as exc:
        st.session_state["checkin_error"] = str(exc)


def _check_in(od: Any, actor: str, event: Any, registrations: list[Any]) -> None:
    confirmed = [r for r in registrations if r.confirmed]
    came = sum(1 for r in confirmed if r.checked_in_at)
    st.metric(tr("console.checkin.count"), f"{came} / {len(confirmed)}")
    if st.session_state.get("checkin_error"):
        st.error(st.session_state.pop("checkin_error"))
    if not confirmed:
        st.info(tr("console.checkin.none"))
        return
    query = st.text_input(
        tr("console.checkin.search"), key=f"ci_q_{event.id}", placeholder=tr("console.checkin.placeholder")
    ).strip()
    q = query.upper()
    shown = [
        r
        for r in confirmed
        if not q
        or q in r.name.upper()
        or q == r.code
        or (q.isdigit() and len(q) >= 3 and r.phone.endswith(q))
        or (len(q) >= 3 and q in r.code)
    ]
    if not shown:
        st.caption(tr("console.checkin.no_match"))
    for reg in shown[:60]:
        key = f"ci_{reg.id}"
        st.session_state[key] = bool(reg.checked_in_at)
        st.checkbox(
            plain(f"{reg.name} · {_cat(reg.category)} · {reg.code} · {reg.phone[-4:] if reg.phone else ''}")
            + (f" · {reg.checked_in_at:%H:%M}" if reg.checked_in_at else ""),
            key=key,
            on_change=_toggle_check_in,
            args=(od, actor, reg.id, key),
        )
    if len(shown) > 60:
        st.caption(tr("console.checkin.more", n=len(shown) - 60))


# ---- export -----------------------------------------------------------------------------
def _record_export(od: Any, event_id: int, actor: str, fmt: str, rows: int) -> None:
    mark_web(actor)
    record_export(od, event_id, actor, fmt, rows)


def _export(od: Any, actor: str, event: Any, registrations: list[Any]) -> None:
    st.caption(tr("console.export.help"))
    rows = attendee_rows(registrations)
    now = clock.now()  # Beijing time, for the file name and the title block
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        tr("console.export.xlsx"),
        attendee_xlsx(event, registrations, now, lang=lang()),
        export_filename(event.title, "xlsx", now, lang=lang()),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"ex_xlsx_{event.id}",
        on_click=_record_export,
        args=(od, event.id, actor, "xlsx", len(rows)),
    )
    c2.download_button(
        tr("console.export.csv"),
        attendee_csv(event, registrations, now, lang=lang()),
        export_filename(event.title, "csv", now, lang=lang()),
        "text/csv",
        key=f"ex_csv_{event.id}",
        on_click=_record_export,
        args=(od, event.id, actor, "csv", len(rows)),
    )
    c3.download_button(
        tr("console.export.sheet"),
        signin_sheet_html(event, registrations),
        f"签到表-{event.id}.html",
        "text/html",
        key=f"ex_sheet_{event.id}",
        on_click=_record_export,
        args=(od, event.id, actor, "signin_sheet", len(rows)),
    )


# ---- finalize -----------------------------------------------------------------------------
def _finalize(od: Any, actor: str, event: Any, seats: Any) -> None:
    if not event.list_open:
        st.success(tr("console.finalize.done_already", status=_event_status(event.status)))
        return
    st.write(tr("console.finalize.rule"))
    checks = [
        (seats.pending == 0, tr("console.finalize.check_pending", n=seats.pending)),
        (seats.confirmed > 0, tr("console.finalize.check_someone", n=seats.confirmed)),
        (seats.compliant, tr("console.finalize.check_share", cc=seats.confirmed_citizens, n=seats.confirmed)),
    ]
    for ok, text in checks:
        st.write(tr("console.finalize.ok" if ok else "console.finalize.fail") + text)
    sure = st.checkbox(tr("console.finalize.confirm"), key=f"fin_sure_{event.id}")
    if st.button(tr("console.finalize.button"), key=f"fin_go_{event.id}", type="primary", disabled=not sure):
        act(lambda: od.events.finalize(event.id, actor), done=tr("console.finalize.done"))


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
