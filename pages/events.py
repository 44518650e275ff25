"""/ (default page): open events for citizens, the sign-up form, and the success screen.

The page's state is in the URL: the list, one event (``/?event=ID``), its sign-up form
(``/?event=ID&step=signup``) and the result (``/?event=ID&step=done``; the result itself stays in the
session, so a reload or a shared link of it points to the look-up page instead).
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from gkreg import public
from gkreg.errors import GkregError, NotFound, ValidationError
from gkreg.events import Event
from gkreg.i18n import t
from gkreg.privacy import mask_phone
from gkreg.ui import readmodels
from gkreg.ui.context import get_od
from gkreg.ui.frontdoor import captcha_field, captcha_passed, current_client, limits
from gkreg.ui.layout import act, error_text, lang, tr, tr_code
from gkreg.ui.nav import link, set_query
from gkreg.ui.notify_panels import client_address
from gkreg.ui.text import plain, show_text

DONE = "pub_done"  # {"reg_id", "event_id"} of the sign-up just made (the code never goes into the URL)
RESULTS = "pub_results"  # form token + who -> DONE value: a second click of the same form finds the first result
FIELDS = ("name", "phone", "id_number", "organization", "topic", "consent")
STATE_COLOURS = {
    "left": "green",
    "full_waitlist": "orange",
    "full_review": "orange",
    "not_yet": "blue",
    "closed": "gray",
    "finalized": "gray",
    "over": "gray",
}


def _sep() -> str:
    """The colon between a label and its value ("：" in Chinese, ": " in English)."""
    return tr("pub.sep")


def render() -> None:
    od = get_od()
    raw, step = st.query_params.get("event"), st.query_params.get("step")
    if raw is not None and step == "done":
        _success(od, raw)
        return
    if raw is not None and step == "signup":
        view = st.empty()
        with view.container():
            done = _signup(od, raw)
        if done:  # the result is drawn in the submit run itself, in place of the form: no rerun hop
            view.empty()
            _success(od, str(done["event_id"]))
        return
    if raw is not None:
        _one_event(od, raw)
        return
    _list(od)


# ---- callbacks: each step is in the URL, so back, forward, reload and a shared link find it -----------


def _go(event_id: int | None = None, step: str | None = None) -> None:
    set_query(event=event_id, step=step)


def _start_signup(event_id: int) -> None:
    st.session_state.pop(f"pub_token_{event_id}", None)  # a new form: a new token
    _go(event_id, "signup")


def _back_to_event(event_id: int) -> None:
    _go(event_id)


def _all_events() -> None:
    st.session_state.pop(DONE, None)
    _go()


# ---- the list ------------------------------------------------------------------------------------------


def _list(od) -> None:
    lg = lang()
    st.title(tr("page.events"))
    st.caption(tr("pub.intro"))
    events, seats = readmodels.open_events()  # shared by the crowd for 2 s: public facts only
    if not events:
        st.info(tr("pub.empty"), icon=":material/event_busy:")
        return
    keyword = st.text_input(tr("pub.search"), placeholder=tr("pub.search.placeholder"), key="pub_q", max_chars=50)
    with st.expander(tr("pub.filters")):
        units = public.unit_options(events)
        forms = public.form_options(events)
        months = public.month_options(events)
        unit = st.selectbox(
            tr("pub.filter.unit"),
            [None, *units],
            key="pub_unit",
            format_func=lambda v: tr("pub.filter.all_units") if v is None else v,
        )
        form = st.selectbox(
            tr("pub.filter.form"),
            [None, *forms],
            key="pub_form",
            format_func=lambda v: tr("pub.filter.all_forms") if v is None else v,
        )
        month = st.selectbox(
            tr("pub.filter.month"),
            [None, *months],
            key="pub_month",
            format_func=lambda v: tr("pub.filter.all_months") if v is None else public.month_label(v, lg),
        )
    shown = public.filter_events(events, unit=unit, form=form, month=month, keyword=keyword or "")
    if not shown:
        st.info(tr("pub.no_match"), icon=":material/search_off:")
        return
    st.caption(tr("pub.count", n=len(shown)))
    # Two cards a row on a wide screen; Streamlit stacks the columns on a phone.
    for start in range(0, len(shown), 2):
        columns = st.columns(2, gap="medium")
        for column, event in zip(columns, shown[start : start + 2], strict=False):
            with column:
                _card(od, event, public.seat_state(event, seats[event.id]), detail=False, compact=True)


def _card(od, event: Event, state: public.SeatState, *, detail: bool, button: bool = True, compact: bool = False) -> None:
    """One event. ``compact`` (the list): the description's first words inside the card's one Markdown
    element instead of an expander and a text element (each card is drawn for every visitor)."""
    lg = lang()
    sep = t("pub.sep", lg)  # the list draws many cards: look the language up once per card, not per string
    approval = t(f"pub.card.approval.{event.approval}", lg)
    colour = STATE_COLOURS.get(state.kind, "gray")
    with st.container(border=True):
        # One Markdown element per card, not four: every element is a message and a wake-up on the
        # server, and the list draws one card per open event for every visitor (issue 15).
        head = (
            f"#### {plain(event.title)}\n\n"
            f"{t('pub.card.unit', lg)}{sep}{plain(event.unit_name)}  \n"
            f"{t('pub.card.form', lg)}{sep}{plain(tr_code('form', event.form))}  \n"
            f"{t('pub.card.when', lg)}{sep}{public.when_words(event, lg)}"
        )
        snippet = f"\n\n:gray[{plain(_snippet(event.description))}]" if compact and event.description else ""
        info = od.online.get(event.id) if event.online else None  # read once for the card and its buttons
        if event.online:  # no sign-up: no deadline, no approval; the stream (and hotline below) instead
            stream = info.stream_url if info is not None and event.taking_signups else ""  # open, not yet held
            lines = [head]
            if event.location:
                lines.append(f"  \n{t('pub.card.place', lg)}{sep}{plain(event.location)}")
            if stream:
                lines.append(f"  \n{t('pub.card.stream', lg)}{sep}`{stream.replace('`', '')}`")
            lines.append(f"\n\n:{colour}[**{public.seat_words(state, lg)}**]{snippet}")
            st.markdown("".join(lines))
        else:
            st.markdown(
                f"{head}  \n"
                f"{t('pub.card.place', lg)}{sep}{plain(event.location) or '—'}\n\n"
                f":gray[{t('pub.card.deadline', lg)}{sep}{public.fmt_dt(event.signup_closes)} · "
                f"{t('pub.card.approval', lg)}{sep}{approval}]\n\n"
                f":{colour}[**{public.seat_words(state, lg)}**]{snippet}"
            )
        if event.online:
            from gkreg.ui.online_public import take_part

            take_part(od, event, info)
        if event.description and not compact:
            if detail:
                st.markdown(f"**{t('pub.card.about', lg)}**")
                st.text(event.description)
            else:
                with st.expander(t("pub.card.about", lg)):
                    st.text(event.description)
        if button and state.can_sign_up:
            st.button(
                t("pub.signup", lg),
                key=f"pub_signup_btn_{event.id}",
                type="primary",
                width="stretch",
                on_click=_start_signup,
                args=(event.id,),
                icon=":material/edit_note:",
            )


def _snippet(text: str, limit: int = 60) -> str:
    """The description's first line, cut at ``limit`` characters (the whole text is on the event's page)."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit and line == text.strip() else line[:limit].rstrip() + "…"


