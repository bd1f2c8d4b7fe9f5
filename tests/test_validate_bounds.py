"""Validation that never crashes (issue 11, item 4): every bound, parse and refusal of the
one save path at its boundary, each a row + column refusal with a translated reason, and
nothing written on any refusal."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import sqlite_utils

from kam import edit
from kam.i18n import translate
from kam.invariants import EntitiesNotGiven, check_table, known_entities, needs_entities
from kam.specs import MAX_DAYS, MAX_MONTHS, SPECS
from kam.store.access import unrestricted
from kam.store.frames import loaded_frame
from kam.store.save import IntegrityRefused, save_changes
from kam.types import ChangeSet, ColumnSpec, Problem
from kam.validate import MAX_INTEGER, MAX_MONEY, MIN_INTEGER, Invalid, convert, validate_changes

USER = "测试 #1"
MONEY = ColumnSpec("amount", "money", minimum=0)
SIGNED_MONEY = ColumnSpec("profit", "money")
INT = ColumnSpec("n", "int")
NUMBER = ColumnSpec("x", "number")
TEXT = ColumnSpec("s", "text")
DATE = ColumnSpec("d", "date")
FK = ColumnSpec("f", "fk")
BOOL = ColumnSpec("b", "bool")


def dump(db: sqlite_utils.Database) -> str:
    return "\n".join(db.conn.iterdump())


def refused(col: ColumnSpec, raw: object, keys: set | None = None) -> Invalid:
    with pytest.raises(Invalid) as err:
        convert(col, raw, keys)
    return err.value


@pytest.fixture
def small(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """The empty database with one branch, team, person and customer (a contact of the
    customer and a target of the person too)."""
    db["branches"].insert({"id": 1, "name": "华东分公司"})
    db["teams"].insert({"id": 1, "name": "一部", "branch_id": 1})
    db["people"].insert({"id": 1, "name": "王一", "rank": "director", "branch_id": 1, "join_date": "2020-01-01"})
    db["customers"].insert({"id": 1, "name": "甲公司", "branch_id": 1, "owner_id": 1, "employees": 10})
    db["customer_contacts"].insert({"customer_id": 1, "name": "李四", "decision_role": "user"})
    db["targets"].insert({"entity_type": "person", "entity_id": 1, "period": "2026", "amount": 5})
    return db


def save_one(db: sqlite_utils.Database, table: str, key: object, values: dict, **kw: object):
    """Save one row's update; (result, problems, whether the database is unchanged)."""
    spec = SPECS[table]
    loaded = loaded_frame(db, spec)
    changes = ChangeSet(updates={key: values}, versions={key: int(loaded.at[key, "version"])})
    before = dump(db)
    result, problems = edit.save_change_set(db, spec, loaded, changes, unrestricted(USER), lang="en", **kw)
    return result, problems, dump(db) == before


def cells(problems: list[Problem]) -> list[tuple]:
    return [(p.row, p.column, p.reason) for p in problems]


# --- upper bounds: money below 10^15 yuan, integers within SQLite's INTEGER ------------


