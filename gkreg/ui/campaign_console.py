"""Console parts for /manage-events (issue 13): creating and running online activities, co-hosts.

Kept out of pages/manage_events.py so that page only calls in; every rule lives in gkreg.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from gkreg import clock
from gkreg.labels import ONLINE_FORMS
from gkreg.public import md_escape
from gkreg.ui.layout import act, fmt_dt, tr
from gkreg.ui.text import plain, show_text


def new_kind() -> str:
    """'seated' or 'online' for a new event."""
    return st.radio(
        tr("oc.kind"), ["seated", "online"], horizontal=True, key="me_new_kind", format_func=lambda k: tr(f"oc.kind.{k}")
    )


def _guest_frame(guests: list[Any]) -> pd.DataFrame:
    rows = [{"name": g.name, "title": g.title, "unit": g.unit} for g in guests]
    return pd.DataFrame(rows or [{"name": "", "title": "", "unit": ""}], columns=["name", "title", "unit"])


def _guest_editor(key: str, guests: list[Any]) -> pd.DataFrame:
    return st.data_editor(
        _guest_frame(guests),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(tr("oc.guest.name"), max_chars=30),
            "title": st.column_config.TextColumn(tr("oc.guest.title"), max_chars=60),
            "unit": st.column_config.TextColumn(tr("oc.guest.unit"), max_chars=100),
        },
    )


def _rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    return [{k: ("" if pd.isna(v) else str(v)) for k, v in row.items()} for row in frame.to_dict("records")]


def online_create_form(
    od: Any, actor: Any, unit_names: dict[int, str], unit_id: int | None, select: Callable[[int], object]
) -> None:
    today = clock.now().date()
    with st.form("oc_new"):
        target = unit_id
        if actor.is_coordinator:
            target = st.selectbox(
                tr("console.unit"),
                list(unit_names),
                format_func=lambda u: unit_names[u],
                index=list(unit_names).index(unit_id) if unit_id in unit_names else 0,
            )
        title = st.text_input(tr("oc.title"), max_chars=100)
        form = st.selectbox(tr("oc.form"), ONLINE_FORMS)
        c1, c2, c3 = st.columns(3)
        day = c1.date_input(tr("oc.date"), value=today + dt.timedelta(days=14), format="YYYY-MM-DD")
        start = c2.time_input(tr("oc.start"), value=dt.time(9, 30), step=900)
        end = c3.time_input(tr("oc.end"), value=dt.time(11, 0), step=900)
        s1, s2 = st.columns(2)
        stream = s1.text_input(tr("oc.stream"), max_chars=500)
        hotline = s2.text_input(tr("oc.hotline"), max_chars=30)
        schedule = st.text_area(tr("oc.schedule"), max_chars=5000)
        description = st.text_area(tr("oc.description"), max_chars=5000)
        st.caption(tr("oc.guests"))
        guests = _guest_editor("oc_new_guests", [])
        b1, b2 = st.columns(2)
        draft = b1.form_submit_button(tr("oc.save_draft"))
        publish = b2.form_submit_button(tr("oc.save_publish"), type="primary")
    if not (draft or publish):
        return
    act(
        lambda: od.online.create(
            target if target is not None else next(iter(unit_names)),
            actor.username,
            title=title,
            form=form,
            starts_at=dt.datetime.combine(day, start),
            ends_at=dt.datetime.combine(day, end),
            stream_url=stream,
            hotline=hotline,
            schedule=schedule,
            description=description,
            guests=_rows(guests),
            publish=publish,
        ),
        then=select,
        done=tr("oc.created"),
    )


def online_panel(od: Any, actor: Any, event: Any) -> None:
    """Before the day: link, hotline, schedule, guests and 'held'; after it: the record."""
    info = od.online.get(event.id)
    if info is None:
        return
    user = actor.username
    with st.container(border=True):
        st.markdown(f"**{tr('oc.panel')}**")
        st.caption(tr("oc.no_list"))
        lead = actor.may_act_on_unit(event.unit_id)
        if event.list_open and lead:
            with st.form(f"oc_edit_{event.id}"):
                title = st.text_input(tr("oc.title"), value=event.title, max_chars=100)
                c1, c2, c3 = st.columns(3)
                day = c1.date_input(tr("oc.date"), value=event.starts_at.date(), format="YYYY-MM-DD")
                start = c2.time_input(tr("oc.start"), value=event.starts_at.time(), step=900)
                end = c3.time_input(
                    tr("oc.end"), value=(event.ends_at or event.starts_at + dt.timedelta(hours=2)).time(), step=900
                )
                s1, s2 = st.columns(2)
                stream = s1.text_input(tr("oc.stream"), value=info.stream_url, max_chars=500)
                hotline = s2.text_input(tr("oc.hotline"), value=info.hotline, max_chars=30)
                schedule = st.text_area(tr("oc.schedule"), value=info.schedule, max_chars=5000)
                st.caption(tr("oc.guests"))
                guests = _guest_editor(f"oc_guests_{event.id}", info.guests)
                saved = st.form_submit_button(tr("oc.save"), type="primary")
            if saved:
                act(
                    lambda: od.online.edit(
                        event.id,
                        user,
                        title=title,
                        starts_at=dt.datetime.combine(day, start),
                        ends_at=dt.datetime.combine(day, end),
                        stream_url=stream,
                        hotline=hotline,
                        schedule=schedule,
                        guests=_rows(guests),
                    ),
                    done=tr("oc.saved"),
                )
            if event.taking_signups and st.button(tr("oc.held_button"), key=f"oc_held_{event.id}", type="primary"):
                act(lambda: od.planning.mark_held(event.id, user), done=tr("oc.held_done"))
        else:
            if info.stream_url:
                st.markdown(f"{tr('oc.stream')}：{plain(info.stream_url)}")
            if info.hotline:
                st.markdown(f"{tr('oc.hotline')}：{plain(info.hotline)}")
            for guest in info.guests:
                show_text(" · ".join(x for x in (guest.name, guest.title, guest.unit) if x))
        if event.took_place:
            _record(od, user, event, info)


def _record(od: Any, user: str, event: Any, info: Any) -> None:
    st.markdown(f"**{tr('oc.record')}**")
    with st.form(f"oc_tr_{event.id}"):
        text = st.text_area(tr("oc.transcript"), value=info.transcript, height=200, max_chars=50_000)
        if st.form_submit_button(tr("oc.save_transcript")):
            act(lambda: od.online.save_transcript(event.id, user, text), done=tr("oc.saved"))
    st.markdown(f"**{tr('oc.questions')}**")
    if not info.questions:
        st.caption(tr("oc.no_questions"))
    for q in info.questions:
        with st.container(border=True):
            st.markdown(f"{q.position}. {md_escape(q.question)}")
            if q.answer:
                st.caption(f"{tr('oc.answer')}：{md_escape(q.answer)}")
            if q.opinion_id is not None:
                st.caption(tr("oc.in_ledger", id=q.opinion_id))
            elif st.button(tr("oc.to_ledger"), key=f"oc_led_{q.id}"):
                act(partial(od.online.question_to_ledger, q.id, user), done=tr("oc.sent"))
    with st.form(f"oc_q_{event.id}", clear_on_submit=True):
        question = st.text_area(tr("oc.question"), max_chars=5000)
        answer = st.text_area(tr("oc.answer"), max_chars=5000)
        asker = st.text_input(tr("oc.asker"), max_chars=30)
        if st.form_submit_button(tr("oc.add_question")):
            act(lambda: od.online.add_question(event.id, user, question, answer, asker), done=tr("oc.saved"))
    if info.record_published:
        st.success(tr("oc.record_public", date=fmt_dt(info.record_published_at)))
        if st.button(tr("oc.withdraw_record"), key=f"oc_unpub_{event.id}"):
            act(lambda: od.online.publish_record(event.id, user, public=False), done=tr("oc.saved"))
    elif st.button(tr("oc.publish_record"), key=f"oc_pub_{event.id}", type="primary"):
        act(lambda: od.online.publish_record(event.id, user), done=tr("oc.saved"))


def cohosts_editor(od: Any, actor: Any, event: Any) -> None:
    if not actor.may_act_on_unit(event.unit_id):
        st.info(tr("oc.cohost_of", lead=event.unit_name))
        return
    if event.cancelled:
        return
    units = {u["id"]: u["name"] for u in od.units.list(active_only=True) if u["id"] != event.unit_id}
    current = od.cohosts.of(event.id)
    with st.expander(tr("oc.cohosts") + (f"（{len(current)}）" if current else "")):
        st.caption(tr("oc.cohosts_help"))
        chosen = st.multiselect(
            tr("oc.cohosts"),
            list(units),
            default=[u for u in current if u in units],
            format_func=lambda u: units[u],
            key=f"oc_co_{event.id}",
        )
        if st.button(tr("oc.cohosts_save"), key=f"oc_co_save_{event.id}"):
            act(lambda: od.cohosts.set(event.id, actor.username, chosen), done=tr("oc.saved"))


def plan_details_editor(od: Any, actor: Any, event: Any) -> None:
    """Contacts with phones (office and own unit only) and the ordered steps of the plan."""
    if event.cancelled:
        return
    contacts = od.plan_details.contacts(event.id, actor.username)
    steps = od.plan_details.steps(event.id)
    with st.expander(tr("oc.plan") + (f"（{len(contacts)} · {len(steps)}）" if contacts or steps else "")):
        st.caption(tr("oc.plan_help"))
        frame = pd.DataFrame(
            [{"name": c.name, "phone": c.phone, "role": c.role} for c in contacts] or [{"name": "", "phone": "", "role": ""}],
            columns=["name", "phone", "role"],
        )
        edited = st.data_editor(
            frame,
            key=f"oc_contacts_{event.id}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "name": st.column_config.TextColumn(tr("oc.contact.name"), max_chars=30),
                "phone": st.column_config.TextColumn(tr("oc.contact.phone"), max_chars=20),
                "role": st.column_config.TextColumn(tr("oc.contact.role"), max_chars=60),
            },
        )
        text = st.text_area(tr("oc.steps"), value="\n".join(steps), key=f"oc_steps_{event.id}", max_chars=5000)
        if st.button(tr("oc.plan_save"), key=f"oc_plan_save_{event.id}"):
            act(
                lambda: od.plan_details.save(
                    event.id, actor.username, contacts=_rows(edited), steps=[line for line in text.splitlines() if line.strip()]
                ),
                done=tr("oc.saved"),
            )


def status_word(event: Any) -> str:
    """An online activity is 已发布 (not 报名中) while open: nobody signs up for it."""
    return tr("oc.status_open") if event.online and event.taking_signups else ""
