"""Altair chart builders for the dashboard: pure functions of pandas DataFrames (no streamlit here).

Each takes the frame the dashboard computes (see gkreg/dashboard.py) and returns
an Altair chart sized to its container, with Chinese axis titles and tooltips.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import palette
from .labels import CATEGORIES, EVENT_STATUSES
from .outcomes import STATUSES as OPINION_STATUSES

# Colours come from gkreg.palette, so a category or a status looks the same on every page.
CATEGORY_ORDER, CATEGORY_COLORS = palette.scale(palette.CATEGORY, list(CATEGORIES), CATEGORIES)
STATUS_ORDER, STATUS_COLORS = palette.scale(palette.EVENT, list(EVENT_STATUSES), EVENT_STATUSES)
OPINION_ORDER, OPINION_COLORS = palette.scale(palette.OPINION, list(OPINION_STATUSES), OPINION_STATUSES)
DEADLINE_ORDER, DEADLINE_COLORS = palette.scale(
    palette.DEADLINE, ["met", "missed", "pending"], {"met": "按期", "missed": "逾期", "pending": "未到期"}
)
HEIGHT = 260


def _fit(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Stretch to the container's width but keep the asked-for plot height (legends and axes add to it)."""
    return chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def _empty(title: str) -> alt.Chart:
    frame = pd.DataFrame({"text": ["暂无数据"]})
    return (
        alt.Chart(frame, title=title)
        .mark_text(size=14, color="#888")
        .encode(text="text:N")
        .properties(height=80, width="container")
    )


def signups_over_time(frame: pd.DataFrame, title: str = "每日报名人数") -> alt.Chart:
    """Bars of sign-ups per day with the running total as a line."""
    if frame.empty:
        return _empty(title)
    base = alt.Chart(frame, title=title).encode(x=alt.X("day:T", title="日期", axis=alt.Axis(format="%m-%d")))
    bars = base.mark_bar(color="#4c78a8", opacity=0.8).encode(
        y=alt.Y("signups:Q", title="当日报名"),
        tooltip=[
            alt.Tooltip("day:T", title="日期", format="%Y-%m-%d"),
            alt.Tooltip("signups:Q", title="当日报名"),
            alt.Tooltip("cumulative:Q", title="累计"),
        ],
    )
    line = base.mark_line(color="#f58518", strokeWidth=2).encode(y=alt.Y("cumulative:Q", title="累计报名"))
    return _fit(alt.layer(bars, line).resolve_scale(y="independent").properties(height=HEIGHT, width="container"))


def seats_vs_capacity(frame: pd.DataFrame, title: str = "近期活动名额使用（群众代表 / 特邀 / 容量）") -> alt.Chart:
    """Per upcoming event: stacked confirmed citizens and others, the capacity as a tick, the 1/3 line marked."""
    if frame.empty:
        return _empty(title)
    long = frame.melt(
        id_vars=["label", "capacity", "reserved", "citizen_share"],
        value_vars=["citizens", "others"],
        var_name="kind",
        value_name="people",
    )
    long["order"] = long["kind"].map({"citizens": 0, "others": 1})  # citizens first: the 1/3 mark falls on their bar
    long["kind"] = long["kind"].map({"citizens": "群众代表", "others": "特邀人员"})
    long["share"] = long["citizen_share"].map(lambda v: "—" if pd.isna(v) else f"{v:.0%}")
    order = list(frame["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=170))
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("sum(people):Q", title="已确认人数"),
            color=alt.Color(
                "kind:N",
                title="类别",
                sort=["群众代表", "特邀人员"],
                scale=alt.Scale(domain=["群众代表", "特邀人员"], range=[palette.CITIZEN, palette.INVITED]),
                legend=alt.Legend(orient="top", title=None),
            ),
            order=alt.Order("order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("label:N", title="活动"),
                alt.Tooltip("kind:N", title="类别"),
                alt.Tooltip("people:Q", title="人数"),
                alt.Tooltip("capacity:Q", title="容量"),
                alt.Tooltip("share:N", title="群众代表占比"),
            ],
        )
    )
    cap = (
        alt.Chart(frame)
        .mark_tick(color="#333", thickness=2, size=16)
        .encode(y=y, x="capacity:Q", tooltip=[alt.Tooltip("capacity:Q", title="容量")])
    )
    reserved = (
        alt.Chart(frame)
        .mark_tick(color=palette.ONE_THIRD_RULE, thickness=3, size=20)
        .encode(y=y, x="reserved:Q", tooltip=[alt.Tooltip("reserved:Q", title="群众代表保留名额（三分之一）")])
    )
    height = max(HEIGHT, 24 * len(frame))
    return _fit(alt.layer(bars, cap, reserved, title=title).properties(height=height, width="container"))


