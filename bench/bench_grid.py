"""Benchmark of the grid editor against plain SQLite / pandas / AgGrid, run by hand:

    python bench/bench_grid.py              # 1k, 10k, 50k, 100k rows, 5 runs each
    python bench/bench_grid.py --quick      # 1k and 10k only
    python bench/bench_grid.py --sizes 100000 --runs 3 --cap 30 --steps cd
    python bench/bench_grid.py --load fresh  # read the table on every rerun (no page cache)

Per size: a temp SQLite file with N synthetic customers, then (a) load-and-prepare and
(b) a 100-row save in a worker process, (c) page open and (d) one cell edit in headless
chromium against ``bench/grid_app.py`` (one Streamlit process per mode). Prints a Markdown
table and writes it to ``bench/results.md`` (after every size, so a long run leaves results).
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Browser, sync_playwright

from bench import browser as web
from bench.capped import run_python_step
from bench.data import build_db
from bench.report import SizeResult, machine, render
from bench.timing import Timing
from tests.e2e.conftest import launch

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 10_000, 50_000, 100_000)
QUICK = (1_000, 10_000)


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=list(SIZES),
        help="comma-separated row counts (default 1000,10000,50000,100000)",
    )
    p.add_argument("--quick", action="store_true", help="1k and 10k rows only")
    p.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported")
    p.add_argument("--cap", type=float, default=60.0, help="seconds a step may take before it is abandoned")
    p.add_argument("--steps", default="abcd", help="which steps: any of a, b, c, d (default abcd)")
    p.add_argument(
        "--load",
        choices=("cached", "fresh"),
        default="cached",
        help="browser steps: rows cached between reruns as the pages do (kam.ui.cache.load_table), "
        "or read from SQLite on every rerun",
    )
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    p.add_argument("--keep", action="store_true", help="keep the temp databases and logs")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes = list(QUICK)
    return args


def bench_size(rows: int, args: argparse.Namespace, browser: Browser | None, work: Path) -> SizeResult:
    result = SizeResult(rows)
    result.note_load()
    db_path = work / f"customers_{rows}.db"
    build_db(db_path, rows)
    log = work / f"{rows}"
    for step, worker in (("a", "load"), ("b", "save")):
        if step in args.steps:
            print(f"  ({step}) {worker} …", flush=True)
            result.steps[step] = run_python_step(worker, db_path, args.runs, args.cap, log.with_suffix(".steps.log"))
    do_open, do_edit = "c" in args.steps, "d" in args.steps
    if browser is not None and (do_open or do_edit):
        timings: dict[str, dict[str, Timing]] = {}
        for mode in ("editor", "plain"):
            print(f"  (c/d) {mode} in chromium …", flush=True)
            timings[mode] = web.app_steps(
                browser,
                mode,
                db_path,
                args.runs,
                args.cap,
                log.with_suffix(f".{mode}.log"),
                do_open,
                do_edit,
                args.load,
            )
        for step, name in (("c", "open"), ("d", "edit")):
            if name in timings["editor"]:
                result.steps[step] = {mode: timings[mode][name] for mode in timings}
    result.note_load()
    return result


def main(argv: list[str]) -> None:
    args = parse(argv)
    work = Path(tempfile.mkdtemp(prefix="kam-bench-"))
    results: list[SizeResult] = []
    report = ""
    try:
        with sync_playwright() as p:
            browser = launch(p) if set("cd") & set(args.steps) else None
            header = machine(browser.version if browser else "not used")
            for rows in args.sizes:
                print(f"{rows:,} rows", flush=True)
                results.append(bench_size(rows, args, browser, work))
                report = render(results, [*header, f"- browser steps: rows `--load {args.load}`"], args.runs, args.cap)
                args.out.write_text(report)
            if browser is not None:
                browser.close()
    finally:
        if args.keep:
            print(f"databases and logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(report)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
