"""KAM Console: the router and the home page (what the tool is, key figures, links)."""

import datetime as dt

import streamlit as st

from kam import store
from kam.home import key_figures
from kam.ui.common import NAV, money, nav_links, open_db, page_setup, rules_guard, t

# The pages are the scripts in pages/; the sidebar lists them from kam.ui.common.NAV.


def home() -> None:
    db = open_db()
    page_setup("app.title", db)
    st.title(t("app.title"))
    st.write(t("app.tagline"))
    as_of = dt.date.today()
    figures = store.home_figures(db)
    st.subheader(t("home.figures"))
    st.caption(f"{t('home.as_of')}: {as_of.isoformat()}")
    customers = store.read_frame(db, "customers", ["id", "customer_revenue", "winnability", "demonstration"])
    orders = store.read_frame(db, "orders", ["id", "customer_id", "owner_id", "stage", "amount", "close_date"])
    with rules_guard():
        ruled = key_figures(customers, orders, store.load_rules(db), as_of)
    cols = st.columns(5)
    cols[0].metric(t("home.customers"), f"{figures['customers']:,}")
    cols[1].metric(t("home.key_accounts"), f"{ruled.key_accounts:,}")
    cols[2].metric(
        t("home.cooperation"), money(ruled.cooperation), help=t("home.cooperation_help", months=ruled.months)
    )
    cols[3].metric(t("home.open_orders"), f"{figures['open_orders']:,}")
    cols[4].metric(t("home.people"), f"{figures['people']:,}")
    if figures["customers"] == 0:
        st.info(t("home.empty"))
    st.subheader(t("home.pages"))
    nav_links(NAV[1:])
    st.subheader(t("home.recent_changes"))
    audit = store.read_audit(db, limit=20)
    if audit.empty:
        st.caption(t("home.no_changes"))
    else:
        st.dataframe(audit.drop(columns=["id"]), hide_index=True, width="stretch")


home()
