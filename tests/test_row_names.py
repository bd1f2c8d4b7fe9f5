"""A refused save names its rows by what people know (kam.edit.row_name): a customer by its
name, a target by its person (branch, team) and period, a rules row by its label in the
user's language, a plan row by its year; "row N" only where nothing better exists. The
heading says "not saved" once; each item says only what is wrong."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlite_utils

from kam import edit
from kam.i18n import plain, translate
from kam.specs import SPECS
from kam.store.access import unrestricted
from kam.store.frames import loaded_frame
from kam.types import ChangeSet, Problem

CUSTOMERS, TARGETS, PLAN = SPECS["customers"], SPECS["targets"], SPECS["ka_plan"]
PRICES = SPECS["r1_price_levels"]


def a_person_target(db: sqlite_utils.Database) -> tuple[int, str, str]:
    """(target id, the person's name, the period) of a person's target in the demo data."""
    row = db.execute(
        "SELECT t.id, p.name, t.period FROM targets t JOIN people p ON p.id = t.entity_id "
        "WHERE t.entity_type = 'person' ORDER BY t.id LIMIT 1"
    ).fetchone()
    return int(row[0]), str(row[1]), str(row[2])


def test_a_target_is_named_by_its_person_and_period(demo_db: sqlite_utils.Database) -> None:
    key, person, period = a_person_target(demo_db)
    loaded = loaded_frame(demo_db, TARGETS)
    assert edit.row_names(TARGETS, loaded, ChangeSet(), [key], "zh", demo_db) == {key: f"{person} · {period}"}
    # without the database a person is only a type and an id: still no bare row number
    assert edit.row_names(TARGETS, loaded, ChangeSet(), [key], "en")[key].startswith("Person ")


@pytest.mark.parametrize(
    ("values", "lang", "name"),
    [
        ({"entity_type": "company", "entity_id": None, "period": "2031"}, "zh", "公司 · 2031"),
        ({"entity_type": "company", "period": "2031-Q3"}, "en", "Company · 2031-Q3"),
        ({"entity_type": "team", "entity_id": 3.0, "period": "2031"}, "en", "Sales 3 · 2031"),
        ({"entity_type": "person", "entity_id": "987654", "period": "2031"}, "zh", "个人 987654 · 2031"),
    ],
)
def test_a_target_without_a_known_entity_is_named_by_type_and_period(values: dict, lang: str, name: str) -> None:
    refs = {"teams": {"3": "Sales 3"}}
    assert edit.row_name(TARGETS, values, lang, refs) == name


def test_a_rules_row_is_named_by_its_label_in_the_users_language() -> None:
    assert edit.row_name(PRICES, {"code": "low", "label_zh": "低", "label_en": "Low"}, "zh") == "低"
    assert edit.row_name(PRICES, {"code": "low", "label_zh": "低", "label_en": "Low"}, "en") == "Low"
    assert edit.row_name(PRICES, {"code": "low", "label_zh": "低", "label_en": ""}, "en") == "低"


def test_a_plan_row_is_named_by_its_year_and_a_bare_id_row_by_its_number() -> None:
    assert edit.row_name(PLAN, {"id": 5, "year": 2031.0}, "zh") == "2031 年"
    assert edit.row_name(PLAN, {"id": 5, "year": 2031}, "en") == "2031"
    stars = SPECS["r9_star_thresholds"]
    assert edit.row_name(stars, {"id": 5, "indicator": "performance", "stars": 3}, "zh") is None
    assert edit.problem_text(stars, Problem(5, "min_value", "v.required"), {}, "zh").startswith("第 5 行，")
    assert edit.problem_text(stars, Problem(-1, "min_value", "v.required"), {}, "en").startswith("new row, ")


def test_a_value_map_cell_is_named_by_its_two_levels() -> None:
    spec = SPECS["r1_value_map"]
    refs = {"r1_price_levels": {"high": "高"}, "r1_quantity_levels": {"low": "少"}}
    assert edit.row_name(spec, {"id": 7, "price_level": "high", "quantity_level": "low"}, "zh", refs) == "高 × 少"
    assert edit.name_refs(spec, {"price_level": "high", "quantity_level": "low"}) == {
        "r1_price_levels": {"high"},
        "r1_quantity_levels": {"low"},
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_target_names_the_person_not_the_id(demo_db: sqlite_utils.Database, lang: str) -> None:
    key, person, period = a_person_target(demo_db)
    loaded = loaded_frame(demo_db, TARGETS)
    changes = ChangeSet(updates={key: {"amount": "-5"}}, versions={key: int(loaded.at[key, "version"])})
    result, problems = edit.save_change_set(demo_db, TARGETS, loaded, changes, unrestricted("脚本 #0"), lang=lang)
    assert result is None and [p.row for p in problems] == [key]
    text = edit.problems_text(TARGETS, loaded, changes, problems, lang, demo_db)
    assert plain(f"{person} · {period}") in text
    assert str(key) not in text.replace(plain(period), "")  # the target's id appears nowhere


def test_a_new_rows_name_is_its_typed_name(demo_db: sqlite_utils.Database) -> None:
    loaded = loaded_frame(demo_db, CUSTOMERS)
    changes = ChangeSet(inserts={-1: {"name": "新客户甲", "employees": "-1"}})
    result, problems = edit.save_change_set(demo_db, CUSTOMERS, loaded, changes, unrestricted("脚本 #0"))
    text = edit.problems_text(CUSTOMERS, loaded, changes, problems, "zh", demo_db)
    assert result is None and text.startswith("- 新行“新客户甲”，员工数：")


def stale_message(db: sqlite_utils.Database, spec, key, column: str, lang: str) -> tuple[str, pd.DataFrame]:
    """Two users load the same row; the other one saves first: this user's save is refused."""
    mine = loaded_frame(db, spec)
    theirs = ChangeSet(updates={key: {column: "他人改的"}}, versions={key: int(mine.at[key, "version"])})
    assert edit.save_change_set(db, spec, loaded_frame(db, spec), theirs, unrestricted("他人 #1"))[0] is not None
    changes = ChangeSet(updates={key: {column: "我改的"}}, versions={key: int(mine.at[key, "version"])})
    result, problems = edit.save_change_set(db, spec, mine, changes, unrestricted("我 #2"), lang=lang)
    assert result is None and [p.reason for p in problems] == ["grid.stale"]
    heading = translate("grid.rejected", lang)
    return heading + "\n\n" + edit.problems_text(spec, mine, changes, problems, lang, db), mine


@pytest.mark.parametrize(("lang", "not_saved"), [("zh", "未保存"), ("en", "Not saved")])
def test_a_conflict_names_the_customer_and_says_not_saved_once(
    demo_db: sqlite_utils.Database, lang: str, not_saved: str
) -> None:
    key = 1
    text, mine = stale_message(demo_db, CUSTOMERS, key, "industry", lang)
    assert plain(str(mine.at[key, "name"])) in text
    assert text.count(not_saved) == 1
    assert translate("rows.row", lang, row=key) not in text  # not "row 1": the grid may not show ids


def test_a_conflict_on_a_rules_row_names_its_label(demo_db: sqlite_utils.Database) -> None:
    text, _ = stale_message(demo_db, PRICES, "low", "label_en", "zh")
    assert "“低”" in text and "第 low 行" not in text


def test_several_stale_rows_are_listed_in_the_language() -> None:
    loaded = pd.DataFrame(
        {"code": ["low", "zz"], "label_zh": ["低", None], "label_en": ["Low", None]}, index=["low", "zz"]
    )
    assert edit.rows_text(PRICES, loaded, ChangeSet(), ["low", "zz"], "zh") == "“低”、第 zz 行"
    assert edit.rows_text(PRICES, loaded, ChangeSet(), ["low", "zz"], "en") == "“Low”, row zz"


def test_a_target_with_a_missing_type_is_named_by_its_period_not_a_crash() -> None:
    """pd.NA compares to nothing: "entity_type == 'company'" raised on a pending new row."""
    import pandas as pd

    from kam import edit
    from kam.specs import SPECS

    values = {"entity_id": 1.0, "period": "2025", "entity_type": pd.NA}
    assert edit.row_name(SPECS["targets"], values, "zh") == "2025"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unforeseen_error_says_not_saved_once_and_asks_nothing_to_be_fixed(lang: str) -> None:
    import pandas as pd

    from kam import edit
    from kam.specs import SPECS
    from kam.types import ChangeSet, Problem

    text = edit.refusal_text(
        SPECS["customers"], pd.DataFrame(), ChangeSet(), [Problem(None, None, "v.unexpected")], lang
    )
    assert text == translate("v.unexpected", lang)
    assert translate("grid.rejected", lang) not in text


@pytest.mark.parametrize(
    ("user", "shown"),
    [("王伟 #u3", "王伟"), ("Li #7", "Li"), ("O'Brien*", "O'Brien*"), ("a #u1 #u2", "a #u1"), ("#u4", "#u4")],
)
def test_an_audit_user_is_shown_by_name_without_the_account_id(user: str, shown: str) -> None:
    from kam.store.names import acting_name

    assert acting_name(user) == shown
