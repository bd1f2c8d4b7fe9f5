"""Order board (domain.md R7, R8): four-order management, the week's alerts, metrics and
leaderboards, activities and the orders grid. The model: kam/views/board."""

import datetime as dt

import streamlit as st

from kam.ui import board as ui
from kam.ui.common import t
from kam.ui.filters import filter_bar
from kam.ui.page import lazy_tabs, rules_guard, setup
from kam.ui.widgets import metrics_row
from kam.views import board, filters

page = setup("board.title")
st.title(t("board.title"))
bar = filter_bar(filters.load(page.db, page.access), dt.date.today())
periods, grades = board.choices(page.db, bar.as_of, page.lang)
picks = ui.board_filters(periods, grades, ui.default_period(bar.as_of))
with rules_guard():
    m = board.load(
        page.db,
        page.access,
        as_of=bar.as_of,
        lang=page.lang,
        filters=board.Filters(branch=bar.branch, team=bar.team, owner=bar.owner, **picks),
    )
st.caption(t("board.intro"))
metrics_row(m.metrics)
lazy_tabs(
    page,
    "board",
    ui.TABS,
    {
        "board": lambda: ui.draw_board(page, m),
        "alerts": lambda: ui.draw_alerts(page, m),
        "metrics": lambda: ui.draw_metrics(page, m),
        "activities": lambda: ui.draw_activities(page, m, bar.branch, bar.team, bar.owner),
        "grid": lambda: ui.draw_grid(page, m),
    },
)
