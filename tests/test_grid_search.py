"""A dropdown over many rows (an order's customer among 50,000) is searched on the server:
the grid gets the values its rows hold and what the search found, never the whole table;
a user with few rows in scope gets those as an ordinary dropdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from kam.specs import SPECS
from kam.store.refs import fk_labels, search_fk
from kam.ui import grid
from tests.conftest import ROOT

SCRIPT = """
import os
import streamlit as st
from kam import db as kamdb
from kam.specs import SPECS
from kam.store.access import access_for
from kam.store.frames import loaded_frame
from kam.ui.grid import edit_table
from kam.ui.signin import ACCOUNT

db = kamdb.connect(os.environ["KAM_DB"])
account = st.session_state[ACCOUNT]
access = access_for(db, account, account.role)
spec = SPECS["orders"]
rows = loaded_frame(db, spec)
mine = rows if access.reads_all("orders") else rows[access.mask("orders", rows, db)]
edit_table(db, spec, mine.head(12), key="search_grid", access=access)
"""

CUSTOMER = next(c for c in SPECS["orders"].columns if c.name == "customer_id")


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The gridOptions of every grid drawn."""
    seen: list[dict[str, Any]] = []
    real = grid.AgGrid

    def spy(data: Any, gridOptions: dict[str, Any], **kw: Any) -> Any:  # noqa: N803 (AgGrid's name)
        seen.append(gridOptions)
        return real(data, gridOptions=gridOptions, **kw)

    monkeypatch.setattr(grid, "AgGrid", spy)
    return seen


def customer_column(options: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in options["columnDefs"] if d.get("field") == "customer_id")


def page(tmp_path: Path) -> str:
    path = tmp_path / "search_page.py"
    path.write_text(SCRIPT, encoding="utf-8")
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def test_the_customer_dropdown_offers_the_rows_values_and_what_the_search_finds(
    demo_db: sqlite_utils.Database, tmp_path: Path, run_page, drawn: list[dict[str, Any]]
) -> None:
    customers = demo_db["customers"].count
    assert customers > grid.DROPDOWN_MOST  # the demo is big enough to need the search
    at = run_page(page(tmp_path), Path(demo_db.conn.execute("PRAGMA database_list").fetchone()[2]))
    held = {r[0] for r in demo_db.execute("SELECT customer_id FROM orders ORDER BY id LIMIT 12")}
    col = customer_column(drawn[-1])
    assert set(col["cellEditorParams"]["values"]) == held
    assert set(col["refData"]) == {str(k) for k in held}  # no other customer's name in the page
    other = demo_db.execute(
        f"SELECT id, name FROM customers WHERE id NOT IN ({', '.join('?' for _ in held)}) ORDER BY id LIMIT 1",
        sorted(held),
    ).fetchone()
    box = at.text_input(key="search_grid__find_customer_id")
    box.set_value(other[1]).run()
    assert not at.exception
    col = customer_column(drawn[-1])
    offered = set(col["cellEditorParams"]["values"])
    assert other[0] in offered and held <= offered
    assert len(offered - held) <= grid.FOUND_MOST
    assert col["refData"][str(other[0])] == other[1]
    box.set_value("no such customer %_").run()
    assert any("no such customer" in c.value and "没有找到" in c.value for c in at.caption)
    assert set(customer_column(drawn[-1])["cellEditorParams"]["values"]) == held


def test_a_salesperson_with_few_customers_gets_them_all_and_no_search(
    demo_db: sqlite_utils.Database, tmp_path: Path, run_page, drawn: list[dict[str, Any]]
) -> None:
    db_path = Path(demo_db.conn.execute("PRAGMA database_list").fetchone()[2])
    at = run_page(page(tmp_path), db_path, account="sales")
    from kam.store.access import access_for, readable_keys
    from kam.store.users import credentials

    access = access_for(demo_db, credentials(demo_db, "sales")[0], "sales")
    readable = readable_keys(demo_db, access, "customers")
    assert readable is not None and 0 < len(readable) <= grid.DROPDOWN_MOST
    col = customer_column(drawn[-1])
    assert set(col["cellEditorParams"]["values"]) == set(readable)
    assert not [b for b in at.text_input if b.key == "search_grid__find_customer_id"]


def test_the_search_matches_names_or_the_number_escapes_wildcards_and_stays_in_scope(
    demo_db: sqlite_utils.Database,
) -> None:
    demo_db.execute("UPDATE customers SET name = '百分之百_测试%公司' WHERE id = 1")
    demo_db.execute("UPDATE customers SET name = '百分之百X测试Y公司' WHERE id = 2")
    assert set(search_fk(demo_db, CUSTOMER, "_测试%", "zh", 50, None)) == {1}  # % and _ are letters here
    assert set(search_fk(demo_db, CUSTOMER, "百分之百", "zh", 50, None)) == {1, 2}
    assert set(search_fk(demo_db, CUSTOMER, "百分之百", "zh", 50, {2, 3})) == {2}
    assert set(search_fk(demo_db, CUSTOMER, "百分之百", "zh", 1, None)) == {2}  # the first by name ("X" < "_")
    assert 5 in search_fk(demo_db, CUSTOMER, "#5", "zh", 50, None)
    assert search_fk(demo_db, CUSTOMER, "  ", "zh", 50, None) == {}
    assert search_fk(demo_db, CUSTOMER, "\ud800", "zh", 50, None) == {}
    labels = fk_labels(demo_db, CUSTOMER, [1, "2", 999_999_999], "zh")  # "2" as the browser may send it
    assert labels == {1: "百分之百_测试%公司", 2: "百分之百X测试Y公司"}


def test_labels_of_whole_number_keys_are_read_as_they_are_and_equal_every_variant(
    demo_db: sqlite_utils.Database,
) -> None:
    # A grid's ids (whole numbers) are read without their text variants: the same labels.
    keys = [int(k) for (k,) in demo_db.execute("SELECT id FROM customers ORDER BY id LIMIT 1200").fetchall()]
    ints = fk_labels(demo_db, CUSTOMER, [*keys, 999_999_999], "zh")
    mixed = fk_labels(demo_db, CUSTOMER, [*keys, "999999999", f" {keys[0]} "], "zh")
    assert len(ints) == len(keys) == len(mixed) and ints == mixed
    assert ints[keys[0]] == demo_db.execute("SELECT name FROM customers WHERE id = ?", [keys[0]]).fetchone()[0]
    assert fk_labels(demo_db, CUSTOMER, [keys[0], 2**63], "zh") == {keys[0]: ints[keys[0]]}  # no key that big
