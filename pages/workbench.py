"""/workbench (工作台): where staff land after login — what waits for them, with counts and links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gkreg.ui.auth import require_staff
from gkreg.ui.context import get_od
from gkreg.ui.layout import tr
from gkreg.ui.nav import link
from gkreg.workbench import KINDS, TodoItem, Todos, list_todos

ICONS = {
    "signups": ":material/how_to_reg:",
    "opinions_overdue": ":material/alarm:",
    "opinions_due": ":material/schedule:",
    "reports_due": ":material/newspaper:",
    "filings_due": ":material/assignment:",
    "surveys_closing": ":material/ballot:",
}
PAGES = {
    "signups": "attendees",
    "opinions_overdue": "ledger",
    "opinions_due": "ledger",
    "reports_due": "manage-events",
    "filings_due": "manage-events",
    "surveys_closing": "survey-admin",
}


def render() -> None:
    actor = require_staff()
    od = get_od()
    st.title(tr("page.workbench"), anchor=False)
    todos = list_todos(od, actor.username)
    if actor.is_coordinator:
        st.caption(tr("wb.intro.county"))
    else:
        assert actor.unit_id is not None  # the users table CHECK: every non-coordinator is bound to a unit
        unit = od.units.get(actor.unit_id)["name"]
        st.caption(tr("wb.intro.unit", unit=unit))
    _counts(todos)
    with st.container(horizontal=True):
        link("manage-events", tr("wb.new_event"), query={"new": "1"}, icon=":material/add_circle:")
        link("attendees", tr("page.attendees"), icon=":material/groups:")
        link("ledger", tr("page.ledger"), icon=":material/menu_book:")
        if actor.is_coordinator:
            link("dashboard", tr("page.dashboard"), icon=":material/monitoring:")
    if not todos.total:
        st.success(tr("wb.none"), icon=":material/task_alt:")
        return
    if actor.is_coordinator:
        _by_unit(todos)
    for kind in KINDS:
        items = todos.of(kind)
        if items:
            _section(kind, items, show_unit=actor.is_coordinator)


def _counts(todos: Todos) -> None:
    # Three metrics a row: readable on a phone (Streamlit stacks them) and not truncated on a desktop.
    for start in range(0, len(KINDS), 3):
        columns = st.columns(3, border=True)
        for column, kind in zip(columns, KINDS[start : start + 3], strict=False):
            with column:
                st.metric(tr(f"wb.kind.{kind}"), todos.count(kind))
                if todos.count(kind):
                    link(PAGES[kind], tr("wb.open"), icon=":material/arrow_forward:")


def _by_unit(todos: Todos) -> None:
    st.subheader(tr("wb.by_unit"), anchor=False)
    rows = todos.by_unit()
    frame = pd.DataFrame(
        [
            {tr("wb.col.unit"): r["unit"], **{tr(f"wb.kind.{k}"): r[k] for k in KINDS}, tr("wb.col.total"): r["total"]}
            for r in rows
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch", height="content")


def _section(kind: str, items: list[TodoItem], *, show_unit: bool) -> None:
    st.subheader(tr("wb.section", kind=tr(f"wb.kind.{kind}"), n=sum(i.count for i in items)), anchor=False)
    for item in items[:30]:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            words = [w for w in (item.unit if show_unit else "", item.title) if w]
            due = item.due[:10] if item.due else ""
            label = " · ".join(words) or item.unit
            if item.count > 1 or kind in ("signups", "opinions_due", "opinions_overdue"):
                label += " · " + tr("wb.item.count", n=item.count)
            if due:
                key = {"opinions_overdue": "wb.item.overdue", "signups": "wb.item.when"}.get(kind, "wb.item.due")
                label += " · " + tr(key, due=due)
            st.text(label)
            link(item.path, tr("wb.open"), query=item.query, icon=":material/arrow_forward:")


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
