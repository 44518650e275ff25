"""The notification panels /admin shows: the outbox (failures first, send again) and the texts."""

from __future__ import annotations

from typing import Any

import streamlit as st

from gkreg.errors import GkregError
from gkreg.i18n.errors import error_in
from gkreg.notify import configured_channels, display_state
from gkreg.notify.templates import PARAMS
from gkreg.ui.layout import act, lang, show_error, tr
from gkreg.ui.words import paren

STATUSES = ("given_up", "failed", "queued", "sent")
KINDS = (
    "received",
    "approved",
    "rejected",
    "waitlisted",
    "promoted",
    "changed",
    "cancelled",
    "withdrawn",
    "reminder",
    "answered",
    "phone_code",
    "digest",
    "event_cancelled",
    "list_reopened",
)


def state_label(row: dict[str, Any], channels: dict[str, bool] | None = None) -> str:
    return tr(f"notify.status.{display_state(row, channels or configured_channels())}")


def kind_label(kind: str) -> str:
    return tr(f"notify.kind.{kind}")


def outbox_panel(od: Any, username: str) -> None:
    channels = configured_channels()
    st.subheader(tr("notify.outbox"))
    st.caption(
        tr(
            "notify.channels",
            sms=tr("notify.configured" if channels["sms"] else "notify.not_configured"),
            email=tr("notify.configured" if channels["email"] else "notify.not_configured"),
        )
    )
    if not channels["sms"]:
        st.info(tr("notify.no_gateway_note"))
    c1, c2, c3 = st.columns(3)
    status = c1.selectbox(
        tr("notify.filter.status"),
        [None, *STATUSES],
        key="nt_status",
        format_func=lambda s: tr("notify.all") if s is None else tr(f"notify.status.{s}"),
    )
    channel = c2.selectbox(
        tr("notify.filter.channel"),
        [None, "sms", "email"],
        key="nt_channel",
        format_func=lambda c: tr("notify.all") if c is None else tr(f"notify.channel.{c}"),
    )
    kind = c3.selectbox(
        tr("notify.filter.kind"),
        [None, *KINDS],
        key="nt_kind",
        format_func=lambda k: tr("notify.all") if k is None else kind_label(k),
    )
    rows = od.notify.outbox(username, status=status, channel=channel, kind=kind, limit=300)
    if not rows:
        st.info(tr("notify.none"))
    else:
        st.caption(tr("notify.shown", n=len(rows)))
        st.dataframe(
            [
                {
                    tr("notify.col.id"): r["id"],
                    tr("notify.col.created"): (r["created_at"] or "")[:16],
                    tr("notify.col.kind"): kind_label(r["kind"]),
                    tr("notify.col.channel"): tr(f"notify.channel.{r['channel']}"),
                    tr("notify.col.recipient"): r["recipient"],
                    tr("notify.col.event"): r["event_title"] or "",
                    tr("notify.col.state"): state_label(r, channels),
                    tr("notify.col.attempts"): r["attempts"],
                    tr("notify.col.error"): error_in(r["last_error"] or "", lang()),
                    tr("notify.col.sent"): (r["sent_at"] or "")[:16],
                    tr("notify.col.text"): r["subject"] or r["body"],
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
            height=min(420, 38 + 35 * len(rows)),
        )
    _resend(od, username)


def _resend(od: Any, username: str) -> None:
    st.markdown(f"**{tr('notify.resend.title')}**")
    failed = od.notify.outbox(username, status="given_up", limit=100) + od.notify.outbox(username, status="failed", limit=100)
    if not failed:
        st.caption(tr("notify.resend.none"))
        return
    labels = {
        r["id"]: f"#{r['id']} {kind_label(r['kind'])} · {r['recipient']} · {error_in(r['last_error'] or '', lang())[:40]}"
        for r in failed
    }
    with st.form("nt_resend"):
        chosen = st.selectbox(tr("notify.resend.pick"), list(labels), format_func=lambda i: labels[i])
        if st.form_submit_button(tr("notify.resend.button")):
            act(lambda: od.notify.resend(chosen, username), done=tr("notify.resend.done"))


def texts_panel(od: Any, username: str) -> None:
    conf = od.notify.settings
    st.subheader(tr("notify.settings"))
    with st.form("nt_general"):
        signature = st.text_input(tr("notify.signature"), value=conf.signature(), max_chars=12, help=tr("notify.signature_help"))
        c1, c2 = st.columns(2)
        reminder = c1.number_input(tr("notify.reminder_hour"), 0, 23, conf.hour("reminder_hour"), step=1)
        digest = c2.number_input(tr("notify.digest_hour"), 0, 23, conf.hour("digest_hour"), step=1)
        if st.form_submit_button(tr("notify.save")):

            def save() -> None:
                if signature.strip("【】 ") != conf.signature():
                    conf.set_signature(signature, username)
                if int(reminder) != conf.hour("reminder_hour"):
                    conf.set_hour("reminder_hour", int(reminder), username)
                if int(digest) != conf.hour("digest_hour"):
                    conf.set_hour("digest_hour", int(digest), username)

            act(save, done=tr("notify.saved"), rerun=False)
    kinds = od.notify.kinds()
    kind = st.selectbox(tr("notify.template.pick"), kinds, format_func=kind_label, key="nt_tpl_kind")
    enabled = conf.enabled(kind)
    key = f"nt_tpl_text_{kind}"
    text = st.text_area(tr("notify.template.text"), value=conf.template(kind), key=key, height=100, max_chars=200)
    st.caption(tr("notify.template.fields", names="、".join("{" + p + "}" for p in PARAMS[kind])))
    try:
        preview = od.notify.preview(kind, text)
    except GkregError as exc:
        show_error(exc)
    else:
        st.markdown(f"**{tr('notify.template.preview')}**{paren(tr('notify.template.length', n=len(preview)))}")
        st.text(preview)
    on = st.toggle(tr("notify.template.enabled"), value=enabled, key=f"nt_tpl_on_{kind}")
    if not on:
        st.caption(tr("notify.template.off"))
    c1, c2 = st.columns(2)
    if c1.button(tr("notify.template.save"), key=f"nt_tpl_save_{kind}", type="primary"):

        def save_template() -> None:
            conf.set_template(kind, text, username)
            if on != enabled:
                conf.set_enabled(kind, on, username)

        act(save_template, done=tr("notify.saved"))
    if c2.button(tr("notify.template.reset"), key=f"nt_tpl_reset_{kind}"):
        act(lambda: conf.set_template(kind, None, username), clear=(key,), done=tr("notify.saved"))


def email_form(od: Any, username: str, chosen: dict[str, Any]) -> None:
    """The e-mail of the account picked on /admin."""
    current = od.notify.staff_emails().get(chosen["username"], "")
    with st.form(f"nt_email_{chosen['username']}"):
        st.markdown(f"**{tr('notify.email_title')}**")
        email = st.text_input(tr("notify.email"), value=current, max_chars=254, help=tr("notify.email_help"))
        if st.form_submit_button(tr("notify.email_save")):
            act(
                lambda: od.notify.set_staff_email(chosen["username"], email, username),
                done=tr("notify.email_saved", username=chosen["username"]),
            )


def last_notice_text(row: dict[str, Any] | None) -> str:
    """One attendee's latest notice for the list: type · state (and when), or ''."""
    if not row:
        return ""
    when = (row["sent_at"] or row["created_at"] or "")[5:16]
    return f"{tr('notify.last', kind=kind_label(row['kind']), state=state_label(row))} {when}".strip()


def client_address() -> str:
    """The client address for the phone-check limits: the front door's one rule (gkreg/ui/frontdoor.py)."""
    from gkreg.ui.frontdoor import current_client

    return current_client()


def phone_check_toggle(od: Any, username: str, event_id: int) -> None:
    """The event's 短信验证码 switch (a change is saved at once, audited)."""
    key = f"nt_phone_check_{event_id}"

    def save() -> None:
        try:
            od.notify.phone_check.set_required(event_id, bool(st.session_state[key]), username)
        except GkregError as exc:
            st.session_state["nt_phone_check_error"] = str(exc)

    st.toggle(
        tr("notify.check.event"),
        value=od.notify.phone_check.setting(event_id),
        key=key,
        on_change=save,
        help=tr("notify.check.help"),
    )
    error = st.session_state.pop("nt_phone_check_error", None)
    if error:
        st.error(error)
    if not configured_channels()["sms"]:
        st.caption(tr("notify.check.no_gateway"))
