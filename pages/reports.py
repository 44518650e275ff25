"""/reports (public): held open days, their published reports, photos and attendance."""

from __future__ import annotations

import logging

import streamlit as st

from gkreg.ui import readmodels
from gkreg.ui.context import get_od
from gkreg.ui.layout import fmt_dt, tr, tr_code
from gkreg.ui.text import plain
from pages import feedback

log = logging.getLogger(__name__)


def _online_record(od, event_id: int) -> None:
    """An online activity's published transcript and questions with answers (typed text shown as text)."""
    record = od.online.public_record(event_id) if od.events.get(event_id).online else None
    if record is None:
        return
    with st.expander(tr("online.record"), icon=":material/forum:"):
        if record.transcript:
            st.markdown(f"**{tr('online.transcript')}**")
            st.markdown(plain(record.transcript))
        for q in record.questions:
            st.markdown(tr("online.q", text=plain(q.question)))
            st.markdown(tr("online.a", text=plain(q.answer) if q.answer else tr("online.unanswered")))


def render() -> None:
    od = get_od()
    st.title(tr("page.reports"))
    st.caption(tr("console.pub.intro"))
    items = readmodels.published_reports()  # public facts, shared by visitors for 30 s
    if not items:
        st.info(tr("console.pub.none"))
        return
    units = sorted({item.event.unit_name for item in items})
    chosen = st.selectbox(
        tr("console.pub.filter"),
        [""] + units,
        key="reports_unit",
        format_func=lambda u: tr("console.all_units") if u == "" else u,
    )
    for item in items:
        event = item.event
        if chosen and event.unit_name != chosen:
            continue
        with st.container(border=True):
            st.subheader(plain(event.title))
            st.caption(
                f"{plain(event.unit_name)} · {plain(tr_code('form', event.form))} · {fmt_dt(event.starts_at)} · "
                f"{plain(event.location)}"
            )
            a = item.attendance
            share = "—" if a.citizen_share is None else f"{a.citizen_share:.0%}"
            if not event.online:  # an online activity has no list: these figures would all be 0
                st.markdown(
                    tr(
                        "console.pub.figures",
                        invited=a.invited,
                        registered=a.registered,
                        attended=a.attended,
                        share=share.replace("%", "\\%"),
                    )
                )
            if item.report is None:
                st.caption(tr("console.pub.pending"))
            else:
                st.markdown(plain(item.report.body))
                if item.photo_ids:
                    photo_cols = st.columns(3)
                    for n, photo_id in enumerate(item.photo_ids):
                        _photo(od, photo_id, photo_cols[n % 3])
                _online_record(od, event.id)
                st.caption(tr("console.pub.published", date=fmt_dt(item.report.published_at)))
            st.page_link(
                st.Page(feedback.render, url_path="feedback"),
                label=tr("console.pub.opinions"),
                query_params={"event": str(event.id)},
            )


def _photo(od, photo_id: int, column) -> None:
    """One stored photo; one that cannot be drawn (stored before photos were checked) is skipped,
    so it never stops the other reports from showing."""
    try:
        photo = readmodels.public_photo(photo_id)  # shared by visitors: published photos only
        if photo is not None:
            column.image(photo.data, width="stretch")
    except Exception:  # noqa: BLE001 - Pillow's errors on a hostile file vary
        log.warning("report photo %s could not be drawn", photo_id)
        column.caption(tr("fd.photo_broken"))


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
