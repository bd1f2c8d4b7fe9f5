"""R7 order board: milestones, lock review, stuck analysis, grades, pipeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from kam.defaults import RULES_DEFAULTS
from kam.rules.orders import (
    lock_review_alerts,
    lock_validity,
    milestone_status,
    stuck_alerts,
)
from kam.rules.pipeline import order_grades, weighted_pipeline
from kam.store.frames import read_frame
from tests.rules.frames import frame as _frame
from tests.rules.frames import orders, people


def milestones(*rows: tuple[int, str, str | None]) -> pd.DataFrame:
    return _frame(
        "order_milestones",
        [{"order_id": o, "milestone_code": m, "done_date": d} for o, m, d in rows],
    )


def analyses(*rows: dict[str, Any]) -> pd.DataFrame:
    full = [{"blocker": "budget frozen", "next_action": "see CFO", "who_id": 1, **r} for r in rows]
    return _frame("stuck_analyses", full)


LOCK = "2026-01-01"  # leader_study due on day 15 -> 2026-01-16
DUE = dt.date(2026, 1, 16)
DAY_AFTER = dt.date(2026, 1, 17)
PEOPLE = people(
    {"id": 1, "rank": "partner"},
    {"id": 2, "rank": "director"},
    {"id": 3, "rank": "general_manager"},
    {"id": 4, "rank": "hr"},
)


def _open(**kw: Any) -> dict[str, Any]:
    return {
        "customer_id": 1,
        "stage": "following",
        "amount": 100,
        "lock_date": LOCK,
        "owner_id": 1,
        **kw,
    }


def _status(result: pd.DataFrame, code: str = "leader_study") -> str:
    return result.loc[result["milestone_code"] == code, "status"].item()


# -- milestones ------------------------------------------------------------------------


def test_r7_milestones_one_row_per_order_and_milestone(rules):
    got = milestone_status(orders(_open(), _open()), milestones(), rules, DUE)
    assert len(got) == 2 * len(rules["r7_milestones"])
    assert got.loc[got["milestone_code"] == "leader_proposal", "due_date"].tolist() == [
        "2026-01-31",
        "2026-01-31",
    ]


@pytest.mark.parametrize(("as_of", "status"), [(DUE, "pending"), (DAY_AFTER, "overdue")])
def test_r7_milestone_on_due_day_vs_day_after(rules, as_of, status):
    got = milestone_status(orders(_open()), milestones(), rules, as_of)
    assert _status(got) == status
    row = got[got["milestone_code"] == "leader_study"].iloc[0]
    assert bool(row["alert"]) is (status == "overdue")
    assert row["days_overdue"] == (1 if status == "overdue" else 0)


@pytest.mark.parametrize(("done", "status"), [("2026-01-16", "done"), ("2026-01-17", "late")])
def test_r7_milestone_done_on_due_day_vs_day_after(rules, done, status):
    got = milestone_status(
        orders(_open()),
        milestones((1, "leader_study", done)),
        rules,
        dt.date(2026, 2, 1),
    )
    assert _status(got) == status
    assert not got.loc[got["milestone_code"] == "leader_study", "alert"].item()


def test_r7_milestone_done_after_as_of_is_not_done_yet(rules):
    got = milestone_status(orders(_open()), milestones((1, "leader_study", "2026-01-20")), rules, DAY_AFTER)
    assert _status(got) == "overdue"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2026, 1, 20), "paused"), (dt.date(2026, 1, 21), "overdue")],
)
def test_r7_milestone_pause_until_date_inclusive(rules, as_of, status):
    o = orders(_open(paused_until="2026-01-20", pause_reason="customer audit"))
    assert _status(milestone_status(o, milestones(), rules, as_of)) == status


def test_r7_milestone_of_closed_order_is_never_overdue(rules):
    o = orders(_open(stage="won", close_date="2026-01-10"), _open(stage="lost"))
    got = milestone_status(o, milestones(), rules, dt.date(2026, 6, 1))
    assert set(got["status"]) == {"closed"}
    assert not got["alert"].any()


def test_r7_milestone_due_day_comes_from_rules(rules, edit):
    edit("r7_milestones", "leader_study", "due_day", 16)
    got = milestone_status(orders(_open()), milestones(), rules, DAY_AFTER)
    assert _status(got) == "pending"


# -- lock review -----------------------------------------------------------------------

REVIEW_DUE = dt.date(2026, 1, 8)  # lock + 7 days


@pytest.mark.parametrize(
    ("as_of", "status", "alert"),
    [
        (dt.date(2026, 1, 7), "pending", False),
        (REVIEW_DUE, "pending", False),
        (dt.date(2026, 1, 9), "overdue", True),
    ],
)
def test_r7_unreviewed_lock_flagged_after_n_days(rules, as_of, status, alert):
    got = lock_review_alerts(orders(_open()), PEOPLE, rules, as_of).iloc[0]
    assert got["due_date"] == "2026-01-08"
    assert (got["status"], bool(got["alert"])) == (status, alert)


@pytest.mark.parametrize(
    ("reviewer", "reviewed"),
    [(1, False), (2, True), (3, True), (4, False)],  # partner, director, GM, HR
)
def test_r7_lock_review_needs_director_or_above(rules, reviewer, reviewed):
    o = orders(_open(reviewer_id=reviewer, review_date="2026-01-03"))
    got = lock_review_alerts(o, PEOPLE, rules, dt.date(2026, 1, 9)).iloc[0]
    assert bool(got["reviewed"]) is reviewed
    assert bool(got["alert"]) is (not reviewed)


@pytest.mark.parametrize(("owner", "reviewed"), [(2, False), (1, True)])
def test_r7_the_owners_own_review_does_not_count(rules, owner, reviewed):
    """A director reviewing their own order: not a review (issue 13); another's order: one."""
    o = orders(_open(reviewer_id=2, review_date="2026-01-03", owner_id=owner))
    got = lock_review_alerts(o, PEOPLE, rules, dt.date(2026, 1, 9)).iloc[0]
    assert bool(got["reviewed"]) is reviewed


