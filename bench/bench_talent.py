"""Talent pipeline benchmark (issue 14): server time of the talent page (its filter bar, its
model and what each of its six tabs computes), of closing a quarter and of an open after a
grid save, at the demo size and at larger ``--scale`` values, optionally with more people.

The demo's people do not scale: every scale has the same 60 people (3 branches, kam/demo/
people.py); the scale multiplies customers, orders (about 4,400 a scale) and meetings (about
9,200 a scale). ``--people N`` grows the organisation after seeding (:func:`grow_people`):
N - 60 more partners, on the team, in the demo's teams under each team's leader, who joined
over the last six years (about one in six within the last year: clearances due); then the
orders owned by a partner and the meetings of a partner are handed round-robin to the
partners (old and new) who were on the team on the order's lock date or the meeting's day,
so that every partner has figures of their own. Customers keep their owner and developer.
Issue 14's "1,000 people, 100,000 orders and 30,000 meetings" is ``--scale 23 --people
1000`` (about 103,000 orders and 220,000 meetings: more meetings than the issue's).

Run by hand: ``python bench/bench_talent.py [--scales 1 3 23] [--runs 5] [--people N]``.
Prints a Markdown table of medians (after one warm-up where it applies). A "page open" is
what one run of pages/talent.py computes on the server, without Streamlit: the filter bar's
choices (kam.views.filters.load), the model (kam.views.talent.load: the figures, masked to
the user, and the metrics), then every tab's view calls as kam/ui/talent.py makes them
(:func:`tabs`; kam.views.talent.tables): pipeline: the quarter's pipeline and the first
person's path; clearances: the due table and the matrix; cadre: the cadre table and, for who
reads assessments and writes enrolments, the approved candidates waiting for the Pegasus
camp (the HR export is built only on a download click: not in it); command: the branches,
the first branch's command tree, its flags and its graphs' DOT text (left out should
kam.ui.talent not import outside Streamlit); stars: the stars table, the warned names, the
close section's quarters where the user may close, the history. The grids' rows
(kam.ui.cache) and the drawing are not in it (bench/bench_grid.py measures the grid).
- "cold": nothing cached (kam.views.memo cleared: the first open after the server starts):
  every table read and every person's R9 figures computed (kam.views.talent.figures);
- "warm, admin/HR": another open by an unrestricted user, the figures cached: what remains
  is the masking and the tabs' work on every person;
- "warm, manager": the same for the demo's general manager (their subtree);
- "warm, salesperson": the same for the demo's salesperson (themselves);
- "close a quarter": kam.views.closing.close by HR on the quarter the close section offers
  the day after the as-of date (its honors and stars kept, audited), reopened untimed (with a
  reason, kam.views.closing.reopen) between runs so that each run closes it again;
- "open after a grid save": one clearance_results row's note saved through
  kam.edit.save_change_set (untimed), then the page opened again by admin: the figures read
  clearance_results, so the memo computes them all again (compare "cold" and "warm").
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import sqlite_utils
from faker import Faker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("KAM_HASH", "fast")

from bench.timing import median_seconds, seconds  # noqa: E402
from kam import db as kamdb  # noqa: E402
from kam.auth import audit_name  # noqa: E402
from kam.db import immediate  # noqa: E402
from kam.demo import seed_demo  # noqa: E402
from kam.edit import save_change_set  # noqa: E402
from kam.specs import SPECS  # noqa: E402
from kam.store.access import Access, access_for  # noqa: E402
from kam.store.frames import loaded_frame  # noqa: E402
from kam.store.users import credentials  # noqa: E402
from kam.types import ChangeSet  # noqa: E402
from kam.views import filters, talent  # noqa: E402
from kam.views.closing import close, reopen  # noqa: E402
from kam.views.memo import views  # noqa: E402
from kam.views.talent import tables  # noqa: E402
from kam.views.talent.actions import PEGASUS  # noqa: E402

try:  # the command graph's DOT text is built in the drawing module (it imports Streamlit)
    from kam.ui import talent as ui_talent
except Exception:  # outside Streamlit: the DOT is left out
    ui_talent = None
for _name in list(logging.root.manager.loggerDict):  # bare mode: no "missing ScriptRunContext" on every t()
    if _name.startswith("streamlit"):
        logging.getLogger(_name).setLevel(logging.ERROR)

ANCHOR = dt.date(2026, 6, 30)
TODAY = ANCHOR + dt.timedelta(days=1)  # the day after the data stops: the as-of date's quarter has ended
NOW = dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=dt.UTC)
DEMO_PEOPLE = 60  # kam/demo/people.py, at every scale
GROW_SEED = 14
GROW_DAYS = (10, 6 * 365)  # the added partners joined this many days before the anchor

HEADER = (
    "| scale | people | orders | meetings | cold | warm, admin/HR | warm, manager | warm, salesperson "
    "| close a quarter | open after a grid save |"
)


def login(db: sqlite_utils.Database, name: str) -> Access:
    account = credentials(db, name)[0]
    return access_for(db, account, audit_name(account))


def grow_people(db: sqlite_utils.Database, people: int, anchor: dt.date, seed: int = GROW_SEED) -> None:
    """Grow the seeded demo to ``people`` people: partners added to the teams (round-robin),
    each reporting to their team's leader, on the team, who joined 10 days to six years
    before ``anchor``; then every order owned by a partner and every meeting of a partner goes,
    round-robin, to one of the partners on the team on its lock date (the meeting's day).
    Deterministic for a seed."""
    have = db["people"].count
    if people <= have:
        return
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    seen = {str(r[0]) for r in db.execute("SELECT name FROM people")}
    teams = db.execute("SELECT id, branch_id, leader_id FROM teams WHERE leader_id IS NOT NULL ORDER BY id").fetchall()
    assert teams, "no team with a leader"
    rows = []
    for i in range(people - have):
        team, branch, leader = teams[i % len(teams)]
        name = fake.name()
        while name in seen:
            name = fake.name()
        seen.add(name)
        joined = anchor - dt.timedelta(days=rng.randint(*GROW_DAYS))
        rows.append(
            {
                "name": name,
                "rank": "partner",
                "command_rank": None,
                "branch_id": branch,
                "team_id": team,
                "manager_id": leader,
                "join_date": joined.isoformat(),
                "left_date": None,
            }
        )
    with immediate(db):
        db["people"].insert_all(rows)
        partners = pd.read_sql_query(
            "SELECT id, join_date, left_date FROM people WHERE rank = 'partner' ORDER BY id", db.conn
        )
        _hand_over(db, partners, "orders", "owner_id", "lock_date")
        _hand_over(db, partners, "meetings", "person_id", "meeting_date")
    assert db["people"].count == people
    assert not db.execute("PRAGMA foreign_key_check").fetchall()


def _hand_over(db: sqlite_utils.Database, partners: pd.DataFrame, table: str, column: str, day: str) -> None:
    """``table``'s rows whose ``column`` names a partner, in id order, to the partners on the
    team on the row's ``day`` in turn (its own partner kept when nobody else was)."""
    joined = partners["join_date"].str[:10].to_numpy()
    left = partners["left_date"].fillna("9999-12-31").str[:10].to_numpy()
    ids = partners["id"].to_numpy()
    rows = db.execute(
        f"SELECT id, {day} FROM [{table}] WHERE {column} IN (SELECT id FROM people WHERE rank = 'partner') ORDER BY id"
    ).fetchall()
    on_team: dict[str, list[int]] = {}
    changes = []
    for n, (key, when) in enumerate(rows):
        d = str(when)[:10]
        here = on_team.get(d)
        if here is None:
            here = on_team[d] = [int(i) for i in ids[(joined <= d) & (d <= left)]]
        if here:
            changes.append((here[n % len(here)], key))
    db.conn.executemany(f"UPDATE [{table}] SET {column} = ? WHERE id = ?", changes)


def tabs(m: talent.TalentModel, access: Access) -> None:
    """The view calls kam/ui/talent.py makes per tab (kam.views.talent.tables), no drawing."""
    # pipeline: the quarter's chart, the first person's path (the picker's default)
    tables.pipeline(m, talent.quarter_of(m.as_of))
    tables.path(m, next((int(i) for i in m.ids), None))
    # clearances
    tables.due_table(m)
    tables.clearance_matrix(m)
    # cadre (the HR export only on a download click: left out)
    tables.cadre_table(m)
    if access.reads("hr_assessments") and access.writes("camp_enrolments"):
        m.waiting_for_pegasus(PEGASUS)
    # command: the first branch, the whole of it (no top picked)
    branches = m.branches()
    if branches:
        people, _levels, _cut = m.command_tree(next(iter(branches)))
        if ui_talent is not None:
            ui_talent._command_dot(m, people)
            if hasattr(ui_talent, "_legend_dot"):  # the legend, a graph of its own (drawn first)
                ui_talent._legend_dot(m)
        tables.command_flags(m, people.index)
    # stars
    tables.stars_table(m)
    tables.warned_names(m)
    if access.closes("quarter"):
        m.ended_quarters(TODAY), m.closed_quarters(), m.quarter_to_close(TODAY)
    tables.history_table(m)


def open_page(db: sqlite_utils.Database, access: Access) -> talent.TalentModel:
    filters.load(db, access)
    m = talent.load(db, access, as_of=ANCHOR, lang="zh")
    tabs(m, access)
    return m


def measure(scale: float, runs: int, people: int | None = None) -> str:
    """One row of the table: a fresh demo database at ``scale`` (removed afterwards), grown to
    ``people`` people when given, timed."""
    with tempfile.TemporaryDirectory() as tmp:
        db = kamdb.connect(Path(tmp) / "bench.db")
        try:
            seed_demo(db, seed=42, anchor=ANCHOR, scale=scale)
            if people is not None:
                grow_people(db, people, ANCHOR)
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
        problems = close(db, hr, quarter, TODAY, NOW)
        closes.append(time.perf_counter() - start)
        assert not problems, problems
        assert not reopen(db, hr, quarter, "bench: closed again next run", NOW)

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
    parser.add_argument(
        "--people",
        type=int,
        default=None,
        help=f"grow the organisation to N people (default: the demo's {DEMO_PEOPLE})",
    )
    args = parser.parse_args()
    if args.people is not None and args.people < DEMO_PEOPLE:
        parser.error(f"--people must be at least the demo's {DEMO_PEOPLE}")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print(HEADER)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale in args.scales:
        print(measure(scale, args.runs, args.people), flush=True)


if __name__ == "__main__":
    main()
