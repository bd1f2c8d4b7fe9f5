"""Accounts an admin manages (issue 12, item 6; kam/auth.py, the users spec and its
invariants): a new account and a reset get a one-time password the user must change; only
an admin manages accounts; the last active admin can be neither demoted nor deactivated;
the account settings keep usable values; the users grid never holds a password."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from kam import auth, edit
from kam.specs import SPECS
from kam.store import users
from kam.store.access import access_for, unrestricted
from kam.store.frames import loaded_frame
from kam.types import ChangeSet

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
USERS = SPECS["users"]


@pytest.fixture
def admin(db: sqlite_utils.Database) -> users.Account:
    account, problems = auth.create_first_admin(db, "admin", "管理员", PASSWORD, PASSWORD, NOW)
    assert problems == [] and account is not None
    return account


def acting(db: sqlite_utils.Database, account: users.Account):
    return access_for(db, account, auth.audit_name(account))


def add(db: sqlite_utils.Database, admin: users.Account, login: str, role: str = "hr", person: int | None = None):
    return auth.create_account(
        db, acting(db, admin), login=login, display_name=login.title(), role=role, person_id=person, now=NOW
    )


def test_a_new_account_gets_a_one_time_password_it_must_change(db: sqlite_utils.Database, admin: users.Account) -> None:
    password, problems = add(db, admin, "wang")
    assert problems == [] and password and len(password) >= 14
    got = auth.sign_in(db, "wang", password, NOW)
    assert got.account is not None and got.account.must_change_password and got.account.role == "hr"
    audit = db.execute("SELECT column_name, new_value, user FROM audit WHERE table_name = 'users'").fetchall()
    assert ("login", "wang", "管理员 #u1") in audit
    assert not [row for row in audit if password in str(row) or "argon2" in str(row)]


def test_two_new_accounts_get_different_passwords(db: sqlite_utils.Database, admin: users.Account) -> None:
    assert add(db, admin, "a")[0] != add(db, admin, "b")[0]


@pytest.mark.parametrize(
    ("login", "role", "person", "problem"),
    [
        ("ADMIN", "hr", None, "users.login_taken"),  # logins are one whatever the case
        ("", "hr", None, "auth.login_needed"),
        ("li", "", None, "users.role_needed"),
        ("li", "sales", None, "users.person_needed"),
        ("li", "manager", None, "users.person_needed"),
    ],
)
def test_an_account_that_cannot_work_is_refused(
    db: sqlite_utils.Database, admin: users.Account, login: str, role: str, person: int | None, problem: str
) -> None:
    before = users.user_count(db)
    password, problems = add(db, admin, login, role, person)
    assert password is None and problems == [problem] and users.user_count(db) == before


@pytest.mark.parametrize("role", ["manager", "hr", "sales"])
def test_only_an_admin_manages_accounts(db: sqlite_utils.Database, admin: users.Account, role: str) -> None:
    db.execute("INSERT INTO branches (id, name) VALUES (1, 'B')")
    db.execute("INSERT INTO ranks (code, label_zh, label_en) VALUES ('p', 'p', 'p') ON CONFLICT DO NOTHING")
    rank = db.execute("SELECT code FROM ranks LIMIT 1").fetchone()[0]
    db.execute("INSERT INTO people (id, name, rank, branch_id, join_date) VALUES (1, 'P', ?, 1, '2026-01-01')", [rank])
    other = users.account(
        db,
        users.create_user(
            db,
            login=role,
            display_name=role,
            role=role,
            password_hash="x",
            at=NOW,
            person_id=None if role == "hr" else 1,
        ),
    )
    with pytest.raises(auth.NotAllowed):
        auth.create_account(db, acting(db, other), login="x", display_name="x", role="hr", person_id=None, now=NOW)
    with pytest.raises(auth.NotAllowed):
        auth.reset_password(db, acting(db, other), admin.id, NOW)


def test_a_reset_gives_a_one_time_password_ends_sessions_and_lifts_a_lock(
    db: sqlite_utils.Database, admin: users.Account
) -> None:
    add(db, admin, "wang")
    uid = db.execute("SELECT id FROM users WHERE login = 'wang'").fetchone()[0]
    for i in range(5):
        auth.sign_in(db, "wang", "wrong", NOW + dt.timedelta(seconds=i))
    before = users.account(db, uid)
    password = auth.reset_password(db, acting(db, admin), uid, NOW + dt.timedelta(minutes=1))
    after = users.account(db, uid)
    assert after.must_change_password and after.session_epoch == before.session_epoch + 1
    assert after.locked_until is None and after.failed_attempts == 0
    assert auth.sign_in(db, "wang", password, NOW + dt.timedelta(minutes=2)).account is not None
    events = [r[0] for r in db.execute("SELECT event FROM sign_ins WHERE user_id = ? ORDER BY id", [uid])]
    assert "password_reset" in events
    audit = db.execute(
        "SELECT old_value, new_value FROM audit WHERE table_name = 'users' AND column_name = 'password'"
    ).fetchall()
    assert audit == [(None, None)]


def test_the_users_grid_has_no_password_column(db: sqlite_utils.Database, admin: users.Account) -> None:
    assert "password_hash" not in [c.name for c in USERS.columns]
    assert "password_hash" not in loaded_frame(db, USERS).columns


def save_users(db: sqlite_utils.Database, key: int, values: dict, access=None) -> tuple:
    loaded = loaded_frame(db, USERS)
    changes = ChangeSet(updates={key: values}, versions={key: int(loaded.at[key, "version"])})
    return edit.save_change_set(db, USERS, loaded, changes, access or unrestricted("admin #u1"), lang="en")


@pytest.mark.parametrize("values", [{"role": "hr"}, {"active": False}])
def test_the_last_admin_can_be_neither_demoted_nor_deactivated(
    db: sqlite_utils.Database, admin: users.Account, values: dict
) -> None:
    before = list(db.conn.iterdump())
    saved, problems = save_users(db, admin.id, values)
    assert saved is None and [p.reason for p in problems] == ["v.last_admin"]
    assert list(db.conn.iterdump()) == before


def test_an_admin_can_be_demoted_while_another_remains(db: sqlite_utils.Database, admin: users.Account) -> None:
    add(db, admin, "second", role="admin")
    saved, problems = save_users(db, admin.id, {"role": "hr"})
    assert problems == [] and saved is not None


def test_a_sales_account_needs_its_person(db: sqlite_utils.Database, admin: users.Account) -> None:
    add(db, admin, "hr1")
    uid = db.execute("SELECT id FROM users WHERE login = 'hr1'").fetchone()[0]
    saved, problems = save_users(db, uid, {"role": "sales"})
    assert saved is None and [(p.row, p.reason) for p in problems] == [(uid, "users.person_needed")]


def test_accounts_are_not_added_or_deleted_in_the_grid(db: sqlite_utils.Database, admin: users.Account) -> None:
    loaded = loaded_frame(db, USERS)
    for changes in (
        ChangeSet(inserts={-1: {"login": "x", "display_name": "x", "role": "hr"}}),
        ChangeSet(deletes={1: 1}),
    ):
        saved, problems = edit.save_change_set(db, USERS, loaded, changes, unrestricted("admin #u1"))
        assert saved is None and problems
    assert users.user_count(db) == 1


@pytest.mark.parametrize(
    ("code", "value", "ok"),
    [
        ("max_failed_attempts", 0, False),
        ("max_failed_attempts", 1, True),
        ("max_failed_attempts", 2.5, False),
        ("min_password_length", 7, False),
        ("min_password_length", 8, True),
        ("min_password_length", 9, True),
        ("idle_minutes", 4, False),
        ("idle_minutes", 5, True),
        ("lockout_minutes", 0, False),
        ("lockout_minutes", 1, True),
    ],
)
def test_the_account_settings_keep_usable_values(
    db: sqlite_utils.Database, admin: users.Account, code: str, value: float, ok: bool
) -> None:
    spec = SPECS["account_settings"]
    loaded = loaded_frame(db, spec)
    changes = ChangeSet(updates={code: {"value": str(value)}}, versions={code: int(loaded.at[code, "version"])})
    saved, problems = edit.save_change_set(db, spec, loaded, changes, unrestricted("admin #u1"))
    assert (saved is not None) == ok, problems
    if not ok:
        assert [(p.row, p.column) for p in problems] == [(code, "value")]


def test_only_an_admin_reads_the_accounts(db: sqlite_utils.Database, admin: users.Account) -> None:
    from kam.store.access import AccessDenied, read_table

    add(db, admin, "hr1")
    hr = users.account(db, db.execute("SELECT id FROM users WHERE login = 'hr1'").fetchone()[0])
    for table in ("users", "sign_ins", "account_settings"):
        with pytest.raises(AccessDenied):
            read_table(db, acting(db, hr), table)
        assert len(read_table(db, acting(db, admin), table)) == db[table].count
