"""Honor rolls (domain.md R10) and the commission ladder (R14): podiums, full rolls, closing
a period, each person's history, the hall of the year. The model: kam/views/honors."""

import datetime as dt

import streamlit as st

from kam.ui import honors as ui
from kam.ui.common import t
from kam.ui.filters import filter_bar
from kam.ui.page import lazy_tabs, rules_guard, setup
from kam.ui.widgets import metrics_row
from kam.views import filters, honors

page = setup("honors.title")
st.title(t("honors.title"))
today = dt.date.today()
bar = filter_bar(filters.load(page.db, page.access), today, owner=False)
period = ui.period_picker(bar.as_of)
with rules_guard():
    m = honors.load(
        page.db, page.access, as_of=bar.as_of, lang=page.lang, period=period, branch=bar.branch, team=bar.team
    )
ui.draw_state(page, m, today)
metrics_row(m.metrics)
lazy_tabs(
    page,
    "honors",
    honors.TABS,
    {
        "stage": lambda: ui.draw_stage(m),
        "rolls": lambda: ui.draw_rolls(page, m),
        "history": lambda: ui.draw_history(page, m),
        "hall": lambda: ui.draw_hall(page, m),
        "commission": lambda: ui.draw_commission(page, m),
    },
)
