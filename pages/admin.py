"""/admin: units, accounts, settings, campaigns (with the plan-filing list) and data retention."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from gkreg import clock
from gkreg.labels import ROLES, UNIT_KINDS
from gkreg.settings import BOUNDS
from gkreg.ui import notify_panels
from gkreg.ui.auth import require_coordinator
from gkreg.ui.context import get_od
from gkreg.ui.frontdoor import render_limit_settings
from gkreg.ui.layout import act, show_flash, tr, tr_code
from gkreg.ui.site_form import render_site_form
from gkreg.ui.text import trp


def _units(od, username: str) -> None:
    st.subheader(tr("admin.units"))
    with st.form("admin_unit_add"):
        col1, col2 = st.columns([2, 1])
        name = col1.text_input(tr("admin.unit_name"), max_chars=100, key="admin_unit_name")
        kind = col2.selectbox(tr("admin.unit_kind"), list(UNIT_KINDS), format_func=lambda k: tr_code("unit.kind", k), index=1)
        if st.form_submit_button(tr("admin.unit_add")):
            act(
                lambda: od.units.add(name, kind, actor=username),
                done=trp("admin.unit_added", name=name.strip()),
                clear=("admin_unit_name",),
            )
    units = od.units.list()
    if not units:
        st.info(tr("common.empty"))
        return
    st.dataframe(
        [
            {
                tr("admin.unit_name"): u["name"],
                # the status before the kind: on a phone the table scrolls sideways, and a stopped unit matters
                tr("admin.active"): tr("admin.state_on") if u["active"] else tr("admin.state_off"),
                tr("admin.unit_kind"): tr_code("unit.kind", u["kind"]),
            }
            for u in units
        ],
        hide_index=True,
        width="stretch",
        height="content",
    )
    with st.form("admin_unit_state"):
        ids = [u["id"] for u in units]
        names = {u["id"]: f"{u['name']}{'' if u['active'] else tr('admin.inactive_mark')}" for u in units}
        unit_id = st.selectbox(tr("admin.pick_unit"), ids, format_func=lambda u: names[u])
        col1, col2 = st.columns(2)
        deactivate = col1.form_submit_button(tr("admin.unit_deactivate"))
        activate = col2.form_submit_button(tr("admin.unit_activate"))
        if deactivate or activate:
            act(lambda: od.campaigns.set_unit_active(unit_id, bool(activate), username), done=tr("admin.saved"))


def _accounts(od, username: str) -> None:
    st.subheader(tr("admin.accounts"))
    units = od.units.list(active_only=True)
    unit_ids = [u["id"] for u in units]
    unit_names = {u["id"]: u["name"] for u in od.units.list()}
    with st.form("admin_user_add"):
        st.markdown(f"**{tr('admin.user_add')}**")
        col1, col2 = st.columns(2)
        new_name = col1.text_input(tr("admin.username"), max_chars=32, help=tr("admin.username_help"), key="admin_new_username")
        display = col2.text_input(tr("admin.display_name"), max_chars=50, key="admin_new_display")
        col3, col4 = st.columns(2)
        role = col3.selectbox(tr("admin.role"), list(ROLES), format_func=lambda r: tr_code("role", r), index=1)
        unit_id = col4.selectbox(
            tr("admin.unit"), [None, *unit_ids], format_func=lambda u: tr("admin.no_unit") if u is None else unit_names[u]
        )
        password = st.text_input(
            tr("admin.new_password"), type="password", help=tr("admin.password_help"), key="admin_new_password"
        )
        if st.form_submit_button(tr("admin.user_create")):
            act(
                lambda: od.users.add(
                    new_name,
                    password,
                    role,
                    unit_id=unit_id if role == "unit_staff" else None,
                    display_name=display,
                    actor=username,
                ),
                done=tr("admin.user_created", username=new_name.strip()),
                clear=("admin_new_username", "admin_new_display", "admin_new_password"),
            )
    users = od.users.list()
    st.dataframe(
        [
            {
                tr("admin.username"): u["username"],
                tr("admin.active"): tr("admin.state_on") if u["active"] else tr("admin.state_off"),
                tr("admin.display_name"): u["display_name"],
                tr("admin.role"): tr_code("role", u["role"]),
                tr("admin.unit"): u["unit_name"] or "",
            }
            for u in users
        ],
        hide_index=True,
        width="stretch",
        height="content",
    )
    names = [u["username"] for u in users]
    who = st.selectbox(tr("admin.pick_user"), names, key="admin_pick_user")
    chosen = next((u for u in users if u["username"] == who), None)
    if chosen is None:
        return
    col1, col2, col3 = st.columns(3)
    with col1.form("admin_user_active"):
        st.markdown(f"**{tr('admin.user_state')}**")
        label = tr("admin.user_disable") if chosen["active"] else tr("admin.user_enable")
        if st.form_submit_button(label):
            act(lambda: od.users.set_active(who, not chosen["active"], username), done=tr("admin.saved"))
    with col2.form("admin_user_password", clear_on_submit=True):
        st.markdown(f"**{tr('admin.reset_password')}**")
        password = st.text_input(tr("admin.new_password"), type="password", key="admin_reset_pw")
        if st.form_submit_button(tr("admin.reset_password")):
            act(lambda: od.users.reset_password(who, password, username), done=tr("admin.password_reset", username=who))
    with col3.form("admin_user_bind"):
        st.markdown(f"**{tr('admin.bind_unit')}**")
        target = st.selectbox(
            tr("admin.unit"),
            unit_ids,
            format_func=lambda u: unit_names[u],
            key="admin_bind_unit",
            disabled=chosen["role"] != "unit_staff",
        )
        if st.form_submit_button(tr("admin.bind_unit"), disabled=chosen["role"] != "unit_staff"):
            act(lambda: od.users.bind_unit(who, target, username), done=tr("admin.saved"))
    notify_panels.email_form(od, username, chosen)


def _settings(od, username: str) -> None:
    st.subheader(tr("admin.settings"))
    current = od.settings.all()
    with st.form("admin_settings"):
        values = {}
        cols = st.columns(2)
        for n, key in enumerate(("max_capacity", "retention_days", "report_due_workdays", "response_due_workdays")):
            low, high = BOUNDS[key]
            values[key] = cols[n % 2].number_input(
                tr(f"admin.setting.{key}"), min_value=low, max_value=high, value=int(current[key]), step=1
            )
        st.caption(tr("admin.settings_note"))
        if st.form_submit_button(tr("admin.save")):

            def save() -> None:
                for key, value in values.items():
                    if int(value) != int(current[key]):
                        od.settings.set(key, int(value), username)

            act(save, done=tr("admin.saved"))


def _campaign_form(od, username: str, campaign: dict | None) -> None:
    today = clock.now().date()
    key = f"admin_campaign_{campaign['id'] if campaign else 'new'}"
    with st.form(key):
        name = st.text_input(
            tr("admin.c.name"), value=campaign["name"] if campaign else f"{today.year}年政府开放日", max_chars=100
        )
        col1, col2, col3 = st.columns(3)
        starts = col1.date_input(
            tr("admin.c.starts"), format="YYYY-MM-DD", value=dt.date.fromisoformat(campaign["starts_on"]) if campaign else today
        )
        ends = col2.date_input(
            tr("admin.c.ends"),
            format="YYYY-MM-DD",
            value=dt.date.fromisoformat(campaign["ends_on"]) if campaign else today + dt.timedelta(days=45),
        )
        deadline_value = campaign["filing_deadline"] if campaign else None
        deadline = col3.date_input(
            tr("admin.c.deadline"), format="YYYY-MM-DD", value=dt.date.fromisoformat(deadline_value) if deadline_value else None
        )
        col4, col5, col6 = st.columns(3)
        report = col4.number_input(
            tr("admin.c.report_days"),
            1,
            60,
            int(campaign["report_due_workdays"]) if campaign else int(od.settings.get("report_due_workdays")),
        )
        response = col5.number_input(
            tr("admin.c.response_days"),
            1,
            120,
            int(campaign["response_due_workdays"]) if campaign else int(od.settings.get("response_due_workdays")),
        )
        minimum = col6.number_input(tr("admin.c.min_events"), 0, 50, int(campaign["min_events_per_unit"]) if campaign else 1)
        if st.form_submit_button(tr("admin.c.save") if campaign else tr("admin.c.create")):
            values = dict(
                name=name,
                starts_on=starts,
                ends_on=ends,
                filing_deadline=deadline,
                report_due_workdays=report,
                response_due_workdays=response,
                min_events_per_unit=minimum,
            )
            if campaign:
                act(lambda: od.campaigns.edit(campaign["id"], username, **values), done=tr("admin.saved"))
            else:
                act(lambda: od.campaigns.create(username, **values), done=tr("admin.saved"))


def _campaigns(od, username: str) -> None:
    st.subheader(tr("admin.campaigns"))
    campaigns = od.campaigns.list()
    with st.expander(tr("admin.c.new"), expanded=not campaigns):
        _campaign_form(od, username, None)
    if not campaigns:
        st.info(tr("admin.c.none"))
        return
    st.dataframe(
        [
            {
                tr("admin.c.name"): c["name"],
                tr("admin.c.starts"): c["starts_on"],
                tr("admin.c.ends"): c["ends_on"],
                tr("admin.c.deadline"): c["filing_deadline"] or "",
                tr("admin.c.report_days"): c["report_due_workdays"],
                tr("admin.c.response_days"): c["response_due_workdays"],
                tr("admin.c.min_events"): c["min_events_per_unit"],
                tr("admin.c.events"): c["events"],
            }
            for c in campaigns
        ],
        hide_index=True,
        width="stretch",
    )
    names = {c["id"]: c["name"] for c in campaigns}
    campaign_id = st.selectbox(tr("admin.c.pick"), list(names), format_func=lambda c: names[c], key="admin_campaign_pick")
    campaign = od.campaigns.get(campaign_id)
    with st.expander(tr("admin.c.edit")):
        _campaign_form(od, username, campaign)
    st.markdown(f"**{tr('admin.c.filing')}**")
    rows = od.campaigns.filing_status(campaign_id, username)
    counts = {k: sum(r["filing"] == k for r in rows) for k in ("on_time", "late", "not_filed")}
    counts["late"] += sum(r["filing"] == "partly_late" for r in rows)  # units with some plans filed late
    cols = st.columns(3)
    cols[0].metric(tr("admin.c.on_time"), counts["on_time"])
    cols[1].metric(tr("admin.c.late"), counts["late"])
    cols[2].metric(tr("admin.c.not_filed"), counts["not_filed"])
    show = st.radio(
        tr("admin.c.show"),
        ["not_filed", "late", "all"],
        horizontal=True,
        key="admin_filing_show",
        format_func=lambda k: tr(f"admin.c.show_{k}"),
    )
    shown = rows if show == "all" else [r for r in rows if r["filing"] == show or (show == "late" and r["filed_late"])]
    if shown:
        st.dataframe(
            [
                {
                    tr("admin.unit"): r["unit"],
                    tr("admin.unit_kind"): r["kind_label"],
                    tr("admin.c.events"): r["events"],
                    tr("admin.c.filed"): r["filed"],
                    tr("admin.c.filing_state"): r["filing_label"],
                    tr("admin.c.last_filed"): (r["last_filed_at"] or "")[:10],
                }
                for r in shown
            ],
            hide_index=True,
            width="stretch",
            height="content",
        )
    else:
        st.success(tr("admin.c.all_filed"))
    include_late = st.checkbox(tr("admin.c.include_late"), key="admin_include_late")
    if counts["not_filed"] or (include_late and counts["late"]):
        st.download_button(
            tr("admin.c.export"),
            file_name=f"未备案单位-{campaign['name']}.xlsx",
            data=lambda: od.campaigns.reminder_export(campaign_id, username, "xlsx", include_late),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="admin_reminder_xlsx",
            on_click="ignore",
        )


def _retention(od, username: str) -> None:
    st.subheader(tr("admin.retention"))
    days = int(od.settings.get("retention_days"))
    due = od.campaigns.retention_due(username, days)
    st.write(tr("admin.retention_info", days=days, count=due))
    if not due:
        st.success(tr("admin.retention_none"))
        return
    if not st.session_state.get("admin_purge_confirm"):
        if st.button(tr("admin.retention_start", count=due), key="admin_purge_ask"):
            st.session_state["admin_purge_confirm"] = True
            st.rerun()
        return
    st.warning(tr("admin.retention_confirm", count=due, days=days))
    col1, col2 = st.columns(2)
    if col1.button(tr("admin.retention_do"), type="primary", key="admin_purge_do"):
        st.session_state["admin_purge_confirm"] = False
        with st.spinner(tr("admin.working")):
            act(
                lambda: od.campaigns.purge_personal_data(username, days),
                done=lambda erased: tr("admin.retention_done", count=erased),
            )
    if col2.button(tr("admin.cancel"), key="admin_purge_cancel"):
        st.session_state["admin_purge_confirm"] = False
        st.rerun()


def render() -> None:
    actor = require_coordinator()
    st.title(tr("page.admin"))
    od = get_od()
    show_flash()
    tabs = st.tabs(
        [
            tr("admin.tab.campaigns"),
            tr("admin.tab.units"),
            tr("admin.tab.accounts"),
            tr("admin.tab.settings"),
            tr("admin.tab.retention"),
            tr("notify.tab"),
        ]
    )
    with tabs[0]:
        _campaigns(od, actor.username)
    with tabs[1]:
        _units(od, actor.username)
    with tabs[2]:
        _accounts(od, actor.username)
    with tabs[3]:
        _settings(od, actor.username)
        render_site_form(od, actor.username)
        render_limit_settings(actor.username)
    with tabs[4]:
        _retention(od, actor.username)
    with tabs[5]:
        notify_panels.outbox_panel(od, actor.username)
        st.divider()
        notify_panels.texts_panel(od, actor.username)


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
