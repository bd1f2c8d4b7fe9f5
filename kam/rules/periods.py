"""Window arithmetic shared by every rule (domain.md, "Conventions every rule follows").

A window of N months (or days) ending on the as-of date is the half-open range
(as_of - N, as_of]: a date exactly N months before as_of is outside, as_of itself
inside.
Month arithmetic is calendar arithmetic (``pd.DateOffset``): 2024-02-29 minus 12 months
is 2023-02-28.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

# Period labels (R6 targets): a year ``2026``, a quarter ``2026-Q4``, a month ``2026-10``.
_PERIOD_RE = r"^(?P<year>[0-9]{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$"
# An ISO week ``2026-W27`` (Monday to Sunday; the honor rolls' General camp points, R10).
_WEEK_RE = r"^(?P<year>[0-9]{4})-W(?P<week>0[1-9]|[1-4][0-9]|5[0-3])$"
PERIOD_KINDS = ("week", "month", "quarter", "year")


def to_dates(dates: pd.Series) -> pd.Series:
    """ISO ``YYYY-MM-DD`` strings (or dates, or None) as datetime64 at midnight.

    Missing or unparseable values become ``NaT`` (outside every window).
    """
    if pd.api.types.is_datetime64_any_dtype(dates):
        out = dates
    else:
        out = pd.to_datetime(dates, format="ISO8601", errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.dt.normalize()


def window_start(as_of: dt.date, months: int) -> pd.Timestamp:
    """The excluded lower end of a window of ``months`` months ending on as_of."""
    return pd.Timestamp(as_of) - pd.DateOffset(months=int(months))


def window_mask(dates: pd.Series, as_of: dt.date, months: int) -> pd.Series:
    """True where the date lies in (as_of - months, as_of]; False for missing dates."""
    d = to_dates(dates)
    end = pd.Timestamp(as_of)
    return ((d > window_start(as_of, months)) & (d <= end)).fillna(False).astype(bool)


def day_window_mask(dates: pd.Series, as_of: dt.date, days: int) -> pd.Series:
    """True where the date lies in (as_of - days, as_of]; False for missing dates."""
    d = to_dates(dates)
    end = pd.Timestamp(as_of)
    start = end - pd.Timedelta(days=int(days))
    return ((d > start) & (d <= end)).fillna(False).astype(bool)


def range_mask(dates: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    """True where start <= date <= end (both included, as in a calendar month)."""
    d = to_dates(dates)
    return ((d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))).fillna(False).astype(bool)


def whole_years(start: pd.Series, as_of: dt.date) -> pd.Series:
    """Whole years from each start date to as_of by calendar anniversary.

    NaN where the start date is missing.

    Joined 2025-06-30: 0 years on 2026-06-29, 1 year on 2026-06-30. A 29 February start
    has its anniversary on 1 March in common years.
    """
    d = to_dates(start)
    years = as_of.year - d.dt.year
    before_anniversary = (d.dt.month > as_of.month) | ((d.dt.month == as_of.month) & (d.dt.day > as_of.day))
    return (years - before_anniversary.astype("float64")).astype("float64")


# -- period labels -----------------------------------------------------------------------


class PeriodError(ValueError):
    """A period label that is not ``YYYY``, ``YYYY-Qn``, ``YYYY-MM`` (or ``YYYY-Www``)."""

    def __init__(self, period: object) -> None:
        self.period = period
        super().__init__(f"period {period!r}: expected a year (2026), a quarter (2026-Q4) or a month (2026-10)")


_PERIOD = re.compile(_PERIOD_RE)
_UNIT = "datetime64[us]"  # as pandas assembles dates from their parts (years 0 to 9999)
_NOT_A_PERIOD = (None, np.nan, np.datetime64("NaT", "us"), np.datetime64("NaT", "us"))


def _parse_one(label: str) -> tuple[str | None, float, np.datetime64, np.datetime64]:
    """(kind, year, first day, last day) of one label; :data:`_NOT_A_PERIOD` when not one."""
    m = _PERIOD.match(label)
    if m is None:
        return _NOT_A_PERIOD
    year, quarter, month = int(m["year"]), m["quarter"], m["month"]
    if quarter:
        kind, first_month, n_months = "quarter", (int(quarter) - 1) * 3 + 1, 3
    elif month:
        kind, first_month, n_months = "month", int(month), 1
    else:
        kind, first_month, n_months = "year", 1, 12
    start = np.datetime64(f"{year:04d}-{first_month:02d}", "M")
    first = start.astype("datetime64[D]").astype(_UNIT)
    last = ((start + n_months).astype("datetime64[D]") - 1).astype(_UNIT)
    return kind, float(year), first, last


def parse_periods(period: pd.Series) -> pd.DataFrame:
    """``kind``, ``year``, ``first`` and ``last`` day of each period label.

    Labels that are not periods get ``kind`` NA and ``NaT`` bounds. Each distinct label is
    parsed once (a table of targets holds a few dozen labels over thousands of rows).
    """
    s = pd.Series(period).astype("string")
    codes, labels = pd.factorize(s)
    # The last entry answers code -1 (a missing label).
    parsed = [_parse_one(str(label)) for label in labels] + [_NOT_A_PERIOD]
    kind, year, first, last = (np.array(column)[codes] for column in zip(*parsed, strict=True))
    return pd.DataFrame(
        {
            "kind": pd.Series(kind, index=s.index, dtype="string"),
            "year": pd.Series(year.astype("float64"), index=s.index).astype("Int64"),
            "first": pd.Series(first.astype(_UNIT), index=s.index),
            "last": pd.Series(last.astype(_UNIT), index=s.index),
        },
        index=s.index,
    )


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period (a year, quarter, month or ISO week), both included.

    :raises PeriodError: when the label is not a period (or names week 53 of a year
      that has 52).
    """
    w = re.match(_WEEK_RE, str(period))
    if w is not None:
        try:
            first = dt.date.fromisocalendar(int(w["year"]), int(w["week"]), 1)
        except ValueError:
            raise PeriodError(period) from None
        return first, first + dt.timedelta(days=6)
    m = re.match(_PERIOD_RE, str(period))
    if m is None:
        raise PeriodError(period)
    year = int(m["year"])
    if m["quarter"]:
        first_month, months = (int(m["quarter"]) - 1) * 3 + 1, 3
    elif m["month"]:
        first_month, months = int(m["month"]), 1
    else:
        first_month, months = 1, 12
    after = first_month - 1 + months
    nxt = dt.date(year + after // 12, after % 12 + 1, 1)
    return dt.date(year, first_month, 1), nxt - dt.timedelta(days=1)


def period_kind(period: str) -> str:
    """``week``, ``month``, ``quarter`` or ``year``.

    :raises PeriodError: when the label is not a period."""
    first, last = period_bounds(period)
    if re.match(_WEEK_RE, str(period)):
        return "week"
    return "year" if (first.month, last.month) == (1, 12) else "month" if first.month == last.month else "quarter"


def period_of(kind: str, day: dt.date) -> str:
    """The label of the ``kind`` period (year, quarter, month, ISO week) that holds ``day``."""
    if kind == "year":
        return str(day.year)
    if kind == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def previous_period(period: str) -> str:
    """The period of the same kind just before ``period`` (2026-Q1 -> 2025-Q4).

    :raises PeriodError: when the label is not a period."""
    first, _ = period_bounds(period)
    return period_of(period_kind(period), first - dt.timedelta(days=1))


def periods_between(kind: str, first: dt.date, last: dt.date) -> list[str]:
    """The labels of the ``kind`` periods that overlap ``first`` .. ``last``, oldest first."""
    out: list[str] = []
    day = first
    while day <= last:
        label = period_of(kind, day)
        out.append(label)
        day = period_bounds(label)[1] + dt.timedelta(days=1)
    return out


def elapsed_shares(first: pd.Series, last: pd.Series, as_of: dt.date) -> pd.Series:
    """Vectorised elapsed share: (as_of - first + 1 day) / days in period, in 0..1."""
    ts = pd.Timestamp(as_of)
    days = (ts - first).dt.days + 1
    total = (last - first).dt.days + 1
    return (days / total).clip(lower=0.0, upper=1.0).astype("float64")


def elapsed_share(period: str, as_of: dt.date) -> float:
    """Days from the period's first day to ``as_of``, both included, / days in the
    period, clamped to 0..1 (0 before the period, 1 after it).

    :raises PeriodError: when the label is not a period.
    """
    first, last = period_bounds(period)
    days = (as_of - first).days + 1
    total = (last - first).days + 1
    return float(min(1.0, max(0.0, days / total)))
