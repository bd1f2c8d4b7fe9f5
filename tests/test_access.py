"""Roles and row scope (issue 12, kam/store/access.py), at the store: every table read by
a salesperson, a manager and HR returns exactly the rows of the role table, computed here
independently in SQL from the reporting tree; a table a role has no rule for is closed;
a save outside the write scope is refused naming the row, the database unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import sqlite_utils

from kam import db as kamdb
from kam import edit
from kam.specs import SPECS
from kam.store.access import AccessDenied, access_for, nobody, read_table, readable_keys, unrestricted
from kam.store.frames import loaded_frame
from kam.store.rules import RULES_TABLES
from kam.store.users import Account
from kam.types import ChangeSet, ColumnSpec, TableSpec

INTERNAL = {"table_changes", "_sqlite_migrations", "audit"}  # the audit: through kam.views.changes
ME = {"sales": 7, "manager": 1, "director": 4}  # demo people (kam/demo/accounts.py: manager 1, sales 7)

# The subtree of :me, and each scoped table's rows, written again in SQL (the oracle).
SUBTREE = "WITH RECURSIVE sub(id) AS (SELECT :me UNION SELECT p.id FROM people p JOIN sub ON p.manager_id = sub.id) "
BRANCH_OF = "COALESCE(p.branch_id, (SELECT t.branch_id FROM teams t WHERE t.id = p.team_id))"


def oracle(role: str) -> dict[str, str]:
    """Table -> the SQL of the ids a role reads (with :me, :branch); a table absent is closed."""
    people = "SELECT id FROM sub" if role == "manager" else "SELECT :me"
    unowned = " OR (owner_id IS NULL AND branch_id = :branch)" if role == "manager" else ""
    customers = f"SELECT id FROM customers WHERE owner_id IN ({people}){unowned}"
    orders = f"SELECT id FROM orders WHERE owner_id IN ({people}) OR customer_id IN ({customers})"
    heads = (
        f"SELECT {BRANCH_OF} FROM people p WHERE p.id IN ({people}) AND (p.manager_id IS NULL OR "
        f"COALESCE((SELECT {BRANCH_OF.replace('p.', 'q.')} FROM people q WHERE q.id = p.manager_id), -1) "
        f"<> {BRANCH_OF})"
    )
    led = f"SELECT id FROM teams WHERE leader_id IN ({people})"
    out = {
        "people": f"SELECT id FROM people WHERE id IN ({people})",
        "customers": customers,
        "orders": orders,
        **{t: f"SELECT id FROM {t} WHERE order_id IN ({orders})" for t in ("order_key_messages", "order_milestones")},
        "stuck_analyses": f"SELECT id FROM stuck_analyses WHERE order_id IN ({orders})",
        **{
            t: f"SELECT id FROM {t} WHERE customer_id IN ({customers})"
            for t in ("customer_contacts", "customer_competitors", "competitor_prices")
        },
        "competitors": "SELECT id FROM competitors",  # one shared list (issue 16)
        "meetings": f"SELECT id FROM meetings WHERE person_id IN ({people})",
        **{
            t: f"SELECT id FROM {t} WHERE person_id IN ({people})"
            for t in (
                "camp_enrolments",
                "clearance_results",
                "hr_assessments",
                "star_snapshots",
                "camp_points",
                "commission_snapshots",
            )
            if t != "hr_assessments" or role != "manager"  # HR's scores of a manager's people are HR's
        },
        "closed_periods": "SELECT id FROM closed_periods",
        "targets": (
            f"SELECT id FROM targets WHERE (entity_type = 'person' AND entity_id IN ({people})) "
            f"OR (entity_type = 'team' AND entity_id IN ({led}))"
            + (f" OR (entity_type = 'branch' AND entity_id IN ({heads}))" if role == "manager" else "")
        ),
        "teams": (
            f"SELECT id FROM teams WHERE id IN (SELECT team_id FROM people WHERE id IN ({people})) OR id IN ({led})"
        ),
        "branches": (
            f"SELECT id FROM branches WHERE id IN (SELECT {BRANCH_OF} FROM people p WHERE p.id IN ({people})) "
            f"OR id IN (SELECT branch_id FROM customers WHERE id IN ({customers}))"
            + (" OR id = :branch" if role == "manager" else "")
        ),
        "honors": "SELECT id FROM honors",
        **{t: f"SELECT rowid FROM [{t}]" for t in RULES_TABLES},
    }
    # A branch's focus industries: those of the branches the role reads (issue 16).
    out["branch_focus_industries"] = f"SELECT id FROM branch_focus_industries WHERE branch_id IN ({out['branches']})"
    return out


HR_READS = (
    "people",
    "camp_enrolments",
    "clearance_results",
    "hr_assessments",
    "star_snapshots",
    "camp_points",
    "closed_periods",
    "teams",
    "branches",
    "targets",
    "commission_snapshots",
)


@pytest.fixture(scope="module")
def demo(template_db: Path) -> sqlite_utils.Database:
    return kamdb.connect(template_db)


def account(role: str, person: int | None, uid: int = 99) -> Account:
    return Account(id=uid, login=role, display_name=role, role=role, person_id=person)


def ids(db: sqlite_utils.Database, sql: str, **params: object) -> set:
    return {r[0] for r in db.execute(SUBTREE + sql, {"me": None, "branch": None, **params}).fetchall()}


def tables(db: sqlite_utils.Database) -> list[str]:
    return sorted(set(db.table_names()) - INTERNAL)


def branch_of(db: sqlite_utils.Database, person: int) -> int:
    return db.execute(f"SELECT {BRANCH_OF} FROM people p WHERE p.id = ?", [person]).fetchone()[0]


def key_set(db: sqlite_utils.Database, table: str, frame: pd.DataFrame) -> set:
    pk = db[table].pks[0]
    if pk == "rowid":
        return set(frame.index)
    return set(frame[pk])


def rules_keys(db: sqlite_utils.Database, table: str) -> set:
    pk = db[table].pks[0]
    return {r[0] for r in db.execute(f"SELECT [{pk}] FROM [{table}]").fetchall()}


@pytest.mark.parametrize(
    ("role", "person"), [("sales", ME["sales"]), ("sales", 25), ("manager", ME["manager"]), ("manager", ME["director"])]
)
def test_every_table_read_by_a_scoped_role_is_exactly_its_rows(
    demo: sqlite_utils.Database, role: str, person: int
) -> None:
    access = access_for(demo, account(role, person), f"{role} #u99")
    expected = oracle(role)
    for table in tables(demo):
        if table not in expected:
            with pytest.raises(AccessDenied):
                read_table(demo, access, table)
            assert readable_keys(demo, access, table) == frozenset(), table
            continue
        got = read_table(demo, access, table)
        if table in RULES_TABLES:
            assert key_set(demo, table, got) == rules_keys(demo, table), table
            continue
        want = ids(demo, expected[table], me=person, branch=branch_of(demo, person))
        assert set(got["id"]) == want, table
        keys = readable_keys(demo, access, table)
        assert keys is None or set(keys) == want, table


def test_the_scoped_reads_are_not_empty_on_the_demo(demo: sqlite_utils.Database) -> None:
    """The comparison above means something: each role sees some rows and not all."""
    for role in ("sales", "manager"):
        access = access_for(demo, account(role, ME[role]), role)
        for table in ("customers", "orders", "people", "targets", "meetings"):
            n = len(read_table(demo, access, table))
            assert 0 < n < demo[table].count, (role, table, n)


def test_hr_reads_people_and_talent_of_everyone_and_no_customer_or_order(demo: sqlite_utils.Database) -> None:
    access = access_for(demo, account("hr", None), "hr #u99")
    for table in tables(demo):
        if table in HR_READS or table in RULES_TABLES or table == "honors":
            assert len(read_table(demo, access, table)) == demo[table].count, table
        else:
            with pytest.raises(AccessDenied):
                read_table(demo, access, table)


def test_an_admin_reads_every_table_whole_but_never_a_password_hash(demo: sqlite_utils.Database) -> None:
    access = access_for(demo, account("admin", None), "admin #u99")
    for table in tables(demo):
        got = read_table(demo, access, table)
        assert len(got) == demo[table].count, table
        assert "password_hash" not in got.columns


@pytest.mark.parametrize("role", ["manager", "sales", "nobody"])
def test_a_manager_or_salesperson_without_a_person_or_an_unknown_role_reads_no_row(
    demo: sqlite_utils.Database, role: str
) -> None:
    access = access_for(demo, account(role, None), "x #u99")
    for table in ("customers", "orders", "people", "targets"):
        if access.reads(table):
            assert read_table(demo, access, table).empty, table
        else:
            with pytest.raises(AccessDenied):
                read_table(demo, access, table)


def test_nobody_signed_in_has_no_access(demo: sqlite_utils.Database) -> None:
    with pytest.raises(AccessDenied):
        access_for(demo, None, "")
    assert not nobody().reads("customers")


# --- saves outside the scope ----------------------------------------------------------


def dump(db: sqlite_utils.Database) -> list[str]:
    return list(db.conn.iterdump())


def other_customer(db: sqlite_utils.Database, person: int) -> int:
    return db.execute(
        "SELECT id FROM customers WHERE owner_id IS NOT NULL AND owner_id <> ? ORDER BY id LIMIT 1", [person]
    ).fetchone()[0]


def own_customer(db: sqlite_utils.Database, person: int) -> int:
    return db.execute("SELECT id FROM customers WHERE owner_id = ? ORDER BY id LIMIT 1", [person]).fetchone()[0]


# The orders have no grid yet (the order board's issue): a spec of two of their columns.
ORDERS = TableSpec("orders", "id", (ColumnSpec("id", "int", editable=False), ColumnSpec("amount", "money")))


def save(db: sqlite_utils.Database, table: str, changes: ChangeSet, access) -> tuple:
    spec = ORDERS if table == "orders" else SPECS[table]
    return edit.save_change_set(db, spec, loaded_frame(db, spec), changes, access, lang="en")


def update(db: sqlite_utils.Database, table: str, key: int, values: dict) -> ChangeSet:
    version = db.execute(f"SELECT version FROM [{table}] WHERE id = ?", [key]).fetchone()[0]
    return ChangeSet(updates={key: values}, versions={key: version})


def as_role(db: sqlite_utils.Database, role: str, person: int | None) -> object:
    return access_for(db, account(role, person), f"{role} #u99")


def refused_rows(result: tuple) -> list:
    saved, problems = result
    assert saved is None
    return [(p.row, p.reason) for p in problems]


def test_sales_edits_their_own_customer(demo_db: sqlite_utils.Database) -> None:
    mine = own_customer(demo_db, ME["sales"])
    saved, problems = save(
        demo_db, "customers", update(demo_db, "customers", mine, {"employees": 77}), as_role(demo_db, "sales", 7)
    )
    assert problems == [] and saved is not None
    assert demo_db.execute("SELECT employees FROM customers WHERE id = ?", [mine]).fetchone()[0] == 77
    user = demo_db.execute("SELECT user FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert user == "sales #u99"  # the audit names the signed-in user


def test_sales_cannot_change_someone_elses_customer_a_forged_key(demo_db: sqlite_utils.Database) -> None:
    theirs = other_customer(demo_db, ME["sales"])
    before = dump(demo_db)
    changes = update(demo_db, "customers", theirs, {"employees": 77})
    assert refused_rows(save(demo_db, "customers", changes, as_role(demo_db, "sales", 7))) == [
        (theirs, "access.out_of_scope")
    ]
    assert dump(demo_db) == before


def test_sales_cannot_hand_their_customer_to_someone_else(demo_db: sqlite_utils.Database) -> None:
    mine = own_customer(demo_db, ME["sales"])
    before = dump(demo_db)
    changes = update(demo_db, "customers", mine, {"owner_id": 8})
    assert refused_rows(save(demo_db, "customers", changes, as_role(demo_db, "sales", 7))) == [
        (mine, "access.out_of_scope"),
        (mine, "access.ref_out_of_scope"),  # and person 8 is not one the dropdown offers
    ]
    assert dump(demo_db) == before


@pytest.mark.parametrize(("owner", "ok"), [(7, True), (8, False), (None, False)])
def test_sales_adds_a_customer_only_as_its_owner(demo_db: sqlite_utils.Database, owner: int | None, ok: bool) -> None:
    before = dump(demo_db)
    changes = ChangeSet(inserts={-1: {"name": "新客户甲", "owner_id": owner, "branch_id": 1}})
    saved, problems = save(demo_db, "customers", changes, as_role(demo_db, "sales", 7))
    if ok:
        assert problems == [] and saved is not None
    else:
        assert saved is None and (-1, "access.out_of_scope") in [(p.row, p.reason) for p in problems]
        assert dump(demo_db) == before


def test_a_change_set_with_one_row_out_of_scope_saves_nothing(demo_db: sqlite_utils.Database) -> None:
    mine, theirs = own_customer(demo_db, 7), other_customer(demo_db, 7)
    v = {k: demo_db.execute("SELECT version FROM customers WHERE id = ?", [k]).fetchone()[0] for k in (mine, theirs)}
    changes = ChangeSet(updates={mine: {"employees": 5}, theirs: {"employees": 6}}, versions=v)
    before = dump(demo_db)
    assert refused_rows(save(demo_db, "customers", changes, as_role(demo_db, "sales", 7))) == [
        (theirs, "access.out_of_scope")
    ]
    assert dump(demo_db) == before


def test_sales_cannot_delete_an_order_of_someone_else(demo_db: sqlite_utils.Database) -> None:
    access = as_role(demo_db, "sales", 7)
    theirs = demo_db.execute(
        "SELECT id FROM orders WHERE owner_id <> 7 "
        "AND customer_id NOT IN (SELECT id FROM customers WHERE owner_id = 7) "
        "AND id NOT IN (SELECT renew_of FROM orders WHERE renew_of IS NOT NULL) ORDER BY id LIMIT 1"
    ).fetchone()[0]
    version = demo_db.execute("SELECT version FROM orders WHERE id = ?", [theirs]).fetchone()[0]
    before = dump(demo_db)
    result = save(demo_db, "orders", ChangeSet(deletes={theirs: version}), access)
    assert refused_rows(result) == [(theirs, "access.out_of_scope")]
    assert dump(demo_db) == before


@pytest.mark.parametrize("role", ["hr", "sales"])
def test_hr_and_sales_cannot_save_what_they_only_read(demo_db: sqlite_utils.Database, role: str) -> None:
    person = None if role == "hr" else 7
    access = as_role(demo_db, role, person)
    table = "orders" if role == "hr" else "targets"
    key = demo_db.execute(
        "SELECT id FROM orders WHERE owner_id = 7 LIMIT 1"
        if table == "orders"
        else "SELECT id FROM targets WHERE entity_type = 'person' AND entity_id = 7 LIMIT 1"
    ).fetchone()[0]
    before = dump(demo_db)
    column = "amount"
    result = save(demo_db, table, update(demo_db, table, key, {column: 1}), access)
    assert [p.reason for p in result[1]] == ["access.no_write"] and result[0] is None
    assert dump(demo_db) == before


def test_hr_edits_any_persons_record(demo_db: sqlite_utils.Database) -> None:
    saved, problems = save(
        demo_db, "people", update(demo_db, "people", 30, {"name": "李辉二"}), as_role(demo_db, "hr", None)
    )
    assert problems == [] and saved is not None


def test_a_manager_changes_the_targets_of_those_under_them_not_their_own(demo_db: sqlite_utils.Database) -> None:
    access = as_role(demo_db, "manager", 4)  # a director: a team leader
    under = demo_db.execute("SELECT id FROM targets WHERE entity_type = 'person' AND entity_id = 7 LIMIT 1").fetchone()[
        0
    ]
    saved, problems = save(demo_db, "targets", update(demo_db, "targets", under, {"amount": 123}), access)
    assert problems == [] and saved is not None
    own = demo_db.execute("SELECT id FROM targets WHERE entity_type = 'team' AND entity_id = 1 LIMIT 1").fetchone()[0]
    before = dump(demo_db)
    assert refused_rows(save(demo_db, "targets", update(demo_db, "targets", own, {"amount": 5}), access)) == [
        (own, "access.out_of_scope")
    ]
    assert dump(demo_db) == before


def test_a_manager_assigns_an_unowned_customer_of_their_branch_within_their_subtree(
    demo_db: sqlite_utils.Database,
) -> None:
    access = as_role(demo_db, "manager", 1)
    unowned = demo_db.execute("SELECT id FROM customers WHERE owner_id IS NULL AND branch_id = 1 LIMIT 1").fetchone()[0]
    saved, problems = save(demo_db, "customers", update(demo_db, "customers", unowned, {"owner_id": 7}), access)
    assert problems == [] and saved is not None
    mine = own_customer(demo_db, 7)
    before = dump(demo_db)  # to someone of another branch: out of the subtree
    assert refused_rows(save(demo_db, "customers", update(demo_db, "customers", mine, {"owner_id": 25}), access)) == [
        (mine, "access.out_of_scope"),
        (mine, "access.ref_out_of_scope"),
    ]
    assert dump(demo_db) == before


def test_an_unowned_customer_of_another_branch_is_not_the_managers(demo_db: sqlite_utils.Database) -> None:
    access = as_role(demo_db, "manager", 1)
    other = demo_db.execute("SELECT id FROM customers WHERE owner_id IS NULL AND branch_id = 2 LIMIT 1").fetchone()[0]
    assert other not in access.customers
    assert refused_rows(save(demo_db, "customers", update(demo_db, "customers", other, {"owner_id": 7}), access)) == [
        (other, "access.out_of_scope")
    ]


def test_a_manager_cannot_edit_their_own_people_record(demo_db: sqlite_utils.Database) -> None:
    access = as_role(demo_db, "manager", 4)
    assert refused_rows(save(demo_db, "people", update(demo_db, "people", 4, {"name": "李敏新"}), access)) == [
        (4, "access.out_of_scope")
    ]
    saved, problems = save(demo_db, "people", update(demo_db, "people", 7, {"name": "廖晨新"}), access)
    assert problems == [] and saved is not None


def test_the_rules_are_written_by_an_admin_only(demo_db: sqlite_utils.Database) -> None:
    spec = SPECS["r2_tiers"]
    loaded = loaded_frame(demo_db, spec)
    key = loaded.index[0]
    changes = ChangeSet(updates={key: {"label_en": "Top"}}, versions={key: int(loaded.at[key, "version"])})
    for role, person in (("manager", 1), ("hr", None), ("sales", 7)):
        result = edit.save_change_set(demo_db, spec, loaded, changes, as_role(demo_db, role, person))
        assert [p.reason for p in result[1]] == ["access.no_write"]
    result = edit.save_change_set(demo_db, spec, loaded, changes, unrestricted("admin #u1"))
    assert result[1] == []


# --- the reporting tree and the teams' leaders agree ----------------------------------


def test_a_team_member_must_report_to_the_teams_leader(demo_db: sqlite_utils.Database) -> None:
    before = dump(demo_db)
    # Partner 7 is in team 1 (leader 4): reporting to director 5 breaks the tree.
    result = save(demo_db, "people", update(demo_db, "people", 7, {"manager_id": 5}), unrestricted("admin #u1"))
    assert refused_rows(result) == [(7, "v.org_not_under_leader")]
    assert dump(demo_db) == before
    # Moving the person to team 2 with its leader as manager agrees.
    saved, problems = save(
        demo_db, "people", update(demo_db, "people", 7, {"manager_id": 5, "team_id": 2}), unrestricted("admin #u1")
    )
    assert problems == [] and saved is not None


def test_a_manager_cycle_is_refused(demo_db: sqlite_utils.Database) -> None:
    result = save(demo_db, "people", update(demo_db, "people", 1, {"manager_id": 7}), unrestricted("admin #u1"))
    assert "v.org_cycle" in {reason for _, reason in refused_rows(result)}


def test_a_teams_leader_from_another_branch_is_refused(demo_db: sqlite_utils.Database) -> None:
    result = save(demo_db, "teams", update(demo_db, "teams", 1, {"leader_id": 22}), unrestricted("admin #u1"))
    reasons = {reason for _, reason in refused_rows(result)}
    assert "v.org_leader_branch" in reasons


def test_a_move_to_another_branchs_team_must_move_the_branch_too(demo_db: sqlite_utils.Database) -> None:
    admin = unrestricted("admin #u1")
    team, branch = demo_db.execute("SELECT team_id, branch_id FROM people WHERE id = 7").fetchone()
    other, other_branch, leader = demo_db.execute(
        "SELECT id, branch_id, leader_id FROM teams WHERE branch_id <> ? ORDER BY id LIMIT 1", [branch]
    ).fetchone()
    before = dump(demo_db)
    result = save(demo_db, "people", update(demo_db, "people", 7, {"team_id": other, "manager_id": leader}), admin)
    assert refused_rows(result) == [(7, "v.org_team_branch")]
    assert dump(demo_db) == before
    moved = {"team_id": other, "branch_id": other_branch, "manager_id": leader}
    saved, problems = save(demo_db, "people", update(demo_db, "people", 7, moved), admin)
    assert problems == [] and saved is not None
    # A team moved to another branch is not refused for its people, who move one by one.
    saved, problems = save(demo_db, "teams", update(demo_db, "teams", team, {"branch_id": other_branch}), admin)
    assert "v.org_team_branch" not in [p.reason for p in problems]


def test_nobody_is_their_own_recruiter(demo_db: sqlite_utils.Database) -> None:
    admin = unrestricted("admin #u1")
    result = save(demo_db, "people", update(demo_db, "people", 7, {"recruited_by": 7}), admin)
    assert refused_rows(result) == [(7, "v.org_self_recruited")]
    saved, problems = save(demo_db, "people", update(demo_db, "people", 7, {"recruited_by": 4}), admin)
    assert problems == [] and demo_db.execute("SELECT recruited_by FROM people WHERE id = 7").fetchone() == (4,)


def test_the_demo_tree_agrees_with_its_teams(demo: sqlite_utils.Database) -> None:
    from kam.invariants import org_problems
    from kam.store.frames import read_frame

    assert org_problems(read_frame(demo, "people"), read_frame(demo, "teams")) == []


def test_scope_follows_the_tree_as_it_is_now(demo_db: sqlite_utils.Database) -> None:
    """Rights are read at each page run: a person moved away leaves the manager's scope."""
    assert 7 in as_role(demo_db, "manager", 4).people
    save(demo_db, "people", update(demo_db, "people", 7, {"manager_id": 5, "team_id": 2}), unrestricted("admin #u1"))
    assert 7 not in as_role(demo_db, "manager", 4).people
    assert 7 in as_role(demo_db, "manager", 5).people


