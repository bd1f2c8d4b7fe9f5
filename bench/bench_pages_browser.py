"""Every page in headless chromium (issue 17, browser part), beside a plain ``AgGrid(df)``
page of the same database's customers in the same run: the floor a grid page cannot beat.

Run by hand: ``python bench/bench_pages_browser.py DB [DB ...] [--runs 3] [--cap 60]``, one
seeded database per size (``python -m kam.demo --scale N``). Each database is copied first
(the edits write). Per size, one app process and one plain-grid process
(bench/grid_app.py, ``BENCH_MODE=plain``); every run opens a new browser page (a new
Streamlit session) in one browser context, so static files come from the browser cache
after the warm-up run, as for a user who opens the tool again. Medians of ``--runs``:

- "open": the page's address typed in, until the page is drawn: the script has finished,
  the page's title is shown, every grid shows its first row (or its empty message) and
  every chart has drawn. A new tab is a new session and signs in again: the time from the
  address until the sign-in form plus the time from "Sign in" until the page is drawn (the
  typing in between is the user's, not the tool's);
- "plain": the plain page's address until its grid's first row is visible;
- "click": on the pyramid, a tier-bar click until the page has drawn again and the grid
  shows only that tier's customers;
- "edit": one cell typed into the page's own grid: Enter until the rerun shows the change
  pending, plus Save until "saved" is shown (the moment between, when the user looks at the
  grid, is not counted); the new value is then checked in SQLite's audit trail.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, Page, sync_playwright  # noqa: E402

from bench import browser as web  # noqa: E402
from bench.timing import Timing, ratio  # noqa: E402
from kam.demo.accounts import DEMO_PASSWORD  # noqa: E402
from kam.i18n import translate  # noqa: E402
from tests.e2e.conftest import App, launch, start_app, stop_app  # noqa: E402
from tests.e2e.ui import GRID_FRAMES, IDLE, grid, wait_idle  # noqa: E402

LANG = "zh"
LOGIN = "admin"
SALT = random.randrange(1000)  # values differ between runs of this script on a kept copy
DEBUG = os.environ.get("BENCH_SHOT")  # a screenshot of a failed edit, for whoever runs this by hand


@dataclass(frozen=True)
class Edit:
    """The cell a page's edit changes: the grid, the tab it is on, the column and a value
    per run (distinct, so that the audit trail tells the runs apart)."""

    key: str
    column: str
    value: str
    tab: str | None = None


@dataclass(frozen=True)
class Shown:
    path: str  # the page's address after the server's root
    title: str  # its title's text key
    edit: Edit | None = None


PAGES = {
    "home": Shown("", "app.title"),
    "settings": Shown("settings", "settings.title", Edit("rules_r1_price_levels", "label_en", "Medium {run}")),
    "pyramid": Shown("pyramid", "pyramid.title", Edit("pyramid_customers", "customer_revenue", "{big}")),
    "portraits": Shown("portraits", "portraits.title", Edit("portraits_facts", "customer_revenue", "{big}")),
    "board": Shown("board", "board.title", Edit("board_orders", "amount", "{big}", "board.tab.grid")),
    "targets": Shown("targets", "targets.title", Edit("targets_tree", "amount", "{big}", "targets.tab.tree")),
    "talent": Shown("talent", "talent.title", Edit("talent_results", "score", "{score}", "talent.tab.clearances")),
    "honors": Shown("honors", "honors.title"),
    "users": Shown("users", "users.title"),
}


def tr(key: str, **params: object) -> str:
    return translate(key, LANG, **params)


def drawn(page: Page, title: str, clock: web.Clock) -> None:
    """The page's title, the script finished, every grid's first row (or its overlay) and
    every chart's marks visible."""
    page.locator('[data-testid="stMainBlockContainer"] h1', has_text=tr(title)).first.wait_for(timeout=clock.left_ms())
    page.wait_for_selector(IDLE, timeout=clock.left_ms())
    grids = page.locator(GRID_FRAMES)
    for i in range(grids.count()):
        frame = grids.nth(i).content_frame
        frame.locator(".ag-row, .ag-overlay-no-rows-center").first.wait_for(timeout=clock.left_ms())
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    for i in range(charts.count()):
        charts.nth(i).locator("svg.marks, canvas.marks").first.wait_for(timeout=clock.left_ms())


