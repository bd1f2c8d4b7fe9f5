"""Sign-in and row-scope benchmark (issue 12): how long a sign-in takes at the real hash
cost, and the server time that scope adds to a page run at 10,000 customers.

Run by hand: ``python bench/bench_access.py [--scale 17] [--runs 5]`` (scale 17 of the demo
data is about 10,000 customers and 78,000 orders). Prints a Markdown table: medians of the
runs after one warm-up. The views' unscoped stages are warm (kam/views/memo.py), as on a
server where anyone opened the page before: what remains per run is what a user's scope
costs, beside an admin's run of the same page (whose whole model is kept: it is nobody's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.pop("KAM_HASH", None)  # the real cost: never the tests' cheapest parameters

from bench.timing import median_seconds  # noqa: E402
from kam import auth  # noqa: E402
from kam import db as kamdb  # noqa: E402
from kam.demo import seed_demo  # noqa: E402
from kam.store import users  # noqa: E402
from kam.store.access import access_for  # noqa: E402
from kam.views import filters, home, pyramid, targets  # noqa: E402

ANCHOR = dt.date(2026, 6, 30)
PASSWORD = "a benchmark password"


def build(path: Path, scale: float) -> None:
    db = kamdb.connect(path)
    seed_demo(db, seed=42, anchor=ANCHOR, scale=scale)
    db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=17)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.db"
    build(path, args.scale)
    db = kamdb.connect(path)
    n_customers = db["customers"].count
    now = dt.datetime.now(dt.UTC)
    users.create_user(
        db, login="bench", display_name="bench", role="admin", password_hash=auth.hash_password(PASSWORD), at=now
    )
    rows: list[tuple[str, str, float | int]] = []
    rows.append(
        ("sign-in", "right password", median_seconds(lambda: auth.sign_in(db, "bench", PASSWORD, now), args.runs))
    )
    rows.append(
        ("sign-in", "wrong password", median_seconds(lambda: auth.sign_in(db, "bench", "x" * 12, now), args.runs))
    )
    rows.append(
        ("sign-in", "unknown login", median_seconds(lambda: auth.sign_in(db, "nobody", "x" * 12, now), args.runs))
    )
    logins = {
        login: users.account(db, db.execute("SELECT id FROM users WHERE login = ?", [login]).fetchone()[0])
        for login in ("admin", "manager", "sales")
    }
    pages: dict[str, Callable[..., object]] = {
        "home": lambda a: home.load(db, a, as_of=ANCHOR, lang="zh"),
        "pyramid": lambda a: pyramid.load(db, a, as_of=ANCHOR, lang="zh"),
        "targets": lambda a: targets.load(db, a, year=ANCHOR.year, as_of=ANCHOR, lang="zh"),
        "filters": lambda a: filters.load(db, a),
    }
    for login, account in logins.items():
        rights = median_seconds(partial(access_for, db, account, login), args.runs)
        rows.append(("scope", f"{login}: rights (access_for)", rights))
        access = access_for(db, account, login)
        if access.people is not None:
            rows.append(("scope", f"{login}: people in scope", len(access.people)))
            rows.append(("scope", f"{login}: customers in scope", len(access.customers or ())))
        for page, load in pages.items():
            rows.append((page, f"{login}: one run, stages warm", median_seconds(partial(load, access), args.runs)))
    print(
        f"{n_customers:,} customers, {db['orders'].count:,} orders; Python {platform.python_version()}, "
        f"{platform.machine()}; median of {args.runs} runs after a warm-up\n"
    )
    print("| what | case | seconds |")
    print("|---|---|---|")
    for what, case, seconds in rows:
        print(
            f"| {what} | {case} | {seconds:.3f} |"
            if isinstance(seconds, float)
            else f"| {what} | {case} | {seconds:,} |"
        )


if __name__ == "__main__":
    main()
