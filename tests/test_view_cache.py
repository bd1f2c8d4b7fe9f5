"""The view cache (kam.views.memo.memo): a rerun that changes nothing recomputes nothing; a
write to a table the view reads recomputes it, a write elsewhere does not; the model is
handed out as it is, never copied."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from kam.views import reads, tables_read
from kam.views.memo import memo as cached
from kam.views.memo import views as _views

CALLS: list[tuple] = []


@reads("customers", "r2_tiers")
def _count_view(db: sqlite_utils.Database, *, as_of: dt.date, lang: str) -> dict:
    CALLS.append((as_of, lang))
    return {"versions": sum(r["version"] for r in db["customers"].rows), "lang": lang}


@pytest.fixture(autouse=True)
def _fresh() -> None:
    CALLS.clear()
    _views().clear()


def test_a_rerun_with_the_same_inputs_recomputes_nothing_and_copies_nothing(demo_db: sqlite_utils.Database) -> None:
    first = cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    again = cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    assert again is first and len(CALLS) == 1


def test_another_input_is_another_result(demo_db: sqlite_utils.Database) -> None:
    cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    assert cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="en")["lang"] == "en"
    cached(_count_view, demo_db, as_of=dt.date(2026, 6, 29), lang="zh")
    assert len(CALLS) == 3


def test_a_write_to_a_table_the_view_reads_recomputes_it(demo_db: sqlite_utils.Database) -> None:
    before = cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    demo_db.execute("UPDATE customers SET employees = 7, version = version + 1 WHERE id = 1")
    after = cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    assert after["versions"] == before["versions"] + 1 and len(CALLS) == 2
    demo_db.execute("UPDATE r2_tiers SET label_en = 'X' WHERE tier_order = 1")  # a rules table it reads
    cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    assert len(CALLS) == 3


def test_a_write_to_a_table_the_view_does_not_read_changes_nothing(demo_db: sqlite_utils.Database) -> None:
    cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    demo_db.execute("UPDATE people SET name = name || '乙' WHERE id = 1")
    cached(_count_view, demo_db, as_of=dt.date(2026, 6, 30), lang="zh")
    assert len(CALLS) == 1


def test_a_view_must_declare_what_it_reads() -> None:
    def undeclared(db: sqlite_utils.Database) -> None: ...

    with pytest.raises(TypeError, match="declares no tables"):
        tables_read(undeclared)
    assert tables_read(_count_view) == ("customers", "r2_tiers")
