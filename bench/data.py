"""A customers table of N synthetic rows in a fresh SQLite file, built in seconds.

The schema is the app's own (``kam.db.connect`` runs the migrations); rows go in with one
``executemany``: Chinese company names, a few branches and people for the FK columns.
"""

from __future__ import annotations

import random
from pathlib import Path

from kam.db import connect, immediate
from kam.demo.customers import CUSTOMER_COLUMNS
from kam.store.bulk import insert_rows

BRANCHES = (("华东分公司", "华东"), ("华南分公司", "华南"), ("华北分公司", "华北"), ("西南分公司", "西南"))
PEOPLE = 20
CITIES = ("上海", "苏州", "杭州", "宁波", "广州", "深圳", "厦门", "北京", "天津", "成都", "重庆", "昆明")
BRANDS = ("华信", "鼎盛", "恒通", "瑞丰", "宏达", "金石", "远航", "嘉禾", "天元", "新程", "博雅", "永泰")
NOUNS = (
    ("食品饮料", "食品"),
    ("医疗健康", "医药"),
    ("家居建材", "家居"),
    ("智能制造", "智能装备"),
    ("物流供应链", "物流"),
    ("服装纺织", "服饰"),
)
FORMS = ("有限公司", "股份有限公司", "集团有限公司")
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静磊洋勇军杰"


def build_db(path: Path, rows: int, seed: int = 42) -> None:
    """Create ``path`` with the migrated schema and ``rows`` customers."""
    rng = random.Random(seed)
    db = connect(path)
    conn = db.conn
    with immediate(db):
        conn.executemany(
            "INSERT INTO branches (id, name, region) VALUES (?, ?, ?)",
            [(i + 1, name, region) for i, (name, region) in enumerate(BRANCHES)],
        )
        conn.executemany(
            "INSERT INTO people (id, name, rank, branch_id, join_date) VALUES (?, ?, 'partner', ?, '2020-01-01')",
            [(i, _person(rng), 1 + i % len(BRANCHES)) for i in range(1, PEOPLE + 1)],
        )
        insert_rows(db, "customers", CUSTOMER_COLUMNS, (_customer(rng, cid) for cid in range(1, rows + 1)))
    conn.close()


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _customer(rng: random.Random, cid: int) -> tuple:
    industry, noun = rng.choice(NOUNS)
    revenue = rng.randrange(1_000_000, 5_000_000_000, 10_000)
    return (
        cid,
        f"{rng.choice(CITIES)}{rng.choice(BRANDS)}{noun}{rng.choice(FORMS)}",
        industry,
        rng.choice(CITIES),
        rng.randint(1, len(BRANCHES)),
        revenue,
        revenue // rng.randint(5, 40),
        rng.randint(10, 20_000),
        rng.randint(0, 1),
        rng.randint(0, 1),
        rng.randint(0, 12),
        rng.randint(0, 60),
        rng.randrange(0, 600_000, 10_000),
        rng.randint(0, 5),
        rng.randint(0, 1),
        rng.randint(0, 1),
        rng.randint(0, 1),
        rng.randint(0, 5),
        rng.randint(0, 5),
        rng.randrange(0, 3_000_000, 10_000),
        rng.randint(1, PEOPLE),
        rng.randint(1, PEOPLE),
    )
