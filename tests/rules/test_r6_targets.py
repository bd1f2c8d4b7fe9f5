"""R6 targets: periods, elapsed share, under-allocation, actual sales, progress."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.rules.periods import PeriodError, elapsed_share, parse_periods, period_bounds
from kam.rules.targets import actual_sales, labelled_sales, monthly_actuals, progress, under_allocated
from tests.rules.frames import frame as _frame
from tests.rules.frames import orders, people, won


def targets(*rows: tuple[str, int | None, str, int]) -> pd.DataFrame:
    return _frame(
        "targets",
        [{"entity_type": t, "entity_id": i, "period": p, "amount": a} for t, i, p, a in rows],
    )


# Branch 1 has teams 10 and 11; branch 2 has no team. Person 1 manages team 10.
BRANCHES = _frame("branches", [{"id": 1, "name": "East"}, {"id": 2, "name": "West"}])
TEAMS = _frame(
    "teams",
    [{"id": 10, "name": "A", "branch_id": 1}, {"id": 11, "name": "B", "branch_id": 1}],
)
PEOPLE = people(
    {"id": 1, "rank": "director", "branch_id": 1, "team_id": 10},  # team 10's manager
    {"id": 2, "branch_id": 1, "team_id": 10, "manager_id": 1},
    {"id": 3, "branch_id": 1, "team_id": 11},
    {"id": 4, "branch_id": 1},  # no team: counts towards branch 1
    {"id": 5, "branch_id": 2},
    {"id": 6, "branch_id": 1, "team_id": 10, "left_date": "2026-03-31"},
)


# -- periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ],
)
def test_r6_period_bounds(period, first, last):
    assert period_bounds(period) == (first, last)


def test_r6_parse_periods_of_a_mix_of_periods_and_non_periods():
    got = parse_periods(pd.Series(["2026", "2026-13", "x", None, "2026-Q2"]))
    assert got["kind"].tolist() == ["year", pd.NA, pd.NA, pd.NA, "quarter"]
    assert got["first"].isna().tolist() == [False, True, True, True, False]
    assert got.loc[4, "last"] == pd.Timestamp("2026-06-30")


def test_r6_period_labels_are_written_in_ascii_digits():
    # Other scripts' digits read as a year by int() would pass the targets check and then
    # never meet a sale (sales are labelled "2026"): they are not periods.
    got = parse_periods(pd.Series(["\u0662\u0660\u0662\u0666", "\uff12\uff10\uff12\uff16-Q1", "2026"]))
    assert got["kind"].tolist() == [pd.NA, pd.NA, "year"]
    assert got["first"].isna().tolist() == [True, True, False]


@pytest.mark.parametrize("period", ["2026-13", "2026-00", "2026-Q5", "26", "abc", "", None, "\uff12\uff10\uff12\uff16"])
def test_r6_period_bounds_rejects_non_periods(period):
    with pytest.raises(PeriodError, match="expected a year"):
        period_bounds(period)


@pytest.mark.parametrize(
    ("period", "as_of", "share"),
    [
        ("2026", dt.date(2025, 12, 31), 0.0),  # day before the first day
        ("2026", dt.date(2026, 1, 1), 1 / 365),  # first day counts
        ("2026", dt.date(2026, 7, 2), 183 / 365),
        ("2026", dt.date(2026, 12, 31), 1.0),  # last day
        ("2026", dt.date(2027, 1, 1), 1.0),  # clamped
        ("2026-10", dt.date(2026, 10, 1), 1 / 31),
        ("2026-Q1", dt.date(2026, 2, 15), 46 / 90),
        ("2024", dt.date(2024, 12, 30), 365 / 366),
    ],
)
def test_r6_elapsed_share(period, as_of, share):
    assert elapsed_share(period, as_of) == pytest.approx(share)


# -- under-allocation ------------------------------------------------------------------


def _row(result: pd.DataFrame, entity_type: str, entity_id: int | None) -> pd.Series:
    hit = result[
        (result["entity_type"] == entity_type) & ((result["entity_id"] == entity_id).fillna(entity_id is None))
    ]
    assert len(hit) == 1
    return hit.iloc[0]


@pytest.mark.parametrize(
    ("children", "flagged", "shortfall"),
    [((600, 399), True, 1), ((600, 400), False, 0), ((600, 401), False, 0)],
)
def test_r6_company_under_allocated_below_at_above(children, flagged, shortfall):
    t = targets(
        ("company", None, "2026", 1_000),
        ("branch", 1, "2026", children[0]),
        ("branch", 2, "2026", children[1]),
    )
    got = _row(under_allocated(t, BRANCHES, TEAMS, PEOPLE), "company", None)
    assert got["children_sum"] == sum(children)
    assert bool(got["under_allocated"]) is flagged
    assert got["shortfall"] == shortfall


def test_r6_parent_with_no_children_targets_is_under_allocated():
    t = targets(("team", 11, "2026", 500), ("person", 3, "2025", 500))  # other period
    got = _row(under_allocated(t, BRANCHES, TEAMS, PEOPLE), "team", 11)
    assert bool(got["under_allocated"])
    assert got["children_count"] == 0
    assert got["shortfall"] == 500


def test_r6_branch_children_are_teams_and_people_without_a_team():
    t = targets(
        ("branch", 1, "2026-Q1", 100),
        ("team", 10, "2026-Q1", 50),
        ("team", 11, "2026-Q1", 30),
        ("person", 4, "2026-Q1", 20),
        ("person", 2, "2026-Q1", 999),
    )  # in team 10: not a child of the branch
    got = _row(under_allocated(t, BRANCHES, TEAMS, PEOPLE), "branch", 1)
    assert (got["children_sum"], got["children_count"]) == (100, 3)
    assert not got["under_allocated"]


def test_r6_team_children_are_its_people_only():
    t = targets(
        ("team", 10, "2026", 100),
        ("person", 1, "2026", 40),
        ("person", 2, "2026", 40),
        ("person", 3, "2026", 20),
    )  # 3 is in team 11
    got = _row(under_allocated(t, BRANCHES, TEAMS, PEOPLE), "team", 10)
    assert (got["children_sum"], got["shortfall"]) == (80, 20)
    assert got["under_allocated"]


def test_r6_people_are_never_parents():
    t = targets(("person", 1, "2026", 100))
    assert under_allocated(t, BRANCHES, TEAMS, PEOPLE).empty


# -- actual sales ----------------------------------------------------------------------

AS_OF = dt.date(2026, 6, 30)
ORDERS = orders(
    won(1, 100, "2026-02-01", owner_id=1),  # team 10 manager's own
    won(1, 200, "2026-03-01", owner_id=2),
    won(1, 400, "2026-03-01", owner_id=3),
    won(1, 800, "2026-04-01", owner_id=4),  # no team -> branch 1
    won(1, 1_600, "2026-05-01", owner_id=5),
    won(1, 3_200, "2026-03-01", owner_id=6),  # left on 2026-03-31
    won(1, 6_400, "2026-05-01"),  # unowned: company only
    won(1, 12_800, "2026-07-01", owner_id=1),  # after as_of
    won(1, 25_600, "2025-12-31", owner_id=1),  # other year
    {"customer_id": 1, "amount": 51_200, "stage": "following", "owner_id": 1},
)


@pytest.mark.parametrize(
    ("entity_type", "expected"),
    [
        ("person", {1: 100, 2: 200, 3: 400, 4: 800, 5: 1_600, 6: 3_200}),
        ("team", {10: 300, 11: 400}),  # manager included, leaver not
        ("branch", {1: 1_500, 2: 1_600}),  # no-team person 4 included
    ],
)
def test_r6_actual_sales_by_current_members(entity_type, expected):
    got = actual_sales(ORDERS, PEOPLE, TEAMS, entity_type, "2026", AS_OF)
    assert got.to_dict() == expected


def test_r6_team_leader_counts_towards_the_team_they_lead():
    # Leaders who are also members (person 1 of team 10, person 3 of team 11) count once.
    teams = TEAMS.assign(leader_id=[1, 3])
    got = actual_sales(ORDERS, PEOPLE, teams, "team", "2026", AS_OF)
    assert got.to_dict() == {10: 300, 11: 400}
    # Person 3 (a member of team 11) also leads team 10: their sales count for both.
    teams = TEAMS.assign(leader_id=[3, None])
    got = actual_sales(ORDERS, PEOPLE, teams, "team", "2026", AS_OF)
    assert got.to_dict() == {10: 700, 11: 400}
    # A leader who has left no longer counts.
    teams = TEAMS.assign(leader_id=[None, 6])
    got = actual_sales(ORDERS, PEOPLE, teams, "team", "2026", AS_OF)
    assert got.to_dict() == {10: 300, 11: 400}


def test_r6_company_actual_is_every_won_order():
    got = actual_sales(ORDERS, PEOPLE, TEAMS, "company", "2026", AS_OF)
    assert got.tolist() == [100 + 200 + 400 + 800 + 1_600 + 3_200 + 6_400]


def test_r6_leaver_still_counts_before_leaving():
    got = actual_sales(ORDERS, PEOPLE, TEAMS, "team", "2026-Q1", dt.date(2026, 3, 30))
    assert got.to_dict() == {10: 3_500, 11: 400}


@pytest.mark.parametrize(("close", "counted"), [("2026-06-30", True), ("2026-07-01", False)])
def test_r6_actual_includes_the_as_of_day(close, counted):
    o = orders(won(1, 10, close, owner_id=1))
    got = actual_sales(o, PEOPLE, TEAMS, "person", "2026", AS_OF)
    assert got.get(1, 0) == (10 if counted else 0)


def test_r6_labelled_sales_are_the_actual_of_every_entity_and_period():
    got = labelled_sales(ORDERS, PEOPLE, TEAMS, AS_OF, ("year", "quarter", "month"))
    sums = {(k, p): a for k, p, a in got.itertuples(index=False)}
    assert sums[("company", "2026")] == 12_700  # as actual_sales: every won order to as_of
    assert sums[("company", "2025")] == 25_600
    assert sums[("team:10", "2026-Q1")] == 300  # members at as_of: the leaver is out
    assert sums[("branch:1", "2026-04")] == 800
    assert sums[("person:5", "2026-05")] == 1_600
    assert ("person:1", "2026-07") not in sums  # after as_of
    assert ("team:10", "2026-04") not in sums  # no sales: no row


@pytest.mark.parametrize("as_of", [dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 3, 30), AS_OF])
@pytest.mark.parametrize("entity_type", ["company", "branch", "team", "person"])
def test_r6_monthly_actuals_are_each_months_actual_sales(entity_type, as_of):
    # Month by month as actual_sales counts it: the month under way up to as_of, a past
    # month with its members at its last day.
    got = monthly_actuals(ORDERS, PEOPLE, TEAMS, entity_type, 2026, as_of)
    assert set(got["month"]) <= set(range(1, as_of.month + 1))
    for month in range(1, as_of.month + 1):
        want = actual_sales(ORDERS, PEOPLE, TEAMS, entity_type, f"2026-{month:02d}", as_of)
        mine = got[got["month"] == month]
        have = dict(zip(mine["entity_id"], mine["actual"], strict=True))
        if entity_type == "company":
            assert list(have.values()) == want.tolist()
        else:
            assert have == {k: v for k, v in want.to_dict().items() if v}


def test_r6_monthly_actuals_start_with_the_year():
    assert monthly_actuals(ORDERS, PEOPLE, TEAMS, "team", 2027, AS_OF).empty
    # The leaver (left 2026-03-31) counts for team 10 in March up to the day before leaving.
    before = monthly_actuals(ORDERS, PEOPLE, TEAMS, "team", 2026, dt.date(2026, 3, 30))
    assert before[before["month"] == 3].set_index("entity_id")["actual"].to_dict() == {10: 3_400, 11: 400}
    on = monthly_actuals(ORDERS, PEOPLE, TEAMS, "team", 2026, dt.date(2026, 3, 31))
    assert on[on["month"] == 3].set_index("entity_id")["actual"].to_dict() == {10: 200, 11: 400}


# -- progress --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "behind"),
    [(9_999, True), (10_000, False), (10_001, False)],  # expected = 10 / 365
)
def test_r6_progress_behind_below_at_above_expected(actual, behind):
    t = targets(("person", 1, "2026", 365_000))
    o = orders(won(1, actual, "2026-01-05", owner_id=1))
    got = progress(t, o, PEOPLE, TEAMS, dt.date(2026, 1, 10)).iloc[0]
    assert got["expected"] == pytest.approx(10 / 365)
    assert got["progress"] == pytest.approx(actual / 365_000)
    assert bool(got["behind"]) is behind
    assert got["status"] == ("behind" if behind else "on_track")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2026, 1, 1), 1 / 365),
        (dt.date(2026, 12, 31), 1.0),
        (dt.date(2025, 12, 31), 0.0),
        (dt.date(2027, 3, 1), 1.0),
    ],
)
def test_r6_progress_expected_on_first_and_last_day(as_of, expected):
    t = targets(("person", 1, "2026", 365_000))
    got = progress(t, orders(), PEOPLE, TEAMS, as_of).iloc[0]
    assert got["expected"] == pytest.approx(expected)


def test_r6_progress_full_target_on_last_day_is_on_track():
    t = targets(("person", 1, "2026", 1_000))
    o = orders(won(1, 1_000, "2026-12-31", owner_id=1))
    got = progress(t, o, PEOPLE, TEAMS, dt.date(2026, 12, 31)).iloc[0]
    assert (got["progress"], got["expected"], got["status"]) == (1.0, 1.0, "on_track")


# Year 1,200 split into January 600 and February 300; as_of 14 February (of 28 days):
# expected = (600 + 300 x 14/28) / 1,200 = 0.625, against 45/365 without the split.
SPLIT_AS_OF = dt.date(2026, 2, 14)


@pytest.mark.parametrize(("actual", "behind"), [(749, True), (750, False), (751, False)])
def test_r6_progress_with_monthly_split(actual, behind):
    t = targets(
        ("person", 1, "2026", 1_200),
        ("person", 1, "2026-01", 600),
        ("person", 1, "2026-02", 300),
        ("person", 2, "2026-01", 1_200),
    )
    o = orders(won(1, actual, "2026-02-01", owner_id=1))
    got = progress(t, o, PEOPLE, TEAMS, SPLIT_AS_OF)
    assert got["period"].tolist() == ["2026"]  # year rows only by default
    row = got.iloc[0]
    assert row["split"] == "month"
    assert row["expected"] == pytest.approx(0.625)
    assert bool(row["behind"]) is behind


def test_r6_progress_without_monthly_split_uses_elapsed_share():
    t = targets(("person", 1, "2026", 1_200), ("person", 2, "2026-01", 600))
    row = progress(t, orders(), PEOPLE, TEAMS, SPLIT_AS_OF).iloc[0]
    assert pd.isna(row["split"])
    assert row["expected"] == pytest.approx(45 / 365)


def test_r6_progress_quarter_split_when_no_months():
    t = targets(
        ("team", 10, "2026", 1_000),
        ("team", 10, "2026-Q1", 100),
        ("team", 10, "2026-Q2", 300),
    )
    row = progress(t, orders(), PEOPLE, TEAMS, dt.date(2026, 4, 30)).iloc[0]
    assert row["split"] == "quarter"
    assert row["expected"] == pytest.approx((100 + 300 * 30 / 91) / 1_000)


def test_r6_progress_no_target_is_no_data():
    t = targets(("person", 1, "2026", 0))
    o = orders(won(1, 500, "2026-02-01", owner_id=1))
    row = progress(t, o, PEOPLE, TEAMS, AS_OF).iloc[0]
    assert pd.isna(row["progress"])
    assert row["actual"] == 500
    assert (bool(row["behind"]), row["status"]) == (False, "no_data")


def test_r6_progress_team_and_branch_actuals():
    t = targets(
        ("team", 10, "2026", 1_000),
        ("branch", 1, "2026", 3_000),
        ("company", None, "2026", 14_000),
    )
    got = progress(t, ORDERS, PEOPLE, TEAMS, AS_OF).set_index("entity_type")
    assert got["actual"].to_dict() == {"team": 300, "branch": 1_500, "company": 12_700}
    assert got.loc["company", "progress"] == pytest.approx(12_700 / 14_000)


def test_r6_progress_other_period_kinds_on_request():
    t = targets(
        ("person", 1, "2026", 1_000),
        ("person", 1, "2026-Q1", 100),
        ("person", 1, "2026-05", 50),
    )
    got = progress(t, ORDERS, PEOPLE, TEAMS, AS_OF, kinds=("quarter", "month"))
    got = got.set_index("period")
    assert got["actual"].to_dict() == {"2026-Q1": 100, "2026-05": 0}
    assert got["expected"].to_dict() == {"2026-Q1": 1.0, "2026-05": 1.0}
    assert got["split"].isna().all()