@pytest.mark.parametrize(
    ("col", "raw", "reason"),
    [
        (MONEY, MAX_MONEY - 1, None),
        (MONEY, MAX_MONEY, None),
        (MONEY, MAX_MONEY + 1, "v.above_max"),
        (MONEY, "999,999,999,999,999", None),
        (MONEY, "1,000,000,000,000,000", "v.above_max"),
        (MONEY, "99999999999999999999", "v.above_max"),
        (MONEY, "9" * 5000, "v.above_max"),
        (MONEY, 1e300, "v.above_max"),
        (SIGNED_MONEY, -MAX_MONEY, None),
        (SIGNED_MONEY, -MAX_MONEY - 1, "v.below_min"),
        (INT, MAX_INTEGER - 1, None),
        (INT, MAX_INTEGER, None),
        (INT, MAX_INTEGER + 1, "v.above_max"),
        (INT, str(MAX_INTEGER + 1), "v.above_max"),
        (INT, MIN_INTEGER, None),
        (INT, MIN_INTEGER - 1, "v.below_min"),
        (NUMBER, 10**15, None),
        (NUMBER, 10**15 + 1, "v.above_max"),
        (NUMBER, "1e400", "v.above_max"),
        (NUMBER, -(10**15) - 1, "v.below_min"),
        (ColumnSpec("w", "rating", minimum=0, maximum=5), 5, None),
        (ColumnSpec("w", "rating", minimum=0, maximum=5), 6, "v.above_max"),
        (ColumnSpec("w", "rating", minimum=0, maximum=5), 2**64, "v.above_max"),
    ],
)
def test_every_number_has_an_upper_and_lower_bound(col: ColumnSpec, raw: object, reason: str | None) -> None:
    if reason is None:
        number = int(str(raw).replace(",", ""))
        assert convert(col, raw) == (float(number) if col.kind == "number" else number)
    else:
        assert refused(col, raw).reason == reason


def test_the_bounds_are_named_in_the_message() -> None:
    err = refused(MONEY, MAX_MONEY + 1)
    assert translate(err.reason, "en", **dict(err.params)) == "must be at most 999,999,999,999,999"
    err = refused(INT, MAX_INTEGER + 1)
    assert translate(err.reason, "en", **dict(err.params)) == "must be at most 9,223,372,036,854,775,807"


@pytest.mark.parametrize(("raw", "ok"), [(MAX_MONEY, True), (MAX_MONEY + 1, False), ("99999999999999999999", False)])
def test_a_customers_money_cell_above_the_bound_is_refused_not_an_overflow(small, raw: object, ok: bool) -> None:
    result, problems, unchanged = save_one(small, "customers", 1, {"customer_revenue": raw})
    if ok:
        assert problems == [] and small["customers"].get(1)["customer_revenue"] == MAX_MONEY
    else:
        assert result is None and unchanged
        assert problems == [Problem(1, "customer_revenue", "v.above_max", (("max", "999,999,999,999,999"),))]


def test_an_r2_threshold_past_64_bits_is_refused_not_a_pandas_error(db) -> None:
    result, problems, unchanged = save_one(db, "r2_tiers", "KA", {"min_cooperation": "9223372036854775808"})
    assert result is None and unchanged
    assert cells(problems) == [("KA", "min_cooperation", "v.above_max")]


@pytest.mark.parametrize(
    ("table", "key", "column", "bound"),
    [
        ("r7_milestones", None, "due_day", MAX_DAYS),
        ("r9_clearances", None, "due_day", MAX_DAYS),
        ("r13_service_levels", None, "window_months", MAX_MONTHS),
        ("r11_evaluations", None, "every_months", MAX_MONTHS),
    ],
)
def test_windows_and_deadlines_span_at_most_a_century(db, table: str, key, column: str, bound: int) -> None:
    col = SPECS[table].column(column)
    assert convert(col, bound) == bound
    assert refused(col, bound + 1).reason == "v.above_max"


@pytest.mark.parametrize(
    ("kind", "code", "bound"), [("months", "r2_window_months", MAX_MONTHS), ("days", "r11_inactive_days", MAX_DAYS)]
)
def test_rule_params_windows_span_at_most_a_century(db, kind: str, code: str, bound: int) -> None:
    spec = SPECS["rule_params"]
    loaded = loaded_frame(db, spec)
    assert loaded.at[code, "kind"] == kind
    for value, ok in [(bound - 1, True), (bound, True), (bound + 1, False)]:
        changes = ChangeSet(updates={code: {"value": value}}, versions={code: 1})
        _, problems = validate_changes(spec, loaded, changes)
        assert (problems == []) is ok, value
        if not ok:
            assert cells(problems) == [(code, "value", "v.above_max")]


