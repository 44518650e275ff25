"""/audit: the audit log, filtered and paged in SQL, with CSV / Excel export."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

import streamlit as st

from gkreg.audit_text import action_name
from gkreg.errors import GkregError
from gkreg.ui.auth import require_coordinator
from gkreg.ui.context import get_od
from gkreg.ui.layout import lang, show_error, tr
from gkreg.ui.text import show_table

PER_PAGE = 50


class _Filters(TypedDict):
    """The filters ``AuditLog.page`` / ``AuditLog.export`` take as keyword arguments."""

    who: str
    action: str
    target: str
    start: dt.date | None
    end: dt.date | None


def _action_name(action: str) -> str:
    return action_name(action, lang())


def render() -> None:
    actor = require_coordinator()
    st.title(tr("page.audit"))
    od = get_od()
    with st.expander(tr("audit.filters"), expanded=True):
        col1, col2 = st.columns(2)
        people = od.audit.actor_labels(actor.username, lang=lang())
        who = col1.selectbox(
            tr("audit.actor"),
            ["", *od.audit.actors(actor.username)],
            key="audit_who",
            format_func=lambda a: people.get(a, a) if a else tr("audit.any"),
        )
        action = col2.selectbox(
            tr("audit.action"),
            ["", *od.audit.actions(actor.username)],
            key="audit_action",
            format_func=lambda a: _action_name(a) if a else tr("audit.any"),
        )
        col3, col4, col5 = st.columns(3)
        start = col3.date_input(tr("audit.start"), value=None, key="audit_start", format="YYYY-MM-DD")
        end = col4.date_input(tr("audit.end"), value=None, key="audit_end", format="YYYY-MM-DD")
        target = col5.text_input(tr("audit.target"), key="audit_target", max_chars=80, help=tr("audit.target_help"))
    filters = _Filters(who=who, action=action, target=target, start=start, end=end)
    key = repr(filters)
    if st.session_state.get("audit_filters") != key:  # new filters: back to the first page
        st.session_state["audit_filters"] = key
        st.session_state["audit_page"] = 1
    try:
        rows, total = od.audit.page(actor.username, page=0, per_page=0, **filters)
        pages = max(1, -(-total // PER_PAGE))
        col1, col2 = st.columns([1, 2])
        page = col1.number_input(tr("audit.page", pages=pages), min_value=1, max_value=pages, step=1, key="audit_page")
        rows, total = od.audit.page(actor.username, page=int(page) - 1, per_page=PER_PAGE, lang=lang(), **filters)
    except GkregError as exc:
        show_error(exc)
        return
    col2.caption(tr("audit.count", total=total))
    if not rows:
        st.info(tr("audit.empty"))
        return
    # What was done as a sentence (names masked); the codes and raw detail stay in the exports.
    # A plain table: every column on a desk, wrapped text on a phone, no scroll box.
    show_table(
        [
            {
                tr("audit.at"): r["at"],
                tr("audit.actor"): r["actor_name"],
                tr("al.sentence_col"): r["sentence"],
                tr("audit.source"): r["source_name"],
            }
            for r in rows
        ]
    )
    col1, col2 = st.columns(2)
    col1.download_button(
        tr("audit.export_xlsx"),
        file_name=tr("al.title") + ".xlsx",
        key="audit_xlsx",
        on_click="ignore",
        data=lambda: od.audit.export(actor.username, "xlsx", lang=lang(), **filters),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    col2.download_button(
        tr("audit.export_csv"),
        file_name=tr("al.title") + ".csv",
        key="audit_csv",
        on_click="ignore",
        data=lambda: od.audit.export(actor.username, "csv", lang=lang(), **filters),
        mime="text/csv",
    )
    if total > 100_000:
        st.caption(tr("audit.export_limit"))


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
