"""/lookup (public): a citizen finds their registration with code + phone, and may cancel it.

A second tab shows the ledger area's opinion look-up.
"""

from __future__ import annotations

import streamlit as st

from gkreg import public
from gkreg.errors import GkregError, NotFound
from gkreg.privacy import mask_name
from gkreg.ui import throttle
from gkreg.ui.context import get_od
from gkreg.ui.layout import lang, show_error, tr

FOUND = "pub_lk_found"  # {"code", "phone"} of the registration shown
CONFIRM = "pub_lk_confirm"
FLASH = "pub_lk_flash"
LIVE = ("pending", "confirmed", "waitlisted")


def _sep() -> str:
    """The colon between a label and its value ("：" in Chinese, ": " in English)."""
    return tr("pub.sep")


def render() -> None:
    st.title(tr("page.lookup"))
    # Lazy tabs: only the chosen one runs and is drawn, so the two forms' inputs never share a page.
    tab_reg, tab_opinion = st.tabs([tr("pub.lookup.tab_reg"), tr("pub.lookup.tab_opinion")], key="pub_lk_tab", on_change="rerun")
    if tab_reg.open is not False:
        with tab_reg:
            _registration_lookup()
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
            st.error(tr("pub.lookup.wait", s=wait), icon=":material/hourglass_top:")
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
                    st.warning(tr("pub.lookup.wait", s=wait), icon=":material/hourglass_top:")
            else:
                throttle.record_success()
                ss[FOUND] = {"code": reg.code, "phone": "".join(phone.split())}
                ss[CONFIRM] = False
                ss.pop(FLASH, None)
    found = ss.get(FOUND)
    if found:
        _show(od, found)


def _show(od, found: dict) -> None:
    ss = st.session_state
    lg = lang()
    try:
        reg = od.registrations.lookup(found["code"], found["phone"])
        event = od.events.get(reg.event_id)
    except GkregError:
        ss.pop(FOUND, None)
        return
    flash = ss.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    when = public.when_words(event, lg)
    with st.container(border=True):
        st.markdown(f"#### {public.md_escape(event.title)}")
        st.markdown(
            f"{tr('pub.card.unit')}{_sep()}{public.md_escape(event.unit_name)}  \n"
            f"{tr('pub.card.when')}{_sep()}{when}  \n"
            f"{tr('pub.card.place')}{_sep()}{public.md_escape(event.location) or '—'}"
        )
        st.markdown(f"**{tr('pub.lookup.code')}**{_sep()}**{reg.code}** · {public.md_escape(mask_name(reg.name))}")
        words = public.status_words(reg.status, reg.waitlist_position, lg)
        colour = {"confirmed": "green", "pending": "blue", "waitlisted": "orange"}.get(reg.status, "gray")
        st.markdown(f"**{tr('pub.done.status')}**{_sep()}:{colour}[**{words}**]")
        if reg.status == "rejected" and reg.reason:
            st.markdown(f"**{tr('pub.lookup.reason')}**{_sep()}{public.md_escape(reg.reason)}")
    st.info(
        public.next_step(
            reg.status,
            unit=event.unit_name,
            when=when,
            place=event.location,
            position=reg.waitlist_position,
            reason=reg.reason,
            lang=lg,
        ),
        icon=":material/flag:",
    )
    if reg.status in LIVE:
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
    if reg.status in LIVE and event.status not in ("held", "reported"):
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
        try:
            od.registrations.cancel_by_code(found["code"], found["phone"])
        except GkregError as exc:
            # A second click of the same confirmation finds it already cancelled: that is success.
            try:
                now = od.registrations.lookup(found["code"], found["phone"])
            except GkregError:
                now = None
            if now is None or now.status != "cancelled":
                show_error(exc)
                return
        ss[CONFIRM] = False
        ss[FLASH] = tr("pub.lookup.cancelled")
        st.rerun()


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