# --- whole numbers read exactly, never through a float -----------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (str(2**53 + 1), 2**53 + 1),
        (f"{2**53 + 1:,}", 2**53 + 1),
        (2**53 + 1, 2**53 + 1),
        (np.int64(2**53 + 1), 2**53 + 1),
        (str(MAX_INTEGER), MAX_INTEGER),
        ("1,234", 1234),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1，234", 1234),
        ("１，２３４", 1234),
        ("1234.0", 1234),
        ("1234.000", 1234),
        (1234.0, 1234),
        (Decimal("1234"), 1234),
        ("-12", -12),
        ("+12", 12),
    ],
)
def test_whole_numbers_are_read_exactly(raw: object, expected: int) -> None:
    out = convert(INT, raw)
    assert out == expected and type(out) is int


@pytest.mark.parametrize("raw", ["1234.5", "12abc", "1.2.3", "nan", "inf", "Infinity", "0x10", float("nan") + 1j])
def test_what_is_not_a_whole_number_is_refused(raw: object) -> None:
    assert refused(INT, raw).reason in ("v.not_integer", "v.not_scalar")


def test_a_whole_number_past_2_53_is_stored_exactly(small) -> None:
    result, problems, _ = save_one(small, "customers", 1, {"employees": str(2**53 + 1)})
    assert problems == [] and result is not None
    assert small.execute("SELECT employees FROM customers WHERE id = 1").fetchone()[0] == 2**53 + 1


# --- dates: strict ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-02-28",
        " 2026-02-28 ",
        "2026-02-28T00:00:00",
        "2026-02-28T00:00",
        "2026-02-28 00:00:00",
        "2026-02-28T00:00:00.000Z",
        dt.date(2026, 2, 28),
        dt.datetime(2026, 2, 28),
        pd.Timestamp("2026-02-28"),
        np.datetime64("2026-02-28"),
    ],
)
def test_a_date_or_midnight_of_it_is_accepted(raw: object) -> None:
    assert convert(DATE, raw) == "2026-02-28"


@pytest.mark.parametrize(
    "raw",
    [
        "2026-02-28 junk",
        "2026-02-28T99:99",
        "2026-02-28T00:00:01",
        "2026-02-28T12:00",
        "2026-02-28x",
        "2026-02-30",
        "28.02.2026",
        dt.datetime(2026, 2, 28, 0, 0, 1),
        pd.Timestamp("2026-02-28 00:00:00.000000001"),
        20260228,
        True,
    ],
)
def test_a_date_with_anything_after_it_is_refused(raw: object) -> None:
    assert refused(DATE, raw).reason == "v.not_date"


def test_a_join_date_with_junk_is_refused_and_nothing_stored(small) -> None:
    result, problems, unchanged = save_one(small, "people", 1, {"join_date": "2026-02-28 junk"})
    assert result is None and unchanged and cells(problems) == [(1, "join_date", "v.not_date")]


# --- only scalars, and yes/no only in bool columns ---------------------------------------


@pytest.mark.parametrize("col", [TEXT, FK, INT, MONEY, NUMBER, DATE, BOOL, ColumnSpec("e", "enum", choices=("a",))])
@pytest.mark.parametrize("raw", [[1], {"a": 1}, {1}, (1,), b"x", object()])
def test_a_list_or_dict_is_refused_in_every_column(col: ColumnSpec, raw: object) -> None:
    err = refused(col, raw, {1} if col.kind == "fk" else None)
    assert err.reason == "v.not_scalar" and translate(err.reason, "en", **dict(err.params)).startswith("must be")


@pytest.mark.parametrize(
    ("col", "reason"),
    [
        (TEXT, "v.bool_not_allowed"),
        (FK, "v.bool_not_allowed"),
        (ColumnSpec("e", "enum", choices=("True",)), "v.bool_not_allowed"),
        (INT, "v.not_integer"),
        (MONEY, "v.not_integer"),
        (NUMBER, "v.not_number"),
        (ColumnSpec("r", "rate"), "v.not_number"),
        (DATE, "v.not_date"),
    ],
)
@pytest.mark.parametrize("raw", [True, False, np.bool_(True)])
def test_a_yes_no_value_is_refused_outside_bool_columns(col: ColumnSpec, reason: str, raw: object) -> None:
    assert refused(col, raw, {0, 1, 2}).reason == reason


