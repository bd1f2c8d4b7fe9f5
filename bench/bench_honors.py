"""Honor rolls benchmark (issue 15): server time of every honor of a year (the issue's target:
under a second for 1,000 people and 300,000 orders), of the honors page's views and of
closing a month, at the demo size and at larger ``--scale`` values, with more people.

The demo seeds about 4,400 orders a scale (kam/demo) and always the same 60 people;
``--people N`` grows the organisation after seeding with bench/bench_talent.py's
:func:`~bench.bench_talent.grow_people` (N - 60 more partners in the demo's teams, the
partners' orders and meetings handed round-robin to whoever was on the team on the day).
Issue 15's "1,000 people and 300,000 orders" is ``--scale 68 --people 1000`` (about 300,000
orders). The as-of date is the demo's anchor (2026-06-30), the year the anchor's. "Every honor
of a year" is the whole year, as of 2026-12-31: its 53 ISO weeks, 12 months, 4 quarters and
the year itself (69 periods, 5,000 roll rows; the demo's orders end at the anchor, so the second
half's periods are computed over the same orders but win less); the demo closed 2025-Q4, 2026-Q1
and the months January to April, so those are read from their snapshots.

Run by hand: ``python bench/bench_honors.py [--scales 1 68] [--runs 5] [--people 1000]
[--profile] [--keep DIR]``. Prints a Markdown table of medians (after one warm-up):
- "cold: every honor of a year": kam.views.memo cleared (the first open after the server
  starts), then ``memo(year_roll, as_of, year)``: every table the honors read, the figures
  (kam.views.honors.figures.honor_figures: the orders, the org, the clearance status) and
  every honor of every period of the year (kam.views.honors.figures.year_periods);
- "every honor of a year, orders in memory": as "cold", but the orders already read (the
  shared stage kam.views.orders.people_orders, kept by every page that scores people and
  patched from the order change log after a save, so that only a server's first open reads
  them from SQLite): the engine's own time, the issue's target;
- "warm page open, month": what one run of pages/honors.py computes on the server, without
  Streamlit, the cache warm, for the month the page opens on (the last ended one, open,
  live): the filter bar's choices (kam.views.filters.load), kam.views.honors.load, the
  metrics and the close state, and the stage tab as kam/ui/honors.py draws it (each honor's
  rule text and winners, the podium of each company-wide ranked honor);
- "open after an order save": one won order's amount in the anchor's month saved through
  kam.edit.save_change_set (untimed), then kam.views.honors.load of the month and the year's
  roll again (timed): the orders changed, so the figures and the rolls are computed again
  (the saved order read again and patched into the orders in memory, not every order);
- "hall of the year", "a person's history": kam.views.honors.hall and .history (three
  years: their year rolls cached after the warm-up) for the person with most honors;
- "commission of a year, warm / cold": kam.views.honors.commission.load for the anchor's year
  by admin, the figures cached / nothing cached;
- "close a month": kam.views.closing.close by admin of the page's month the day after the
  as-of date (its honors computed from the database and kept, audited), reopened untimed
  with a reason (kam.views.closing.reopen) between runs so that each run closes it again.

``--profile`` prints, after the table, cProfile's top 20 by cumulative time (and the top 15
by own time) of one cold "every honor of a year" at each scale. ``--keep DIR`` keeps the
seeded (and grown) database of each scale in DIR and measures a copy of it, so that a
second run skips the seeding.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import logging
import os
import platform
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("KAM_HASH", "fast")

from bench.bench_talent import DEMO_PEOPLE, grow_people, login  # noqa: E402
from bench.timing import median_seconds, seconds  # noqa: E402
from kam import db as kamdb  # noqa: E402
from kam.demo import seed_demo  # noqa: E402
from kam.edit import save_change_set  # noqa: E402
from kam.specs import SPECS  # noqa: E402
from kam.store.access import Access  # noqa: E402
from kam.store.frames import keyed_frame  # noqa: E402
from kam.types import ChangeSet  # noqa: E402
from kam.views import filters, honors  # noqa: E402
from kam.views.closing import close, reopen  # noqa: E402
from kam.views.honors import commission  # noqa: E402
from kam.views.honors.figures import year_periods, year_roll  # noqa: E402
from kam.views.memo import memo, views  # noqa: E402
from kam.views.orders import people_orders  # noqa: E402

for _name in list(logging.root.manager.loggerDict):  # bare mode: no "missing ScriptRunContext"
    if _name.startswith("streamlit"):
        logging.getLogger(_name).setLevel(logging.ERROR)

ANCHOR = dt.date(2026, 6, 30)  # the demo's anchor: the as-of date
YEAR = ANCHOR.year
YEAR_END = dt.date(YEAR, 12, 31)  # "every honor of a year": all of the year's periods
TODAY = ANCHOR + dt.timedelta(days=1)  # the business date of a close: the month has ended
NOW = dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=dt.UTC)
LANG = "zh"
SEED = 42
REASON = "bench: closed again by the next run"

COLUMNS = (
    "scale",
    "people",
    "orders",
    "cold: every honor of a year",
    "every honor of a year, orders in memory",
    "warm page open, month",
    "open after an order save",
    "hall of the year",
    "a person's history",
    "commission of a year, warm",
    "commission of a year, cold",
    "close a month",
)


def seeded(path: Path, scale: float, people: int) -> None:
    """A demo database at ``path`` (new) at ``scale``, grown to ``people`` people."""
    db = kamdb.connect(path)
    try:
        seed_demo(db, seed=SEED, anchor=ANCHOR, scale=scale)
        grow_people(db, people, ANCHOR)
    finally:
        db.conn.close()


def database(tmp: Path, scale: float, people: int, keep: Path | None) -> Path:
    """The file to measure: seeded in ``tmp``, or a copy of the one kept in ``keep``."""
    path = tmp / "bench.db"
    if keep is None:
        seeded(path, scale, people)
        return path
    kept = keep / f"honors-s{scale:g}-p{people}.db"
    if not kept.exists():
        seeded(tmp / "seed.db", scale, people)
        shutil.move(tmp / "seed.db", kept)
    shutil.copyfile(kept, path)
    return path


def stage(m: honors.HonorsModel) -> None:
    """What kam.ui.honors.draw_stage computes, no drawing: per honor its label, rule text and
    winners, and the podium of each ranked honor (not the camp board)."""
    for _, honor in m.honors().iterrows():
        code = str(honor["code"])
        m.label(code)
        m.rule_text(honor)
        winners = m.winners(code)
        if winners.loc[~winners["last_place"] & ~winners["runner_up"]].empty:
            continue
        if m.has_podium(honor):
            m.podium(code)


def open_month(db: sqlite_utils.Database, access: Access, month: str) -> honors.HonorsModel:
    """One run of pages/honors.py on ``month``'s stage tab, without Streamlit."""
    filters.load(db, access)
    m = honors.load(db, access, as_of=ANCHOR, lang=LANG, period=month)
    m.metrics, m.close()
    stage(m)
    return m


