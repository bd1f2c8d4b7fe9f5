"""Schema, PRAGMAs and migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kam import db as kamdb
from kam import defaults, store


def test_connect_sets_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    db = kamdb.connect(tmp_path / "x.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == kamdb.BUSY_TIMEOUT_MS


def test_db_path_comes_from_kam_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KAM_DB", str(tmp_path / "elsewhere.db"))
    assert kamdb.db_path() == tmp_path / "elsewhere.db"
    monkeypatch.delenv("KAM_DB")
    assert kamdb.db_path() == kamdb.DEFAULT_DB


def test_every_rules_table_is_filled_with_its_defaults(db) -> None:
    for table, rows in defaults.RULES_DEFAULTS.items():
        assert db[table].count == len(rows), table


def test_foreign_keys_are_enforced(db) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO teams (name, branch_id) VALUES ('x', 999)")


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    first = kamdb.applied_migrations(kamdb.connect(path))
    assert first and first[0] == "001_initial"
    again = kamdb.connect(path)  # a second start applies nothing new
    assert kamdb.applied_migrations(again) == first


def test_an_old_database_upgrades_in_place_without_losing_rows(tmp_path: Path) -> None:
    """A database stopped after migration 001 gets the later ones and keeps its rows."""
    from kam import schema  # noqa: F401  (registers the migrations)

    names = [m.name for m in kamdb.migrations._migrations]
    assert len(names) >= 2, "this test needs a migration after 001"
    path = tmp_path / "old.db"
    old = kamdb.connect(path, migrate=False)
    kamdb.migrations.apply(old, stop_before=names[1])
    old.execute("INSERT INTO branches (name) VALUES ('华东分公司')")
    old.execute("INSERT INTO customers (name, branch_id, customer_revenue) VALUES ('老客户', 1, 123)")
    old.execute("UPDATE r2_tiers SET min_cooperation = 1200000 WHERE code = 'KA'")
    assert kamdb.applied_migrations(old) == names[:1]
    old.conn.close()

    new = kamdb.connect(path)
    assert kamdb.applied_migrations(new) == names
    assert store.read_frame(new, "customers")["name"].tolist() == ["老客户"]
    assert store.read_frame(new, "customers")["customer_revenue"].tolist() == [123]
    tiers = store.read_frame(new, "r2_tiers").set_index("code")
    assert tiers.at["KA", "min_cooperation"] == 1200000  # a user's rules edit survives
