"""The rules settings page without Streamlit: which tables a rule has and their history.
The rows themselves are the grid editor's (:func:`kam.ui.cache.load_table`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.specs import RULE_TABLES
from kam.store.access import Access
from kam.store.rules import rule_param_count
from kam.views import signed
from kam.views.changes import recent_changes

HISTORY = 100  # audit rows shown under a rules table


@dataclass(frozen=True)
class SettingsModel:
    rule: str
    tables: tuple[str, ...]  # the rule's tables, then rule_params when it has parameters
    history: dict[str, pd.DataFrame]  # table -> its newest changes as people read them

    def rows_of(self, table: str, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows the grid shows: ``rule_params`` holds every rule's parameters."""
        return frame[frame["rule"] == self.rule] if table == "rule_params" else frame


# The names of changed rows and of the rows they refer to (a rank, a value class).
def load(
    db: sqlite_utils.Database, access: Access | None, *, rule: str, lang: str, tz: dt.tzinfo | None = None
) -> SettingsModel:
    """:param tz: the user's time zone (None: the server's).
    :raises kam.store.access.AccessDenied: nobody signed in."""
    access = signed(access)
    tables = tuple(RULE_TABLES[rule]) + (("rule_params",) if rule_param_count(db, rule) else ())
    return SettingsModel(
        rule, tables, {t: recent_changes(db, lang, tz, access, t, limit=HISTORY) for t in tables if access.reads(t)}
    )
