"""gkreg entry point: page config, login state, and the navigation built from the role."""

from __future__ import annotations

import streamlit as st

from gkreg import audit
from gkreg.ui.auth import current_actor, logout_button, sync_cookie
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
    reports,
    survey_admin,
    surveys,
)


def build_navigation() -> st.navigation:
    actor = current_actor()
    public = [
        st.Page(events.render, title=tr("page.events"), icon=":material/event:", url_path="events", default=True),
        st.Page(lookup.render, title=tr("page.lookup"), icon=":material/search:", url_path="lookup"),
        st.Page(surveys.render, title=tr("page.surveys"), icon=":material/quiz:", url_path="surveys"),
        st.Page(feedback.render, title=tr("page.feedback"), icon=":material/forum:", url_path="feedback"),
        st.Page(reports.render, title=tr("page.reports"), icon=":material/newspaper:", url_path="reports"),
        st.Page(calendar.render, title=tr("page.calendar"), icon=":material/calendar_month:", url_path="calendar"),
    ]
    sections = {tr("nav.public"): public}
    if actor is None:
        sections[tr("nav.account")] = [st.Page(login.render, title=tr("page.login"), icon=":material/login:", url_path="login")]
        return st.navigation(sections, expanded=True)
    audit.set_source(f"web:{actor.username}")
    sections[tr("nav.unit")] = [
        st.Page(manage_events.render, title=tr("page.manage_events"), icon=":material/edit_calendar:", url_path="manage-events"),
        st.Page(attendees.render, title=tr("page.attendees"), icon=":material/groups:", url_path="attendees"),
        st.Page(ledger.render, title=tr("page.ledger"), icon=":material/menu_book:", url_path="ledger"),
        st.Page(survey_admin.render, title=tr("page.survey_admin"), icon=":material/ballot:", url_path="survey-admin"),
        st.Page(
            campaign_work.render, title=tr("page.campaign_work"), icon=":material/assignment_turned_in:", url_path="campaign-work"
        ),
    ]
    if actor.is_coordinator:
        sections[tr("nav.coordinator")] = [
            st.Page(dashboard.render, title=tr("page.dashboard"), icon=":material/monitoring:", url_path="dashboard"),
            st.Page(assessment.render, title=tr("page.assessment"), icon=":material/military_tech:", url_path="assessment"),
            st.Page(admin.render, title=tr("page.admin"), icon=":material/settings:", url_path="admin"),
            st.Page(audit_log.render, title=tr("page.audit"), icon=":material/receipt_long:", url_path="audit"),
        ]
    sections[tr("nav.account")] = [st.Page(login.render, title=tr("page.login"), icon=":material/login:", url_path="login")]
    logout_button(actor)
    return st.navigation(sections, expanded=True)


def main() -> None:
    st.set_page_config(page_title=tr("app.title"), page_icon=":material/account_balance:", layout="wide")
    audit.set_source("web")
    language_select()
    navigation = build_navigation()
    sync_cookie()
    navigation.run()


main()
