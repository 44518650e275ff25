"""/survey-admin: build questionnaires (from scratch or a template), publish and close them, read the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from gkreg import clock
from gkreg.access import Actor
from gkreg.errors import GkregError
from gkreg.exports import to_xlsx
from gkreg.survey_templates import TEMPLATES, build
from gkreg.surveys import CONTACT_MODES, KINDS, Survey, clean_questions
from gkreg.ui.auth import require_staff
from gkreg.ui.context import get_od
from gkreg.ui.layout import act, error_text, fmt_dt, show_flash, tr, tr_code
from gkreg.ui.text import plain, trp
from gkreg.ui.words import paren
from pages.surveys import _widget

NEW = "svnew"
FOCUS = "sv_adm_focus"
COLOR = "#c0392b"


def render() -> None:
    actor = require_staff()
    st.title(tr("page.survey_admin"))
    show_flash()
    tab_list, tab_new = st.tabs([tr("sv.adm.tab_list"), tr("sv.adm.tab_new")])
    with tab_list:
        _manage(actor)
    with tab_new:
        _create(actor)


# ---- the list and one survey ------------------------------------------------------------------


def _event_label(events: dict[int, Any], event_id: int | None) -> str:
    if event_id is None:
        return tr("sv.adm.all_events")
    event = events[event_id]
    return f"{event.title}{paren(f'{event.starts_at:%m-%d}')}"


def _manage(actor: Actor) -> None:
    od = get_od()
    events = {e.id: e for e in od.events.list_for_unit(None if actor.is_coordinator else actor.unit_id)}
    event_filter = st.selectbox(
        tr("sv.adm.filter_event"), [None, *events], key="sv_adm_event", format_func=lambda e: _event_label(events, e)
    )
    surveys = od.surveys.list_for(actor.username, event_id=event_filter)
    if not surveys:
        st.info(tr("sv.adm.none"))
        return
    table = pd.DataFrame(
        [
            {
                tr("sv.adm.col_title"): s.title,
                tr("sv.adm.col_owner"): s.owner,
                tr("sv.adm.col_event"): s.event_title or "—",
                tr("sv.adm.col_state"): tr_code("sv.state", s.state()),
                tr("sv.adm.col_responses"): s.responses,
                tr("sv.adm.col_closes"): fmt_dt(s.closes_at) or "—",
            }
            for s in surveys
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", height="content")
    ids = [s.id for s in surveys]
    focus = st.session_state.get(FOCUS)
    by_id = {s.id: s for s in surveys}
    chosen = st.selectbox(
        tr("sv.adm.choose"),
        ids,
        index=ids.index(focus) if focus in ids else 0,
        key="sv_adm_sel",
        format_func=lambda i: tr(
            "sv.survey_option", title=by_id[i].title, state=tr_code("sv.state", by_id[i].state()), n=by_id[i].responses
        ),
    )
    st.session_state[FOCUS] = chosen
    survey = od.surveys.get(chosen)
    st.divider()
    _header(actor, survey)
    t_results, t_preview, t_edit, t_share, t_paper = st.tabs(
        [tr("sv.adm.tab_results"), tr("sv.adm.tab_preview"), tr("sv.adm.tab_edit"), tr("sv.adm.tab_share"), tr("pq.tab")]
    )
    with t_results:
        _results(actor, survey)
    with t_preview:
        _preview(f"pv{survey.id}", survey.title, survey.description, [q.as_dict() for q in survey.questions], survey.contact)
    with t_edit:
        _edit_existing(actor, survey)
    with t_share:
        _share(survey)
    with t_paper:
        from gkreg.ui.paper_console import render_paper

        render_paper(od, actor, survey)


def _header(actor: Actor, survey: Survey) -> None:
    od = get_od()
    st.subheader(plain(survey.title))
    window = tr(
        "sv.adm.window", opens=fmt_dt(survey.opens_at) or tr("sv.adm.now"), closes=fmt_dt(survey.closes_at) or tr("sv.adm.no_end")
    )
    st.caption(
        " · ".join(
            [
                plain(survey.owner),
                tr_code("sv.state", survey.state()),
                window,
                tr_code("sv.contact", survey.contact),
                tr("sv.adm.n_questions", n=len(survey.questions)),
            ]
            + ([trp("sv.pub.event", title=survey.event_title)] if survey.event_title else [])
        )
    )
    cols = st.columns(3)
    if not survey.published:
        if cols[0].button(tr("sv.adm.publish"), key=f"sv_pub_{survey.id}", type="primary"):
            act(lambda: od.surveys.publish(survey.id, actor.username), done=tr("sv.adm.published"))
    else:
        with cols[0].popover(tr("sv.adm.close")):
            st.write(tr("sv.adm.close_confirm"))
            if st.button(tr("sv.adm.close_yes"), key=f"sv_close_{survey.id}", type="primary"):
                act(lambda: od.surveys.close(survey.id, actor.username), done=tr("sv.adm.closed"))
    if survey.responses == 0:
        with cols[1].popover(tr("sv.adm.delete")):
            st.write(tr("sv.adm.delete_confirm"))
            if st.button(tr("sv.adm.delete_yes"), key=f"sv_del_{survey.id}"):
                act(lambda: od.surveys.delete(survey.id, actor.username), done=tr("sv.adm.deleted"))


# ---- results ----------------------------------------------------------------------------------


def _results(actor: Actor, survey: Survey) -> None:
    od = get_od()
    response_events = {e["id"]: e for e in od.surveys.response_events(survey.id)}
    event_id = None
    if response_events:
        event_id = st.selectbox(
            tr("sv.adm.results_event"),
            [None, *response_events],
            key=f"sv_res_ev_{survey.id}",
            format_func=lambda e: (
                tr("sv.adm.all_responses")
                if e is None
                else f"{response_events[e]['title']}{paren(tr('sv.responses_n', n=response_events[e]['responses']))}"
            ),
        )
    with st.spinner(tr("sv.adm.computing")):
        result = od.surveys.results(survey.id, event_id=event_id)
        timeline = od.surveys.timeline(survey.id, event_id=event_id)
    total = result["responses"]
    week_ago = (clock.now() - dt.timedelta(days=7)).date().isoformat()
    c1, c2 = st.columns(2)
    c1.metric(tr("sv.adm.responses"), total)
    c2.metric(tr("sv.adm.last_week"), sum(d["responses"] for d in timeline if d["day"] > week_ago))
    if total == 0:
        st.info(tr("sv.adm.no_responses"))
        return
    _downloads(survey, event_id)
    st.markdown(f"#### {tr('sv.adm.over_time')}")
    frame = pd.DataFrame(timeline)
    frame["day"] = pd.to_datetime(frame["day"])
    frame["total"] = frame["responses"].cumsum()
    base = alt.Chart(frame).encode(x=alt.X("day:T", title=tr("sv.adm.day"), axis=alt.Axis(format="%m-%d")))
    bars = base.mark_bar(color=COLOR, opacity=0.7).encode(
        y=alt.Y("responses:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[
            alt.Tooltip("day:T", title=tr("sv.adm.day"), format="%Y-%m-%d"),
            alt.Tooltip("responses:Q", title=tr("sv.adm.per_day")),
            alt.Tooltip("total:Q", title=tr("sv.adm.cumulative")),
        ],
    )
    st.altair_chart(bars.properties(height=180), width="stretch")
    for q in result["questions"]:
        with st.container(border=True):
            _question_chart(q)
    _texts(actor, survey, event_id)


def _question_chart(q: dict[str, Any]) -> None:
    st.markdown(f"**{plain(str(q['position'] + 1) + '. ' + q['text'])}**")
    answered = q["answered"]
    caption = tr("sv.adm.answered", kind=tr_code("sv.kind", q["kind"]), n=answered)
    if q["kind"] == "rating":
        caption += " · " + (tr("sv.adm.average", avg=f"{q['average']:.2f}") if q["average"] is not None else "")
    st.caption(caption)
    if q["kind"] == "text":
        st.caption(tr("sv.adm.text_count", n=len(q["answers"])))
        return
    rows = [
        {
            "option": tr("sv.rating_point", k=k) if q["kind"] == "rating" else str(k),
            "count": n,
            "share": (n / answered) if answered else 0.0,
        }
        for k, n in q["counts"].items()
    ]
    frame = pd.DataFrame(rows)
    frame["label"] = [str(r["count"]) + paren(format(r["share"], ".1%")) for r in rows]
    order = list(frame["option"])
    if q["kind"] == "rating":
        chart = alt.Chart(frame).encode(
            x=alt.X("option:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
        )
        bars = chart.mark_bar(color=COLOR)
        text = chart.mark_text(dy=-8).encode(text="label:N")
        height = 220
    else:
        # The option's name and figures sit above its bar, so long Chinese options stay readable at 390 px.
        frame["line"] = [f"{r['option']}  {tr('sv.people_n', n=r['count'])}" + paren(format(r["share"], ".1%")) for r in rows]
        top = max(1, int(frame["count"].max()))
        chart = alt.Chart(frame).encode(y=alt.Y("option:N", sort=order, axis=None, scale=alt.Scale(paddingInner=0)))
        bars = chart.mark_bar(color=COLOR, size=11, yOffset=8, cornerRadiusEnd=2).encode(
            x=alt.X("count:Q", title=None, scale=alt.Scale(domain=[0, top]), axis=None)
        )
        text = chart.mark_text(align="left", baseline="middle", yOffset=-7, fontSize=13).encode(x=alt.value(0), text="line:N")
        height = 44 * len(rows)
    tooltip = [
        alt.Tooltip("option:N", title=tr("sv.adm.option")),
        alt.Tooltip("count:Q", title=tr("sv.adm.people")),
        alt.Tooltip("share:Q", title=tr("sv.adm.share"), format=".1%"),
    ]
    st.altair_chart((bars.encode(tooltip=tooltip) + text).properties(height=height), width="stretch")
    if q["kind"] == "multi":
        st.caption(tr("sv.adm.multi_note"))


def _texts(actor: Actor, survey: Survey, event_id: int | None) -> None:
    od = get_od()
    text_questions = [q for q in survey.questions if q.kind == "text"]
    if not text_questions:
        return
    st.markdown(f"#### {tr('sv.adm.texts')}")
    c1, c2 = st.columns(2)
    search = c1.text_input(tr("sv.adm.search"), key=f"sv_search_{survey.id}", placeholder=tr("sv.adm.search_hint"))
    position = None
    if len(text_questions) > 1:
        position = c2.selectbox(
            tr("sv.adm.text_question"),
            [None, *[q.position for q in text_questions]],
            key=f"sv_textq_{survey.id}",
            format_func=lambda p: tr("sv.adm.all_text_questions") if p is None else tr("sv.question_no", n=p + 1),
        )
    rows = od.surveys.text_answers(survey.id, search=search, position=position, event_id=event_id)
    if not rows:
        st.info(tr("sv.adm.no_texts"))
        return
    table = pd.DataFrame(
        [
            {
                tr("sv.adm.col_time"): r["submitted_at"][:16],
                tr("sv.adm.col_question"): tr("sv.question_no", n=r["position"] + 1),
                tr("sv.adm.col_answer"): r["text"],
                tr("sv.adm.col_ledger"): tr("sv.adm.in_ledger") if r["opinion_id"] else "",
            }
            for r in rows
        ]
    )
    st.caption(tr("sv.adm.text_found", n=len(rows)))
    st.dataframe(table, hide_index=True, width="stretch", height="content")
    pending = [r for r in rows if not r["opinion_id"]][:300]
    if not pending:
        return
    with st.expander(tr("sv.adm.forward_title")):
        by_id = {r["id"]: r for r in pending}
        answer_id = st.selectbox(
            tr("sv.adm.forward_pick"),
            list(by_id),
            key=f"sv_fwd_{survey.id}",
            format_func=lambda a: f"{by_id[a]['submitted_at'][:16]}　{by_id[a]['text'][:40]}",
        )
        unit_id = None
        if survey.unit_id is None:
            units = {u["id"]: u["name"] for u in od.units.list(active_only=True)}
            unit_id = st.selectbox(
                tr("sv.adm.forward_unit"), list(units), format_func=lambda u: units[u], key=f"sv_fwd_unit_{survey.id}"
            )
        if st.button(tr("sv.adm.forward"), key=f"sv_fwd_btn_{survey.id}"):
            act(
                lambda: od.surveys.forward_to_ledger(answer_id, actor.username, unit_id=unit_id),
                done=lambda opinion_id: tr("sv.adm.forwarded", id=opinion_id),
            )


def _downloads(survey: Survey, event_id: int | None) -> None:
    od = get_od()
    stamp = clock.now().strftime("%Y%m%d")
    name = f"问卷{survey.id}"

    def raw() -> bytes:
        headers, rows = od.surveys.raw_table(survey.id, event_id)
        return to_xlsx(headers, rows, title="原始答卷")

    def summary() -> bytes:
        headers, rows = od.surveys.summary_table(survey.id, event_id)
        return to_xlsx(headers, rows, title="统计汇总")

    def printable() -> bytes:
        return od.surveys.summary_html(survey.id, event_id).encode("utf-8")

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        tr("sv.adm.export_raw"),
        raw,
        file_name=f"{name}_原始答卷_{stamp}.xlsx",
        mime=xlsx,
        on_click="ignore",
        key=f"sv_dl_raw_{survey.id}",
        width="stretch",
    )
    c2.download_button(
        tr("sv.adm.export_summary"),
        summary,
        file_name=f"{name}_统计汇总_{stamp}.xlsx",
        mime=xlsx,
        on_click="ignore",
        key=f"sv_dl_sum_{survey.id}",
        width="stretch",
    )
    c3.download_button(
        tr("sv.adm.export_print"),
        printable,
        file_name=f"{name}_结果摘要_{stamp}.html",
        mime="text/html",
        on_click="ignore",
        key=f"sv_dl_html_{survey.id}",
        width="stretch",
    )


# ---- preview and sharing ----------------------------------------------------------------------


def _preview(key: str, title: str, description: str, questions: list[dict[str, Any]], contact: str) -> None:

    try:
        cleaned = clean_questions(questions)
    except GkregError as exc:
        st.info(tr("sv.adm.preview_incomplete", problem=error_text(exc)))
        return
    st.caption(tr("sv.adm.preview_note"))
    with st.container(border=True):
        st.markdown(f"**{plain(title) if title else tr('sv.adm.untitled')}**")
        if description:
            st.markdown(plain(description))
        for q in cleaned:
            _widget(f"{key}", q, disabled=True)
        if contact != "anonymous":
            st.text_input(tr("sv.pub.name"), disabled=True, key=f"{key}_name")
            st.text_input(tr("sv.pub.phone"), disabled=True, key=f"{key}_phone")
        st.button(tr("sv.pub.submit"), disabled=True, key=f"{key}_submit")


def _share(survey: Survey) -> None:
    base = ""
    try:
        base = (st.context.url or "").split("/survey-admin")[0].rstrip("/")
    except Exception:  # noqa: BLE001 - no browser context (tests)
        base = ""
    link = f"{base}/surveys?survey={survey.id}"
    st.write(tr("sv.adm.share_intro"))
    if survey.event_id:
        st.caption(tr("sv.adm.share_event"))
    else:
        events = {e.id: e for e in get_od().events.list_for_unit(survey.unit_id)}
        chosen = st.selectbox(
            tr("sv.adm.share_for_event"),
            [0, *events],
            key=f"sv_share_ev_{survey.id}",
            format_func=lambda e: (
                tr("sv.adm.share_general") if not e else events[e].title + paren(f"{events[e].starts_at:%Y-%m-%d}")
            ),
        )
        if chosen:
            link += f"&event={chosen}"
    st.code(link, language=None)
    try:
        import segno

        qr = segno.make(link, error="m")
        import io

        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=8, border=2)
        st.image(buffer.getvalue(), width=220, caption=tr("sv.adm.qr"))
        st.download_button(
            tr("sv.adm.qr_download"),
            buffer.getvalue(),
            file_name=f"问卷{survey.id}_二维码.png",
            mime="image/png",
            on_click="ignore",
            key=f"sv_qr_{survey.id}",
        )
    except ImportError:
        pass


# ---- the editor -------------------------------------------------------------------------------


def _load(
    prefix: str,
    *,
    title: str,
    description: str,
    questions: list[dict[str, Any]],
    contact: str = "anonymous",
    event_id: int | None = None,
    unit_id: Any = None,
    opens: dt.date | None = None,
    closes: dt.date | None = None,
    repeat: bool = False,
    template: str = "",
) -> None:
    """Put a questionnaire into the editor's widget state."""
    state = st.session_state
    for key in [k for k in state if isinstance(k, str) and k.startswith(prefix + "_")]:
        del state[key]
    state[f"{prefix}_title"] = title
    state[f"{prefix}_desc"] = description
    state[f"{prefix}_contact"] = contact
    state[f"{prefix}_event"] = event_id or 0  # 0: none (a None value would show as an empty select)
    state[f"{prefix}_unit"] = unit_id or 0  # 0: county-wide
    state[f"{prefix}_opens"] = opens
    state[f"{prefix}_closes"] = closes
    state[f"{prefix}_repeat"] = repeat
    state[f"{prefix}_template"] = template
    state[f"{prefix}_uids"] = []
    state[f"{prefix}_next"] = 0
    for q in questions:
        _add_question(prefix, q)


