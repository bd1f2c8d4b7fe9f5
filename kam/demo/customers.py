"""Customers: Chinese company names, strength fields, R3 portrait fields, owners.

Each customer gets a *profile* that fixes what it buys in the trailing 12 months, so that
every R1 value class and every R2 cooperation tier occurs for any seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlite_utils

from kam.demo._common import Ctx
from kam.demo.people import BRANCHES, Org, Person
from kam.store.bulk import insert_rows

BASE_CUSTOMERS = 600
MIN_PER_PROFILE = 2


@dataclass(frozen=True)
class Profile:
    """What a customer buys: won orders in the trailing 12 months and their amounts.

    :param coop_tier: position of the R2 cooperation tier it lands in (0 = regular).
    :param history: it also has won orders 12-36 months before the anchor.
    """

    code: str
    share: float
    won_t12m: tuple[int, int]
    amount: tuple[int, int]
    coop_tier: int
    history: bool = True


# Ranges chosen against the default R1/R2 thresholds (comment: class, cooperation tier).
PROFILES: tuple[Profile, ...] = (
    Profile("prospect", 0.12, (0, 0), (50_000, 300_000), 0, history=False),  # unrated
    Profile("past", 0.08, (0, 0), (50_000, 400_000), 0),  # unrated
    Profile("small_fish", 0.28, (1, 2), (20_000, 300_000), 0),  # small fish
    Profile("small_fish_low", 0.08, (3, 5), (20_000, 99_000), 0),  # small fish
    Profile("shark", 0.05, (6, 10), (20_000, 95_000), 0),  # shark, regular
    Profile("dolphin_med", 0.12, (3, 5), (100_000, 190_000), 0),  # dolphin, regular
    Profile("dolphin_ka", 0.08, (3, 5), (350_000, 490_000), 1),  # dolphin, KA
    Profile("dolphin_high", 0.08, (1, 2), (500_000, 1_400_000), 0),  # dolphin
    Profile("dolphin_mla", 0.03, (4, 4), (800_000, 1_200_000), 2),  # dolphin, MLA
    Profile("whale_mla", 0.02, (6, 6), (500_000, 800_000), 2),  # whale, MLA
    Profile("whale_vla", 0.03, (6, 9), (900_000, 2_500_000), 3),  # whale, VLA
    Profile("mega", 0.02, (1, 2), (5_000_000, 20_000_000), 3),  # dolphin, VLA
)
FILLER = "small_fish"

INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("食品饮料", "食品"),
    ("医疗健康", "医药"),
    ("家居建材", "家居"),
    ("服装纺织", "服饰"),
    ("物流供应链", "物流"),
    ("智能制造", "智能装备"),
    ("现代农业", "农业"),
    ("建筑工程", "建设"),
    ("软件信息", "软件"),
    ("新能源", "新能源"),
    ("汽车零部件", "汽车部件"),
    ("化工材料", "化工"),
    ("零售连锁", "商贸"),
    ("教育培训", "教育"),
    ("金融服务", "投资"),
)
FORMS = ("有限公司", "股份有限公司", "集团有限公司", "科技有限公司")
STRENGTH_WEIGHTS = (0.42, 0.26, 0.18, 0.14)  # regular, KA, MLA, VLA
REGULAR_FLOOR = 5_000_000
TOP_BAND_FACTOR = 15
UNOWNED_SHARE = {"prospect": 0.3, "past": 0.3, "small_fish": 0.25, "small_fish_low": 0.25}
MISMATCH_SHARE = 0.2
# Customers won for the first time in the last 12 months, developed by their owner: the
# cadre standard's "self-developed new customers" (R9) and the new key customers (R10).
NEW_SHARE = 0.07
NAME_TRIES = 20


@dataclass(slots=True)
class Customer:
    id: int
    branch_id: int
    profile: Profile
    owner: Person | None
    row: tuple
    new: bool = False  # first won in the last 12 months (no history), developed by its owner


CUSTOMER_COLUMNS = (
    "id",
    "name",
    "industry",
    "region",
    "branch_id",
    "customer_revenue",
    "profit",
    "employees",
    "industry_top100",
    "regional_top100",
    "study_sessions_year",
    "people_sent_year",
    "learning_spend_year",
    "cooperating_institutions",
    "segment_leader",
    "wants_no1",
    "ten_billion_strategy",
    "winnability",
    "demonstration",
    "expected_cooperation_36m",
    "owner_id",
    "developed_by",
)


def profile_plan(ctx: Ctx, count: int) -> list[Profile]:
    """Profiles by quota (at least ``MIN_PER_PROFILE`` each), shuffled."""
    plan: list[Profile] = []
    for p in PROFILES:
        if p.code != FILLER:
            plan += [p] * max(MIN_PER_PROFILE, round(p.share * count))
    filler = next(p for p in PROFILES if p.code == FILLER)
    plan = plan[:count] + [filler] * max(0, count - len(plan))
    ctx.rng.shuffle(plan)
    return plan


def build_customers(ctx: Ctx, org: Org) -> list[Customer]:
    count = max(1, round(BASE_CUSTOMERS * ctx.scale))
    tiers = sorted(ctx.rules["r2_tiers"], key=lambda t: t["tier_order"])
    rank_order = {r["code"]: r["rank_order"] for r in ctx.rules["ranks"]}
    current = {b: org.sellers(b, current_on=ctx.anchor) for b in range(1, len(BRANCHES) + 1)}
    names: set[str] = set()
    customers = []
    for cid, profile in enumerate(profile_plan(ctx, count), start=1):
        branch_id = ctx.rng.randint(1, len(BRANCHES))
        strength = _strength(ctx, profile)
        tier = tiers[min(strength, profile.coop_tier)]
        owner = _owner(ctx, current[branch_id], profile, tier["principal_rank"], rank_order)
        developer = _developer(ctx, current[branch_id], owner)
        new = owner is not None and profile.history and profile.won_t12m[1] > 0 and ctx.rng.random() < NEW_SHARE
        if new:
            developer = owner.id
        row = _row(ctx, cid, branch_id, profile, strength, tiers, names, owner, developer)
        customers.append(Customer(cid, branch_id, profile, owner, row, new))
    return customers


def _strength(ctx: Ctx, profile: Profile) -> int:
    strength = ctx.rng.choices(range(len(STRENGTH_WEIGHTS)), STRENGTH_WEIGHTS)[0]
    if profile.coop_tier >= 2 and ctx.rng.random() < 0.7:
        strength = max(strength, profile.coop_tier)
    return strength


def _owner(
    ctx: Ctx,
    sellers: list[Person],
    profile: Profile,
    principal: str | None,
    rank_order: dict[str, int | None],
) -> Person | None:
    if ctx.rng.random() < UNOWNED_SHARE.get(profile.code, 0.06):
        return None
    need = rank_order.get(principal or "") or 0
    eligible = [p for p in sellers if (rank_order[p.rank] or 0) >= need]
    if need > 1 and ctx.rng.random() < MISMATCH_SHARE:
        eligible = [p for p in sellers if p.rank == "partner"]  # below the principal
    return ctx.rng.choice(eligible or sellers)


def _developer(ctx: Ctx, sellers: list[Person], owner: Person | None) -> int | None:
    roll = ctx.rng.random()
    if owner is not None and roll < 0.4:
        return owner.id
    return ctx.rng.choice(sellers).id if roll < 0.6 else None


def _maybe(ctx: Ctx, value: int | None, missing: float) -> int | None:
    return None if ctx.rng.random() < missing else value


def _flag(ctx: Ctx, probability: float) -> int:
    return int(ctx.rng.random() < probability)


def _revenue(ctx: Ctx, strength: int, tiers: list[dict]) -> int:
    low = max(REGULAR_FLOOR, tiers[strength]["min_customer_revenue"])
    top = strength + 1 >= len(tiers)
    high = low * TOP_BAND_FACTOR if top else tiers[strength + 1]["min_customer_revenue"] - 10_000
    value = math.exp(ctx.rng.uniform(math.log(low), math.log(high)))
    return min(high, max(low, round(value / 10_000) * 10_000))


def _name(ctx: Ctx, city: str, noun: str, seen: set[str]) -> str:
    """A company name not used yet; after many collisions a number joins the brand."""
    attempt = 0
    while True:
        brand = ctx.fake.company_prefix() + (str(attempt) if attempt >= NAME_TRIES else "")
        name = f"{city}{brand}{noun}{ctx.rng.choice(FORMS)}"
        if name not in seen:
            seen.add(name)
            return name
        attempt += 1


def _row(
    ctx: Ctx,
    cid: int,
    branch_id: int,
    profile: Profile,
    strength: int,
    tiers: list[dict],
    names: set[str],
    owner: Person | None,
    developer: int | None,
) -> tuple:
    rng = ctx.rng
    city, province = rng.choice(BRANCHES[branch_id - 1].cities)
    industry, noun = rng.choice(INDUSTRIES)
    revenue = _revenue(ctx, strength, tiers)
    big = strength >= 2
    lo, hi = profile.amount
    yearly = max(1, sum(profile.won_t12m) // 2) * (lo + hi) // 2
    return (
        cid,
        _name(ctx, city, noun, names),
        industry,
        province,
        branch_id,
        _maybe(ctx, revenue, 0.06),
        _maybe(ctx, int(round(revenue * rng.uniform(-0.04, 0.16), -4)), 0.1),
        _maybe(ctx, max(8, int(revenue / rng.uniform(400_000, 2_500_000))), 0.05),
        _flag(ctx, 0.5 if big else 0.15 if strength else 0.03),
        _flag(ctx, 0.6 if big else 0.3 if strength else 0.08),
        _maybe(ctx, rng.randint(0, 12), 0.1),
        _maybe(ctx, rng.randint(0, 30 + 30 * strength), 0.1),
        _maybe(ctx, ctx.money(0, 600_000 * (strength + 1), 10_000), 0.1),
        _maybe(ctx, rng.randint(0, 5), 0.1),
        _flag(ctx, 0.3 if big else 0.08),
        _flag(ctx, 0.4),
        _flag(ctx, 0.6 if strength == 3 else 0.15 if strength == 2 else 0.02),
        _maybe(ctx, rng.randint(0, 5), 0.05),
        _maybe(ctx, rng.randint(0, 5), 0.05),
        _maybe(ctx, int(round(yearly * 3 * rng.uniform(0.5, 2.0), -4)), 0.05),
        None if owner is None else owner.id,
        developer,
    )


def insert_customers(db: sqlite_utils.Database, customers: list[Customer]) -> None:
    insert_rows(db, "customers", CUSTOMER_COLUMNS, (c.row for c in customers))
