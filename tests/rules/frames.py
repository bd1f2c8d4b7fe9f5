"""Builders for the rules tests: frames shaped as ``read_frame`` returns them, and rules edits.

Imported by path (``from tests.rules.frames import AS_OF, customers``; pytest.ini puts the
repository root on ``sys.path``); the fixtures built on them are in ``conftest.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

import kam.db
from kam.store.frames import read_frame
from kam.store.rules import load_rules

AS_OF = dt.date(2026, 6, 30)

_DB = kam.db.connect(":memory:")
DEFAULT_RULES = load_rules(_DB)  # the shipped default rules tables (copy before editing)
_COLUMNS = {
    t: list(read_frame(_DB, t).columns)
    for t in (
        "customers",
        "orders",
        "people",
        "meetings",
        "clearance_results",
        "targets",
        "teams",
        "branches",
        "order_milestones",
        "stuck_analyses",
        "order_key_messages",
    )
}
_REQUIRED = {
    "customers": {
        "name": "customer",
        "industry_top100": 0,
        "regional_top100": 0,
        "segment_leader": 0,
        "wants_no1": 0,
        "ten_billion_strategy": 0,
        # A complete record by default; tests blank fields to test "missing".
        "customer_revenue": 0,
        "winnability": 0,
        "demonstration": 0,
        "expected_cooperation_36m": 0,
    },
    "orders": {"stage": "won", "amount": 0, "lock_date": "2026-01-01"},
    "people": {"name": "person", "rank": "partner", "join_date": "2020-01-01"},
    "meetings": {"activity_type": "face_to_face", "meeting_date": AS_OF.isoformat()},
    "clearance_results": {"result_date": "2026-01-01", "passed": 1, "score": None},
}


def frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows of ``table`` with every schema column, built as read_frame builds them."""
    cols = _COLUMNS[table]
    unknown = {k for r in rows for k in r} - set(cols)
    if unknown:
        raise KeyError(f"{table} has no columns {sorted(unknown)}")
    records = []
    for i, row in enumerate(rows, start=1):
        full = {"id": i, "version": 1, **_REQUIRED.get(table, {}), **row}
        records.append(tuple(full.get(c) for c in cols))
    return pd.DataFrame.from_records(records, columns=cols)


def customers(*rows: dict[str, Any]) -> pd.DataFrame:
    return frame("customers", list(rows))


def orders(*rows: dict[str, Any]) -> pd.DataFrame:
    return frame("orders", list(rows))


def people(*rows: dict[str, Any]) -> pd.DataFrame:
    return frame("people", list(rows))


def meetings(*rows: dict[str, Any]) -> pd.DataFrame:
    return frame("meetings", list(rows))


def clearance_results(*rows: dict[str, Any]) -> pd.DataFrame:
    return frame("clearance_results", list(rows))


def won(customer_id: int, amount: int, close_date: str | dt.date = AS_OF, **kw: Any) -> dict:
    """An order row won on ``close_date``."""
    return {
        "customer_id": customer_id,
        "amount": amount,
        "stage": "won",
        "close_date": str(close_date),
        **kw,
    }


def days_before(days: int, as_of: dt.date = AS_OF) -> str:
    return (as_of - dt.timedelta(days=days)).isoformat()


def months_before(months: int, as_of: dt.date = AS_OF, plus_days: int = 0) -> str:
    """The date ``months`` calendar months before as_of, shifted by ``plus_days``."""
    d = (pd.Timestamp(as_of) - pd.DateOffset(months=months)).date()
    return (d + dt.timedelta(days=plus_days)).isoformat()


def empty(table: str) -> pd.DataFrame:
    return frame(table, [])


def set_rule(
    rules: dict[str, pd.DataFrame],
    table: str,
    key: Any,
    column: str,
    value: Any,
    key_column: str = "code",
) -> None:
    """Edit one cell of a rules table, as the settings grid would."""
    t = rules[table]
    hit = t[key_column] == key
    if not hit.any():
        raise KeyError(f"{table} has no row {key!r}")
    t = t.astype({column: "object"}) if value is None else t
    t.loc[hit, column] = value
    rules[table] = t
