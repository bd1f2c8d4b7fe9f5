"""The grid editor's logic without a browser: convert, validate, diff, save, versions, audit."""

from __future__ import annotations

import pytest

from kam.specs import SPECS
from kam.store.audit import read_audit
from kam.store.frames import loaded_frame, read_frame
from kam.store.refs import dependents, fk_keys, fk_options
from kam.store.save import DependentRowsError, StaleRowError, save_changes
from kam.types import ChangeSet, ColumnSpec
from kam.validate import Invalid, convert, validate_changes

MONEY = ColumnSpec("amount", "money", minimum=0)


@pytest.mark.parametrize(
    ("col", "raw", "expected"),
    [
        (MONEY, "1,000,000", 1_000_000),
        (MONEY, 1_000_000.0, 1_000_000),
        (MONEY, " 42 ", 42),
        (ColumnSpec("r", "rate"), 0.3, 0.3),
        (ColumnSpec("r", "rate"), "1", 1.0),
        (ColumnSpec("d", "date"), "2026-02-28", "2026-02-28"),
        (ColumnSpec("b", "bool"), True, 1),
        (ColumnSpec("b", "bool"), "否", 0),
        (ColumnSpec("e", "enum", choices=("a", "b")), "b", "b"),
        (ColumnSpec("s", "text"), "  华东  ", "华东"),
        (ColumnSpec("s", "text"), None, None),
        (ColumnSpec("w", "rating", minimum=0, maximum=5), 5, 5),
    ],
)
def test_convert_accepts_good_values(col: ColumnSpec, raw: object, expected: object) -> None:
    assert convert(col, raw) == expected


@pytest.mark.parametrize(
    ("col", "raw", "reason"),
    [
        (MONEY, "abc", "v.not_integer"),
        (MONEY, 1.5, "v.not_integer"),
        (MONEY, -1, "v.below_min"),
        (ColumnSpec("x", "money", required=True), "", "v.required"),
        (ColumnSpec("x", "money", required=True), None, "v.required"),
        (ColumnSpec("r", "rate"), 30, "v.rate_range"),
        (ColumnSpec("r", "rate"), -0.01, "v.rate_range"),
        (ColumnSpec("r", "rate"), 1.0000001, "v.rate_range"),
        (ColumnSpec("d", "date"), "2026-02-30", "v.not_date"),
        (ColumnSpec("b", "bool"), "maybe", "v.not_bool"),
        (ColumnSpec("e", "enum", choices=("a", "b")), "c", "v.not_choice"),
        (ColumnSpec("w", "rating", minimum=0, maximum=5), 6, "v.above_max"),
        (ColumnSpec("s", "text"), "x ::JSCODE::alert(1)::JSCODE::", "v.jscode"),
        (ColumnSpec("f", "fk"), 99, "v.unknown_ref"),
    ],
)
def test_convert_refuses_bad_values_with_a_reason(col: ColumnSpec, raw: object, reason: str) -> None:
    with pytest.raises(Invalid) as err:
        convert(col, raw, fk_keys={1, 2} if col.kind == "fk" else None)
    assert err.value.reason == reason


def test_every_bad_cell_is_reported_with_row_and_column(db) -> None:
    spec = SPECS["r2_tiers"]
    loaded = loaded_frame(db, spec)
    changes = ChangeSet(
        updates={"KA": {"min_cooperation": "lots", "label_en": ""}, "MLA": {"principal_rank": "boss"}},
        versions={"KA": 1, "MLA": 1},
    )
    _, problems = validate_changes(spec, loaded, changes, fk_keys(fk_options(db, spec)))
    found = {(p.row, p.column, p.reason) for p in problems}
    assert ("KA", "min_cooperation", "v.not_integer") in found
    assert ("KA", "label_en", "v.required") in found
    assert ("MLA", "principal_rank", "v.unknown_ref") in found


def test_a_rejected_save_changes_nothing_in_the_database(db) -> None:
    spec = SPECS["r2_tiers"]
    before = read_frame(db, "r2_tiers")
    loaded = loaded_frame(db, spec)
    changes = ChangeSet(updates={"KA": {"min_cooperation": 9_000_000}}, versions={"KA": 1})  # above MLA
    typed, problems = validate_changes(spec, loaded, changes)
    assert problems  # thresholds out of order
    assert read_frame(db, "r2_tiers").equals(before)
    assert db["audit"].count == 0


def test_save_writes_only_changed_cells_bumps_version_and_audits(db) -> None:
    spec = SPECS["r2_tiers"]
    loaded = loaded_frame(db, spec)
    changes = ChangeSet(
        updates={"KA": {"min_cooperation": "1,200,000", "label_en": "Key account"}},  # label unchanged
        versions={"KA": 1},
    )
    typed, problems = validate_changes(spec, loaded, changes)
    assert problems == []
    result = save_changes(db, spec, typed, user="王经理", at="2026-06-30T09:00:00")
    assert result.updated == 1
    row = db["r2_tiers"].get("KA")
    assert row["min_cooperation"] == 1_200_000 and row["version"] == 2
    audit = read_audit(db)
    assert audit[["table_name", "row_key", "column_name", "old_value", "new_value", "user"]].values.tolist() == [
        ["r2_tiers", "KA", "min_cooperation", "1000000", "1200000", "王经理"]
    ]


