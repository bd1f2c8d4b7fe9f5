"""R10 honors from each person's figure (domain.md R10, issue 15), worked out by hand:
``>=`` against ``>`` at the threshold, one yuan below and above; the Monthly Crown per branch
and company-wide with ties; Six-time Million Star at five and six months; year clubs are
cumulative; a period where nobody sold has no winner."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.rules.honors import camp_points_board, honor_winners, legion_award, million_star_months, period_sales
from tests.rules.frames import orders, won


def _sales(*pairs: tuple[int, int]) -> pd.Series:
    return pd.Series({p: float(s) for p, s in pairs})


@pytest.mark.parametrize(
    ("day", "counted"), [("2026-05-31", False), ("2026-06-01", True), ("2026-06-30", True), ("2026-07-01", False)]
)
def test_r10_period_sales_count_the_months_days_both_included(day, counted):
    got = period_sales(orders(won(1, 500, day, owner_id=7)), "2026-06")
    assert got.to_dict() == ({7: 500.0} if counted else {})


def test_r10_period_sales_of_a_year_and_a_quarter_and_up_to_as_of():
    rows = orders(won(1, 100, "2026-01-01", owner_id=1), won(2, 200, "2026-04-01", owner_id=1), won(3, 5, "2026-04-02"))
    assert period_sales(rows, "2026").to_dict() == {1: 300.0}  # an order without an owner: nobody's
    assert period_sales(rows, "2026-Q2").to_dict() == {1: 200.0}
    assert period_sales(rows, "2026-Q2", as_of=pd.Timestamp("2026-03-31").date()).empty


# Million Star (month, >= 1,000,000) and Planet Club (year, > 2,000,000).
@pytest.mark.parametrize(
    ("comparison", "threshold", "sales", "wins"),
    [
        (">=", 1_000_000, 999_999, False),
        (">=", 1_000_000, 1_000_000, True),
        (">=", 1_000_000, 1_000_001, True),
        (">", 2_000_000, 1_999_999, False),
        (">", 2_000_000, 2_000_000, False),
        (">", 2_000_000, 2_000_001, True),
    ],
)
def test_r10_threshold_honors_at_the_threshold(comparison, threshold, sales, wins):
    got = honor_winners(_sales((1, sales)), comparison, threshold)
    assert got["person_id"].tolist() == ([1] if wins else [])


def test_r10_year_clubs_are_cumulative():
    sales = _sales((1, 10_000_001), (2, 3_000_000), (3, 2_000_001), (4, 1_000_000))
    planet = honor_winners(sales, ">", 2_000_000)["person_id"].tolist()
    crown = honor_winners(sales, ">", 10_000_000)["person_id"].tolist()
    three_million = honor_winners(sales, ">=", 3_000_000)["person_id"].tolist()
    million_of_year = honor_winners(sales, ">=", 1_000_000)["person_id"].tolist()
    assert crown == [1] and planet == [1, 2, 3] and three_million == [1, 2] and million_of_year == [1, 2, 3, 4]


def test_r10_monthly_crown_per_branch_and_company_wide_with_ties():
    sales = _sales((1, 900), (2, 900), (3, 500), (4, 700), (5, 100))
    branches = pd.Series({1: 10, 2: 10, 3: 10, 4: 20, 5: 20})
    company = honor_winners(sales, "top", 1)
    assert company[["person_id", "rank"]].values.tolist() == [[1, 1], [2, 1]]  # a tie shares the crown
    per_branch = honor_winners(sales, "top", 1, groups=branches)
    assert per_branch[["group", "person_id", "rank"]].values.tolist() == [[10, 1, 1], [10, 2, 1], [20, 4, 1]]


def test_r10_a_month_where_nobody_sold_has_no_winner():
    assert honor_winners(pd.Series(dtype="float64"), "top", 1).empty
    assert honor_winners(_sales((1, 0), (2, 0)), "top", 1).empty
    assert honor_winners(_sales((1, 0)), ">=", 0).empty  # a figure of 0 wins nothing


@pytest.mark.parametrize(("months", "wins"), [(5, False), (6, True)])
def test_r10_six_time_million_star_at_five_and_six_months(rules, months, wins):
    rows = [won(i, 1_000_000, f"2026-{i:02d}-15", owner_id=1) for i in range(1, months + 1)]
    rows.append(won(99, 999_999, "2026-12-15", owner_id=1))  # one yuan short in December
    counted = million_star_months(orders(*rows), rules, 2026)
    assert counted.to_dict() == {1: months}
    assert honor_winners(counted, ">=", 6)["person_id"].tolist() == ([1] if wins else [])


def test_r10_an_unknown_comparison_is_refused():
    with pytest.raises(ValueError):
        honor_winners(_sales((1, 1)), "<", 1)


def _points(*rows: tuple[int, str, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["person_id", "week", "homework", "attendance"])


def test_r10_camp_points_board_ranks_the_week_and_shows_a_tie_for_last():
    board = camp_points_board(
        _points(
            (1, "2026-W27", 5, 5),
            (2, "2026-W27", 6, 2),
            (3, "2026-W27", 4, 4),
            (4, "2026-W27", 3, 2),
            (5, "2026-W27", 2, 3),
            (6, "2026-W26", 0, 0),
        ),
        "2026-W27",
    )
    assert board["person_id"].tolist() == [1, 2, 3, 4, 5]  # W26 is another week
    assert board["points"].tolist() == [10, 8, 8, 5, 5] and board["rank"].tolist() == [1, 2, 2, 4, 4]
    assert board.loc[board["last"], "person_id"].tolist() == [4, 5]  # both are last


def test_r10_camp_points_board_with_everyone_tied_or_nobody():
    tied = camp_points_board(_points((1, "2026-W27", 1, 1), (2, "2026-W27", 2, 0)), "2026-W27")
    assert tied["rank"].tolist() == [1, 1] and not tied["last"].any()
    assert camp_points_board(_points(), "2026-W27").empty


def test_r10_legion_award_goes_to_the_team_with_most_new_key_customers():
    new_key = pd.DataFrame({"customer_id": [1, 2, 3, 4], "person_id": pd.array([1, 2, 3, None], dtype="Int64")})
    teams = pd.Series({1: 10, 2: 10, 3: 20})
    assert legion_award(new_key, teams)[["team_id", "figure", "rank"]].values.tolist() == [[10, 2, 1]]
    tie = pd.DataFrame({"customer_id": [1, 2], "person_id": pd.array([1, 3], dtype="Int64")})
    assert legion_award(tie, teams)["team_id"].tolist() == [10, 20]
    assert legion_award(new_key.iloc[0:0], teams).empty
