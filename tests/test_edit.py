"""The one save path below the UI (kam.edit): a script or a test saves exactly as a page
does, without Streamlit: validate -> invariants -> write in one transaction, or nothing."""

from __future__ import annotations

import sqlite_utils

from kam import edit
from kam.i18n import plain
from kam.specs import SPECS
from kam.store.access import unrestricted
from kam.store.frames import loaded_frame
from kam.types import ChangeSet

CUSTOMERS, TARGETS = SPECS["customers"], SPECS["targets"]


def dump(db: sqlite_utils.Database) -> list[str]:
    return list(db.conn.iterdump())


def test_a_valid_change_is_written_and_audited(demo_db: sqlite_utils.Database) -> None:
    loaded = loaded_frame(demo_db, CUSTOMERS)
    key = int(loaded.index[0])
    changes = ChangeSet(updates={key: {"employees": "1,234"}}, versions={key: int(loaded.at[key, "version"])})
    result, problems = edit.save_change_set(demo_db, CUSTOMERS, loaded, changes, unrestricted("脚本 #0"))
    assert problems == [] and result is not None and result.updated == 1
    assert demo_db["customers"].get(key)["employees"] == 1234
    audit = list(demo_db.query("SELECT user, new_value FROM audit WHERE table_name = 'customers'"))
    assert audit == [{"user": "脚本 #0", "new_value": "1234"}]


def test_a_refused_change_names_row_and_column_and_changes_nothing(demo_db: sqlite_utils.Database) -> None:
    loaded = loaded_frame(demo_db, CUSTOMERS)
    a, b = (int(k) for k in loaded.index[:2])
    changes = ChangeSet(
        updates={a: {"employees": "12"}, b: {"employees": "-1"}},
        versions={a: int(loaded.at[a, "version"]), b: int(loaded.at[b, "version"])},
    )
    before = dump(demo_db)
    result, problems = edit.save_change_set(demo_db, CUSTOMERS, loaded, changes, unrestricted("脚本 #0"), lang="en")
    assert result is None and [(p.row, p.column) for p in problems] == [(b, "employees")]
    assert dump(demo_db) == before  # the valid row was not written either
    text = edit.problems_text(CUSTOMERS, loaded, changes, problems, "en")
    name = str(loaded.at[b, "name"])
    assert text == f"- “{plain(name)}”, column Employees\\: must be at least 0"  # the name, not the id


def test_a_target_naming_nobody_is_refused_without_any_context_set(demo_db: sqlite_utils.Database) -> None:
    """The save path reads the branches, teams and people a target may name itself."""
    loaded = loaded_frame(demo_db, TARGETS)
    changes = ChangeSet(inserts={-1: {"entity_type": "person", "entity_id": "987654", "period": "2031", "amount": "5"}})
    before = dump(demo_db)
    result, problems = edit.save_change_set(demo_db, TARGETS, loaded, changes, unrestricted("脚本 #0"))
    assert result is None and [(p.row, p.column, p.reason) for p in problems] == [(-1, "entity_id", "v.no_person")]
    assert dump(demo_db) == before


def test_a_foreign_key_is_checked_against_the_database(demo_db: sqlite_utils.Database) -> None:
    loaded = loaded_frame(demo_db, CUSTOMERS)
    key = int(loaded.index[0])
    changes = ChangeSet(updates={key: {"owner_id": "99999"}}, versions={key: int(loaded.at[key, "version"])})
    result, problems = edit.save_change_set(demo_db, CUSTOMERS, loaded, changes, unrestricted("脚本 #0"))
    assert result is None and [(p.row, p.column) for p in problems] == [(key, "owner_id")]


def test_no_user_no_save(demo_db: sqlite_utils.Database) -> None:
    result, problems = edit.save_change_set(
        demo_db, CUSTOMERS, loaded_frame(demo_db, CUSTOMERS), ChangeSet(), unrestricted("")
    )
    assert result is None and [p.reason for p in problems] == ["grid.no_user"]


def test_row_names_in_the_problem_list_are_inert_markdown(demo_db: sqlite_utils.Database) -> None:
    loaded = loaded_frame(demo_db, CUSTOMERS)
    key = int(loaded.index[0])
    hostile = "**粗体**[链接](javascript:alert(1)) <b>x</b>"
    changes = ChangeSet(
        updates={key: {"name": hostile, "employees": "-3"}}, versions={key: int(loaded.at[key, "version"])}
    )
    result, problems = edit.save_change_set(demo_db, CUSTOMERS, loaded, changes, unrestricted("脚本 #0"))
    text = edit.problems_text(CUSTOMERS, loaded, changes, problems, "zh")
    assert result is None and "\\*\\*粗体\\*\\*\\[链接\\]\\(javascript" in text and "\\<b\\>" in text


def test_invariants_see_the_rows_as_they_are_at_the_save_not_as_they_were_loaded(
    db: sqlite_utils.Database,
) -> None:
    """Two managers edit different rows of one rules table: each change is fine on its own,
    together they break "thresholds rise with the level". The second save is refused."""
    spec = SPECS["r1_price_levels"]
    seen_by_a = loaded_frame(db, spec)  # A opens the page
    b = ChangeSet(updates={"high": {"min_unit_price": "300000"}}, versions={"high": 1})
    assert (
        edit.save_change_set(db, spec, loaded_frame(db, spec), b, unrestricted("B #2"))[0] is not None
    )  # B saves first
    a = ChangeSet(updates={"medium": {"min_unit_price": "400000"}}, versions={"medium": 1})
    before = dump(db)
    result, problems = edit.save_change_set(db, spec, seen_by_a, a, unrestricted("A #1"))  # fine against what A saw
    assert result is None and problems and dump(db) == before
    assert db["r1_price_levels"].get("medium")["min_unit_price"] == 100_000


def test_a_name_with_line_breaks_stays_on_one_markdown_line() -> None:
    # A blank line in a name would end a card's or a list item's paragraph and start another
    # (Markdown): every kind of line break becomes a space, the Markdown signs stay escaped.
    text = plain("甲\n\n# 乙\r\n*丙*\u2028丁")
    assert "\n" not in text and "\r" not in text and "\u2028" not in text
    assert text == "甲  \\# 乙  \\*丙\\* 丁"
