"""Browser tests: one app process per test module, a private copy of the demo database per
test (``demo_app``), driven by Playwright in Debian's chromium (never a downloaded build).

Recipe: ../shared/testing.md. A missing chromium fails the tests; it never skips them.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KAM_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "shots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class App:
    url: str
    db_path: Path
    proc: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    db_path: Path,
    log_path: Path,
    *,
    demo: bool = False,
    script: Path = ROOT / "app.py",
    env_extra: dict[str, str] | None = None,
    limit: float = 60.0,
) -> App:
    """Run ``script`` with Streamlit on a free port against ``db_path``; wait until healthy."""
    port = _free_port()
    env = {**os.environ, "KAM_DB": str(db_path), "KAM_DEMO": "1" if demo else "0", **(env_extra or {})}
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return App(url, db_path, proc)
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit did not start: {log_path.read_text()[-2000:]}")


def stop_app(app: App) -> None:
    app.proc.terminate()
    try:
        app.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.proc.kill()


def use_copy(server: App, template: Path, directory: Path) -> App:
    """Point the running ``server`` at a fresh copy of ``template`` in ``directory``: the
    app as a test sees it, with ``db_path`` the copy (see :func:`demo_app`)."""
    directory.mkdir(parents=True, exist_ok=True)
    copy = directory / "kam.db"
    shutil.copy(template, copy)
    link = server.db_path
    staged = link.with_name(f"{link.name}.next")
    staged.unlink(missing_ok=True)
    staged.symlink_to(copy)
    staged.replace(link)  # rename(2): a script run opens either the old copy or the new one
    return App(server.url, copy, server.proc)


def _check_sqlite_follows_links(directory: Path) -> None:
    """The copies rest on SQLite opening a symlink's target (and keeping its -wal and -shm
    next to the target, not the link); a build that did not would share one WAL."""
    (directory / "probe.db").touch()
    (directory / "probe-link.db").symlink_to(directory / "probe.db")
    conn = sqlite3.connect(directory / "probe-link.db")
    opened = next(path for _, name, path in conn.execute("PRAGMA database_list") if name == "main")
    conn.close()
    if Path(opened) != (directory / "probe.db").resolve():
        pytest.fail(f"SQLite opened the symlink itself ({opened}), not its target: per-test copies cannot work")


@pytest.fixture(scope="module")
def demo_server(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """This module's app process. Its ``KAM_DB`` is a symlink that :func:`demo_app` points at
    each test's own copy; use ``demo_app``, not this, unless a test needs several copies."""
    d = tmp_path_factory.mktemp("app")
    _check_sqlite_follows_links(d)
    shutil.copy(template_db, d / "start.db")
    (d / "kam.db").symlink_to(d / "start.db")
    app = start_app(d / "kam.db", d / "streamlit.log")
    yield app
    stop_app(app)


@pytest.fixture
def demo_app(demo_server: App, template_db: Path, tmp_path: Path) -> App:
    """The module's app on this test's own copy of the demo database, so that no test sees
    another's writes, while the module keeps one app process (a start costs seconds).

    How: the app reads ``KAM_DB`` once, at process start, but opens a new connection on
    every script run (kam/ui/page.py ``open_db``). ``KAM_DB`` is a symlink; before each test
    the template is copied to a new file in the test's ``tmp_path`` and the symlink is
    atomically replaced to point at it, so every run from then on opens the new copy.
    SQLite resolves the symlink (checked once per module, :func:`_check_sqlite_follows_links`):
    the copy's -wal and -shm files lie next to it, never shared with another test's copy,
    and ``PRAGMA database_list`` -- the file name that the app's caches (kam/ui/cache.py) put
    in their keys next to the write counters -- names the copy. So a cached table or view of
    an earlier test's copy is never served, even when its counters equal this copy's; no
    cache needs clearing, no file is replaced under an open connection, nothing is
    checkpointed. A run of an earlier test's session still under way keeps its connection
    to its own copy. ``db_path`` is the copy: open it to check what the app wrote.
    Proven by tests/e2e/test_settings.py::test_each_test_has_its_own_copy_and_no_rows_cached_from_another."""
    return use_copy(demo_server, template_db, tmp_path)


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app on an empty database with demo seeding off (KAM_DEMO=0), one per module and
    shared by its tests: none of them writes (a test that does would want a copy per test,
    as :func:`demo_app` gives)."""
    d = tmp_path_factory.mktemp("empty")
    app = start_app(d / "kam.db", d / "streamlit.log", demo=False)
    yield app
    stop_app(app)


def launch(p: Playwright) -> Browser:
    """Debian's chromium, headless, without the background services a test never needs."""
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's chromium (see README)")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot under shots/ (look at it: a page must look right)."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
