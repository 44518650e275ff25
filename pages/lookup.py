"""/lookup (public): a citizen finds their registration with code + phone, and may cancel it.

A second tab recovers a lost code (phone + the ID number's last six, under the same guess limit as
look-ups: gkreg/ui/throttle, counted per client address in the database); a third shows the ledger area's opinion look-up.
"""

from __future__ import annotations

import streamlit as st

from gkreg import public
from gkreg.errors import GkregError, NotFound, ValidationError
from gkreg.privacy import mask_name
from gkreg.recovery import recover_codes
from gkreg.ui import throttle
from gkreg.ui.context import get_od
from gkreg.ui.layout import FLASH, act, lang, show_error, show_flash, tr
from gkreg.ui.text import plain

FOUND = "pub_lk_found"  # {"code", "phone"} of the registration shown
CONFIRM = "pub_lk_confirm"


def _sep() -> str:
    """The colon between a label and its value ("：" in Chinese, ": " in English)."""
    return tr("pub.sep")


def render() -> None:
    st.title(tr("page.lookup"))
    # Lazy tabs: only the chosen one runs and is drawn, so the two forms' inputs never share a page.
    tab_reg, tab_recover, tab_opinion = st.tabs(
        [tr("pub.lookup.tab_reg"), tr("pub.recover.tab"), tr("pub.lookup.tab_opinion")], key="pub_lk_tab", on_change="rerun"
    )
    if tab_reg.open is not False:
        with tab_reg:
            _registration_lookup()
    if tab_recover.open:
        with tab_recover:
            _recover_codes()
    if tab_opinion.open:
        with tab_opinion:
            try:
                from gkreg.ui.opinion_lookup import render_opinion_lookup
            except (ImportError, SyntaxError):  # another area's module is broken: keep the registration tab usable
                st.error(tr("pub.lookup.opinion_unavailable"), icon=":material/error:")
            else:
                render_opinion_lookup()


def _registration_lookup() -> None:
    od = get_od()
    ss = st.session_state
    st.caption(tr("pub.lookup.intro"))
    with st.form("pub_lookup_form", border=True):
        code = st.text_input(tr("pub.lookup.code"), max_chars=20, key="pub_lk_code", placeholder="ABCD2345")
        phone = st.text_input(tr("pub.lookup.phone"), max_chars=20, key="pub_lk_phone", autocomplete="tel")
        go = st.form_submit_button(tr("pub.lookup.submit"), type="primary", width="stretch", icon=":material/search:")
    if go:
        wait = throttle.wait_seconds()
        if wait:
            st.error(throttle.refusal(wait), icon=":material/hourglass_top:")
        elif not (code or "").strip() or not (phone or "").strip():
            st.error(tr("pub.lookup.missing"), icon=":material/error:")
        else:
            try:
                reg = od.registrations.lookup(code, phone)
            except NotFound as exc:
                ss.pop(FOUND, None)
                throttle.record_failure()
                show_error(exc)
                wait = throttle.wait_seconds()
                if wait:
                    st.warning(throttle.refusal(wait), icon=":material/hourglass_top:")
            else:
                throttle.record_success()
                ss[FOUND] = {"code": reg.code, "phone": "".join(phone.split())}
                ss[CONFIRM] = False
                ss.pop(FLASH, None)  # a message about an earlier look-up
    found = ss.get(FOUND)
    if found:
        _show(od, found)


