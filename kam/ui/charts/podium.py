"""A podium: places 2, 1, 3 side by side as blocks of falling height, gold, silver and
bronze, the place number on each block, the winners' names and figure above it. Names are
text marks (data), never markup; no tooltip (Vega's tooltip renders HTML)."""

from __future__ import annotations

import altair as alt
import pandas as pd

PLACE_COLORS = {1: "#d4af37", 2: "#a8a9ad", 3: "#cd7f32"}  # gold, silver, bronze
PODIUM_HEIGHT = 230


def podium_chart(places: pd.DataFrame) -> alt.LayerChart:
    """:param places: one row per place held: ``place`` (1-3), ``order`` (2, 1, 3: left to
    right), ``height`` (the block), ``names`` (a tie's names joined), ``figure_text``."""
    colors = alt.Scale(domain=list(PLACE_COLORS), range=list(PLACE_COLORS.values()))
    x = alt.X("order:O", axis=None, scale=alt.Scale(domain=[1, 2, 3], paddingInner=0.08))
    y = alt.Y("height:Q", axis=None, scale=alt.Scale(domain=[0, 4.6]))
    base = alt.Chart(places).encode(x=x)
    blocks = base.mark_bar(cornerRadiusTopLeft=6, cornerRadiusTopRight=6).encode(
        y=y, color=alt.Color("place:O", scale=colors, legend=None)
    )
    number = base.mark_text(baseline="top", dy=8, fontSize=30, fontWeight="bold", color="white").encode(
        y=y, text="place:O"
    )
    names = base.mark_text(baseline="bottom", dy=-22, fontSize=15, fontWeight="bold", limit=190).encode(
        y=y, text="names:N"
    )
    figure = base.mark_text(baseline="bottom", dy=-5, fontSize=12, color="#555").encode(y=y, text="figure_text:N")
    return alt.layer(blocks, number, names, figure).properties(height=PODIUM_HEIGHT).configure_view(stroke=None)
