"""The grid's table cache: reused while unchanged, patched after a save, never stale."""

from __future__ import annotations

import pandas as pd

from kam.specs import SPECS
from kam.store.counters import table_stamp
from kam.store.frames import db_file, loaded_frame
from kam.store.save import save_changes
from kam.types import ChangeSet
from kam.ui.cache import _tables, after_save, load_table
from kam.validate import validate_changes
from tests.conftest import EVERYONE


def _fresh(db, spec) -> pd.DataFrame:
    return loaded_frame(db, spec)


def test_cache_is_patched_by_a_save_and_equals_a_fresh_read(demo_db) -> None:
    spec = SPECS["customers"]
    _tables().clear()
    loaded = load_table(demo_db, spec, EVERYONE)
    first, last = int(loaded.index[0]), int(loaded.index[-1])
    changes = ChangeSet(
        updates={first: {"customer_revenue": 123_456_789}},
        versions={first: int(loaded.at[first, "version"])},
        inserts={-1: {"name": "新客户甲"}},
    )
    typed, problems = validate_changes(spec, loaded, changes)
    assert problems == []
    result = save_changes(demo_db, spec, typed, user="t")
    after_save(demo_db, spec, result)
    cached = load_table(demo_db, spec, EVERYONE)
    fresh = _fresh(demo_db, spec)
    pd.testing.assert_frame_equal(cached.reset_index(drop=True), fresh.reset_index(drop=True), check_dtype=False)
    assert cached.at[first, "customer_revenue"] == 123_456_789
    assert len(cached) == len(loaded) + 1
    # a delete through the store is patched too
    new_id = result.new_keys[-1]
    typed = ChangeSet(deletes={new_id: int(cached.at[new_id, "version"])})
    after_save(demo_db, spec, save_changes(demo_db, spec, typed, user="t"))
    assert len(load_table(demo_db, spec, EVERYONE)) == len(loaded)
    assert last in load_table(demo_db, spec, EVERYONE).index


def test_a_change_the_cache_did_not_see_is_read_afresh(demo_db) -> None:
    spec = SPECS["customers"]
    _tables().clear()
    loaded = load_table(demo_db, spec, EVERYONE)
    key = int(loaded.index[0])
    demo_db.execute("UPDATE customers SET employees = 7, version = version + 1 WHERE id = ?", [key])
    assert load_table(demo_db, spec, EVERYONE).at[key, "employees"] == 7


def test_a_hand_made_write_without_a_version_bump_is_read_afresh(demo_db) -> None:
    """The write counter (migration 005) sees any write, not only the store's saves."""
    spec = SPECS["customers"]
    _tables().clear()
    key = int(load_table(demo_db, spec, EVERYONE).index[0])
    before = table_stamp(demo_db, "customers")
    demo_db.execute("UPDATE customers SET employees = 9 WHERE id = ?", [key])
    assert table_stamp(demo_db, "customers") != before
    assert load_table(demo_db, spec, EVERYONE).at[key, "employees"] == 9


def test_a_write_to_another_table_keeps_the_cache(demo_db) -> None:
    spec = SPECS["customers"]
    _tables().clear()
    load_table(demo_db, spec, EVERYONE)
    entry = _tables()[(db_file(demo_db), "customers")]
    demo_db.execute("UPDATE branches SET region = region || '' WHERE id = 1")
    load_table(demo_db, spec, EVERYONE)
    assert _tables()[(db_file(demo_db), "customers")][1] is entry[1]  # not read again


def test_a_patched_cache_keeps_the_column_types_of_a_fresh_read(demo_db) -> None:
    """Blanking numbers in a save must not leave object columns behind (a fresh read gives
    float64), or number-only code on the cached frame would fail after a save."""
    spec = SPECS["customers"]
    _tables().clear()
    loaded = load_table(demo_db, spec, EVERYONE)
    first = int(loaded.index[0])
    changes = ChangeSet(
        updates={first: {"customer_revenue": None, "employees": None}},
        versions={first: int(loaded.at[first, "version"])},
        inserts={-1: {"name": "新客户乙"}},
    )
    typed, problems = validate_changes(spec, loaded, changes)
    assert problems == []
    after_save(demo_db, spec, save_changes(demo_db, spec, typed, user="t"))
    cached = load_table(demo_db, spec, EVERYONE)
    assert cached["customer_revenue"].dtype != object and cached["employees"].dtype != object
    pd.testing.assert_frame_equal(cached.reset_index(drop=True), _fresh(demo_db, spec).reset_index(drop=True))
