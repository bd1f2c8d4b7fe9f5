"""Actual (bars) against a target (line): the ten-year plan by year, a year by month.

Money on the axes in the unit :func:`kam.i18n.money_axis` picks (domain.md: grid cells in
yuan, summaries and charts in 万/亿).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from kam.ui.charts.spec import Chart, chart, named
from kam.ui.charts.style import ACTUAL_COLOR, BEHIND_COLOR, MET_COLOR, OPEN_COLOR, TARGET_COLOR, UPRIGHT, scaled


def plan_chart(
    frame: pd.DataFrame, *, lang: str, target_title: str, actual_title: str, year_title: str, height: int = 300
) -> Chart:
    """KA revenue per year: the plan's target (line) and the actual figure (bars).

    :param frame: ``year``, ``target``, ``actual`` (NaN where none).
    """
    data, unit = scaled(frame, ["target", "actual"], lang)
    data["year"] = data["year"].astype(int).astype(str)
    return chart(
        _plan,
        {
            "bars": data.dropna(subset=["actual"]).assign(series=actual_title),
            "line": data.dropna(subset=["target"]).assign(series=target_title),
        },
        unit=unit,
        target_title=target_title,
        actual_title=actual_title,
        year_title=year_title,
        height=height,
    )


def _plan(*, unit: str, target_title: str, actual_title: str, year_title: str, height: int) -> alt.LayerChart:
    x = alt.X("year:O", title=year_title, axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("year:O", title=year_title),
        alt.Tooltip("target_t:N", title=target_title),
        alt.Tooltip("actual_t:N", title=actual_title),
    ]
    series = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[actual_title, target_title], range=[ACTUAL_COLOR, TARGET_COLOR]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    bars = (
        alt.Chart(named("bars"))
        .mark_bar(opacity=0.85, size=26)
        .encode(x=x, y=alt.Y("actual_v:Q", title=unit, axis=alt.Axis(**UPRIGHT)), color=series, tooltip=tooltip)
    )
    line = (
        alt.Chart(named("line"))
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True), strokeWidth=2.5)
        .encode(x=x, y=alt.Y("target_v:Q", title=unit), color=series, tooltip=tooltip)
    )
    return alt.layer(bars, line).properties(height=height)


def monthly_chart(
    frame: pd.DataFrame,
    *,
    lang: str,
    target_title: str,
    actual_title: str,
    month_title: str,
    met_title: str = "",
    behind_title: str = "",
    open_title: str = "",
    cumulative: bool = False,
    height: int = 280,
) -> Chart:
    """Actual won sales (bars: green where the month's target is met, red where not, grey
    while the month is under way and not met yet) and
    the target (ticks) per month; or both cumulated (lines) when ``cumulative``.

    :param frame: :func:`kam.views.targets.progress.monthly`'s frame with a ``label`` column.
    """
    a, tcol = ("cum_actual", "cum_target") if cumulative else ("actual", "target")
    data, unit = scaled(frame.rename(columns={a: "a", tcol: "t"}), ["a", "t"], lang)
    titles = {"target_title": target_title, "actual_title": actual_title, "month_title": month_title}
    shape = {"unit": unit, "labels": [str(v) for v in data["label"]], "height": height, **titles}
    if cumulative:
        long = pd.concat(
            [
                data.assign(series=actual_title, v=data["a_v"]).dropna(subset=["a_v"]),
                data.assign(series=target_title, v=data["t_v"]),
            ]
        )
        return chart(_cumulative, {"lines": long}, **shape)
    data["series"] = [
        met_title if got >= want else open_title if is_open else behind_title
        for got, want, is_open in zip(data["a"], data["t"], data["open"], strict=True)
    ]
    return chart(
        _monthly,
        {"bars": data.dropna(subset=["a"]), "ticks": data.assign(series=target_title)},
        series=[met_title, behind_title, open_title, target_title],
        **shape,
    )


def _month_axes(
    unit: str, labels: tuple[str, ...], target_title: str, actual_title: str, month_title: str
) -> tuple[alt.X, alt.Axis, list[alt.Tooltip], alt.Legend]:
    x = alt.X("label:O", title=month_title, sort=list(labels), axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("label:O", title=month_title),
        alt.Tooltip("a_t:N", title=actual_title),
        alt.Tooltip("t_t:N", title=target_title),
    ]
    return x, alt.Axis(**UPRIGHT), tooltip, alt.Legend(title=None, orient="bottom")


def _cumulative(
    *, unit: str, labels: tuple[str, ...], target_title: str, actual_title: str, month_title: str, height: int
) -> alt.Chart:
    x, y_axis, tooltip, legend = _month_axes(unit, labels, target_title, actual_title, month_title)
    series = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[actual_title, target_title], range=[ACTUAL_COLOR, TARGET_COLOR]),
        legend=legend,
    )
    return (
        alt.Chart(named("lines"))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(x=x, y=alt.Y("v:Q", title=unit, axis=y_axis), color=series, tooltip=tooltip)
        .properties(height=height)
    )


def _monthly(
    *,
    unit: str,
    labels: tuple[str, ...],
    target_title: str,
    actual_title: str,
    month_title: str,
    series: tuple[str, str, str, str],
    height: int,
) -> alt.LayerChart:
    x, y_axis, tooltip, legend = _month_axes(unit, labels, target_title, actual_title, month_title)
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=list(series), range=[MET_COLOR, BEHIND_COLOR, OPEN_COLOR, TARGET_COLOR]),
        legend=legend,
    )
    bars = (
        alt.Chart(named("bars"))
        .mark_bar(size=22)
        .encode(x=x, y=alt.Y("a_v:Q", title=unit, axis=y_axis), color=color, tooltip=tooltip)
    )
    ticks = (
        alt.Chart(named("ticks"))
        .mark_tick(thickness=3, size=34)
        .encode(x=x, y=alt.Y("t_v:Q", title=unit), color=color, tooltip=tooltip)
    )
    return alt.layer(bars, ticks).properties(height=height)
