"""R6 targets as a tree: entity names and paths, children's sum and shortfall beside each
parent (under-allocation at the boundary), filters; the targets table's invariants."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.invariants import check_table, known_entities
from kam.specs import SPECS
from kam.store.frames import loaded_frame
from kam.types import ChangeSet
from kam.validate import validate_changes
from kam.views.targets.tree import (
    INDENT,
    entities,
    filter_tree,
    over_allocated_rows,
    tree_frame,
    tree_spec,
    under_allocated_rows,
)

BRANCHES = pd.DataFrame({"id": [1, 2], "name": ["East", "West"]})
TEAMS = pd.DataFrame({"id": [10, 11], "name": ["A", "B"], "branch_id": [1, 1], "leader_id": [1, None]})
PEOPLE = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6],
        "name": ["Li", "Wang", "Zhao", "Qian", "Sun", "Zhou"],
        "rank": ["director", "partner", "partner", "general_manager", "partner", "partner"],
        "branch_id": [1, 1, 1, 1, 2, None],
        "team_id": [10, 10, 11, None, None, None],
        "left_date": [None, None, None, None, None, "2026-03-31"],
    }
)


def targets(*rows: tuple[str, int | None, str, int]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {"id": i, "entity_type": t, "entity_id": e, "period": p, "amount": a, "version": 1}
            for i, (t, e, p, a) in enumerate(rows, start=1)
        ],
        columns=["id", "entity_type", "entity_id", "period", "amount", "version"],
    )
    frame.index = pd.Index(frame["id"].tolist())
    return frame


def tree(*rows: tuple[str, int | None, str, int]) -> pd.DataFrame:
    return tree_frame(targets(*rows), BRANCHES, TEAMS, PEOPLE, "en")


def test_entities_have_paths_levels_and_branches() -> None:
    e = entities(BRANCHES, TEAMS, PEOPLE, "en")
    assert e.loc["company", ["path", "level"]].tolist() == ["Company", 0]
    assert e.loc["team:10", ["path", "level", "branch_id"]].tolist() == ["Company / East / A", 2, 1]
    assert e.loc["person:2", ["path", "level", "branch_id", "team_id"]].tolist() == [
        "Company / East / A / Wang",
        3,
        1,
        10,
    ]
    # People with no team hang under their branch; with neither, under the company.
    assert e.loc["person:4", ["path", "level"]].tolist() == ["Company / East / Qian", 2]
    assert e.loc["person:6", ["name", "path", "level"]].tolist() == ["Zhou (left)", "Company / Zhou (left)", 1]


def test_tree_reads_parent_before_children_and_months_under_their_year() -> None:
    t = tree(
        ("person", 2, "2026", 10),
        ("team", 10, "2026", 30),
        ("branch", 1, "2026", 60),
        ("company", None, "2026", 60),
        ("person", 4, "2026", 20),
        ("person", 1, "2026", 20),
        ("person", 1, "2026-01", 5),
        ("team", 11, "2026", 10),
        ("person", 3, "2026", 10),
    )
    assert t["path"].tolist() == [
        "",  # the company's path would repeat its name beside it ("公司 / 公司" on the page)
        "Company / East",
        "Company / East / A",
        "Company / East / A / Li",
        "Company / East / A / Li",
        "Company / East / A / Wang",
        "Company / East / B",
        "Company / East / B / Zhao",
        "Company / East / Qian",
    ]
    assert t["period"].tolist()[3:5] == ["2026", "2026-01"]
    assert t["name"].tolist()[:4] == ["Company", "└ East", INDENT + "└ A", INDENT * 2 + "└ Li"]
    assert t["name"].iloc[4] == INDENT * 3 + "· 2026-01"  # a month under its person's year
    assert t.index.tolist()[0] == 4  # still indexed by target id


@pytest.mark.parametrize(
    ("children", "flagged", "shortfall", "flag"),
    [(999, True, 1, "⚠ under-allocated"), (1_000, False, 0, ""), (1_001, False, 0, "ℹ children add up to more")],
)
def test_r6_under_allocation_at_the_boundary(children: int, flagged: bool, shortfall: int, flag: str) -> None:
    """Below the parent: under-allocated (a warning); equal: fine; above: information."""
    t = tree(("team", 10, "2026", 1_000), ("person", 1, "2026", 500), ("person", 2, "2026", children - 500))
    team = t[t["entity_type"] == "team"].iloc[0]
    assert (bool(team["under_allocated"]), int(team["shortfall"])) == (flagged, shortfall)
    assert int(team["children_sum"]) == children
    assert team["flag"] == flag
    assert (bool(team["over_allocated"]), int(team["excess"])) == (children > 1_000, max(0, children - 1_000))
    over = over_allocated_rows(t)
    assert over[["period", "amount", "children_sum", "excess"]].values.tolist() == (
        [["2026", 1_000, children, children - 1_000]] if children > 1_000 else []
    )
    people = t[t["entity_type"] == "person"]
    assert people["children_sum"].isna().all() and (people["flag"] == "").all()


def test_r6_parent_whose_children_have_no_targets_is_flagged_with_its_amount() -> None:
    t = tree(("branch", 2, "2026", 700), ("team", 10, "2025", 400), ("person", 1, "2026", 400))
    rows = under_allocated_rows(t).set_index("path")
    # Branch 2's only child (Sun) has no target; team 10's member has one, for another year.
    assert rows.loc["Company / West", ["children_sum", "shortfall"]].tolist() == [0, 700]
    assert rows.loc["Company / East / A", ["period", "shortfall"]].tolist() == ["2025", 400]


def test_filters_by_year_branch_and_splits() -> None:
    t = tree(
        ("company", None, "2026", 1),
        ("branch", 1, "2026", 1),
        ("branch", 2, "2026", 1),
        ("person", 2, "2026-03", 1),
        ("person", 2, "2025", 1),
    )
    assert filter_tree(t, 2026)["period"].tolist() == ["2026", "2026", "2026-03", "2026"]
    east = filter_tree(t, 2026, 1)
    assert east["path"].tolist() == ["Company / East", "Company / East / A / Wang"]  # no company, no West
    assert filter_tree(t, 2026, 1, sub_periods=False)["period"].tolist() == ["2026"]


def test_an_unknown_entity_sorts_last_and_says_so() -> None:
    t = tree(("team", 99, "2026", 1), ("branch", 1, "2026", 1))
    assert t["name"].tolist() == ["└ East", "└ #99?"]


def test_empty_targets_give_an_empty_tree() -> None:
    t = tree_frame(targets(), BRANCHES, TEAMS, PEOPLE)
    assert t.empty and {"name", "children_sum", "flag", "year"} <= set(t.columns)


# --- the targets table's invariants ---------------------------------------------------

KNOWN = {"branch": {1, 2}, "team": {10, 11}, "person": {1, 2, 3, 4, 5, 6}}


def problems(frame: pd.DataFrame, known: dict | None = KNOWN) -> list[tuple]:
    if known is None:
        found = check_table("targets", frame)
    else:
        with known_entities(known):
            found = check_table("targets", frame)
    return sorted((p.row, p.column, p.reason) for p in found)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("company", None, "2026", 1), []),
        (("company", 1, "2026", 1), [(1, "entity_id", "v.company_no_id")]),
        (("branch", None, "2026", 1), [(1, "entity_id", "v.entity_needs_id")]),
        (("branch", 2, "2026", 1), []),
        (("branch", 10, "2026", 1), [(1, "entity_id", "v.no_branch")]),
        (("team", 1, "2026", 1), [(1, "entity_id", "v.no_team")]),
        (("person", 7, "2026", 1), [(1, "entity_id", "v.no_person")]),
        (("person", 6, "2026-Q4", 1), []),
        (("person", 6, "2026-03", 1), []),
        (("person", 6, "2026-3", 1), [(1, "period", "v.period")]),
        (("person", 6, "2026-13", 1), [(1, "period", "v.period")]),
        (("person", 6, "2026Q1", 1), [(1, "period", "v.period")]),
        (("person", 6, "26", 1), [(1, "period", "v.period")]),
    ],
)
def test_targets_invariant_entity_and_period(row: tuple, expected: list) -> None:
    assert problems(targets(row)) == expected


def test_targets_invariant_refuses_to_run_without_the_entities() -> None:
    """Without the entities the "entity exists" check used to be skipped in silence."""
    from kam.invariants import EntitiesNotGiven

    with pytest.raises(EntitiesNotGiven):
        problems(targets(("branch", 10, "2026", 1)), known=None)
    found = check_table("targets", targets(("branch", 10, "2026", 1)), entities=KNOWN)
    assert [(p.column, p.reason) for p in found] == [("entity_id", "v.no_branch")]


def test_targets_invariant_one_target_per_entity_and_period() -> None:
    t = targets(
        ("company", None, "2026", 1),
        ("company", None, "2026", 2),
        ("team", 10, "2026", 1),
        ("team", 10, "2026-01", 1),
        ("team", 11, "2026", 1),
    )
    assert problems(t) == [(1, "period", "v.target_duplicate"), (2, "period", "v.target_duplicate")]


def test_a_grid_save_of_a_target_naming_nobody_is_refused(db) -> None:  # noqa: ANN001 - the db fixture
    db["branches"].insert({"id": 1, "name": "East"})
    spec = tree_spec(SPECS["targets"])
    loaded = loaded_frame(db, spec)
    changes = ChangeSet(inserts={-1: {"entity_type": "branch", "entity_id": 5, "period": "2026", "amount": "100"}})
    with known_entities({"branch": {1}, "team": set(), "person": set()}):
        _, found = validate_changes(spec, loaded, changes, {})
    assert [(p.row, p.column, p.reason) for p in found] == [(-1, "entity_id", "v.no_branch")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_path_names_the_company_twice(lang: str) -> None:
    """The company's path is the company alone, everyone else's starts with it once."""
    e = entities(BRANCHES, TEAMS, PEOPLE, lang)
    company = e.loc["company", "path"]
    assert company == e.loc["company", "name"] and " / " not in company
    others = e.drop(index="company")["path"]
    assert others.str.startswith(company + " / ").all()
    assert not others.str.startswith(f"{company} / {company}").any()
    # Shown beside the name (the tree, the behind list), the company's path is blank; listed
    # on its own (an under-allocated parent) it is named.
    t = tree(("company", None, "2026", 100), ("branch", 1, "2026", 50))
    assert t.loc[t["entity_type"] == "company", "path"].tolist() == [""]
    assert under_allocated_rows(t)["path"].tolist()[0] == "Company"