def test_a_leaver_account_is_inactive_and_reads_nothing_new(demo_db: sqlite_utils.Database) -> None:
    from kam.store.users import deactivate_leavers

    person = demo_db.execute("SELECT person_id FROM users WHERE login = 'sales'").fetchone()[0]
    demo_db.execute("UPDATE people SET left_date = '2026-01-31' WHERE id = ?", [person])
    assert deactivate_leavers(demo_db, dt.date(2026, 2, 1)) >= 1
    assert demo_db.execute("SELECT active FROM users WHERE person_id = ?", [person]).fetchone()[0] == 0


def test_the_grid_locks_the_rows_a_manager_reads_but_may_not_change(demo: sqlite_utils.Database) -> None:
    from kam.store.access import locked_rows

    access = as_role(demo, "manager", 4)
    spec = SPECS["targets"]
    rows = loaded_frame(demo, spec)
    rows = rows[access.mask("targets", rows)]
    locked = locked_rows(demo, access, spec, rows)
    own_team = set(rows.index[(rows["entity_type"] == "team") & (rows["entity_id"] == 1)])
    own = set(rows.index[(rows["entity_type"] == "person") & (rows["entity_id"] == 4)])
    under = set(rows.index[(rows["entity_type"] == "person") & (rows["entity_id"] == 7)])
    assert own_team and under
    assert own_team | own <= locked and not under & locked
    assert locked_rows(demo, unrestricted("admin #u1"), spec, rows) == set()
    people = loaded_frame(demo, SPECS["people"])
    people = people[access.mask("people", people)]
    assert locked_rows(demo, access, SPECS["people"], people) == {4}