def _add_question(prefix: str, q: dict[str, Any] | None = None) -> None:
    state = st.session_state
    q = q or {"kind": state.get(f"{prefix}_addkind", "single"), "text": "", "options": [], "required": False}
    if not q["options"] and q["kind"] in ("single", "multi"):
        q = {**q, "options": [tr("sv.adm.option_n", n=1), tr("sv.adm.option_n", n=2)]}
    uid = state[f"{prefix}_next"]
    state[f"{prefix}_next"] = uid + 1
    state[f"{prefix}_{uid}_kind"] = q["kind"]
    state[f"{prefix}_{uid}_text"] = q["text"]
    state[f"{prefix}_{uid}_opts"] = "\n".join(q.get("options") or [])
    state[f"{prefix}_{uid}_req"] = bool(q.get("required"))
    state[f"{prefix}_uids"] = [*state[f"{prefix}_uids"], uid]


def _move(prefix: str, index: int, step: int) -> None:
    uids = list(st.session_state[f"{prefix}_uids"])
    target = index + step
    if 0 <= target < len(uids):
        uids[index], uids[target] = uids[target], uids[index]
        st.session_state[f"{prefix}_uids"] = uids


def _remove(prefix: str, index: int) -> None:
    uids = list(st.session_state[f"{prefix}_uids"])
    del uids[index]
    st.session_state[f"{prefix}_uids"] = uids


