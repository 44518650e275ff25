"""/assessment: each unit's score for a campaign, the editable weighting, the evidence, Excel export."""

from __future__ import annotations

import streamlit as st

from gkreg.assessment import CRITERIA, CRITERIA_EN, METHOD
from gkreg.errors import GkregError
from gkreg.ui.auth import require_coordinator
from gkreg.ui.context import get_od
from gkreg.ui.layout import act, lang, show_error, show_flash, tr, tr_code


def _label(key: str) -> str:
    return CRITERIA_EN[key] if lang() == "en" else CRITERIA[key]


def _weights(od, username: str) -> None:
    weights = od.assessment.weights()
    with st.expander(tr("assess.weights", total=sum(weights.values()))):
        st.caption(tr("assess.weights_note"))
        st.dataframe(
            [
                {tr("assess.criterion"): _label(k), tr("assess.weight"): weights[k], tr("assess.method"): METHOD[k]}
                for k in CRITERIA
            ],
            hide_index=True,
            width="stretch",
        )
        with st.form("assess_weights"):
            cols = st.columns(2)
            values = {
                k: cols[n % 2].number_input(_label(k), min_value=0, max_value=100, value=weights[k], step=1)
                for n, k in enumerate(CRITERIA)
            }
            if st.form_submit_button(tr("assess.save_weights")):
                act(lambda: od.assessment.set_weights(values, username), done=tr("assess.saved"))


def _inspection_table(rows: list[list]) -> list[dict[str, str]]:
    """INSPECTION_HEADERS rows for the screen: every cell text (the points cell is empty for an inspection,
    which Arrow would refuse beside numbers), and the kind and rectification words in the page's language."""
    from gkreg.labels import RECTIFICATION

    words = {"督查": tr("assess.insp.inspection"), "加分": tr("assess.insp.bonus"), "减分": tr("assess.insp.penalty")}
    words |= {label: tr_code("rect", code) for code, label in RECTIFICATION.items()}
    headers = [tr(f"assess.insp.col.{n}") for n in range(7)]
    table = []
    for _unit, kind, day, event, text, rectify_by, rectified, points in rows:
        cells = [words.get(kind, kind), day, event or "", text, rectify_by, words.get(rectified, rectified)]
        cells.append("" if points in ("", None) else f"{points:+g}")
        table.append(dict(zip(headers, cells, strict=True)))
    return table


def render() -> None:
    actor = require_coordinator()
    st.title(tr("page.assessment"))
    show_flash()
    od = get_od()
    campaigns = od.campaigns.list()
    if not campaigns:
        st.info(tr("assess.no_campaign"))
        return
    current = od.campaigns.current()
    names = {c["id"]: c["name"] for c in campaigns}
    ids = list(names)
    campaign_id = st.selectbox(
        tr("assess.campaign"),
        ids,
        format_func=lambda c: names[c],
        key="assess_campaign",
        index=ids.index(current["id"]) if current and current["id"] in ids else 0,
    )
    _weights(od, actor.username)
    try:
        with st.spinner(tr("assess.computing")):
            scores = od.assessment.scores(campaign_id, actor.username)
    except GkregError as exc:
        show_error(exc)
        return
    if not scores:
        st.info(tr("assess.no_units"))
        return
    table = []
    for n, r in enumerate(scores, 1):
        row = {
            tr("assess.rank"): n,
            tr("assess.unit"): r["unit"],
            tr("assess.score"): r["score"],
            tr("assess.points"): r.get("adjustment", 0.0),
        }
        for k in CRITERIA:
            fraction = r["fractions"][k]
            row[_label(k)] = tr("assess.na") if fraction is None else f"{fraction:.0%}（{r['details'][k]}）"
        table.append(row)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height="content",
        column_config={
            tr("assess.score"): st.column_config.ProgressColumn(tr("assess.score"), min_value=0, max_value=100, format="%.1f")
        },
    )
    st.download_button(
        tr("assess.export"),
        file_name=f"考核评分-{names[campaign_id]}.xlsx",
        data=lambda: od.assessment.export_xlsx(campaign_id, actor.username),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="assess_export",
        on_click="ignore",
        icon=":material/download:",
    )

    st.subheader(tr("assess.evidence"))
    unit_names = {r["unit_id"]: f"{r['unit']}（{r['score']}）" for r in scores}
    unit_id = st.selectbox(tr("assess.pick_unit"), list(unit_names), format_func=lambda u: unit_names[u], key="assess_unit")
    criteria = st.multiselect(
        tr("assess.pick_criteria"),
        list(CRITERIA),
        format_func=_label,
        key="assess_criteria",
        placeholder=tr("assess.all_criteria"),
    )
    checks = od.assessment.inspection_rows(campaign_id, unit_id)
    if checks:
        st.markdown(f"**{tr('assess.inspections')}**")
        st.dataframe(_inspection_table(checks), hide_index=True, width="stretch")
    rows = od.assessment.evidence(campaign_id, unit_id, actor.username)
    if criteria:
        rows = [r for r in rows if r["criterion"] in criteria]
    if not rows:
        st.info(tr("assess.no_evidence"))
        return
    st.dataframe(
        [
            {
                tr("assess.criterion"): _label(r["criterion"]),
                tr("assess.item"): r["item"],
                tr("assess.date"): r["date"] or "",
                tr("assess.due"): r["due"] or "",
                tr("assess.done"): r["done"] or "",
                tr("assess.outcome"): r["outcome_label"],
                tr("assess.note"): r["note"],
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        height="content",
    )


if __name__ == "__main__":  # a direct run (deep link to a fresh server) hands over to the real app
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