def every_honor_of_the_year(db: sqlite_utils.Database) -> pd.DataFrame:
    return memo(year_roll, db, as_of=YEAR_END, year=YEAR)


def cold_year(db: sqlite_utils.Database) -> None:
    views().clear()
    every_honor_of_the_year(db)


def won_order(db: sqlite_utils.Database, month: str) -> int:
    """A won order closed in ``month`` (an open one: the save changes its honors)."""
    row = db.execute(
        "SELECT MIN(id) FROM orders WHERE stage = 'won' AND substr(close_date, 1, 7) = ?", [month]
    ).fetchone()
    assert row and row[0] is not None, f"no won order in {month}"
    return int(row[0])


def save_amount(db: sqlite_utils.Database, access: Access, key: int, amount: float) -> None:
    """``key``'s amount saved as the grid saves it (untimed), the row as the user loaded it."""
    spec = SPECS["orders"]
    row = pd.read_sql_query("SELECT * FROM orders WHERE id = ?", db.conn, params=[key])
    loaded = keyed_frame(row, spec)
    changes = ChangeSet(updates={key: {"amount": amount}}, versions={key: int(loaded.loc[key, "version"])})
    result, problems = save_change_set(db, spec, loaded, changes, access, lang=LANG)
    assert result is not None, problems


