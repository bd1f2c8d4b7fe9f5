"""Every page's server time (issue 17, first part): one script run of each page as Streamlit
runs it, in-process through ``streamlit.testing.v1.AppTest`` (the page script, its views,
altair and the element serialisation; no browser, no websocket).

Run by hand: ``python bench/bench_pages.py DB [DB ...] [--runs 3] [--login admin]``, one seeded
database per size (``python -m kam.demo --scale N`` or bench_portraits' ``--keep``). Prints
a Markdown table of medians per page:
- "cold": the first run after the caches are emptied (kam.views.memo and st.cache_resource:
  the first open after the server starts);
- "warm": the first run in a new session while another session has run the page (the cache
  warm): what a second user waits for;
- "rerun": a second run in the same session with nothing changed (the floor of every click).

Not yet here (issue 17 asks for them, next step): reruns after a filter change, a chart
click and a grid save, the browser times beside a plain ``AgGrid(df)`` page, and memory.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KAM_HASH", "fast")

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from kam import db as kamdb  # noqa: E402
from kam.store.users import credentials  # noqa: E402
from kam.ui.page import NAV  # noqa: E402
from kam.ui.signin import ACCOUNT  # noqa: E402
from kam.views.memo import views  # noqa: E402

TIMEOUT = 600


def _quiet() -> None:
    """Bare-mode warnings ("missing ScriptRunContext") would drown the table."""
    logging.disable(logging.WARNING)


def _session(script: str, account: object, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=TIMEOUT)
    at.session_state[ACCOUNT] = account
    at.session_state["_demo_checked"] = True  # the database is seeded already
    at.query_params["lang"] = lang
    return at


def _run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    took = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return took


def measure(db_path: Path, login: str, lang: str, runs: int) -> list[list[str]]:
    os.environ["KAM_DB"] = str(db_path)
    db = kamdb.connect(db_path)
    account = credentials(db, login)[0]
    customers = db.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    db.conn.close()
    rows = []
    for script, *_ in NAV:
        cold, warm, rerun = [], [], []
        for _ in range(runs):
            views().clear()
            st.cache_resource.clear()
            cold.append(_run(_session(script, account, lang)))
            at = _session(script, account, lang)
            warm.append(_run(at))
            rerun.append(_run(at))
        rows.append([f"{customers:,}", script, *(f"{statistics.median(x):.3g}" for x in (cold, warm, rerun))])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dbs", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--login", default="admin")
    ap.add_argument("--lang", default="zh")
    args = ap.parse_args()
    _quiet()
    print("| customers | page | cold | warm | rerun |")
    print("|---|---|---|---|---|")
    for path in args.dbs:
        for row in measure(path, args.login, args.lang, args.runs):
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