@pytest.mark.parametrize(
    ("values", "ok"),
    [
        ({"manager_id": 4}, True),  # still under the director
        ({"manager_id": 1}, False),  # to the director's own manager: out of the subtree
        ({"manager_id": None}, False),  # to nobody: out of the tree
        ({"manager_id": 5, "team_id": 2}, False),  # to another director's team
        ({"team_id": 4}, False),  # a team of another branch
    ],
)
def test_a_manager_cannot_move_their_people_out_of_their_subtree(
    demo_db: sqlite_utils.Database, values: dict, ok: bool
) -> None:
    access = as_role(demo_db, "manager", 4)
    before = dump(demo_db)
    saved, problems = save(demo_db, "people", update(demo_db, "people", 7, values), access)
    assert (saved is not None) == ok, problems
    if not ok:
        assert (7, "access.out_of_scope") in [(p.row, p.reason) for p in problems]
        assert dump(demo_db) == before


@pytest.mark.parametrize("column", ["rank", "command_rank", "join_date", "left_date"])
def test_a_persons_rank_and_dates_are_hrs_not_a_managers(demo_db: sqlite_utils.Database, column: str) -> None:
    value = {"rank": "director", "command_rank": "army", "join_date": "2020-01-01", "left_date": "2026-06-30"}[column]
    before = dump(demo_db)
    result = save(demo_db, "people", update(demo_db, "people", 7, {column: value}), as_role(demo_db, "manager", 4))
    assert refused_rows(result) == [(7, "access.column_not_yours")]
    assert dump(demo_db) == before
    saved, problems = save(
        demo_db, "people", update(demo_db, "people", 7, {column: value}), as_role(demo_db, "hr", None)
    )
    assert problems == [] and saved is not None


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("customers", "developed_by", 30),  # a person of another branch
        ("customers", "branch_id", 3),  # a branch that is not theirs
    ],
)
def test_a_salesperson_cannot_name_a_row_the_dropdown_did_not_offer(
    demo_db: sqlite_utils.Database, table: str, column: str, value: int
) -> None:
    mine = own_customer(demo_db, 7)
    before = dump(demo_db)
    result = save(demo_db, table, update(demo_db, table, mine, {column: value}), as_role(demo_db, "sales", 7))
    assert refused_rows(result) == [(mine, "access.ref_out_of_scope")]
    assert dump(demo_db) == before