def _collect(prefix: str) -> list[dict[str, Any]]:
    state = st.session_state
    out = []
    for uid in state.get(f"{prefix}_uids", []):
        kind = state.get(f"{prefix}_{uid}_kind", "single")
        options = [line.strip() for line in str(state.get(f"{prefix}_{uid}_opts", "")).splitlines() if line.strip()]
        out.append(
            {
                "kind": kind,
                "text": state.get(f"{prefix}_{uid}_text", ""),
                "options": options if kind in ("single", "multi") else [],
                "required": bool(state.get(f"{prefix}_{uid}_req")),
            }
        )
    return out


def _settings(prefix: str, actor: Actor, *, new: bool) -> None:
    od = get_od()
    st.text_input(tr("sv.adm.title"), key=f"{prefix}_title", max_chars=100)
    st.text_area(tr("sv.adm.description"), key=f"{prefix}_desc", height=80, max_chars=5000)
    if new and actor.is_coordinator:
        units = {u["id"]: u["name"] for u in od.units.list(active_only=True)}
        st.selectbox(
            tr("sv.adm.unit"),
            [0, *units],
            key=f"{prefix}_unit",
            format_func=lambda u: tr("sv.adm.county_wide") if not u else units[u],
        )
    unit = (st.session_state.get(f"{prefix}_unit") or None) if actor.is_coordinator else actor.unit_id
    events = od.events.list_for_unit(unit) if unit is not None else od.events.list_for_unit(None)
    by_id = {e.id: e for e in events}
    if st.session_state.get(f"{prefix}_event") not in by_id:
        st.session_state[f"{prefix}_event"] = 0
    st.selectbox(
        tr("sv.adm.event"),
        [0, *by_id],
        key=f"{prefix}_event",
        format_func=lambda e: (
            tr("sv.adm.no_event")
            if not e
            else by_id[e].title
            + paren(f"{by_id[e].starts_at:%Y-%m-%d}")
            + ("" if unit is not None else f" · {by_id[e].unit_name}")
        ),
    )
    c1, c2 = st.columns(2)
    c1.date_input(tr("sv.adm.opens"), key=f"{prefix}_opens", format="YYYY-MM-DD")
    c2.date_input(tr("sv.adm.closes"), key=f"{prefix}_closes", format="YYYY-MM-DD")
    st.radio(
        tr("sv.adm.contact"),
        list(CONTACT_MODES),
        key=f"{prefix}_contact",
        horizontal=True,
        format_func=lambda c: tr(f"sv.contact.{c}"),
    )
    st.checkbox(tr("sv.adm.repeat"), key=f"{prefix}_repeat", help=tr("sv.adm.repeat_help"))


