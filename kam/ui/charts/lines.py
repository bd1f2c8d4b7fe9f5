"""Line charts: a cumulative curve with a reference line and a mark (e.g. Pareto)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kam.ui.charts.spec import Chart, chart, named
from kam.ui.charts.style import LINE_COLOR, RIGHT_COLOR, upright


def cumulative_curve(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    line: float,
    line_text: str,
    mark_x: float | None = None,
    mark_text: str = "",
    height: int = 300,
) -> Chart:
    """A cumulative share curve (e.g. Pareto) with a horizontal reference ``line`` and an
    optional vertical mark at ``mark_x``; both axes are fractions shown as percentages.
    ``frame`` is drawn as given: a few hundred points (the views sample a long curve)."""
    data = {
        "curve": frame[[x, y]],
        "ref": pd.DataFrame({"y": [line], "x": [0.0], "text": [line_text]}),
        "mark": pd.DataFrame({"x": [mark_x], "y": [0.04], "text": [mark_text]}) if mark_x is not None else None,
    }
    return chart(
        _curve,
        {k: v for k, v in data.items() if v is not None},
        x=x,
        y=y,
        x_title=x_title,
        y_title=y_title,
        marked=mark_x is not None,
        height=height,
    )


def _curve(*, x: str, y: str, x_title: str, y_title: str, marked: bool, height: int) -> alt.LayerChart:
    axis_x = alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    axis_y = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", **upright()))
    curve = (
        alt.Chart(named("curve"))
        .mark_area(line={"color": RIGHT_COLOR}, color=RIGHT_COLOR, opacity=0.15)
        .encode(x=axis_x, y=axis_y)
    )
    ref = named("ref")
    rule = alt.Chart(ref).mark_rule(color=LINE_COLOR, strokeDash=[6, 4]).encode(y="y:Q")
    rule_text = (
        alt.Chart(ref).mark_text(align="left", dx=4, dy=-8, color=LINE_COLOR).encode(x="x:Q", y="y:Q", text="text:N")
    )
    layers: list[alt.Chart] = [curve, rule, rule_text]
    if marked:
        mark = named("mark")
        layers.append(alt.Chart(mark).mark_rule(color="#666", strokeDash=[2, 3]).encode(x="x:Q"))
        layers.append(
            alt.Chart(mark).mark_text(align="left", dx=4, color="#444").encode(x="x:Q", y="y:Q", text="text:N")
        )
    return alt.layer(*layers).properties(height=height)


def share_lines(
    frame: pd.DataFrame, *, x: str, y: str, color: str, x_title: str, y_title: str, color_title: str, height: int = 260
) -> Chart:
    """One line per ``color`` group of a share (0-1, shown as a percentage) over ``x``
    (e.g. each team's share of people meeting the weekly target, week by week)."""
    return chart(
        _share_lines,
        {"lines": frame},
        x=x,
        y=y,
        color=color,
        x_title=x_title,
        y_title=y_title,
        color_title=color_title,
        height=height,
    )


def _share_lines(*, x: str, y: str, color: str, x_title: str, y_title: str, color_title: str, height: int) -> alt.Chart:
    return (
        alt.Chart(named("lines"))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", **upright())),
            color=alt.Color(f"{color}:N", title=color_title, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=x_title),
                alt.Tooltip(f"{color}:N", title=color_title),
                alt.Tooltip(f"{y}:Q", title=y_title, format=".0%"),
            ],
        )
        .properties(height=height)
    )