def test_true_is_not_saved_as_person_1(small) -> None:
    small["customers"].update(1, {"owner_id": None})
    result, problems, unchanged = save_one(small, "customers", 1, {"owner_id": True})
    assert result is None and unchanged and cells(problems) == [(1, "owner_id", "v.bool_not_allowed")]


def test_a_foreign_key_is_stored_as_the_key_it_names() -> None:
    assert convert(FK, "2", {1, 2}) == 2 and convert(FK, 2.0, {1, 2}) == 2 and type(convert(FK, 2.0, {1, 2})) is int
    assert convert(FK, " director ", {"director"}) == "director"


# --- text: no lone surrogate ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["\ud800", "a\udfffb", "名\udc80"])
def test_a_text_with_a_lone_surrogate_is_refused(raw: str) -> None:
    assert refused(TEXT, raw).reason == "v.bad_text"
    assert refused(ColumnSpec("e", "enum", choices=("a",)), raw).reason == "v.bad_text"


def test_a_name_with_a_lone_surrogate_is_refused_and_nothing_stored(small) -> None:
    result, problems, unchanged = save_one(small, "customers", 1, {"name": "甲\ud800"})
    assert result is None and unchanged and cells(problems) == [(1, "name", "v.bad_text")]
    assert convert(TEXT, "甲😀") == "甲😀"  # a surrogate pair, as one character, is fine


# --- anything unforeseen: a refusal, never a traceback ------------------------------------


class Unreadable(str):
    def strip(self, *args: object) -> str:
        raise RuntimeError("nobody foresaw this")


def test_a_value_that_breaks_the_conversion_is_a_cell_refusal(small, caplog) -> None:
    with caplog.at_level(logging.ERROR):
        result, problems, unchanged = save_one(small, "customers", 1, {"name": Unreadable("x")})
    assert result is None and unchanged and cells(problems) == [(1, "name", "v.unreadable")]
    assert "nobody foresaw this" in caplog.text


def test_an_unexpected_error_in_the_save_is_a_refusal_logged_with_its_traceback(small, monkeypatch, caplog) -> None:
    def boom(*args: object, **kw: object) -> None:
        small.execute("UPDATE customers SET name = 'half written' WHERE id = 1")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(edit, "save_changes", boom)
    with caplog.at_level(logging.ERROR):
        result, problems, unchanged = save_one(small, "customers", 1, {"name": "乙公司"})
    assert result is None and unchanged and problems == [Problem(None, None, "v.unexpected")]
    assert "disk on fire" in caplog.text and "Traceback" in caplog.text
    assert not small.conn.in_transaction


def test_a_malformed_change_set_is_a_refusal(small) -> None:
    spec = SPECS["customers"]
    loaded = loaded_frame(small, spec)
    changes = ChangeSet(updates={1: ["name", "乙"]}, versions={1: 1})  # type: ignore[dict-item]
    before = dump(small)
    result, problems = edit.save_change_set(small, spec, loaded, changes, unrestricted(USER))
    assert result is None and [p.reason for p in problems] == ["v.unexpected"] and dump(small) == before


@pytest.mark.parametrize("raw", [Decimal("sNaN"), Decimal("NaN"), float("nan"), pd.NA, pd.NaT, np.datetime64("NaT")])
def test_every_kind_of_nan_is_a_missing_value(raw: object) -> None:
    for col in (INT, NUMBER, TEXT, DATE, BOOL, FK):
        assert convert(col, raw, {1}) is None
        assert refused(ColumnSpec("x", col.kind, required=True), raw, {1}).reason == "v.required"


