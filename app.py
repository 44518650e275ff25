"""gkreg entry point: page config, login state, the site frame, and the navigation built from the role.

Every page is always registered, so a staff link opened without a login (or after the login expired)
finds its page: hidden from the menu, it shows the login form in place and, once logged in, the page and
query that were asked for. A path that matches no page gets our own page, never Streamlit's modal.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from gkreg import audit
from gkreg.ui import frame, nav
from gkreg.ui.auth import current_actor, logout_button, sync_cookie
from gkreg.ui.frontdoor import APP_ICON
from gkreg.ui.layout import language_select, tr
from pages import (
    admin,
    assessment,
    attendees,
    audit_log,
    calendar,
    campaign_work,
    dashboard,
    events,
    feedback,
    ledger,
    login,
    lookup,
    manage_events,
    not_found,
    reports,
    survey_admin,
    surveys,
    workbench,
)

# (render, title key, icon, url path)
PUBLIC = [
    (events.render, "page.events", ":material/event:", "events"),
    (lookup.render, "page.lookup", ":material/search:", "lookup"),
    (surveys.render, "page.surveys", ":material/quiz:", "surveys"),
    (feedback.render, "page.feedback", ":material/forum:", "feedback"),
    (reports.render, "page.reports", ":material/newspaper:", "reports"),
    (calendar.render, "page.calendar", ":material/calendar_month:", "calendar"),
]
UNIT = [
    (workbench.render, "page.workbench", ":material/home_work:", "workbench"),
    (manage_events.render, "page.manage_events", ":material/edit_calendar:", "manage-events"),
    (attendees.render, "page.attendees", ":material/groups:", "attendees"),
    (ledger.render, "page.ledger", ":material/menu_book:", "ledger"),
    (survey_admin.render, "page.survey_admin", ":material/ballot:", "survey-admin"),
    (campaign_work.render, "page.campaign_work", ":material/assignment_turned_in:", "campaign-work"),
]
COORDINATOR = [
    (dashboard.render, "page.dashboard", ":material/monitoring:", "dashboard"),
    (assessment.render, "page.assessment", ":material/military_tech:", "assessment"),
    (admin.render, "page.admin", ":material/settings:", "admin"),
    (audit_log.render, "page.audit", ":material/receipt_long:", "audit"),
]
LOGIN = (login.render, "page.login", ":material/login:", "login")
ALL_PATHS = {spec[3] for spec in (*PUBLIC, *UNIT, *COORDINATOR, LOGIN)}


def _page(spec: tuple, *, visible: bool = True, default: bool = False) -> st.Page:
    render, title, icon, path = spec
    return st.Page(
        render, title=tr(title), icon=icon, url_path=path, default=default, visibility="visible" if visible else "hidden"
    )


def _unknown_page() -> st.Page | None:
    """A hidden page at the requested path when that path is none of ours (our not-found page)."""
    ctx = get_script_run_ctx()
    wanted = (ctx.pages_manager.intended_page_name or "").strip().strip("/") if ctx else ""
    # (A nested path such as /a/b never gets here: gkreg/web/nested.py redirects it to /not-found.)
    if not wanted or wanted in ALL_PATHS or "/" in wanted:
        return None
    return st.Page(
        not_found.render, title=tr("page.not_found"), icon=":material/search_off:", url_path=wanted, visibility="hidden"
    )


def build_navigation():
    actor = current_actor()
    staff = actor is not None
    coordinator = staff and actor.is_coordinator
    public = [_page(spec, default=(spec[3] == "events")) for spec in PUBLIC]
    unit = [_page(spec, visible=staff) for spec in UNIT]
    office = [_page(spec, visible=coordinator) for spec in COORDINATOR]
    sign_in = _page(LOGIN, visible=not staff)
    extra = [p for p in (_unknown_page(),) if p is not None]
    nav.remember([*public, *unit, *office, sign_in])
    if staff:
        audit.set_source(f"web:{actor.username}")
        sections = {tr("nav.unit"): unit, tr("nav.public"): public}
        if coordinator:
            sections[tr("nav.coordinator")] = office
        sections[tr("nav.account")] = [sign_in, *extra]
        if not coordinator:
            sections[tr("nav.account")] += office
        logout_button(actor)
    else:
        sections = {tr("nav.public"): public, tr("nav.account"): [sign_in, *unit, *office, *extra]}
    return st.navigation(sections, expanded=True), actor


def main() -> None:
    st.set_page_config(page_title=tr("app.title"), page_icon=APP_ICON, layout="wide")
    audit.set_source("web")
    language_select()
    navigation, actor = build_navigation()
    frame.draw_style()
    frame.draw_header()
    sync_cookie()
    # Logging in on /login lands on the workbench; logging in in place (a staff link) stays on that page.
    if actor is not None and navigation._url_path == "login":
        nav.go("workbench")
    try:
        navigation.run()
    finally:
        frame.draw_footer()


main()
