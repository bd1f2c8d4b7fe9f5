"""The Python-side measurements (a) load-and-prepare and (b) save, run in a worker process
so that a measurement over the cap can be abandoned (the parent kills the worker).

``python -m bench.steps {load|save} DB RUNS`` prints one JSON line when a measurement
starts and one when it is done; a warm-up run (``run`` -1) comes first and is not counted.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable

import pandas as pd
import sqlite_utils

import kam.ui.common
from kam.db import connect
from kam.specs import SPECS
from kam.store.frames import loaded_frame
from kam.store.refs import fk_keys, fk_options
from kam.store.save import save_changes
from kam.types import ChangeSet, RowKey
from kam.ui.grid_state import GridState
from kam.ui.grid_view import display_frame, grid_options
from kam.validate import validate_changes

SPEC = SPECS["customers"]
PAGE_SIZE = 1000  # edit_table's default
SAVE_ROWS = 100
USER = "bench"

Measure = Callable[[int], dict[str, float]]


def _zh() -> str:
    return "zh"


# t() reads the UI language from st.session_state; outside a Streamlit run use Chinese.
kam.ui.common.lang = _zh


# --- (a) load and prepare --------------------------------------------------------------


def raw_read(db: sqlite_utils.Database) -> dict[str, float]:
    """The same rows into a DataFrame with a plain cursor, and with pd.read_sql."""
    t0 = time.perf_counter()
    cur = db.conn.execute("SELECT * FROM customers ORDER BY id")
    pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])
    t1 = time.perf_counter()
    pd.read_sql("SELECT * FROM customers ORDER BY id", db.conn)
    t2 = time.perf_counter()
    return {"total": t1 - t0, "cursor": t1 - t0, "read_sql": t2 - t1}


def editor_prepare(db: sqlite_utils.Database) -> dict[str, float]:
    """What a page and edit_table do before the rows go to AgGrid (first page, no search)."""
    t0 = time.perf_counter()
    loaded = loaded_frame(db, SPEC)
    t1 = time.perf_counter()
    options = fk_options(db, SPEC, "zh")
    t2 = time.perf_counter()
    state = GridState()
    view = loaded if len(loaded) <= PAGE_SIZE else loaded.iloc[0:PAGE_SIZE]  # _page_of, page 1
    display_frame(SPEC, view, loaded, state, ())
    t3 = time.perf_counter()
    grid_options(SPEC, (), options, allow_delete=not SPEC.fixed_rows)
    t4 = time.perf_counter()
    return {
        "total": t4 - t0,
        "loaded_frame": t1 - t0,
        "fk_options": t2 - t1,
        "display_frame": t3 - t2,
        "grid_options": t4 - t3,
    }


# --- (b) save 100 changed rows ---------------------------------------------------------


def _pick(db: sqlite_utils.Database, rng: random.Random) -> list[int]:
    count = db.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    return rng.sample(range(1, count + 1), min(SAVE_ROWS, count))


def editor_save(db: sqlite_utils.Database, rng: random.Random) -> dict[str, float]:
    """validate_changes + save_changes (version checks, audit) of 100 edited cells,
    given the rows as loaded, the way the grid's Save does it."""
    loaded = loaded_frame(db, SPEC)
    options = fk_options(db, SPEC, "zh")
    keys: list[RowKey] = list(_pick(db, rng))
    changes = ChangeSet(
        # A new value for every row (an unchanged value would not be written).
        updates={k: {"customer_revenue": int(loaded.at[k, "customer_revenue"]) + 10_000} for k in keys},
        versions={k: int(loaded.at[k, "version"]) for k in keys},
    )
    t0 = time.perf_counter()
    typed, problems = validate_changes(SPEC, loaded, changes, fk_keys(options))
    t1 = time.perf_counter()
    if problems:
        raise RuntimeError(f"validation refused the bench edits: {problems[:3]}")
    result = save_changes(db, SPEC, typed, USER)
    t2 = time.perf_counter()
    if result.updated != len(keys):
        raise RuntimeError(f"saved {result.updated} rows, expected {len(keys)}")
    return {"total": t2 - t0, "validate": t1 - t0, "save_changes": t2 - t1}


def plain_save(db: sqlite_utils.Database, rng: random.Random) -> dict[str, float]:
    """The same 100 UPDATEs in one plain transaction: no version check, no audit."""
    keys = _pick(db, rng)
    values = [(rng.randrange(1_000_000, 9_000_000, 10_000), k) for k in keys]
    conn: sqlite3.Connection = db.conn
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for value, key in values:
        conn.execute("UPDATE customers SET customer_revenue = ? WHERE id = ?", (value, key))
    conn.execute("COMMIT")
    return {"total": time.perf_counter() - t0}


# --- worker ----------------------------------------------------------------------------


def measures(step: str, db: sqlite_utils.Database) -> dict[str, Measure]:
    rng = random.Random(7)
    if step == "load":
        return {"plain": lambda _run: raw_read(db), "editor": lambda _run: editor_prepare(db)}
    if step == "save":
        return {"plain": lambda _run: plain_save(db, rng), "editor": lambda _run: editor_save(db, rng)}
    raise SystemExit(f"unknown step {step!r}")


def _emit(**event: object) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> None:
    step, path, runs = argv[0], argv[1], int(argv[2])
    db = connect(path, migrate=False)
    chosen = measures(step, db)
    for run in range(-1, runs):  # -1: warm-up
        for name, measure in chosen.items():
            _emit(start=name, run=run)
            parts = measure(run)
            _emit(done=name, run=run, seconds=parts.pop("total"), parts=parts)


if __name__ == "__main__":
    main(sys.argv[1:])
