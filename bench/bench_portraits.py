"""Portraits benchmark (issue 16): server time of the portrait fit (the issue's target: every
customer's fit to the active portrait in under a second at 50,000 customers) and of the
portraits page's model, at the demo size and at ``--scale 83`` (about 50,000 customers).

Run by hand: ``python bench/bench_portraits.py [--scales 1 83] [--runs 5] [--keep DIR]``.
Prints a Markdown table of medians (after one warm-up):
- "fit, active portrait": :func:`kam.rules.portraits.portrait_fit` of every customer (as the
  store loads them) to the active portrait: fit score, forces met, match, near miss, incomplete;
- "fit, every portrait": the same for each of the shipped portraits (five), as the page's
  unscoped stage computes them (:func:`kam.views.portraits.fits`, the pyramid's scoring kept);
- "page model, warm": one run of pages/portraits.py without Streamlit, the stages kept:
  kam.views.portraits.load by admin (every customer in scope: the lists, the near misses with
  the force they miss, the tier x class spread, the maps' flags, reviews, competitor summary
  and focus industries) and the map of the first customer of the picker in DOT;
- "page model, cold": the same with kam.views.memo cleared (the first open after the server
  starts: the customers and orders read and scored, every portrait fitted);
- "page model after a key-person save": one key person's closeness saved through
  kam.edit.save_change_set (untimed), then the model again: only the maps stage is computed again.
``--keep DIR`` keeps each scale's seeded database in DIR so that a second run skips seeding.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("KAM_HASH", "fast")

from bench.timing import median_seconds, seconds  # noqa: E402
from kam import db as kamdb  # noqa: E402
from kam.demo import seed_demo  # noqa: E402
from kam.edit import save_change_set  # noqa: E402
from kam.rules.portraits import portrait_fit  # noqa: E402
from kam.specs import SPECS  # noqa: E402
from kam.store.access import unrestricted  # noqa: E402
from kam.store.customers import read_customers  # noqa: E402
from kam.store.frames import loaded_frame  # noqa: E402
from kam.store.rules import load_rules  # noqa: E402
from kam.types import ChangeSet  # noqa: E402
from kam.views import portraits  # noqa: E402
from kam.views.memo import views  # noqa: E402

for _name in list(logging.root.manager.loggerDict):  # bare mode: no "missing ScriptRunContext"
    if _name.startswith("streamlit"):
        logging.getLogger(_name).setLevel(logging.ERROR)

ANCHOR = dt.date(2026, 6, 30)
LANG = "zh"
SEED = 42
ADMIN = unrestricted("bench")
COLUMNS = (
    "scale",
    "customers",
    "fit, active portrait",
    "fit, every portrait",
    "page model, warm",
    "page model, cold",
    "page model after a key-person save",
)


def database(tmp: Path, scale: float, keep: Path | None) -> Path:
    path = tmp / "bench.db"
    kept = keep / f"portraits-s{scale:g}.db" if keep else None
    if kept is None or not kept.exists():
        db = kamdb.connect(tmp / "seed.db")
        seed_demo(db, seed=SEED, anchor=ANCHOR, scale=scale)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        if kept is None:
            shutil.move(tmp / "seed.db", path)
            return path
        shutil.move(tmp / "seed.db", kept)
    shutil.copyfile(kept, path)
    return path


def page(db) -> None:
    m = portraits.load(db, ADMIN, as_of=ANCHOR, lang=LANG)
    ids = m.customer_ids()
    if ids:
        m.maps.dot(ids[0])


def measure(path: Path, scale: float, runs: int) -> list[str]:
    db = kamdb.connect(path)
    customers = read_customers(db, SPECS["customers"])
    by_id = customers.set_index("id")
    rules = load_rules(db)
    pids = [int(p) for p in rules["r3_portraits"]["id"]]
    fit_active = median_seconds(lambda: portrait_fit(by_id, rules), runs)
    fit_all = median_seconds(lambda: [portrait_fit(by_id, rules, p) for p in pids], runs)
    page(db)
    warm = median_seconds(lambda: page(db), runs)

    def cold() -> None:
        views().clear()
        page(db)

    cold_s = median_seconds(cold, max(1, runs // 2))
    page(db)
    spec = SPECS["customer_contacts"]
    key = int(db.execute("SELECT id FROM customer_contacts ORDER BY id LIMIT 1").fetchone()[0])
    closeness = [1]

    def after_save() -> None:
        loaded = loaded_frame(db, spec)
        closeness[0] = 1 + closeness[0] % 5
        change = ChangeSet(updates={key: {"closeness": closeness[0]}}, versions={key: int(loaded.at[key, "version"])})
        saved, problems = save_change_set(db, spec, loaded, change, ADMIN)
        assert saved is not None, problems

    save_s = []
    for _ in range(runs):
        after_save()  # untimed
        start = time.perf_counter()
        page(db)  # the first open after the save: the maps stage is computed again
        save_s.append(time.perf_counter() - start)
    save_s.sort()
    return [
        f"{scale:g}",
        f"{len(customers):,}",
        seconds(fit_active),
        seconds(fit_all),
        seconds(warm),
        seconds(cold_s),
        seconds(save_s[len(save_s) // 2]),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[1, 83])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    rows = []
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(measure(database(Path(tmp), scale, args.keep), scale, args.runs))
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
