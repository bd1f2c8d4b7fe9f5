"""Talent pipeline (domain.md R9): camps, clearances, the cadre standard, the command
structure, stars and the General camp's points. The model: kam/views/talent."""

import datetime as dt

import streamlit as st

from kam.ui import talent as ui
from kam.ui.common import t
from kam.ui.filters import filter_bar
from kam.ui.page import rules_guard, setup
from kam.ui.widgets import metrics_row
from kam.views import filters, talent

page = setup("talent.title")
st.title(t("talent.title"))
bar = filter_bar(filters.load(page.db, page.access), dt.date.today())
with rules_guard():
    m = talent.load(
        page.db, page.access, as_of=bar.as_of, lang=page.lang, branch=bar.branch, team=bar.team, person=bar.owner
    )
st.caption(t("talent.intro"))
metrics_row(m.metrics)
tabs = st.tabs([t(f"talent.tab.{name}") for name in talent.TABS], key=f"talent_tab_{page.lang}", on_change="rerun")
pipeline, clearances, cadre, command, stars, points = tabs
if pipeline.open:
    with pipeline:
        ui.draw_pipeline(page, m, talent.quarter_of(bar.as_of))
if clearances.open:
    with clearances:
        ui.draw_clearances(page, m)
if cadre.open:
    with cadre:
        ui.draw_cadre(page, m)
if command.open:
    with command:
        ui.draw_command(page, m)
if stars.open:
    with stars:
        ui.draw_stars(page, m)
if points.open:
    with points:
        ui.draw_points(page, m)
