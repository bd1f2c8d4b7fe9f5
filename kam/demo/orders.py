"""Orders over the three years before the anchor, in every R7 stage.

Won orders follow each customer's profile (see :mod:`kam.demo.customers`); lost and open
orders come on top; some orders renew an earlier won order of the same customer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from kam.demo._common import Ctx, add_months, iso
from kam.demo.customers import Customer
from kam.demo.people import Org, Person
from kam.store.bulk import insert_rows
from kam.types import LOST, WON

LOCKED, FOLLOWING, STUCK = "locked", "following", "stuck"
OPEN_STAGES = (LOCKED, FOLLOWING, STUCK)
# Days before the anchor an open order may have been locked, by stage.
OPEN_LOCK_DAYS = {LOCKED: (0, 60), FOLLOWING: (5, 150), STUCK: (20, 240)}
OPEN_WEIGHTS = (0.35, 0.4, 0.25)
CYCLE_DAYS = (7, 120)
RENEW_SHARE = 0.25
LOST_SHARE = 0.45  # customers with lost orders
OPEN_SHARE = 0.55  # customers already buying with an open order
PAUSE_SHARE = 0.1
PAUSE_REASONS = ("客户内部重组", "预算冻结至下季度", "一把手出差", "等待招标结果", "客户年度审计")
GROUP_SHARE = 0.12  # group orders (R9 ability clearance)
PRINCIPAL_SHARE = 0.4  # of the group orders: the customer's principal takes part (R9 performance)
MILLION_STARS = 3
MILLION_STAR_ORDER = (550_000, 900_000)


@dataclass(slots=True)
class Order:
    customer_id: int
    owner: Person | None
    stage: str
    amount: int
    lock_date: dt.date
    close_date: dt.date | None = None
    renew: Order | None = None
    reviewer_id: int | None = None
    review_date: dt.date | None = None
    paused_until: dt.date | None = None
    pause_reason: str | None = None
    group_order: int = 0
    principal_order: int = 0
    id: int = 0

    @property
    def row(self) -> tuple:
        return (
            self.id,
            self.customer_id,
            None if self.owner is None else self.owner.id,
            self.stage,
            self.amount,
            iso(self.lock_date),
            iso(self.close_date),
            None if self.renew is None else self.renew.id,
            self.reviewer_id,
            iso(self.review_date),
            iso(self.paused_until),
            self.pause_reason,
            self.group_order,
            self.principal_order,
        )


ORDER_COLUMNS = (
    "id",
    "customer_id",
    "owner_id",
    "stage",
    "amount",
    "lock_date",
    "close_date",
    "renew_of",
    "reviewer_id",
    "review_date",
    "paused_until",
    "pause_reason",
    "group_order",
    "principal_order",
)


class _Builder:
    """Makes one order at a time: owner, reviewer and pause drawn consistently."""

    def __init__(self, ctx: Ctx, org: Org) -> None:
        self.ctx = ctx
        self.org = org
        self.start = add_months(ctx.anchor, -36) + dt.timedelta(days=1)  # inside (anchor - 36 months, anchor]
        self._active: dict[tuple[int, dt.date], list[Person]] = {}

    def active(self, branch_id: int, day: dt.date) -> list[Person]:
        key = (branch_id, day)
        if key not in self._active:
            self._active[key] = self.org.sellers(branch_id, current_on=day)
        return self._active[key]

    def owner(self, customer: Customer, lock: dt.date) -> Person | None:
        own = customer.owner
        if own is not None and own.active_on(lock) and self.ctx.rng.random() < 0.9:
            return own
        candidates = self.active(customer.branch_id, lock)
        return self.ctx.rng.choice(candidates) if candidates else own

    def order(
        self,
        customer: Customer,
        stage: str,
        amount: int,
        lock: dt.date,
        close: dt.date | None = None,
        owner: Person | None = None,
    ) -> Order:
        lock = max(lock, self.start)
        order = Order(customer.id, owner or self.owner(customer, lock), stage, amount, lock, close)
        self._review(order, customer.branch_id)
        order.group_order = int(self.ctx.rng.random() < GROUP_SHARE)
        order.principal_order = int(order.group_order == 1 and self.ctx.rng.random() < PRINCIPAL_SHARE)
        if stage in (FOLLOWING, STUCK) and self.ctx.rng.random() < PAUSE_SHARE:
            order.paused_until = self.ctx.anchor + dt.timedelta(days=self.ctx.rng.randint(-20, 45))
            order.pause_reason = self.ctx.rng.choice(PAUSE_REASONS)
        return order

    def _review(self, order: Order, branch_id: int) -> None:
        rng = self.ctx.rng
        is_open = order.stage in OPEN_STAGES
        roll = rng.random()
        if order.owner is None or roll < (0.12 if is_open else 0.01):
            return  # unreviewed
        if roll < (0.15 if is_open else 0.04):
            partners = [p for p in self.active(branch_id, order.lock_date) if p.rank == "partner"]
            reviewer = rng.choice(partners) if partners else order.owner  # an invalid review
        else:
            reviewer = self.org.reviewer_for(order.owner)
        delay = rng.randint(0, 5) if rng.random() < 0.85 else rng.randint(8, 25)
        order.reviewer_id = reviewer.id
        order.review_date = min(order.lock_date + dt.timedelta(days=delay), self.ctx.anchor)


def build_orders(ctx: Ctx, org: Org, customers: list[Customer]) -> list[Order]:
    """All orders, ids assigned in lock-date order (a renewal always follows its origin)."""
    builder = _Builder(ctx, org)
    orders: list[Order] = []
    for customer in customers:
        mine = _customer_orders(builder, customer)
        _link_renewals(ctx, mine)
        orders += mine
    orders += _million_star_orders(builder, org, customers)
    orders.sort(key=lambda o: o.lock_date)  # stable: ties keep creation order
    for i, order in enumerate(orders, start=1):
        order.id = i
    return orders


def _won(b: _Builder, customer: Customer, amount: tuple[int, int], first: dt.date, last: dt.date) -> Order:
    close = b.ctx.date_between(first, last)
    lock = close - dt.timedelta(days=b.ctx.rng.randint(*CYCLE_DAYS))
    return b.order(customer, WON, b.ctx.money(*amount), lock, close)


def _customer_orders(b: _Builder, customer: Customer) -> list[Order]:
    ctx, rng, profile = b.ctx, b.ctx.rng, customer.profile
    recent = rng.randint(*profile.won_t12m)
    out = [_won(b, customer, profile.amount, ctx.t12m_start, ctx.anchor) for _ in range(recent)]
    if profile.history and not customer.new:
        prior = rng.randint(1, 4) if recent == 0 else round(recent * rng.uniform(0.4, 2.2))
        first = b.start + dt.timedelta(days=CYCLE_DAYS[1])
        last = add_months(ctx.anchor, -24 if recent == 0 and rng.random() < 0.5 else -12)
        out += [_won(b, customer, profile.amount, first, last) for _ in range(prior)]
    if rng.random() < LOST_SHARE:
        for _ in range(rng.randint(1, 3)):
            lock = ctx.date_between(b.start, ctx.days_ago(20))
            close = min(lock + dt.timedelta(days=rng.randint(10, 150)), ctx.anchor)
            out.append(b.order(customer, LOST, ctx.money(*profile.amount), lock, close))
    opens = rng.randint(1, 2) if recent == 0 and not profile.history else int(rng.random() < OPEN_SHARE)
    for _ in range(opens):
        stage = rng.choices(OPEN_STAGES, OPEN_WEIGHTS)[0]
        lock = ctx.days_ago(rng.randint(*OPEN_LOCK_DAYS[stage]))
        out.append(b.order(customer, stage, ctx.money(*profile.amount), lock))
    return out


def _link_renewals(ctx: Ctx, orders: list[Order]) -> None:
    """Some orders renew the customer's latest won order closed before their lock date
    (each won order is renewed at most once)."""
    orders.sort(key=lambda o: o.lock_date)
    renewed: set[int] = set()
    for order in orders:
        if order.stage == LOST or ctx.rng.random() >= RENEW_SHARE:
            continue
        earlier = [
            o
            for o in orders
            if o.stage == WON and o.close_date is not None and o.close_date < order.lock_date and id(o) not in renewed
        ]
        if earlier:
            order.renew = max(earlier, key=lambda o: o.close_date)
            renewed.add(id(order.renew))


def _million_star_orders(b: _Builder, org: Org, customers: list[Customer]) -> list[Order]:
    """Two large wins in the anchor's month for a few people: Million Stars (R10)."""
    ctx = b.ctx
    month_start = ctx.anchor.replace(day=1)
    settled = [p for p in org.people if p.rank == "partner" and p.active_on(ctx.anchor) and p.join_date < month_start]
    owned: dict[int, list[Customer]] = {}
    for c in customers:
        owned.setdefault(c.owner.id if c.owner else 0, []).append(c)
    out = []
    for person in ctx.rng.sample(settled, min(MILLION_STARS, len(settled))):
        pool = owned.get(person.id) or [c for c in customers if c.branch_id == person.branch_id]
        for _ in range(2):
            close = ctx.date_between(month_start, ctx.anchor)
            lock = max(person.join_date, close - dt.timedelta(days=ctx.rng.randint(15, 60)))
            amount = ctx.money(*MILLION_STAR_ORDER)
            out.append(b.order(ctx.rng.choice(pool), WON, amount, lock, close, owner=person))
    return out


def insert_orders(db: sqlite_utils.Database, orders: list[Order]) -> None:
    insert_rows(db, "orders", ORDER_COLUMNS, (o.row for o in orders))
