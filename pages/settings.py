"""Rules settings: the rules tables of domain.md, one rule and one table at a time."""

import streamlit as st

from kam.specs import RULE_TABLES, SPECS
from kam.ui.cache import load_table
from kam.ui.common import lang_key, select, t, user_zone
from kam.ui.grid import edit_table
from kam.ui.page import setup
from kam.ui.widgets import show_frame
from kam.views import settings

page = setup("settings.title")
st.title(t("settings.title"))
st.caption(t("settings.intro"))

rule = select(
    st, t("settings.rule"), list(RULE_TABLES), format_func=lambda r: t(f"rule.{r}"), key=lang_key("settings_rule")
)
model = settings.load(page.db, page.access, rule=rule, lang=page.lang, tz=user_zone())
table = st.radio(
    t("settings.table"),
    model.tables,
    format_func=lambda n: t(f"table.{n}"),
    horizontal=True,
    key=lang_key(f"settings_table_{rule}"),
)
spec = SPECS[table]
rows = model.rows_of(table, load_table(page.db, spec, page.access))
edit_table(page.db, spec, rows, key=f"rules_{table}", access=page.access)

with st.expander(t("settings.audit")):
    show_frame(model.history[table], t("home.no_changes"))
