"""R9 camps (domain.md: enrolments have start, end, status), worked out by hand: in a camp
at as_of means enrolled, started on or before as_of and not ended before it (the end day
itself still counts); entered and completed count the quarter's first and last days; each
person is counted once per camp; camps come in path order, every camp of r9_camps listed."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kam.rules.camps import PIPELINE_COLUMNS, camp_pipeline, in_camp
from tests.rules.frames import AS_OF

Q_FIRST, Q_LAST = dt.date(2026, 4, 1), dt.date(2026, 6, 30)  # AS_OF is the quarter's last day


def _enrolments(*rows: tuple) -> pd.DataFrame:
    """Rows of (person_id, camp_code, start_date, end_date, status) as read_frame reads them."""
    return pd.DataFrame(rows, columns=["person_id", "camp_code", "start_date", "end_date", "status"])


def _row(rules, enrolments: pd.DataFrame, camp: str = "planet", as_of: dt.date = AS_OF) -> dict:
    got = camp_pipeline(enrolments, rules, as_of, Q_FIRST, Q_LAST).set_index("camp_code")
    return got.loc[camp, ["in_camp", "entered", "completed"]].to_dict()


def _day(days: int) -> str:
    return (AS_OF + dt.timedelta(days=days)).isoformat()


def test_r9_camps_every_camp_in_path_order_with_zeros(rules):
    got = camp_pipeline(_enrolments(), rules, AS_OF, Q_FIRST, Q_LAST)
    camps = rules["r9_camps"].sort_values("camp_order")
    assert list(got.columns) == PIPELINE_COLUMNS
    assert list(got["camp_code"]) == list(camps["code"])
    assert got[["in_camp", "entered", "completed"]].to_numpy().sum() == 0


def test_r9_camps_in_camp_from_the_start_day_on(rules):
    assert _row(rules, _enrolments((1, "planet", _day(1), None, "enrolled")))["in_camp"] == 0  # starts tomorrow
    assert _row(rules, _enrolments((1, "planet", _day(0), None, "enrolled")))["in_camp"] == 1  # starts today
    assert _row(rules, _enrolments((1, "planet", _day(-1), None, "enrolled")))["in_camp"] == 1


def test_r9_camps_in_camp_up_to_and_on_the_end_day(rules):
    assert _row(rules, _enrolments((1, "planet", "2026-01-01", _day(-1), "enrolled")))["in_camp"] == 0  # ended
    assert _row(rules, _enrolments((1, "planet", "2026-01-01", _day(0), "enrolled")))["in_camp"] == 1  # ends today
    assert _row(rules, _enrolments((1, "planet", "2026-01-01", _day(1), "enrolled")))["in_camp"] == 1


def test_r9_camps_only_an_enrolled_status_is_in_a_camp(rules):
    for status in ("completed", "dropped", None):
        assert _row(rules, _enrolments((1, "planet", "2026-01-01", None, status)))["in_camp"] == 0, status
    assert in_camp(_enrolments((1, "planet", "2026-01-01", None, "enrolled")), AS_OF).tolist() == [True]


def test_r9_camps_entered_on_the_quarters_first_and_last_days(rules):
    def entered(day: dt.date) -> int:
        return _row(rules, _enrolments((1, "planet", day.isoformat(), None, "enrolled")))["entered"]

    assert entered(Q_FIRST - dt.timedelta(days=1)) == 0
    assert entered(Q_FIRST) == 1
    assert entered(Q_LAST) == 1
    assert entered(Q_LAST + dt.timedelta(days=1)) == 0


def test_r9_camps_completed_needs_the_status_and_an_end_in_the_quarter(rules):
    def completed(day: dt.date, status: str = "completed") -> int:
        return _row(rules, _enrolments((1, "planet", "2025-01-01", day.isoformat(), status)))["completed"]

    assert completed(Q_FIRST - dt.timedelta(days=1)) == 0
    assert completed(Q_FIRST) == 1
    assert completed(Q_LAST) == 1
    assert completed(Q_LAST + dt.timedelta(days=1)) == 0
    assert completed(Q_FIRST, "dropped") == 0  # ended in the quarter without completing


def test_r9_camps_people_counted_once_per_camp(rules):
    twice = _enrolments(
        (1, "planet", "2026-04-01", None, "enrolled"),
        (1, "planet", "2026-05-01", None, "enrolled"),
        (2, "planet", "2026-05-01", None, "enrolled"),
        (1, "crown", "2026-05-01", None, "enrolled"),
    )
    assert _row(rules, twice) == {"in_camp": 2, "entered": 2, "completed": 0}
    assert _row(rules, twice, "crown") == {"in_camp": 1, "entered": 1, "completed": 0}


def test_r9_camps_rows_without_a_person_a_camp_or_a_date_count_nowhere(rules):
    odd = _enrolments(
        (None, "planet", "2026-05-01", None, "enrolled"),
        (3, None, "2026-05-01", None, "enrolled"),
        (4, "planet", None, None, "enrolled"),
        (5, "planet", "not a date", None, "enrolled"),
        (6, "unknown_camp", "2026-05-01", None, "enrolled"),
    )
    got = camp_pipeline(odd, rules, AS_OF, Q_FIRST, Q_LAST)
    assert got[["in_camp", "entered", "completed"]].to_numpy().sum() == 0
    assert "unknown_camp" not in set(got["camp_code"])
