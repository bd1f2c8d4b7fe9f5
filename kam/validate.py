"""Turn raw grid values into typed values and collect every problem of a save.

Pure: no SQL, no Streamlit. The grid editor calls :func:`validate_changes` with the
rows as loaded and the user's :class:`~kam.types.ChangeSet`; it gets back the typed
change set and a list of :class:`~kam.types.Problem` (empty when the save may go on).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import numbers
import re
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from kam.i18n import fmt_number
from kam.invariants import Entities, check_table, has_checks
from kam.types import JSCODE_MARKER, ChangeSet, ColumnSpec, Problem, RowKey, TableSpec

_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
# Thousands separators a number may be typed with: comma, full-width comma, spaces of any
# kind (a no-break or an ideographic one too), underscore.
_NUMBER_CLEAN = re.compile(r"[,\s_，]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋．", "0123456789-+.")
_LOG = logging.getLogger(__name__)

# Choice: the bounds every number column has besides its spec's own (the tighter wins), so
# that no value reaches SQLite or pandas that they cannot hold:
# - money: whole yuan below 10^15 (1,000 万亿, some 300 times the yearly revenue of the
#   largest company in China); below 2^53 too, so every amount is exact as a float64
#   (pandas sums, charts) and no page has to think about it;
# - int and rating: what SQLite's INTEGER holds (64-bit signed); specs bound them tighter
#   where the domain does (years, ratings, days, months);
# - number and rate (thresholds, factors): the money bound, within which a float64 is
#   still exact to the unit.
MAX_MONEY = 10**15 - 1
MAX_INTEGER = 2**63 - 1
MIN_INTEGER = -(2**63)
MAX_NUMBER = 10**15
_KIND_BOUNDS: dict[str, tuple[int, int]] = {
    "money": (-MAX_MONEY, MAX_MONEY),
    "int": (MIN_INTEGER, MAX_INTEGER),
    "rating": (MIN_INTEGER, MAX_INTEGER),
    "number": (-MAX_NUMBER, MAX_NUMBER),
    "rate": (-MAX_NUMBER, MAX_NUMBER),
}
_WHOLE = ("int", "money", "rating")
# A number typed with more digits than this is out of every bound; it is refused as such
# before Python builds it (a text of a million digits would take seconds).
_MAX_DIGITS = 30
# The reason a yes/no value gets in a column of another kind.
_BOOL_REASON = {
    "int": "v.not_integer",
    "money": "v.not_integer",
    "rating": "v.not_integer",
    "number": "v.not_number",
    "rate": "v.not_number",
    "date": "v.not_date",
}


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
    if isinstance(value, np.datetime64) and np.isnat(value):
        return True
    if isinstance(value, Decimal) and value.is_nan():  # a signaling NaN raises when compared
        return True
    return isinstance(value, str) and value.strip() == ""


def _is_scalar(value: Any) -> bool:
    """One value a cell may hold: no list, dict, set, bytes or object of another kind."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, np.generic):
        return isinstance(value, np.integer | np.floating | np.bool_ | np.str_ | np.datetime64)
    return isinstance(value, str | int | float | Decimal | dt.date)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool | np.bool_)


def shown(value: Any) -> str:
    """``value`` as a message may quote it: short, and printable (no lone surrogate)."""
    text = value if isinstance(value, str) else str(value) if _is_scalar(value) else type(value).__name__
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 60 else text[:59] + "…"


def _exact(value: Any, reason: str) -> int | float | Decimal:
    """A number exactly as given: an int stays an int, a text is read as a Decimal (never
    through a float, so 2^53 + 1 stays 2^53 + 1); ``reason`` when it is none."""
    if _is_bool(value) or isinstance(value, dt.date | np.datetime64):
        raise Invalid(reason, value=shown(value))
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise Invalid(reason, value=shown(value))
        return float(value)
    if isinstance(value, Decimal):
        out = value
    else:
        text = _NUMBER_CLEAN.sub("", str(value).translate(_FULL_WIDTH))
        try:
            out = Decimal(text)
        except (InvalidOperation, ValueError):
            raise Invalid(reason, value=shown(value)) from None
    if not out.is_finite():
        raise Invalid(reason, value=shown(value))
    return out


def _is_whole(number: int | float | Decimal) -> bool:
    if isinstance(number, Decimal):
        return number.adjusted() > _MAX_DIGITS or number == number.to_integral_value()
    return float(number).is_integer() if isinstance(number, float) else True


