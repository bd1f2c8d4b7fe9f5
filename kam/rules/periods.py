"""Window arithmetic shared by every rule (domain.md, "Conventions every rule follows").

A window of N months (or days) ending on the as-of date is the half-open range
(as_of - N, as_of]: a date exactly N months before as_of is outside, as_of itself
inside.
Month arithmetic is calendar arithmetic (``pd.DateOffset``): 2024-02-29 minus 12 months
is 2023-02-28.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd


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
