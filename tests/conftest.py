"""Shared fixtures: a migrated file database, and one seeded demo template per test run."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from kam import db as kamdb
from kam.store.rules import load_rules

ANCHOR = dt.date(2026, 6, 30)
SEED = 42


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    """A migrated, empty file database (WAL needs a file)."""
    return kamdb.connect(tmp_path / "kam.db")


@pytest.fixture
def rules(db: sqlite_utils.Database) -> dict:
    return load_rules(db)


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
