"""Talent pipeline (domain.md R9): camps, clearances, the cadre standard, the command
structure, stars and the General camp's points. The model: kam/views/talent."""

import datetime as dt

import streamlit as st

from kam.ui import talent as ui
from kam.ui.common import t
from kam.ui.filters import filter_bar
from kam.ui.page import lazy_tabs, rules_guard, setup
from kam.ui.widgets import metrics_row
from kam.views import filters, talent

page = setup("talent.title")
st.title(t("talent.title"))
today = dt.date.today()
bar = filter_bar(filters.load(page.db, page.access), today, owner_label=t("talent.pipe.pick"))
with rules_guard():
    m = talent.load(
        page.db, page.access, as_of=bar.as_of, lang=page.lang, branch=bar.branch, team=bar.team, person=bar.owner
    )
st.caption(t("talent.intro"))
metrics_row(m.metrics)
lazy_tabs(
    page,
    "talent",
    talent.TABS,
    {
        "pipeline": lambda: ui.draw_pipeline(page, m, talent.quarter_of(bar.as_of)),
        "clearances": lambda: ui.draw_clearances(page, m),
        "cadre": lambda: ui.draw_cadre(page, m, today),
        "command": lambda: ui.draw_command(page, m),
        "stars": lambda: ui.draw_stars(page, m, today),
        "points": lambda: ui.draw_points(page, m),
        "people": lambda: ui.draw_people(page),
    },
)