def _sign_in(page: Page) -> None:
    page.get_by_label(tr("auth.login"), exact=True).fill(LOGIN)
    page.get_by_label(tr("auth.password"), exact=True).fill(DEMO_PASSWORD)


def open_timed(context: BrowserContext, app: App, shown: Shown, cap: float) -> dict[str, float]:
    page = context.new_page()
    try:
        clock = web.Clock(cap)
        page.goto(f"{app.url}/{shown.path}?lang={LANG}", wait_until="commit", timeout=clock.left_ms())
        page.get_by_label(tr("auth.login"), exact=True).wait_for(timeout=clock.left_ms())
        form = clock.elapsed()
        _sign_in(page)
        clock = web.Clock(cap - form)
        page.get_by_role("button", name=tr("auth.sign_in"), exact=True).click(timeout=clock.left_ms())
        drawn(page, shown.title, clock)
        return {"total": form + clock.elapsed(), "form": form}
    finally:
        page.close()


def signed_in(context: BrowserContext, app: App, shown: Shown, cap: float) -> Page:
    """A new page at ``shown``, signed in and drawn (untimed)."""
    page = context.new_page()
    page.goto(f"{app.url}/{shown.path}?lang={LANG}", timeout=cap * 1000)
    page.get_by_label(tr("auth.login"), exact=True).wait_for(timeout=cap * 1000)
    _sign_in(page)
    page.get_by_role("button", name=tr("auth.sign_in"), exact=True).click()
    drawn(page, shown.title, web.Clock(cap))
    wait_idle(page, cap * 1000)  # the rerun a grid asks for once drawn, before the user acts
    return page


# The rows drawn (AG Grid draws the rows in view), as their keys.
ROW_IDS = "() => [...document.querySelectorAll('.ag-center-cols-container .ag-row')].map(r => r.getAttribute('row-id'))"
# The grid shows other rows than before, of one tier only.
ONE_TIER = """(before) => {
  const rows = [...document.querySelectorAll('.ag-center-cols-container .ag-row')];
  const ids = rows.map(r => r.getAttribute('row-id'));
  const tiers = rows.map(r => (r.querySelector('.ag-cell[col-id="tier"]') || {}).textContent);
  return ids.length > 0 && ids.join() !== before.join() && tiers.every(t => t === tiers[0]);
}"""


def click_timed(context: BrowserContext, app: App, cap: float) -> dict[str, float]:
    """The pyramid's first tier bar clicked until the page has drawn again with the value
    map drawn afresh (the page clears the other chart's selection)."""
    page = signed_in(context, app, PAGES["pyramid"], cap)
    try:
        classes = page.locator('[class*="st-key-pyramid_cell_"]').first.get_attribute("class") or ""
        instance = int(next(c for c in classes.split() if c.startswith("st-key-pyramid_cell_")).rsplit("_", 1)[1])
        frame = page.locator(".st-key-pyramid_customers iframe").first.element_handle().content_frame()
        before = frame.evaluate(ROW_IDS)
        clock = web.Clock(cap)
        page.locator('[class*="st-key-pyramid_tier_"] g.mark-rect path').first.click(timeout=clock.left_ms())
        page.locator(f".st-key-pyramid_cell_{instance + 1}").wait_for(timeout=clock.left_ms())
        rerun = clock.elapsed()
        drawn(page, PAGES["pyramid"].title, clock)
        frame = page.locator(".st-key-pyramid_customers iframe").first.element_handle().content_frame()
        frame.wait_for_function(ONE_TIER, arg=before, timeout=clock.left_ms())
        return {"total": clock.elapsed(), "rerun": rerun}
    finally:
        page.close()


