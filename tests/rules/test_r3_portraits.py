"""R3 portraits and relationship maps (domain.md R3, issue 16), worked out by hand: fit score
with weights, a force met by one criterion, a match needing every force, each kind of
criterion at its threshold, one below and missing (counted as 0, flagged incomplete), the
rules a portrait must keep; the relationship flags and the key persons' review dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.rules.params import RuleInputError
from kam.rules.portraits import (
    active_fit,
    active_portrait,
    competitor_key,
    contact_reviews,
    field_fits,
    focus_over_limit,
    industry_focus,
    missed_criteria,
    portrait_criteria,
    portrait_fit,
    portrait_gaps,
    relationship_flags,
    short_force,
)
from tests.rules.frames import customers

# The shipped 2024 portrait: strength (revenue >= 300,000,000; profit >= 30,000,000; employees
# >= 300; industry top 100; regional top 100), learning ability (study sessions >= 4; people
# sent >= 20; learning spend >= 1,000,000; cooperating institutions >= 2), dream power
# (segment leader; wants No. 1; ten-billion strategy): 12 criteria of weight 1.
STRONG = {"customer_revenue": 300_000_000}
LEARNS = {"study_sessions_year": 4}
DREAMS = {"wants_no1": 1}


def fit(rules, *rows: dict, portrait: int | None = None) -> pd.DataFrame:
    return portrait_fit(customers(*({"id": i + 1, "name": f"c{i}", **r} for i, r in enumerate(rows))), rules, portrait)


def test_r3_the_2024_portrait_is_the_active_one_with_its_three_forces(rules):
    pid = active_portrait(rules)
    p = rules["r3_portraits"].set_index("id")
    assert int(p.at[pid, "year"]) == 2024
    crit = portrait_criteria(rules, pid)
    assert crit["force_id"].nunique() == 3 and len(crit) == 12 and set(crit["weight"]) == {1.0}


def test_r3_every_force_met_by_one_criterion_matches_with_its_share_of_the_weight(rules):
    got = fit(rules, {**STRONG, **LEARNS, **DREAMS})
    assert got.loc[0, "matches"] and got.loc[0, "forces_met"] == 3 and got.loc[0, "forces"] == 3
    assert got.loc[0, "fit_score"] == pytest.approx(3 / 12 * 100)
    assert not got.loc[0, "near_miss"]


def test_r3_a_customer_one_force_short_is_a_near_miss_not_a_match(rules):
    got = fit(rules, {**STRONG, **LEARNS}, {**STRONG}, {})
    assert got["matches"].tolist() == [False, False, False]
    assert got["near_miss"].tolist() == [True, False, False]
    assert got["forces_met"].tolist() == [2, 1, 0]


@pytest.mark.parametrize(
    ("value", "met"),
    [(299_999_999, False), (300_000_000, True), (300_000_001, True)],
)
def test_r3_a_number_criterion_is_at_least_its_threshold(rules, value, met):
    got = fit(rules, {"customer_revenue": value})
    assert got.loc[0, "forces_met"] == int(met)
    assert got.loc[0, "fit_score"] == pytest.approx(100 / 12 if met else 0.0)


@pytest.mark.parametrize(("value", "met"), [(0, False), (1, True)])
def test_r3_a_flag_criterion_is_met_by_yes(rules, value, met):
    assert fit(rules, {"wants_no1": value}).loc[0, "forces_met"] == int(met)


@pytest.mark.parametrize(("value", "met"), [(2, False), (3, True), (4, True)])
def test_r3_a_rating_criterion_is_at_least_its_minimum(rules, value, met):
    # The 2023 portrait: relevance = demonstration rating >= 3.
    p = rules["r3_portraits"]
    pid = int(p.loc[p["year"] == 2023, "id"].iloc[0])
    got = fit(rules, {"demonstration": value}, portrait=pid)
    assert got.loc[0, "forces_met"] == int(met)


def test_r3_a_missing_value_counts_as_0_and_flags_the_customer_incomplete(rules):
    got = fit(rules, {**STRONG, "profit": None, **LEARNS, **DREAMS}, {"customer_revenue": None})
    complete = {
        "customer_revenue": 1,
        "profit": 0,
        "employees": 0,
        "study_sessions_year": 0,
        "people_sent_year": 0,
        "learning_spend_year": 0,
        "cooperating_institutions": 0,
    }
    full = fit(rules, complete)
    assert got["incomplete"].tolist() == [True, True]
    assert got.loc[1, "forces_met"] == 0 and got.loc[1, "fit_score"] == 0.0  # missing revenue: 0, not met
    assert not full.loc[0, "incomplete"]


def test_r3_weights_decide_the_fit_score(rules):
    pid = active_portrait(rules)
    crit = rules["r3_criteria"]
    revenue = crit.index[
        (crit["field"] == "customer_revenue")
        & crit["force_id"].isin(rules["r3_forces"].loc[rules["r3_forces"]["portrait_id"] == pid, "id"])
    ]
    rules["r3_criteria"].loc[revenue, "weight"] = 9.0  # 9 of 20
    got = fit(rules, STRONG, {"profit": 30_000_000})
    assert got["fit_score"].tolist() == pytest.approx([9 / 20 * 100, 1 / 20 * 100])


def test_r3_the_criteria_missed_are_named(rules):
    pid = active_portrait(rules)
    crit = portrait_criteria(rules, pid)
    missed = missed_criteria(customers({"id": 1, "name": "c", **STRONG, **LEARNS, **DREAMS}), rules)
    met = set(crit.loc[crit["field"].isin(["customer_revenue", "study_sessions_year", "wants_no1"]), "id"])
    assert set(missed.iloc[0]) == set(crit["id"]) - met and len(missed.iloc[0]) == 9


def test_r3_a_force_without_criteria_and_a_zero_total_weight_are_refused(rules):
    pid = active_portrait(rules)
    forces = rules["r3_forces"]
    empty = pd.DataFrame([{"id": 999, "portrait_id": pid, "label_zh": "空", "label_en": "Empty", "version": 1}])
    with_empty = {**rules, "r3_forces": pd.concat([forces, empty], ignore_index=True)}
    with pytest.raises(RuleInputError) as e:
        portrait_criteria(with_empty, pid)
    assert (e.value.table, e.value.row_id) == ("r3_forces", 999)
    zero = {**rules, "r3_criteria": rules["r3_criteria"].assign(weight=0.0)}
    with pytest.raises(RuleInputError) as e:
        portrait_criteria(zero, pid)
    assert e.value.table == "r3_portraits"


def test_r3_a_criterion_on_a_field_customers_lack_is_refused(rules):
    crit = rules["r3_criteria"].copy()
    crit.loc[crit.index[0], "field"] = "no_such_field"
    p = rules["r3_forces"]
    pid = int(p.loc[p["id"] == crit["force_id"].iloc[0], "portrait_id"].iloc[0])
    with pytest.raises(RuleInputError) as e:
        fit({**rules, "r3_criteria": crit}, {}, portrait=pid)
    assert e.value.column == "field"


def test_r3_exactly_one_portrait_is_active(rules):
    none = {**rules, "r3_portraits": rules["r3_portraits"].assign(active=0)}
    two = {**rules, "r3_portraits": rules["r3_portraits"].assign(active=1)}
    for bad in (none, two):
        with pytest.raises(RuleInputError):
            active_portrait(bad)


# -- relationship maps ---------------------------------------------------------------------


def contacts(*rows: tuple[int, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["customer_id", "decision_role", "stance"])


KA = pd.Series({1: True, 2: True, 3: True, 4: True, 5: False})  # 5: a Regular customer


def test_r3_a_key_account_without_a_decision_maker_is_flagged_a_regular_customer_never():
    got = relationship_flags(
        KA,
        contacts((1, "decision_maker", "neutral"), (2, "influencer", "support"), (5, "user", "against")),
    )
    assert got["no_decision_maker"].to_dict() == {1: False, 2: True, 3: True, 4: True}
    assert 5 not in got.index


def test_r3_an_opponent_needs_a_supporter_by_role_or_by_stance():
    got = relationship_flags(
        KA,
        contacts(
            (1, "opponent", "neutral"),  # an opponent by role, no supporter: flagged
            (2, "user", "against"),  # an opponent by stance...
            (2, "supporter", "neutral"),  # ...and a supporter by role: not flagged
            (3, "decision_maker", "against"),
            (3, "insider", "support"),  # a supporter by stance: not flagged
            (4, "decision_maker", "neutral"),  # no opponent: not flagged
        ),
    )
    assert got["opponent_without_supporter"].to_dict() == {1: True, 2: False, 3: False, 4: False}


def test_r3_where_role_and_stance_disagree_the_stance_decides_so_one_person_is_never_both():
    got = relationship_flags(
        KA,
        contacts(
            (1, "supporter", "against"),  # against us today: an opponent, not a supporter: flagged
            (2, "opponent", "support"),  # supports us today: a supporter, no opponent
            (3, "opponent", "neutral"),  # an opponent by role...
            (3, "supporter", "against"),  # ...and another against: still no supporter
            (4, "opponent", None),  # no stance recorded: the role decides
        ),
    )
    assert got["opponent_without_supporter"].to_dict() == {1: True, 2: False, 3: True, 4: True}


@pytest.mark.parametrize(
    ("reviewed", "as_of", "due", "overdue"),
    [
        ("2026-05-15", "2026-06-14", "2026-06-15", False),
        ("2026-05-15", "2026-06-15", "2026-06-15", False),  # due today: not yet overdue
        ("2026-05-15", "2026-06-16", "2026-06-15", True),  # the day after
        ("2026-01-31", "2026-02-28", "2026-02-28", False),  # a month after 31 January
        ("2026-01-31", "2026-03-01", "2026-02-28", True),
        ("2024-01-31", "2024-02-29", "2024-02-29", False),  # a leap year
        ("2026-03-31", "2026-05-01", "2026-04-30", True),
    ],
)
def test_r3_a_key_persons_review_is_due_a_month_after_the_last_and_overdue_the_day_after(
    rules, reviewed, as_of, due, overdue
):
    got = contact_reviews(pd.DataFrame({"reviewed_on": [reviewed]}), rules, dt.date.fromisoformat(as_of))
    assert got.loc[0, "due_on"] == dt.date.fromisoformat(due)
    assert bool(got.loc[0, "overdue"]) is overdue


def test_r3_a_key_person_never_reviewed_is_overdue(rules):
    got = contact_reviews(pd.DataFrame({"reviewed_on": [None]}), rules, dt.date(2026, 6, 30))
    assert bool(got.loc[0, "overdue"]) and pd.isna(got.loc[0, "due_on"])


def test_r3_the_review_cadence_is_rules_data(rules):
    params = rules["rule_params"]
    rules["rule_params"] = params.assign(value=params["value"].where(params["code"] != "r3_review_months", 3))
    got = contact_reviews(pd.DataFrame({"reviewed_on": ["2026-01-31"]}), rules, dt.date(2026, 4, 30))
    assert got.loc[0, "due_on"] == dt.date(2026, 4, 30) and not got.loc[0, "overdue"]


# -- the fields a criterion may test, the portrait's gaps, the pyramid's columns -------------


@pytest.mark.parametrize(
    ("field", "test", "fits"),
    [
        ("customer_revenue", "at_least", True),
        ("customer_revenue", "flag", False),
        ("industry_top100", "flag", True),
        ("industry_top100", "at_least", False),
        ("winnability", "rating", True),
        ("winnability", "at_least", False),
        ("no_such_field", "at_least", False),
    ],
)
def test_r3_a_criterion_tests_a_customer_field_of_its_kind(field, test, fits):
    assert field_fits(field, test) is fits


def test_r3_every_shipped_criterion_tests_a_field_of_its_kind(rules):
    crit = rules["r3_criteria"]
    assert all(field_fits(f, k) for f, k in zip(crit["field"], crit["test"], strict=True))


def test_r3_a_portraits_gaps_are_its_forces_without_criteria_or_no_criterion_at_all():
    forces = pd.DataFrame({"id": [1, 2, 3], "portrait_id": [7, 7, 8]})
    crit = pd.DataFrame({"force_id": [1]})
    assert portrait_gaps(forces, crit, 7) == ([2], False)
    assert portrait_gaps(forces, crit, 8) == ([3], True)
    assert portrait_gaps(forces, pd.DataFrame({"force_id": [1, 2]}), 7) == ([], False)


def test_r3_the_pyramid_reads_the_active_fit_and_blanks_it_while_no_portrait_can_be_scored(rules):
    rows = customers({"id": 1, "name": "a", **STRONG, **LEARNS, **DREAMS}, {"id": 2, "name": "b", **STRONG})
    got = active_fit(rows, rules)
    assert got["matches"].tolist() == [True, False]
    assert got["fit_score"].tolist() == pytest.approx([25.0, 100 / 12])
    blank = active_fit(rows, {**rules, "r3_portraits": rules["r3_portraits"].assign(active=0)})
    assert blank["fit_score"].isna().all() and not blank["matches"].any()


# -- competitors and focus industries --------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("华夏商学院", "华夏商学院", True),
        ("ＡＢＣ 商学院", "abc商学院", True),  # full-width letters, case, a space
        ("Ever-Learn Co.", "everlearn co", True),  # punctuation
        ("华夏商学院", "华夏管理咨询", False),
        ("华为", "华为有限公司", False),  # a legal form is kept: maybe another firm
    ],
)
def test_r3_two_spellings_of_one_competitor_share_one_key(a, b, same):
    assert (competitor_key(a) == competitor_key(b)) is same


FOCUS = pd.DataFrame(
    {
        "code": ["food", "high_tech", "logistics"],
        "keywords": ["食品, 饮料", "软件、芯片", "物流;Logistics"],
    }
)


def test_r3_a_free_text_industry_falls_in_the_first_focus_industry_whose_keyword_it_contains():
    got = industry_focus(pd.Series(["食品饮料", "软件信息", "ＬＯＧＩＳＴＩＣＳ services", "金融服务", None]), FOCUS)
    assert got.tolist() == ["food", "high_tech", "logistics", None, None]
    # by code when two match: food before logistics
    assert industry_focus(pd.Series(["食品物流"]), FOCUS).tolist() == ["food"]


@pytest.mark.parametrize(("chosen", "over"), [(2, []), (3, []), (4, [1])])
def test_r3_a_branch_chooses_at_most_the_limit_of_focus_industries(chosen, over):
    rows = pd.DataFrame({"branch_id": [1] * chosen + [2], "industry": [f"i{k}" for k in range(chosen)] + ["i0"]})
    assert focus_over_limit(rows, 3) == over


def test_r3_a_near_miss_lacks_exactly_the_force_it_does_not_meet(rules):
    rows = customers(
        {"id": 1, "name": "a", **STRONG, **LEARNS},  # dream power missing
        {"id": 2, "name": "b", **STRONG, **LEARNS, **DREAMS},  # matches
        {"id": 3, "name": "c", **STRONG},  # two forces short
    )
    pid = active_portrait(rules)
    crit = portrait_criteria(rules, pid)
    dream = int(crit.loc[crit["field"] == "wants_no1", "force_id"].iloc[0])
    got = short_force(rows, rules)
    assert got.iloc[0] == dream and got.iloc[1:].isna().all()


# 2023 (portrait 4): dream power (wants No. 1, a flag), learning ability (study sessions >= 4),
# relevance (demonstration rating >= 3): one criterion per force.
Y2023 = {"wants_no1": 1, "study_sessions_year": 4, "demonstration": 3}


@pytest.mark.parametrize(
    ("field", "value", "met", "incomplete"),
    [
        ("wants_no1", None, False, True),  # a missing flag: 0, and the record incomplete
        ("wants_no1", 0, False, False),
        ("wants_no1", 1, True, False),
        ("demonstration", None, False, True),  # a missing rating: 0
        ("demonstration", 2, False, False),  # one below the minimum
        ("demonstration", 3, True, False),  # at the minimum
    ],
)
def test_r3_a_flag_and_a_rating_at_their_bar_below_it_and_missing(rules, field, value, met, incomplete):
    got = portrait_fit(customers({"id": 1, "name": "a", **Y2023, field: value}), rules, 4)
    assert bool(got.loc[0, "matches"]) is met and bool(got.loc[0, "near_miss"]) is not met
    assert bool(got.loc[0, "incomplete"]) is incomplete
    assert got.loc[0, "fit_score"] == pytest.approx(100.0 if met else 200 / 3)