def test_two_sessions_saving_the_same_row_give_one_conflict_not_a_lost_update(db) -> None:
    spec = SPECS["r2_tiers"]
    loaded_a = loaded_frame(db, spec)
    loaded_b = loaded_frame(db, spec)
    a, _ = validate_changes(
        spec,
        loaded_a,
        ChangeSet(updates={"KA": {"min_cooperation": 1_100_000}}, versions={"KA": int(loaded_a.at["KA", "version"])}),
    )
    b, _ = validate_changes(
        spec,
        loaded_b,
        ChangeSet(updates={"KA": {"min_cooperation": 1_300_000}}, versions={"KA": int(loaded_b.at["KA", "version"])}),
    )
    save_changes(db, spec, a, user="A")
    with pytest.raises(StaleRowError) as err:
        save_changes(db, spec, b, user="B")
    assert err.value.keys == ["KA"]
    assert db["r2_tiers"].get("KA")["min_cooperation"] == 1_100_000
    assert db["audit"].count == 1


def test_a_stale_row_rolls_back_the_whole_save(db) -> None:
    spec = SPECS["r7_stages"]
    changes = ChangeSet(
        updates={"locked": {"probability": 0.15}, "following": {"probability": 0.35}},
        versions={"locked": 1, "following": 7},  # 'following' was loaded at another version
    )
    typed, problems = validate_changes(spec, loaded_frame(db, spec), changes)
    assert problems == []
    with pytest.raises(StaleRowError):
        save_changes(db, spec, typed, user="A")
    assert db["r7_stages"].get("locked")["probability"] == 0.1
    assert db["audit"].count == 0


def test_insert_and_delete_are_audited_in_the_same_save(db) -> None:
    spec = SPECS["r14_commission_bands"]
    loaded = loaded_frame(db, spec)
    top = int(loaded["id"].max())
    changes = ChangeSet(
        inserts={-1: {"from_amount": "10,000,000", "rate": 0.1}},
        deletes={top: int(loaded.at[top, "version"])},
    )
    typed, problems = validate_changes(spec, loaded, changes)
    assert problems == []
    result = save_changes(db, spec, typed, user="HR")
    assert (result.inserted, result.deleted) == (1, 1)
    assert db["r14_commission_bands"].count == len(loaded)
    actions = sorted(read_audit(db)["action"].unique())
    assert actions == ["delete", "insert"]


def test_a_referenced_row_cannot_be_deleted_and_the_count_is_named(db) -> None:
    db.execute("INSERT INTO branches (id, name) VALUES (1, '华东')")
    db.execute("INSERT INTO teams (name, branch_id) VALUES ('一队', 1), ('二队', 1)")
    assert dependents(db, "branches", [1]) == {1: [("teams", 2)]}
    spec = SPECS["branches"]
    typed = ChangeSet(deletes={1: 1})
    with pytest.raises(DependentRowsError) as err:
        save_changes(db, spec, typed, user="A")
    assert err.value.dependents == {1: [("teams", 2)]}
    assert db["branches"].count == 1


def test_a_new_row_must_fill_required_columns(db) -> None:
    spec = SPECS["ranks"]
    _, problems = validate_changes(spec, loaded_frame(db, spec), ChangeSet(inserts={-1: {"label_zh": "经理"}}))
    assert {(p.row, p.column, p.reason) for p in problems} >= {
        (-1, "code", "v.required"),
        (-1, "label_en", "v.required"),
    }


def test_a_duplicate_code_is_refused_before_sqlite_sees_it(db) -> None:
    spec = SPECS["ranks"]
    changes = ChangeSet(inserts={-1: {"code": "director", "label_zh": "总监", "label_en": "Director"}})
    _, problems = validate_changes(spec, loaded_frame(db, spec), changes)
    assert any(p.reason == "v.duplicate" and p.column == "code" for p in problems)


def test_fixed_and_protected_rows_cannot_be_deleted(db) -> None:
    for table, key in [("r2_tiers", "KA"), ("ranks", "director")]:
        spec = SPECS[table]
        _, problems = validate_changes(spec, loaded_frame(db, spec), ChangeSet(deletes={key: 1}))
        assert [p.reason for p in problems] == ["grid.protected"], table


@pytest.mark.parametrize(
    ("typed", "stored"), [("25%", 0.25), ("25.5 %", 0.255), ("0%", 0.0), ("100%", 1.0), ("30％", 0.3), ("0.3", 0.3)]
)
def test_a_rate_typed_as_the_grid_shows_it_is_the_same_fraction(typed: str, stored: float) -> None:
    """The grid shows a rate as "25.0%": typed so, it means 0.25, not 25 (refused)."""
    from kam.specs import SPECS
    from kam.validate import convert

    assert convert(SPECS["r5_health_bands"].column("min_share"), typed) == pytest.approx(stored)


@pytest.mark.parametrize("typed", ["100.1%", "-1%", "x%", "%"])
def test_a_percentage_outside_0_to_100_is_refused(typed: str) -> None:
    from kam.specs import SPECS
    from kam.validate import Invalid, convert

    with pytest.raises(Invalid):
        convert(SPECS["r5_health_bands"].column("min_share"), typed)