def _public_event(od, event_id: int | None) -> Event | None:
    if event_id is None:
        return None
    try:
        event = od.events.get(event_id)
    except NotFound:
        return None
    return event if event.published else None


def _one_event(od, raw: str) -> None:
    st.title(tr("page.events"))
    event = _public_event(od, public.parse_event_id(raw))
    if event is None:
        st.warning(tr("pub.event_missing"), icon=":material/search_off:")
        st.button(tr("pub.all_events"), on_click=_all_events, width="stretch", key="pub_all")
        return
    state = public.seat_state(event, od.events.seats(event.id))
    _card(od, event, state, detail=True)
    if event.took_place:
        st.info(tr("pub.event_held"), icon=":material/newspaper:")
    elif not state.can_sign_up:
        st.info(tr("pub.no_form"), icon=":material/info:")
    link = _event_link(event.id)
    if link:
        with st.expander(tr("pub.poster_qr")):
            st.image(public.qr_png(link), width=220, caption=link)
            st.download_button(
                tr("pub.poster_download"),
                public.qr_png(link, scale=16),
                file_name=f"open-day-{event.id}-qr.png",
                mime="image/png",
                width="stretch",
                on_click="ignore",
                key="pub_poster_dl",
            )
    st.button(tr("pub.all_events"), on_click=_all_events, width="stretch", key="pub_all")


