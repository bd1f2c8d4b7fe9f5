"""Deterministic demo data: a sales organisation with three years of orders.

``seed_demo(db, anchor=...)`` fills an empty, migrated database; the same seed and anchor
give identical tables. The data is built so that every rule of ../shared/domain.md has
something to show: every R1 value class, every R2 tier by strength and by cooperation,
upgrade targets, mismatched owners, overdue milestones, under-allocated targets, Million
Stars, new hires with partial clearances.

Run ``python -m kam.demo --help`` for the command line.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

import sqlite_utils

from kam.auth import audit_name
from kam.closing import close_rows
from kam.db import immediate
from kam.demo._common import make_ctx, read_rules
from kam.demo.accounts import insert_accounts
from kam.demo.activity import insert_activity
from kam.demo.customers import build_customers, insert_customers
from kam.demo.order_details import insert_order_details
from kam.demo.orders import build_orders, insert_orders
from kam.demo.people import build_org, insert_org
from kam.demo.relations import insert_relations
from kam.demo.targets import insert_targets
from kam.rules.cadre import cadre_eligibility
from kam.rules.periods import period_bounds, period_of, periods_between, previous_period
from kam.store.bulk import count_rows, date_stuck_orders, insert_rows, lead_teams_by_their_directors
from kam.store.orders import fill_stage_since, read_people_orders
from kam.store.people import read_org
from kam.store.rules import load_rules
from kam.store.talent import read_people_customers
from kam.store.users import credentials

__all__ = ["SEEDED_TABLES", "DemoDatabaseNotEmptyError", "ensure_demo", "seed_demo"]

log = logging.getLogger(__name__)

SEEDED_TABLES: tuple[str, ...] = (
    "branches",
    "teams",
    "people",
    "customers",
    "orders",
    "order_key_messages",
    "order_milestones",
    "stuck_analyses",
    "meetings",
    "targets",
    "ka_plan",
    "camp_enrolments",
    "clearance_results",
    "hr_assessments",
    "camp_points",
    "closed_periods",
    "star_snapshots",
    "customer_contacts",
    "customer_competitors",
    "competitors",
    "competitor_prices",
    "branch_focus_industries",
    "users",
)
RULES_USED = (
    "ranks",
    "r2_tiers",
    "r7_key_messages",
    "r7_milestones",
    "r8_activity_types",
    "r9_clearances",
    "r3_focus_industries",
    "rule_params",
)
GUARDED_TABLES = ("customers", "people")
CLOSED_QUARTERS = 2  # the quarters before the anchor's, closed by HR: a kept star history
ENV_SWITCH = "KAM_DEMO"


class DemoDatabaseNotEmptyError(Exception):
    """The demo seeds only an empty database: ``table`` already has ``count`` rows."""

    def __init__(self, table: str, count: int) -> None:
        super().__init__(f"cannot seed demo data: table {table!r} already has {count} rows")
        self.table = table
        self.count = count


def seed_demo(db: sqlite_utils.Database, *, seed: int = 42, anchor: dt.date, scale: float = 1.0) -> dict[str, int]:
    """Fill an empty, migrated database with demo data built around ``anchor``.

    :param seed: seeds ``random.Random`` and Faker; same seed and anchor, same rows.
    :param anchor: the as-of date: every event date is on or before it (only a pause's
      ``paused_until`` may lie after it).
    :param scale: multiplies customers, orders, meetings and key messages (1.0 gives
      600 customers and about 4,600 orders; 83 about 50,000 and 380,000).
    :returns: row count per seeded table.
    :raises DemoDatabaseNotEmptyError: when ``customers`` or ``people`` has rows.
    :raises ValueError: when ``scale`` is not positive.
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    _check_empty(db)
    ctx = make_ctx(seed, anchor, scale)
    ctx.rules = read_rules(db, RULES_USED)
    org = build_org(ctx)
    with immediate(db):
        insert_org(db, org)
        lead_teams_by_their_directors(db)
        insert_accounts(db, org, anchor)
    customers = build_customers(ctx, org)
    with immediate(db):
        insert_customers(db, customers)
        insert_relations(db, ctx, customers)
    orders = build_orders(ctx, org, customers)
    with immediate(db):
        insert_orders(db, orders)
        date_stuck_orders(db, anchor)
        fill_stage_since(db)  # the day each entered its stage, from its dates (stuck ones dated above)
        insert_order_details(db, ctx, orders)
    hr_user = audit_name(credentials(db, "hr")[0])
    with immediate(db):
        insert_activity(db, ctx, org, customers, _eligible(db, anchor), hr_user)
        insert_targets(db, ctx, org, customers, orders)
    _close_periods(db, anchor, hr_user, audit_name(credentials(db, "manager")[0]))
    counts = {t: count_rows(db, t) for t in SEEDED_TABLES}
    log.info("seeded demo data (seed %s, anchor %s, scale %s): %s", seed, anchor, scale, counts)
    return counts


def _eligible(db: sqlite_utils.Database, anchor: dt.date) -> list[int]:
    """The people who meet the new-cadre standard (R9) at the anchor, by the rules."""
    cadre = cadre_eligibility(
        read_org(db).people, read_people_customers(db), read_people_orders(db), load_rules(db), anchor
    )
    return sorted(int(i) for i in cadre.index[cadre["eligible"]])


def _close_periods(db: sqlite_utils.Database, anchor: dt.date, hr: str, manager: str) -> None:
    """The periods closed before the anchor, each the day after it ended, with what
    kam.closing keeps (written like the rest of the demo, without an audit): the last
    CLOSED_QUARTERS quarters by HR (a kept star history), and by a manager the months of
    the anchor's year before the last one (the last ended month is left open, to be closed)."""
    quarters = [previous_period(period_of("quarter", anchor))]
    while len(quarters) < CLOSED_QUARTERS:
        quarters.append(previous_period(quarters[-1]))
    months = periods_between("month", dt.date(anchor.year, 1, 1), anchor)[:-2]
    closes = [(q, hr) for q in quarters] + [(m, manager) for m in months]
    for period, user in sorted(closes, key=lambda c: period_bounds(c[0])[1]):
        after = period_bounds(period)[1] + dt.timedelta(days=1)
        at = dt.datetime.combine(after, dt.time(9, 0), tzinfo=dt.UTC).isoformat(timespec="seconds")
        with immediate(db):
            for table, rows in close_rows(db, period, user, at).items():
                if rows:  # a period with no winners is closed with nothing else kept
                    insert_rows(db, table, tuple(rows[0]), (tuple(r.values()) for r in rows))


def ensure_demo(db: sqlite_utils.Database, anchor: dt.date) -> bool:
    """Seed the demo when ``people`` and ``users`` are empty, unless ``KAM_DEMO=0``.

    :returns: True when it seeded.
    """
    # Choice: a tool with any account is a real one (its first admin was created on an empty
    # database): it never gets the demo data, whose accounts share a published password.
    if os.environ.get(ENV_SWITCH) == "0" or db["people"].count or db["users"].count:
        return False
    seed_demo(db, anchor=anchor)
    return True


def _check_empty(db: sqlite_utils.Database) -> None:
    for table in GUARDED_TABLES:
        if table not in db.table_names():
            raise sqlite_utils.db.NoTable(f"table {table!r} missing: migrate the database first")
        count = count_rows(db, table)
        if count:
            raise DemoDatabaseNotEmptyError(table, count)
