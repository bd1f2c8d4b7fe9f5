"""The one filter bar: (year,) branch, team, owner, as-of, in that order on every page.

The choices outlive a page switch (session-state keys no widget owns, as the language in
:mod:`kam.ui.page`), so a manager who picks a branch on one page finds it on the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import streamlit as st

from kam.ui.common import lang, select, t
from kam.views.filters import FilterOptions

ALL = 0  # "all" in the branch / team / owner pickers (ids start at 1)
_STATE = "_kam_filter_"


@dataclass(frozen=True)
class Filters:
    """What the bar selected; None means all."""

    branch: int | None
    team: int | None
    owner: int | None
    as_of: dt.date
    year: int | None = None


def _pick(name: str, widget: str) -> None:
    st.session_state[_STATE + name] = st.session_state[widget]


def _select(col: Any, name: str, options: dict[int, str], label: str | None = None) -> int | None:
    """A picker whose choice is kept across pages; a choice no longer offered (another
    branch picked) falls back to all."""
    choices = [ALL, *options]
    value = st.session_state.get(_STATE + name, ALL)
    if value not in choices:
        value = ALL
    st.session_state[_STATE + name] = value
    key = f"_w_filter_{name}_{lang()}"  # a key per language: the labels are translated
    st.session_state[key] = value
    select(
        col,
        label or t(f"filter.{name}"),
        choices,
        key=key,
        format_func=lambda v: t("filter.all") if v == ALL else options[v],
        on_change=_pick,
        args=(name, key),
    )
    return None if value == ALL else value


def filter_bar(
    options: FilterOptions,
    today: dt.date,
    *,
    owner: bool = True,
    years: list[int] | None = None,
    owner_label: str | None = None,
) -> Filters:
    """Draw the bar and return what it selects.

    :param today: the day the as-of date defaults to (or the last day with orders).
    :param owner: offer the owner picker (pages whose figures go down to one person).
    :param years: offer a year picker first, with these years (default: the as-of year).
    :param owner_label: the owner picker's label where it picks a person, not an owner.
    """
    widths = ([1] if years is not None else []) + [1, 1] + ([1] if owner else []) + [1]
    cols = iter(st.columns(widths))
    year_col = next(cols) if years is not None else None
    branch = _select(next(cols), "branch", options.branches)
    team = _select(next(cols), "team", options.teams(branch))
    person = _select(next(cols), "owner", options.owners_of(branch, team), owner_label) if owner else None
    default = options.default_as_of(today)
    key = f"_w_filter_as_of_{lang()}"
    st.session_state[key] = st.session_state.get(_STATE + "as_of", default)
    as_of = next(cols).date_input(t("filter.as_of"), key=key, on_change=_pick, args=("as_of", key))
    year = None
    if year_col is not None:
        choices = sorted({*years, as_of.year}, reverse=True)
        ykey = f"_w_filter_year_{lang()}"
        chosen = st.session_state.get(_STATE + "year", as_of.year)
        st.session_state[ykey] = chosen if chosen in choices else as_of.year
        year = select(year_col, t("filter.year"), choices, key=ykey, on_change=_pick, args=("year", ykey))
    if as_of == default and options.stops_early(today):
        st.caption(t("filter.as_of_stops", date=default.isoformat()))
    return Filters(branch, team, person, as_of, year)


def as_of_note(options: FilterOptions, today: dt.date) -> dt.date:
    """For a page that shows figures without the filter bar: the as-of date picked on
    another page, else the default, saying so when the data stops before today."""
    picked = st.session_state.get(_STATE + "as_of")
    if picked is not None:
        return picked
    default = options.default_as_of(today)
    if options.stops_early(today):
        st.caption(t("filter.as_of_stops", date=default.isoformat()))
    return default