@pytest.mark.parametrize(
    ("review_date", "status"),
    [("2026-01-08", "reviewed"), ("2026-01-09", "reviewed_late")],
)
def test_r7_lock_review_on_due_day_vs_day_after(rules, review_date, status):
    o = orders(_open(reviewer_id=2, review_date=review_date))
    got = lock_review_alerts(o, PEOPLE, rules, dt.date(2026, 2, 1)).iloc[0]
    assert (got["status"], bool(got["alert"])) == (status, False)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2026, 1, 12), "paused"), (dt.date(2026, 1, 13), "overdue")],
)
def test_r7_lock_review_pause_until_date_inclusive(rules, as_of, status):
    o = orders(_open(paused_until="2026-01-12"))
    assert lock_review_alerts(o, PEOPLE, rules, as_of).iloc[0]["status"] == status


def test_r7_lock_review_days_and_rank_order_come_from_rules(rules, edit):
    edit("rule_params", "r7_lock_review_days", "value", 10)
    edit("ranks", "partner", "rank_order", 2)  # partners now rank with directors
    o = orders(_open(), _open(reviewer_id=1, review_date="2026-01-02", owner_id=4))  # not their own order
    got = lock_review_alerts(o, PEOPLE, rules, dt.date(2026, 1, 11))
    assert got["status"].tolist() == ["pending", "reviewed"]


def test_r7_lock_valid_needs_every_key_message_and_a_director(rules):
    n = len(rules["r7_key_messages"])
    okm = _frame(
        "order_key_messages",
        [
            *({"order_id": 1, "message_id": m, "value": "x"} for m in range(1, n + 1)),
            *({"order_id": 2, "message_id": m, "value": "x"} for m in range(1, n)),
            {"order_id": 2, "message_id": n, "value": "  "},
            *({"order_id": 3, "message_id": m, "value": "x"} for m in range(1, n + 1)),
        ],
    )
    o = orders(_open(reviewer_id=2), _open(reviewer_id=2), _open(reviewer_id=1))
    got = lock_validity(o, okm, PEOPLE, rules, DUE)
    assert got["messages_filled"].tolist() == [n, n - 1, n]
    assert got["valid"].tolist() == [True, False, False]


def test_r7_lock_valid_with_the_reviews_given_equals_judging_them_again(rules):
    n = len(rules["r7_key_messages"])
    okm = _frame(
        "order_key_messages", [{"order_id": i, "message_id": m, "value": "x"} for i in (1, 2) for m in range(1, n + 1)]
    )
    o = orders(_open(reviewer_id=2), _open(reviewer_id=1), _open(reviewer_id=2, owner_id=2), _open())
    reviewed = lock_review_alerts(o, PEOPLE, rules, DUE)["reviewed"]
    assert reviewed.tolist() == [True, False, False, False]
    given = lock_validity(o, okm, PEOPLE, rules, DUE, reviewed)
    pd.testing.assert_frame_equal(given, lock_validity(o, okm, PEOPLE, rules, DUE))
    assert given["valid"].tolist() == [True, False, False, False]


