"""/ledger: the unit's opinion ledger (clerks and the coordinator)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from gkreg import clock, palette
from gkreg.errors import ValidationError
from gkreg.outcomes import DECIDED, SOURCES, STATUSES, TRANSITIONS
from gkreg.ui.auth import require_staff
from gkreg.ui.context import get_od
from gkreg.ui.layout import act, lang, show_flash, tr, tr_code
from gkreg.ui.opinion_lookup import md_text, render_progress, status_badge
from gkreg.ui.text import plain, show_table, trp


def _unit_scope(od, actor) -> int | None:
    if not actor.is_coordinator:
        st.caption(f"{tr('lg.unit')}：{plain(od.units.get(actor.unit_id)['name'])}")
        return actor.unit_id
    units = {u["id"]: u["name"] for u in od.units.list()}
    chosen = st.selectbox(
        tr("lg.unit"), [0, *units], key="lg_unit", format_func=lambda u: tr("lg.all_units") if u == 0 else units[u]
    )
    return chosen or None


def _figures(od, unit_id: int | None) -> None:
    total = od.opinions.summary(by="all", unit_id=unit_id)
    g = total[0] if total else {"received": 0, "open": 0, "overdue": 0, "adoption_rate": None, "median_days": None}
    cols = st.columns(5)
    cols[0].metric(tr("lg.metric_total"), g["received"])
    cols[1].metric(tr("lg.metric_open"), g["open"])
    cols[2].metric(tr("lg.metric_overdue"), g["overdue"])
    cols[3].metric(tr("lg.metric_rate"), "—" if g["adoption_rate"] is None else f"{g['adoption_rate']:.0%}")
    cols[4].metric(tr("lg.metric_median"), "—" if g["median_days"] is None else tr("fb.days", days=g["median_days"]))
    st.caption(tr("lg.due_rule", days=od.opinions.due_workdays()))


def _filters(full: list[dict]) -> dict:
    events = {r["event_id"]: r["event"] for r in full if r["event_id"]}
    cols = st.columns([2, 1, 1])
    event = cols[0].selectbox(
        tr("lg.filter_event"),
        [0, -1, *events],
        key="lg_f_event",
        format_func=lambda e: tr("lg.any") if e == 0 else (tr("lg.no_event") if e == -1 else events[e]),
    )
    status = cols[1].selectbox(
        tr("lg.filter_status"),
        ["", *STATUSES],
        key="lg_f_status",
        format_func=lambda s: tr_code("op.status", s) if s else tr("lg.any"),
    )
    source = cols[2].selectbox(
        tr("lg.filter_source"),
        ["", *SOURCES],
        key="lg_f_source",
        format_func=lambda s: tr_code("op.source", s) if s else tr("lg.any"),
    )
    cols = st.columns([2, 1])
    search = cols[0].text_input(tr("lg.filter_search"), key="lg_f_search", max_chars=50)
    overdue = cols[1].checkbox(tr("lg.filter_overdue"), key="lg_f_overdue")
    return {
        "event": event,
        "status": status or None,
        "source": source or None,
        "overdue": True if overdue else None,
        "search": search,
    }


def _table(rows: list[dict], all_units: bool) -> None:
    data = pd.DataFrame(
        [
            {
                tr("lg.col_code"): r["code"],
                **({tr("lg.col_unit"): r["unit"]} if all_units else {}),
                tr("lg.col_status"): tr_code("op.status", r["status"]),
                tr("lg.col_source"): tr_code("op.source", r["source"]),
                tr("lg.col_event"): r["event"] or r["consultation"],
                tr("lg.col_content"): r["content"][:60] + ("…" if len(r["content"]) > 60 else ""),
                tr("lg.col_name"): r["name"] or tr("lg.anonymous"),
                tr("lg.col_submitted"): f"{r['submitted_at']:%Y-%m-%d}",
                tr("lg.col_due"): f"{r['due_on']:%Y-%m-%d}",
                tr("lg.col_overdue"): tr("lg.overdue_yes") if r["overdue"] else "",
                tr("lg.col_published"): tr("lg.published_yes") if r["published"] else "",
            }
            for r in rows
        ]
    )
    # Overdue rows in the palette's overdue red; a plain table (not a 10-row scroll box) so every column
    # shows on a desk and the text wraps on a phone.
    overdue = [r["overdue"] for r in rows]
    style = f"background-color: {palette.OVERDUE_ROW}; color: {palette.OVERDUE_TEXT}"
    show_table(data, row_style=lambda index: style if overdue[index] else "")


def _detail(od, actor, row: dict) -> None:
    with st.container(border=True):
        st.markdown(f"#### {tr('lg.detail_header', code=row['code'])}")
        status_badge(row["status"], tr_code("op.status", row["status"]))
        st.caption(
            tr(
                "lg.detail_meta",
                source=tr_code("op.source", row["source"]),
                name=row["name"] or tr("lg.anonymous"),
                phone=row["phone"],
                submitted=f"{row['submitted_at']:%Y-%m-%d %H:%M}",
                due=f"{row['due_on']:%Y-%m-%d}",
            )
        )
        if row["event"] or row["consultation"]:
            st.caption(md_text(row["event"] or row["consultation"]))
        st.markdown(md_text(row["content"]))
        if not row["due_exact"]:
            st.warning(tr("lg.due_warning"))
        if row["overdue"]:
            st.error(tr("lg.overdue_note", days=(clock.now().date() - row["due_on"]).days), icon=":material/schedule:")
        elif row["days_left"] is not None:
            st.caption(tr("lg.days_left", days=row["days_left"]))
        if row["response"]:
            st.markdown(f"**{tr('lg.current_response')}**")
            st.markdown(md_text(row["response"]))

    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('lg.respond_header')}**")
        if row["status"] in DECIDED:
            st.caption(tr("lg.reopen_note"))
        with st.form(f"lg_respond_{row['id']}"):
            status = st.selectbox(
                tr("lg.new_status"),
                list(TRANSITIONS[row["status"]]),
                format_func=lambda s: tr_code("op.status", s),
                key=f"lg_status_{row['id']}",
            )
            response = st.text_area(tr("lg.response"), max_chars=5000, key=f"lg_response_{row['id']}")
            st.caption(tr("lg.response_help"))
            if st.form_submit_button(tr("lg.respond_submit"), type="primary"):
                act(
                    lambda: od.opinions.respond(row["id"], status=status, response=response, actor=actor.username),
                    done=tr("lg.respond_done", status=tr_code("op.status", status)),
                )
        st.markdown(f"**{tr('lg.progress_header')}**")
        if row["progress"]:
            render_progress(row["progress"])
        else:
            st.caption(tr("lg.progress_none"))
        with st.form(f"lg_progress_{row['id']}", clear_on_submit=True):
            day = st.date_input(
                tr("lg.progress_date"),
                value=clock.now().date(),
                max_value=clock.now().date(),
                key=f"lg_pday_{row['id']}",
                format="YYYY-MM-DD",
            )
            note = st.text_area(tr("lg.progress_note"), max_chars=500, height=80, key=f"lg_pnote_{row['id']}")
            if st.form_submit_button(tr("lg.progress_submit")):
                act(lambda: od.opinions.add_progress(row["id"], note, actor.username, on=day), done=tr("lg.progress_done"))
    with right:
        st.markdown(f"**{tr('lg.publish_header')}**")
        with st.form(f"lg_publish_{row['id']}"):
            public = st.checkbox(tr("lg.publish_public"), value=row["published"], key=f"lg_public_{row['id']}")
            text = st.text_area(
                tr("lg.public_text"),
                value=row["public_content"] or row["content"],
                max_chars=5000,
                height=150,
                key=f"lg_ptext_{row['id']}",
            )
            if st.form_submit_button(tr("lg.publish_submit")):
                edited = "" if text.strip() == row["content"].strip() else text
                act(
                    lambda: od.opinions.publish(row["id"], actor.username, public=public, public_content=edited),
                    done=tr("lg.publish_done"),
                )
        if row["public_content"]:
            with st.expander(tr("lg.original")):
                st.markdown(md_text(row["content"]))


def _bulk(od, actor, rows: list[dict]) -> None:
    with st.expander(tr("lg.bulk_header")):
        codes = {r["code"]: r["id"] for r in rows}
        actions = {
            "processing": tr("lg.bulk_processing"),
            "respond": tr("lg.bulk_respond"),
            "publish": tr("lg.bulk_publish"),
            "unpublish": tr("lg.bulk_unpublish"),
        }
        with st.form("lg_bulk"):
            picked = st.multiselect(tr("lg.bulk_pick"), list(codes), key="lg_bulk_codes")
            action = st.selectbox(tr("lg.bulk_action"), list(actions), format_func=lambda a: actions[a], key="lg_bulk_action")
            status = st.selectbox(
                tr("lg.bulk_status"), list(DECIDED), format_func=lambda s: tr_code("op.status", s), key="lg_bulk_status"
            )
            response = st.text_area(tr("lg.bulk_response"), max_chars=5000, height=80, key="lg_bulk_response")
            confirm = st.checkbox(tr("lg.bulk_confirm", count=len(picked) if picked else "…"), key="lg_bulk_ok")
            if st.form_submit_button(tr("lg.bulk_submit")):
                ids = [codes[c] for c in picked]

                def apply() -> int:
                    if not ids:
                        raise ValidationError("请先勾选要处理的意见。")
                    if not confirm:
                        raise ValidationError(tr("lg.bulk_need_confirm"))
                    if action == "processing":
                        return od.opinions.respond_many(ids, status="processing", response="", actor=actor.username)
                    if action == "respond":
                        return od.opinions.respond_many(ids, status=status, response=response, actor=actor.username)
                    return od.opinions.publish_many(ids, actor.username, public=action == "publish")

                act(apply, clear=("lg_bulk_codes",), done=lambda count: tr("lg.bulk_done", count=count))


def _ledger_tab(od, actor, unit_id: int | None) -> None:
    full = od.opinions.ledger(actor.username, unit_id=unit_id)
    if not full:
        st.info(tr("lg.empty"))
        return
    f = _filters(full)
    rows = od.opinions.ledger(
        actor.username,
        unit_id=unit_id,
        event_id=f["event"] if f["event"] > 0 else None,
        status=f["status"],
        source=f["source"],
        overdue=f["overdue"],
        search=f["search"],
    )
    if f["event"] == -1:
        rows = [r for r in rows if not r["event_id"]]
    if not rows:
        st.info(tr("lg.empty"))
        return
    st.caption(tr("lg.count", count=len(rows), overdue=sum(r["overdue"] for r in rows)))
    _table(rows, all_units=actor.is_coordinator and unit_id is None)
    filters = {
        "unit_id": unit_id,
        "event_id": f["event"] if f["event"] > 0 else None,
        "status": f["status"],
        "source": f["source"],
        "overdue": f["overdue"],
        "search": f["search"],
    }
    st.download_button(
        tr("lg.export"),
        data=lambda: od.opinions.export_xlsx(actor.username, lang=lang(), **filters),
        file_name=f"意见台账_{clock.now():%Y%m%d}.xlsx",
        help=tr("lg.export_help"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="lg_export",
        on_click="ignore",
    )
    by_id = {r["id"]: r for r in rows}
    if st.session_state.get("lg_pick") not in by_id:
        st.session_state["lg_pick"] = rows[0]["id"]
    picked = st.selectbox(
        tr("lg.pick"),
        list(by_id),
        key="lg_pick",
        format_func=lambda i: (
            f"{by_id[i]['code']} · {tr_code('op.status', by_id[i]['status'])}"
            f"{' · ' + tr('lg.overdue_yes') if by_id[i]['overdue'] else ''} · {by_id[i]['content'][:24]}"
        ),
    )
    _detail(od, actor, by_id[picked])
    _bulk(od, actor, rows)


def _intake_tab(od, actor, unit_id: int | None) -> None:
    if unit_id is None:
        st.info(tr("lg.coord_pick_unit"))
        return
    st.caption(tr("lg.intake_intro"))
    events = {e.id: f"{e.title}（{e.starts_at:%Y-%m-%d}）" for e in od.events.list_for_unit(unit_id) if not e.cancelled}
    if not events:
        st.caption(tr("lg.intake_no_events"))
    sources = ["forum", "survey", "hotline"]
    with st.form("lg_intake", clear_on_submit=False):
        event = st.selectbox(
            tr("lg.intake_event"),
            [0, *events],
            key="lg_in_event",
            format_func=lambda e: tr("lg.no_event") if e == 0 else events[e],
        )
        source = st.selectbox(tr("lg.intake_source"), sources, format_func=lambda s: tr_code("op.source", s), key="lg_in_source")
        text = st.text_area(
            tr("lg.intake_text"),
            height=180,
            key="lg_in_text",
            placeholder="建议增加周末开放场次\n张三｜希望公开学校食堂的食材采购价格",
        )
        if st.form_submit_button(tr("lg.intake_submit"), type="primary"):
            act(
                lambda: od.opinions.record_many(
                    od.opinions.parse_lines(text), actor=actor.username, event_id=event or None, unit_id=unit_id, source=source
                ),
                clear=("lg_in_text",),
                done=lambda ids: tr("lg.intake_done", count=len(ids), codes="、".join(od.opinions.code(i) for i in ids)),
            )


def _consult_tab(od, actor, unit_id: int | None) -> None:
    if unit_id is None:
        st.info(tr("lg.coord_pick_unit"))
        return
    st.markdown(f"**{tr('lg.consult_list')}**")
    items = od.opinions.consultations(unit_id=unit_id, open_only=False)
    if not items:
        st.caption(tr("lg.consult_none"))
    for item in items:
        with st.expander(plain(item["title"])):
            state = tr("lg.consult_closed_state") if item["closed"] else tr("lg.consult_open_state")
            st.caption(
                tr("lg.consult_meta", closes=f"{item['closes_at']:%Y-%m-%d %H:%M}", comments=item["comments"], state=state)
            )
            st.markdown(md_text(item["draft"]))
            if not item["closed"]:
                sure = st.checkbox(trp("lg.consult_close_confirm", title=item["title"]), key=f"lg_cc_ok_{item['id']}")
                if st.button(tr("lg.consult_close"), key=f"lg_cc_{item['id']}", disabled=not sure):
                    act(partial(od.opinions.close_consultation, item["id"], actor.username), done=tr("lg.consult_closed"))
    st.markdown(f"**{tr('lg.consult_new')}**")
    events = {e.id: e.title for e in od.events.list_for_unit(unit_id) if not e.cancelled}
    with st.form("lg_consult"):
        title = st.text_input(tr("lg.consult_title"), max_chars=100, key="lg_c_title")
        draft = st.text_area(tr("lg.consult_draft"), max_chars=5000, height=180, key="lg_c_draft")
        closes = st.date_input(
            tr("lg.consult_closes"),
            value=clock.now().date() + dt.timedelta(days=15),
            min_value=clock.now().date(),
            key="lg_c_closes",
            format="YYYY-MM-DD",
        )
        event = st.selectbox(
            tr("lg.consult_event"),
            [0, *events],
            key="lg_c_event",
            format_func=lambda e: tr("lg.no_event") if e == 0 else events[e],
        )
        if st.form_submit_button(tr("lg.consult_submit"), type="primary"):
            act(
                lambda: od.opinions.open_consultation(
                    unit_id, title=title, draft=draft, closes_at=closes, actor=actor.username, event_id=event or None
                ),
                clear=("lg_c_title", "lg_c_draft"),
                done=tr("lg.consult_done"),
            )
    from gkreg.ui.consultation_parts import staff_sections

    staff_sections(od, actor, unit_id)


def render() -> None:
    actor = require_staff()
    od = get_od()
    st.title(tr("page.ledger"))
    unit_id = _unit_scope(od, actor)
    show_flash()
    _figures(od, unit_id)
    tab_ledger, tab_intake, tab_consult = st.tabs([tr("lg.tab_ledger"), tr("lg.tab_intake"), tr("lg.tab_consult")])
    with tab_ledger:
        _ledger_tab(od, actor, unit_id)
    with tab_intake:
        _intake_tab(od, actor, unit_id)
    with tab_consult:
        _consult_tab(od, actor, unit_id)


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
