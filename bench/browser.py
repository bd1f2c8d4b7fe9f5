"""The browser measurements in headless Debian chromium: (c) page open until the first
grid rows are visible, (d) one cell edit until the rerun shows it / until it is saved.

Each run opens a new page (a new Streamlit session) in one browser context per app, so
static assets come from the browser cache after the warm-up, as for a user who opens the
page again. Every wait is a Playwright timeout bounded by what is left of the cap, so a
slow step is abandoned.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.timing import Timing
from kam.i18n import translate
from tests.e2e.conftest import App, start_app, stop_app
from tests.e2e.ui import IDLE, cell, grid, wait_idle

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "bench" / "grid_app.py"
KEY = "grid"
COLUMN = "customer_revenue"
FIRST_ROW = '.ag-row[row-index="0"]'
START_LIMIT = 120.0


def start_bench_app(db_path: Path, mode: str, log_path: Path, load: str = "cached") -> App:
    """``bench/grid_app.py``, started as the browser tests start the app."""
    return start_app(
        db_path, log_path, script=APP, env_extra={"BENCH_MODE": mode, "BENCH_LOAD": load}, limit=START_LIMIT
    )


class Clock:
    """What is left of the cap, in Playwright's milliseconds."""

    def __init__(self, cap: float) -> None:
        self.cap = cap
        self.t0 = time.perf_counter()

    def left_ms(self) -> float:
        return max(1.0, (self.cap - (time.perf_counter() - self.t0)) * 1000)

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0


def _context(browser: Browser) -> BrowserContext:
    return browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")


def _open(page: Page, url: str, cap: float) -> None:
    page.goto(url, timeout=cap * 1000)
    wait_idle(page, cap * 1000)


# --- (c) first rows visible ------------------------------------------------------------


def first_rows(context: BrowserContext, url: str, cap: float) -> dict[str, float]:
    page = context.new_page()
    try:
        clock = Clock(cap)
        page.goto(url, wait_until="commit", timeout=clock.left_ms())
        grid(page, KEY).locator(FIRST_ROW).first.wait_for(state="visible", timeout=clock.left_ms())
        return {"total": clock.elapsed()}
    finally:
        page.close()


# --- (d) one cell edit -----------------------------------------------------------------


def _type_value(page: Page, target: Locator, value: int) -> None:
    target.wait_for(timeout=30_000)
    target.dblclick()
    grid(page, KEY).locator(".ag-cell-inline-editing input").first.fill(str(value))


def edit_and_save(context: BrowserContext, app: App, run: int, cap: float) -> dict[str, float]:
    """Our editor: Enter -> rerun done (pending caption, idle) -> Save -> saved message,
    then the value must be in SQLite."""
    row_id, value = run + 2, 4_242_000 + run
    page = context.new_page()
    try:
        _open(page, app.url, cap)
        _type_value(page, cell(page, KEY, str(row_id), COLUMN), value)
        clock = Clock(cap)
        grid(page, KEY).locator(".ag-cell-inline-editing input").first.press("Enter")
        page.get_by_text(translate("grid.pending", "zh", n=1)).first.wait_for(timeout=clock.left_ms())
        page.wait_for_selector(IDLE, timeout=clock.left_ms())
        rerun = clock.elapsed()
        page.get_by_role("button", name=translate("grid.save", "zh"), exact=True).click(timeout=clock.left_ms())
        page.get_by_text(translate("grid.saved", "zh", n=1)).first.wait_for(timeout=clock.left_ms())
        saved = clock.elapsed()
    finally:
        page.close()
    _check_saved(app.db_path, row_id, value)
    return {"total": saved, "rerun": rerun}


def _check_saved(db_path: Path, row_id: int, value: int) -> None:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        got = conn.execute(f"SELECT {COLUMN} FROM customers WHERE id = ?", [row_id]).fetchone()
    if got is None or got[0] != value:
        raise RuntimeError(f"customer {row_id}: {COLUMN} is {got} in SQLite, expected {value}")


def plain_edit(context: BrowserContext, app: App, run: int, cap: float) -> dict[str, float]:
    """The plain grid: Enter -> the whole grid comes back -> the rerun shows the value."""
    value = 5_151_000 + run
    page = context.new_page()
    try:
        _open(page, app.url, cap)
        _type_value(page, grid(page, KEY).locator(f'{FIRST_ROW} .ag-cell[col-id="{COLUMN}"]').first, value)
        clock = Clock(cap)
        grid(page, KEY).locator(".ag-cell-inline-editing input").first.press("Enter")
        page.get_by_text(f"bench-first-revenue={value}").first.wait_for(timeout=clock.left_ms())
        page.wait_for_selector(IDLE, timeout=clock.left_ms())
        return {"total": clock.elapsed()}
    finally:
        page.close()


# --- runs ------------------------------------------------------------------------------

Run = Callable[[int], dict[str, float]]


def repeat(timing: Timing, runs: int, measure: Run, *, warm_up: bool = False) -> Timing:
    """``runs`` runs into ``timing``; stops at the first run over the cap or error."""
    for run in range(-1 if warm_up else 0, runs):
        try:
            parts = measure(run)
        except PlaywrightTimeout:
            timing.over_cap = True
            return timing
        except (PlaywrightError, RuntimeError) as err:
            timing.error = str(err).splitlines()[0]
            return timing
        total = parts.pop("total")
        if total > timing.cap:
            timing.over_cap = True
            return timing
        if run >= 0:
            timing.add(total, parts)
    return timing


def app_steps(
    browser: Browser,
    mode: str,
    db_path: Path,
    runs: int,
    cap: float,
    log: Path,
    do_open: bool,
    do_edit: bool,
    load: str = "cached",
) -> dict[str, Timing]:
    """(c) "open" and (d) "edit" against one ``grid_app.py`` process in ``mode``."""
    out: dict[str, Timing] = {}
    edit = edit_and_save if mode == "editor" else plain_edit
    app = start_bench_app(db_path, mode, log, load)
    context = _context(browser)
    try:
        if do_open:
            out["open"] = repeat(Timing(cap), runs, lambda _r: first_rows(context, app.url, cap), warm_up=True)
        if do_edit:
            out["edit"] = repeat(Timing(cap), runs, lambda r: edit(context, app, r, cap))
    finally:
        context.close()
        stop_app(app)
    return out
