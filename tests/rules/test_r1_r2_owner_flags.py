"""R1 owner requirements per value class; R2 principal rank, unowned key accounts."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.rules.owners import OWNER_COLUMNS, owner_flags
from tests.rules.frames import AS_OF, customers, empty, people

ONE_YEAR_AGO = "2025-06-30"  # tenure exactly 1 year on AS_OF
JUST_UNDER_A_YEAR = "2025-07-01"  # tenure 0 years
LONG_AGO = "2015-01-01"


def _flags(
    rules,
    value_class="unrated",
    tier="regular",
    owner=True,
    rank="partner",
    join_date=LONG_AGO,
    star=1,
    left_date=None,
    owner_id=1,
):
    index = pd.Index([1], name="customer_id")
    classes = pd.DataFrame({"value_class": [value_class]}, index=index)
    key = tier in ("VLA", "MLA", "KA")
    tiers = pd.DataFrame({"tier": [tier], "key_account": [key]}, index=index)
    staff = people({"rank": rank, "join_date": join_date, "left_date": left_date})
    stars = pd.DataFrame({"star": [star]}, index=pd.Index([1], name="person_id"))
    customer = customers({"owner_id": owner_id if owner else None})
    return owner_flags(customer, tiers, classes, staff, stars, rules, AS_OF).loc[1]


def _reason(row) -> str | None:
    return row["mismatch_reason"] if row["owner_mismatch"] else None


@pytest.mark.parametrize(
    ("rank", "star", "reason"),
    [
        ("director", 1, None),  # rank director or above
        ("general_manager", 1, None),
        ("partner", 4, None),  # or 4 stars
        ("partner", 5, None),
        ("partner", 3, "whale_needs_elite"),  # 4 - 1 stars
        (
            "hr",
            3,
            "whale_needs_elite",
        ),  # a rank outside the order meets no rank requirement
        ("hr", 4, None),  # ... but the star alternative still works
    ],
)
def test_r1_whale_needs_elite_owner(rules, rank, star, reason):
    assert _reason(_flags(rules, "whale", rank=rank, star=star)) == reason


@pytest.mark.parametrize(
    ("join_date", "reason"),
    [
        (JUST_UNDER_A_YEAR, "dolphin_needs_tenure"),
        (ONE_YEAR_AGO, None),  # exactly 1 year counts as 1 year
        ("2025-06-29", None),
        (LONG_AGO, None),
    ],
)
def test_r1_dolphin_needs_one_year_tenure(rules, join_date, reason):
    assert _reason(_flags(rules, "dolphin", join_date=join_date)) == reason


@pytest.mark.parametrize(
    ("join_date", "reason"),
    [
        ("2026-06-30", None),  # joined today: tenure 0
        (JUST_UNDER_A_YEAR, None),
        (ONE_YEAR_AGO, "shark_needs_new"),  # exactly 1 year is no longer new
        (LONG_AGO, "shark_needs_new"),
    ],
)
def test_r1_shark_needs_new_staff(rules, join_date, reason):
    assert _reason(_flags(rules, "shark", join_date=join_date)) == reason


@pytest.mark.parametrize(("owner", "reason"), [(True, "small_fish_owned"), (False, None)])
def test_r1_small_fish_goes_to_public_pool(rules, owner, reason):
    assert _reason(_flags(rules, "small_fish", owner=owner)) == reason


@pytest.mark.parametrize("value_class", ["whale", "dolphin", "shark"])
def test_r1_owned_classes_without_owner_are_flagged(rules, value_class):
    assert _reason(_flags(rules, value_class, owner=False)) == "no_owner"


@pytest.mark.parametrize("owner", [True, False])
def test_r1_unrated_customers_are_not_flagged(rules, owner):
    row = _flags(rules, "unrated", owner=owner, rank="hr", join_date="2026-06-30")
    assert not row["owner_mismatch"]
    assert row["mismatch_reason"] is None
    assert row["mismatch_reasons"] == ""


@pytest.mark.parametrize(
    ("left_date", "reason"),
    [
        (None, None),
        ("2026-07-01", None),
        ("2026-06-30", "no_owner"),
        ("2026-01-01", "no_owner"),
    ],
)
def test_r1_owner_who_left_counts_as_no_owner(rules, left_date, reason):
    assert _reason(_flags(rules, "dolphin", left_date=left_date)) == reason


def test_r1_owner_id_of_unknown_person_counts_as_no_owner(rules):
    assert _reason(_flags(rules, "dolphin", owner_id=99)) == "no_owner"


@pytest.mark.parametrize(
    ("tier", "rank", "reason"),
    [
        ("VLA", "director", "rank_below_principal"),
        ("VLA", "general_manager", None),
        ("MLA", "partner", "rank_below_principal"),
        ("MLA", "director", None),
        ("MLA", "general_manager", None),
        ("KA", "partner", None),
        ("KA", "hr", "rank_below_principal"),  # HR meets no principal requirement
        ("regular", "hr", None),  # anyone
    ],
)
def test_r2_owner_rank_below_principal(rules, tier, rank, reason):
    assert _reason(_flags(rules, tier=tier, rank=rank)) == reason


@pytest.mark.parametrize(
    ("tier", "reason"),
    [("VLA", "key_account_unowned"), ("KA", "key_account_unowned"), ("regular", None)],
)
def test_r2_key_account_without_owner_is_flagged(rules, tier, reason):
    assert _reason(_flags(rules, tier=tier, owner=False)) == reason


def test_r1_and_r2_reasons_are_all_listed(rules):
    row = _flags(rules, "whale", tier="VLA", rank="partner", star=1)
    assert row["mismatch_reason"] == "whale_needs_elite"
    assert row["mismatch_reasons"] == "whale_needs_elite;rank_below_principal"
    row = _flags(rules, "dolphin", tier="KA", owner=False)
    assert row["mismatch_reasons"] == "no_owner;key_account_unowned"


def test_r1_missing_star_does_not_meet_star_alternative(rules):
    index = pd.Index([1], name="customer_id")
    row = owner_flags(
        customers({"owner_id": 1}),
        pd.DataFrame({"tier": ["regular"]}, index=index),
        pd.DataFrame({"value_class": ["whale"]}, index=index),
        people({"rank": "partner"}),
        pd.DataFrame(),  # no star ratings at all
        rules,
        AS_OF,
    ).loc[1]
    assert row["mismatch_reason"] == "whale_needs_elite"


def test_r1_editing_min_tenure_changes_flag(rules, edit):
    assert _reason(_flags(rules, "dolphin", join_date="2024-07-01")) is None  # 1 year
    edit("r1_value_classes", "dolphin", "min_tenure_years", 2)
    assert _reason(_flags(rules, "dolphin", join_date="2024-07-01")) == "dolphin_needs_tenure"


def test_r1_editing_or_min_stars_changes_flag(rules, edit):
    assert _reason(_flags(rules, "whale", star=3)) == "whale_needs_elite"
    edit("r1_value_classes", "whale", "or_min_stars", 3)
    assert _reason(_flags(rules, "whale", star=3)) is None


def test_r1_editing_owner_allowed_changes_flag(rules, edit):
    edit("r1_value_classes", "small_fish", "owner_allowed", 1)
    assert _reason(_flags(rules, "small_fish")) is None
    assert _reason(_flags(rules, "small_fish", owner=False)) == "no_owner"


def test_r2_editing_principal_and_rank_order_changes_flag(rules, edit):
    assert _reason(_flags(rules, tier="KA", rank="hr")) == "rank_below_principal"
    edit("ranks", "hr", "rank_order", 2)
    assert _reason(_flags(rules, tier="KA", rank="hr")) is None
    edit("r2_tiers", "KA", "principal_rank", "general_manager")
    assert _reason(_flags(rules, tier="KA", rank="director")) == "rank_below_principal"
    edit("r2_tiers", "KA", "principal_rank", None)
    assert _reason(_flags(rules, tier="KA", rank="partner")) is None


def test_owner_flags_empty_frames(rules):
    result = owner_flags(
        empty("customers"),
        pd.DataFrame(),
        pd.DataFrame(),
        empty("people"),
        pd.DataFrame(),
        rules,
        AS_OF,
    )
    assert list(result.columns) == list(OWNER_COLUMNS)
    assert result.empty
