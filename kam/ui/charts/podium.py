"""A podium: places 2, 1, 3 side by side as blocks of falling height, gold, silver and
bronze, the place number on each block, the winners' names and figure above it. Names are
text marks (data), never markup; no tooltip (Vega's tooltip renders HTML)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kam.ui.charts.spec import Chart, chart, named

PLACE_COLORS = {1: "#d4af37", 2: "#a8a9ad", 3: "#cd7f32"}  # gold, silver, bronze
PODIUM_HEIGHT = 230


def podium_chart(places: pd.DataFrame) -> Chart:
    """:param places: one row per place held: ``place`` (1-3), ``order`` (2, 1, 3: left to
    right), ``height`` (the block), ``names`` (a tie's names joined), ``figure_text``;
    ``shade`` (the block's opacity: a runner-up lighter, an empty step faint); and ``group``
    (a branch's name): a podium per group side by side when there are several."""
    groups = int(places["group"].nunique()) if "group" in places else 1
    return chart(
        _podium,
        {"places": places},
        groups=groups,
        shaded="shade" in places,
        sort=list(dict.fromkeys(places["group"])) if groups > 1 else [],
    )


def _podium(*, groups: int, shaded: bool, sort: tuple[str, ...]) -> alt.LayerChart | alt.FacetChart:
    colors = alt.Scale(domain=list(PLACE_COLORS), range=list(PLACE_COLORS.values()))
    x = alt.X("order:O", axis=None, scale=alt.Scale(domain=[1, 2, 3], paddingInner=0.08))
    y = alt.Y("height:Q", axis=None, scale=alt.Scale(domain=[0, 4.6]))
    base = alt.Chart().encode(x=x)  # the data on the layer: a facet needs it at the top
    big = groups <= 1
    shade = alt.Opacity("shade:Q", scale=None, legend=None) if shaded else alt.value(1.0)
    blocks = base.mark_bar(cornerRadiusTopLeft=6, cornerRadiusTopRight=6).encode(
        y=y, color=alt.Color("place:O", scale=colors, legend=None), opacity=shade
    )
    number = base.mark_text(baseline="top", dy=8, fontSize=30 if big else 20, fontWeight="bold", color="white").encode(
        y=y, text="place:O"
    )
    size = {"dy": -22, "fontSize": 15, "limit": 190} if big else {"dy": -18, "fontSize": 12, "limit": 64}
    names = base.mark_text(baseline="bottom", fontWeight="bold", **size).encode(y=y, text="names:N")
    figure = base.mark_text(baseline="bottom", dy=-5, fontSize=12 if big else 10, color="#555").encode(
        y=y, text="figure_text:N"
    )
    layered = alt.layer(blocks, number, names, figure, data=named("places"))
    if big:
        return layered.properties(height=PODIUM_HEIGHT).configure_view(stroke=None)
    # A podium per branch: the branch's name (data, a header's text) above each.
    width = max(110, 420 // groups)  # the podiums fit a stage card (half the page)
    header = alt.Header(title=None, labelFontSize=13, labelFontWeight="bold", labelOrient="bottom")
    return (
        layered.properties(height=PODIUM_HEIGHT - 40, width=width)
        .facet(column=alt.Column("group:N", header=header, sort=list(sort)))
        .configure_view(stroke=None)
    )
