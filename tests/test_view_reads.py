"""Every view declares every table it reads (@reads): a table read but not declared would
let the view cache serve a stale page after a write to it. SQLite's authorizer records
each table a view's queries touch."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
import sqlite_utils

from kam.views import filters, home, portraits, pyramid, ruleset, tables_read, targets
from kam.views.honors.commission import _kept
from kam.views.honors.figures import _hire_status, honor_figures, year_roll
from kam.views.orders import _won_orders as won_stage
from kam.views.talent.figures import _assessed as talent_assessed
from kam.views.talent.figures import _cadre as talent_cadre
from kam.views.talent.figures import _evidence as talent_evidence
from kam.views.talent.figures import _judged as talent_judged
from kam.views.talent.figures import _kept_stars as talent_kept_stars
from kam.views.talent.figures import _standing as talent_standing
from kam.views.talent.figures import talent_figures

AS_OF = dt.date(2026, 6, 30)
# The cache's own bookkeeping: write counters (table_changes) and the change logs a patched
# stage reads to know which orders or customers to read again (kam.views.memo.memo_patched).
INTERNAL = {
    "sqlite_master",
    "sqlite_schema",
    "sqlite_temp_master",
    "table_changes",
    "order_changes",
    "customer_changes",
    "order_customer_changes",
    "_sqlite_migrations",
}

# The views' memoised stages (kam.views.memo keys them by the tables they declare).
VIEWS: list[tuple[Callable[..., Any], dict[str, Any]]] = [
    (filters._everything, {}),
    (home.counted, {"as_of": AS_OF}),
    (home._order_figures, {"as_of": AS_OF}),
    (home._customer_rows, {}),
    (pyramid.scored_customers, {"as_of": AS_OF, "lang": "en"}),
    (pyramid._everyone, {"as_of": AS_OF, "lang": "en", "branch": 1, "team": None, "owner": None}),
    (portraits.maps, {"as_of": AS_OF, "lang": "zh"}),
    (portraits._all_maps, {"as_of": AS_OF, "lang": "zh"}),
    (targets._base, {"year": 2026, "as_of": AS_OF, "lang": "zh"}),
    (talent_figures, {"as_of": AS_OF}),
    (talent_evidence, {"as_of": AS_OF}),
    (talent_cadre, {"as_of": AS_OF}),
    (talent_standing, {"as_of": AS_OF}),
    (talent_judged, {"as_of": AS_OF}),
    (talent_kept_stars, {}),
    (talent_assessed, {}),
    (honor_figures, {"as_of": AS_OF}),
    (_hire_status, {"as_of": AS_OF}),
    (year_roll, {"as_of": AS_OF, "year": 2026}),
    (_kept, {"year": 2025}),
    (ruleset._rules, {}),
    (won_stage, {}),
    (targets._entities, {"lang": "en"}),
    (targets._year_sales, {"as_of": AS_OF}),
    (targets._month_sales, {"year": 2026, "as_of": AS_OF, "entity_type": "team"}),
    (targets._ka_actuals, {"as_of": AS_OF}),
    (targets._entity_figures, {"year": 2026, "as_of": AS_OF, "lang": "zh", "entity_type": "team", "entity_id": 1}),
]


def tables_touched(db: sqlite_utils.Database, view: Callable[..., Any], inputs: dict[str, Any]) -> set[str]:
    seen: set[str] = set()

    def record(action: int, arg1: str | None, arg2: str | None, dbname: str | None, source: str | None) -> int:
        if action == sqlite3.SQLITE_READ and arg1:
            seen.add(arg1)
        return sqlite3.SQLITE_OK

    db.conn.set_authorizer(record)
    try:
        view(db, **inputs)
    finally:
        db.conn.set_authorizer(None)
    return seen - INTERNAL


@pytest.mark.parametrize(("view", "inputs"), VIEWS, ids=lambda v: getattr(v, "__module__", "") if callable(v) else "")
def test_a_view_reads_only_the_tables_it_declares(
    demo_db: sqlite_utils.Database, view: Callable[..., Any], inputs: dict[str, Any]
) -> None:
    touched = tables_touched(demo_db, view, inputs)
    assert touched, "the authorizer saw no read"
    if {"people", "teams"} <= set(tables_read(view)):  # their moves (see kam.views.ORG)
        touched.discard("audit")
    assert touched <= set(tables_read(view)), f"read but not declared: {sorted(touched - set(tables_read(view)))}"


def test_the_check_sees_an_undeclared_read(demo_db: sqlite_utils.Database) -> None:
    def sneaky(db: sqlite_utils.Database) -> int:
        return db["meetings"].count

    assert tables_touched(demo_db, sneaky, {}) == {"meetings"}
