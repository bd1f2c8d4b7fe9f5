"""Relationship and competitor maps of customers (R3, migration 002)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import sqlite_utils

from kam.demo._common import Ctx, iso
from kam.demo.customers import Customer
from kam.store.bulk import insert_rows
from kam.store.frames import read_frame

ROLES = ("decision_maker", "influencer", "supporter", "insider", "beneficiary", "opponent", "user")
TITLES = {
    "decision_maker": ("董事长", "总经理", "总裁", "创始人"),
    "influencer": ("副总裁", "人力资源总监", "运营副总"),
    "supporter": ("培训经理", "人力资源经理", "总裁助理"),
    "insider": ("行政经理", "董事长秘书"),
    "beneficiary": ("销售总监", "区域经理"),
    "opponent": ("财务总监", "采购总监"),
    "user": ("部门经理", "主管"),
}
STANCE = {"supporter": "support", "opponent": "against"}
MAP_SHARE = {True: 0.9, False: 0.3}  # customers with a map: buying key accounts / others
NO_DECISION_MAKER = 0.15
OPPONENT_ONLY = 0.1  # an opponent and no supporter
COMPETITOR_SHARE = 0.35
COMPETITOR_SUFFIXES = ("商学院", "管理咨询", "企业培训", "教育科技")
OFFERS = ("总裁班", "内训课程", "咨询项目", "线上学习平台", "年度培训包")
NAME_POOL = 400


def contact_rows(ctx: Ctx, customers: list[Customer]) -> Iterator[tuple]:
    """Key persons per customer; some key accounts lack a decision maker or a supporter."""
    rng = ctx.rng
    names = [ctx.fake.name() for _ in range(NAME_POOL)]
    for c in customers:
        if rng.random() >= MAP_SHARE[c.profile.coop_tier > 0]:
            continue
        roles = list(rng.choices(ROLES[1:5] + ROLES[6:], k=rng.randint(1, 4)))
        if rng.random() < OPPONENT_ONLY:
            roles = [r for r in roles if r != "supporter"] + ["opponent"]
        if rng.random() >= NO_DECISION_MAKER:
            roles.insert(0, "decision_maker")
        for role in roles:
            stance = STANCE.get(role) or rng.choice(("support", "neutral", "neutral", "against"))
            reviewed = ctx.days_ago(rng.randint(0, 75))
            yield (c.id, rng.choice(names), rng.choice(TITLES[role]), role, stance, rng.randint(1, 5), iso(reviewed))


def competitor_rows(ctx: Ctx, customers: list[Customer]) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Competitors (a dozen firms, some met at many customers), each customer's competitors
    with their offer and strength, and a short price history of each. (Draws from the
    generator exactly as before migration 018, so the orders drawn after stay the same.)"""
    rng = ctx.rng
    drawn = [f"{ctx.fake.company_prefix()}{rng.choice(COMPETITOR_SUFFIXES)}" for _ in range(12)]
    ids = {name: i for i, name in enumerate(dict.fromkeys(drawn), start=1)}
    maps, prices = [], {}
    for c in customers:
        if rng.random() >= COMPETITOR_SHARE:
            continue
        for rival in rng.sample(drawn, rng.randint(1, 3)):
            offer, strength = rng.choice(OFFERS), rng.randint(1, 5)
            day = ctx.days_ago(rng.randint(0, 700))
            price = ctx.money(50_000, 2_000_000, 10_000)
            pair = (c.id, ids[rival])
            if all(m[:2] != pair for m in maps[-3:]):  # a name drawn twice is one competitor
                maps.append((*pair, offer, strength))
            for _ in range(rng.randint(1, 2)):
                prices[(*pair, iso(day))] = price
                day = min(ctx.anchor, day + dt.timedelta(days=rng.randint(60, 300)))
                price = ctx.money(int(price * 0.8), int(price * 1.1), 10_000)
    return [(i, name) for name, i in ids.items()], maps, [(*k, v) for k, v in prices.items()]


def focus_rows(ctx: Ctx, branch_ids: list[int]) -> Iterator[tuple]:
    """Each branch's focus industries: two to three of the advantageous and three-high lists
    (a generator of their own: the orders drawn after stay as before migration 018)."""
    codes = [r["code"] for r in ctx.rules["r3_focus_industries"]]
    rng = random.Random(ctx.anchor.toordinal())
    for branch in branch_ids:
        for code in rng.sample(codes, min(len(codes), rng.randint(2, 3))):
            yield (branch, code)


def insert_relations(db: sqlite_utils.Database, ctx: Ctx, customers: list[Customer]) -> None:
    insert_rows(
        db,
        "customer_contacts",
        ("customer_id", "name", "title", "decision_role", "stance", "closeness", "reviewed_on"),
        contact_rows(ctx, customers),
    )
    rivals, maps, prices = competitor_rows(ctx, customers)
    insert_rows(db, "competitors", ("id", "name"), rivals)
    insert_rows(db, "customer_competitors", ("customer_id", "competitor_id", "offer", "relationship_strength"), maps)
    insert_rows(db, "competitor_prices", ("customer_id", "competitor_id", "price_date", "price"), prices)
    branches = sorted(int(b) for b in read_frame(db, "branches", ["id"])["id"])
    insert_rows(db, "branch_focus_industries", ("branch_id", "industry"), focus_rows(ctx, branches))
