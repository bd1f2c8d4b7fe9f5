"""The sign-in gate of every page (called by :func:`kam.ui.page.setup`): the first admin of
an empty tool, the sign-in form, a forced password change, the idle time-out, sign-out.

The signed-in account lives in the session (``ACCOUNT``): it outlives a page switch; a
reload or a new tab is a new session and signs in again (the server cannot set a cookie).
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils
import streamlit as st

from kam import auth
from kam.i18n import plain
from kam.store import users
from kam.store.access import Access, access_for
from kam.store.users import Account
from kam.ui.common import LANG, t

ACCOUNT = "_kam_account"  # the signed-in Account
SEEN = "_kam_seen"  # when this session last ran a page (the idle time-out)
FLASH = "_kam_signin_flash"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _session(db: sqlite_utils.Database, now: dt.datetime) -> tuple[Account | None, str | None]:
    """This session's account as the database has it now, and why it may no longer act
    (``auth.idle``, ``auth.failed``: deactivated or its person left meanwhile), if so."""
    account: Account | None = st.session_state.get(ACCOUNT)
    if account is None:
        return None, None
    seen = st.session_state.get(SEEN)
    if seen is not None and now - seen > dt.timedelta(minutes=users.settings(db)["idle_minutes"]):
        return account, "auth.idle"
    fresh = users.account(db, account.id)
    if fresh is None or not fresh.active or (fresh.person_left or "9999") <= now.date().isoformat():
        return account, "auth.failed"
    if fresh.session_epoch != account.session_epoch:
        return account, "auth.password_moved"  # a new password, set elsewhere: sign in with it
    return fresh, None


def acting_access(db: sqlite_utils.Database) -> Access | None:
    """This session's rights as they are now (the account read again, the reporting tree
    as it is), or None when it may no longer change data: for a callback (Streamlit runs a
    button's ``on_click`` before the page script, so before :func:`signed_in`), so that a
    save made after a demotion or a move in the tree has the new rights."""
    account, why = _session(db, _now())
    if account is None or why is not None or account.must_change_password:
        return None
    return access_for(db, account, auth.audit_name(account))


def session_holds(db: sqlite_utils.Database) -> bool:
    """For a part of a page run alone (a grid's fragment, which skips the page's gate):
    whether the session may still act as the page was drawn for, counting as activity for
    the idle time-out. False (signed out, idle, deactivated, a new password, any change to
    the account such as its role) sends the caller to run the whole page, whose gate then
    signs out or draws the page for the account as it is now."""
    now = _now()
    drawn_for = st.session_state.get(ACCOUNT)
    account, why = _session(db, now)
    if account is None or why is not None or account != drawn_for:
        return False
    st.session_state[SEEN] = now
    return True


def signed_in(db: sqlite_utils.Database) -> Account:
    """The signed-in account, or the form that gets one (the page stops there)."""
    now = _now()
    account, why = _session(db, now)
    if account is not None and why is not None:
        _forget(db, account, why)
    elif account is not None:
        st.session_state[ACCOUNT] = account
        st.session_state[SEEN] = now
        if account.must_change_password:
            with st.columns([2, 3])[0]:
                _change_password_form(db, account, forced=True)
            st.stop()
        return account
    if FLASH in st.session_state:
        st.info(t(st.session_state.pop(FLASH)))
    with st.columns([2, 3])[0]:  # a form of a readable width
        if users.user_count(db) == 0:
            _first_admin_form(db)
        else:
            _sign_in_form(db)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _forget(db: sqlite_utils.Database, account: Account, why: str) -> None:
    """Sign out: the whole session is forgotten (pending grid edits, filters), but for the
    language, so that the next person on this tab starts clean."""
    auth.sign_out(db, account, _now())
    for key in list(st.session_state.keys()):
        if key != LANG:
            del st.session_state[key]
    st.session_state[FLASH] = why


def _sign_in_form(db: sqlite_utils.Database) -> None:
    st.title(t("auth.title"))
    if users.is_demo(db):
        st.info(t("auth.demo"))
    with st.form("kam_sign_in"):
        login = st.text_input(t("auth.login"))
        password = st.text_input(t("auth.password"), type="password")
        if st.form_submit_button(t("auth.sign_in"), type="primary"):
            got = auth.sign_in(db, login, password, _now())
            if got.account is None:
                st.error(t(got.message or "auth.failed"))
            else:
                st.session_state[ACCOUNT] = got.account
                st.session_state[SEEN] = _now()
                st.rerun()


def _first_admin_form(db: sqlite_utils.Database) -> None:
    st.title(t("auth.first_title"))
    st.caption(t("auth.first_help", n=int(users.settings(db)["min_password_length"])))
    with st.form("kam_first_admin"):
        login = st.text_input(t("auth.login"))
        name = st.text_input(t("auth.display_name"))
        password = st.text_input(t("auth.password"), type="password")
        again = st.text_input(t("auth.password_again"), type="password")
        token = st.text_input(t("auth.setup_token"), type="password") if auth.setup_token_needed() else ""
        if st.form_submit_button(t("auth.create_admin"), type="primary"):
            account, problems = auth.create_first_admin(db, login, name, password, again, _now(), token)
            if account is None:
                st.error("\n".join(f"- {t(p)}" for p in problems))
            else:
                st.session_state[ACCOUNT] = account
                st.session_state[SEEN] = _now()
                st.rerun()


def _change_password_form(db: sqlite_utils.Database, account: Account, *, forced: bool = False) -> None:
    if forced:
        st.title(t("auth.change_title"))
        st.info(t("auth.must_change"))
    with st.form(f"kam_change_password_{int(forced)}"):
        old = st.text_input(t("auth.current_password"), type="password")
        new = st.text_input(t("auth.new_password"), type="password")
        again = st.text_input(t("auth.password_again"), type="password")
        if st.form_submit_button(t("auth.change"), type="primary" if forced else "secondary"):
            problems = auth.change_password(db, account, old, new, again, _now())
            if problems:
                st.error("\n".join(f"- {t(p)}" for p in problems))
            else:
                st.session_state[ACCOUNT] = users.account(db, account.id)
                st.success(t("auth.changed"))
                if forced:
                    st.rerun()


def account_box(db: sqlite_utils.Database, account: Account) -> None:
    """The sidebar's signed-in user, sign-out and the own password change."""
    name = plain(account.display_name)  # user text: inert for Markdown
    st.caption(t("auth.signed_in_as", name=name, role=t(f"auth.role.{account.role}")))
    if st.button(t("auth.sign_out"), key="kam_sign_out", icon=":material/logout:"):
        _forget(db, account, "auth.signed_out")
        st.rerun()
    with st.expander(t("auth.change")):
        _change_password_form(db, account)
