"""The 纸质问卷 tab of /survey-admin: type in paper forms, import the filled template, and see
online and paper results apart and together."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from gkreg.surveys import label
from gkreg.ui.layout import act, renew, show_flash, tr
from gkreg.ui.text import plain


def _label(position: int, text: str) -> str:
    """第3题“……” (gkreg.surveys.label) in the page's language."""
    short = label(position, text)[len(f"第{position + 1}题“") : -1]
    return tr("sv.qlabel", n=position + 1, q=short)


def render_paper(od: Any, actor: Any, survey: Any) -> None:
    show_flash()
    if survey.draft:
        st.info(tr("pq.draft"))
        return
    split = od.paper_surveys.results_by_source(survey.id, actor.username)
    c1, c2, c3 = st.columns(3)
    c1.metric(tr("pq.online"), split["online"]["responses"])
    c2.metric(tr("pq.paper"), split["paper"]["responses"])
    c3.metric(tr("pq.all"), split["all"]["responses"])
    rows = []
    for n, q in enumerate(split["all"]["questions"]):
        for option, total in q["counts"].items():
            rows.append(
                {
                    tr("pq.col.question"): _label(n, q["text"]),
                    tr("pq.col.option"): str(option),
                    tr("pq.online"): split["online"]["questions"][n]["counts"][option],
                    tr("pq.paper"): split["paper"]["questions"][n]["counts"][option],
                    tr("pq.all"): total,
                }
            )
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height="content")
    st.subheader(tr("pq.enter"))
    with st.form(f"pq_form_{survey.id}", clear_on_submit=True):
        answers = []
        for q in survey.questions:
            # Question and option texts were typed by staff: labels drawn as text (gkreg/ui/text.py).
            title = plain(_label(q.position, q.text) + (" *" if q.required else ""))
            key = f"pq_{survey.id}_{q.position}"
            if q.kind == "single":
                answers.append(st.radio(title, q.options, index=None, key=key, format_func=plain))
            elif q.kind == "multi":
                answers.append(st.multiselect(title, q.options, key=key))
            elif q.kind == "rating":
                answers.append(st.radio(title, [1, 2, 3, 4, 5], index=None, horizontal=True, key=key))
            else:
                answers.append(st.text_area(title, key=key, max_chars=2000))
        if st.form_submit_button(tr("pq.save"), type="primary"):
            act(lambda: od.paper_surveys.enter(survey.id, actor.username, answers), done=tr("pq.saved"))
    st.subheader(tr("pq.import"))
    st.caption(tr("pq.import_help"))
    st.download_button(
        tr("pq.template"),
        data=lambda: od.paper_surveys.template_xlsx(survey.id, actor.username),
        file_name=f"纸质问卷模板-{survey.id}.xlsx",
        on_click="ignore",
        key=f"pq_tpl_{survey.id}",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
    round_key = f"pq_round_{survey.id}"
    upload = st.file_uploader(tr("pq.file"), type=["xlsx"], key=f"pq_up_{survey.id}_{st.session_state.get(round_key, 0)}")
    if upload is not None and st.button(tr("pq.import_button"), key=f"pq_go_{survey.id}", type="primary"):
        with st.spinner(tr("pq.importing")):
            act(
                lambda: od.paper_surveys.import_xlsx(survey.id, actor.username, upload.getvalue()),
                then=partial(renew, round_key),
                done=lambda n: tr("pq.imported", n=n),
            )
