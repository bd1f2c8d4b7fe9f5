"""Reads of the rules tables of domain.md (R1-R14) and their scalar parameters."""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from kam.defaults import LATER_RULES_DDL, RULES_DDL
from kam.store.frames import read_frame

RULES_TABLES: tuple[str, ...] = (*RULES_DDL, *LATER_RULES_DDL)


def load_rules(db: sqlite_utils.Database) -> dict[str, pd.DataFrame]:
    """Every rules table of domain.md as a DataFrame, keyed by table name."""
    return {t: read_frame(db, t) for t in RULES_TABLES}


def rule_param_count(db: sqlite_utils.Database, rule: str) -> int:
    return db.execute("SELECT COUNT(*) FROM rule_params WHERE rule = ?", [rule]).fetchone()[0]


def focus_limit(db: sqlite_utils.Database) -> int:
    """``r3_max_focus_industries``: how many focus industries a branch may choose (R3)."""
    row = db.execute("SELECT value FROM rule_params WHERE code = 'r3_max_focus_industries'").fetchone()
    return int(row[0]) if row and row[0] is not None else 0
