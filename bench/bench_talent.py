"""Talent pipeline benchmark (issue 14): server time of the talent page (its filter bar, its
model and what each of its six tabs computes), of closing a quarter and of an open after a
grid save, at the demo size and at larger ``--scale`` values.

The demo's people do not scale: every scale has the same 60 people (3 branches, kam/demo/
people.py); the scale multiplies customers, orders (about 4,400 a scale) and meetings (about
9,200 a scale). Issue 14's "1,000 people, 100,000 orders and 30,000 meetings" is therefore
met only in part: scale 3 has about 30,000 meetings (13,000 orders), scale 23 about 100,000
orders (210,000 meetings), both with 60 people.

Run by hand: ``python bench/bench_talent.py [--scales 1 3 23] [--runs 5]``. Prints a Markdown
table of medians (after one warm-up where it applies). A "page open" is what one run of
pages/talent.py computes on the server, without Streamlit: the filter bar's choices
(kam.views.filters.load), the model (kam.views.talent.load: the figures, masked to the
user, and the metrics), then every tab's view calls as kam/ui/talent.py makes them (pipeline:
camp_pipeline and one person's camp_paths; clearances: due_list, clearances and its matrix;
cadre: cadre, stars; command: the branch's people and command; stars: stars, the close
section's quarters where the user may close, history). The grids' rows (kam.ui.cache) and the
drawing are not in it (bench/bench_grid.py measures the grid).
- "cold": nothing cached (kam.views.memo cleared: the first open after the server starts):
  every table read and every person's R9 figures computed (kam.views.talent.figures);
- "warm, admin/HR": another open by an unrestricted user, the figures cached: what remains
  is the masking and the tabs' work on every person;
- "warm, manager": the same for the demo's general manager (their subtree);
- "warm, salesperson": the same for the demo's salesperson (themselves);
- "close a quarter": kam.views.talent.actions.close_period by HR on the quarter the close
  section offers the day after the as-of date (its stars kept, audited), reopened untimed
  between runs so that each run closes it again;
- "open after a grid save": one clearance_results row's note saved through
  kam.edit.save_change_set (untimed), then the page opened again by admin: the figures read
  clearance_results, so the memo computes them all again (compare "cold" and "warm").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("KAM_HASH", "fast")

from bench.timing import median_seconds, seconds  # noqa: E402
from kam import db as kamdb  # noqa: E402
from kam.auth import audit_name  # noqa: E402
from kam.demo import seed_demo  # noqa: E402
from kam.edit import save_change_set  # noqa: E402
from kam.rules.camps import camp_paths, camp_pipeline  # noqa: E402
from kam.specs import SPECS  # noqa: E402
from kam.store.access import Access, access_for  # noqa: E402
from kam.store.frames import loaded_frame  # noqa: E402
from kam.store.users import credentials  # noqa: E402
from kam.types import ChangeSet  # noqa: E402
from kam.views import filters, talent  # noqa: E402
from kam.views.memo import views  # noqa: E402
from kam.views.talent.actions import close_period, reopen_period  # noqa: E402

ANCHOR = dt.date(2026, 6, 30)
TODAY = ANCHOR + dt.timedelta(days=1)  # the day after the data stops: the as-of date's quarter has ended
NOW = dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=dt.UTC)

HEADER = (
    "| scale | people | orders | meetings | cold | warm, admin/HR | warm, manager | warm, salesperson "
    "| close a quarter | open after a grid save |"
)


def login(db: sqlite_utils.Database, name: str) -> Access:
    account = credentials(db, name)[0]
    return access_for(db, account, audit_name(account))


def tabs(m: talent.TalentModel, access: Access) -> None:
    """What each tab of kam/ui/talent.py computes from the model (the view calls, no drawing)."""
    # pipeline
    first, last = talent.quarter_bounds(talent.quarter_of(m.as_of))
    mine = m.figures.enrolments.loc[m.figures.enrolments["person_id"].isin(m.ids)]
    camp_pipeline(mine, m.figures.rules, m.as_of, first, last)
    m.labels("r9_camps")
    options = {int(i): m.name(i) for i in m.ids}
    if options:
        camp_paths(mine.loc[mine["person_id"] == next(iter(options))], m.figures.rules)
    # clearances
    m.labels("r9_clearances")
    due = m.due_list()
    due["manager_id"].map(m.name), due["person_id"].map(m.name)
    c = m.clearances()
    if len(c):
        c.pivot_table(index="person_id", columns="clearance_code", values="status", aggfunc="last")
    # cadre (and, for who writes enrolments, the approved candidates to enrol)
    m.cadre(), m.stars()
    if access.reads("hr_assessments") and access.writes("camp_enrolments"):
        m.cadre()
    # command
    m.labels("r9_command_ranks")
    here = sorted({int(b) for b in m.people["branch_id"].dropna()})
    if here:
        m.people.loc[(m.people["branch_id"] == here[0]) & m.people["active"]]
        m.command()
    # stars
    m.stars()
    if access.writes("closed_periods"):
        m.ended_quarters(TODAY), m.closed_quarters(), m.quarter_to_close(TODAY)
    m.history()


def open_page(db: sqlite_utils.Database, access: Access) -> talent.TalentModel:
    filters.load(db, access)
    m = talent.load(db, access, as_of=ANCHOR, lang="zh")
    tabs(m, access)
    return m


def measure(scale: float, runs: int) -> str:
    """One row of the table: a fresh demo database at ``scale`` (removed afterwards), timed."""
    with tempfile.TemporaryDirectory() as tmp:
        db = kamdb.connect(Path(tmp) / "bench.db")
        try:
            seed_demo(db, seed=42, anchor=ANCHOR, scale=scale)
            return timed(db, scale, runs)
        finally:
            db.conn.close()


def timed(db: sqlite_utils.Database, scale: float, runs: int) -> str:
    """The row of the seeded ``db``."""
    admin, hr, manager, sales = (login(db, name) for name in ("admin", "hr", "manager", "sales"))

    def cold() -> None:
        views().clear()
        open_page(db, admin)

    cold_s = median_seconds(cold, runs)
    warm = [median_seconds(lambda a=a: open_page(db, a), runs) for a in (admin, manager, sales)]

    quarter = open_page(db, hr).quarter_to_close(TODAY)
    assert quarter not in open_page(db, hr).closed_quarters(), quarter
    closes = []
    for _ in range(runs):
        start = time.perf_counter()
        problems = close_period(db, hr, quarter, TODAY, NOW)
        closes.append(time.perf_counter() - start)
        assert not problems, problems
        assert not reopen_period(db, hr, quarter)

    spec = SPECS["clearance_results"]
    key = db.execute("SELECT MIN(id) FROM clearance_results").fetchone()[0]
    reopens = []
    for i in range(runs + 1):  # the first: a warm-up
        open_page(db, admin)  # the figures cached as they were before the save
        loaded = loaded_frame(db, spec)
        changes = ChangeSet(updates={key: {"note": f"bench {i}"}}, versions={key: int(loaded.loc[key, "version"])})
        result, problems = save_change_set(db, spec, loaded, changes, admin)
        assert result is not None, problems
        start = time.perf_counter()
        open_page(db, admin)
        reopens.append(time.perf_counter() - start)
    counts = [db[t].count for t in ("people", "orders", "meetings")]
    figures = (cold_s, *warm, statistics.median(closes), statistics.median(reopens[1:]))
    return (
        f"| {scale:g} | "
        + " | ".join(f"{n:,}" for n in counts)
        + " | "
        + " | ".join(f"{seconds(x)} s" for x in figures)
        + " |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 3, 23])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print(HEADER)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale in args.scales:
        print(measure(scale, args.runs), flush=True)


if __name__ == "__main__":
    main()
