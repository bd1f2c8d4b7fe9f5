"""A long read-only list a page at a time (issue 17): a search box, a sort column and its
direction, and the page number above one page of rows; search, sort and the totals cover
every row (kam.views.paging does them on the server), the browser gets 100 rows.

A list of one page or less is drawn whole (st.dataframe sorts and searches what it holds).
The search, sort and page outlive a page switch (session-state keys no widget owns, as the
filter bar's choices), one set per list.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import streamlit as st

from kam.i18n import plain
from kam.ui.common import lang, money, select, t
from kam.ui.widgets import show_table
from kam.views.paging import LIST_PAGE, Listing

_STATE = "_kam_list_"
LIST_ORDER = -1  # the sort picker's "the list's own order"


def _state(key: str, name: str) -> str:
    return f"{_STATE}{key}_{name}"


def _widget(key: str, name: str) -> str:
    return f"_w_list_{key}_{name}_{lang()}"  # a key per language: the labels are translated


def _keep(key: str, name: str, *, restart: bool) -> None:
    st.session_state[_state(key, name)] = st.session_state[_widget(key, name)]
    if restart:  # another search or order starts at its first page
        st.session_state[_state(key, "page")] = 0


def _control(key: str, name: str, default: Any, *, restart: bool = True) -> dict[str, Any]:
    """Session state of one control: its kept value put in the widget, kept again on change."""
    widget = _widget(key, name)
    st.session_state[widget] = st.session_state.get(_state(key, name), default)
    return {"key": widget, "on_change": _keep, "args": (key, name), "kwargs": {"restart": restart}}


def paged_table(
    listing: Listing,
    key: str,
    empty: str,
    *,
    money_cols: Collection[str] = (),
    right: Collection[str] = (),
    wide: Collection[str] = (),
    max_rows: int = 15,
) -> None:
    """Draw ``listing`` (headers translated already) in the current container: ``empty``
    when it has no rows, a page of it with its controls when it is longer than a page."""
    frame = listing.frame
    if frame.empty:
        st.caption(empty)
        return
    heads = {c: c for c in frame.columns}
    if len(frame) <= LIST_PAGE:
        whole = listing.page()
        show_table(whole.rows, heads, money=money_cols, right=right, wide=wide, max_rows=max_rows)
        _totals(listing, whole)
        return
    columns = list(frame.columns)
    cols = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
    search = cols[0].text_input(t("list.search"), placeholder=t("list.search_hint"), **_control(key, "search", ""))
    sort_options = [LIST_ORDER, *range(len(columns))]
    if st.session_state.get(_state(key, "sort"), LIST_ORDER) not in sort_options:
        st.session_state[_state(key, "sort")] = LIST_ORDER  # a list that lost a column
    sort = select(
        cols[1],
        t("list.sort"),
        sort_options,
        format_func=lambda i: t("list.own_order") if i == LIST_ORDER else columns[i],
        **_control(key, "sort", LIST_ORDER),
    )
    descending = cols[2].toggle(t("list.descending"), **_control(key, "descending", False))
    wanted = int(st.session_state.get(_state(key, "page"), 0))
    page = listing.page(search, None if sort == LIST_ORDER else columns[sort], descending, wanted)
    st.session_state[_state(key, "page")] = page.page  # a page past the end is the last one
    cols[3].number_input(
        t("list.page", pages=f"{page.pages:,}"),
        min_value=1,
        max_value=page.pages,
        step=1,
        **_page_control(key, page.page),
    )
    if page.matched == 0:
        st.caption(t("list.none_found", text=plain(search.strip())))  # user text, escaped
        return
    show_table(page.rows, heads, money=money_cols, right=right, wide=wide, max_rows=max_rows)
    last = page.first + len(page.rows)
    of = "list.rows_of_found" if page.matched < page.total else "list.rows_of"
    st.caption(
        t(of, first=f"{page.first + 1:,}", last=f"{last:,}", n=f"{page.matched:,}", total=f"{page.total:,}")
        + " "
        + t("list.hint")
    )
    _totals(listing, page)


def _page_control(key: str, page: int) -> dict[str, Any]:
    """The page number (1-based on screen, 0-based in state), kept as the list's page."""
    widget = _widget(key, "page")
    st.session_state[widget] = page + 1
    return {"key": widget, "on_change": _keep_page, "args": (key,)}


def _keep_page(key: str) -> None:
    st.session_state[_state(key, "page")] = int(st.session_state[_widget(key, "page")]) - 1


def _totals(listing: Listing, page: Any) -> None:
    """The money columns' totals over every row the search keeps."""
    if not page.totals:
        return
    parts = [t("list.total_of", column=name, amount=money(amount)) for name, amount in page.totals.items()]
    st.caption(" · ".join(parts))
