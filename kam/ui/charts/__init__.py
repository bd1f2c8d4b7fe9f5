"""Charts by kind; the frames come in ready (labels, texts, shares), the charts only draw
them, each a shape compiled once and its rows (:mod:`kam.ui.charts.spec`); draw one with
:func:`show`. A clickable chart names one point selection (``param``): draw it with
:class:`kam.ui.linked.LinkedCharts` to follow its clicks."""

from kam.ui.charts.bars import diverging_bars
from kam.ui.charts.heat import heat_grid
from kam.ui.charts.lines import cumulative_curve, share_lines
from kam.ui.charts.spec import Chart, show
from kam.ui.charts.target_actual import monthly_chart, plan_chart

__all__ = [
    "Chart",
    "cumulative_curve",
    "diverging_bars",
    "heat_grid",
    "monthly_chart",
    "plan_chart",
    "share_lines",
    "show",
]
