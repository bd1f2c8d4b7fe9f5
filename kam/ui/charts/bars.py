"""Bar charts: diverging bars (two shares per category, e.g. the customer pyramid)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from kam.ui.charts.style import FADED, LEFT_COLOR, RIGHT_COLOR, tooltips


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
    tips = tooltips(frame, tooltip)
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
