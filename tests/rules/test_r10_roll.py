"""R10 honor rolls through the honors engine (domain.md R10, issue 15), worked out by hand:
the default honors of ``r10_honors`` (and LATER_HONORS) computed live by ``live_honors`` /
``honor_roll`` for a month (2026-06), a quarter (2026-Q2), a year (2026) and an ISO week
(2026-W27); closed periods read from their frozen rows; the rules table's invariants; and a
new honor that is only a rules row. Ranks: standard competition ranking (1, 1, 3)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.invariants import check_table
from kam.rules.honor_engine import honor_roll, honor_rows, live_honors, live_rolls, period_honors
from kam.rules.honor_metrics import HonorData, cleared_hires, metric_figures, recruits
from tests.rules.frames import DEFAULT_RULES, frame, orders, people, set_rule, won

ROLL = [
    *("honor_code", "period", "scope", "group_id", "person_id"),
    *("team_id", "branch_id", "rank", "figure", "last_place", "runner_up"),
]
JUNE, Q2, YEAR, WEEK = "2026-06", "2026-Q2", "2026", "2026-W27"


def _staff(*rows: tuple[int, int, int]) -> pd.DataFrame:
    """People (id, branch_id, team_id), joined long ago."""
    return people(*({"id": i, "branch_id": b, "team_id": t} for i, b, t in rows))


def _teams(*rows: tuple[int, int]) -> pd.DataFrame:
    return frame("teams", [{"id": i, "branch_id": b, "name": f"team {i}"} for i, b in rows])


def _data(*order_rows: dict, staff: pd.DataFrame | None = None, **kw) -> HonorData:
    staff = staff if staff is not None else _staff(*((i, 10, 100) for i in range(1, 11)))
    return HonorData(orders=orders(*order_rows), people=staff, **kw)


def _of(roll: pd.DataFrame, code: str, runners_up: bool = False) -> pd.DataFrame:
    """The rows of one honor: its winners (and its podium's runners-up when asked)."""
    keep = (roll["honor_code"] == code) & (runners_up | ~roll["runner_up"])
    return roll.loc[keep].reset_index(drop=True)


def _cells(roll: pd.DataFrame, *columns: str) -> list[list]:
    """The roll's cells as plain Python values, missing ones as None."""
    f = roll[list(columns)].astype(object)
    return f.where(f.notna(), None).values.tolist()


def _honor(rules, code: str) -> pd.Series:
    h = rules["r10_honors"]
    kind = h.loc[h["code"] == code, "period"].iloc[0]
    rows = honor_rows(rules, kind)
    return rows.loc[rows["code"] == code].iloc[0]


def _sold(*pairs: tuple[int, int], day: str = "2026-06-15") -> list[dict]:
    """One won order per (person, amount), each with its own customer, on ``day``."""
    return [won(100 + n, amount, day, owner_id=p) for n, (p, amount) in enumerate(pairs)]


# -- 1. threshold honors: Million Star, the year clubs -------------------------------------


def test_r10_million_star_at_999_999_and_1_000_000_and_1_000_001(rules):
    rows = _sold((1, 999_999), (2, 1_000_000), (3, 1_000_001))
    rows.append(won(99, 1, "2026-07-01", owner_id=1))  # July: does not lift person 1's June
    got = _of(live_honors(JUNE, _data(*rows), rules), "million_star")
    assert _cells(got, "person_id", "figure", "rank") == [[3, 1_000_001.0, 1], [2, 1_000_000.0, 2]]
    assert set(got["period"]) == {JUNE} and set(got["scope"]) == {"company"}
    assert got["group_id"].isna().all() and not got["last_place"].any()


def test_r10_year_clubs_at_their_thresholds_and_cumulative(rules):
    # Each person's 2026 sales in two orders (1 January and 31 December, both in the year).
    year_sales = {
        1: 10_000_001,
        2: 10_000_000,
        3: 3_000_000,
        4: 2_999_999,
        5: 2_000_001,
        6: 2_000_000,
        7: 999_999,
        8: 1_000_000,
        9: 9_999_999,
        10: 3_000_001,
        11: 1_000_001,
    }
    rows = []
    for p, total in year_sales.items():
        rows += [won(p, total // 2, "2026-01-01", owner_id=p), won(p, total - total // 2, "2026-12-31", owner_id=p)]
    rows.append(won(50, 5_000_000, "2025-12-31", owner_id=7))  # the year before: not 2026
    roll = live_honors(YEAR, _data(*rows), rules)

    def people_of(code):
        return sorted(_of(roll, code)["person_id"].astype(int).tolist())

    assert people_of("crown_club") == [1]  # > 10,000,000: 10,000,000 and 9,999,999 are out
    assert people_of("planet_club") == [1, 2, 3, 4, 5, 9, 10]  # > 2,000,000: 2,000,000 is out
    assert people_of("three_million_star") == [1, 2, 3, 9, 10]  # >= 3,000,000: 2,999,999 is out
    assert people_of("million_star_year") == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11]  # >= 1,000,000: 999,999 is out
    assert people_of("six_time_million_star") == []  # two Million Star months at most
    crown_member = roll.loc[roll["person_id"] == 1, "honor_code"].tolist()
    assert crown_member == ["planet_club", "crown_club", "three_million_star", "million_star_year"]  # honor order
    assert _of(roll, "crown_club")["figure"].tolist() == [10_000_001.0]


# -- 2. Monthly Crown, company-wide and per branch ------------------------------------------

CROWN_STAFF = ((1, 10, 100), (2, 10, 100), (3, 10, 101), (4, 20, 200), (5, 20, 201))


def test_r10_monthly_crown_company_wide_a_tie_at_first_shares(rules):
    rows = _sold((1, 900_000), (2, 900_000), (3, 500_000), (4, 700_000), (5, 100_000))
    got = _of(live_honors(JUNE, _data(*rows, staff=_staff(*CROWN_STAFF)), rules), "monthly_crown")
    assert _cells(got, "group_id", "person_id", "team_id", "branch_id", "rank", "figure") == [
        [None, 1, 100, 10, 1, 900_000.0],
        [None, 2, 100, 10, 1, 900_000.0],
    ]
    assert set(got["scope"]) == {"company"}


def test_r10_monthly_crown_per_branch_grouped_by_branch_id(rules):
    rows = _sold((1, 900_000), (2, 900_000), (3, 500_000), (4, 700_000), (5, 100_000))
    got = _of(live_honors(JUNE, _data(*rows, staff=_staff(*CROWN_STAFF)), rules), "monthly_crown_branch")
    assert _cells(got, "group_id", "person_id", "team_id", "branch_id", "rank") == [
        [10, 1, 100, 10, 1],
        [10, 2, 100, 10, 1],
        [20, 4, 200, 20, 1],  # person 4 is second company-wide, first in branch 20
    ]
    assert set(got["scope"]) == {"branch"}


def test_r10_monthly_crown_lists_places_2_and_3_as_runners_up_for_its_podium(rules):
    rows = _sold((1, 900_000), (2, 800_000), (3, 800_000), (4, 700_000), (5, 0))
    got = _of(live_honors(JUNE, _data(*rows, staff=_staff(*CROWN_STAFF)), rules), "monthly_crown", runners_up=True)
    assert _cells(got, "person_id", "rank", "figure", "runner_up") == [
        [1, 1, 900_000.0, False],
        [2, 2, 800_000.0, True],  # a tie at second: both on the podium's second step
        [3, 2, 800_000.0, True],
    ]  # person 4 ranks 4th: off the podium


def test_r10_a_tie_at_first_leaves_place_3_as_the_only_runner_up_and_0_is_never_one(rules):
    rows = _sold((1, 900_000), (2, 900_000), (3, 500_000), (4, 0))
    got = _of(live_honors(JUNE, _data(*rows, staff=_staff(*CROWN_STAFF)), rules), "monthly_crown", runners_up=True)
    assert _cells(got, "person_id", "rank", "runner_up") == [[1, 1, False], [2, 1, False], [3, 3, True]]
    alone = live_honors(JUNE, _data(*_sold((1, 5), (2, 0)), staff=_staff(*CROWN_STAFF)), rules)
    assert _cells(_of(alone, "monthly_crown", runners_up=True), "person_id", "runner_up") == [[1, False]]


def test_r10_a_three_place_award_has_no_runners_up_and_a_threshold_honor_neither(rules):
    data = _data(*_new_keys({1: 3, 2: 2, 3: 1, 4: 1}), staff=_staff(*LEGION_STAFF))
    award = _of(live_honors(Q2, data, rules), "new_key_customer", runners_up=True)
    assert _cells(award, "person_id", "rank", "runner_up") == [
        [1, 1, False],
        [2, 2, False],
        [3, 3, False],
        [4, 3, False],
    ]
    stars = live_honors(JUNE, _data(*_sold((1, 1_000_000), (2, 999_999))), rules)
    assert _cells(_of(stars, "million_star", runners_up=True), "person_id", "runner_up") == [[1, False]]


def test_r10_the_per_branch_crown_has_each_branchs_runners_up(rules):
    rows = _sold((1, 900_000), (2, 800_000), (3, 500_000), (4, 700_000), (5, 100_000))
    got = _of(live_honors(JUNE, _data(*rows, staff=_staff(*CROWN_STAFF)), rules), "monthly_crown_branch", True)
    assert _cells(got, "group_id", "person_id", "rank", "runner_up") == [
        [10, 1, 1, False],
        [10, 2, 2, True],
        [10, 3, 3, True],
        [20, 4, 1, False],
        [20, 5, 2, True],
    ]


def test_r10_a_month_where_nobody_sold_has_no_winners_and_keeps_the_columns(rules):
    data = _data(*_sold((1, 2_000_000), day="2026-05-31"), staff=_staff(*CROWN_STAFF))
    roll = live_honors(JUNE, data, rules)
    assert roll.empty and list(roll.columns) == ROLL
    crown = honor_roll(_honor(rules, "monthly_crown"), JUNE, data, rules)
    assert crown.empty and list(crown.columns) == ROLL
    assert len(_of(live_honors("2026-05", data, rules), "monthly_crown")) == 1  # May has its crown


# -- 3. ties at third place of a top-3 honor ------------------------------------------------


def _new_keys(counts: dict[int, int]) -> list[dict]:
    """For each person, ``n`` new key customers won on 2026-05-01 (1,000,000 each)."""
    rows, customer = [], 0
    for person, n in counts.items():
        for _ in range(n):
            customer += 1
            rows.append(won(customer, 1_000_000, "2026-05-01", owner_id=person))
    return rows


@pytest.mark.parametrize(
    ("counts", "places"),
    [
        ({1: 3, 2: 2, 3: 1, 4: 1}, [[1, 3.0, 1], [2, 2.0, 2], [3, 1.0, 3], [4, 1.0, 3]]),
        ({1: 2, 2: 2, 3: 1}, [[1, 2.0, 1], [2, 2.0, 1], [3, 1.0, 3]]),
        ({1: 2, 2: 2, 3: 2, 4: 1}, [[1, 2.0, 1], [2, 2.0, 1], [3, 2.0, 1]]),  # fourth is rank 4: out
    ],
)
def test_r10_new_key_customer_award_ties_share_third_place(rules, counts, places):
    got = _of(live_honors(Q2, _data(*_new_keys(counts)), rules), "new_key_customer")
    assert _cells(got, "person_id", "figure", "rank") == places


# -- 4. Six-time Million Star, live and from frozen months ----------------------------------


@pytest.mark.parametrize(("months", "wins"), [(5, False), (6, True), (7, True)])
def test_r10_six_time_million_star_at_five_six_and_seven_months(rules, months, wins):
    rows = [won(m, 1_000_000, f"2026-{m:02d}-10", owner_id=1) for m in range(1, months + 1)]
    rows.append(won(12, 999_999, "2026-12-10", owner_id=1))  # one yuan short in December
    data = _data(*rows)
    assert metric_figures("million_star_months", YEAR, data, rules).to_dict() == {1: float(months)}
    got = _of(live_honors(YEAR, data, rules), "six_time_million_star")
    assert _cells(got, "person_id", "figure", "rank") == ([[1, float(months), 1]] if wins else [])


def _frozen(*rows: tuple) -> pd.DataFrame:
    """Rows of ``honors``: (honor_code, period, scope, person_id, team_id, branch_id, rank_no, figure, last_place),
    and runner_up when given (a tenth value)."""
    cols = ["honor_code", "period", "scope", "person_id", "team_id", "branch_id", "rank_no", "figure", "last_place"]
    if any(len(r) > len(cols) for r in rows):
        return pd.DataFrame([(*r, 0)[:10] for r in rows], columns=[*cols, "runner_up"])
    return pd.DataFrame(list(rows), columns=cols)


def test_r10_six_time_million_star_reads_closed_months_from_their_frozen_roll(rules):
    # Person 1: January frozen as Million Star, its orders since edited down to 999,999;
    # February to June 1,000,000 each (February closed, frozen too): 6 months, a winner.
    # Person 2: January 1,000,000 live but not in January's frozen Million Stars (only its
    # Monthly Crown): January does not count; February to June: 5 months, no winner.
    rows = [won(1, 999_999, "2026-01-10", owner_id=1), won(2, 1_000_000, "2026-01-10", owner_id=2)]
    for m in range(2, 7):
        rows += [won(10 + m, 1_000_000, f"2026-{m:02d}-10", owner_id=p) for p in (1, 2)]
    frozen = _frozen(
        ("million_star", "2026-01", "company", 1, 100, 10, 1, 1_000_000, 0),
        ("monthly_crown", "2026-01", "company", 2, 100, 10, 1, 1_000_000, 0),
        ("million_star", "2026-02", "company", 1, 100, 10, 1, 1_000_000, 0),
        ("million_star", "2026-02", "company", 2, 100, 10, 1, 1_000_000, 0),
    )
    data = _data(*rows, frozen=frozen, closed=frozenset({"2026-01", "2026-02"}))
    assert metric_figures("million_star_months", YEAR, data, rules).to_dict() == {1: 6.0, 2: 5.0}
    got = _of(live_honors(YEAR, data, rules), "six_time_million_star")
    assert _cells(got, "person_id", "figure") == [[1, 6.0]]


def test_r10_a_closed_month_without_frozen_million_stars_counts_none(rules):
    rows = [won(m, 1_000_000, f"2026-{m:02d}-10", owner_id=1) for m in range(1, 7)]
    data = _data(*rows, frozen=_frozen(), closed=frozenset({"2026-03"}))
    assert metric_figures("million_star_months", YEAR, data, rules).to_dict() == {1: 5.0}


# -- 5. Legion award ------------------------------------------------------------------------

LEGION_STAFF = ((1, 10, 100), (2, 10, 100), (3, 20, 200), (4, 20, 200))


def test_r10_legion_award_goes_to_the_team_with_most_new_key_customers(rules):
    data = _data(*_new_keys({1: 1, 2: 1, 3: 1}), staff=_staff(*LEGION_STAFF), teams=_teams((100, 10), (200, 20)))
    got = _of(live_honors(Q2, data, rules), "legion_award")
    assert _cells(got, "group_id", "person_id", "team_id", "branch_id", "rank", "figure") == [
        [None, None, 100, 10, 1, 2.0]
    ]


def test_r10_legion_award_a_tie_shares_it(rules):
    data = _data(*_new_keys({1: 1, 2: 1, 3: 2}), staff=_staff(*LEGION_STAFF), teams=_teams((100, 10), (200, 20)))
    got = _of(live_honors(Q2, data, rules), "legion_award")
    assert _cells(got, "person_id", "team_id", "branch_id", "rank", "figure") == [
        [None, 100, 10, 1, 2.0],
        [None, 200, 20, 1, 2.0],
    ]


# -- 5b. A person's branch and team are those at the period's end ---------------------------


def _moves(*rows: tuple[str, int, str, str, float | None]) -> pd.DataFrame:
    """Moves (table, row id, column, day saved, value replaced), in the order made."""
    return pd.DataFrame(rows, columns=["table_name", "row_id", "column_name", "day", "old_value"]).assign(
        day=lambda f: pd.to_datetime(f["day"]), old_value=lambda f: f["old_value"].astype("float64")
    )


def _moved(day: str) -> pd.DataFrame:
    """Person 4 (branch 20, team 200 today) came from branch 10, team 100 on ``day``."""
    return _moves(("people", 4, "branch_id", day, 10), ("people", 4, "team_id", day, 100))


@pytest.mark.parametrize(
    ("moved_on", "june_branch_of_4"),
    [("2026-07-01", 10), ("2026-06-30", 20), ("2026-06-29", 20)],
)
def test_r10_monthly_crown_per_branch_ranks_a_mover_in_the_branch_of_the_months_end(rules, moved_on, june_branch_of_4):
    rows = _sold((1, 900_000), (3, 500_000), (4, 950_000), (5, 100_000))
    data = _data(*rows, staff=_staff(*CROWN_STAFF), moves=_moved(moved_on))
    got = _of(live_honors(JUNE, data, rules), "monthly_crown_branch")
    if june_branch_of_4 == 10:  # moved the day after June: June's crown of branch 10, team 100
        assert _cells(got, "group_id", "person_id", "team_id", "branch_id") == [[10, 4, 100, 10], [20, 5, 201, 20]]
    else:  # moved on or before June's last day: already in branch 20
        assert _cells(got, "group_id", "person_id", "team_id", "branch_id") == [[10, 1, 100, 10], [20, 4, 200, 20]]


def test_r10_one_pass_over_two_months_places_a_mover_in_each_months_team(rules):
    rows = [won(1, 1_000_000, "2026-05-20", owner_id=4), won(2, 1_000_000, "2026-06-20", owner_id=4)]
    data = _data(*rows, staff=_staff(*CROWN_STAFF), moves=_moved("2026-06-10"))
    got = live_rolls(["2026-05", JUNE], data, rules)
    stars = got.loc[got["honor_code"] == "million_star"]
    assert _cells(stars, "period", "person_id", "team_id", "branch_id") == [
        ["2026-05", 4, 100, 10],
        [JUNE, 4, 200, 20],
    ]


def test_r10_two_moves_each_period_gets_the_place_it_ended_in(rules):
    # person 4: team 100 until 2026-04-10, team 101 until 2026-06-05, team 200 (today) after
    moves = _moves(("people", 4, "team_id", "2026-04-10", 100), ("people", 4, "team_id", "2026-06-05", 101))
    rows = [won(m, 1_000_000, f"2026-{m:02d}-02", owner_id=4) for m in (3, 4, 5, 6, 7)]
    data = _data(*rows, staff=_staff(*CROWN_STAFF), moves=moves)
    got = live_rolls(["2026-03", "2026-04", "2026-05", JUNE, "2026-07"], data, rules)
    stars = got.loc[got["honor_code"] == "million_star"]
    assert _cells(stars, "period", "team_id") == [
        ["2026-03", 100],
        ["2026-04", 101],
        ["2026-05", 101],
        [JUNE, 200],
        ["2026-07", 200],
    ]


def test_r10_legion_award_names_the_branch_the_team_was_in_at_the_quarters_end(rules):
    teams, moves = _teams((100, 10), (200, 20)), _moves(("teams", 200, "branch_id", "2026-07-15", 10))
    q2 = _data(*_new_keys({3: 2, 1: 1}), staff=_staff(*LEGION_STAFF), teams=teams, moves=moves)
    assert _cells(_of(live_honors(Q2, q2, rules), "legion_award"), "team_id", "branch_id", "figure") == [[200, 10, 2.0]]
    in_q3 = [{**r, "close_date": "2026-08-01"} for r in _new_keys({3: 2})]
    q3 = _data(*in_q3, staff=_staff(*LEGION_STAFF), teams=teams, moves=moves)
    assert _cells(_of(live_honors("2026-Q3", q3, rules), "legion_award"), "team_id", "branch_id") == [[200, 20]]


# -- 6. Talent awards -----------------------------------------------------------------------


def _joined(*rows: tuple[int, str, int | None]) -> pd.DataFrame:
    """People (id, join_date, recruited_by) of branch 10, team 100."""
    return people(*({"id": i, "join_date": d, "recruited_by": r, "branch_id": 10, "team_id": 100} for i, d, r in rows))


RECRUITS = _joined(
    (1, "2020-01-01", None),
    (2, "2020-01-01", None),
    (3, "2026-06-01", 1),  # first day of June: in
    (4, "2026-06-30", 1),  # last day: in
    (5, "2026-05-31", 1),  # the day before: out
    (6, "2026-07-01", 2),  # the day after: out
    (7, "2026-06-15", 2),
    (8, "2026-06-16", None),  # nobody recruited them
)


def test_r10_recruits_count_the_people_who_joined_in_the_month():
    assert recruits(RECRUITS, JUNE).to_dict() == {1: 2.0, 2: 1.0}
    assert recruits(RECRUITS, "2026-05").to_dict() == {1: 1.0}
    assert recruits(RECRUITS, JUNE, as_of=dt.date(2026, 6, 15)).to_dict() == {1: 1.0, 2: 1.0}  # 4 joins on the 30th
    assert recruits(RECRUITS, JUNE, as_of=dt.date(2026, 6, 14)).to_dict() == {1: 1.0}  # 7 joins on the 15th


def test_r10_most_recruits_award(rules):
    got = _of(live_honors(JUNE, HonorData(orders=orders(), people=RECRUITS), rules), "talent_recruits")
    assert _cells(got, "person_id", "figure", "rank", "team_id", "branch_id") == [[1, 2.0, 1, 100, 10]]


HIRES = _joined(
    (1, "2020-01-01", None),
    (2, "2020-01-01", None),
    (3, "2026-03-01", 1),  # all passed, the last (late) on 2026-06-01: June
    (4, "2026-04-01", 1),  # all passed, the last on 2026-06-30: June
    (5, "2026-03-01", 2),  # one clearance still pending: not counted
    (6, "2025-12-31", 2),  # a veteran (joined before records began): not counted
    (7, "2026-01-01", 2),  # joined the day records began: a new hire, last pass in June
    (8, "2026-02-01", 2),  # passes in June, but the last one on 2026-07-01: July
    (9, "2026-02-01", 1),  # the last pass on 2026-05-31: May
)


def _clearances(*rows: tuple[int, str, str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["person_id", "clearance_code", "status", "met_date"])


def _all_passed(person: int, *met: str, last_status: str = "passed") -> list[tuple]:
    """Four clearances passed on the ``met`` dates, the last with ``last_status``."""
    codes = ["entry", "ability", "planet", "performance"]
    statuses = ["passed", "passed", "passed", last_status]
    return [(person, c, s, d) for c, s, d in zip(codes, statuses, met, strict=True)]


STATUS = _clearances(
    *_all_passed(3, "2026-03-05", "2026-03-30", "2026-05-20", "2026-06-01", last_status="passed_late"),
    *_all_passed(4, "2026-04-05", "2026-04-30", "2026-06-10", "2026-06-30"),
    (5, "entry", "passed", "2026-03-05"),
    (5, "ability", "passed", "2026-03-30"),
    (5, "planet", "passed", "2026-06-10"),
    (5, "performance", "pending", None),
    *_all_passed(6, "2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04"),
    *_all_passed(7, "2026-01-05", "2026-01-30", "2026-03-10", "2026-06-10"),
    *_all_passed(8, "2026-06-05", "2026-06-06", "2026-06-07", "2026-07-01"),
    *_all_passed(9, "2026-02-05", "2026-03-01", "2026-04-10", "2026-05-31"),
)


def test_r10_cleared_hires_credit_the_recruiter_in_the_month_of_the_last_pass(rules):
    assert cleared_hires(HIRES, STATUS, rules, JUNE).to_dict() == {1: 2.0, 2: 1.0}  # 3, 4 for 1; 7 for 2
    assert cleared_hires(HIRES, STATUS, rules, "2026-07").to_dict() == {2: 1.0}  # 8
    assert cleared_hires(HIRES, STATUS, rules, "2026-05").to_dict() == {1: 1.0}  # 9


def test_r10_cleared_hires_a_veteran_counts_once_records_began_earlier(rules, edit):
    edit("rule_params", "r9_records_began_year", "value", 2025)  # person 6 is now a new hire
    assert cleared_hires(HIRES, STATUS, rules, JUNE).to_dict() == {1: 2.0, 2: 2.0}


def test_r10_most_cleared_hires_award(rules):
    data = HonorData(orders=orders(), people=HIRES, clearances=STATUS)
    got = _of(live_honors(JUNE, data, rules), "talent_clearances")
    assert _cells(got, "person_id", "figure", "rank") == [[1, 2.0, 1]]


# -- 7. General camp points -----------------------------------------------------------------


def _points(*rows: tuple[int, int, int], week: str = WEEK) -> pd.DataFrame:
    return pd.DataFrame([(p, week, h, a) for p, h, a in rows], columns=["person_id", "week", "homework", "attendance"])


def _camp(points: pd.DataFrame) -> HonorData:
    return HonorData(orders=orders(), people=_staff(*((i, 10, 100) for i in range(1, 6))), camp_points=points)


def test_r10_general_camp_points_the_whole_board_and_a_tie_for_last(rules):
    points = pd.concat([_points((1, 6, 4), (2, 5, 3), (3, 3, 2), (4, 4, 1)), _points((5, 0, 0), week="2026-W26")])
    got = live_honors(WEEK, _camp(points), rules)
    assert set(got["honor_code"]) == {"general_camp_points"}  # the only week honor
    assert _cells(got, "person_id", "figure", "rank", "last_place") == [
        [1, 10.0, 1, False],
        [2, 8.0, 2, False],  # on the board, on neither end
        [3, 5.0, 3, True],  # 3 and 4 tie for last; 5 has points in another week only
        [4, 5.0, 3, True],
    ]


def test_r10_general_camp_points_a_participant_with_no_points_is_last(rules):
    got = live_honors(WEEK, _camp(_points((1, 2, 0), (2, 1, 0), (3, 0, 0))), rules)
    assert _cells(got, "person_id", "figure", "rank", "last_place") == [
        [1, 2.0, 1, False],
        [2, 1.0, 2, False],
        [3, 0.0, 3, True],  # 0 points: not on the board's ranks by its figure, but last
    ]


def test_r10_general_camp_points_a_tie_for_first(rules):
    got = live_honors(WEEK, _camp(_points((1, 5, 5), (2, 10, 0), (3, 1, 1))), rules)
    assert _cells(got, "person_id", "rank", "last_place") == [[1, 1, False], [2, 1, False], [3, 3, True]]


def test_r10_general_camp_points_all_tied_have_no_last_place(rules):
    got = live_honors(WEEK, _camp(_points((1, 3, 2), (2, 4, 1), (3, 5, 0))), rules)
    assert _cells(got, "person_id", "rank", "last_place") == [[1, 1, False], [2, 1, False], [3, 1, False]]


# -- 8. a ranked honor whose top figure is 0 ------------------------------------------------


def test_r10_a_ranked_honor_whose_top_figure_is_zero_has_no_winner(rules):
    zero_sales = _data(*_sold((1, 0), (2, 0)))
    assert _of(live_honors(JUNE, zero_sales, rules), "monthly_crown").empty
    assert _of(live_honors(JUNE, zero_sales, rules), "monthly_crown_branch").empty
    assert live_honors(WEEK, _camp(_points((1, 0, 0), (2, 0, 0))), rules).empty


# -- 9. closed periods read their frozen rows -----------------------------------------------


def test_r10_a_closed_period_returns_its_frozen_rows_and_ignores_live_orders(rules):
    frozen = _frozen(
        ("million_star", JUNE, "company", 5, 100, 10, 1, 1_200_000, 0),
        ("monthly_crown_branch", JUNE, "branch", 5, 100, 10, 1, 1_200_000, 0),
        ("million_star", "2026-05", "company", 6, 100, 10, 1, 1_100_000, 0),
        ("general_camp_points", WEEK, "company", 4, 100, 10, 3, 2, 1),
    )
    data = _data(*_sold((1, 3_000_000)), frozen=frozen, closed=frozenset({JUNE, WEEK}))
    got = period_honors(JUNE, data, rules)
    assert list(got.columns) == ROLL
    assert _cells(got, *ROLL) == [
        ["million_star", JUNE, "company", None, 5, 100, 10, 1, 1_200_000.0, False, False],
        ["monthly_crown_branch", JUNE, "branch", 10, 5, 100, 10, 1, 1_200_000.0, False, False],
    ]
    week = period_honors(WEEK, data, rules)
    assert not got["runner_up"].any()  # rows kept before runners-up were (migration 015): none
    assert _cells(week, "honor_code", "person_id", "rank", "figure", "last_place") == [
        ["general_camp_points", 4, 3, 2.0, True]
    ]


def test_r10_a_closed_months_runners_up_come_back_from_its_snapshot(rules):
    frozen = _frozen(
        ("monthly_crown", JUNE, "company", 5, 100, 10, 1, 1_200_000, 0, 0),
        ("monthly_crown", JUNE, "company", 6, 100, 10, 2, 1_100_000, 0, 1),
    )
    data = _data(*_sold((1, 3_000_000)), frozen=frozen, closed=frozenset({JUNE}))
    got = _of(period_honors(JUNE, data, rules), "monthly_crown", runners_up=True)
    assert _cells(got, "person_id", "rank", "figure", "runner_up") == [
        [5, 1, 1_200_000.0, False],
        [6, 2, 1_100_000.0, True],
    ]


def test_r10_an_open_period_is_computed_live(rules):
    frozen = _frozen(("million_star", "2026-07", "company", 5, 100, 10, 1, 1_200_000, 0))
    data = _data(*_sold((1, 3_000_000), day="2026-07-15"), frozen=frozen, closed=frozenset({JUNE}))
    got = period_honors("2026-07", data, rules)
    assert _cells(_of(got, "million_star"), "person_id", "figure") == [[1, 3_000_000.0]]
    assert _cells(_of(got, "monthly_crown"), "person_id", "figure") == [[1, 3_000_000.0]]


# -- 10. the rules table's invariants -------------------------------------------------------


def _honors_with(code: str, **cells) -> pd.DataFrame:
    f = DEFAULT_RULES["r10_honors"].copy()
    f = f.set_axis(pd.Index(f["code"].to_numpy()), axis=0)
    for column, value in cells.items():
        f[column] = f[column].astype(object)
        f.loc[code, column] = value
    return f


def _reasons(f: pd.DataFrame) -> list[tuple]:
    return [(p.column, p.reason) for p in check_table("r10_honors", f)]


def test_r10_invariants_accept_the_default_honors():
    assert _reasons(_honors_with("million_star")) == []


@pytest.mark.parametrize(
    ("code", "cells", "problem"),
    [
        ("general_camp_points", {"period": "month"}, ("period", "v.honor_period")),
        ("six_time_million_star", {"period": "month"}, ("period", "v.honor_period")),
        ("monthly_crown", {"threshold": 0}, ("threshold", "v.honor_places")),
        ("new_key_customer", {"threshold": 1.5}, ("threshold", "v.honor_places")),
        ("legion_award", {"scope": "team"}, ("scope", "v.honor_team_scope")),
    ],
)
def test_r10_invariants_refuse_a_broken_honor(code, cells, problem):
    assert _reasons(_honors_with(code, **cells)) == [problem]


@pytest.mark.parametrize(
    ("code", "cells"),
    [
        ("new_key_customer", {"threshold": 5}),
        ("legion_award", {"scope": "branch"}),
        ("monthly_crown", {"period": "week"}),  # sales are defined for a week
    ],
)
def test_r10_invariants_accept_a_sound_edit(code, cells):
    assert _reasons(_honors_with(code, **cells)) == []


# -- 11. a new honor that is only a rules row -----------------------------------------------


def test_r10_a_camp_points_club_is_a_rules_row_without_the_boards_last_place(rules):
    """Only a board (``shows_last``: the General camp points row) lists and marks its last
    place and counts its first place alone; a club of camp points is an honor like any other."""
    from kam.views.honors import honored

    club = {
        "code": "camp_club",
        "honor_order": 15,
        "period": "week",
        "metric": "camp_points",
        "comparison": ">=",
        "threshold": 8.0,
        "label_zh": "将军营八分俱乐部",
        "label_en": "Camp 8-point club",
        "version": 1,
        "scope": "company",
        "awarded_to": "person",
        "shows_last": 0,
    }
    rules["r10_honors"] = pd.concat([rules["r10_honors"], pd.DataFrame([club])], ignore_index=True)
    assert _reasons(rules["r10_honors"]) == []
    roll = live_honors(WEEK, _camp(_points((1, 5, 4), (2, 5, 3), (3, 1, 0))), rules)
    got = _of(roll, "camp_club")
    assert _cells(got, "person_id", "rank", "figure", "last_place") == [[1, 1, 9.0, False], [2, 2, 8.0, False]]
    board = _of(roll, "general_camp_points")
    assert _cells(board, "person_id", "last_place") == [[1, False], [2, False], [3, True]]
    counted = roll.loc[honored(roll, rules)]
    assert _cells(counted, "honor_code", "person_id") == [
        ["general_camp_points", 1],
        ["camp_club", 1],
        ["camp_club", 2],
    ]


def test_r10_a_new_honor_from_a_rules_row_ranks_within_each_team(rules):
    row = {
        "code": "two_million_month",
        "honor_order": 14,
        "period": "month",
        "metric": "sales",
        "comparison": ">=",
        "threshold": 2_000_000.0,
        "label_zh": "两百万之星",
        "label_en": "Two-Million Star",
        "version": 1,
        "scope": "team",
        "awarded_to": "person",
    }
    rules["r10_honors"] = pd.concat([rules["r10_honors"], pd.DataFrame([row])], ignore_index=True)
    assert _reasons(rules["r10_honors"]) == []
    staff = _staff((1, 10, 100), (2, 10, 100), (3, 20, 200), (4, 20, 200))
    rows = _sold((1, 2_500_000), (2, 2_000_000), (3, 3_000_000), (4, 1_999_999))
    roll = live_honors(JUNE, _data(*rows, staff=staff), rules)
    assert roll["honor_code"].drop_duplicates().tolist()[-1] == "two_million_month"  # honor order 14: last
    got = _of(roll, "two_million_month")
    assert _cells(got, "scope", "group_id", "person_id", "team_id", "branch_id", "rank", "figure") == [
        ["team", 100, 1, 100, 10, 1, 2_500_000.0],
        ["team", 100, 2, 100, 10, 2, 2_000_000.0],
        ["team", 200, 3, 200, 20, 1, 3_000_000.0],  # person 4 is one yuan short
    ]


def test_r10_editing_a_threshold_in_the_rules_changes_the_roll(rules):
    data = _data(*_sold((1, 800_000)))
    assert _of(live_honors(JUNE, data, rules), "million_star").empty
    set_rule(rules, "r10_honors", "million_star", "threshold", 800_000.0)
    assert _cells(_of(live_honors(JUNE, data, rules), "million_star"), "person_id") == [[1]]


def test_r10_general_camp_points_per_branch_marks_each_branchs_last_place(rules):
    """An admin makes the camp board per branch: each branch has its winner and its last."""
    rules = {**rules, "r10_honors": rules["r10_honors"].copy()}
    h = rules["r10_honors"]
    h.loc[h["code"] == "general_camp_points", "scope"] = "branch"
    staff = _staff((1, 10, 100), (2, 10, 100), (3, 20, 200), (4, 20, 200), (5, 20, 200))
    points = _points((1, 10, 0), (2, 5, 0), (3, 9, 0), (4, 1, 0), (5, 1, 0))
    got = live_honors(WEEK, HonorData(orders=orders(), people=staff, camp_points=points), rules)
    assert _cells(got, "group_id", "person_id", "rank", "last_place") == [
        [10, 1, 1, False],
        [10, 2, 2, True],
        [20, 3, 1, False],
        [20, 4, 2, True],  # 4 and 5 tie for last in branch 20
        [20, 5, 2, True],
    ]
