"""The server's memory as sessions come and go (issue 17): one Streamlit server on a seeded
database, browser sessions opened one after another in headless chromium (each signs in,
opens a page by its sidebar link until it is drawn, and closes), and the server's resident
memory (VmRSS of its process, Linux) read:

- at the start (the server up, no session yet);
- "held": right after the last session of a batch closed, while Streamlit still keeps the
  closed sessions for ``server.disconnectedSessionTTL`` (a reconnect after a network blip
  finds its edits and its sign-in): per session, the growth divided by the sessions held;
- "after": once that window has passed (TTL + a margin), after 1, 30 and 100 sessions in
  all: what the sessions left behind. The window is never shortened for the measurement.

Run by hand: ``python bench/bench_memory.py DB [--pages pyramid] [--counts 1 30 100]``;
prints a Markdown table. It takes the sessions' time plus one window per count.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KAM_HASH", "fast")

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit import config  # noqa: E402

from kam.i18n import translate  # noqa: E402
from tests.e2e.conftest import launch, start_app, stop_app  # noqa: E402
from tests.e2e.ui import open_page, wait_idle  # noqa: E402

MARGIN = 30.0  # seconds past the reconnect window before "after" is read
MIB = 1024 * 1024


def rss(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / MIB
    raise RuntimeError("no VmRSS")


def visit(browser, url: str, pages: list[str], lang: str) -> None:
    """One session: sign in, open each page by its link until drawn, close."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        page = context.new_page()
        open_page(page, f"{url}/?lang={lang}")
        for name in pages:
            side = page.locator('[data-testid="stSidebar"]')
            link = side.get_by_role("link", name=translate(f"nav.{name}", lang), exact=True)
            try:
                link.click(timeout=120_000)
            except Exception:
                page.screenshot(path=str(Path(tempfile.gettempdir()) / "bench_memory_failed.png"))
                raise
            wait_idle(page, 180_000)
    finally:
        context.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--pages", nargs="+", default=["pyramid"])
    ap.add_argument("--counts", type=int, nargs="+", default=[1, 30, 100])
    ap.add_argument("--lang", default="zh")
    args = ap.parse_args()
    ttl = float(config.get_option("server.disconnectedSessionTTL"))
    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    app = start_app(args.db, log, limit=180)
    rows = []
    try:
        with sync_playwright() as p:
            browser = launch(p)
            start = rss(app.proc.pid)
            done = 0
            for count in args.counts:
                before = rss(app.proc.pid)
                t0 = time.perf_counter()
                batch = count - done
                for i in range(batch):
                    visit(browser, app.url, args.pages, args.lang)
                    print(f"  session {done + i + 1}: {rss(app.proc.pid):.0f} MiB", file=sys.stderr, flush=True)
                took = (time.perf_counter() - t0) / max(batch, 1)
                held = rss(app.proc.pid)
                time.sleep(ttl + MARGIN)
                after = rss(app.proc.pid)
                done = count
                per = (held - before) / max(batch, 1)
                rows.append((count, start, held, per, after, took))
                print(f"{count} sessions: held {held:.0f} MiB, after the window {after:.0f} MiB", flush=True)
            browser.close()
    finally:
        stop_app(app)
    pages = ", ".join(args.pages)
    print(f"\nserver.disconnectedSessionTTL = {ttl:g} s; each session opens: {pages}\n")
    print("| sessions in all | at start | held (window open) | per session held | after the window | s per session |")
    print("|---|---|---|---|---|---|")
    for count, start, held, per, after, took in rows:
        print(f"| {count} | {start:.0f} MiB | {held:.0f} MiB | {per:.1f} MiB | {after:.0f} MiB | {took:.1f} |")


if __name__ == "__main__":
    main()
