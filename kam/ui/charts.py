"""Altair charts any page can reuse: the frames come in ready (labels, texts, shares), the
charts only draw them. Each clickable chart names one point selection (``param``); give it
to ``st.altair_chart(..., on_select="rerun", selection_mode=param)`` to read the click.

Texts in the frames are shown as text marks, never as HTML or code.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

LEFT_COLOR = "#8fb3d9"
RIGHT_COLOR = "#1f5fa8"
LINE_COLOR = "#d9534f"
HEAT_SCHEME = "blues"
FADED = 0.3


def _upright(align: str = "left") -> dict[str, object]:
    """A y-axis title written upright above the axis (rotated Chinese reads sideways)."""
    return {
        "titleAngle": 0,
        "titleAlign": align,
        "titleAnchor": "end",
        "titleBaseline": "bottom",
        "titleY": -12,
        "titleX": 0,
    }


def _tooltips(frame: pd.DataFrame, tooltip: Sequence[tuple[str, str]]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{c}:Q" if pd.api.types.is_numeric_dtype(frame[c]) else f"{c}:N", title=title)
        for c, title in tooltip
    ]


def diverging_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    label: str,
    left: str,
    right: str,
    left_text: str,
    right_text: str,
    left_title: str,
    right_title: str,
    param: str,
    tooltip: Sequence[tuple[str, str]] = (),
    height: int = 280,
) -> alt.LayerChart:
    """Two shares per category back to back (a pyramid: the first row on top): ``left``
    grows to the left, ``right`` to the right, both fractions 0-1, with their texts at the
    bar ends. A click picks the category (``param``, field ``category``).

    :param tooltip: (column, title) pairs shown on hover.
    """
    order = [str(v) for v in frame[label]]
    keep = list(dict.fromkeys([category, label, *(c for c, _ in tooltip)]))
    sides = []
    for side, value, text in (("left", left, left_text), ("right", right, right_text)):
        part = frame[keep].copy()
        part["side"] = side
        part["value"] = -frame[value].fillna(0.0) if side == "left" else frame[value].fillna(0.0)
        part["text"] = frame[text]
        sides.append(part)
    data = pd.concat(sides, ignore_index=True)
    reach = max(0.05, float(data["value"].abs().max() or 0.0)) * 1.45  # room for the texts
    pick = alt.selection_point(name=param, fields=[category], on="click")
    y = alt.Y(f"{label}:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelPadding=8, labelLimit=220))
    x = alt.X(
        "value:Q",
        scale=alt.Scale(domain=[-reach, reach]),
        axis=alt.Axis(
            labels=False,
            ticks=False,
            domain=False,
            grid=False,
            title=f"{left_title}      {right_title}",
            titleFontWeight="normal",
            titleColor="#555",
        ),
    )
    tips = _tooltips(frame, tooltip)
    base = alt.Chart(data).encode(y=y)
    bars = (
        base.mark_bar(cornerRadius=3, height={"band": 0.72})
        .encode(
            x=x,
            color=alt.Color(
                "side:N", scale=alt.Scale(domain=["left", "right"], range=[LEFT_COLOR, RIGHT_COLOR]), legend=None
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(FADED)),
            tooltip=tips or alt.Undefined,
        )
        .add_params(pick)
    )
    left_texts = (
        base.transform_filter(alt.datum.side == "left")
        .mark_text(align="right", dx=-5, fontSize=12)
        .encode(x="value:Q", text="text:N")
    )
    right_texts = (
        base.transform_filter(alt.datum.side == "right")
        .mark_text(align="left", dx=5, fontSize=12)
        .encode(x="value:Q", text="text:N")
    )
    zero = alt.Chart(pd.DataFrame({"value": [0.0]})).mark_rule(color="#666").encode(x="value:Q")
    return alt.layer(bars, left_texts, right_texts, zero).properties(height=height)


def heat_grid(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    x_sort: Sequence[str],
    y_sort: Sequence[str],
    color: str,
    text: str,
    dark: str,
    fields: Sequence[str],
    param: str,
    x_title: str,
    y_title: str,
    tooltip: Sequence[tuple[str, str]] = (),
    height: int = 300,
) -> alt.LayerChart:
    """A grid of labelled cells (e.g. the 3x3 value map) shaded by ``color``; the
    ``text`` column (may hold line breaks) is written in each cell, white where ``dark``.
    A click picks the cell (``param``, by ``fields``)."""
    pick = alt.selection_point(name=param, fields=list(fields), on="click")
    tips = _tooltips(frame, tooltip)
    base = alt.Chart(frame).encode(
        x=alt.X(
            f"{x}:N", sort=list(x_sort), title=x_title, axis=alt.Axis(labelAngle=0, labelFontSize=13, orient="top")
        ),
        y=alt.Y(f"{y}:N", sort=list(y_sort), title=y_title, axis=alt.Axis(labelFontSize=13, **_upright("right"))),
    )
    cells = (
        base.mark_rect(stroke="white", strokeWidth=3, cornerRadius=4)
        .encode(
            color=alt.Color(
                f"{color}:Q",
                legend=None,
                scale=alt.Scale(scheme=HEAT_SCHEME, domain=[0, max(1.0, float(frame[color].max() or 0))]),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(FADED)),
            tooltip=tips or alt.Undefined,
        )
        .add_params(pick)
    )
    texts = base.mark_text(lineBreak="\n", fontSize=12, lineHeight=17).encode(
        text=f"{text}:N",
        color=alt.condition(f"datum.{dark}", alt.value("white"), alt.value("#1b1b1b")),
    )
    return alt.layer(cells, texts).properties(height=height)


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
) -> alt.LayerChart:
    """A cumulative share curve (e.g. Pareto) with a horizontal reference ``line`` and an
    optional vertical mark at ``mark_x``; both axes are fractions shown as percentages."""
    axis_x = alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    axis_y = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", **_upright()))
    curve = (
        alt.Chart(frame)
        .mark_area(
            line={"color": RIGHT_COLOR},
            color=RIGHT_COLOR,
            opacity=0.15,
        )
        .encode(x=axis_x, y=axis_y)
    )
    ref = pd.DataFrame({"y": [line], "x": [0.0], "text": [line_text]})
    rule = alt.Chart(ref).mark_rule(color=LINE_COLOR, strokeDash=[6, 4]).encode(y="y:Q")
    rule_text = (
        alt.Chart(ref).mark_text(align="left", dx=4, dy=-8, color=LINE_COLOR).encode(x="x:Q", y="y:Q", text="text:N")
    )
    layers: list[alt.Chart] = [curve, rule, rule_text]
    if mark_x is not None:
        mark = pd.DataFrame({"x": [mark_x], "y": [0.04], "text": [mark_text]})
        layers.append(alt.Chart(mark).mark_rule(color="#666", strokeDash=[2, 3]).encode(x="x:Q"))
        layers.append(
            alt.Chart(mark).mark_text(align="left", dx=4, color="#444").encode(x="x:Q", y="y:Q", text="text:N")
        )
    return alt.layer(*layers).properties(height=height)