def _event_link(event_id: int) -> str | None:
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no browser context (tests)
        return None
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/?event={event_id}"


# ---- the sign-up form ------------------------------------------------------------------------------------


def _signup(od, raw: str) -> dict | None:
    event = _public_event(od, public.parse_event_id(raw))
    if event is None:
        st.title(tr("page.events"))
        st.warning(tr("pub.event_missing"), icon=":material/search_off:")
        st.button(tr("pub.all_events"), on_click=_all_events, width="stretch", key="pub_all")
        return None
    token_key = f"pub_token_{event.id}"
    client = current_client()
    needs_code = st.session_state.get(f"pub_code_{event.id}") or limits().signup_needs_captcha(client, event.id)
    early: dict[str, str] | None = None
    if st.session_state.get(f"pub_f_submit_{event.id}") and token_key in st.session_state and not needs_code:
        # Submitted: register before drawing anything, so a success sends only the result page (half the
        # messages of drawing the form and then replacing it, issue 15); errors come back with the form.
        done, early = _submit(od, event, _typed(event.id), token_key, client=client)
        if done:
            return done
    st.title(tr("pub.form.heading"), anchor=False)
    st.button(tr("pub.back_event"), on_click=_back_to_event, args=(event.id,), icon=":material/arrow_back:", key="pub_back")
    state = public.seat_state(event, od.events.seats(event.id))
    _card(od, event, state, detail=False, button=False)
    if not state.can_sign_up:
        st.info(tr("pub.no_form"), icon=":material/info:")
        return None
    if state.kind == "full_waitlist":
        st.warning(tr("pub.form.waitlist_note"), icon=":material/hourglass_top:")
    elif state.kind == "full_review":
        st.warning(tr("pub.form.review_full_note"), icon=":material/hourglass_top:")
    if token_key not in st.session_state:
        st.session_state[token_key] = uuid.uuid4().hex
    st.subheader(tr("pub.form.title"))
    if st.session_state.pop(f"pub_code_note_{event.id}", None):
        st.warning(tr("fd.captcha.needed"), icon=":material/lock:")
    slots = {}
    with st.form(f"pub_signup_form_{event.id}", border=True):
        values: dict[str, Any] = {
            "name": st.text_input(tr("pub.form.name"), max_chars=30, key=f"pub_f_name_{event.id}", autocomplete="name"),
        }
        slots["name"] = st.empty()
        values["phone"] = st.text_input(tr("pub.form.phone"), max_chars=20, key=f"pub_f_phone_{event.id}", autocomplete="tel")
        st.caption(tr("pub.form.phone.help"))
        slots["phone"] = st.empty()
        phone_check = od.notify.phone_check.required(event.id)
        send_code = False
        if phone_check:  # 短信验证码: the code button submits the form too, so the phone typed arrives with it
            st.caption(tr("notify.code.need"))
            values["phone_code"] = st.text_input(
                tr("notify.code.label"), max_chars=6, key=f"pub_f_code_{event.id}", autocomplete="one-time-code"
            )
            send_code = st.form_submit_button(tr("notify.code.send"), key=f"pub_f_send_code_{event.id}")
            slots["phone_code"] = st.empty()
        values["id_number"] = st.text_input(
            tr("pub.form.id_number"), max_chars=22, key=f"pub_f_id_{event.id}", autocomplete="off"
        )
        st.caption(tr("pub.form.id.help"))
        slots["id_number"] = st.empty()
        values["organization"] = st.text_input(tr("pub.form.organization"), max_chars=100, key=f"pub_f_org_{event.id}")
        slots["organization"] = st.empty()
        values["topic"] = st.text_area(
            tr("pub.form.topic"), max_chars=500, key=f"pub_f_topic_{event.id}", placeholder=tr("pub.form.topic.help"), height=90
        )
        slots["topic"] = st.empty()
        with st.container(border=True):
            st.markdown(f"**{tr('pub.privacy.title')}**")
            days = int(od.settings.get("retention_days"))
            st.markdown("\n".join(f"- {plain(line)}" for line in public.privacy_notice(event.unit_name, days, lang())))
        values["consent"] = st.checkbox(tr("pub.form.consent"), value=False, key=f"pub_f_consent_{event.id}")
        slots["consent"] = st.empty()
        typed_code = captcha_field(f"signup_{event.id}") if needs_code else ""
        slots["captcha"] = st.empty()
        submitted = st.form_submit_button(tr("pub.form.submit"), type="primary", width="stretch", key=f"pub_f_submit_{event.id}")
    summary = st.empty()
    if send_code:
        act(
            lambda: od.notify.phone_check.send_code(event.id, values["phone"], client_address()),
            where=slots["phone_code"],
            done=tr("notify.code.sent", phone=mask_phone(values["phone"].strip())),
            rerun=False,  # the form keeps what was typed; the code goes in next to the message
        )
        return None
    if early is not None:
        errors = early
    elif not submitted:
        return None
    else:
        done, errors = _submit(od, event, values, token_key, client=client, needs_code=needs_code, typed_code=typed_code)
        if done:
            return done
    errors = {(field if field in slots else ""): error_text(message) for field, message in errors.items()}
    for field, message in errors.items():
        if field in slots:
            show_text(message, "error", where=slots[field], icon=":material/error:")
    lines = "\n".join(f"- {plain(m)}" for m in errors.values())
    summary.error(f"{tr('pub.form.fix')}\n{lines}\n\n{tr('pub.form.not_stored')}", icon=":material/error:")
    return None


