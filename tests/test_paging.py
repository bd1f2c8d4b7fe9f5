"""Long lists a page at a time (issue 17): search, sort and totals over every row, one page out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kam.views.paging import LIST_PAGE, Listing, page_of, ranks, search_mask


def _names(n: int) -> pd.DataFrame:
    return pd.DataFrame({"name": [f"客户{i:04d}" for i in range(n)], "amount": [float(i % 7) for i in range(n)]})


@pytest.mark.parametrize(("rows", "pages"), [(0, 1), (1, 1), (LIST_PAGE - 1, 1), (LIST_PAGE, 1), (LIST_PAGE + 1, 2)])
def test_pages_at_the_page_size(rows: int, pages: int) -> None:
    got = page_of(_names(rows))
    assert got.pages == pages and got.matched == got.total == rows
    assert len(got.rows) == min(rows, LIST_PAGE)


def test_the_last_page_holds_the_rest_and_a_page_past_the_end_is_the_last() -> None:
    frame = _names(250)
    last = page_of(frame, page=2)
    assert (last.page, last.first, len(last.rows)) == (2, 200, 50)
    assert last.rows["name"].iloc[0] == "客户0200"
    assert page_of(frame, page=99).page == 2 and page_of(frame, page=-3).page == 0


def test_search_covers_every_row_case_blind_and_literal() -> None:
    frame = pd.DataFrame({"name": ["Acme (HK)", "acme.cn", "Beta", "Gamma"], "owner": ["Li", "Wang", "ACME fan", None]})
    assert search_mask(frame, "acme").tolist() == [True, True, True, False]
    assert search_mask(frame, "(hk").tolist() == [True, False, False, False]  # a text, not a pattern
    assert search_mask(frame, ".").tolist() == [False, True, False, False]
    assert search_mask(frame, "  ").all()  # an empty search keeps every row
    rows = _names(500)
    found = page_of(rows, search="客户04")  # 0400-0499: past the first page
    assert found.matched == 100 and found.total == 500 and found.rows["name"].iloc[0] == "客户0400"


def test_no_row_found_is_one_empty_page() -> None:
    got = page_of(_names(300), search="nobody", page=4)
    assert (got.page, got.pages, got.matched, len(got.rows)) == (0, 1, 0, 0)


def test_sort_covers_every_row_stable_with_missing_values_last() -> None:
    frame = pd.DataFrame({"name": list("abcdef"), "amount": [3.0, np.nan, 1.0, 3.0, np.nan, 2.0]})
    up = page_of(frame, sort="amount")
    assert up.rows["name"].tolist() == ["c", "f", "a", "d", "b", "e"]  # ties keep the list's order
    down = page_of(frame, sort="amount", descending=True)
    assert down.rows["name"].tolist() == ["a", "d", "f", "c", "b", "e"]  # missing last either way
    big = _names(300).iloc[::-1]  # the list's own order is not the index's
    assert page_of(big, sort="name").rows["name"].iloc[0] == "客户0000"
    assert page_of(big, sort="name", descending=True, page=2).rows["name"].iloc[-1] == "客户0000"
    assert page_of(big).rows["name"].iloc[0] == "客户0299"  # no sort: the list's order


def test_a_column_shown_as_text_sorts_and_totals_by_its_key() -> None:
    frame = pd.DataFrame({"name": ["a", "b", "c"], "money": ["9.00 万", "10.00 万", "900"]})
    keys = {"money": np.array([90_000.0, 100_000.0, 900.0])}
    got = page_of(frame, sort="money", keys=keys, totals=("money",))
    assert got.rows["name"].tolist() == ["c", "a", "b"]  # not the text order "10", "9", "900"
    assert got.totals == {"money": 190_900.0}
    assert page_of(frame, search="a", keys=keys, totals=("money",)).totals == {"money": 90_000.0}


def test_totals_cover_every_matched_row_not_the_page() -> None:
    frame = _names(350)
    got = Listing(frame, totals=("amount",)).page(page=3)
    assert len(got.rows) == 50 and got.totals == {"amount": float(frame["amount"].sum())}
    hit = Listing(frame, totals=("amount",)).page(search="客户01")
    assert hit.totals == {"amount": float(frame.loc[100:199, "amount"].sum())}


def test_a_repeated_index_still_sorts_by_position() -> None:
    frame = pd.DataFrame({"name": ["b", "a", "c"], "amount": [2.0, 1.0, 3.0]}, index=[7, 7, 7])
    assert page_of(frame, sort="amount", descending=True).rows["name"].tolist() == ["c", "b", "a"]


def test_ranks_put_the_highest_code_largest_and_unknown_codes_last() -> None:
    got = ranks(pd.Series(["KA", "Regular", "SKA", "??"]), ["SKA", "KA", "Regular"])
    assert got[:3].tolist() == [2.0, 1.0, 3.0] and np.isnan(got[3])
