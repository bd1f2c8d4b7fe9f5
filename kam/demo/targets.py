"""Targets for company, branches, teams and people, and the ten-year KA plan (R6)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import sqlite_utils

from kam.demo._common import Ctx
from kam.demo.customers import Customer
from kam.demo.orders import WON, Order
from kam.demo.people import Org, Person
from kam.store.bulk import insert_rows

STEP = 10_000  # targets are round amounts
FLOORS = {"partner": 800_000, "director": 2_000_000, "general_manager": 3_000_000}
BEHIND = 4  # people whose target is far above their pace
BEHIND_FACTOR = 2.5
UNDER_ALLOCATION = 1.15  # a parent's own target above its children's sum
MONTHLY_PEOPLE = 8
SEASON = (0.6, 0.7, 1.0, 1.0, 1.1, 1.2, 0.8, 0.8, 1.0, 1.1, 1.2, 1.5)
PLAN_YEARS = 10
GROWTH = (0.15, 0.25)
# The people's targets of a year add up to about the company's won sales of the year
# before times this (a plan a branch could meet: some months met, some not).
PLAN_PACE = {"current": (1.02, 1.12), "previous": (0.9, 1.0)}


def _round(amount: float) -> int:
    return max(STEP, round(amount / STEP) * STEP)


def yearly_sales(orders: list[Order]) -> dict[tuple[int, int], int]:
    """Won amount per (owner id, calendar year of the close date)."""
    sales: dict[tuple[int, int], int] = {}
    for o in orders:
        if o.stage == WON and o.owner is not None and o.close_date is not None:
            key = (o.owner.id, o.close_date.year)
            sales[key] = sales.get(key, 0) + o.amount
    return sales


def _person_target(ctx: Ctx, p: Person, year: int, sales: dict[tuple[int, int], int]) -> int:
    base = sales.get((p.id, year - 1), 0)
    current = year == ctx.anchor.year
    factor = ctx.rng.uniform(1.1, 1.4) if current else ctx.rng.uniform(0.8, 1.3)
    amount = max(base * factor, FLOORS[p.rank] * ctx.scale)
    if p.join_date.year == year:
        amount *= (13 - p.join_date.month) / 12
    return _round(amount)


def person_targets(ctx: Ctx, org: Org, orders: list[Order]) -> dict[tuple[int, int], int]:
    """(person id, year) -> annual target; a few people far behind in the anchor's year."""
    sales = yearly_sales(orders)
    current = [p for p in org.people if p.is_seller and p.active_on(ctx.anchor)]
    behind = {p.id for p in ctx.rng.sample(current, min(BEHIND, len(current)))}
    out = {}
    for year in (ctx.anchor.year - 1, ctx.anchor.year):
        raw = {}
        for p in org.people:
            gone = p.left_date is not None and p.left_date.year < year
            if p.is_seller and p.join_date.year <= year and not gone:
                amount = _person_target(ctx, p, year, sales)
                factor = BEHIND_FACTOR if year == ctx.anchor.year and p.id in behind else 1
                raw[p.id] = amount * factor
        # Scaled so that the year's plan is about the year before's sales (the previous
        # year: its own sales) times PLAN_PACE, not the sum of per-person floors.
        pace = ctx.rng.uniform(*PLAN_PACE["current" if year == ctx.anchor.year else "previous"])
        basis = year - 1 if year == ctx.anchor.year else year
        company = sum(a for (_, y), a in sales.items() if y == basis)
        scale = company * pace / sum(raw.values()) if company and raw else 1
        out.update({(pid, year): _round(a * scale) for pid, a in raw.items()})
    return out


