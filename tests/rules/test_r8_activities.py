"""R8 weekly meeting compliance and process money (issue 13): ISO weeks, face-to-face only,
the target at its boundary, pace within the week."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.rules.activities import iso_week, process_money, weekly_compliance
from tests.rules.frames import meetings, people

WED = dt.date(2026, 12, 2)  # a Wednesday: week 2026-W49 runs 11-30 to 12-06


def week_of(rules, rows, as_of=WED, weeks=1, staff=None):
    staff = staff if staff is not None else people({"id": 1, "join_date": "2020-01-01"})
    return weekly_compliance(meetings(*rows), staff, rules, as_of, weeks)


def visits(n: int, day: str = "2026-11-30", kind: str = "face_to_face", person: int = 1) -> list[dict]:
    return [{"person_id": person, "meeting_date": day, "activity_type": kind} for _ in range(n)]


@pytest.mark.parametrize(
    ("day", "label"),
    [("2026-12-28", "2026-W53"), ("2027-01-01", "2026-W53"), ("2027-01-03", "2026-W53"), ("2027-01-04", "2027-W01")],
)
def test_iso_week_edges_2026_has_a_week_53(day, label) -> None:
    assert iso_week(pd.Series([day])).iloc[0] == label


@pytest.mark.parametrize(("n", "met"), [(2, False), (3, True), (4, True)])
def test_a_week_is_met_at_the_target_of_face_to_face_meetings(rules, n, met) -> None:
    row = week_of(rules, visits(n), as_of=dt.date(2026, 12, 6)).iloc[0]
    assert (row["meetings"], row["met"], row["complete"]) == (n, met, True)


def test_other_kinds_of_meeting_do_not_count(rules) -> None:
    rows = visits(2, kind="phone") + visits(2, kind="online") + visits(1, kind="event") + visits(1)
    row = week_of(rules, rows).iloc[0]
    assert (row["meetings"], row["money"]) == (1, 100)


def test_process_money_is_100_yuan_a_face_to_face_meeting_from_the_rules(rules, edit) -> None:
    assert week_of(rules, visits(3)).iloc[0]["money"] == 300
    edit("r8_activity_types", "face_to_face", "value_per_meeting", 150)
    assert week_of(rules, visits(3)).iloc[0]["money"] == 450


def test_the_weekly_target_is_rules_data(rules, edit) -> None:
    edit("rule_params", "r8_weekly_meetings", "value", 4)
    row = week_of(rules, visits(3), as_of=dt.date(2026, 12, 6)).iloc[0]
    assert (row["target"], row["met"]) == (4, False)


def test_a_meeting_on_sunday_is_in_that_week_and_monday_starts_the_next(rules) -> None:
    rows = visits(1, "2026-11-29") + visits(1, "2026-11-30")  # Sunday of W48, Monday of W49
    out = week_of(rules, rows, weeks=2)
    assert out.set_index("week")["meetings"].to_dict() == {"2026-W48": 1, "2026-W49": 1}


def test_a_meeting_after_the_as_of_date_has_not_happened_yet(rules) -> None:
    row = week_of(rules, visits(1, "2026-12-03")).iloc[0]
    assert row["meetings"] == 0


@pytest.mark.parametrize(
    ("as_of", "n", "behind"),
    [
        (dt.date(2026, 11, 30), 0, False),  # Monday: 3 x 1/7 -> none due yet
        (dt.date(2026, 12, 1), 0, False),  # Tuesday: 3 x 2/7 -> none due
        (dt.date(2026, 12, 2), 0, True),  # Wednesday: 3 x 3/7 -> one due
        (dt.date(2026, 12, 2), 1, False),
        (dt.date(2026, 12, 5), 1, True),  # Saturday: 3 x 6/7 -> two due
        (dt.date(2026, 12, 6), 2, True),  # Sunday: all three due
        (dt.date(2026, 12, 6), 3, False),
    ],
)
def test_behind_pace_this_week(rules, as_of, n, behind) -> None:
    assert bool(week_of(rules, visits(n), as_of=as_of).iloc[0]["behind_pace"]) is behind


def test_people_not_employed_in_a_week_are_not_listed_for_it(rules) -> None:
    staff = people(
        {"id": 1, "join_date": "2026-12-06"},  # joins on the Sunday: listed
        {"id": 2, "join_date": "2026-12-07"},  # joins the Monday after: not
        {"id": 3, "join_date": "2020-01-01", "left_date": "2026-11-30"},  # left on the Monday: listed
        {"id": 4, "join_date": "2020-01-01", "left_date": "2026-11-29"},  # left the Sunday before: not
    )
    assert week_of(rules, [], staff=staff)["person_id"].tolist() == [1, 3]


def test_process_money_over_a_period_includes_both_ends(rules) -> None:
    rows = visits(1, "2026-10-31") + visits(1, "2026-11-01") + visits(2, "2026-11-30") + visits(1, "2026-12-01")
    out = process_money(meetings(*rows), rules, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (out.loc[1, "meetings"], out.loc[1, "money"]) == (3, 300)


def test_only_salespeople_are_listed_not_hr(rules) -> None:
    staff = people(
        {"id": 1, "rank": "partner"},
        {"id": 2, "rank": "hr"},  # HR has no place on the sales ladder (ranks.rank_order)
        {"id": 3, "rank": "general_manager"},
    )
    assert week_of(rules, [], staff=staff)["person_id"].tolist() == [1, 3]
