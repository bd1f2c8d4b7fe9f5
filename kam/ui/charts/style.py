"""What every chart shares: colours, the upright axis title, tooltips, the money scale.

Texts in the frames are shown as text marks, never as HTML or code.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from kam.i18n import fmt_money, money_axis

LEFT_COLOR = "#8fb3d9"


RIGHT_COLOR = "#1f5fa8"


LINE_COLOR = "#d9534f"


HEAT_SCHEME = "blues"


FADED = 0.3


def upright(align: str = "left") -> dict[str, object]:
    """A y-axis title written upright above the axis (rotated Chinese reads sideways)."""
    return {
        "titleAngle": 0,
        "titleAlign": align,
        "titleAnchor": "end",
        "titleBaseline": "bottom",
        "titleY": -12,
        "titleX": 0,
    }


def tooltip_fields(frame: pd.DataFrame, tooltip: Sequence[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(column, title, numeric) of each (column, title) pair: what a shape's tooltips need
    to know of the rows (:mod:`kam.ui.charts.spec`)."""
    return [(c, title, pd.api.types.is_numeric_dtype(frame[c])) for c, title in tooltip]


def shape_tooltips(fields: Sequence[tuple[str, str, bool]]) -> list[alt.Tooltip]:
    """The tooltips of :func:`tooltip_fields`: numbers as numbers, the rest as text."""
    return [alt.Tooltip(f"{c}:Q" if numeric else f"{c}:N", title=title) for c, title, numeric in fields]


ACTUAL_COLOR = "#1f5fa8"


TARGET_COLOR = "#e0822b"


MET_COLOR = "#2e8540"


OPEN_COLOR = "#9aa5b1"  # a month still under way


BEHIND_COLOR = "#d9534f"


# The axis title written upright above the axis (rotated Chinese reads sideways); labels
# with at most two decimals (never "0.000000").
UPRIGHT = {"format": ",.2~f", **upright()}


def scaled(frame: pd.DataFrame, columns: list[str], lang: str) -> tuple[pd.DataFrame, str]:
    largest = float(pd.concat([frame[c] for c in columns]).abs().max()) if len(frame) else 0.0
    divisor, unit = money_axis(largest, lang)
    out = frame.copy()
    for c in columns:
        out[f"{c}_v"] = out[c] / divisor
        out[f"{c}_t"] = [fmt_money(v, lang) if v == v else "—" for v in out[c]]
    return out, unit
