"""Turn raw grid values into typed values and collect every problem of a save.

Pure: no SQL, no Streamlit. The grid editor calls :func:`validate_changes` with the
rows as loaded and the user's :class:`~kam.types.ChangeSet`; it gets back the typed
change set and a list of :class:`~kam.types.Problem` (empty when the save may go on).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from kam.invariants import check_table, has_checks
from kam.types import JSCODE_MARKER, ChangeSet, ColumnSpec, Problem, RowKey, TableSpec

_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
_NUMBER_CLEAN = re.compile(r"[,\s_，]")


class Invalid(ValueError):
    """A raw value that does not fit its column: ``reason`` is a translation key."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = tuple(params.items())


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, str) and value.strip() == ""


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise Invalid("v.not_number", value=value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid("v.not_number", value=value)
        return float(value)
    text = _NUMBER_CLEAN.sub("", str(value))
    try:
        out = float(text)
    except ValueError:
        raise Invalid("v.not_number", value=value) from None
    if not math.isfinite(out):
        raise Invalid("v.not_number", value=value)
    return out


def _integer(value: Any) -> int:
    try:
        number = _number(value)
    except Invalid:
        raise Invalid("v.not_integer", value=value) from None
    if number != int(number):
        raise Invalid("v.not_integer", value=value)
    return int(number)


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise Invalid("v.not_date", value=value) from None


def _bool(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float) and value in (0, 1):
        return int(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    raise Invalid("v.not_bool", value=value)


def convert(col: ColumnSpec, value: Any, fk_keys: Collection[Any] | None = None) -> Any:
    """The typed value of ``value`` for ``col``, or :class:`Invalid`.

    Money, integers and ratings are whole numbers; rates are fractions 0-1; dates are
    ISO strings; booleans are 0/1; text is stripped and may not hold the JsCode marker.
    """
    if is_missing(value):
        if col.required:
            raise Invalid("v.required")
        return None
    kind = col.kind
    if kind in ("int", "money", "rating"):
        out: Any = _integer(value)
    elif kind == "number":
        out = _number(value)
    elif kind == "rate":
        out = _number(value)
        if not 0 <= out <= 1:
            raise Invalid("v.rate_range", value=value)
    elif kind == "date":
        out = _date(value)
    elif kind == "bool":
        out = _bool(value)
    elif kind == "enum":
        out = str(value).strip()
        if out not in col.choices:
            raise Invalid("v.not_choice", value=value)
    elif kind == "fk":
        out = _fk(value, fk_keys)
    else:
        out = str(value).strip()
        if JSCODE_MARKER.lower() in out.lower():
            raise Invalid("v.jscode")
    if isinstance(out, int | float) and not isinstance(out, bool):
        if col.minimum is not None and out < col.minimum:
            raise Invalid("v.below_min", min=_plain(col.minimum))
        if col.maximum is not None and out > col.maximum:
            raise Invalid("v.above_max", max=_plain(col.maximum))
    return out


def _fk(value: Any, keys: Collection[Any] | None) -> Any:
    if keys is None:
        return value
    if value in keys:
        return value
    # The browser may send an integer key as text or as a float.
    for candidate in (_try_int(value), str(value).strip()):
        if candidate is not None and candidate in keys:
            return candidate
    raise Invalid("v.unknown_ref", value=value)


def _try_int(value: Any) -> int | None:
    try:
        return _integer(value)
    except Invalid:
        return None


def _plain(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def validate_changes(
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    fk_keys: Mapping[str, Collection[Any]] | None = None,
) -> tuple[ChangeSet, list[Problem]]:
    """Type and check every changed cell, then the table's own invariants.

    :param loaded: the table's rows as loaded, indexed by primary key (the key also
      stays a column).
    :param fk_keys: for each ``fk`` column, the keys that exist.
    :returns: the typed change set and all problems (row key, column, reason).
    """
    fk_keys = fk_keys or {}
    typed = ChangeSet(versions=dict(changes.versions), deletes=dict(changes.deletes))
    problems: list[Problem] = []
    editable = {c.name: c for c in spec.columns if c.editable}
    pk_col = next((c for c in spec.columns if c.name == spec.pk), None)

    def typed_row(key: RowKey, raw: Mapping[str, Any], inserting: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        cols = dict(editable)
        if inserting:
            # Every required column must be filled on a new row, and a typed code too.
            if pk_col is not None and not spec.pk_is_generated:
                cols[spec.pk] = pk_col
            for name, col in cols.items():
                if name not in raw and col.required:
                    problems.append(Problem(key, name, "v.required"))
        for name, value in raw.items():
            col = cols.get(name)
            if col is None:
                continue  # read-only and unknown columns are never written
            try:
                out[name] = convert(col, value, fk_keys.get(name))
            except Invalid as bad:
                problems.append(Problem(key, name, bad.reason, bad.params))
        return out

    for key, raw in changes.updates.items():
        typed.updates[key] = typed_row(key, raw, inserting=False)
    for key, raw in changes.inserts.items():
        typed.inserts[key] = typed_row(key, raw, inserting=True)
    for key in changes.deletes:
        if key in spec.protected or spec.fixed_rows:
            problems.append(Problem(key, None, "grid.protected", (("row", key),)))

    problems.extend(_unique_problems(spec, loaded, typed))
    if has_checks(spec.table):
        # Only tables with invariants pay for a copy of the rows as they would be after.
        problems.extend(check_table(spec.table, apply_changes(spec, loaded, typed)))
    return typed, problems


def apply_changes(spec: TableSpec, loaded: pd.DataFrame, changes: ChangeSet) -> pd.DataFrame:
    """The rows as they would be after the save (new rows keep their temporary keys)."""
    after = loaded.copy()
    for key, values in changes.updates.items():
        if key in after.index:
            for name, value in values.items():
                if name in after.columns:
                    if after[name].dtype.kind in "iub" and value is None:
                        after[name] = after[name].astype(object)
                    after.at[key, name] = value
    if changes.inserts:
        new = pd.DataFrame.from_dict(changes.inserts, orient="index")
        after = pd.concat([after, new.reindex(columns=after.columns)], axis=0) if len(after) else new
    if changes.deletes:
        after = after.drop(index=[k for k in changes.deletes if k in after.index])
    return after


def _unique_problems(spec: TableSpec, loaded: pd.DataFrame, changes: ChangeSet) -> list[Problem]:
    """Unique columns: a new or changed value may not repeat another row's value."""
    problems = []
    for col in spec.columns:
        if not col.unique:
            continue
        new = {
            k: v[col.name]
            for k, v in (*changes.updates.items(), *changes.inserts.items())
            if col.name in v and v[col.name] is not None
        }
        if not new:
            continue
        untouched = loaded.index.difference(list(new) + list(changes.deletes), sort=False)
        taken = set(loaded.loc[untouched, col.name].dropna()) if col.name in loaded.columns else set()
        values = list(new.values())
        for key, value in new.items():
            if value in taken or values.count(value) > 1:
                problems.append(Problem(key, col.name, "v.duplicate", (("value", value),)))
    return problems
