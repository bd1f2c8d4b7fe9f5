"""R9 clearances of a new hire: entry, ability, performance and planet, due on day N of the
join date (domain.md R9 and the day-N convention), worked out by hand.

One person joins on 2026-03-01, so (due date = join date + N days):
entry due 2026-03-08 (day 7), ability due 2026-03-31 (day 30), performance due 2026-05-30
(day 90), planet opens 2026-04-30 (day 60) and is due 2026-05-30 (day 90).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from kam.rules.clearances import CLEARANCE_COLUMNS, clearance_status, clearances_passed, joined_before_records
from kam.rules.stars import star_ratings
from tests.rules.frames import AS_OF, clearance_results, empty, orders, people

JOIN = dt.date(2026, 3, 1)
# Worked out by hand from the day-N convention: due = join + N days.
DUE_DATES = {
    "entry": "2026-03-08",
    "ability": "2026-03-31",
    "performance": "2026-05-30",
    "planet": "2026-05-30",
}
DAY_AFTER = {
    "entry": "2026-03-09",
    "ability": "2026-04-01",
    "performance": "2026-05-31",
    "planet": "2026-05-31",
}
DUE_DAYS = {"entry": 7, "ability": 30, "performance": 90, "planet": 90}
CODES = list(DUE_DATES)


def day(n: int) -> str:
    """The ISO date ``n`` days after the join date (day 0 is the join date)."""
    return (JOIN + dt.timedelta(days=n)).isoformat()


def on(n: int) -> dt.date:
    return JOIN + dt.timedelta(days=n)


def _status(rules, order_rows=(), result_rows=(), as_of: dt.date = AS_OF, join: dt.date = JOIN) -> pd.DataFrame:
    """The clearance rows of person 1, by clearance code."""
    got = clearance_status(
        people({"join_date": join.isoformat()}),
        orders(*order_rows),
        clearance_results(*result_rows),
        rules,
        as_of,
    )
    return got.set_index("clearance_code")


def _result(code: str, score: float | None, n: int, passed: int = 1, person_id: int = 1) -> dict[str, Any]:
    return {"person_id": person_id, "clearance_code": code, "score": score, "result_date": day(n), "passed": passed}


def _lock(customer_id: int, n: int, stage: str = "locked", owner_id: int = 1, **kw: Any) -> dict[str, Any]:
    """An order of ``owner_id`` locked on day ``n`` (open unless ``stage`` says otherwise)."""
    return {
        "customer_id": customer_id,
        "owner_id": owner_id,
        "stage": stage,
        "amount": 100_000,
        "lock_date": day(n),
        "close_date": None,
        **kw,
    }


def _group(won_day: int, principal: int = 0, group: int = 1, customer_id: int = 1, lock_day: int = 1, **kw: Any):
    """A group order on ``customer_id`` locked on ``lock_day`` and won on ``won_day``."""
    return _lock(
        customer_id,
        lock_day,
        stage="won",
        close_date=day(won_day),
        group_order=group,
        principal_order=principal,
        **kw,
    )


def _customers(count: int, n: int = 2, first: int = 2) -> list[dict[str, Any]]:
    """``count`` open orders, one on each of customers ``first`` ... , locked on day ``n``."""
    return [_lock(c, n) for c in range(first, first + count)]


def _ability(customers: int = 5, won_day: int = 5, last_lock_day: int = 3, principal: int = 0) -> list[dict]:
    """A group order won on ``won_day`` (its customer 1 is precise customer 1) plus locks on
    customers 2 .. ``customers``, the last of them locked on ``last_lock_day``: exactly
    ``customers`` distinct precise customers."""
    rows = [_group(won_day, principal=principal)]
    rows += _customers(customers - 2, n=2)
    rows.append(_lock(customers, last_lock_day))
    return rows


def _performance(customers: int = 10, won_day: int = 5, last_lock_day: int = 3) -> list[dict]:
    return _ability(customers, won_day, last_lock_day, principal=1)


# -- shape and due dates ---------------------------------------------------------------


def test_r9_clearance_one_row_per_person_and_clearance(rules):
    got = clearance_status(
        people({"join_date": JOIN.isoformat()}, {"join_date": "2026-04-01"}),
        empty("orders"),
        empty("clearance_results"),
        rules,
        AS_OF,
    )
    assert list(got.columns) == CLEARANCE_COLUMNS
    assert len(got) == 2 * 4
    assert sorted(got.loc[got["person_id"] == 1, "clearance_code"]) == sorted(CODES)


def test_r9_clearance_due_dates_are_join_date_plus_n_days(rules):
    got = _status(rules)
    assert got["due_date"].to_dict() == DUE_DATES
    assert got.loc["planet", "opens_date"] == "2026-04-30"  # day 60
    assert (got["join_date"] == "2026-03-01").all()


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize(("as_of", "status", "days_overdue"), [("due", "pending", 0), ("after", "overdue", 1)])
def test_r9_clearance_on_due_day_pending_day_after_overdue(rules, code, as_of, status, days_overdue):
    when = dt.date.fromisoformat(DUE_DATES[code] if as_of == "due" else DAY_AFTER[code])
    row = _status(rules, as_of=when).loc[code]
    assert row["status"] == status
    assert row["days_overdue"] == days_overdue


@pytest.mark.parametrize(
    ("code", "days", "status"),
    [("entry", -1, "pending"), ("entry", 0, "pending"), ("entry", 1, "overdue"), ("entry", 10, "overdue")],
)
def test_r9_clearance_days_overdue_counts_days_after_due(rules, code, days, status):
    row = _status(rules, as_of=on(DUE_DAYS[code] + days)).loc[code]
    assert row["status"] == status
    assert row["days_overdue"] == (days if status == "overdue" else 0)


# -- entry exam (day 7, score >= 90) -----------------------------------------------------


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (89, "failed"),
        (89.999996, "failed"),  # rounded to 9 decimals it is still below 90
        (89.9999999996, "passed"),  # floating-point noise: 90.000000000 at 9 decimals
        (90, "passed"),
        (91, "passed"),
        (100, "passed"),
    ],
)
def test_r9_entry_exam_threshold(rules, score, status):
    row = _status(rules, result_rows=[_result("entry", score, 5)]).loc["entry"]
    assert row["status"] == status
    assert row["score"] == score


@pytest.mark.parametrize(("result_day", "status"), [(6, "passed"), (7, "passed"), (8, "passed_late")])
def test_r9_entry_exam_met_on_due_day_on_time_day_after_late(rules, result_day, status):
    row = _status(rules, result_rows=[_result("entry", 95, result_day)]).loc["entry"]
    assert row["status"] == status
    assert row["met_date"] == day(result_day)
    assert row["days_overdue"] == 0


def test_r9_entry_exam_met_on_due_day_reads_passed_on_the_due_day(rules):
    row = _status(rules, result_rows=[_result("entry", 90, 7)], as_of=on(7)).loc["entry"]
    assert row["status"] == "passed"


def test_r9_failed_entry_exam_reads_failed_at_once(rules):
    # Day 3: four days before the due date, a score under 90 is already "failed".
    row = _status(rules, result_rows=[_result("entry", 85, 2)], as_of=on(3)).loc["entry"]
    assert row["status"] == "failed"
    assert row["days_overdue"] == 0


def test_r9_failed_entry_exam_ignores_the_stored_passed_flag(rules):
    # The score decides: a score under the bar fails even with passed=1 stored.
    row = _status(rules, result_rows=[_result("entry", 85, 2, passed=1)]).loc["entry"]
    assert row["status"] == "failed"


@pytest.mark.parametrize(("retake_day", "status"), [(6, "passed"), (7, "passed"), (12, "passed_late")])
def test_r9_entry_exam_retake_replaces_the_result(rules, retake_day, status):
    before = _status(rules, result_rows=[_result("entry", 80, 3)], as_of=on(20)).loc["entry"]
    assert before["status"] == "failed"
    # The same result row, replaced with the retake's score and date.
    after = _status(rules, result_rows=[_result("entry", 92, retake_day)], as_of=on(20)).loc["entry"]
    assert after["status"] == status
    assert after["score"] == 92
    assert after["result_date"] == day(retake_day)


@pytest.mark.parametrize(("as_of_day", "status"), [(4, "pending"), (5, "passed")])
def test_r9_entry_result_dated_after_as_of_does_not_count_yet(rules, as_of_day, status):
    row = _status(rules, result_rows=[_result("entry", 95, 5)], as_of=on(as_of_day)).loc["entry"]
    assert row["status"] == status
    assert bool(row["recorded"]) is (status == "passed")


def test_r9_entry_result_of_another_person_does_not_count(rules):
    row = _status(rules, result_rows=[_result("entry", 95, 5, person_id=2)]).loc["entry"]
    assert row["status"] == "overdue"


# -- planet (day 60 to 90, headquarters assessment >= 60) --------------------------------


@pytest.mark.parametrize(
    ("score", "status"),
    [(59, "failed"), (59.999996, "failed"), (60, "passed"), (61, "passed")],
)
def test_r9_planet_assessment_threshold(rules, score, status):
    row = _status(rules, result_rows=[_result("planet", score, 70)]).loc["planet"]
    assert row["status"] == status


@pytest.mark.parametrize(("result_day", "status"), [(89, "passed"), (90, "passed"), (91, "passed_late")])
def test_r9_planet_met_on_due_day_on_time_day_after_late(rules, result_day, status):
    row = _status(rules, result_rows=[_result("planet", 75, result_day)]).loc["planet"]
    assert row["status"] == status


def test_r9_planet_result_before_its_window_still_counts(rules):
    # The module's choice: the window says when the camp runs, not when a pass is refused.
    row = _status(rules, result_rows=[_result("planet", 75, 30)], as_of=on(40)).loc["planet"]
    assert row["status"] == "passed"


def test_r9_planet_without_result_before_and_in_its_window_is_pending(rules):
    assert _status(rules, as_of=on(30)).loc["planet", "status"] == "pending"
    assert _status(rules, as_of=on(60)).loc["planet", "status"] == "pending"


# -- ability (day 30: >= 1 group order won and >= 5 precise customers) --------------------


@pytest.mark.parametrize(("count", "status"), [(4, "overdue"), (5, "passed"), (6, "passed")])
def test_r9_ability_precise_customers_threshold(rules, count, status):
    row = _status(rules, _ability(count)).loc["ability"]
    assert row["precise_customers"] == count
    assert row["orders_won"] == 1
    assert row["status"] == status


@pytest.mark.parametrize(("won_day", "status"), [(29, "passed"), (30, "passed"), (31, "passed_late")])
def test_r9_ability_group_order_won_on_due_day_on_time_day_after_late(rules, won_day, status):
    row = _status(rules, _ability(won_day=won_day)).loc["ability"]
    assert row["status"] == status
    assert row["met_date"] == day(won_day)
    assert row["orders_won_by_due"] == (1 if won_day <= 30 else 0)


@pytest.mark.parametrize(("lock_day", "status"), [(29, "passed"), (30, "passed"), (31, "passed_late")])
def test_r9_ability_fifth_customer_locked_on_due_day_on_time_day_after_late(rules, lock_day, status):
    row = _status(rules, _ability(last_lock_day=lock_day)).loc["ability"]
    assert row["status"] == status
    assert row["met_date"] == day(lock_day)
    assert row["precise_customers"] == 5
    assert row["precise_by_due"] == (5 if lock_day <= 30 else 4)


def test_r9_ability_met_on_due_day_reads_passed_on_the_due_day(rules):
    row = _status(rules, _ability(won_day=30, last_lock_day=30), as_of=on(30)).loc["ability"]
    assert row["status"] == "passed"


def test_r9_ability_not_met_on_due_day_pending_day_after_overdue(rules):
    rows = _ability(4)  # one precise customer short
    assert _status(rules, rows, as_of=on(30)).loc["ability", "status"] == "pending"
    row = _status(rules, rows, as_of=on(31)).loc["ability"]
    assert row["status"] == "overdue"
    assert row["days_overdue"] == 1


def test_r9_precise_customers_are_distinct_customers(rules):
    # Customers 1 (the group order) to 4, with a second lock on customer 4: four customers.
    rows = [*_ability(4), _lock(4, 5)]
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == 4
    assert row["status"] == "overdue"


def test_r9_precise_customers_two_locks_on_one_customer_first_lock_decides_the_day(rules):
    # Customer 5 is locked on day 10 and again on day 40: it counts once, met on day 10.
    rows = [*_ability(4), _lock(5, 10), _lock(5, 40)]
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == 5
    assert row["status"] == "passed"
    assert row["met_date"] == day(10)


@pytest.mark.parametrize(("lock_day", "counted"), [(-1, False), (0, True), (1, True)])
def test_r9_precise_customers_locked_before_join_do_not_count(rules, lock_day, counted):
    rows = [*_ability(4), _lock(5, lock_day)]
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == (5 if counted else 4)
    assert row["status"] == ("passed" if counted else "overdue")


def test_r9_precise_customer_locked_before_join_and_again_after_counts_from_the_later_lock(rules):
    # Customer 5: a lock before the join date does not count, its lock on day 12 does.
    rows = [*_ability(4), _lock(5, -5), _lock(5, 12)]
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == 5
    assert row["status"] == "passed"
    assert row["met_date"] == day(12)


def test_r9_clearances_of_two_people_are_counted_apart(rules):
    # Person 1 (joined 2026-03-01) has 5 precise customers; person 2 (joined 2026-03-11, due
    # 2026-04-10) has 4 of their own, plus a lock before their join date.
    rows = [*_ability(5)]
    rows += [_group(15, customer_id=21, owner_id=2, lock_day=11)]
    rows += [_lock(c, 12, owner_id=2) for c in (22, 23, 24)]
    rows += [_lock(25, 5, owner_id=2)]  # day 5 is before person 2 joined
    got = clearance_status(
        people({"join_date": JOIN.isoformat()}, {"join_date": day(10)}),
        orders(*rows),
        empty("clearance_results"),
        rules,
        AS_OF,
    ).set_index(["person_id", "clearance_code"])
    assert got.loc[(1, "ability"), "precise_customers"] == 5
    assert got.loc[(1, "ability"), "status"] == "passed"
    assert got.loc[(2, "ability"), "due_date"] == "2026-04-10"
    assert got.loc[(2, "ability"), "precise_customers"] == 4
    assert got.loc[(2, "ability"), "orders_won"] == 1
    assert got.loc[(2, "ability"), "status"] == "overdue"


@pytest.mark.parametrize("stage", ["locked", "following", "stuck", "won", "lost"])
def test_r9_precise_customers_any_stage_counts(rules, stage):
    close = day(10) if stage in ("won", "lost") else None
    rows = [*_ability(4), _lock(5, 3, stage=stage, close_date=close)]
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == 5
    assert row["status"] == "passed"


def test_r9_precise_customers_count_the_orders_the_person_owns(rules):
    rows = [*_ability(4), _lock(5, 3, owner_id=2)]
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == 4
    assert row["status"] == "overdue"


def test_r9_precise_customers_locked_after_as_of_do_not_count_yet(rules):
    rows = [*_ability(4), _lock(5, 21)]
    row = _status(rules, rows, as_of=on(20)).loc["ability"]
    assert row["precise_customers"] == 4
    assert row["status"] == "pending"


@pytest.mark.parametrize(
    ("group", "stage", "status"),
    [
        (1, "won", "passed"),
        (0, "won", "overdue"),  # won, but not a group order
        (1, "following", "overdue"),  # a group order, not won
        (1, "lost", "overdue"),
    ],
)
def test_r9_ability_needs_a_group_order_won(rules, group, stage, status):
    rows = _ability()
    rows[0] = {**rows[0], "group_order": group, "stage": stage}
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == 5  # the order's customer is locked whatever its stage
    assert row["status"] == status


def test_r9_ability_group_order_won_after_as_of_does_not_count_yet(rules):
    row = _status(rules, _ability(won_day=31), as_of=on(30)).loc["ability"]
    assert row["orders_won"] == 0
    assert row["status"] == "pending"


def test_r9_ability_group_order_of_another_owner_does_not_count(rules):
    rows = [*_ability(5), _group(5, customer_id=9, owner_id=2)]
    rows[0] = {**rows[0], "group_order": 0}
    row = _status(rules, rows).loc["ability"]
    assert row["orders_won"] == 0
    assert row["status"] == "overdue"


def test_r9_ability_group_order_locked_before_join_does_not_count(rules):
    # The orders counted are those locked from the join date on, any stage.
    rows = _ability()
    rows[0] = {**rows[0], "lock_date": day(-1)}
    rows.append(_lock(1, 2))  # customer 1 stays a precise customer through another lock
    row = _status(rules, rows).loc["ability"]
    assert row["precise_customers"] == 5
    assert row["orders_won"] == 0
    assert row["status"] == "overdue"


# -- performance (day 90: the principal's group order won and >= 10 precise customers) ---


@pytest.mark.parametrize(("count", "status"), [(9, "overdue"), (10, "passed"), (11, "passed")])
def test_r9_performance_precise_customers_threshold(rules, count, status):
    row = _status(rules, _performance(count)).loc["performance"]
    assert row["precise_customers"] == count
    assert row["status"] == status


@pytest.mark.parametrize(("won_day", "status"), [(89, "passed"), (90, "passed"), (91, "passed_late")])
def test_r9_performance_principal_order_won_on_due_day_on_time_day_after_late(rules, won_day, status):
    row = _status(rules, _performance(won_day=won_day)).loc["performance"]
    assert row["status"] == status
    assert row["met_date"] == day(won_day)


@pytest.mark.parametrize(("lock_day", "status"), [(89, "passed"), (90, "passed"), (91, "passed_late")])
def test_r9_performance_tenth_customer_on_due_day_on_time_day_after_late(rules, lock_day, status):
    row = _status(rules, _performance(last_lock_day=lock_day)).loc["performance"]
    assert row["status"] == status
    assert row["precise_by_due"] == (10 if lock_day <= 90 else 9)


@pytest.mark.parametrize(
    ("group", "principal", "status"),
    [
        (1, 1, "passed"),
        (1, 0, "overdue"),  # a group order without the principal
        (0, 1, "overdue"),  # the principal takes part, but it is not a group order
        (0, 0, "overdue"),
    ],
)
def test_r9_performance_needs_the_principals_group_order(rules, group, principal, status):
    rows = _performance()
    rows[0] = {**rows[0], "group_order": group, "principal_order": principal}
    row = _status(rules, rows).loc["performance"]
    assert row["precise_customers"] == 10
    assert row["status"] == status


def test_r9_ability_group_order_without_principal_passes_ability_not_performance(rules):
    got = _status(rules, _ability(10))
    assert got.loc["ability", "status"] == "passed"
    assert got.loc["performance", "status"] == "overdue"


def test_r9_performance_not_met_on_due_day_pending_day_after_overdue(rules):
    rows = _performance(9)
    assert _status(rules, rows, as_of=on(90)).loc["performance", "status"] == "pending"
    assert _status(rules, rows, as_of=on(91)).loc["performance", "status"] == "overdue"


# -- people who joined before records began ---------------------------------------------


def test_r9_recorded_result_without_score_passed_reads_passed(rules):
    # Joined 2015: the clearances they passed are entered later (2026-01-01), without scores.
    rows = [
        {"person_id": 1, "clearance_code": c, "score": None, "passed": 1, "result_date": "2026-01-01"} for c in CODES
    ]
    got = _status(rules, result_rows=rows, join=dt.date(2015, 1, 1))
    assert got["status"].to_dict() == dict.fromkeys(CODES, "passed")


def test_r9_recorded_result_without_score_not_passed_reads_failed(rules):
    rows = [{"person_id": 1, "clearance_code": "ability", "score": None, "passed": 0, "result_date": "2026-01-01"}]
    got = _status(rules, result_rows=rows, join=dt.date(2015, 1, 1))
    assert got.loc["ability", "status"] == "failed"
    assert got.loc["entry", "status"] == "overdue"


# Records began on 1 January of r9_records_began_year (2026 by default): someone who joined
# the day before is entered with the clearances they passed; someone who joined on that day
# or later is judged by their scores and orders (the save path refuses a bare pass).
@pytest.mark.parametrize(("join", "before"), [("2025-12-31", True), ("2026-01-01", False), ("2026-01-02", False)])
def test_r9_joined_before_records_began_at_the_first_of_january(rules, join, before):
    assert joined_before_records(join, rules) is before


def test_r9_records_began_year_is_rules_data(rules, edit):
    assert joined_before_records("2026-03-01", rules) is False
    edit("rule_params", "r9_records_began_year", "value", 2027)
    assert joined_before_records("2026-03-01", rules) is True
    assert joined_before_records(None, rules) is False  # no join date: not a veteran
    edit("rule_params", "r9_records_began_year", "value", 0)  # not a year: nobody (fail closed)
    assert joined_before_records("2015-01-01", rules) is False


def test_r9_a_scored_result_is_judged_by_its_score_whenever_the_person_joined(rules):
    rows = [{"person_id": 1, "clearance_code": "entry", "score": 80, "passed": 1, "result_date": "2015-01-05"}]
    assert _status(rules, result_rows=rows, join=dt.date(2015, 1, 1)).loc["entry", "status"] == "failed"


# -- the clearance star counts passed + passed_late ---------------------------------------


def _mixed_rows():
    """entry passed on time, ability passed late, performance overdue, planet failed."""
    order_rows = _ability(5, won_day=31)  # a group order without the principal, won late
    result_rows = [_result("entry", 95, 3), _result("planet", 50, 70)]
    return order_rows, result_rows


def test_r9_clearance_statuses_of_a_mixed_person(rules):
    order_rows, result_rows = _mixed_rows()
    got = _status(rules, order_rows, result_rows)
    assert got["status"].to_dict() == {
        "entry": "passed",
        "ability": "passed_late",
        "performance": "overdue",
        "planet": "failed",
    }


def test_r9_clearances_passed_counts_passed_and_passed_late(rules):
    order_rows, result_rows = _mixed_rows()
    status = clearance_status(
        people({"join_date": JOIN.isoformat()}, {"join_date": JOIN.isoformat()}),
        orders(*order_rows),
        clearance_results(*result_rows),
        rules,
        AS_OF,
    )
    got = clearances_passed(status, pd.Index([1, 2, 3], name="person_id"))
    assert got.to_dict() == {1: 2, 2: 0, 3: 0}


def test_r9_star_clearance_count_equals_passed_and_passed_late(rules):
    order_rows, result_rows = _mixed_rows()
    stars = star_ratings(
        people({"join_date": JOIN.isoformat()}),
        orders(*order_rows),
        empty("meetings"),
        clearance_results(*result_rows),
        rules,
        AS_OF,
    )
    assert stars.loc[1, "clearances_passed"] == 2
    assert stars.loc[1, "clearance_stars"] == 3  # clearance stars at 0 / 1 / 2 / 3 / 4 passed


def test_r9_star_counts_legacy_passes(rules):
    rows = [
        {"person_id": 1, "clearance_code": c, "score": None, "passed": 1, "result_date": "2026-01-01"} for c in CODES
    ]
    stars = star_ratings(
        people({"join_date": "2015-01-01"}),
        empty("orders"),
        empty("meetings"),
        clearance_results(*rows),
        rules,
        AS_OF,
    )
    assert stars.loc[1, "clearances_passed"] == 4
    assert stars.loc[1, "clearance_stars"] == 5


# -- the rules table drives it ------------------------------------------------------------


def test_r9_editing_entry_min_score_and_due_day(rules, edit):
    results = [_result("entry", 85, 9)]
    assert _status(rules, result_rows=results).loc["entry", "status"] == "failed"
    edit("r9_clearances", "entry", "min_score", 85)
    assert _status(rules, result_rows=results).loc["entry", "status"] == "passed_late"
    edit("r9_clearances", "entry", "due_day", 9)
    got = _status(rules, result_rows=results).loc["entry"]
    assert got["due_date"] == "2026-03-10"
    assert got["status"] == "passed"


def test_r9_editing_ability_min_precise_customers(rules, edit):
    rows = _ability(4)
    assert _status(rules, rows).loc["ability", "status"] == "overdue"
    edit("r9_clearances", "ability", "min_precise_customers", 4)
    assert _status(rules, rows).loc["ability", "status"] == "passed"
