"""Portraits and maps (domain.md R3): who fits the active portrait, two versions side by
side, the criteria, the relationship and competitor maps and the focus industries. The
model: kam/views/portraits."""

import datetime as dt

import streamlit as st

from kam.ui import portraits as ui
from kam.ui.common import t
from kam.ui.filters import filter_bar
from kam.ui.page import lazy_tabs, rules_guard, setup
from kam.ui.widgets import metrics_row
from kam.views import filters, portraits

page = setup("portraits.title")
st.title(t("portraits.title"))
bar = filter_bar(filters.load(page.db, page.access), dt.date.today())
with rules_guard():
    m = portraits.load(
        page.db, page.access, as_of=bar.as_of, lang=page.lang, branch=bar.branch, team=bar.team, owner=bar.owner
    )
st.caption(t("portraits.intro"))
for note in m.notes.values():
    st.warning(note)
metrics_row(m.metrics)
lazy_tabs(
    page,
    "portraits",
    portraits.TABS,
    {
        "fit": lambda: ui.draw_fit(page, m),
        "compare": lambda: ui.draw_compare(page, m),
        "criteria": lambda: ui.draw_criteria(page, m),
        "maps": lambda: ui.draw_maps(page, m),
        "competitors": lambda: ui.draw_competitors(page, m),
        "focus": lambda: ui.draw_focus(page, m),
    },
)
