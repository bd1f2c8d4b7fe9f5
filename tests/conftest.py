"""Shared fixtures: a migrated file database, one seeded demo template per test run, and
``run_page`` to run a page script under AppTest."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlite_utils
from streamlit.testing.v1 import AppTest

from kam import db as kamdb
from kam.store import users
from kam.store.access import unrestricted
from kam.store.users import Account
from tests.rules.frames import DEFAULT_RULES

# The cheapest argon2 parameters in tests (kam/auth.py): each hash costs ~170 ms at the real
# cost, and the tests create users by the dozen. Set before kam.auth is imported.
os.environ.setdefault("KAM_HASH", "fast")

ROOT = Path(__file__).resolve().parents[1]
ANCHOR = dt.date(2026, 6, 30)
SEED = 42


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    """A migrated, empty file database (WAL needs a file)."""
    return kamdb.connect(tmp_path / "kam.db")


@pytest.fixture
def rules() -> dict[str, pd.DataFrame]:
    """The shipped default rules tables, a fresh copy per test (tests change them)."""
    return {name: frame.copy() for name, frame in DEFAULT_RULES.items()}


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, seeded once per test run (fixed seed and anchor date)."""
    from kam.demo import seed_demo

    path = tmp_path_factory.mktemp("template") / "kam.db"
    conn = kamdb.connect(path)
    seed_demo(conn, seed=SEED, anchor=ANCHOR)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.conn.close()
    return path


@pytest.fixture
def demo_db(template_db: Path, tmp_path: Path) -> sqlite_utils.Database:
    """A private copy of the demo database for one test."""
    path = tmp_path / "demo.db"
    shutil.copy(template_db, path)
    return kamdb.connect(path)


RunPage = Callable[..., AppTest]
TEST_PASSWORD = "a test passphrase"


EVERYONE = unrestricted("tester")  # every right: tests that are not about rights


def signed_in_as(db: sqlite_utils.Database, login: str) -> Account:
    """The account of ``login``, created (an admin with TEST_PASSWORD) where it is missing."""
    from kam.auth import hash_password  # after KAM_HASH is set above

    found = db.execute("SELECT id FROM users WHERE login = ?", [login]).fetchone()
    if found is None:
        at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        uid = users.create_user(
            db, login=login, display_name=login, role="admin", password_hash=hash_password(TEST_PASSWORD), at=at
        )
    else:
        uid = found[0]
    account = users.account(db, uid)
    assert account is not None
    return account


@pytest.fixture
def run_page(monkeypatch: pytest.MonkeyPatch) -> RunPage:
    """``run_page(script, db_path, *, session=None, timeout=60, account="admin")``: run a page
    script (a path from the repository root, e.g. ``"pages/pyramid.py"``) under AppTest on
    ``db_path`` with demo seeding off, signed in as ``account`` (created as an admin where
    the database lacks it; None: not signed in), after presetting the ``session`` entries in
    its session state; the first run must raise nothing. Returns the AppTest."""

    def run(
        script: str,
        db_path: Path,
        *,
        session: dict[str, Any] | None = None,
        timeout: float = 60,
        account: str | None = "admin",
    ) -> AppTest:
        monkeypatch.setenv("KAM_DB", str(db_path))
        monkeypatch.setenv("KAM_DEMO", "0")
        monkeypatch.chdir(ROOT)
        at = AppTest.from_file(str(ROOT / script), default_timeout=timeout)
        if account is not None:
            from kam.ui.signin import ACCOUNT

            at.session_state[ACCOUNT] = signed_in_as(kamdb.connect(db_path), account)
        for key, value in (session or {}).items():
            at.session_state[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run
