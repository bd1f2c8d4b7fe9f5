"""Demo accounts, one per role, all with the one demo password (README, "Demo accounts").

Only a demo database has them: ``seed_demo`` creates them, and a database without demo
data never gets any (its first start asks for the first admin instead).
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from kam.auth import hash_password
from kam.demo.people import Org
from kam.store.users import create_user, mark_demo

DEMO_PASSWORD = "kam-demo-2026"


def demo_accounts(org: Org, anchor: dt.date) -> list[dict]:
    """admin (nobody's account), a general manager, HR (nobody's) and a salesperson who has
    not left (the longest-serving partner), each with a login people can type."""
    active = [p for p in org.people if p.active_on(anchor)]
    manager = next(p for p in active if p.rank == "general_manager")
    # The longest-serving partner under a director of the manager's branch: someone with
    # years of customers and orders of their own (the demo's sales account shows a
    # salesperson's week), in the manager's subtree (the manager account sees them).
    sellers = [
        p
        for p in active
        if p.is_seller and p.rank == "partner" and p.manager_id is not None and p.branch_id == manager.branch_id
    ]
    seller = min(sellers, key=lambda p: (p.join_date, p.id))
    return [
        {"login": "admin", "display_name": "系统管理员", "role": "admin", "person_id": None},
        {"login": "manager", "display_name": manager.name, "role": "manager", "person_id": manager.id},
        {"login": "hr", "display_name": "人力资源", "role": "hr", "person_id": None},
        {"login": "sales", "display_name": seller.name, "role": "sales", "person_id": seller.id},
    ]


def insert_accounts(db: sqlite_utils.Database, org: Org, anchor: dt.date) -> None:
    at = dt.datetime.combine(anchor, dt.time(8, 0), tzinfo=dt.UTC)
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: every demo account shares the password
    for row in demo_accounts(org, anchor):
        create_user(db, password_hash=password_hash, at=at, **row)
    mark_demo(db)
