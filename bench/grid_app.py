"""The bench's Streamlit page: the customers table of ``KAM_DB`` in one grid.

``BENCH_MODE=editor``: our :func:`kam.ui.grid.edit_table`, as a page uses it.
``BENCH_MODE=plain``: a plain ``AgGrid(df)`` of the same rows, editable, returning the
whole grid on each cell edit (``update_on=["cellValueChanged"]``, ``AS_INPUT``); it
shows the first row's revenue as the grid returned it, so that a test can see the rerun.

Rows: ``BENCH_LOAD=cached`` (default) reads them the way the app's pages do, the editor
through :func:`kam.ui.cache.load_table` (cached until the table changes) and the plain
grid through a ``st.cache_resource`` of the same read; ``BENCH_LOAD=fresh`` reads the
whole table from SQLite on every run (``loaded_frame`` / a plain cursor).
``BENCH_PROFILE=<file>``: every script run is profiled (cProfile) and its duration and
top functions appended to that file.
"""

import cProfile
import io
import os
import pstats
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd
import streamlit as st
from st_aggrid import AgGrid

from kam.db import connect
from kam.specs import SPECS
from kam.store.frames import loaded_frame
from kam.ui.cache import load_table
from kam.ui.grid import edit_table

KEY = "grid"  # the container class st-key-grid finds the grid's iframe in either mode
MODE = os.environ.get("BENCH_MODE", "editor")
LOAD = os.environ.get("BENCH_LOAD", "cached")


def read_plain(conn: sqlite3.Connection) -> pd.DataFrame:
    cur = conn.execute("SELECT * FROM customers ORDER BY id")
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])


@st.cache_resource(show_spinner=False)
def cached_plain(path: str) -> pd.DataFrame:
    return read_plain(connect(path, migrate=False).conn)


def plain(conn: sqlite3.Connection) -> None:
    frame = read_plain(conn) if LOAD == "fresh" else cached_plain(os.environ["KAM_DB"])
    with st.container(key=KEY):
        response = AgGrid(
            frame, key="plain", height=520, editable=True, update_on=["cellValueChanged"], data_return_mode="AS_INPUT"
        )
    data = getattr(response, "data", None)
    if isinstance(data, pd.DataFrame) and len(data):
        value = data["customer_revenue"].iloc[0]
        st.caption(f"bench-first-revenue={int(float(value)) if pd.notna(value) else value}")


def page() -> None:
    st.set_page_config(page_title=f"grid bench · {MODE}", layout="wide")
    st.title(f"grid bench · {MODE}")
    db = connect()  # KAM_DB
    if MODE == "plain":
        plain(db.conn)
    else:
        spec = SPECS["customers"]
        frame = loaded_frame(db, spec) if LOAD == "fresh" else load_table(db, spec)
        edit_table(db, spec, frame, key=KEY, user="bench")


def profiled(path: str) -> None:
    """Run the page under cProfile; st.rerun() ends a run with an exception, so log in finally."""
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    try:
        prof.runcall(page)
    finally:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(30)
        with open(path, "a") as f:
            f.write(f"=== run {time.perf_counter() - t0:.3f} s, ended at {time.time():.3f}\n{out.getvalue()}\n")


if os.environ.get("BENCH_PROFILE"):
    profiled(os.environ["BENCH_PROFILE"])
else:
    page()