# The form's widgets by field (keys pub_f_<suffix>_<event id>).
WIDGETS = {"name": "name", "phone": "phone", "phone_code": "code", "id_number": "id", "organization": "org", "topic": "topic"}


def _typed(event_id: int) -> dict:
    """What the form holds, read from the session before the form is drawn again."""
    values = {field: st.session_state.get(f"pub_f_{suffix}_{event_id}") or "" for field, suffix in WIDGETS.items()}
    values["consent"] = bool(st.session_state.get(f"pub_f_consent_{event_id}"))
    return values


def _submit(
    od, event: Event, values: dict, token_key: str, *, client, needs_code: bool = False, typed_code: str = ""
) -> tuple[dict | None, dict[str, str]]:
    """Register the person typed in the form: (the result, {}) or (None, the errors by field)."""
    # The token outlives the result: a second tap can arrive after the first one finished. The same
    # form sent again for the same person shows the first result; back to the form for someone
    # else registers them.
    who = hashlib.sha256(f"{values['phone'].strip()}|{values['id_number'].strip().upper()}".encode()).hexdigest()
    token = f"{st.session_state[token_key]}:{who}"
    results = st.session_state.setdefault(RESULTS, {})
    if token in results:
        return _finish(results[token]), {}
    code_ok = needs_code and captcha_passed(f"signup_{event.id}", typed_code)
    if needs_code and not code_ok:
        return None, {"captcha": tr("fd.captcha.wrong")}
    try:  # register checks everything and names every wrong field at once (ValidationError.problems)
        reg = od.notify.phone_check.register(
            event.id,
            code=values.get("phone_code", ""),
            name=values["name"],
            phone=values["phone"],
            id_number=values["id_number"],
            organization=values["organization"],
            topic=values["topic"],
            consent=values["consent"],
            client=client,
            captcha_ok=code_ok,
        )
    except GkregError as exc:
        if exc.field == "captcha" and not needs_code:
            # The limit was reached meanwhile: show the picture (the typed values stay in the form).
            st.session_state[f"pub_code_{event.id}"] = True
            st.session_state[f"pub_code_note_{event.id}"] = True
            st.rerun()
        return None, exc.problems if isinstance(exc, ValidationError) else {exc.field or "": str(exc)}
    # Recorded before any further Streamlit call, so an interrupted run cannot lose it.
    results[token] = {"reg_id": reg.id, "event_id": event.id}
    return _finish(results[token]), {}