def test_an_order_is_booked_on_the_salespersons_own_customers_only(demo_db: sqlite_utils.Database) -> None:
    spec = TableSpec(
        "orders",
        "id",
        (
            ColumnSpec("id", "int", editable=False),
            ColumnSpec("customer_id", "fk", fk_table="customers", fk_label="name"),
            ColumnSpec("owner_id", "fk", fk_table="people", fk_label="name"),
            ColumnSpec("stage", "text"),
            ColumnSpec("amount", "money"),
            ColumnSpec("lock_date", "date"),
        ),
    )
    access = as_role(demo_db, "sales", 7)
    theirs, mine = other_customer(demo_db, 7), own_customer(demo_db, 7)
    new = {"owner_id": 7, "stage": "locked", "amount": 1000, "lock_date": "2026-06-01"}
    before = dump(demo_db)
    for customer, owner, ok in ((theirs, 7, False), (mine, 25, False), (mine, 7, True)):
        changes = ChangeSet(inserts={-1: {**new, "customer_id": customer, "owner_id": owner}})
        saved, problems = edit.save_change_set(demo_db, spec, loaded_frame(demo_db, spec), changes, access)
        assert (saved is not None) == ok, (customer, owner, problems)
        if not ok:
            assert dump(demo_db) == before


def test_a_refusal_names_a_row_outside_the_scope_by_its_key_only(demo_db: sqlite_utils.Database) -> None:
    """A forged target for someone else's person must not tell the manager that person's name."""
    access = as_role(demo_db, "manager", 4)
    spec = SPECS["targets"]
    loaded = loaded_frame(demo_db, spec)
    changes = ChangeSet(inserts={-1: {"entity_type": "person", "entity_id": 30, "period": "2027", "amount": "1"}})
    saved, problems = edit.save_change_set(demo_db, spec, loaded, changes, access)
    assert saved is None and [p.reason for p in problems] == ["access.out_of_scope"]
    name = demo_db.execute("SELECT name FROM people WHERE id = 30").fetchone()[0]
    assert name not in edit.refusal_text(spec, loaded, changes, problems, "zh", demo_db)