def timed_runs(fn: Callable[[int], None], before: Callable[[int], None], runs: int) -> float:
    """The median of ``runs`` timed calls of ``fn(i)``, each after an untimed ``before(i)``,
    after one warm-up pair."""
    times = []
    for i in range(runs + 1):
        before(i)
        start = time.perf_counter()
        fn(i)
        if i:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(db: sqlite_utils.Database, runs: int) -> tuple[list[float], dict[str, int]]:
    """Every measurement of the seeded ``db`` (medians, in :data:`COLUMNS`' order)."""
    admin = login(db, "admin")
    month = honors.default_period("month", ANCHOR)
    assert honors.load(db, admin, as_of=ANCHOR, lang=LANG, period=month).close() is None, month

    cold = median_seconds(lambda: cold_year(db), runs)

    def orders_read(_: int) -> None:
        views().clear()
        people_orders(db)

    in_memory = timed_runs(lambda _: every_honor_of_the_year(db), orders_read, runs)
    roll = every_honor_of_the_year(db)
    warm_month = median_seconds(lambda: open_month(db, admin, month), runs)
    m = open_month(db, admin, month)
    hall = median_seconds(lambda: honors.hall(db, m, YEAR), runs)
    winners = roll.loc[roll["person_id"].notna() & ~roll["last_place"], "person_id"]
    person = int(winners.value_counts().index[0]) if len(winners) else int(m.figures.org.people["id"].iloc[0])
    history = median_seconds(lambda: honors.history(db, m, person), runs)
    pay_warm = median_seconds(lambda: commission.load(db, admin, year=YEAR, as_of=ANCHOR, lang=LANG), runs)

    def pay_cold() -> None:
        views().clear()
        commission.load(db, admin, year=YEAR, as_of=ANCHOR, lang=LANG)

    pay_cold_s = median_seconds(pay_cold, runs)

    key = won_order(db, ANCHOR.strftime("%Y-%m"))  # the anchor's month: open, in the year
    amount = float(db.execute("SELECT amount FROM orders WHERE id = ?", [key]).fetchone()[0])

    def before_open(i: int) -> None:
        open_month(db, admin, month)  # the figures cached as they were before the save
        every_honor_of_the_year(db)
        save_amount(db, admin, key, amount + (1 if i % 2 == 0 else 0))

    def after_save(_: int) -> None:
        honors.load(db, admin, as_of=ANCHOR, lang=LANG, period=month)
        every_honor_of_the_year(db)

    after = timed_runs(after_save, before_open, runs)
    if runs % 2 == 0:  # the last save added 1: the amount as seeded again
        save_amount(db, admin, key, amount)

    def closing(i: int) -> None:
        problems = close(db, admin, month, TODAY, NOW)
        assert not problems, problems

    def reopened(i: int) -> None:
        if i:
            assert not reopen(db, admin, month, REASON, NOW)

    close_s = timed_runs(closing, reopened, runs)
    assert not reopen(db, admin, month, REASON, NOW)

    sizes = {t: db[t].count for t in ("people", "orders")}
    sizes["won"] = db.execute("SELECT COUNT(*) FROM orders WHERE stage = 'won'").fetchone()[0]
    sizes["periods"] = len(year_periods(YEAR, YEAR_END))
    sizes["rows"] = len(roll)
    return [cold, in_memory, warm_month, after, hall, history, pay_warm, pay_cold_s, close_s], sizes


def profile(db: sqlite_utils.Database) -> str:
    """cProfile of one cold "every honor of a year" (after a warm-up), top 20 cumulative and
    top 15 own time."""
    cold_year(db)
    prof = cProfile.Profile()
    prof.enable()
    cold_year(db)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(20)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()


def measure(scale: float, runs: int, people: int, keep: Path | None, profiled: bool) -> tuple[str, dict, str]:
    """One row of the table: a fresh demo database at ``scale`` grown to ``people`` people
    (removed afterwards), timed; and the profile when asked."""
    with tempfile.TemporaryDirectory() as tmp:
        path = database(Path(tmp), scale, people, keep)
        db = kamdb.connect(path)
        try:
            load = os.getloadavg()[0]
            figures, sizes = timed(db, runs)
            sizes["load"] = (load, os.getloadavg()[0])
            text = profile(db) if profiled else ""
        finally:
            db.conn.close()
        views().clear()
    row = (
        f"| {scale:g} | {sizes['people']:,} | {sizes['orders']:,} | "
        + " | ".join(f"{seconds(x)} s" for x in figures)
        + " |"
    )
    return row, sizes, text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 68])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=1000, help="grow the organisation to N people")
    parser.add_argument("--profile", action="store_true", help="cProfile a cold 'every honor of a year'")
    parser.add_argument("--keep", type=Path, default=None, help="keep the seeded databases in this folder")
    args = parser.parse_args()
    if args.people < DEMO_PEOPLE:
        parser.error(f"--people must be at least the demo's {DEMO_PEOPLE}")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * (len(COLUMNS) - 1), flush=True)
    notes, profiles = [], []
    for scale in args.scales:
        row, sizes, text = measure(scale, args.runs, args.people, args.keep, args.profile)
        print(row, flush=True)
        notes.append(
            f"- scale {scale:g}: {sizes['won']:,} won orders; {sizes['periods']} periods of {YEAR} "
            f"(as of {YEAR_END}), {sizes['rows']:,} roll rows; load average {sizes['load'][0]:.1f} -> "
            f"{sizes['load'][1]:.1f} ({os.cpu_count()} CPUs: above that, other work shared the machine)"
        )
        if text:
            profiles.append(f"\n## Profile, scale {scale:g}: one cold 'every honor of a year'\n\n```\n{text}```")
    print(f"\nMedians of {args.runs} runs (after one warm-up), as of {ANCHOR}.\n")
    print("\n".join(notes))
    for text in profiles:
        print(text)


if __name__ == "__main__":
    main()
