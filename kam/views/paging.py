"""A long read-only list a page at a time (issue 17): search, sort and totals over every row
done here, on the server, so the browser gets one page (100 rows, not 25,000) and what a
person sorts or searches still covers the whole list."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

LIST_PAGE = 100  # rows of a long list sent at a time


@dataclass(frozen=True)
class ListPage:
    """One page of a list: ``rows`` (the page, in order), the page's number (0-based) of
    ``pages``, where it starts among the ``matched`` rows (of ``total``), and ``totals``
    (column -> sum over every matched row)."""

    rows: pd.DataFrame
    page: int
    pages: int
    first: int
    matched: int
    total: int
    totals: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """A long list as a page model holds it: every row in the list's own order, headers
    translated; ``keys`` (header -> values row for row) sort and total the columns shown as
    text (a money figure "12.3 万" by its yuan, a tier by its rank, higher tiers larger);
    ``totals``: the money columns summed over every row the search keeps; ``formats``:
    column -> how one of its values is shown, for columns held as numbers."""

    frame: pd.DataFrame
    keys: Mapping[str, np.ndarray] = field(default_factory=dict)
    totals: tuple[str, ...] = ()
    formats: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)

    def page(self, search: str = "", sort: str | None = None, descending: bool = False, page: int = 0) -> ListPage:
        """One page, its ``formats`` applied (a money column held as yuan shown "12.3 万":
        formatted for the rows shown only, sorted and totalled as numbers)."""
        got = page_of(
            self.frame, search=search, sort=sort, descending=descending, page=page, keys=self.keys, totals=self.totals
        )
        if not self.formats or got.rows.empty:
            return got
        rows = got.rows.copy()
        for name, fmt in self.formats.items():
            if name in rows.columns:
                rows[name] = [fmt(v) for v in rows[name]]
        return dataclasses.replace(got, rows=rows)


def ranks(codes: pd.Series, order: Sequence[str]) -> np.ndarray:
    """Sort keys of codes shown as labels: ``order`` lists them highest first (a tier list),
    so the highest code gets the largest key; an unknown code sorts last (NaN)."""
    rank = {c: float(len(order) - i) for i, c in enumerate(order)}
    return codes.map(rank).to_numpy(dtype=float)


def search_mask(frame: pd.DataFrame, text: str) -> np.ndarray:
    """Rows with ``text`` in any of their text cells (case-insensitive, a plain substring,
    never a pattern); every row for an empty text. Numbers are sorted, not searched: "12"
    finding every amount with a 12 in it would hide what a person looks for."""
    text = text.strip()
    if not text:
        return np.ones(len(frame), dtype=bool)
    hit = np.zeros(len(frame), dtype=bool)
    for name in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[name]) or pd.api.types.is_datetime64_any_dtype(frame[name]):
            continue
        values = frame[name].astype("string").fillna("")
        hit |= values.str.contains(text, case=False, regex=False).to_numpy(dtype=bool)
    return hit


def page_of(
    frame: pd.DataFrame,
    *,
    search: str = "",
    sort: str | None = None,
    descending: bool = False,
    page: int = 0,
    size: int = LIST_PAGE,
    keys: Mapping[str, Sequence[float] | np.ndarray | pd.Series] | None = None,
    totals: Sequence[str] = (),
) -> ListPage:
    """The ``page``-th page of ``frame`` (clamped to the last) after the search and the sort.

    :param sort: a column of ``frame``; None keeps the list's own order. The sort is stable
      (ties keep the list's order) and missing values go last either way.
    :param keys: per column, the values it sorts and totals by, row for row with ``frame``
      (a money column shown as text, "12.3 万", sorts by its yuan); other columns by their cells.
    :param totals: columns summed over every matched row (by ``keys`` where given).
    """
    keys = dict(keys or {})
    mask = search_mask(frame, search)
    view = frame[mask]

    def values(column: str) -> pd.Series:
        if column in keys:
            return pd.Series(np.asarray(keys[column])[mask], index=view.index)
        return view[column]

    if sort is not None and sort in frame.columns and len(view):
        by = values(sort).reset_index(drop=True)  # positions: a list's index may repeat
        order = by.sort_values(ascending=not descending, kind="stable", na_position="last").index
        view = view.iloc[order.to_numpy()]
    pages = max(1, -(-len(view) // size))
    page = min(max(0, int(page)), pages - 1)
    first = page * size
    sums = {c: float(pd.to_numeric(values(c), errors="coerce").sum()) for c in totals if c in frame.columns}
    return ListPage(view.iloc[first : first + size], page, pages, first, len(view), len(frame), sums)
