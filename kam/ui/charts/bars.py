"""Bar charts: diverging bars (two shares per category, e.g. the customer pyramid) and
grouped bars (counts side by side per category, e.g. each camp's pipeline)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from kam.ui.charts.spec import Chart, chart, named
from kam.ui.charts.style import FADED, LEFT_COLOR, RIGHT_COLOR, shape_tooltips, tooltip_fields


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
) -> Chart:
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
    # Room for the texts; in steps of 5% so that a save moving a share a little keeps the shape.
    reach = math.ceil(max(0.05, float(data["value"].abs().max() or 0.0)) * 1.45 * 20) / 20
    return chart(
        _bars,
        {"bars": data},
        category=category,
        label=label,
        order=order,
        reach=reach,
        title=f"{left_title}      {right_title}",
        param=param,
        tooltip=tooltip_fields(frame, tooltip),
        height=height,
    )


def _bars(
    *,
    category: str,
    label: str,
    order: tuple[str, ...],
    reach: float,
    title: str,
    param: str,
    tooltip: tuple[tuple[str, str, bool], ...],
    height: int,
) -> alt.LayerChart:
    pick = alt.selection_point(name=param, fields=[category], on="click")
    axis = alt.Axis(labelFontSize=13, labelPadding=8, labelLimit=220)
    y = alt.Y(f"{label}:N", sort=list(order), title=None, axis=axis)
    x = alt.X(
        "value:Q",
        scale=alt.Scale(domain=[-reach, reach]),
        axis=alt.Axis(
            labels=False,
            ticks=False,
            domain=False,
            grid=False,
            title=title,
            titleFontWeight="normal",
            titleColor="#555",
        ),
    )
    tips = shape_tooltips(tooltip)
    base = alt.Chart(named("bars")).encode(y=y)
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
    zero = alt.Chart(alt.InlineData(values=[{"value": 0.0}])).mark_rule(color="#666").encode(x="value:Q")
    return alt.layer(bars, left_texts, right_texts, zero).properties(height=height)


def grouped_bars(
    frame: pd.DataFrame,
    *,
    x: str,
    group: str,
    y: str,
    x_order: Sequence[str],
    colours: dict[str, str],
    height: int = 260,
) -> Chart:
    """A count ``y`` per (``x``, ``group``): the groups' bars side by side in each ``x``
    category, coloured by ``colours`` (group -> colour, in their order)."""
    top = max(1, int(frame[y].max())) if len(frame) else 1
    return chart(
        _grouped,
        {"bars": frame},
        x=x,
        group=group,
        y=y,
        x_order=list(x_order),
        colours=list(colours.items()),
        top=top,
        height=height,
    )


def _grouped(
    *,
    x: str,
    group: str,
    y: str,
    x_order: tuple[str, ...],
    colours: tuple[tuple[str, str], ...],
    top: int,
    height: int,
) -> alt.Chart:
    groups = [g for g, _ in colours]
    return (
        alt.Chart(named("bars"))
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", sort=list(x_order), title=None, axis=alt.Axis(labelAngle=0, labelLimit=240)),
            xOffset=alt.XOffset(f"{group}:N", sort=groups),
            y=alt.Y(f"{y}:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(domain=[0, top])),
            color=alt.Color(
                f"{group}:N",
                title=None,
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=groups, range=[c for _, c in colours]),
            ),
            tooltip=[alt.Tooltip(f"{x}:N"), alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{y}:Q")],
        )
        .properties(height=height)
    )