def _finish(done: dict) -> dict:
    st.session_state[DONE] = done
    _go(done["event_id"], "done")
    return done


# ---- success -------------------------------------------------------------------------------------------


def _success(od, raw: str) -> None:
    lg = lang()
    done = st.session_state.get(DONE) or {}
    try:
        if str(done.get("event_id")) != str(public.parse_event_id(raw)):
            raise NotFound()
        reg = od.registrations.get(int(done["reg_id"]))
        event = od.events.get(int(done["event_id"]))
    except (GkregError, KeyError, TypeError, ValueError):
        # A reload or a shared link of the result page: the code is never in the URL, so point to look-up.
        st.title(tr("pub.done.title"), anchor=False)
        st.info(tr("pub.done.elsewhere"), icon=":material/info:")
        link("lookup", tr("pub.done.lookup"), icon=":material/search:")
        st.button(tr("pub.all_events"), on_click=_all_events, width="stretch", key="pub_all")
        return
    st.title(tr("pub.done.title"))
    st.success(tr("pub.done.keep"), icon=":material/check_circle:")
    with st.container(border=True):
        st.metric(tr("pub.done.code"), reg.code)
        st.markdown(f"**{tr('pub.done.status')}**{_sep()}{public.status_words(reg.status, reg.waitlist_position, lg)}")
        st.markdown(
            f"**{tr('pub.done.event')}**{_sep()}{plain(event.title)}  \n"
            f"{tr('pub.card.unit')}{_sep()}{plain(event.unit_name)}  \n"
            f"{tr('pub.card.when')}{_sep()}{public.when_words(event, lg)}  \n"
            f"{tr('pub.card.place')}{_sep()}{plain(event.location) or '—'}"
        )
    st.info(
        public.next_step(
            reg.status,
            unit=plain(event.unit_name),
            when=public.when_words(event, lg),
            place=plain(event.location),
            position=reg.waitlist_position,
            reason=plain(reg.reason),
            lang=lg,
        ),
        icon=":material/flag:",
    )
    st.image(public.qr_png(reg.code), width=200, caption=tr("pub.done.qr"))
    # Both files are made only when asked for (deferred downloads), not on every success screen.
    st.download_button(
        tr("pub.done.ics"),
        functools.partial(public.event_ics, event, code=reg.code, status=reg.status),
        file_name=public.ics_filename(event, reg.code),
        mime="text/calendar",
        width="stretch",
        icon=":material/calendar_add_on:",
        on_click="ignore",
        key="pub_ics",
    )
    st.download_button(
        tr("pub.done.qr_download"),
        functools.partial(public.qr_png, reg.code, scale=12),
        file_name=f"{reg.code}.png",
        mime="image/png",
        width="stretch",
        icon=":material/qr_code_2:",
        on_click="ignore",
        key="pub_qr_dl",
    )
    st.button(tr("pub.done.again"), on_click=_all_events, width="stretch", key="pub_again")


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
