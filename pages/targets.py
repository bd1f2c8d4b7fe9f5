"""Targets and decomposition (domain.md R6): who is behind, the targets tree from the company
to every person, bulk entry, the ten-year key-account plan and its drivers.
The model: kam/views/targets; the sections: kam/ui/targets/."""

import datetime as dt

import streamlit as st

from kam.ui import targets as sections
from kam.ui.common import t
from kam.ui.filters import filter_bar
from kam.ui.page import rules_guard, setup
from kam.ui.widgets import metrics_row
from kam.views import filters, targets

page = setup("targets.title")
st.title(t("targets.title"))
st.caption(t("targets.intro"))
options = filters.load(page.db, page.access)
bar = filter_bar(options, dt.date.today(), owner=False, years=list(options.target_years))
with rules_guard():
    m = targets.load(
        page.db, page.access, year=bar.year, as_of=bar.as_of, lang=page.lang, branch=bar.branch, team=bar.team
    )
metrics_row(m.metrics)

shown = sections.sections_for(page.access)
tabs = st.tabs([t(f"targets.tab.{n}") for n in shown], key="targets_tab", on_change="rerun")
for tab, draw in zip(tabs, shown.values(), strict=True):
    with tab:
        if tab.open:  # only the open tab is drawn
            draw(page.db, m, page.access)
