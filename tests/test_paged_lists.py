"""A long list on a page (issue 17): one page of rows reaches the browser, while the search,
the sort, the page number and the totals cover every row; the choices survive a page switch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from kam import db as kamdb
from kam.i18n import fmt_money, translate
from kam.views import pyramid
from kam.views.paging import LIST_PAGE
from tests.conftest import ANCHOR, EVERYONE, RunPage

KEY = "pyramid_upgrade"
SCRIPT = "pages/pyramid.py"


def _widget(name: str) -> str:
    return f"_w_list_{KEY}_{name}_zh"


def _shown(at) -> pd.DataFrame:
    return at.tabs[0].dataframe[0].value


def test_the_upgrade_list_pages_searches_and_sorts_every_row(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(template_db, path)
    listing = pyramid.load(kamdb.connect(path), EVERYONE, as_of=ANCHOR, lang="zh").upgrade
    full = listing.frame
    assert len(full) > 2 * LIST_PAGE  # the demo's list is long enough to page
    gap, customer = translate("pyramid.l.gap", "zh"), translate("pyramid.l.customer", "zh")
    at = run_page(SCRIPT, path)
    assert _shown(at)[customer].tolist() == full[customer].iloc[:LIST_PAGE].tolist()  # one page, in order
    captions = " ".join(c.value for c in at.tabs[0].caption)
    assert translate("list.rows_of", "zh", first="1", last=f"{LIST_PAGE}", n=f"{len(full):,}") in captions
    total = listing.page().totals[gap]
    assert fmt_money(total, "zh") in captions  # the gap totalled over every row, not the page

    at.number_input(key=_widget("page")).set_value(3).run()  # the last page holds the rest
    assert _shown(at)[customer].tolist() == full[customer].iloc[2 * LIST_PAGE : 3 * LIST_PAGE].tolist()

    at.selectbox(key=_widget("sort")).set_value(list(full.columns).index(gap)).run()
    at.toggle(key=_widget("descending")).set_value(True).run()
    largest = listing.page(sort=gap, descending=True).rows[customer].tolist()
    assert _shown(at)[customer].tolist() == largest  # over every row, from the first page again
    assert at.number_input(key=_widget("page")).value == 1

    name = str(full[customer].iloc[-1])  # a customer far past the first page
    at.text_input(key=_widget("search")).input(name).run()
    assert name in _shown(at)[customer].tolist()
    assert len(_shown(at)) == int(full[customer].str.contains(name, regex=False).sum())

    at.text_input(key=_widget("search")).input("no such customer (at all)").run()
    assert not at.tabs[0].dataframe
    assert translate("list.none_found", "zh", text="no such customer \\(at all\\)") in [
        c.value for c in at.tabs[0].caption
    ]


def test_the_list_choices_survive_a_page_switch(template_db: Path, tmp_path: Path, run_page: RunPage) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(template_db, path)
    at = run_page("app.py", path)
    at.switch_page(SCRIPT).run()
    at.number_input(key=_widget("page")).set_value(2).run()
    first = _shown(at).iloc[0].tolist()
    at.switch_page("pages/targets.py").run()
    assert at.title[0].value == translate("targets.title", "zh")
    assert not at.number_input  # the list's widgets are gone with their page
    at.switch_page(SCRIPT).run()
    assert at.number_input(key=_widget("page")).value == 2
    assert _shown(at).iloc[0].tolist() == first
