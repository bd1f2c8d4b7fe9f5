"""Shared pieces of the demo generator: the seeded context, dates and bulk inserts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from faker import Faker

from kam.store.bulk import rows_by_key

SELLER_RANKS = ("partner", "director", "general_manager")


@dataclass
class Ctx:
    """Everything a generator may draw from: never the clock, never global random state.

    :param anchor: the as-of date the data is built around; no event date is after it.
    :param scale: multiplies customers, orders, meetings and key messages.
    """

    rng: random.Random
    fake: Faker
    anchor: dt.date
    scale: float
    rules: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def t12m_start(self) -> dt.date:
        """First day inside the trailing 12 months (the window is half-open)."""
        return add_months(self.anchor, -12) + dt.timedelta(days=1)

    def days_ago(self, days: int) -> dt.date:
        return self.anchor - dt.timedelta(days=days)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        """A uniform date in [start, end]; ``start`` when the range is empty."""
        span = (end - start).days
        return start if span <= 0 else start + dt.timedelta(days=self.rng.randint(0, span))

    def money(self, low: int, high: int, step: int = 1_000) -> int:
        """A uniform amount in [low, high] rounded to ``step`` yuan."""
        return max(step, round(self.rng.randint(low, high) / step) * step)


def make_ctx(seed: int, anchor: dt.date, scale: float) -> Ctx:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    return Ctx(rng=random.Random(seed), fake=fake, anchor=anchor, scale=scale)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier when negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def clamp(day: dt.date, low: dt.date, high: dt.date) -> dt.date:
    return max(low, min(day, high))


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def read_rules(db: sqlite_utils.Database, tables: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The rules tables the generator follows (codes, due days, ...), in key order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        out[table] = rows_by_key(db, table)
    return out
