"""Schema, PRAGMAs and migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from kam import db as kamdb
from kam import defaults
from kam.store.audit import read_audit
from kam.store.counters import table_stamp
from kam.store.frames import read_frame


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
    # rows a later migration added: the honors of 013, the 2022 budget force 018 split off
    later = {"r10_honors": len(defaults.LATER_HONORS), "r3_forces": 1}
    for table, rows in defaults.RULES_DEFAULTS.items():
        assert db[table].count == len(rows) + later.get(table, 0), table


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
    old.execute(
        "INSERT INTO audit (table_name, row_key, action, column_name, old_value, new_value, user, at) "
        "VALUES ('r2_tiers', 'KA', 'update', 'min_cooperation', '1000000', '1200000', '张三', '2026-01-05')"
    )
    assert kamdb.applied_migrations(old) == names[:1]
    old.conn.close()

    new = kamdb.connect(path)
    assert kamdb.applied_migrations(new) == names
    assert read_frame(new, "customers")["name"].tolist() == ["老客户"]
    assert read_frame(new, "customers")["customer_revenue"].tolist() == [123]
    tiers = read_frame(new, "r2_tiers").set_index("code")
    assert tiers.at["KA", "min_cooperation"] == 1200000  # a user's rules edit survives
    audit = read_audit(new)  # 004 rebuilt the audit table: its rows are kept
    assert audit[["row_key", "new_value", "user"]].values.tolist() == [["KA", "1200000", "张三"]]


def test_every_table_counts_its_writes(db) -> None:
    """Migration 005's triggers: a table a later migration adds without
    ``kam.db.track_changes`` would serve stale rows from the grid's cache; this fails then."""
    tables = [t for t in db.table_names() if t not in kamdb.UNTRACKED]
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    missing = [
        f"changes_{t}_{e}" for t in tables for e in ("insert", "update", "delete") if f"changes_{t}_{e}" not in triggers
    ]
    assert tables and missing == []
    before = table_stamp(db, "branches")
    db.execute("INSERT INTO branches (name) VALUES ('西北分公司')")
    db.execute("UPDATE branches SET region = '西北' WHERE name = '西北分公司'")
    db.execute("DELETE FROM branches WHERE name = '西北分公司'")
    assert table_stamp(db, "branches") == ("n", before[1] + 3)


def test_audit_appends_check_the_action(db) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO audit (table_name, row_key, action, user, at) VALUES ('t', '1', 'upsert', 'u', 'x')")


def upgraded(tmp_path: Path, stop_before: str, sql: str, params: list | tuple = ()) -> sqlite_utils.Database:
    """A database migrated up to ``stop_before``, ``sql`` run on it (a row of that time),
    then opened as the app opens it (the later migrations applied)."""
    from kam import schema  # noqa: F401  (registers the migrations)

    path = tmp_path / "old.db"
    old = kamdb.connect(path, migrate=False)
    kamdb.migrations.apply(old, stop_before=stop_before)
    old.execute(sql, list(params))
    old.conn.commit()
    old.conn.close()
    return kamdb.connect(path)


@pytest.mark.parametrize(("threshold", "after"), [(1, ">="), (3, "top")])
def test_the_camp_points_honor_becomes_the_whole_board_unless_an_admin_changed_it(
    tmp_path: Path, threshold: int, after: str
) -> None:
    """014: the row shipped as "top 1" becomes ">= 1" (the week's board); "top 3" set by an
    admin stays."""
    db = upgraded(
        tmp_path,
        "014_camp_board",
        "UPDATE r10_honors SET comparison = 'top', threshold = ? WHERE code = 'general_camp_points'",
        [threshold],
    )
    row = db["r10_honors"].get("general_camp_points")
    assert (row["comparison"], row["threshold"]) == (after, threshold)


def test_honors_kept_before_runners_up_upgrade_as_winners(tmp_path: Path) -> None:
    """015: a close kept before the podium's runners-up were kept: its rows stay, as winners."""
    db = upgraded(
        tmp_path,
        "015_podium_runners_up",
        "INSERT INTO honors (honor_code, period, person_id, rank_no, figure, scope) "
        "VALUES ('monthly_crown', '2026-05', NULL, 1, 900000, 'company')",
    )
    assert db.execute("SELECT honor_code, rank_no, figure, runner_up FROM honors").fetchall() == [
        ("monthly_crown", 1, 900000, 0)
    ]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE honors SET runner_up = 2")


def test_a_quarter_closed_before_the_honors_were_kept_is_marked_so(tmp_path: Path) -> None:
    """016: a close made before migration 013 kept no honors: ``honors_kept`` 0 (computed
    live); the rules a close keeps are empty for the closes before 016."""
    db = upgraded(
        tmp_path,
        "013_honor_rolls",
        "INSERT INTO closed_periods (period, closed_at, closed_by) "
        "VALUES ('2025-Q4', '2026-01-02T09:00:00+00:00', 'hr')",
    )
    assert db.execute("SELECT kind, honors_kept, honor_rules FROM closed_periods").fetchall() == [("quarter", 0, None)]
    assert db["r10_honors"].get("general_camp_points")["shows_last"] == 1
    assert db["r10_honors"].get("million_star")["shows_last"] == 0