def _recover_codes() -> None:
    """Lost code: phone + the ID number's last six show this person's codes (failures count like look-ups)."""
    od = get_od()
    lg = lang()
    st.caption(tr("pub.recover.intro"))
    with st.form("pub_recover_form", border=True):
        phone = st.text_input(tr("pub.recover.phone"), max_chars=20, key="pub_rc_phone", autocomplete="tel")
        phone_slot = st.empty()
        tail = st.text_input(tr("pub.recover.tail"), max_chars=6, key="pub_rc_tail", autocomplete="off")
        tail_slot = st.empty()
        go = st.form_submit_button(tr("pub.recover.submit"), type="primary", width="stretch", icon=":material/key:")
    if not go:
        return
    wait = throttle.wait_seconds()
    if wait:
        st.error(throttle.refusal(wait), icon=":material/hourglass_top:")
        return
    try:
        found = recover_codes(od, phone, tail)
    except ValidationError as exc:
        slot = phone_slot if exc.field == "phone" else tail_slot
        slot.error(tr(f"pub.recover.err.{exc.field}") if exc.field in ("phone", "id_tail") else str(exc), icon=":material/error:")
        return
    if not found:
        throttle.record_failure()
        st.error(tr("pub.recover.none"), icon=":material/error:")
        wait = throttle.wait_seconds()
        if wait:
            st.warning(throttle.refusal(wait), icon=":material/hourglass_top:")
        return
    throttle.record_success()
    st.success(tr("pub.recover.found", n=len(found)), icon=":material/check_circle:")
    for item in found:
        with st.container(border=True):
            st.markdown(f"**{item.code}** · {public.status_words(item.status, None, lg)}")
            st.caption(f"{public.md_escape(item.title)} · {public.md_escape(item.unit)} · {item.starts_at[:16]}")


def _show(od, found: dict) -> None:
    ss = st.session_state
    lg = lang()
    try:
        reg = od.registrations.lookup(found["code"], found["phone"])
        event = od.events.get(reg.event_id)
    except GkregError:
        ss.pop(FOUND, None)
        return
    show_flash()
    when = public.when_words(event, lg)
    with st.container(border=True):
        st.markdown(f"#### {plain(event.title)}")
        st.markdown(
            f"{tr('pub.card.unit')}{_sep()}{plain(event.unit_name)}  \n"
            f"{tr('pub.card.when')}{_sep()}{when}  \n"
            f"{tr('pub.card.place')}{_sep()}{plain(event.location) or '—'}"
        )
        st.markdown(f"**{tr('pub.lookup.code')}**{_sep()}**{reg.code}** · {plain(mask_name(reg.name))}")
        words = public.status_words(reg.status, reg.waitlist_position, lg)
        colour = {"confirmed": "green", "pending": "blue", "waitlisted": "orange"}.get(reg.status, "gray")
        st.markdown(f"**{tr('pub.done.status')}**{_sep()}:{colour}[**{words}**]")
        if reg.rejected and reg.reason:
            st.markdown(f"**{tr('pub.lookup.reason')}**{_sep()}{plain(reg.reason)}")
    st.info(
        public.next_step(
            reg.status,
            unit=plain(event.unit_name),
            when=when,
            place=plain(event.location),
            position=reg.waitlist_position,
            reason=plain(reg.reason),
            lang=lg,
        ),
        icon=":material/flag:",
    )
    if reg.live:
        st.download_button(
            tr("pub.done.ics"),
            public.event_ics(event, code=reg.code, status=reg.status),
            file_name=public.ics_filename(event, reg.code),
            mime="text/calendar",
            width="stretch",
            icon=":material/calendar_add_on:",
            on_click="ignore",
            key="pub_lk_ics",
        )
    if reg.live and not event.took_place:
        _cancel(od, found)
    if st.button(tr("pub.lookup.new"), width="stretch", key="pub_lk_new"):
        ss.pop(FOUND, None)
        ss[CONFIRM] = False
        st.rerun()


def _cancel(od, found: dict) -> None:
    ss = st.session_state
    if not ss.get(CONFIRM):
        if st.button(tr("pub.lookup.cancel"), width="stretch", key="pub_lk_cancel", icon=":material/cancel:"):
            ss[CONFIRM] = True
            st.rerun()
        return
    st.warning(tr("pub.lookup.confirm"), icon=":material/error:")
    yes = st.button(tr("pub.lookup.confirm_yes"), type="primary", width="stretch", key="pub_lk_yes")
    no = st.button(tr("pub.lookup.confirm_no"), width="stretch", key="pub_lk_no")
    if no:
        ss[CONFIRM] = False
        st.rerun()
    if yes:
        act(lambda: _cancel_once(od, found), clear=(CONFIRM,), done=tr("pub.lookup.cancelled"))


def _cancel_once(od, found: dict) -> None:
    try:
        od.registrations.cancel_by_code(found["code"], found["phone"])
    except GkregError:
        # A second click of the same confirmation finds it already cancelled: that is success.
        try:
            now = od.registrations.lookup(found["code"], found["phone"])
        except GkregError:
            now = None
        if now is None or not now.cancelled:
            raise


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
