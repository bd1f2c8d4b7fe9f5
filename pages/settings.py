"""Rules settings: the rules tables of domain.md, one rule and one table at a time."""

import streamlit as st

from kam import store
from kam.specs import RULE_TABLES, SPECS
from kam.ui.common import load_table, open_db, page_setup, t
from kam.ui.grid import edit_table

db = open_db()
user = page_setup("settings.title", db)
st.title(t("settings.title"))
st.caption(t("settings.intro"))

rule = st.selectbox(t("settings.rule"), list(RULE_TABLES), format_func=lambda r: t(f"rule.{r}"), key="settings_rule")
tables = list(RULE_TABLES[rule])
if store.rule_param_count(db, rule):
    tables.append("rule_params")
table = st.radio(
    t("settings.table"),
    tables,
    format_func=lambda name: t(f"table.{name}"),
    horizontal=True,
    key=f"settings_table_{rule}",
)

spec = SPECS[table]
frame = load_table(db, spec)
if table == "rule_params":
    frame = frame[frame["rule"] == rule]
edit_table(db, spec, frame, key=f"rules_{table}", user=user)

with st.expander(t("settings.audit")):
    st.dataframe(store.read_audit(db, table, limit=100), hide_index=True, width="stretch")