def _questions_editor(prefix: str) -> None:
    uids = st.session_state.get(f"{prefix}_uids", [])
    kinds = list(KINDS)
    for index, uid in enumerate(uids):
        with st.container(border=True):
            top = st.columns([3, 1])
            top[0].markdown(f"**{tr('sv.adm.question_n', n=index + 1)}**")
            top[1].checkbox(tr("sv.adm.required"), key=f"{prefix}_{uid}_req")
            st.selectbox(tr("sv.adm.kind"), kinds, key=f"{prefix}_{uid}_kind", format_func=lambda k: tr(f"sv.kind.{k}"))
            st.text_input(tr("sv.adm.question_text"), key=f"{prefix}_{uid}_text", max_chars=300)
            if st.session_state.get(f"{prefix}_{uid}_kind") in ("single", "multi"):
                st.text_area(tr("sv.adm.options"), key=f"{prefix}_{uid}_opts", height=110, help=tr("sv.adm.options_help"))
            b = st.columns(3)
            b[0].button(
                tr("sv.adm.up"),
                key=f"{prefix}_{uid}_up",
                on_click=_move,
                args=(prefix, index, -1),
                disabled=index == 0,
                width="stretch",
            )
            b[1].button(
                tr("sv.adm.down"),
                key=f"{prefix}_{uid}_down",
                on_click=_move,
                args=(prefix, index, 1),
                disabled=index == len(uids) - 1,
                width="stretch",
            )
            b[2].button(tr("sv.adm.remove"), key=f"{prefix}_{uid}_rm", on_click=_remove, args=(prefix, index), width="stretch")
    c1, c2 = st.columns([2, 1])
    c1.selectbox(tr("sv.adm.add_kind"), kinds, key=f"{prefix}_addkind", format_func=lambda k: tr(f"sv.kind.{k}"))
    c2.button(tr("sv.adm.add"), key=f"{prefix}_add", on_click=_add_question, args=(prefix,), width="stretch")


