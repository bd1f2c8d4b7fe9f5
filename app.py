"""KAM Console: the home page (what the tool is, key figures, links, recent changes).

The pages are the scripts in pages/; the sidebar lists them from kam.ui.page.NAV."""

import datetime as dt

import streamlit as st

from kam.ui.common import t, user_zone
from kam.ui.filters import as_of_note
from kam.ui.page import NAV, nav_links, rules_guard, setup
from kam.ui.widgets import metrics_row, show_frame
from kam.views import filters, home

page = setup("app.title")
st.title(t("app.title"))
st.write(t("app.tagline"))
st.subheader(t("home.figures"))
as_of = as_of_note(filters.load(page.db, page.access), dt.date.today())
with rules_guard():
    model = home.load(page.db, page.access, as_of=as_of, lang=page.lang, tz=user_zone())
st.caption(f"{t('home.as_of')}: {as_of.isoformat()}")
metrics_row(model.metrics)
if model.customers == 0:  # None: a role that reads no customer
    st.info(t("home.empty"))
st.subheader(t("home.pages"))
nav_links(NAV[1:])
st.subheader(t("home.recent_changes"))
show_frame(model.recent, t("home.no_changes"))
