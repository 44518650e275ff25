"""Altair chart builders for the dashboard: pure functions of pandas DataFrames (no streamlit here).

Each takes the frame the dashboard computes (see gkreg/dashboard.py) and returns
an Altair chart sized to its container; axis titles, legends and tooltips come from the catalogue
in ``lang`` (zh or en), and the frames' codes (category, status, outcome) are named there too.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import palette
from .i18n import t
from .labels import CATEGORIES, EVENT_STATUSES
from .outcomes import OUTCOME_LABELS
from .outcomes import STATUSES as OPINION_STATUSES

# Colours come from gkreg.palette, so a category or a status looks the same on every page.
CATEGORY_ORDER, CATEGORY_COLORS = palette.scale(palette.CATEGORY, list(CATEGORIES), CATEGORIES)
STATUS_ORDER, STATUS_COLORS = palette.scale(palette.EVENT, list(EVENT_STATUSES), EVENT_STATUSES)
OPINION_ORDER, OPINION_COLORS = palette.scale(palette.OPINION, list(OPINION_STATUSES), OPINION_STATUSES)
DEADLINE_ORDER, DEADLINE_COLORS = palette.scale(palette.DEADLINE, list(OUTCOME_LABELS), OUTCOME_LABELS)
HEIGHT = 260
# Catalogue prefix of each kind of code the charts name.
_NAMES = {"category": "cat", "event": "event.status", "opinion": "op.status", "outcome": "ch.outcome", "kind": "ch.kind"}
_CODES = {
    "category": list(CATEGORIES),
    "event": list(EVENT_STATUSES),
    "opinion": list(OPINION_STATUSES),
    "outcome": list(OUTCOME_LABELS),
}
_COLOURS = {
    "category": palette.CATEGORY,
    "event": palette.EVENT,
    "opinion": palette.OPINION,
    "outcome": palette.DEADLINE,
}


def _name(kind: str, code: str, lang: str) -> str:
    return t(f"{_NAMES[kind]}.{code}", lang)


def _scale(kind: str, lang: str) -> tuple[list[str], list[str]]:
    """(domain, range) of one kind's colour scale, its codes named in ``lang``."""
    codes = _CODES[kind]
    return [_name(kind, c, lang) for c in codes], [_COLOURS[kind][c] for c in codes]


def _named(frame: pd.DataFrame, column: str, kind: str, lang: str, into: str = "label") -> pd.DataFrame:
    """The frame with ``into`` naming ``column``'s codes in ``lang``."""
    return frame.assign(**{into: frame[column].map(lambda c: _name(kind, str(c), lang))})


def _fit(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Stretch to the container's width but keep the asked-for plot height (legends and axes add to it)."""
    return chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def _empty(title: str, lang: str = "zh") -> alt.TopLevelMixin:
    frame = pd.DataFrame({"text": [t("ch.empty", lang)]})
    return (
        alt.Chart(frame, title=title)
        .mark_text(size=14, color="#888")
        .encode(text="text:N")
        .properties(height=80, width="container")
    )


def signups_over_time(frame: pd.DataFrame, title: str | None = None, lang: str = "zh") -> alt.TopLevelMixin:
    """Bars of sign-ups per day with the running total as a line."""
    title = title or t("ch.signups", lang)
    if frame.empty:
        return _empty(title, lang)
    day = t("ch.day", lang)
    base = alt.Chart(frame, title=title).encode(x=alt.X("day:T", title=day, axis=alt.Axis(format="%m-%d")))
    bars = base.mark_bar(color="#4c78a8", opacity=0.8).encode(
        y=alt.Y("signups:Q", title=t("ch.signups_day", lang)),
        tooltip=[
            alt.Tooltip("day:T", title=day, format="%Y-%m-%d"),
            alt.Tooltip("signups:Q", title=t("ch.signups_day", lang)),
            alt.Tooltip("cumulative:Q", title=t("ch.cumulative", lang)),
        ],
    )
    line = base.mark_line(color="#f58518", strokeWidth=2).encode(y=alt.Y("cumulative:Q", title=t("ch.signups_total", lang)))
    return _fit(alt.layer(bars, line).resolve_scale(y="independent").properties(height=HEIGHT, width="container"))


def seats_vs_capacity(frame: pd.DataFrame, title: str | None = None, lang: str = "zh") -> alt.TopLevelMixin:
    """Per upcoming event: stacked confirmed citizens and others, the capacity as a tick, the 1/3 line marked."""
    title = title or t("ch.seats", lang)
    if frame.empty:
        return _empty(title, lang)
    citizens, invited = t("cat.citizen", lang), t("ch.invited", lang)
    long = frame.melt(
        id_vars=["label", "capacity", "reserved", "citizen_share"],
        value_vars=["citizens", "others"],
        var_name="kind",
        value_name="people",
    )
    long["order"] = long["kind"].map({"citizens": 0, "others": 1})  # citizens first: the 1/3 mark falls on their bar
    long["kind"] = long["kind"].map({"citizens": citizens, "others": invited})
    long["share"] = long["citizen_share"].map(lambda v: "—" if pd.isna(v) else f"{v:.0%}")
    order = list(frame["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=170))
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("sum(people):Q", title=t("ch.confirmed", lang)),
            color=alt.Color(
                "kind:N",
                title=t("ch.category", lang),
                sort=[citizens, invited],
                scale=alt.Scale(domain=[citizens, invited], range=[palette.CITIZEN, palette.INVITED]),
                legend=alt.Legend(orient="top", title=None),
            ),
            order=alt.Order("order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("label:N", title=t("ch.event", lang)),
                alt.Tooltip("kind:N", title=t("ch.category", lang)),
                alt.Tooltip("people:Q", title=t("ch.people", lang)),
                alt.Tooltip("capacity:Q", title=t("ch.capacity", lang)),
                alt.Tooltip("share:N", title=t("ch.citizen_share", lang)),
            ],
        )
    )
    cap = (
        alt.Chart(frame)
        .mark_tick(color="#333", thickness=2, size=16)
        .encode(y=y, x="capacity:Q", tooltip=[alt.Tooltip("capacity:Q", title=t("ch.capacity", lang))])
    )
    reserved = (
        alt.Chart(frame)
        .mark_tick(color=palette.ONE_THIRD_RULE, thickness=3, size=20)
        .encode(y=y, x="reserved:Q", tooltip=[alt.Tooltip("reserved:Q", title=t("ch.reserved", lang))])
    )
    height = max(HEIGHT, 24 * len(frame))
    return _fit(alt.layer(bars, cap, reserved, title=title).properties(height=height, width="container"))


def category_mix(frame: pd.DataFrame, title: str | None = None, lang: str = "zh") -> alt.TopLevelMixin:
    title = title or t("ch.categories", lang)
    if frame.empty or frame["people"].sum() == 0:
        return _empty(title, lang)
    order, colours = _scale("category", lang)
    frame = _named(frame, "category", "category", lang)
    return _fit(
        alt.Chart(frame, title=title)
        .mark_arc(innerRadius=50)
        .encode(
            theta=alt.Theta("people:Q"),
            color=alt.Color(
                "label:N",
                title=t("ch.category", lang),
                sort=order,
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("ch.category", lang)),
                alt.Tooltip("people:Q", title=t("ch.people", lang)),
            ],
        )
        .properties(height=HEIGHT, width="container")
    )


