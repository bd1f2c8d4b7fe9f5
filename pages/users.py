"""Users and roles (issue 12): accounts in the grid editor (no password column), a new
account or a reset with a one-time password shown once, the account settings and the
sign-in log. For admins only (kam/store/access.py). The model: kam/views/users."""

import datetime as dt

import streamlit as st

from kam import auth
from kam.defaults import ROLES
from kam.i18n import plain
from kam.specs import SPECS
from kam.ui import grid
from kam.ui.cache import load_table
from kam.ui.common import select, t, user_zone
from kam.ui.page import setup
from kam.ui.widgets import flash, show_frame
from kam.views import users

page = setup("users.title")
st.title(t("users.title"))
st.caption(t("users.intro"))
m = users.load(page.db, page.access, lang=page.lang, tz=user_zone())

st.subheader(t("users.s.accounts"))
accounts = load_table(page.db, SPECS["users"], page.access)
grid.edit_table(
    page.db, SPECS["users"], accounts, key="users_accounts", access=page.access, fixed_note=t("users.grid_note")
)
flash("users_password")  # a new account's or a reset's one-time password, shown once

left, right = st.columns(2, gap="large")
with left, st.container(border=True):
    st.markdown(f"**{t('users.s.add')}**")
    st.caption(t("users.add_help"))
    with st.form("users_add_form", clear_on_submit=True):
        login = st.text_input(t("col.login"))
        name = st.text_input(t("col.display_name"))
        role = select(st, t("col.role"), ROLES, format_func=lambda r: t(f"auth.role.{r}"), index=None)
        person = select(
            st,
            t("users.person"),
            [None, *m.people],
            format_func=lambda p: t("users.no_person") if p is None else m.people[p],
        )
        if st.form_submit_button(t("users.add"), type="primary"):
            now = dt.datetime.now(dt.UTC)
            password, problems = auth.create_account(
                page.db, page.access, login=login, display_name=name, role=role or "", person_id=person, now=now
            )
            if password is None:
                st.error("\n".join(f"- {t(p)}" for p in problems))
            else:
                flash("users_password", ("success", f"{t('users.added', login=plain(login.strip()))} `{password}`"))
                grid.reset("users_accounts")
                st.rerun()
with right, st.container(border=True):
    st.markdown(f"**{t('users.s.reset')}**")
    st.caption(t("users.reset_help"))
    names = m.account_names(accounts)
    who = select(st, t("users.reset_who"), list(names), format_func=names.__getitem__, index=None, key="users_who")
    if st.button(t("users.reset"), disabled=who is None, key="users_reset"):
        password = auth.reset_password(page.db, page.access, int(who), dt.datetime.now(dt.UTC))
        login = plain(str(accounts.at[who, "login"]))
        flash("users_password", ("success", f"{t('users.reset_done', login=login)} `{password}`"))
        grid.reset("users_accounts")
        st.rerun()

st.subheader(t("users.s.settings"))
spec = SPECS["account_settings"]
grid.edit_table(
    page.db, spec, m.settings_rows(load_table(page.db, spec, page.access)), key="users_settings", access=page.access
)

with st.expander(t("users.s.log")):
    show_frame(m.log, t("users.no_log"))
with st.expander(t("settings.audit")):
    show_frame(m.history, t("home.no_changes"))
