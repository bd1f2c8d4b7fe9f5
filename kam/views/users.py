"""The users page without Streamlit (issue 12, item 6): who an account may belong to, the
sign-in log and the accounts' history, for an admin. The accounts and the account
settings themselves are the grid editor's (:func:`kam.ui.cache.load_table`), never with a
password column (:data:`kam.store.frames.SECRET_COLUMNS`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.i18n import by_name, translate
from kam.store.access import Access
from kam.store.people import read_org
from kam.store.users import DEMO_MARK, UNKNOWN, read_sign_ins
from kam.views import signed
from kam.views.changes import recent_changes, when_text

LOG_ROWS = 200  # sign-in events listed
HISTORY = 100  # audit rows of the accounts listed


@dataclass(frozen=True)
class UsersModel:
    people: dict[int, str]  # the people an account may belong to (not left), "name · branch"
    log: pd.DataFrame  # the newest sign-in events as people read them (headers translated)
    history: pd.DataFrame  # the accounts' newest changes (kam.views.changes)

    @staticmethod
    def account_names(accounts: pd.DataFrame) -> dict[int, str]:
        """Account id -> "display name (login)", for the reset picker."""
        return {
            int(i): f"{n} ({login})"
            for i, n, login in zip(accounts["id"], accounts["display_name"], accounts["login"], strict=True)
        }

    @staticmethod
    def settings_rows(frame: pd.DataFrame) -> pd.DataFrame:
        """The account settings people edit (not the demo data's marker row)."""
        return frame[frame["code"] != DEMO_MARK]


def load(db: sqlite_utils.Database, access: Access | None, *, lang: str, tz: dt.tzinfo | None = None) -> UsersModel:
    """:raises kam.store.access.AccessDenied: nobody signed in, or not an admin."""
    access = signed(access, "users", "sign_ins")
    org = read_org(db)
    branch = dict(zip(org.branches["id"], org.branches["name"], strict=True))
    staff = by_name(org.people[org.people["left_date"].isna()])
    people = {
        int(i): f"{n} · {branch[b]}" if b in branch else str(n)
        for i, n, b in zip(staff["id"], staff["name"], staff["branch_id"], strict=True)
    }

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    rows = read_sign_ins(db, LOG_ROWS)
    log = pd.DataFrame(
        [(when_text(at, tz), _login_text(login, t), t(f"users.event.{event}")) for at, login, _, event in rows],
        columns=[t("users.col.at"), t("users.col.login"), t("users.col.event")],
    )
    return UsersModel(people, log, recent_changes(db, lang, tz, access, "users", limit=HISTORY))


def _login_text(login: str, t: Callable[..., str]) -> str:
    """A logged name: a name no account has is kept as a digest only (it may have been a
    password typed into the wrong field); the same digest is the same name."""
    if login.startswith(UNKNOWN):
        return t("users.unknown_login", digest=login[len(UNKNOWN) : len(UNKNOWN) + 6])
    return login
