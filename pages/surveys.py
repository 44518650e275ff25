"""/surveys (public): the questionnaires open now, one form each, answered on a phone.

``?survey=ID`` shows one questionnaire (the link or QR code a unit hands out);
``?event=ID`` files the answers under that open day.
"""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

from gkreg.survey_checks import missing_required
from gkreg.surveys import Question, Survey
from gkreg.ui.context import get_od
from gkreg.ui.layout import act, fmt_dt, tr
from gkreg.ui.nav import set_query
from gkreg.ui.text import plain, trp

DONE_KEY = "surveys_done"
THANKS_KEY = "surveys_thanks"


def _int_param(name: str) -> int | None:
    value = st.query_params.get(name)
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def render() -> None:
    st.title(tr("page.surveys"))
    od = get_od()
    only, event_id = _int_param("survey"), _int_param("event")
    surveys = od.surveys.list_open(event_id=event_id)
    if only is not None:
        surveys = [s for s in surveys if s.id == only]
        if not surveys:
            st.warning(tr("sv.pub.not_open"))
            if st.button(tr("sv.pub.show_all")):
                set_query()
                st.rerun()
            return
    if not surveys:
        st.info(tr("sv.pub.none"))
        return
    st.caption(tr("sv.pub.intro"))
    for survey in surveys:
        expanded = len(surveys) == 1 or survey.id == only
        with st.expander(plain(survey.title), expanded=expanded):
            _survey_block(survey, event_id)


def _survey_block(survey: Survey, event_id: int | None) -> None:
    meta = [plain(survey.owner)]
    if survey.event_title:
        meta.append(trp("sv.pub.event", title=survey.event_title))
    if survey.closes_at:
        meta.append(tr("sv.pub.closes", at=fmt_dt(survey.closes_at)))
    st.caption(" · ".join(meta))
    if survey.description:
        st.markdown(plain(survey.description))
    done: dict[int, int] = st.session_state.setdefault(DONE_KEY, {})
    just_now = st.session_state.get(THANKS_KEY) == survey.id
    if just_now:
        del st.session_state[THANKS_KEY]
        st.success(tr("sv.pub.thanks"), icon="🎉")
    if survey.id in done and not survey.allow_repeat:
        st.info(tr("sv.pub.once") if just_now else tr("sv.pub.already"))
        return
    _form(survey, event_id, done)


def _form(survey: Survey, event_id: int | None, done: dict[int, int]) -> None:
    prefix = f"sv{survey.id}"
    with st.form(key=f"{prefix}_form", clear_on_submit=False, border=False):
        values, slots = [], {}
        for q in survey.questions:
            values.append(_widget(prefix, q))
            slots[q.position] = st.empty()  # where this question's own error appears
        name = phone = ""
        consent = False
        if survey.contact != "anonymous":
            st.markdown(f"**{tr('sv.pub.contact_required' if survey.contact == 'required' else 'sv.pub.contact_optional')}**")
            name = st.text_input(tr("sv.pub.name"), key=f"{prefix}_name", max_chars=30)
            phone = st.text_input(tr("sv.pub.phone"), key=f"{prefix}_phone", max_chars=20)
            consent = st.checkbox(tr("sv.pub.consent"), key=f"{prefix}_consent")
        submitted = st.form_submit_button(tr("sv.pub.submit"), type="primary", width="stretch")
    if not submitted:
        return
    missing = missing_required(survey.questions, values)
    if missing:  # every unanswered required question marked at the question itself, not only the first
        for position in missing:
            slots[position].error(tr("sv.pub.answer_this"), icon=":material/error:")
        st.error(tr("sv.pub.missing_n", n=len(missing)), icon=":material/error:")
        return
    prefix = f"sv{survey.id}_"

    def thank(response_id: int) -> None:
        done[survey.id] = response_id
        st.session_state[THANKS_KEY] = survey.id

    act(
        lambda: get_od().surveys.submit(survey.id, values, name=name, phone=phone, event_id=event_id, consent=consent),
        # a shared tablet (repeats allowed) starts the next person on a blank form
        clear=[k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)],
        then=thank,
    )


def _widget(prefix: str, q: Question, disabled: bool = False) -> Any:
    """One question's input; returns the answer in the shape ``od.surveys.submit`` takes."""
    title = f"{q.position + 1}. {q.text}" + (tr("sv.pub.required_mark") if q.required else "")
    st.markdown(f"**{plain(title)}**")
    key = f"{prefix}_q{q.position}"
    hidden: Literal["collapsed"] = "collapsed"
    if q.kind == "single":
        return st.radio(
            plain(title), q.options, index=None, key=key, disabled=disabled, label_visibility=hidden, format_func=plain
        )
    if q.kind == "multi":
        return [opt for i, opt in enumerate(q.options) if st.checkbox(plain(opt), key=f"{key}_o{i}", disabled=disabled)]
    if q.kind == "rating":
        return st.radio(
            plain(title),
            [1, 2, 3, 4, 5],
            index=None,
            horizontal=True,
            key=key,
            disabled=disabled,
            format_func=lambda r: tr("sv.pub.points", n=r),
            label_visibility=hidden,
        )
    return st.text_area(plain(title), key=key, max_chars=2000, height=100, disabled=disabled, label_visibility=hidden)


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
