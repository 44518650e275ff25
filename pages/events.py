"""/ (default page): open events for citizens."""

from __future__ import annotations

import streamlit as st

from gkreg.ui.context import get_od
from gkreg.ui.layout import fmt_dt, tr


def render() -> None:
    od = get_od()
    st.title(tr("page.events"))
    events = od.events.list_open()
    if not events:
        st.info(tr("common.empty"))
        return
    seats = od.events.seats_many([e.id for e in events])
    for event in events:
        with st.container(border=True):
            st.subheader(event.title)
            st.write(f"{event.unit_name} · {event.form} · {fmt_dt(event.starts_at)} · {event.location}")
            st.write(f"群众代表名额剩余 {seats[event.id].citizen_seats_left} 个")


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
