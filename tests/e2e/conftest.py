"""Browser tests: one app process per test module on a private copy of the database,
driven by Playwright in Debian's chromium (never a downloaded browser build).

Recipe: ../shared/testing.md. A missing chromium fails the tests; it never skips them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KAM_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "shots"


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


@pytest.fixture(scope="module")
def demo_app(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app on this module's own copy of the demo database."""
    d = tmp_path_factory.mktemp("app")
    shutil.copy(template_db, d / "kam.db")
    app = start_app(d / "kam.db", d / "streamlit.log")
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app on an empty database with demo seeding off (KAM_DEMO=0)."""
    d = tmp_path_factory.mktemp("empty")
    app = start_app(d / "kam.db", d / "streamlit.log", demo=False)
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's chromium (see README)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
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