def _whole(value: Any) -> int:
    """A whole number, exactly ("1,234", "1 234", "1234.0", 1234.0), or :class:`Invalid`."""
    number = _exact(value, "v.not_integer")
    if not _is_whole(number) or (isinstance(number, Decimal) and number.adjusted() > _MAX_DIGITS):
        raise Invalid("v.not_integer", value=shown(value))
    return int(number)


# A date, or a date and midnight (what a grid or a spreadsheet may send for a date).
_DATE_TEXT = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.ASCII)


def _date(value: Any) -> str:
    """An ISO date: from a date, a datetime or Timestamp at midnight, or such a text.

    Choice: anything else is refused, a time of day too (a date column stores no time, and
    "2026-02-28T09:30" cut to its date would change what the user typed)."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):
        nanos = value.nanosecond if isinstance(value, pd.Timestamp) else 0
        if value.time() != dt.time(0) or nanos:
            raise Invalid("v.not_date", value=shown(value))
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str | np.str_):
        raise Invalid("v.not_date", value=shown(value))
    match = _DATE_TEXT.fullmatch(str(value).strip())
    try:
        if match is None:
            raise ValueError(value)
        return dt.date.fromisoformat(match[1]).isoformat()
    except ValueError:
        raise Invalid("v.not_date", value=shown(value)) from None


def _bool(value: Any) -> int:
    if _is_bool(value):
        return int(value)
    if isinstance(value, numbers.Real | Decimal) and value in (0, 1):
        return int(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    raise Invalid("v.not_bool", value=shown(value))


def bounds(col: ColumnSpec) -> tuple[float | None, float | None]:
    """The inclusive range a number column takes: its spec's, within its kind's."""
    low, high = _KIND_BOUNDS.get(col.kind, (None, None))
    if col.minimum is not None:
        low = col.minimum if low is None else max(low, col.minimum)
    if col.maximum is not None:
        high = col.maximum if high is None else min(high, col.maximum)
    return low, high


def convert(col: ColumnSpec, value: Any, fk_keys: Collection[Any] | None = None) -> Any:
    """The typed value of ``value`` for ``col``, or :class:`Invalid`.

    Money, integers and ratings are whole numbers, read exactly; rates are fractions 0-1;
    dates are ISO strings; booleans are 0/1; text is stripped and may not hold the JsCode
    marker. A list, dict or other non-scalar is refused everywhere, a yes/no value outside
    a bool column, a text with a lone surrogate (it cannot be stored as UTF-8) too; every
    number stays within :func:`bounds`.
    """
    if not _is_scalar(value):
        raise Invalid("v.not_scalar", value=shown(value))
    if isinstance(value, str) and not is_utf8(value):
        raise Invalid("v.bad_text")
    if is_missing(value):
        if col.required:
            raise Invalid("v.required")
        return None
    kind = col.kind
    if _is_bool(value) and kind != "bool":
        raise Invalid(_BOOL_REASON.get(kind, "v.bool_not_allowed"), value=shown(value))
    if kind == "rate" and isinstance(value, str) and value.strip().endswith(("%", "％")):
        # A rate is shown as a percentage ("25.0%"): typed that way it is the same fraction.
        value = _exact(value.strip()[:-1], "v.not_number") / 100
    if kind in _KIND_BOUNDS:
        number = _exact(value, "v.not_integer" if kind in _WHOLE else "v.not_number")
        if kind in _WHOLE and not _is_whole(number):
            raise Invalid("v.not_integer", value=shown(value))
        if kind == "rate" and not 0 <= number <= 1:
            raise Invalid("v.rate_range", value=shown(value))
        low, high = bounds(col)
        if low is not None and number < low:
            raise Invalid("v.below_min", min=fmt_number(low))
        if high is not None and number > high:
            raise Invalid("v.above_max", max=fmt_number(high))
        return int(number) if kind in _WHOLE else float(number)
    if kind == "date":
        return _date(value)
    if kind == "bool":
        return _bool(value)
    if kind == "enum":
        out = str(value).strip()
        if out not in col.choices:
            raise Invalid("v.not_choice", value=shown(value))
        return out
    if kind == "fk":
        return _fk(value, fk_keys)
    out = str(value).strip()
    if JSCODE_MARKER.lower() in out.lower():
        raise Invalid("v.jscode")
    return out


def is_utf8(text: str) -> bool:
    """Whether ``text`` can be stored (no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _fk(value: Any, keys: Collection[Any] | None) -> Any:
    """The key ``value`` names, as the referenced table holds it: the browser may send an
    integer key as text or as a float."""
    if isinstance(value, np.generic):
        value = value.item()
    if keys is None:
        return value
    for candidate in (_try_int(value), str(value).strip(), value):
        if candidate is not None and candidate in keys:
            return candidate
    raise Invalid("v.unknown_ref", value=shown(value))


def _try_int(value: Any) -> int | None:
    try:
        return _whole(value)
    except Invalid:
        return None


def _same_key(value: Any, key: RowKey) -> bool:
    """Whether an update's value of the primary key names the row itself (no change)."""
    if not _is_scalar(value) or _is_bool(value):
        return False
    if isinstance(key, int) and not isinstance(key, bool):
        return _try_int(value) == key
    return isinstance(value, str) and value.strip() == str(key)


def validate_changes(
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    fk_keys: Mapping[str, Collection[Any]] | None = None,
    *,
    entities: Entities | None = None,
) -> tuple[ChangeSet, list[Problem]]:
    """Type and check every changed cell, then the table's own invariants.

    :param loaded: the table's rows as loaded, indexed by primary key (the key also
      stays a column).
    :param fk_keys: for each ``fk`` column, the keys that exist.
    :param entities: what a table's invariants check beyond its rows, for the tables of
      :func:`kam.invariants.needs_entities` (targets: entity type -> ids).
    :returns: the typed change set and all problems (row key, column, reason).
    :raises kam.invariants.EntitiesNotGiven: the table needs ``entities`` and has none.
    """
    fk_keys = fk_keys or {}
    typed = ChangeSet(versions=dict(changes.versions), deletes=dict(changes.deletes))
    problems: list[Problem] = []
    editable = {c.name: c for c in spec.columns if c.editable and c.name != spec.pk}
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
        elif spec.pk in raw and not _same_key(raw[spec.pk], key):
            # A row's key is what others refer to it by: it is typed once, when the row is new.
            problems.append(Problem(key, spec.pk, "v.pk_change", (("value", shown(raw[spec.pk])),)))
        for name, value in raw.items():
            col = cols.get(name)
            if col is None:
                continue  # read-only and unknown columns are never written
            try:
                out[name] = convert(col, value, fk_keys.get(name))
            except Invalid as bad:
                problems.append(Problem(key, name, bad.reason, bad.params))
            except Exception:  # a value of a shape nobody foresaw: refused, never a crash
                _LOG.exception("%s row %r column %s: value not converted", spec.table, key, name)
                problems.append(Problem(key, name, "v.unreadable"))
        return out

    for key, raw in changes.updates.items():
        typed.updates[key] = typed_row(key, raw, inserting=False)
    for key, raw in changes.inserts.items():
        typed.inserts[key] = typed_row(key, raw, inserting=True)
        if spec.fixed_rows:
            problems.append(Problem(key, None, "grid.fixed_rows"))
    for key in changes.deletes:
        if key in spec.protected or spec.fixed_rows:
            problems.append(Problem(key, None, "grid.protected", (("row", key),)))

    problems.extend(_unique_problems(spec, loaded, typed))
    if has_checks(spec.table):
        # Only tables with invariants pay for a copy of the rows as they would be after.
        problems.extend(check_table(spec.table, apply_changes(spec, loaded, typed), entities=entities))
    return typed, problems


def apply_changes(spec: TableSpec, loaded: pd.DataFrame, changes: ChangeSet) -> pd.DataFrame:
    """The rows as they would be after the save (new rows keep their temporary keys)."""
    after = loaded.copy()
    for key, values in changes.updates.items():
        if key in after.index:
            for name, value in values.items():
                if name in after.columns:
                    if not _holds(after[name].dtype, value):
                        after[name] = after[name].astype(object)
                    after.at[key, name] = value
    if changes.inserts:
        new = pd.DataFrame(list(changes.inserts.values()), index=list(changes.inserts), columns=after.columns)
        after = pd.concat([after.astype(object), new.astype(object)], axis=0) if len(after) else new
    if changes.deletes:
        after = after.drop(index=[k for k in changes.deletes if k in after.index])
    return after


def _holds(dtype: Any, value: Any) -> bool:
    """Whether a column of ``dtype`` takes ``value`` as it is (pandas refuses, e.g., 1.5
    in an int64 column, and fails on an int beyond 64 bits)."""
    if isinstance(dtype, pd.StringDtype):
        return value is None or isinstance(value, str)
    if not isinstance(dtype, np.dtype):
        return False
    if dtype.kind in "iu":
        return isinstance(value, int) and not isinstance(value, bool) and MIN_INTEGER <= value <= MAX_INTEGER
    if dtype.kind == "f":
        return value is None or (isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 2**53)
    return dtype.kind == "O"


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
                problems.append(Problem(key, col.name, "v.duplicate", (("value", shown(value)),)))
    return problems
