"""A grid over more rows than a page (issue 17): it holds one page; the search, the sort and
the page number cover every row and are done on the server; a reference sorts by the name
the grid shows; another search or order starts at the first page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlite_utils

from kam.ui import grid
from tests.conftest import ROOT

SIZE = 100
SCRIPT = f"""
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
spec = SPECS["orders"]
access = access_for(db, account, account.role)
edit_table(db, spec, loaded_frame(db, spec), key="paged", access=access, page_size={SIZE})
"""


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> list[pd.DataFrame]:
    """The rows of every grid drawn (what reached the browser)."""
    seen: list[pd.DataFrame] = []
    real = grid.AgGrid

    def spy(data: Any, **kw: Any) -> Any:
        seen.append(data.copy())
        return real(data, **kw)

    monkeypatch.setattr(grid, "AgGrid", spy)
    return seen


def _page(tmp_path: Path) -> str:
    path = tmp_path / "paged_page.py"
    path.write_text(SCRIPT, encoding="utf-8")
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _ids(frame: pd.DataFrame) -> list[int]:
    return [int(i) for i in frame["id"]]


def test_sort_search_and_pages_cover_every_row(
    demo_db: sqlite_utils.Database, tmp_path: Path, run_page, held: list[pd.DataFrame]
) -> None:
    path = Path(demo_db.conn.execute("PRAGMA database_list").fetchone()[2])
    every = pd.DataFrame(
        demo_db.execute("SELECT id, amount, customer_id FROM orders").fetchall(), columns=["id", "amount", "customer"]
    )
    assert len(every) > 3 * SIZE
    marked = [int(every["id"].iloc[-1]), int(every["id"].iloc[2 * SIZE + 5])]
    demo_db.execute("UPDATE orders SET pause_reason = 'a price war' WHERE id IN (?, ?)", marked)
    demo_db.conn.commit()
    at = run_page(_page(tmp_path), path)
    assert len(held[-1]) == SIZE  # one page reaches the browser

    at.selectbox(key="paged__sort_zh").set_value("amount").run()
    at.toggle(key="paged__descending").set_value(True).run()
    top = every.sort_values(["amount"], ascending=False, kind="stable")
    assert held[-1]["amount"].astype(float).tolist() == top["amount"].astype(float).iloc[:SIZE].tolist()

    at.number_input(key="paged__page").set_value(3).run()
    assert held[-1]["amount"].astype(float).tolist() == top["amount"].astype(float).iloc[2 * SIZE : 3 * SIZE].tolist()
    at.toggle(key="paged__descending").set_value(False).run()  # another order: the first page
    assert at.number_input(key="paged__page").value == 1
    assert float(held[-1]["amount"].astype(float).iloc[0]) == float(every["amount"].min())

    at.selectbox(key="paged__sort_zh").set_value("customer_id").run()  # by the name shown, not the id
    names = dict(demo_db.execute("SELECT id, name FROM customers").fetchall())
    shown = [names[int(c)] for c in held[-1]["customer_id"]]
    assert shown == sorted(every["customer"].map(names))[:SIZE]

    at.number_input(key="paged__page").set_value(2).run()
    at.text_input(key="paged__search").set_value("PRICE war").run()  # rows past the first page, found
    assert at.number_input(key="paged__page").value == 1
    assert sorted(_ids(held[-1])) == sorted(marked)