def category_mix(frame: pd.DataFrame, title: str = "已确认人员类别构成") -> alt.Chart:
    if frame.empty or frame["people"].sum() == 0:
        return _empty(title)
    return _fit(
        alt.Chart(frame, title=title)
        .mark_arc(innerRadius=50)
        .encode(
            theta=alt.Theta("people:Q"),
            color=alt.Color(
                "label:N",
                title="类别",
                sort=CATEGORY_ORDER,
                scale=alt.Scale(domain=CATEGORY_ORDER, range=CATEGORY_COLORS),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[alt.Tooltip("label:N", title="类别"), alt.Tooltip("people:Q", title="人数")],
        )
        .properties(height=HEIGHT, width="container")
    )


def events_per_unit(frame: pd.DataFrame, title: str = "各单位活动及状态") -> alt.Chart:
    if frame.empty:
        return _empty(title)
    order = list(dict.fromkeys(frame["unit"]))
    return _fit(
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("unit:N", title=None, sort=order, axis=alt.Axis(labelLimit=150)),
            x=alt.X("sum(events):Q", title="活动场次", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "label:N",
                title="状态",
                sort=STATUS_ORDER,
                scale=alt.Scale(domain=STATUS_ORDER, range=STATUS_COLORS),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title="单位"),
                alt.Tooltip("label:N", title="状态"),
                alt.Tooltip("events:Q", title="场次"),
            ],
        )
        .properties(height=max(HEIGHT, 22 * len(order)), width="container")
    )


def opinion_outcomes(frame: pd.DataFrame, title: str = "各单位意见办理结果") -> alt.Chart:
    if frame.empty:
        return _empty(title)
    order = list(dict.fromkeys(frame["unit"]))
    return _fit(
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("unit:N", title=None, sort=order, axis=alt.Axis(labelLimit=150)),
            x=alt.X("sum(opinions):Q", title="意见条数"),
            color=alt.Color(
                "label:N",
                title="办理状态",
                sort=OPINION_ORDER,
                scale=alt.Scale(domain=OPINION_ORDER, range=OPINION_COLORS),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title="单位"),
                alt.Tooltip("label:N", title="状态"),
                alt.Tooltip("opinions:Q", title="条数"),
            ],
        )
        .properties(height=max(HEIGHT, 22 * len(order)), width="container")
    )


def deadlines(frame: pd.DataFrame, title: str = "报道与答复期限执行情况") -> alt.Chart:
    if frame.empty or frame["count"].sum() == 0:
        return _empty(title)
    return _fit(
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("kind_label:N", title=None),
            x=alt.X("sum(count):Q", title="件数"),
            color=alt.Color(
                "label:N",
                title="结果",
                sort=DEADLINE_ORDER,
                scale=alt.Scale(domain=DEADLINE_ORDER, range=DEADLINE_COLORS),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("outcome:N"),
            tooltip=[
                alt.Tooltip("kind_label:N", title="事项"),
                alt.Tooltip("label:N", title="结果"),
                alt.Tooltip("count:Q", title="件数"),
            ],
        )
        .properties(height=140, width="container")
    )
