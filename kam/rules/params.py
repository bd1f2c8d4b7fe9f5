"""Reading rules tables: scalar parameters, 9-decimal rounding, and the input error.

Every comparison of a computed value with a threshold goes through :func:`rounded`
(domain.md, "Rounding"): 9 decimal places, only to remove floating-point noise.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

DECIMALS = 9

Rules = Mapping[str, pd.DataFrame]
T = TypeVar("T", pd.Series, pd.DataFrame, float, int, np.ndarray)
P = TypeVar("P")


class KeptRules(Mapping[str, pd.DataFrame]):
    """The rules tables as one state of them was read, shared read-only by every page run
    until the rules change (:func:`kam.views.ruleset.current_rules`); what the rules parse
    of them (:func:`parsed`) is kept with them. A rule called with a plain dict (a test, a
    preview of an edit) parses every time, so an edited frame is never judged by a stale
    parse; nothing here may be edited in place (an item cannot be set)."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self._tables = dict(tables)
        self._parsed: dict[tuple, Any] = {}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def parsed(self, make: Callable[..., P], *args: Any) -> P:
        key = (make, args)  # the function itself: a reloaded module's new code parses again
        with self._lock:
            if key in self._parsed:
                return self._parsed[key]
        value = make(self, *args)  # a RuleInputError is raised again next time: not kept
        with self._lock:
            return self._parsed.setdefault(key, value)


def parsed(rules: Rules, make: Callable[..., P], *args: Any) -> P:
    """``make(rules, *args)``: a rule's parse of its tables (frozen dataclasses of tuples,
    never edited), kept with ``rules`` when they are :class:`KeptRules` (a page run parsed
    the same tables a dozen times: some 15 ms of scoring one customer, issue 17)."""
    if isinstance(rules, KeptRules):
        return rules.parsed(make, *args)
    return make(rules, *args)


class RuleInputError(ValueError):
    """A rules table lacks a row or holds a value the rules cannot use.

    :param table: rules table name; ``row_id``: its key; ``column``: the bad column.
    """

    def __init__(self, table: str, row_id: Any, column: str | None, message: str) -> None:
        self.table, self.row_id, self.column, self.message = (
            table,
            row_id,
            column,
            message,
        )
        super().__init__(f"{table}[{row_id}].{column}: {message}")


def rounded(x: T) -> T:
    """``x`` rounded to 9 decimals (Series, DataFrame, array, scalar; NaN stays)."""
    if isinstance(x, (pd.Series, pd.DataFrame)):
        return x.astype("float64").round(DECIMALS)
    if x is None:
        return x
    return np.round(np.asarray(x, dtype="float64"), DECIMALS)[()]


def table(rules: Rules, name: str) -> pd.DataFrame:
    """The rules table ``name``.

    :raises RuleInputError: when the table is missing.
    """
    try:
        return rules[name]
    except KeyError:
        raise RuleInputError(name, None, None, "rules table missing") from None


def param(rules: Rules, code: str) -> float:
    """The ``value`` of row ``code`` in ``rule_params``.

    :raises RuleInputError: when the row is missing or its value is empty.
    """
    t = table(rules, "rule_params")
    # By position: a boolean mask and .loc on a small frame cost 0.6 ms, and a page run
    # reads some twenty parameters (the first row of a code, as before; a missing code: none).
    hit = np.flatnonzero(t["code"].to_numpy(dtype=object, na_value=None) == code) if "code" in t else []
    value = t["value"].iloc[hit[0]] if len(hit) else None
    if value is None or pd.isna(value):
        raise RuleInputError("rule_params", code, "value", "parameter missing")
    return float(value)


def int_param(rules: Rules, code: str) -> int:
    """:func:`param` as a whole number (window lengths, counts)."""
    return int(round(param(rules, code)))


def ids(values: pd.Series) -> pd.Series:
    """Row ids as nullable integers (``Int64``; None and non-numbers become NA)."""
    if isinstance(values, pd.Series):  # ids already whole numbers: no parse (rules call this a lot)
        if isinstance(values.dtype, pd.Int64Dtype):
            return values.copy(deep=False)
        if values.dtype == np.int64:
            return values.astype("Int64")
    return pd.to_numeric(values, errors="coerce").astype("Int64")


def lookup(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """``mapping[key]`` for each key, on the keys' index (NA where absent or NA)."""
    m = mapping if mapping.index.is_unique else mapping[~mapping.index.duplicated(keep="last")]
    return pd.Series(m.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def numbers(values: pd.Series | Any) -> pd.Series:
    """``values`` as float64 (None and non-numbers become NaN)."""
    if isinstance(values, pd.Series) and values.dtype == np.float64:
        return values.copy(deep=False)  # already numbers (pandas copies on write: the caller's stays)
    return pd.to_numeric(pd.Series(values), errors="coerce").astype("float64")


def with_columns(frame: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with every column of ``columns`` (absent ones added as missing).

    Lets a rule accept an empty frame without columns, or a frame holding only the
    columns it reads.
    """
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return frame
    return frame.assign(**{c: pd.Series(None, index=frame.index, dtype="object") for c in missing})


def highest_level(
    values: pd.Series,
    codes: list[str] | tuple[str, ...],
    minimums: list[float] | tuple[float, ...],
    default: str | None = None,
) -> pd.Series:
    """For each value, the last code in ``codes`` whose minimum it meets (``>=``).

    ``codes`` go from the lowest level to the highest; a later code wins when several
    minimums are met. The value is rounded to 9 decimals before comparing. A value
    that meets no minimum (or is missing) gets ``default``.
    """
    v = rounded(numbers(values)).to_numpy()
    out = np.full(len(v), default, dtype=object)
    for code, minimum in zip(codes, minimums, strict=True):
        out[v >= float(minimum)] = code
    return pd.Series(out, index=values.index, dtype=object)
