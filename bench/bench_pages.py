"""Every page's server time (issue 17, first part): one script run of each page as Streamlit
runs it, in-process through ``streamlit.testing.v1.AppTest`` (the page script, its views,
altair and the element serialisation; no browser, no websocket).

Run by hand: ``python bench/bench_pages.py DB [DB ...] [--runs 3] [--login admin] [--pages targets ...]``, one seeded
database per size (``python -m kam.demo --scale N`` or bench_portraits' ``--keep``). Prints
a Markdown table of medians per page:
- "cold": the first run after the caches are emptied (kam.views.memo and st.cache_resource:
  the first open after the server starts);
- "warm": the first run in a new session while another session has run the page (the cache
  warm): what a second user waits for;
- "rerun": a second run in the same session with nothing changed (the floor of every click).

- "filter": a rerun after another branch is picked in the filter bar (pages that have it);
- "click": a rerun after a chart click, as the focus it sets (the pyramid's "grid shows"
  picker is what a tier-bar or value-map click sets: the same session key, the same rerun);
- "save": a rerun after one cell of the page's own grid is saved through the one save
  path (kam.ui.grid.save: validate, write, audit, the caches told), as Save does.

The browser times of every page (beside a plain ``AgGrid(df)`` page) are
bench/bench_pages_browser.py's; the server's memory is bench/bench_memory.py's.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import threading
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


def _settle() -> None:
    """Wait for the server's background warm-up (kam.ui.page: the board's rows read once per
    server start; emptying st.cache_resource starts it again): measured runs beside it
    shared the interpreter with it and took seconds more, at random."""
    for thread in threading.enumerate():
        if thread.name == "kam-warm-up":
            thread.join()


def _run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    took = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return took


# The cell each page's save changes: page -> (table, column, SQL picking the row's key).
SAVES = {
    "app.py": ("orders", "amount", "SELECT MAX(id) FROM orders WHERE stage = 'won'"),
    "pages/pyramid.py": ("customers", "customer_revenue", "SELECT MIN(id) FROM customers"),
    "pages/portraits.py": ("customers", "customer_revenue", "SELECT MIN(id) FROM customers"),
    "pages/board.py": ("orders", "amount", "SELECT MAX(id) FROM orders WHERE stage = 'following'"),
    "pages/targets.py": ("targets", "amount", "SELECT MIN(id) FROM targets"),
    "pages/talent.py": ("clearance_results", "score", "SELECT MIN(id) FROM clearance_results"),
    "pages/honors.py": ("orders", "amount", "SELECT MAX(id) FROM orders WHERE stage = 'won'"),
    "pages/settings.py": ("rule_params", "value", "SELECT code FROM rule_params WHERE code = 'r5_top_n'"),
}
FOCUS = {"pages/pyramid.py": ("pyramid_focus", "tier:KA")}  # the key a chart click sets, a tier


def _filter(at: AppTest, lang: str) -> bool:
    """Pick the second branch in the filter bar; False where the page has none."""
    boxes = [b for b in at.selectbox if b.key == f"_w_filter_branch_{lang}"]
    if not boxes or len(boxes[0].options) < 2:
        return False
    boxes[0].set_value(_branch())
    return True


def _branch() -> int:
    db = kamdb.connect(os.environ["KAM_DB"])
    try:
        return int(db.execute("SELECT MIN(id) FROM branches").fetchone()[0])
    finally:
        db.conn.close()


def _click(at: AppTest, script: str, lang: str) -> bool:
    if script not in FOCUS:
        return False
    name, code = FOCUS[script]
    box = [b for b in at.selectbox if b.key == f"{name}_{lang}"]
    if not box:
        return False
    box[0].set_value(code)
    return True


def _save(script: str, account: object) -> bool:
    """One cell of the page's own table saved as the grid's Save saves it."""
    if script not in SAVES:
        return False
    from kam.edit import save_change_set
    from kam.specs import SPECS
    from kam.store.access import access_for
    from kam.store.frames import loaded_frame
    from kam.types import ChangeSet
    from kam.ui.cache import after_save

    table, column, pick = SAVES[script]
    db = kamdb.connect(os.environ["KAM_DB"])
    try:
        spec = SPECS[table]
        row = db.execute(pick).fetchone()[0]
        loaded = loaded_frame(db, spec)
        old = loaded.loc[row, column]
        new = float(old) - 1 if old is not None and old == old and float(old) >= 1 else 1.0  # inside any bound
        access = access_for(db, account, "bench")
        versions = {row: int(loaded.loc[row, "version"])} if "version" in loaded.columns else {}
        result, problems = save_change_set(db, spec, loaded, ChangeSet({row: {column: new}}, versions), access)
        if result is None:
            raise RuntimeError(f"bench save refused: {problems}")
        after_save(db, spec, result)
        return True
    finally:
        db.conn.close()


def measure(db_path: Path, login: str, lang: str, runs: int, pages: list[str] | None = None) -> list[list[str]]:
    os.environ["KAM_DB"] = str(db_path)
    db = kamdb.connect(db_path)
    account = credentials(db, login)[0]
    customers = db.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    db.conn.close()
    rows = []
    for script, *_ in NAV:
        if pages and not any(p in script for p in pages):
            continue
        cold, warm, rerun, filtered, clicked, saved = [], [], [], [], [], []
        for _ in range(runs):
            views().clear()
            st.cache_resource.clear()
            cold.append(_run(_session(script, account, lang)))
            _settle()
            at = _session(script, account, lang)
            warm.append(_run(at))
            rerun.append(_run(at))
            if _click(at, script, lang):
                clicked.append(_run(at))
            if _save(script, account):
                saved.append(_run(at))
            if _filter(at, lang):
                filtered.append(_run(at))
        figures = (cold, warm, rerun, filtered, clicked, saved)
        rows.append([f"{customers:,}", script, *(f"{statistics.median(x):.3g}" if x else "-" for x in figures)])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dbs", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--login", default="admin")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--pages", nargs="*", help="only the pages whose script names contain one of these")
    args = ap.parse_args()
    _quiet()
    print("| customers | page | cold | warm | rerun | filter | click | save |")
    print("|---|---|---|---|---|---|---|---|")
    for path in args.dbs:
        for row in measure(path, args.login, args.lang, args.runs, args.pages):
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
