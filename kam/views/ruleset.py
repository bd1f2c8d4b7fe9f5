"""The rules tables (domain.md R1-R14) as one stage every view shares: read once per state of
the rules tables, not once per view computed (forty tables: 0.1 s a read)."""

from __future__ import annotations

import sqlite_utils

from kam.rules.params import Rules
from kam.store.rules import load_rules
from kam.views import RULES, reads
from kam.views.memo import memo


@reads(*RULES)
def _rules(db: sqlite_utils.Database) -> Rules:
    return load_rules(db)


def current_rules(db: sqlite_utils.Database) -> Rules:
    """Every rules table as :func:`kam.store.rules.load_rules` reads it now (a dict of its own
    per caller; the frames are shared, and pandas copies them on write)."""
    return dict(memo(_rules, db))