def target_rows(ctx: Ctx, org: Org, orders: list[Order]) -> Iterator[tuple]:
    """Annual rows for every level (children add up to the parent, except one team and one
    branch in the anchor's year that are under-allocated) and monthly rows for some people."""
    people = person_targets(ctx, org, orders)
    under_team = ctx.rng.choice(sorted(org.teams))
    under_branch = ctx.rng.choice(sorted({b for b, _ in org.teams.values()}))
    for year in (ctx.anchor.year - 1, ctx.anchor.year):
        current = year == ctx.anchor.year
        mine = {pid: amount for (pid, y), amount in people.items() if y == year}
        teams = {}
        for tid in org.teams:
            total = sum(a for pid, a in mine.items() if org.by_id(pid).team_id == tid)
            teams[tid] = _round(total * (UNDER_ALLOCATION if current and tid == under_team else 1))
        branches = {}
        for b in sorted({b for b, _ in org.teams.values()}):
            total = sum(a for tid, a in teams.items() if org.teams[tid][0] == b)
            total += sum(
                a for pid, a in mine.items() if org.by_id(pid).branch_id == b and org.by_id(pid).team_id is None
            )
            branches[b] = _round(total * (UNDER_ALLOCATION if current and b == under_branch else 1))
        period = str(year)
        yield ("company", None, period, sum(branches.values()))
        yield from (("branch", b, period, a) for b, a in branches.items())
        yield from (("team", t, period, a) for t, a in teams.items())
        yield from (("person", pid, period, a) for pid, a in mine.items())
    yield from _monthly_rows(ctx, people)


def _monthly_rows(ctx: Ctx, people: dict[tuple[int, int], int]) -> Iterator[tuple]:
    """The anchor's year split into months for a few people (months add up to the year)."""
    year = ctx.anchor.year
    ids = sorted(pid for pid, y in people if y == year)
    for pid in sorted(ctx.rng.sample(ids, min(MONTHLY_PEOPLE, len(ids)))):
        annual = people[(pid, year)]
        months = [round(annual * w / sum(SEASON) / 1_000) * 1_000 for w in SEASON]
        months[-1] = annual - sum(months[:-1])
        for m, amount in enumerate(months, start=1):
            yield ("person", pid, f"{year}-{m:02d}", amount)


def _level(value: float, minimums: list[int]) -> int:
    return max(i for i, m in enumerate(minimums) if value >= m)


def ka_plan_rows(ctx: Ctx, customers: list[Customer], orders: list[Order]) -> Iterator[tuple]:
    """Ten years from the year before the anchor; the base year from the orders."""
    base = ctx.anchor.year - 1
    tiers = sorted(ctx.rules["r2_tiers"], key=lambda t: t["tier_order"])
    coop: dict[int, int] = {}
    for o in orders:
        if o.stage == WON and o.close_date is not None and o.close_date.year == base:
            coop[o.customer_id] = coop.get(o.customer_id, 0) + o.amount
    ka_revenue = ka_count = 0
    for c in customers:
        strength = _level(c.row[5] or 0, [t["min_customer_revenue"] for t in tiers])
        level = _level(coop.get(c.id, 0), [t["min_cooperation"] for t in tiers])
        if tiers[min(strength, level)]["key_account"]:
            ka_revenue += coop.get(c.id, 0)
            ka_count += 1
    total = sum(coop.values())
    share = round(ka_revenue / total, 4) if total else None
    rate = None
    for year in range(base, base + PLAN_YEARS):
        yield (year, ka_revenue, ka_count, share, rate)
        rate = round(ctx.rng.uniform(*GROWTH), 2)
        ka_revenue = round(ka_revenue * (1 + rate))
        ka_count = math.ceil(ka_count * (1 + rate * 0.6))
        share = None if share is None else min(0.9, round(share + 0.02, 4))


def insert_targets(
    db: sqlite_utils.Database, ctx: Ctx, org: Org, customers: list[Customer], orders: list[Order]
) -> None:
    insert_rows(db, "targets", ("entity_type", "entity_id", "period", "amount"), target_rows(ctx, org, orders))
    insert_rows(
        db,
        "ka_plan",
        ("year", "ka_revenue_target", "ka_count_target", "ka_share_target", "growth_rate"),
        ka_plan_rows(ctx, customers, orders),
    )