# -- stuck orders ----------------------------------------------------------------------

STUCK_SINCE = pd.Series({1: "2026-03-01"})  # analysis due 2026-03-08


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2026, 3, 8), "pending"), (dt.date(2026, 3, 9), "overdue")],
)
def test_r7_stuck_order_needs_analysis_within_n_days(rules, as_of, status):
    o = orders(_open(stage="stuck"), _open())
    got = stuck_alerts(o, analyses(), rules, as_of, stuck_since=STUCK_SINCE)
    assert got["order_id"].tolist() == [1]  # stuck orders only
    assert (got.iloc[0]["due_date"], got.iloc[0]["status"]) == ("2026-03-08", status)


@pytest.mark.parametrize(
    ("date", "status"),
    [
        ("2026-02-28", "overdue"),  # before it got stuck: not this episode
        ("2026-03-08", "analysed"),
        ("2026-03-09", "analysed_late"),
    ],
)
def test_r7_stuck_analysis_on_due_day_vs_day_after(rules, date, status):
    o = orders(_open(stage="stuck"))
    a = analyses({"order_id": 1, "analysis_date": date})
    got = stuck_alerts(o, a, rules, dt.date(2026, 3, 20), stuck_since=STUCK_SINCE)
    assert got.iloc[0]["status"] == status


@pytest.mark.parametrize("blank", ["blocker", "next_action", "who_id"])
def test_r7_incomplete_stuck_analysis_does_not_count(rules, blank):
    o = orders(_open(stage="stuck"))
    a = analyses({"order_id": 1, "analysis_date": "2026-03-02", blank: None})
    got = stuck_alerts(o, a, rules, dt.date(2026, 3, 9), stuck_since=STUCK_SINCE).iloc[0]
    assert (got["status"], bool(got["incomplete_analysis"])) == ("overdue", True)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(dt.date(2026, 3, 15), "paused"), (dt.date(2026, 3, 16), "overdue")],
)
def test_r7_stuck_pause_until_date_inclusive(rules, as_of, status):
    o = orders(_open(stage="stuck", paused_until="2026-03-15"))
    got = stuck_alerts(o, analyses(), rules, as_of, stuck_since=STUCK_SINCE)
    assert got.iloc[0]["status"] == status


def test_r7_no_stuck_order_gives_no_row_with_the_columns_of_a_stuck_one(rules):
    a = analyses({"order_id": 1, "analysis_date": "2026-03-02"})
    none = stuck_alerts(orders(_open(), _open(stage="locked"), _open(stage=None)), a, rules, dt.date(2026, 3, 9))
    one = stuck_alerts(orders(_open(stage="stuck")), a, rules, dt.date(2026, 3, 9), stuck_since=STUCK_SINCE)
    assert len(none) == 0 and len(one) == 1
    pd.testing.assert_frame_equal(none, one.iloc[:0].reset_index(drop=True))


def test_r7_stuck_since_unknown_counts_from_lock_date(rules, edit):
    edit("rule_params", "r7_stuck_analysis_days", "value", 3)
    got = stuck_alerts(orders(_open(stage="stuck")), analyses(), rules, dt.date(2026, 1, 5))
    row = got.iloc[0]
    assert (row["stuck_since"], bool(row["stuck_since_known"])) == (LOCK, False)
    assert (row["due_date"], row["status"]) == ("2026-01-04", "overdue")


@pytest.mark.parametrize(("days_after_due", "status"), [(-1, "pending"), (0, "pending"), (1, "overdue")])
def test_r7_stuck_analysis_due_counts_from_the_stored_stuck_since(db, rules, days_after_due, status):
    """Orders as the store returns them: the deadline is orders.stuck_since + N days."""
    db["customers"].insert({"id": 1, "name": "customer"})
    db["orders"].insert(
        {"id": 1, "customer_id": 1, "stage": "stuck", "amount": 100, "lock_date": LOCK, "stuck_since": "2026-03-01"}
    )
    o = read_frame(db, "orders")
    n = int(rules["rule_params"].set_index("code").at["r7_stuck_analysis_days", "value"])
    due = dt.date(2026, 3, 1) + dt.timedelta(days=n)  # from the lock date it would be 2026-01-08
    got = stuck_alerts(o, analyses(), rules, due + dt.timedelta(days=days_after_due)).iloc[0]
    assert (got["stuck_since"], bool(got["stuck_since_known"])) == ("2026-03-01", True)
    assert (got["due_date"], got["status"]) == (due.isoformat(), status)


