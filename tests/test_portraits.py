"""The portraits page's model and saves (issue 16): criteria fit their field, the active
portrait stays scorable, one-step activation, the focus-industry limit, one competitor per
normalised name, the comparison of two versions, the maps of a scope, escaped graph text and
migration 018."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import sqlite_utils

from kam import db as kamdb
from kam.edit import action_text, problems_text
from kam.specs import SPECS
from kam.store.frames import loaded_frame
from kam.types import ChangeSet
from kam.views import portraits
from kam.views.portraits import actions
from kam.views.portraits.maps import MapsView
from tests.accounts import ADMIN, login, save
from tests.conftest import ANCHOR


def dump(db: sqlite_utils.Database, *tables: str) -> dict[str, list]:
    return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in tables}


RULES = ("r3_portraits", "r3_forces", "r3_criteria")


def active_id(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT id FROM r3_portraits WHERE active = 1").fetchone()[0]


def update(db: sqlite_utils.Database, table: str, key: int, values: dict) -> ChangeSet:
    version = db.execute(f"SELECT version FROM [{table}] WHERE id = ?", [key]).fetchone()[0]
    return ChangeSet(updates={key: values}, versions={key: version})


# --- criteria fit their customer field ------------------------------------------------------


def test_a_criterion_whose_test_does_not_fit_its_field_is_refused_on_its_row(demo_db):
    before = dump(demo_db, *RULES)
    crit = demo_db.execute("SELECT id FROM r3_criteria WHERE field = 'customer_revenue' LIMIT 1").fetchone()[0]
    saved, problems = save(demo_db, "r3_criteria", update(demo_db, "r3_criteria", crit, {"test": "flag"}))
    assert saved is None and [(p.row, p.column, p.reason) for p in problems] == [(crit, "test", "v.criterion_kind")]
    assert dump(demo_db, *RULES) == before


def test_a_criterion_on_a_field_customers_do_not_have_is_refused(demo_db):
    crit = demo_db.execute("SELECT id FROM r3_criteria LIMIT 1").fetchone()[0]
    saved, problems = save(demo_db, "r3_criteria", update(demo_db, "r3_criteria", crit, {"field": "shoe_size"}))
    assert saved is None and [(p.row, p.column) for p in problems] == [(crit, "field")]


def test_a_criterion_pointed_at_a_better_field_of_its_kind_is_saved(demo_db):
    # 2019's "boss loves learning" tests study sessions: an admin may point it at learning spend.
    crit = demo_db.execute("SELECT id FROM r3_criteria WHERE force_id = 2").fetchone()[0]
    change = update(demo_db, "r3_criteria", crit, {"field": "learning_spend_year", "threshold": 100_000})
    saved, problems = save(demo_db, "r3_criteria", change)
    assert problems == [] and demo_db["r3_criteria"].get(crit)["field"] == "learning_spend_year"


# --- the active portrait stays scorable; drafts may be incomplete ---------------------------


def _force_of(db, portrait: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM r3_forces WHERE portrait_id = ? ORDER BY id", [portrait])]


def _criteria_of(db, force: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM r3_criteria WHERE force_id = ? ORDER BY id", [force])]


def test_deleting_the_last_criterion_of_an_active_force_is_refused_one_of_several_is_not(demo_db):
    active = active_id(demo_db)
    forces = _force_of(demo_db, active)
    several = _criteria_of(demo_db, forces[0])
    assert len(several) > 1
    version = lambda k: demo_db["r3_criteria"].get(k)["version"]  # noqa: E731
    saved, problems = save(demo_db, "r3_criteria", ChangeSet(deletes={several[0]: version(several[0])}))
    assert problems == []
    before = dump(demo_db, *RULES)
    last = _criteria_of(demo_db, forces[0])
    saved, problems = save(demo_db, "r3_criteria", ChangeSet(deletes={k: version(k) for k in last}))
    assert saved is None
    text = action_text(SPECS["r3_criteria"], problems, "zh", demo_db)  # the save's language
    assert f"力的“{forces[0]}”" in text and "至少要有一条条件" in text
    assert dump(demo_db, *RULES) == before


def test_a_new_force_is_refused_on_the_active_portrait_and_saved_on_a_draft(demo_db):
    active = active_id(demo_db)
    new = {"label_zh": "新力", "label_en": "New force"}
    saved, problems = save(demo_db, "r3_forces", ChangeSet(inserts={-1: {**new, "portrait_id": active}}))
    assert saved is None and [(p.row, p.reason) for p in problems] == [(-1, "v.force_no_criteria")]
    draft = demo_db.execute("SELECT id FROM r3_portraits WHERE active = 0 LIMIT 1").fetchone()[0]
    saved, problems = save(demo_db, "r3_forces", ChangeSet(inserts={-1: {**new, "portrait_id": draft}}))
    assert problems == []


def test_making_a_portrait_active_is_one_step_and_a_two_step_switch_is_refused(demo_db):
    active, target = active_id(demo_db), 4
    saved, problems = save(demo_db, "r3_portraits", update(demo_db, "r3_portraits", target, {"active": 1}))
    assert saved is None and [p.reason for p in problems] == ["v.one_active"]
    done, problems = actions.make_active(demo_db, ADMIN, target, "en")
    assert done and problems == []
    assert demo_db.execute("SELECT id FROM r3_portraits WHERE active = 1").fetchall() == [(target,)]
    kept = demo_db.execute("SELECT COUNT(*) FROM audit WHERE table_name = 'r3_portraits'").fetchone()[0]
    assert kept >= 2 and active != target  # both rows' changes are in the audit trail


def test_a_draft_with_an_empty_force_cannot_be_made_active(demo_db):
    draft = 3
    demo_db.execute("INSERT INTO r3_forces (portrait_id, label_zh, label_en) VALUES (?, '空', 'Empty')", [draft])
    demo_db.conn.commit()
    before = dump(demo_db, *RULES)
    done, problems = actions.make_active(demo_db, ADMIN, draft, "en")
    assert not done and "needs at least one criterion" in action_text(SPECS["r3_portraits"], problems, "en", demo_db)
    assert dump(demo_db, *RULES) == before


def test_only_an_admin_makes_a_portrait_active(demo_db):
    done, problems = actions.make_active(demo_db, login(demo_db, "manager"), 4, "en")
    assert not done and [p.reason for p in problems] == ["access.no_write"]


# --- focus industries -----------------------------------------------------------------------


def _clear_focus(db, branch: int) -> None:
    db.execute("DELETE FROM branch_focus_industries WHERE branch_id = ?", [branch])
    db.conn.commit()


@pytest.mark.parametrize(("n", "ok"), [(2, True), (3, True), (4, False)])
def test_a_branch_chooses_at_most_three_focus_industries(demo_db, n, ok):
    _clear_focus(demo_db, 1)
    codes = ["food", "health", "home", "logistics"][:n]
    inserts = {-(i + 1): {"branch_id": 1, "industry": c} for i, c in enumerate(codes)}
    saved, problems = save(demo_db, "branch_focus_industries", ChangeSet(inserts=inserts))
    assert (saved is not None) is ok
    if not ok:
        assert [(p.column, p.reason) for p in problems] == [("industry", "v.focus_limit")]
        assert "at most 3" in action_text(SPECS["branch_focus_industries"], problems, "en", demo_db)
        assert demo_db.execute("SELECT COUNT(*) FROM branch_focus_industries WHERE branch_id = 1").fetchone()[0] == 0


def test_the_focus_limit_is_rules_data(demo_db):
    _clear_focus(demo_db, 1)
    demo_db.execute("UPDATE rule_params SET value = 4 WHERE code = 'r3_max_focus_industries'")
    demo_db.conn.commit()
    inserts = {-(i + 1): {"branch_id": 1, "industry": c} for i, c in enumerate(["food", "health", "home", "farming"])}
    saved, problems = save(demo_db, "branch_focus_industries", ChangeSet(inserts=inserts))
    assert problems == []


# --- competitors ----------------------------------------------------------------------------


def test_a_second_spelling_of_a_listed_competitor_is_refused_naming_the_first(demo_db):
    first = demo_db.execute("SELECT name FROM competitors ORDER BY id LIMIT 1").fetchone()[0]
    spelled = " ".join(first)  # spaces between the characters: the same firm
    saved, problems = save(demo_db, "competitors", ChangeSet(inserts={-1: {"name": spelled}}))
    assert saved is None and [(p.row, p.column, p.reason) for p in problems] == [(-1, "name", "v.same_competitor")]
    assert first in action_text(SPECS["competitors"], problems, "en", demo_db)
    saved, problems = save(demo_db, "competitors", ChangeSet(inserts={-1: {"name": "全新对手咨询"}}))
    assert problems == []


def test_a_salesperson_adds_a_competitor_but_deletes_none(demo_db):
    sales = login(demo_db, "sales")
    saved, problems = save(demo_db, "competitors", ChangeSet(inserts={-1: {"name": "销售新见对手"}}), sales)
    assert problems == []
    key = demo_db.execute("SELECT id, version FROM competitors ORDER BY id DESC LIMIT 1").fetchone()
    saved, problems = save(demo_db, "competitors", ChangeSet(deletes={key[0]: key[1]}), sales)
    assert saved is None and [p.reason for p in problems] == ["access.no_delete"]
    assert demo_db["competitors"].get(key[0])["name"] == "销售新见对手"


# --- the model ------------------------------------------------------------------------------


def load(db, access=ADMIN, **kw) -> portraits.PortraitsModel:
    return portraits.load(db, access, as_of=ANCHOR, lang="en", **kw)


def test_a_criterion_threshold_edit_moves_the_matching_count(demo_db):
    before = load(demo_db)
    crit = demo_db.execute(
        "SELECT c.id FROM r3_criteria c JOIN r3_forces f ON f.id = c.force_id "
        "WHERE f.portrait_id = ? AND c.field = 'customer_revenue'",
        [active_id(demo_db)],
    ).fetchone()[0]
    saved, problems = save(demo_db, "r3_criteria", update(demo_db, "r3_criteria", crit, {"threshold": 1}))
    assert problems == []
    after = load(demo_db)
    assert int(after.frame["matches"].sum()) > int(before.frame["matches"].sum())
    assert after.metrics[0].value != before.metrics[0].value


def test_two_versions_compared_move_customers_in_and_out(demo_db):
    m = load(demo_db)
    earlier, later = m.default_pair()
    assert (earlier, later) == (4, 5)  # 2023 and the active 2024
    c = m.compare(later, earlier)  # either order: the earlier by year first
    assert (c.earlier, c.later) == (4, 5)
    a = m.fit_all[4]["matches"].reindex(m.frame.index)
    b = m.fit_all[5]["matches"].reindex(m.frame.index)
    assert c.counts == (int(a.sum()), int(b.sum()))
    assert len(c.moved_in) == int((b & ~a).sum()) and len(c.moved_out) == int((a & ~b).sum())
    assert c.cooperation[1] == pytest.approx(float(m.frame.loc[b, "coop"].sum()))


def test_a_draft_that_cannot_be_scored_is_named_in_the_comparison(demo_db):
    demo_db.execute("INSERT INTO r3_forces (portrait_id, label_zh, label_en) VALUES (3, '空', 'Empty')")
    demo_db.conn.commit()
    m = load(demo_db)
    assert 3 in m.refused and "incomplete draft" in m.label(3)
    assert isinstance(m.compare(3, 5), str)


def test_near_misses_name_the_force_they_miss(demo_db):
    m = load(demo_db)
    assert len(m.near.frame) == int(m.frame["near_miss"].sum()) > 0
    forces = {"Strength", "Learning ability", "Dream power"}
    assert all(str(text).split(":")[0] in forces for text in m.near.frame["Missing (the force not met)"])


def test_a_salesperson_sees_the_maps_of_their_own_customers_only(demo_db):
    sales = login(demo_db, "sales")
    m = load(demo_db, sales)
    own = {r[0] for r in demo_db.execute("SELECT id FROM customers WHERE owner_id = ?", [sales.person_id])}
    assert set(m.frame.index) <= own and len(m.frame)
    assert set(pd.to_numeric(m.maps.contacts["customer_id"])) <= own
    names = {r[0] for r in demo_db.execute("SELECT name FROM customers WHERE owner_id <> ?", [sales.person_id])}
    assert not set(m.maps.flags["Customer"]) & names


def test_the_page_model_of_an_empty_tool(tmp_path: Path):
    db = kamdb.connect(tmp_path / "empty.db")
    m = load(db)
    assert m.matches.frame.empty and m.near.frame.empty and m.maps.flags.empty and m.maps.competitors.empty
    assert m.metrics[0].value == "0"


def test_the_key_accounts_flags_follow_the_maps(demo_db):
    m = load(demo_db)
    flagged = sorted(m.maps.flagged)
    assert flagged
    customer = flagged[0]
    gap = m.maps.flags.loc[m.maps.flags["Customer"] == m.names[customer], "Gap"].iloc[0]
    # A decision maker who supports closes both gaps.
    demo_db.execute(
        "INSERT INTO customer_contacts (customer_id, name, decision_role, stance, closeness, reviewed_on) "
        "VALUES (?, '新决策人', 'decision_maker', 'support', 4, ?)",
        [customer, ANCHOR.isoformat()],
    )
    demo_db.conn.commit()
    assert gap and customer not in load(demo_db).maps.flagged


# --- user text in the graph -----------------------------------------------------------------

HOSTILE = '"]; x [URL="javascript:alert(1)" label="pwn'


def _outside_strings(dot: str) -> str:
    """DOT with every quoted string removed (escapes honoured): what Graphviz parses as syntax."""
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', dot)


def test_hostile_names_stay_inside_their_labels_in_the_map(demo_db):
    customer = demo_db.execute("SELECT id FROM customers LIMIT 1").fetchone()[0]
    demo_db.execute("UPDATE customers SET name = ? WHERE id = ?", [HOSTILE + "\\", customer])
    demo_db.execute(
        "INSERT INTO customer_contacts (customer_id, name, title, decision_role, stance, closeness) "
        "VALUES (?, ?, ?, 'opponent', 'against', 5)",
        [customer, HOSTILE, "<b>{a|b}</b>\\N\nline"],
    )
    demo_db.conn.commit()
    dot = load(demo_db).maps.dot(customer)
    syntax = _outside_strings(dot)
    assert "URL" not in syntax and "javascript" not in syntax and "pwn" not in syntax
    assert syntax.count("[") == syntax.count("]") and "\n  k" in dot
    assert "\\N" not in dot.replace("\\\\", "")  # a Graphviz escape only as the text "\N"


def test_the_map_is_drawn_in_a_stable_order(demo_db):
    m = load(demo_db)
    customer = next(iter(m.maps.flagged))
    assert m.maps.dot(customer) == load(demo_db).maps.dot(customer)
    assert isinstance(m.maps, MapsView)


# --- migration 018 --------------------------------------------------------------------------


def test_018_keeps_one_competitor_per_normalised_name_and_moves_the_prices(tmp_path: Path):
    from kam import schema  # noqa: F401  (registers the migrations)

    path = tmp_path / "old.db"
    old = kamdb.connect(path, migrate=False)
    kamdb.migrations.apply(old, stop_before="018_portrait_maps")
    old.execute("INSERT INTO branches (id, name) VALUES (1, 'B')")
    old.execute("INSERT INTO customers (id, name, branch_id) VALUES (1, 'C1', 1), (2, 'C2', 1)")
    rows = [
        (1, "华夏商学院", "总裁班", 100_000, "2025-01-01", 3),
        (1, "华夏 商学院", "总裁班", 90_000, "2025-06-01", 4),  # the same firm, spelled apart
        (2, "ＨＸ Academy", "内训", None, None, 2),
        (2, "hx academy", "内训", 50_000, "2025-03-01", 2),
    ]
    old.conn.executemany(
        "INSERT INTO customer_competitors (customer_id, competitor, offer, price, price_date, relationship_strength) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    old.conn.commit()
    old.conn.close()
    db = kamdb.connect(path)
    assert db.execute("SELECT name FROM competitors ORDER BY id").fetchall() == [("华夏商学院",), ("ＨＸ Academy",)]
    assert db.execute(
        "SELECT customer_id, competitor_id, offer, relationship_strength FROM customer_competitors ORDER BY id"
    ).fetchall() == [(1, 1, "总裁班", 3), (2, 2, "内训", 2)]
    assert db.execute(
        "SELECT customer_id, competitor_id, price_date, price FROM competitor_prices ORDER BY price_date"
    ).fetchall() == [(1, 1, "2025-01-01", 100_000), (2, 2, "2025-03-01", 50_000), (1, 1, "2025-06-01", 90_000)]
    words = db.execute("SELECT keywords FROM r3_focus_industries WHERE code = 'food'").fetchone()[0]
    assert "食品" in words
    assert loaded_frame(db, SPECS["customer_competitors"]).shape[0] == 2


def test_a_salesperson_reads_no_other_branchs_name_on_the_focus_tab(demo_db):
    sales = login(demo_db, "sales")
    mine = {
        r[0]
        for r in demo_db.execute(
            "SELECT name FROM branches WHERE id IN (SELECT branch_id FROM people WHERE id = ?)", [sales.person_id]
        )
    }
    others = {r[0] for r in demo_db.execute("SELECT name FROM branches")} - mine
    m = load(demo_db, sales)
    shown = " ".join(m.maps.focus["Chosen by"].astype(str)) + " ".join(
        m.maps.competitors["Strongest in branch"].astype(str)
    )
    assert not any(name in shown for name in others)


def test_018_keeps_odd_names_apart_undated_prices_and_every_offer(tmp_path: Path):
    from kam import schema  # noqa: F401  (registers the migrations)

    path = tmp_path / "odd.db"
    old = kamdb.connect(path, migrate=False)
    kamdb.migrations.apply(old, stop_before="018_portrait_maps")
    old.execute("INSERT INTO branches (id, name) VALUES (1, 'B')")
    old.execute("INSERT INTO customers (id, name, branch_id) VALUES (1, 'C1', 1)")
    rows = [
        ("C++ Partners", "A", 10, None, None),  # a price without a date
        ("C# Partners", None, None, None, 2),  # symbols kept: another firm
        ("", None, None, None, None),
        ("   ", None, None, None, None),  # blank: one "—" competitor with the empty one
        ("---", None, None, None, None),  # nothing left once stripped: not merged with the blank
        ("Tab\tCo", "X", None, None, None),
        ("Tab Co", "Y", 20, "2025-01-01", 4),  # the same firm: the offers both kept, the strength taken
    ]
    old.conn.executemany(
        "INSERT INTO customer_competitors (customer_id, competitor, offer, price, price_date, relationship_strength) "
        "VALUES (1, ?, ?, ?, ?, ?)",
        rows,
    )
    old.conn.commit()
    old.conn.close()
    db = kamdb.connect(path)
    names = [r[0] for r in db.execute("SELECT name FROM competitors ORDER BY id")]
    assert names == ["C++ Partners", "C# Partners", "—", "---", "Tab\tCo"]
    links = db.execute(
        "SELECT c.name, l.offer, l.relationship_strength FROM customer_competitors l "
        "JOIN competitors c ON c.id = l.competitor_id ORDER BY l.id"
    ).fetchall()
    assert links[-1] == ("Tab\tCo", "X; Y", 4) and len(links) == 5
    assert db.execute("SELECT price_date, price FROM competitor_prices ORDER BY price").fetchall() == [
        (None, 10),
        ("2025-01-01", 20),
    ]


def test_018_splits_the_2022_purchasing_power_so_a_match_needs_revenue_and_budget(demo_db):
    forces = demo_db.execute(
        "SELECT f.label_en, group_concat(c.field) FROM r3_forces f JOIN r3_portraits p ON p.id = f.portrait_id "
        "LEFT JOIN r3_criteria c ON c.force_id = f.id WHERE p.year = 2022 GROUP BY f.id ORDER BY f.id"
    ).fetchall()
    assert ("Purchasing power (revenue)", "customer_revenue") in forces
    assert ("Purchasing power (learning budget)", "learning_spend_year") in forces
    m = load(demo_db)
    pid = demo_db.execute("SELECT id FROM r3_portraits WHERE year = 2022").fetchone()[0]
    rows = m.fit_all[pid]
    assert int(rows["forces"].iloc[0]) == 4


def test_a_manager_adds_a_competitor_but_renames_none(demo_db):
    manager = login(demo_db, "manager")
    saved, problems = save(demo_db, "competitors", ChangeSet(inserts={-1: {"name": "经理新见对手"}}), manager)
    assert problems == []
    key, version = demo_db.execute("SELECT id, version FROM competitors ORDER BY id LIMIT 1").fetchone()
    before = dump(demo_db, "competitors")
    change = ChangeSet(updates={key: {"name": "改名", "note": "x"}}, versions={key: version})
    saved, problems = save(demo_db, "competitors", change, manager)
    assert saved is None and [p.reason for p in problems] == ["access.insert_only"]
    assert dump(demo_db, "competitors") == before
    saved, problems = save(demo_db, "competitors", change)  # an admin renames
    assert problems == []


@pytest.mark.parametrize(("bar", "ok"), [(-1, False), (0, True), (5, True), (6, False)])
def test_a_rating_criterion_s_minimum_is_within_0_to_5(demo_db, bar, ok):
    crit = demo_db.execute("SELECT id FROM r3_criteria WHERE test = 'rating' LIMIT 1").fetchone()[0]
    saved, problems = save(demo_db, "r3_criteria", update(demo_db, "r3_criteria", crit, {"threshold": bar}))
    assert (saved is not None) is ok
    if not ok:
        assert [(p.row, p.column, p.reason) for p in problems] == [(crit, "threshold", "v.rating_range")]


def test_a_focus_industry_chosen_twice_is_refused_and_named_by_branch_and_industry(demo_db):
    branch, industry = demo_db.execute("SELECT branch_id, industry FROM branch_focus_industries LIMIT 1").fetchone()
    change = ChangeSet(inserts={-1: {"branch_id": branch, "industry": industry}})
    saved, problems = save(demo_db, "branch_focus_industries", change)
    assert saved is None and [(p.column, p.reason) for p in problems] == [("industry", "v.focus_twice")]
    names = demo_db.execute(
        "SELECT b.name, f.label_zh FROM branches b, r3_focus_industries f WHERE b.id = ? AND f.code = ?",
        [branch, industry],
    ).fetchone()
    spec = SPECS["branch_focus_industries"]
    text = problems_text(spec, loaded_frame(demo_db, spec), change, problems, "zh", demo_db)
    assert f"{names[0]} × {names[1]}" in text


def test_a_near_miss_reads_its_criteria_as_they_test_today(demo_db):
    crit = demo_db.execute(
        "SELECT c.id FROM r3_criteria c JOIN r3_forces f ON f.id = c.force_id "
        "WHERE f.portrait_id = ? AND c.field = 'customer_revenue'",
        [active_id(demo_db)],
    ).fetchone()[0]
    save(demo_db, "r3_criteria", update(demo_db, "r3_criteria", crit, {"threshold": 123_456_789}))
    texts = " ".join(load(demo_db).near.frame["Missing (the force not met)"])
    assert "Strength: Customer revenue ≥ 123,456,789 / Profit ≥ 30,000,000" in texts
