"""Heat grids: a value per (x, y) cell, e.g. the 3x3 value map."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from kam.ui.charts.spec import Chart, chart, named
from kam.ui.charts.style import FADED, HEAT_SCHEME, shape_tooltips, tooltip_fields, upright


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
) -> Chart:
    """A grid of labelled cells (e.g. the 3x3 value map) shaded by ``color``; the
    ``text`` column (may hold line breaks) is written in each cell, white where ``dark``.
    A click picks the cell (``param``, by ``fields``)."""
    top = float(frame[color].max() or 0) if len(frame) else 0.0
    return chart(
        _heat,
        {"cells": frame},
        x=x,
        y=y,
        x_sort=list(x_sort),
        y_sort=list(y_sort),
        color=color,
        text=text,
        dark=dark,
        fields=list(fields),
        param=param,
        x_title=x_title,
        y_title=y_title,
        tooltip=tooltip_fields(frame, tooltip),
        # Shaded from 0 to the largest value, read by Vega from the rows (a save changing
        # a value keeps the shape); all values below 1: from 0 to 1 (no cell looks full).
        at_least_one=top < 1.0,
        height=height,
    )


def _heat(
    *,
    x: str,
    y: str,
    x_sort: tuple[str, ...],
    y_sort: tuple[str, ...],
    color: str,
    text: str,
    dark: str,
    fields: tuple[str, ...],
    param: str,
    x_title: str,
    y_title: str,
    tooltip: tuple[tuple[str, str, bool], ...],
    at_least_one: bool,
    height: int,
) -> alt.LayerChart:
    pick = alt.selection_point(name=param, fields=list(fields), on="click")
    tips = shape_tooltips(tooltip)
    base = alt.Chart(named("cells")).encode(
        x=alt.X(
            f"{x}:N", sort=list(x_sort), title=x_title, axis=alt.Axis(labelAngle=0, labelFontSize=13, orient="top")
        ),
        y=alt.Y(f"{y}:N", sort=list(y_sort), title=y_title, axis=alt.Axis(labelFontSize=13, **upright("right"))),
    )
    scale = alt.Scale(scheme=HEAT_SCHEME, domain=[0, 1]) if at_least_one else alt.Scale(scheme=HEAT_SCHEME, domainMin=0)
    cells = (
        base.mark_rect(stroke="white", strokeWidth=3, cornerRadius=4)
        .encode(
            color=alt.Color(f"{color}:Q", legend=None, scale=scale),
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
