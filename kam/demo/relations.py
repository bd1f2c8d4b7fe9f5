"""Relationship and competitor maps of customers (R3, migration 002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import sqlite_utils

from kam.demo._common import Ctx, iso
from kam.demo.customers import Customer
from kam.store.bulk import insert_rows

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


def competitor_rows(ctx: Ctx, customers: list[Customer]) -> Iterator[tuple]:
    """Competitors with their offer and a short price history."""
    rng = ctx.rng
    rivals = [f"{ctx.fake.company_prefix()}{rng.choice(COMPETITOR_SUFFIXES)}" for _ in range(12)]
    for c in customers:
        if rng.random() >= COMPETITOR_SHARE:
            continue
        for rival in rng.sample(rivals, rng.randint(1, 3)):
            offer, strength = rng.choice(OFFERS), rng.randint(1, 5)
            day = ctx.days_ago(rng.randint(0, 700))
            price = ctx.money(50_000, 2_000_000, 10_000)
            for _ in range(rng.randint(1, 2)):
                yield (c.id, rival, offer, price, iso(day), strength)
                day = min(ctx.anchor, day + dt.timedelta(days=rng.randint(60, 300)))
                price = ctx.money(int(price * 0.8), int(price * 1.1), 10_000)


def insert_relations(db: sqlite_utils.Database, ctx: Ctx, customers: list[Customer]) -> None:
    insert_rows(
        db,
        "customer_contacts",
        ("customer_id", "name", "title", "decision_role", "stance", "closeness", "reviewed_on"),
        contact_rows(ctx, customers),
    )
    insert_rows(
        db,
        "customer_competitors",
        ("customer_id", "competitor", "offer", "price", "price_date", "relationship_strength"),
        competitor_rows(ctx, customers),
    )