def edit_timed(context: BrowserContext, app: App, shown: Shown, run: int, cap: float) -> dict[str, float]:
    edit = shown.edit
    assert edit is not None
    nth = list(PAGES.values()).index(shown)
    big = 7_000_000 + SALT * 1000 + nth * 100 + run  # distinct per page and run (two pages edit revenue)
    value = edit.value.format(run=f"{SALT}-{run}", big=big, score=50 + (SALT + run) % 50)
    page = signed_in(context, app, shown, cap)
    try:
        if edit.tab:
            page.get_by_role("tab", name=tr(edit.tab), exact=True).click()
            wait_idle(page, cap * 1000)
        page.locator(f".st-key-{edit.key}").scroll_into_view_if_needed(timeout=cap * 1000)  # a grid is drawn in view
        g = grid(page, edit.key)
        target = g.locator(f'.ag-row[row-index="0"] .ag-cell[col-id="{edit.column}"]').first
        target.wait_for(timeout=cap * 1000)
        target.dblclick()
        g.locator(".ag-cell-inline-editing input").first.fill(value)
        clock = web.Clock(cap)
        g.locator(".ag-cell-inline-editing input").first.press("Enter")
        page.get_by_text(tr("grid.pending", n=1)).first.wait_for(timeout=clock.left_ms())
        page.wait_for_selector(IDLE, timeout=clock.left_ms())
        rerun = clock.elapsed()
        wait_idle(page, clock.left_ms())  # a second rerun can follow (untimed: the user reads the grid)
        clock = web.Clock(cap - rerun)
        page.get_by_role("button", name=tr("grid.save"), exact=True).click(timeout=clock.left_ms())
        page.get_by_text(tr("grid.saved", n=1)).first.wait_for(timeout=clock.left_ms())
        saved = rerun + clock.elapsed()
    except Exception:
        if DEBUG:
            page.screenshot(path=DEBUG, full_page=True)
        raise
    finally:
        page.close()
    _check_audit(app.db_path, edit.column, value)
    return {"total": saved, "rerun": rerun}


def _check_audit(db_path: Path, column: str, value: str) -> None:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        got = conn.execute(
            "SELECT COUNT(*) FROM audit WHERE column_name = ? AND new_value IN (?, ?)", [column, value, f"{value}.0"]
        ).fetchone()[0]
    if not got:
        raise RuntimeError(f"{column} = {value}: not in the audit trail after 'saved'")


def measure(browser, db_path: Path, runs: int, cap: float, pages: list[str], work: Path) -> list[list[str]]:
    copy = work / db_path.name
    shutil.copy(db_path, copy)
    with sqlite3.connect(copy) as conn:
        customers = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    app = start_app(copy, work / f"{copy.stem}.app.log", limit=web.START_LIMIT)
    plain = web.start_bench_app(copy, "plain", work / f"{copy.stem}.plain.log")
    context = web._context(browser)
    try:
        floor = web.repeat(Timing(cap), runs, lambda _r: web.first_rows(context, plain.url, cap), warm_up=True)
        rows = []
        for name in pages:
            shown = PAGES[name]
            opened = web.repeat(Timing(cap), runs, lambda _r, s=shown: open_timed(context, app, s, cap), warm_up=True)
            clicked = None
            if name == "pyramid":
                clicked = web.repeat(Timing(cap), runs, lambda _r: click_timed(context, app, cap))
            edited = (
                web.repeat(Timing(cap), runs, lambda r, s=shown: edit_timed(context, app, s, r, cap))
                if shown.edit
                else None
            )
            rows.append(
                [
                    f"{customers:,}",
                    name,
                    opened.cell(),
                    floor.cell(),
                    ratio(opened, floor),
                    clicked.cell() if clicked else "-",
                    edited.cell() if edited else "-",
                ]
            )
            print("| " + " | ".join(rows[-1]) + " |", flush=True)
            for what, timing in (("open", opened), ("click", clicked), ("edit", edited)):
                if timing is not None:
                    print(f"{customers:,} {name} {what}: {_runs(timing)}", file=sys.stderr, flush=True)
        return rows
    finally:
        context.close()
        stop_app(app)
        stop_app(plain)


def _runs(timing: Timing) -> str:
    """Each run and its parts (the pending rerun of an edit, a click's rerun), for whoever
    reads where a median came from."""
    return "; ".join(
        " ".join([f"{total:.2f}", *(f"{k} {v:.2f}" for k, v in parts.items())])
        for total, parts in zip(timing.runs, timing.parts, strict=True)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dbs", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cap", type=float, default=60.0, help="seconds a step may take before it is abandoned")
    ap.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES))
    ap.add_argument("--keep", type=Path, help="keep the copies and logs in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kam-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    print("| customers | page | open | plain AgGrid(df) open | ratio | click | edit until saved |")
    print("|---|---|---|---|---|---|---|")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for path in args.dbs:
                measure(browser, path, args.runs, args.cap, args.pages, work)
        finally:
            browser.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
