"""Scope is applied to what leaves kam/ (issue 12): every view refuses to load without a
signed-in user, and a salesperson's or manager's model (rows, lists, filter options, chart
data, exports, the audit list) holds only their scope, while the figures are computed on
all the data they need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlite_utils

from kam import db as kamdb
from kam import edit
from kam.specs import SPECS
from kam.store.access import AccessDenied, access_for
from kam.store.frames import loaded_frame
from kam.store.users import Account
from kam.types import ChangeSet
from kam.views import filters, home, pyramid, settings, targets, users
from tests.conftest import EVERYONE

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo(template_db: Path) -> sqlite_utils.Database:
    return kamdb.connect(template_db)


def as_role(db: sqlite_utils.Database, role: str, person: int | None) -> Any:
    return access_for(db, Account(id=99, login=role, display_name=role, role=role, person_id=person), f"{role} #u99")


def cells(*frames: pd.DataFrame) -> set[str]:
    """Every cell of ``frames`` as text."""
    out: set[str] = set()
    for frame in frames:
        out |= {str(v) for v in frame.astype(str).to_numpy().ravel()}
    return out


def customer_names(db: sqlite_utils.Database, ids: Iterable[int], inside: bool) -> set[str]:
    keys = sorted(ids)
    marks = ", ".join("?" for _ in keys) or "NULL"
    op = "IN" if inside else "NOT IN"
    return {r[0] for r in db.execute(f"SELECT name FROM customers WHERE id {op} ({marks})", keys).fetchall()}


def others_only(db: sqlite_utils.Database, access: Any) -> set[str]:
    """The names of customers outside the scope that no customer inside it shares."""
    mine = customer_names(db, access.customers, True)
    return customer_names(db, access.customers, False) - mine


@pytest.mark.parametrize(
    ("view", "inputs"),
    [
        (filters.load, {}),
        (home.load, {"as_of": AS_OF, "lang": "zh"}),
        (pyramid.load, {"as_of": AS_OF, "lang": "zh"}),
        (targets.load, {"year": 2026, "as_of": AS_OF, "lang": "zh"}),
        (settings.load, {"rule": "R2", "lang": "zh"}),
        (users.load, {"lang": "zh"}),
    ],
    ids=lambda v: getattr(v, "__module__", ""),
)
def test_every_view_refuses_to_load_without_a_user(demo: sqlite_utils.Database, view: Any, inputs: dict) -> None:
    with pytest.raises(AccessDenied):
        view(demo, None, **inputs)


def test_hr_cannot_load_the_pyramid(demo: sqlite_utils.Database) -> None:
    with pytest.raises(AccessDenied):
        pyramid.load(demo, as_role(demo, "hr", None), as_of=AS_OF, lang="zh")


@pytest.mark.parametrize(("role", "person"), [("sales", 7), ("manager", 1), ("manager", 4)])
def test_the_pyramid_holds_only_the_customers_in_scope(demo: sqlite_utils.Database, role: str, person: int) -> None:
    access = as_role(demo, role, person)
    m = pyramid.load(demo, access, as_of=AS_OF, lang="en")
    assert set(m.scored.index) == set(access.customers)
    assert set(m.customers["id"]) == set(access.customers)
    assert set(m.org.people["id"]) == set(access.people)
    assert int(m.tier_chart["frame"]["customers"].sum()) == len(access.customers)
    frames = [m.grid_frame("all"), m.export_frame("all"), m.upgrade.frame, m.mismatched.frame, m.scored]
    leaked = cells(*frames) & others_only(demo, access)
    assert not leaked
    assert customer_names(demo, access.customers, True) <= cells(m.grid_frame("all"))


def test_the_pyramid_figures_count_every_order_of_a_customer(demo: sqlite_utils.Database) -> None:
    """A customer's cooperation counts the orders others own too: the same per customer
    for a salesperson as for an admin."""
    sales = as_role(demo, "sales", 7)
    mine = pyramid.load(demo, sales, as_of=AS_OF, lang="en").scored["cooperation"]
    every = pyramid.load(demo, EVERYONE, as_of=AS_OF, lang="en").scored["cooperation"]
    assert mine.to_dict() == every.reindex(mine.index).to_dict()


def test_the_filter_options_are_the_users(demo: sqlite_utils.Database) -> None:
    sales = filters.load(demo, as_role(demo, "sales", 7))
    assert list(sales.branches) == [1] and list(sales.teams(None)) == [1]
    assert list(sales.owners_of(None, None)) == [7]
    manager = filters.load(demo, as_role(demo, "manager", 1))
    assert set(manager.owners_of(None, None)) <= set(as_role(demo, "manager", 1).people)
    assert list(manager.branches) == [1]
    assert filters.load(demo, EVERYONE).branches.keys() == {1, 2, 3}


def test_the_targets_of_a_salesperson_are_their_own(demo: sqlite_utils.Database) -> None:
    access = as_role(demo, "sales", 7)
    m = targets.load(demo, access, year=2026, as_of=AS_OF, lang="zh")
    assert set(m.targets["entity_type"]) == {"person"} and set(m.targets["entity_id"]) == {7}
    assert set(m.tree["entity_id"]) <= {7} and set(m.progress["entity_id"].dropna()) <= {7}
    assert set(m.entities["entity_type"]) == {"person"} and set(m.entities["entity_id"]) == {7}
    assert m.plan.empty and m.company_targets.empty
    assert m.focus_name == demo.execute("SELECT name FROM people WHERE id = 7").fetchone()[0]
    names = {r[0] for r in demo.execute("SELECT name FROM people WHERE id <> 7").fetchall()}
    names -= {demo.execute("SELECT name FROM people WHERE id = 7").fetchone()[0]}
    assert not cells(m.template(), m.progress, m.tree_rows(True)) & names


def test_a_managers_targets_are_their_subtree_and_they_see_their_branch_first(demo: sqlite_utils.Database) -> None:
    access = as_role(demo, "manager", 1)
    m = targets.load(demo, access, year=2026, as_of=AS_OF, lang="zh")
    people = m.targets[m.targets["entity_type"] == "person"]
    assert set(people["entity_id"]) <= set(access.people)
    assert set(m.targets["entity_type"]) <= {"person", "team", "branch"}
    assert m.focus_name == demo.execute("SELECT name FROM branches WHERE id = 1").fetchone()[0]
    assert m.plan.empty  # the company's plan is not a manager's (the role table grants none)


def test_hr_reads_every_target(demo: sqlite_utils.Database) -> None:
    m = targets.load(demo, as_role(demo, "hr", None), year=2026, as_of=AS_OF, lang="zh")
    assert len(m.targets) == demo["targets"].count and m.plan.empty


def test_the_home_figures_are_the_users(demo: sqlite_utils.Database) -> None:
    sales = as_role(demo, "sales", 7)
    m = home.load(demo, sales, as_of=AS_OF, lang="en")
    assert m.customers == len(sales.customers)
    whole = home.load(demo, EVERYONE, as_of=AS_OF, lang="en")
    assert whole.customers == demo["customers"].count
    hr = home.load(demo, as_role(demo, "hr", None), as_of=AS_OF, lang="en")
    assert hr.customers is None and [x.label for x in hr.metrics] == ["People"]


def test_the_recent_changes_show_only_rows_in_scope(demo_db: sqlite_utils.Database) -> None:
    spec = SPECS["customers"]
    sales = as_role(demo_db, "sales", 7)
    theirs = demo_db.execute("SELECT id, name FROM customers WHERE owner_id = 8 LIMIT 1").fetchone()
    mine = demo_db.execute("SELECT id, name FROM customers WHERE owner_id = 7 LIMIT 1").fetchone()
    for key, user in ((mine[0], sales), (theirs[0], EVERYONE)):
        loaded = loaded_frame(demo_db, spec)
        changes = ChangeSet(updates={key: {"employees": 4321}}, versions={key: int(loaded.at[key, "version"])})
        assert edit.save_change_set(demo_db, spec, loaded, changes, user)[1] == []
    seen = home.load(demo_db, sales, as_of=AS_OF, lang="zh").recent
    assert mine[1] in cells(seen) and theirs[1] not in cells(seen)
    everything = home.load(demo_db, EVERYONE, as_of=AS_OF, lang="zh").recent
    assert {mine[1], theirs[1]} <= cells(everything)


def test_a_deleted_row_of_someone_else_stays_out_even_when_its_key_is_given_again(
    demo_db: sqlite_utils.Database,
) -> None:
    """SQLite gives the highest key again after a delete: the history of the deleted row
    must not become the new row's owner's to read."""
    spec = SPECS["customers"]
    sales = as_role(demo_db, "sales", 7)

    def insert(name: str, owner: int, user: Any) -> int:
        changes = ChangeSet(inserts={-1: {"name": name, "owner_id": owner, "branch_id": 1}})
        saved, problems = edit.save_change_set(demo_db, spec, loaded_frame(demo_db, spec), changes, user)
        assert problems == []
        return saved.new_keys[-1]

    secret = insert("秘密客户乙", 8, EVERYONE)
    loaded = loaded_frame(demo_db, spec)
    changes = ChangeSet(updates={secret: {"employees": 5}}, versions={secret: int(loaded.at[secret, "version"])})
    assert edit.save_change_set(demo_db, spec, loaded, changes, EVERYONE)[1] == []
    version = int(loaded_frame(demo_db, spec).at[secret, "version"])
    assert (
        edit.save_change_set(
            demo_db, spec, loaded_frame(demo_db, spec), ChangeSet(deletes={secret: version}), EVERYONE
        )[1]
        == []
    )
    again = insert("我的新客户", 7, sales)
    assert again == secret  # the key given again
    seen = cells(home.load(demo_db, sales, as_of=AS_OF, lang="zh").recent)
    assert "我的新客户" in seen and "秘密客户乙" not in seen


def test_the_home_figures_of_a_manager_count_their_scope(demo: sqlite_utils.Database) -> None:
    access = as_role(demo, "manager", 4)
    m = home.load(demo, access, as_of=AS_OF, lang="en")
    figures = {x.label: x.value for x in m.metrics}
    people = ", ".join(str(i) for i in access.people)
    customers = ", ".join(str(i) for i in access.customers)
    open_orders = demo.execute(
        f"SELECT COUNT(*) FROM orders WHERE stage NOT IN ('won', 'lost') AND "
        f"(owner_id IN ({people}) OR customer_id IN ({customers}))"
    ).fetchone()[0]
    active = demo.execute(f"SELECT COUNT(*) FROM people WHERE left_date IS NULL AND id IN ({people})").fetchone()[0]
    assert figures["Customers"] == f"{len(access.customers):,}"
    assert figures["Open orders"] == f"{open_orders:,}" and figures["People"] == f"{active:,}"
    whole = {x.label: x.value for x in home.load(demo, EVERYONE, as_of=AS_OF, lang="en").metrics}
    assert whole["Open orders"] != figures["Open orders"] and whole["People"] != figures["People"]


def test_a_salespersons_scoped_list_finds_their_change_behind_many_others(demo_db: sqlite_utils.Database) -> None:
    """The audit list looks further back for a scoped user than one batch of rows."""
    spec = SPECS["customers"]
    sales = as_role(demo_db, "sales", 7)
    mine = demo_db.execute("SELECT id, name FROM customers WHERE owner_id = 7 LIMIT 1").fetchone()
    loaded = loaded_frame(demo_db, spec)
    changes = ChangeSet(updates={mine[0]: {"employees": 999}}, versions={mine[0]: int(loaded.at[mine[0], "version"])})
    assert edit.save_change_set(demo_db, spec, loaded, changes, sales)[1] == []
    busiest = demo_db.execute(
        "SELECT owner_id FROM customers WHERE owner_id <> 7 GROUP BY owner_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    others = demo_db.execute("SELECT id FROM customers WHERE owner_id = ?", [busiest]).fetchall()
    for _ in range(3):  # many changes of someone else's rows after it
        loaded = loaded_frame(demo_db, spec)
        keys = [k for (k,) in others]
        burst = ChangeSet(
            updates={
                k: {"employees": int(0 if pd.isna(loaded.at[k, "employees"]) else loaded.at[k, "employees"]) + 1}
                for k in keys
            },
            versions={k: int(loaded.at[k, "version"]) for k in keys},
        )
        assert edit.save_change_set(demo_db, spec, loaded, burst, EVERYONE)[1] == []
    assert demo_db["audit"].count > 20
    assert mine[1] in cells(home.load(demo_db, sales, as_of=AS_OF, lang="zh").recent)


def test_the_rules_history_is_read_by_every_role(demo_db: sqlite_utils.Database) -> None:
    spec = SPECS["r2_tiers"]
    loaded = loaded_frame(demo_db, spec)
    key = loaded.index[0]
    changes = ChangeSet(updates={key: {"label_en": "Top tier"}}, versions={key: int(loaded.at[key, "version"])})
    assert edit.save_change_set(demo_db, spec, loaded, changes, EVERYONE)[1] == []
    for role, person in (("sales", 7), ("hr", None), ("manager", 1)):
        history = settings.load(demo_db, as_role(demo_db, role, person), rule="R2", lang="en").history["r2_tiers"]
        assert "Top tier" in cells(history)


def test_the_audit_names_an_account_by_its_name_and_its_persons_branch(demo: sqlite_utils.Database) -> None:
    from kam.store.names import acting_names

    uid, name = demo.execute("SELECT id, display_name FROM users WHERE login = 'manager'").fetchone()
    branch = demo.execute("SELECT b.name FROM branches b JOIN people p ON p.branch_id = b.id WHERE p.id = 1").fetchone()
    admin = demo.execute("SELECT id, display_name FROM users WHERE login = 'admin'").fetchone()
    got = acting_names(demo, [f"{name} #u{uid}", f"{admin[1]} #u{admin[0]}", "脚本"])
    assert got[f"{name} #u{uid}"] == (name, branch[0], f"u{uid}")
    assert got[f"{admin[1]} #u{admin[0]}"] == (admin[1], None, f"u{admin[0]}")  # nobody's account: no branch
    assert got["脚本"] == ("脚本", None, None)