def events_per_unit(frame: pd.DataFrame, title: str | None = None, lang: str = "zh") -> alt.TopLevelMixin:
    title = title or t("ch.units", lang)
    if frame.empty:
        return _empty(title, lang)
    order = list(dict.fromkeys(frame["unit"]))
    statuses, colours = _scale("event", lang)
    frame = _named(frame, "status", "event", lang)
    return _fit(
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("unit:N", title=None, sort=order, axis=alt.Axis(labelLimit=150)),
            x=alt.X("sum(events):Q", title=t("ch.events", lang), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "label:N",
                title=t("ch.status", lang),
                sort=statuses,
                scale=alt.Scale(domain=statuses, range=colours),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=t("ch.unit", lang)),
                alt.Tooltip("label:N", title=t("ch.status", lang)),
                alt.Tooltip("events:Q", title=t("ch.events", lang)),
            ],
        )
        .properties(height=max(HEIGHT, 22 * len(order)), width="container")
    )


def opinion_outcomes(frame: pd.DataFrame, title: str | None = None, lang: str = "zh") -> alt.TopLevelMixin:
    title = title or t("ch.opinions", lang)
    if frame.empty:
        return _empty(title, lang)
    order = list(dict.fromkeys(frame["unit"]))
    statuses, colours = _scale("opinion", lang)
    frame = _named(frame, "status", "opinion", lang)
    return _fit(
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("unit:N", title=None, sort=order, axis=alt.Axis(labelLimit=150)),
            x=alt.X("sum(opinions):Q", title=t("ch.opinion_count", lang)),
            color=alt.Color(
                "label:N",
                title=t("ch.handling", lang),
                sort=statuses,
                scale=alt.Scale(domain=statuses, range=colours),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=t("ch.unit", lang)),
                alt.Tooltip("label:N", title=t("ch.status", lang)),
                alt.Tooltip("opinions:Q", title=t("ch.opinion_count", lang)),
            ],
        )
        .properties(height=max(HEIGHT, 22 * len(order)), width="container")
    )


def deadlines(frame: pd.DataFrame, title: str | None = None, lang: str = "zh") -> alt.TopLevelMixin:
    title = title or t("ch.deadlines", lang)
    if frame.empty or frame["count"].sum() == 0:
        return _empty(title, lang)
    outcomes, colours = _scale("outcome", lang)
    frame = _named(_named(frame, "outcome", "outcome", lang), "kind", "kind", lang, into="kind_label")
    return _fit(
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("kind_label:N", title=None),
            x=alt.X("sum(count):Q", title=t("ch.count", lang)),
            color=alt.Color(
                "label:N",
                title=t("ch.outcome", lang),
                sort=outcomes,
                scale=alt.Scale(domain=outcomes, range=colours),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("outcome:N"),
            tooltip=[
                alt.Tooltip("kind_label:N", title=t("ch.item", lang)),
                alt.Tooltip("label:N", title=t("ch.outcome", lang)),
                alt.Tooltip("count:Q", title=t("ch.count", lang)),
            ],
        )
        .properties(height=140, width="container")
    )