# --- every table: a save outside the write scope changes nothing ----------------------


def generic_spec(db: sqlite_utils.Database, table: str) -> TableSpec:
    """A spec of every column of ``table`` (texts, with its foreign keys as such): what a
    forged change set may name, whatever grid a later page gives the table."""
    fks = {fk[3]: fk[2] for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()}
    pk = db[table].pks[0]
    columns = [ColumnSpec(pk, "text", editable=False)]
    for name in db[table].columns_dict:
        if name in (pk, "version", "password_hash"):
            continue
        columns.append(ColumnSpec(name, "fk", fk_table=fks[name]) if name in fks else ColumnSpec(name, "text"))
    return TableSpec(table, pk, tuple(columns))


@pytest.mark.parametrize(("role", "person"), [("sales", 7), ("manager", 4), ("hr", None)])
def test_a_forged_save_of_a_row_outside_the_scope_of_any_table_changes_nothing(
    demo_db: sqlite_utils.Database, role: str, person: int | None
) -> None:
    access = as_role(demo_db, role, person)
    expected = oracle(role) if role != "hr" else {}
    checked = 0
    for table in tables(demo_db):
        spec = generic_spec(demo_db, table)
        pk = spec.pk
        if role == "hr":
            inside = set() if table in HR_READS or table in RULES_TABLES else None
        else:
            inside = (
                ids(demo_db, expected[table], me=person, branch=branch_of(demo_db, person))
                if table in expected
                else None
            )
        row = (
            demo_db.execute(f"SELECT [{pk}], version FROM [{table}] ORDER BY [{pk}] DESC LIMIT 50").fetchall()
            if "version" in demo_db[table].columns_dict
            else []
        )
        # Outside the write scope: a row the role does not read, or any row of a table it
        # only reads (the rules, for one).
        outside = [(k, v) for k, v in row if table in RULES_TABLES or inside is None or k not in inside]
        if not outside or (role == "hr" and access.writes(table)):
            continue
        key, version = outside[0]
        column = next(c.name for c in spec.columns if c.name != pk)
        current = demo_db.execute(f"SELECT [{column}] FROM [{table}] WHERE [{pk}] = ?", [key]).fetchone()[0]
        changes = ChangeSet(updates={key: {column: current}}, versions={key: version})
        writes = demo_db.conn.total_changes  # every row any statement wrote, audit included
        saved, problems = edit.save_change_set(demo_db, spec, loaded_frame(demo_db, spec), changes, access)
        reasons = {p.reason for p in problems}
        assert saved is None and reasons & {"access.no_write", "access.out_of_scope"}, (table, problems)
        assert demo_db.conn.total_changes == writes, table
        checked += 1
    assert checked >= 20  # the loop reached the tables (customers, orders, their rows, people, targets...)


