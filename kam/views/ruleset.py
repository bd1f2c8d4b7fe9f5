"""The rules tables (domain.md R1-R14) as one stage every view shares: read once per state of
the rules tables, not once per view computed (forty tables: 0.1 s a read)."""

from __future__ import annotations

import sqlite_utils

from kam.rules.params import KeptRules, Rules
from kam.store.rules import load_rules
from kam.views import RULES, reads
from kam.views.memo import memo


@reads(*RULES)
def _rules(db: sqlite_utils.Database) -> KeptRules:
    return KeptRules(load_rules(db))


def current_rules(db: sqlite_utils.Database) -> Rules:
    """Every rules table as :func:`kam.store.rules.load_rules` reads it now: one read-only
    mapping shared by every caller until the rules change, which keeps what the rules parse
    of it (:func:`kam.rules.params.parsed`). A caller that wants other tables builds a dict
    of its own (``{**rules, name: frame}``); the frames are shared, pandas copies on write."""
    return memo(_rules, db)
