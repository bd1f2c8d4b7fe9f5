"""Order board benchmark (issue 13): server time to open the board and to save a move, at the
demo size, at 10,000 customers and at ``--scale 83`` (about 50,000 customers, 380,000 orders).

Run by hand: ``python bench/bench_board.py [--scales 1 17 83] [--runs 5]``. Prints a Markdown
table of medians (after one warm-up where it applies):
- "cold": nothing cached (the first open after the server starts): every order read and scored;
- "new day": the stored rows cached, every order scored for another as-of date (the first
  open of a day, or after a change to the rules, people or customers);
- "warm": another user's open, the scored cards cached (kam/views/memo.py): what remains is
  the filters and the user's scope;
- "move": one save through the one save path (version, scope, transitions, audit);
- "open after a move": the board opened again after a move: the orders' change log
  (migration 010) names the moved order and only it is read and scored again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("KAM_HASH", "fast")

from bench.timing import median_seconds  # noqa: E402
from kam import db as kamdb  # noqa: E402
from kam.demo import seed_demo  # noqa: E402
from kam.store.access import access_for, unrestricted  # noqa: E402
from kam.store.users import credentials  # noqa: E402
from kam.views import board  # noqa: E402
from kam.views.board.cards import board_cards  # noqa: E402
from kam.views.board.moves import move_order  # noqa: E402
from kam.views.memo import views  # noqa: E402

ANCHOR = dt.date(2026, 6, 30)


HEADER = (
    "| scale | customers | orders | open, cold | open, new day | open, warm, admin | open, warm, manager "
    "| move saved | open after a move |"
)


def measure(scale: float, runs: int) -> str:
    """One row of the table: a fresh demo database at ``scale``, timed."""
    path = Path(tempfile.mkdtemp()) / "bench.db"
    db = kamdb.connect(path)
    seed_demo(db, seed=42, anchor=ANCHOR, scale=scale)
    admin = unrestricted("bench")
    manager = access_for(db, credentials(db, "manager")[0], "manager")
    filters = board.Filters(period="2026-Q2")

    def open_as(access: object, as_of: dt.date = ANCHOR) -> None:
        board.load(db, access, as_of=as_of, lang="zh", filters=filters).columns()

    def cold() -> None:
        views().clear()
        open_as(admin)

    days = iter(range(1, 10_000))
    cold_s = median_seconds(cold, runs)
    new_day = median_seconds(lambda: board_cards(db, ANCHOR - dt.timedelta(days=next(days))), runs)
    open_as(admin)
    warm_admin = median_seconds(lambda: open_as(admin), runs)
    warm_manager = median_seconds(lambda: open_as(manager), runs)
    m = board.load(db, admin, as_of=ANCHOR, lang="zh", filters=filters)
    key = int(m.orders[m.orders["stage"] == "following"]["id"].iloc[0])
    moves, reopen = [], []
    for i in range(runs):
        version = db.execute("SELECT version FROM orders WHERE id = ?", [key]).fetchone()[0]
        start = time.perf_counter()
        result, problems = move_order(db, admin, key, version, ("stuck", "following")[i % 2], as_of=ANCHOR)
        moves.append(time.perf_counter() - start)
        assert result is not None, problems
        start = time.perf_counter()
        open_as(admin)
        reopen.append(time.perf_counter() - start)
    move, after = sorted(moves)[len(moves) // 2], sorted(reopen)[len(reopen) // 2]
    n_c, n_o = db["customers"].count, db["orders"].count
    db.conn.close()
    figures = (cold_s, new_day, warm_admin, warm_manager, move, after)
    return f"| {scale:g} | {n_c:,} | {n_o:,} | " + " | ".join(f"{x:.2f} s" for x in figures) + " |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 17, 83])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print(HEADER)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale in args.scales:
        print(measure(scale, args.runs), flush=True)


if __name__ == "__main__":
    main()