def test_a_manager_cannot_delete_a_persons_record_hr_records_the_leaver(demo_db: sqlite_utils.Database) -> None:
    spare = demo_db.execute(
        "SELECT id, version FROM people WHERE id = 59"  # under the general manager, nothing refers to them
    ).fetchone()
    access = as_role(demo_db, "manager", 1)
    assert spare[0] in access.below
    writes = demo_db.conn.total_changes
    result = save(demo_db, "people", ChangeSet(deletes={spare[0]: spare[1]}), access)
    assert refused_rows(result) == [(spare[0], "access.no_delete")]
    assert demo_db.conn.total_changes == writes


def test_the_audit_list_never_names_a_row_by_another_row_given_its_key(demo_db: sqlite_utils.Database) -> None:
    """A salesperson adds and deletes a customer; another salesperson's new customer gets the
    same key: the first one's history names their own row, not the other's."""
    from kam.views import home

    spec = SPECS["customers"]
    mine, theirs = as_role(demo_db, "sales", 7), as_role(demo_db, "sales", 25)

    def insert(name: str, owner: int, branch: int, access) -> int:
        changes = ChangeSet(inserts={-1: {"name": name, "owner_id": owner, "branch_id": branch}})
        saved, problems = edit.save_change_set(demo_db, spec, loaded_frame(demo_db, spec), changes, access)
        assert problems == [], problems
        return saved.new_keys[-1]

    key = insert("我的临时客户", 7, 1, mine)
    version = int(loaded_frame(demo_db, spec).at[key, "version"])
    assert (
        edit.save_change_set(demo_db, spec, loaded_frame(demo_db, spec), ChangeSet(deletes={key: version}), mine)[1]
        == []
    )
    assert insert("别人的秘密客户", 25, 2, theirs) == key
    listed = home.load(demo_db, mine, as_of=dt.date(2026, 6, 30), lang="zh").recent
    text = " ".join(listed.astype(str).to_numpy().ravel())
    assert "我的临时客户" in text and "别人的秘密客户" not in text
