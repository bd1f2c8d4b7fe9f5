"""The home page's recent changes read as people read them (kam.views.home): when in the
user's time zone, who by name, the table's and column's labels, the row by what people
know, values as their column shows them, additions and deletions in words; never a code,
an id or None, in either language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import sqlite_utils

from kam import edit
from kam.i18n import translate
from kam.specs import SPECS
from kam.store.access import unrestricted
from kam.store.frames import loaded_frame
from kam.types import ChangeSet
from kam.views import changes as chv
from kam.views import home
from tests.conftest import EVERYONE

ANCHOR = dt.date(2026, 6, 30)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def save(db: sqlite_utils.Database, table: str, changes: ChangeSet, user: str = "王伟 #3") -> None:
    spec = SPECS[table]
    result, problems = edit.save_change_set(db, spec, loaded_frame(db, spec), changes, unrestricted(user))
    assert result is not None, problems


def column(m: home.HomeModel, name: str, lang: str) -> list[str]:
    return list(m.recent[translate(f"home.col.{name}", lang)])


@pytest.fixture
def edited(demo_db: sqlite_utils.Database) -> sqlite_utils.Database:
    """The demo data after four saves: a customer's revenue, owner and winnability, a
    person's target added and then deleted, a rules label and a value class's flag."""
    db = demo_db
    customer = db["customers"].get(1)
    owner = db.execute("SELECT id FROM people WHERE id != ? ORDER BY id LIMIT 1", [customer["owner_id"]]).fetchone()[0]
    winnability = "4" if customer["winnability"] != 4 else "3"  # a change whatever the demo holds
    updates = {"customer_revenue": "12345678", "owner_id": str(owner), "winnability": winnability}
    save(db, "customers", ChangeSet(updates={1: updates}, versions={1: customer["version"]}))
    person = db.execute("SELECT id FROM people ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
    target = {"entity_type": "person", "entity_id": str(person), "period": "2031-Q3", "amount": "500000"}
    save(db, "targets", ChangeSet(inserts={-1: target}))
    key = db.execute("SELECT id, version FROM targets ORDER BY id DESC LIMIT 1").fetchone()
    save(db, "targets", ChangeSet(deletes={key[0]: key[1]}), "李娜 #8")
    save(db, "r1_price_levels", ChangeSet(updates={"low": {"label_en": "Cheap"}}, versions={"low": 1}))
    flag = db.execute("SELECT code, owner_allowed, version FROM r1_value_classes LIMIT 1").fetchone()
    changes = ChangeSet(updates={flag[0]: {"owner_allowed": str(1 - flag[1])}}, versions={flag[0]: flag[2]})
    save(db, "r1_value_classes", changes)
    return db


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_recent_changes_show_no_code_id_or_none(edited: sqlite_utils.Database, lang: str) -> None:
    m = home.load(edited, EVERYONE, as_of=ANCHOR, lang=lang, tz=SHANGHAI)
    cells = {str(v) for v in m.recent.to_numpy().ravel()}
    assert list(m.recent.columns) == [translate(f"home.col.{c}", lang) for c in chv.COLUMNS]
    assert len(m.recent) == 7  # 3 customer cells, a target added and deleted, a label, a flag
    codes = {"None", "nan", "update", "insert", "delete", "person", "owner_id", "customers", "r1_price_levels", "low"}
    assert not cells & codes and not any("None" in c or "owner_allowed" in c for c in cells)
    assert not any("#" in c for c in column(m, "who", lang))  # "王伟 #3" is 王伟
    assert set(column(m, "who", lang)) == {"王伟", "李娜"}


def test_recent_changes_name_rows_columns_and_values(edited: sqlite_utils.Database) -> None:
    m = home.load(edited, EVERYONE, as_of=ANCHOR, lang="zh", tz=SHANGHAI)
    rows = m.recent.set_axis(list(chv.COLUMNS), axis=1).to_dict("records")
    customer = edited["customers"].get(1)
    owner = edited["people"].get(customer["owner_id"])["name"]
    revenue = next(r for r in rows if r["what"] == translate("col.customer_revenue", "zh"))
    assert revenue["table"] == "客户" and revenue["row"] == customer["name"] and revenue["new"] == "12,345,678"
    assert next(r for r in rows if r["what"] == "负责人")["new"] == owner  # a person's name, not an id
    winnability = next(r for r in rows if r["what"] == translate("col.winnability", "zh"))
    assert winnability["new"] == str(customer["winnability"])
    added = next(r for r in rows if r["what"] == translate("home.added", "zh"))
    person = added["row"].split(" · ")[0]
    assert added["row"] == f"{person} · 2031-Q3" and added["old"] == "—"
    assert added["new"] == f"对象类型：个人；对象：{person}；期间：2031-Q3；金额（元）：500,000"
    deleted = next(r for r in rows if r["what"] == translate("home.deleted", "zh"))
    assert deleted["row"] == added["row"] and deleted["old"] == added["new"] and deleted["new"] == "—"
    label = next(r for r in rows if r["table"] == translate("table.r1_price_levels", "zh"))
    assert (label["row"], label["what"], label["new"]) == ("低", "英文名称", "Cheap")
    flag = next(r for r in rows if r["what"] == translate("col.owner_allowed", "zh"))
    assert {flag["old"], flag["new"]} == {"是", "否"}


def test_the_time_is_the_users_local_time(edited: sqlite_utils.Database) -> None:
    at = dt.datetime.fromisoformat(edited.execute("SELECT at FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0])
    for tz in (SHANGHAI, ZoneInfo("America/New_York"), dt.timezone(dt.timedelta(hours=-3))):
        m = home.load(edited, EVERYONE, as_of=ANCHOR, lang="en", tz=tz)
        assert column(m, "when", "en")[0] == at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    m = home.load(edited, EVERYONE, as_of=ANCHOR, lang="en")  # no zone from the browser: the server's
    assert column(m, "when", "en")[0] == at.astimezone().strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("name", "offset", "zone"),
    [
        ("Asia/Shanghai", -480, ZoneInfo("Asia/Shanghai")),
        ("No/Such_Zone", -480, dt.timezone(dt.timedelta(hours=8))),  # JavaScript counts minutes behind UTC
        (None, 300, dt.timezone(dt.timedelta(hours=-5))),
        (None, None, None),
    ],
)
def test_the_users_zone_comes_from_the_browser(name: str | None, offset: int | None, zone: dt.tzinfo | None) -> None:
    assert chv.zone_of(name, offset) == zone


@pytest.mark.parametrize(
    ("at", "text"),
    [
        ("2026-06-30T23:30:00+00:00", "2026-07-01 07:30"),
        ("2026-06-30T23:30:00", "2026-07-01 07:30"),  # an audit time without zone is UTC
        ("yesterday", "yesterday"),
    ],
)
def test_audit_times_in_shanghai(at: str, text: str) -> None:
    assert chv.when_text(at, SHANGHAI) == text


def test_no_changes_is_an_empty_list(db: sqlite_utils.Database) -> None:
    m = home.load(db, EVERYONE, as_of=ANCHOR, lang="zh", tz=SHANGHAI)
    assert m.recent.empty


def audit(*rows: tuple) -> pd.DataFrame:
    names = ["table_name", "row_key", "action", "column_name", "old_value", "new_value", "user", "at"]
    return pd.DataFrame([dict(zip(names, r, strict=True)) for r in rows], columns=names)


def test_an_added_row_is_one_change_and_a_cut_one_is_left_out() -> None:
    at = "2026-06-30T00:00:00+00:00"
    rows = audit(
        ("branches", "7", "insert", "region", None, "华东", "a #1", at),
        ("branches", "7", "insert", "name", None, "上海分公司", "a #1", at),
        ("branches", "6", "update", "name", "旧", "新", "a #1", at),
        ("branches", "5", "insert", "region", None, "华北", "a #1", at),
    )
    changes = chv.group_changes(rows)
    assert [(c.key, c.action, len(c.cells)) for c in changes] == [
        ("7", "insert", 2),
        ("6", "update", 1),
        ("5", "insert", 1),
    ]
    # a read that hit its limit may have cut the oldest addition: it is not shown half
    assert [c.key for c in chv.group_changes(rows, complete=False)] == ["7", "6"]
    assert [c.key for c in chv.group_changes(rows, limit=1, complete=False)] == ["7"]


@pytest.mark.parametrize(
    ("table", "col", "value", "lang", "text"),
    [
        ("customers", "customer_revenue", "1234567.0", "zh", "1,234,567"),
        ("customers", "customer_revenue", None, "zh", "—"),
        ("customers", "employees", "", "en", "—"),
        ("r1_value_classes", "owner_allowed", "1", "zh", "是"),
        ("r1_value_classes", "owner_allowed", "0", "en", "no"),
        ("r4_dimensions", "weight", "0.25", "en", "25.0%"),
        ("r6_drivers", "department", "marketing", "zh", "市场部"),
        ("r3_criteria", "field", "employees", "en", "Employees"),
        ("r3_criteria", "threshold", "50000001.0", "zh", "50,000,001"),  # never "5e+07"
        ("r3_criteria", "threshold", "0.5", "en", "0.5"),
        ("rule_params", "value", "25000000.0", "en", "25,000,000"),
        ("targets", "entity_type", "branch", "en", "Branch"),
        ("customers", "owner_id", "12", "zh", "张三"),
        ("customers", "owner_id", "13", "zh", "13"),  # a person since deleted: nothing better
    ],
)
def test_a_value_is_shown_as_its_column_shows_it(table: str, col: str, value: str | None, lang: str, text: str) -> None:
    refs = {"people": {"12": "张三"}}
    assert chv.cell_text(SPECS[table], col, value, lang, refs, {}) == text


def test_namesakes_are_told_apart_by_branch() -> None:
    users = {
        "王伟 #3": ("王伟", "上海分公司", "3"),
        "王伟 #9": ("王伟", "北京分公司", "9"),
        "李娜 #8": ("李娜", "上海分公司", "8"),
        "管理员": ("管理员", None, None),
    }
    assert chv.who_texts(users) == {
        "王伟 #3": "王伟 · 上海分公司",
        "王伟 #9": "王伟 · 北京分公司",
        "李娜 #8": "李娜",
        "管理员": "管理员",
    }


@pytest.mark.parametrize(
    ("kind", "value", "text"), [("money", "120000.0", "120,000"), ("rate", "0.3", "30.0%"), ("months", "12.0", "12")]
)
def test_a_rules_parameter_is_shown_in_its_rows_unit(kind: str, value: str, text: str) -> None:
    assert chv.cell_text(SPECS["rule_params"], "value", value, "en", {}, {"kind": kind}) == text
