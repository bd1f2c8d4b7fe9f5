"""kam.db.immediate: a write transaction that nests as a savepoint and never hides the error
that ended it."""

from __future__ import annotations

import pytest
import sqlite_utils

from kam.db import immediate


def names(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM branches ORDER BY id").fetchall()]


def add(db: sqlite_utils.Database, name: str) -> None:
    db.execute("INSERT INTO branches (name) VALUES (?)", [name])


def test_a_block_commits_its_writes(db: sqlite_utils.Database) -> None:
    with immediate(db):
        add(db, "华北分公司")
    assert names(db) == ["华北分公司"] and not db.conn.in_transaction


def test_an_error_rolls_everything_back_and_is_raised(db: sqlite_utils.Database) -> None:
    with pytest.raises(ValueError, match="boom"), immediate(db):
        add(db, "华北分公司")
        raise ValueError("boom")
    assert names(db) == [] and not db.conn.in_transaction


def test_a_nested_block_is_a_savepoint_an_inner_error_undoes_only_the_inner_block(
    db: sqlite_utils.Database,
) -> None:
    with immediate(db):
        add(db, "华北分公司")
        with pytest.raises(ValueError), immediate(db):
            add(db, "华南分公司")
            raise ValueError("inner")
        assert db.conn.in_transaction  # the outer transaction goes on
        with immediate(db):
            add(db, "华东分公司")
    assert names(db) == ["华北分公司", "华东分公司"]


def test_an_outer_error_undoes_the_committed_inner_block_too(db: sqlite_utils.Database) -> None:
    with pytest.raises(ValueError), immediate(db):
        with immediate(db):
            add(db, "华南分公司")
        raise ValueError("outer")
    assert names(db) == []


def test_the_original_error_is_raised_when_sqlite_already_rolled_back(db: sqlite_utils.Database) -> None:
    """A ROLLBACK without a transaction fails ("no transaction is active"); that failure must
    not replace the error the caller needs to see."""
    with pytest.raises(KeyError, match="the real cause"), immediate(db):
        add(db, "华北分公司")
        db.conn.execute("ROLLBACK")  # as SQLite does by itself on some errors
        raise KeyError("the real cause")
    assert names(db) == []