# -- grades and weighted pipeline ------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "grade", "delivery"),
    [
        (0, "D", False),
        (299_999, "D", False),
        (300_000, "C", False),
        (300_001, "C", False),
        (999_999, "C", False),
        (1_000_000, "B", True),
        (1_000_001, "B", True),
        (2_999_999, "B", True),
        (3_000_000, "A", True),
        (3_000_001, "A", True),
    ],
)
def test_r7_order_grade_boundaries(rules, amount, grade, delivery):
    got = order_grades(orders(_open(amount=amount)), rules).iloc[0]
    assert (got["grade"], bool(got["delivery_team"])) == (grade, delivery)


def test_r7_order_grade_thresholds_come_from_rules(rules, edit):
    edit("r7_grades", "A", "min_amount", 2_000_000)
    assert order_grades(orders(_open(amount=2_000_000)), rules).iloc[0]["grade"] == "A"


def test_r7_weighted_pipeline_uses_stage_probability(rules, edit):
    o = orders(*(_open(stage=s, amount=1_000) for s in ("locked", "following", "stuck", "won", "lost")))
    got = weighted_pipeline(o, rules)
    assert got["weighted_amount"].tolist() == pytest.approx([100, 300, 400, 1_000, 0])
    edit("r7_stages", "following", "probability", 0.5)
    assert weighted_pipeline(o, rules)["weighted_amount"].iloc[1] == pytest.approx(500)


# -- every milestone row of the rules: due day, overdue, late ------------------------------

MILESTONE_CODES = [row["code"] for row in RULES_DEFAULTS["r7_milestones"]]
LOCK_DATE = dt.date.fromisoformat(LOCK)


def _due(rules, code: str) -> dt.date:
    day = int(rules["r7_milestones"].set_index("code").at[code, "due_day"])
    return LOCK_DATE + dt.timedelta(days=day)


def _row(result: pd.DataFrame, code: str) -> pd.Series:
    return result.loc[result["milestone_code"] == code].iloc[0]


def test_r7_shipped_milestones_are_days_15_30_45(rules):
    """domain.md R7: study by day 15, proposal by day 30, experience class by day 45."""
    days = rules["r7_milestones"].set_index("code")["due_day"].astype(int).to_dict()
    assert days == {"leader_study": 15, "leader_proposal": 30, "dual_teacher": 45}


@pytest.mark.parametrize("code", MILESTONE_CODES)
@pytest.mark.parametrize(("offset", "status"), [(-1, "pending"), (0, "pending"), (1, "overdue")])
def test_r7_each_milestone_overdue_only_after_its_due_day(rules, code, offset, status):
    due = _due(rules, code)
    got = milestone_status(orders(_open()), milestones(), rules, due + dt.timedelta(days=offset))
    row = _row(got, code)
    assert row["due_date"] == due.isoformat()
    assert (row["status"], row["days_overdue"], bool(row["alert"])) == (
        status,
        max(offset, 0),
        status == "overdue",
    )


@pytest.mark.parametrize("code", MILESTONE_CODES)
@pytest.mark.parametrize(("offset", "status"), [(-1, "done"), (0, "done"), (1, "late")])
def test_r7_each_milestone_late_only_when_done_after_its_due_day(rules, code, offset, status):
    due = _due(rules, code)
    done = milestones((1, code, (due + dt.timedelta(days=offset)).isoformat()))
    got = milestone_status(orders(_open()), done, rules, due + dt.timedelta(days=30))
    row = _row(got, code)
    assert (row["status"], row["days_overdue"], bool(row["alert"])) == (status, 0, False)


@pytest.mark.parametrize("code", MILESTONE_CODES)
def test_r7_milestones_fall_due_one_after_another(rules, code):
    """On the day after one milestone's due day, exactly the milestones due by then are
    overdue, the later ones pending."""
    as_of = _due(rules, code) + dt.timedelta(days=1)
    got = milestone_status(orders(_open()), milestones(), rules, as_of)
    for other in MILESTONE_CODES:
        expected = "overdue" if _due(rules, other) < as_of else "pending"
        assert _status(got, other) == expected, other