def test_a_numpy_key_is_the_same_row(small) -> None:
    result, problems, _ = save_one(small, "customers", np.int64(1), {"employees": 11})
    assert problems == [] and result is not None and small["customers"].get(1)["employees"] == 11


# --- keys and constraints: the row and the column, never SQLite's words -------------------


def test_an_update_that_changes_a_key_is_refused_at_the_key(small) -> None:
    result, problems, unchanged = save_one(small, "ranks", "director", {"code": "boss"})
    assert result is None and unchanged and cells(problems) == [("director", "code", "v.pk_change")]
    result, problems, _ = save_one(small, "ranks", "director", {"code": "director", "label_en": "Director"})
    assert problems == [] and result is not None


def test_a_forged_id_in_an_update_is_refused_at_the_id(small) -> None:
    result, problems, unchanged = save_one(small, "customers", 1, {"id": 99})
    assert result is None and unchanged and cells(problems) == [(1, "id", "v.pk_change")]
    assert save_one(small, "customers", 1, {"id": "1", "employees": 12})[1] == []


def test_the_store_names_the_key_that_others_still_refer_to(small) -> None:
    with pytest.raises(IntegrityRefused) as err:
        save_changes(
            small, SPECS["ranks"], ChangeSet(updates={"director": {"code": "boss"}}, versions={"director": 1}), USER
        )
    assert (err.value.row, err.value.column, err.value.reason) == ("director", "code", "v.db_referenced")
    assert small["ranks"].get("director")["version"] == 1


def test_an_insert_naming_a_missing_row_is_refused_at_its_column(small) -> None:
    """The caller's keys say person 99 exists; SQLite knows better, and the refusal names
    the new row and the column, not "FOREIGN KEY constraint failed"."""
    spec = SPECS["customers"]
    loaded = loaded_frame(small, spec)
    changes = ChangeSet(inserts={-1: {"name": "丙公司", "owner_id": 99}})
    before = dump(small)
    result, problems = edit.save_change_set(
        small, spec, loaded, changes, unrestricted(USER), fk_keys={"owner_id": {99}}
    )
    assert result is None and dump(small) == before
    assert problems == [Problem(-1, "owner_id", "v.db_missing_ref", (("value", "99"),))]
    assert "FOREIGN KEY" not in translate(problems[0].reason, "en", **dict(problems[0].params))


def test_the_failing_row_of_a_batch_is_named(small) -> None:
    small["customers"].insert({"id": 2, "name": "乙公司", "owner_id": 1})
    small["customers"].insert({"id": 3, "name": "丙公司", "owner_id": 1})
    typed = ChangeSet(updates={2: {"developed_by": 1}, 3: {"developed_by": 77}}, versions={2: 1, 3: 1})
    with pytest.raises(IntegrityRefused) as err:
        save_changes(small, SPECS["customers"], typed, USER)
    assert (err.value.row, err.value.column, err.value.reason) == (3, "developed_by", "v.db_missing_ref")
    assert small["customers"].get(2)["developed_by"] is None and small["customers"].get(2)["version"] == 1


@pytest.mark.parametrize(
    ("table", "changes", "expected"),
    [
        ("branches", ChangeSet(inserts={-1: {"name": "华东分公司"}}), (-1, "name", "v.duplicate")),
        ("teams", ChangeSet(inserts={-1: {"name": "二部"}}), (-1, "branch_id", "v.required")),
        ("targets", ChangeSet(updates={1: {"amount": -5}}, versions={1: 1}), (1, "amount", "v.db_check")),
    ],
)
def test_sqlites_constraints_are_named_by_row_and_column(small, table: str, changes: ChangeSet, expected) -> None:
    with pytest.raises(IntegrityRefused) as err:
        save_changes(small, SPECS[table], changes, USER)
    assert (err.value.row, err.value.column, err.value.reason) == expected