def _window(prefix: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    opens, closes = st.session_state.get(f"{prefix}_opens"), st.session_state.get(f"{prefix}_closes")
    return (
        dt.datetime.combine(opens, dt.time()) if opens else None,
        dt.datetime.combine(closes + dt.timedelta(days=1), dt.time()) if closes else None,
    )


def _create(actor: Actor) -> None:
    od = get_od()
    st.caption(tr("sv.adm.new_intro"))
    sources = ["blank", *TEMPLATES]
    c1, c2 = st.columns([2, 1])
    source = c1.selectbox(
        tr("sv.adm.start_from"),
        sources,
        key="sv_new_source",
        format_func=lambda s: (
            tr("sv.adm.blank") if s == "blank" else tr("sv.adm.template", name=tr_code("sv.template", TEMPLATES[s]["name"]))
        ),
    )
    policy = ""
    if source == "policy":
        policy = st.text_input(tr("sv.adm.policy"), key="sv_new_policy", placeholder=tr("sv.adm.policy_hint"))
    c2.write("")
    if c2.button(tr("sv.adm.load"), key="sv_new_load", width="stretch") or f"{NEW}_uids" not in st.session_state:
        blank = ("", "", [{"kind": "single", "text": "", "options": [], "required": True}])
        built = act(lambda: blank if source == "blank" else build(source, policy), rerun=False)
        if built is not None:
            title, description, questions = built
            today = clock.now().date()
            _load(
                NEW,
                title=title,
                description=description,
                questions=questions,
                unit_id=None if actor.is_coordinator and source == "openness" else actor.unit_id,
                opens=today,
                closes=today + dt.timedelta(days=30),
                template="" if source == "blank" else source,
            )
    st.divider()
    _settings(NEW, actor, new=True)
    st.markdown(f"#### {tr('sv.adm.questions')}")
    _questions_editor(NEW)
    with st.expander(tr("sv.adm.preview")):
        _preview(
            "pvnew",
            st.session_state.get(f"{NEW}_title", ""),
            st.session_state.get(f"{NEW}_desc", ""),
            _collect(NEW),
            st.session_state.get(f"{NEW}_contact", "anonymous"),
        )
    c1, c2 = st.columns(2)
    draft = c1.button(tr("sv.adm.save_draft"), key="sv_new_draft", width="stretch")
    publish = c2.button(tr("sv.adm.save_publish"), key="sv_new_publish", type="primary", width="stretch")
    if draft or publish:
        opens, closes = _window(NEW)
        unit = (st.session_state.get(f"{NEW}_unit") or None) if actor.is_coordinator else actor.unit_id
        with st.spinner(tr("sv.adm.saving")):
            act(
                lambda: od.surveys.create(
                    unit,
                    title=st.session_state.get(f"{NEW}_title", ""),
                    questions=_collect(NEW),
                    actor=actor.username,
                    event_id=st.session_state.get(f"{NEW}_event") or None,
                    description=st.session_state.get(f"{NEW}_desc", ""),
                    contact=st.session_state.get(f"{NEW}_contact", "anonymous"),
                    opens_at=opens,
                    closes_at=closes,
                    allow_repeat=bool(st.session_state.get(f"{NEW}_repeat")),
                    draft=draft,
                    template=st.session_state.get(f"{NEW}_template", ""),
                ),
                clear=("sv_adm_sel", f"{NEW}_uids"),
                then=_focus,
                done=tr("sv.adm.saved_draft" if draft else "sv.adm.saved_published"),
            )


def _focus(survey_id: int) -> None:
    st.session_state[FOCUS] = survey_id


def _edit_existing(actor: Actor, survey: Survey) -> None:
    od = get_od()
    prefix = f"sved{survey.id}"
    if f"{prefix}_uids" not in st.session_state:
        _load(
            prefix,
            title=survey.title,
            description=survey.description,
            questions=[q.as_dict() for q in survey.questions],
            contact=survey.contact,
            event_id=survey.event_id,
            unit_id=survey.unit_id,
            opens=survey.opens_at.date() if survey.opens_at else None,
            closes=(survey.closes_at - dt.timedelta(seconds=1)).date() if survey.closes_at else None,
            repeat=survey.allow_repeat,
        )
    locked = survey.responses > 0
    _settings(prefix, actor, new=False)
    st.markdown(f"#### {tr('sv.adm.questions')}")
    if locked:
        st.info(tr("sv.adm.locked"))
    else:
        _questions_editor(prefix)
    if st.button(tr("sv.adm.save"), key=f"{prefix}_save", type="primary"):
        opens, closes = _window(prefix)
        questions = [q.as_dict() for q in survey.questions] if locked else _collect(prefix)
        act(
            lambda: od.surveys.update(
                survey.id,
                actor=actor.username,
                title=st.session_state.get(f"{prefix}_title", ""),
                questions=questions,
                event_id=st.session_state.get(f"{prefix}_event") or None,
                description=st.session_state.get(f"{prefix}_desc", ""),
                contact=st.session_state.get(f"{prefix}_contact", "anonymous"),
                opens_at=opens,
                closes_at=closes,
                allow_repeat=bool(st.session_state.get(f"{prefix}_repeat")),
            ),
            clear=(f"{prefix}_uids",),
            done=tr("sv.adm.saved"),
        )


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
