"""R9 command structure, 2024 (domain.md), worked out by hand: a regiment commander leads
>= 3 direct partners; a division commander >= 1 regiment commander (or above) and >= 3 direct
partners; an army commander >= 1 division commander (or above) and >= 4 direct partners.
Only direct reports count; a direct partner is a direct report without a command rank;
people who left (left date on or before as_of) are gone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from kam.rules.command import COMMAND_COLUMNS, active_people, command_structure
from tests.rules.frames import AS_OF, days_before, people


def _team(boss: str | None, partners: int, subs: tuple[str, ...] = (), **partner_kw: Any) -> pd.DataFrame:
    """Person 1 holds ``boss``; the command holders ``subs`` and ``partners`` people without a
    command rank report to person 1 directly."""
    rows: list[dict[str, Any]] = [{"id": 1, "command_rank": boss}]
    rows += [{"id": 2 + i, "command_rank": rank, "manager_id": 1} for i, rank in enumerate(subs)]
    start = 2 + len(subs)
    rows += [{"id": start + i, "manager_id": 1, **partner_kw} for i in range(partners)]
    return people(*rows)


def _boss(rules, boss: str | None, partners: int, subs: tuple[str, ...] = (), as_of=AS_OF) -> pd.Series:
    return command_structure(_team(boss, partners, subs), rules, as_of).set_index("person_id").loc[1]


def _na(value: Any) -> Any:
    return None if pd.isna(value) else value


def test_r9_command_columns_and_one_row_per_active_person(rules):
    got = command_structure(_team("regiment", 3), rules, AS_OF)
    assert list(got.columns) == COMMAND_COLUMNS
    assert sorted(got["person_id"]) == [1, 2, 3, 4]


# -- regiment: >= 3 direct partners --------------------------------------------------------


@pytest.mark.parametrize(("partners", "qualified"), [(0, None), (2, None), (3, "regiment"), (4, "regiment")])
def test_r9_regiment_needs_three_direct_partners(rules, partners, qualified):
    row = _boss(rules, None, partners)
    assert row["direct_partners"] == partners
    assert _na(row["qualified_rank"]) == qualified
    assert row["next_rank"] == "regiment"
    assert bool(row["ready_for_next"]) is (qualified == "regiment")
    assert bool(row["lacks_structure"]) is False  # holds no rank: nothing to lack


@pytest.mark.parametrize(("partners", "lacks"), [(2, True), (3, False), (4, False)])
def test_r9_regiment_holder_lacks_structure_below_three_partners(rules, partners, lacks):
    row = _boss(rules, "regiment", partners)
    assert bool(row["lacks_structure"]) is lacks
    assert row["next_rank"] == "division"
    assert bool(row["ready_for_next"]) is False  # no regiment commander reports to them


# -- division: >= 1 regiment commander (or above) and >= 3 direct partners ---------------


@pytest.mark.parametrize(
    ("subs", "partners", "qualified"),
    [
        ((), 3, "regiment"),  # 0 regiment commanders
        ((), 4, "regiment"),
        (("regiment",), 2, None),  # the regiment commander is no partner: 2 partners
        (("regiment",), 3, "division"),
        (("regiment",), 4, "division"),
        (("division",), 3, "division"),  # a division commander is "regiment or above"
        (("army",), 3, "division"),
        (("regiment", "regiment"), 3, "division"),
    ],
)
def test_r9_division_needs_a_regiment_commander_and_three_partners(rules, subs, partners, qualified):
    row = _boss(rules, "division", partners, subs)
    assert row["direct_partners"] == partners
    assert row["sub_commanders"] == len(subs)
    assert row["direct_reports"] == partners + len(subs)
    assert _na(row["qualified_rank"]) == qualified
    assert bool(row["lacks_structure"]) is (qualified != "division")


# -- army: >= 1 division commander (or above) and >= 4 direct partners -------------------


@pytest.mark.parametrize(
    ("subs", "partners", "qualified"),
    [
        (("division",), 3, "division"),
        (("division",), 4, "army"),
        (("division",), 5, "army"),
        (("army",), 4, "army"),
        (("regiment",), 4, "division"),  # a regiment commander is not "division or above"
        (("regiment", "regiment"), 4, "division"),
        ((), 4, "regiment"),
    ],
)
def test_r9_army_needs_a_division_commander_and_four_partners(rules, subs, partners, qualified):
    row = _boss(rules, "army", partners, subs)
    assert _na(row["qualified_rank"]) == qualified
    assert bool(row["lacks_structure"]) is (qualified != "army")
    assert _na(row["next_rank"]) is None  # army is the top
    assert bool(row["ready_for_next"]) is False


# -- ready for the next rank (none -> regiment -> division -> army) --------------------------


@pytest.mark.parametrize(
    ("boss", "subs", "partners", "next_rank", "ready", "lacks"),
    [
        (None, (), 2, "regiment", False, False),
        (None, (), 3, "regiment", True, False),
        ("regiment", ("regiment",), 2, "division", False, True),  # 2 partners: not even a regiment
        ("regiment", ("regiment",), 3, "division", True, False),
        ("regiment", (), 3, "division", False, False),
        ("division", ("division",), 3, "army", False, False),
        ("division", ("division",), 4, "army", True, False),
        ("division", ("regiment",), 4, "army", False, False),
    ],
)
def test_r9_ready_for_next_rank(rules, boss, subs, partners, next_rank, ready, lacks):
    row = _boss(rules, boss, partners, subs)
    assert row["next_rank"] == next_rank
    assert bool(row["ready_for_next"]) is ready
    assert bool(row["lacks_structure"]) is lacks


def test_r9_person_without_reports(rules):
    got = command_structure(people({}), rules, AS_OF).set_index("person_id").loc[1]
    assert got["direct_reports"] == 0
    assert got["direct_partners"] == 0
    assert got["sub_commanders"] == 0
    assert _na(got["qualified_rank"]) is None
    assert bool(got["ready_for_next"]) is False


# -- who counts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left_date", "counted"),
    [(days_before(1), False), (AS_OF.isoformat(), False), (days_before(-1), True), (None, True)],
)
def test_r9_people_who_left_do_not_count(rules, left_date, counted):
    frame = people(
        {"id": 1, "command_rank": "regiment"},
        {"id": 2, "manager_id": 1},
        {"id": 3, "manager_id": 1},
        {"id": 4, "manager_id": 1, "left_date": left_date},
    )
    got = command_structure(frame, rules, AS_OF).set_index("person_id")
    assert got.loc[1, "direct_partners"] == (3 if counted else 2)
    assert bool(got.loc[1, "lacks_structure"]) is (not counted)
    assert (4 in got.index) is counted


def test_r9_people_not_yet_joined_do_not_count(rules):
    frame = people(
        {"id": 1, "command_rank": "regiment"},
        {"id": 2, "manager_id": 1},
        {"id": 3, "manager_id": 1},
        {"id": 4, "manager_id": 1, "join_date": days_before(-1)},  # joins tomorrow
    )
    got = command_structure(frame, rules, AS_OF).set_index("person_id")
    assert got.loc[1, "direct_partners"] == 2
    assert bool(got.loc[1, "lacks_structure"]) is True
    assert 4 not in got.index


def test_r9_a_sub_commander_who_left_does_not_count(rules):
    frame = people(
        {"id": 1, "command_rank": "division"},
        {"id": 2, "manager_id": 1, "command_rank": "regiment", "left_date": AS_OF.isoformat()},
        {"id": 3, "manager_id": 1},
        {"id": 4, "manager_id": 1},
        {"id": 5, "manager_id": 1},
    )
    row = command_structure(frame, rules, AS_OF).set_index("person_id").loc[1]
    assert row["sub_commanders"] == 0
    assert row["qualified_rank"] == "regiment"
    assert bool(row["lacks_structure"]) is True


def test_r9_only_direct_reports_count(rules):
    # 1 <- 2 (regiment commander) <- 5, 6, 7; and 1 <- 3, 4: person 1 has 2 direct partners.
    frame = people(
        {"id": 1, "command_rank": "division"},
        {"id": 2, "manager_id": 1, "command_rank": "regiment"},
        {"id": 3, "manager_id": 1},
        {"id": 4, "manager_id": 1},
        {"id": 5, "manager_id": 2},
        {"id": 6, "manager_id": 2},
        {"id": 7, "manager_id": 2},
    )
    got = command_structure(frame, rules, AS_OF).set_index("person_id")
    assert got.loc[1, "direct_reports"] == 3
    assert got.loc[1, "direct_partners"] == 2
    assert _na(got.loc[1, "qualified_rank"]) is None
    assert bool(got.loc[1, "lacks_structure"]) is True
    assert got.loc[2, "direct_partners"] == 3
    assert got.loc[2, "qualified_rank"] == "regiment"
    assert bool(got.loc[2, "lacks_structure"]) is False


def test_r9_a_direct_report_with_a_command_rank_is_not_a_partner(rules):
    row = _boss(rules, "regiment", 2, ("regiment",))
    assert row["direct_reports"] == 3
    assert row["direct_partners"] == 2
    assert row["sub_commanders"] == 1
    assert bool(row["lacks_structure"]) is True


def test_r9_a_direct_partner_is_any_report_without_a_command_rank(rules):
    # Job rank (partner, director) is not command rank: all three are direct partners.
    frame = people(
        {"id": 1, "command_rank": "regiment"},
        {"id": 2, "manager_id": 1, "rank": "partner"},
        {"id": 3, "manager_id": 1, "rank": "director"},
        {"id": 4, "manager_id": 1, "rank": "general_manager"},
    )
    row = command_structure(frame, rules, AS_OF).set_index("person_id").loc[1]
    assert row["direct_partners"] == 3
    assert bool(row["lacks_structure"]) is False


def test_r9_editing_command_ranks(rules, edit):
    assert _na(_boss(rules, None, 2)["qualified_rank"]) is None
    edit("r9_command_ranks", "regiment", "min_direct_partners", 2)
    assert _boss(rules, None, 2)["qualified_rank"] == "regiment"
    edit("r9_command_ranks", "division", "min_sub_rank", 2)
    assert _boss(rules, "division", 3, ("regiment",))["qualified_rank"] == "regiment"
    assert _boss(rules, "division", 3, ("regiment", "regiment"))["qualified_rank"] == "division"


# -- active_people -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("join_date", "left_date", "active"),
    [
        ("2020-01-01", None, True),
        (AS_OF.isoformat(), None, True),  # joined on as_of
        ((AS_OF + dt.timedelta(days=1)).isoformat(), None, False),  # not joined yet
        ("2020-01-01", AS_OF.isoformat(), False),  # the left date is the first day away
        ("2020-01-01", days_before(1), False),
        ("2020-01-01", days_before(-1), True),
    ],
)
def test_r9_active_people(join_date, left_date, active):
    frame = people({"join_date": join_date, "left_date": left_date})
    assert active_people(frame, AS_OF).tolist() == [active]