def test_a_fixed_table_takes_no_new_rows(db) -> None:
    spec = SPECS["r2_tiers"]
    changes = ChangeSet(inserts={-1: {"label_zh": "新", "label_en": "New", "key_account": 0}})
    _, problems = validate_changes(spec, loaded_frame(db, spec), changes)
    assert (-1, None, "grid.fixed_rows") in cells(problems)


# --- a refused delete names the referencing tables in the UI language ---------------------


def test_every_table_on_either_side_of_a_foreign_key_has_a_name(db) -> None:
    tables = set()
    for table in db.table_names():
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            tables |= {table, fk[2]}
    assert {"customer_contacts", "customer_competitors", "orders"} <= tables
    for table in sorted(tables):
        zh, en = translate(f"table.{table}", "zh"), translate(f"table.{table}", "en")
        assert f"table.{table}" not in (zh, en) and zh != en, table


def test_a_refused_delete_names_the_referencing_tables_in_english(small) -> None:
    spec = SPECS["customers"]
    loaded = loaded_frame(small, spec)
    before = dump(small)
    result, problems = edit.save_change_set(
        small, spec, loaded, ChangeSet(deletes={1: 1}), unrestricted(USER), lang="en"
    )
    assert result is None and dump(small) == before
    text = " ".join(translate(p.reason, "en", **dict(p.params)) for p in problems)
    assert "customer contacts" in text and "table." not in text


# --- the entities a target names: given explicitly, never silently skipped ---------------

TARGET = pd.DataFrame(
    {"entity_type": ["person"], "entity_id": [7], "period": ["2026"], "amount": [1]}, index=pd.Index([1])
)


def test_the_targets_check_needs_the_entities() -> None:
    assert needs_entities("targets") and not needs_entities("customers")
    with pytest.raises(EntitiesNotGiven):
        check_table("targets", TARGET)


@pytest.mark.parametrize(("people", "expected"), [({7}, []), ({6, 8}, [(1, "entity_id", "v.no_person")])])
def test_the_targets_check_takes_the_entities_as_an_argument(people: set, expected: list) -> None:
    known = {"branch": set(), "team": set(), "person": people}
    assert cells(check_table("targets", TARGET, entities=known)) == expected
    with known_entities(known):  # the block still works (the targets import uses it)
        assert cells(check_table("targets", TARGET)) == expected


def test_validating_targets_without_entities_raises(db) -> None:
    spec = SPECS["targets"]
    changes = ChangeSet(inserts={-1: {"entity_type": "person", "entity_id": 7, "period": "2026", "amount": 1}})
    with pytest.raises(EntitiesNotGiven):
        validate_changes(spec, loaded_frame(db, spec), changes)
    _, problems = validate_changes(spec, loaded_frame(db, spec), changes, entities={"person": {7}})
    assert problems == []


def test_a_target_id_past_2_53_is_checked_exactly() -> None:
    frame = TARGET.assign(entity_id=[2**53 + 1])
    assert cells(check_table("targets", frame, entities={"person": {2**53}})) == [(1, "entity_id", "v.no_person")]
    assert check_table("targets", frame, entities={"person": {2**53 + 1}}) == []
    assert check_table("targets", TARGET.assign(entity_id=[MAX_INTEGER]), entities={"person": {MAX_INTEGER}}) == []


# --- every reason is translated --------------------------------------------------------------


@pytest.mark.parametrize(
    "reason",
    [
        "v.not_scalar",
        "v.bool_not_allowed",
        "v.bad_text",
        "v.unreadable",
        "v.pk_change",
        "v.db_constraint",
        "v.db_check",
        "v.db_missing_ref",
        "v.db_referenced",
        "v.unexpected",
        "grid.fixed_rows",
    ],
)
def test_every_new_reason_reads_in_both_languages(reason: str) -> None:
    zh, en = translate(reason, "zh", value="x"), translate(reason, "en", value="x")
    assert reason not in (zh, en) and zh != en and "{" not in zh + en
