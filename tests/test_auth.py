"""Sign-in over the users table (kam/auth.py, kam/store/users.py; issue 12 items 1-3): the
first admin, one message for every refusal, the lockout at its boundaries, hashes that
never leave the store, a password change audited without values, leavers shut out."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from kam import auth
from kam.store import users
from kam.store.frames import SECRET_COLUMNS, read_frame

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def admin(db: sqlite_utils.Database) -> users.Account:
    account, problems = auth.create_first_admin(db, "Admin", "管理员", PASSWORD, PASSWORD, NOW)
    assert problems == [] and account is not None
    return account


def attempts(db: sqlite_utils.Database, login: str, password: str, n: int, start: dt.datetime = NOW) -> list:
    return [auth.sign_in(db, login, password, start + dt.timedelta(seconds=i)) for i in range(n)]


# --- first start ---------------------------------------------------------------------------


def test_the_first_account_of_an_empty_tool_is_an_admin_and_only_the_first(
    db: sqlite_utils.Database, admin: users.Account
) -> None:
    assert (admin.role, admin.login, admin.display_name) == ("admin", "Admin", "管理员")
    again, problems = auth.create_first_admin(db, "second", "x", PASSWORD, PASSWORD, NOW)
    assert again is None and problems == ["auth.not_first"] and users.user_count(db) == 1


@pytest.mark.parametrize(
    ("login", "password", "again", "problems"),
    [
        ("a", "x" * 9, "x" * 9, ["auth.too_short"]),  # the default shortest is 10
        ("a", "x" * 10, "x" * 10, []),
        ("a", "x" * 10, "y" * 10, ["auth.mismatch"]),
        ("  ", "x" * 10, "x" * 10, ["auth.login_needed"]),
    ],
)
def test_the_first_admins_password_is_long_enough_and_typed_twice(
    db: sqlite_utils.Database, login: str, password: str, again: str, problems: list[str]
) -> None:
    account, found = auth.create_first_admin(db, login, "", password, again, NOW)
    assert found == problems and (account is None) == bool(problems)
    assert users.user_count(db) == (0 if problems else 1)


# --- signing in ----------------------------------------------------------------------------


def test_a_right_password_signs_in_whatever_the_logins_case(db: sqlite_utils.Database, admin: users.Account) -> None:
    got = auth.sign_in(db, "  admin ", PASSWORD, NOW)
    assert got.account is not None and got.account.id == admin.id and got.message is None
    assert users.account(db, admin.id).failed_attempts == 0  # type: ignore[union-attr]
    events = [r[0] for r in db.execute("SELECT event FROM sign_ins ORDER BY id")]
    assert events == ["first_admin", "signed_in"]


def test_a_wrong_name_and_a_wrong_password_get_the_same_message(
    db: sqlite_utils.Database, admin: users.Account
) -> None:
    wrong_password = auth.sign_in(db, "admin", "nope", NOW)
    unknown = auth.sign_in(db, "nobody", PASSWORD, NOW)
    assert wrong_password.account is None and unknown.account is None
    assert wrong_password.message == unknown.message == "auth.failed"
    logged = list(db.execute("SELECT login, user_id, event FROM sign_ins WHERE event = 'failed' ORDER BY id"))
    # Every attempt is logged; a name no account has only as a digest (it may be a password).
    assert logged == [("admin", admin.id, "failed"), (users.logged_login("nobody", False), None, "failed")]
    assert "nobody" not in str(list(db.execute("SELECT * FROM sign_ins")))


@pytest.mark.parametrize(("failures", "signs_in"), [(4, True), (5, False)])
def test_five_failures_in_a_row_lock_an_account_four_do_not(
    db: sqlite_utils.Database, admin: users.Account, failures: int, signs_in: bool
) -> None:
    attempts(db, "admin", "wrong", failures)
    got = auth.sign_in(db, "admin", PASSWORD, NOW + dt.timedelta(minutes=1))
    assert (got.account is not None) is signs_in
    assert got.message == (None if signs_in else "auth.failed")  # waiting says nothing more


@pytest.mark.parametrize(("after", "signs_in"), [(14 * 60 + 59, False), (15 * 60, True)])
def test_a_locked_account_waits_the_lockout_minutes(
    db: sqlite_utils.Database, admin: users.Account, after: int, signs_in: bool
) -> None:
    tried = attempts(db, "admin", "wrong", 5)
    last = NOW + dt.timedelta(seconds=len(tried) - 1)
    assert users.account(db, admin.id).locked_until == (last + dt.timedelta(minutes=15)).isoformat()  # type: ignore[union-attr]
    got = auth.sign_in(db, "admin", PASSWORD, last + dt.timedelta(seconds=after))
    assert (got.account is not None) is signs_in


def test_a_success_ends_the_count(db: sqlite_utils.Database, admin: users.Account) -> None:
    attempts(db, "admin", "wrong", 4)
    assert auth.sign_in(db, "admin", PASSWORD, NOW + dt.timedelta(minutes=1)).account is not None
    attempts(db, "admin", "wrong", 4, NOW + dt.timedelta(minutes=2))
    assert auth.sign_in(db, "admin", PASSWORD, NOW + dt.timedelta(minutes=3)).account is not None


def test_an_unknown_name_is_locked_like_a_known_one(db: sqlite_utils.Database, admin: users.Account) -> None:
    """So that a locked account cannot be told from an unknown name by its behaviour."""
    for login in ("admin", "ghost"):
        attempts(db, login, "wrong", 5)
        auth.sign_in(db, login, PASSWORD, NOW + dt.timedelta(minutes=1))
    locked = [r[0] for r in db.execute("SELECT login FROM sign_ins WHERE event = 'locked' ORDER BY id")]
    assert locked == ["admin", users.logged_login("ghost", False)]


@pytest.mark.parametrize("typed", ["ADMIN", " admin ", "ａｄｍｉｎ", "Ａｄｍｉｎ"])
def test_a_login_is_one_whatever_its_case_width_or_spaces(
    db: sqlite_utils.Database, admin: users.Account, typed: str
) -> None:
    """Full-width letters (a Chinese keyboard's) and spaces name the same account; and its
    failures count towards the same lock."""
    assert auth.sign_in(db, typed, PASSWORD, NOW).account is not None
    attempts(db, typed, "wrong", 4, NOW + dt.timedelta(minutes=1))
    attempts(db, "admin", "wrong", 1, NOW + dt.timedelta(minutes=2))
    assert auth.sign_in(db, "admin", PASSWORD, NOW + dt.timedelta(minutes=3)).account is None  # locked: 5 in a row


def test_a_password_typed_into_the_login_field_is_not_logged(db: sqlite_utils.Database, admin: users.Account) -> None:
    auth.sign_in(db, PASSWORD, PASSWORD, NOW)
    assert PASSWORD not in str(list(db.execute("SELECT * FROM sign_ins")))


def test_the_lockout_is_a_setting(db: sqlite_utils.Database, admin: users.Account) -> None:
    db.execute("UPDATE account_settings SET value = 2 WHERE code = 'max_failed_attempts'")
    attempts(db, "admin", "wrong", 2)
    assert auth.sign_in(db, "admin", PASSWORD, NOW + dt.timedelta(minutes=1)).account is None


def test_an_inactive_account_and_a_person_who_left_cannot_sign_in(
    db: sqlite_utils.Database, admin: users.Account
) -> None:
    db.execute("INSERT INTO branches (id, name) VALUES (1, '华东')")
    db.execute(
        "INSERT INTO people (id, name, rank, branch_id, join_date, left_date) "
        "VALUES (1, '张三', 'partner', 1, '2020-01-01', '2026-11-30')"
    )
    uid = users.create_user(
        db,
        login="zs",
        display_name="张三",
        role="sales",
        password_hash=auth.hash_password(PASSWORD),
        at=NOW,
        person_id=1,
    )
    assert auth.sign_in(db, "zs", PASSWORD, NOW).message == "auth.failed"  # left yesterday
    assert users.deactivate_leavers(db, NOW.date()) == 1 and users.account(db, uid).active is False  # type: ignore[union-attr]
    db.execute("UPDATE people SET left_date = NULL WHERE id = 1")
    assert auth.sign_in(db, "zs", PASSWORD, NOW).message == "auth.failed"  # inactive
    db.execute("UPDATE users SET active = 1 WHERE id = ?", [uid])
    assert auth.sign_in(db, "zs", PASSWORD, NOW).account is not None


# --- the hash never leaves the store -------------------------------------------------------


def test_the_hash_is_no_password_and_no_generic_read_returns_it(
    db: sqlite_utils.Database, admin: users.Account
) -> None:
    stored = db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2") and PASSWORD not in stored
    frame = read_frame(db, "users")
    assert len(frame) == 1 and SECRET_COLUMNS.isdisjoint(frame.columns)
    assert set(frame.columns) == set(users.PUBLIC_COLUMNS)
    with pytest.raises(KeyError):
        read_frame(db, "users", ["login", "password_hash"])


def test_a_password_change_is_audited_as_an_event_without_values(
    db: sqlite_utils.Database, admin: users.Account
) -> None:
    new = "another long passphrase"
    assert auth.change_password(db, admin, "wrong", new, new, NOW) == ["auth.wrong_password"]
    assert auth.change_password(db, admin, PASSWORD, "short", "short", NOW) == ["auth.too_short"]
    assert auth.change_password(db, admin, PASSWORD, PASSWORD, PASSWORD, NOW) == ["auth.same_password"]
    assert auth.change_password(db, admin, PASSWORD, new, new, NOW) == []
    assert auth.sign_in(db, "admin", new, NOW).account is not None
    assert auth.sign_in(db, "admin", PASSWORD, NOW).account is None
    audit = list(db.execute("SELECT table_name, row_key, column_name, old_value, new_value, user FROM audit"))
    assert audit == [("users", str(admin.id), "password", None, None, auth.audit_name(admin))]
    dump = "\n".join(db.conn.iterdump())
    assert new not in dump and PASSWORD not in dump  # no password anywhere in the database


def test_after_the_wait_a_fresh_count_of_failures_starts(db: sqlite_utils.Database, admin: users.Account) -> None:
    """One wrong try after the wait used to lock the account for another full period."""
    attempts(db, "admin", "wrong", 5)
    later = NOW + dt.timedelta(minutes=16)
    assert auth.sign_in(db, "admin", "wrong", later).account is None
    assert auth.sign_in(db, "admin", PASSWORD, later + dt.timedelta(seconds=1)).account is not None


@pytest.mark.parametrize(
    ("token", "ok"), [("", False), ("wrong", False), ("s3cret-setup", True), (" s3cret-setup ", True)]
)
def test_a_server_started_with_a_setup_token_asks_for_it_before_the_first_admin(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, token: str, ok: bool
) -> None:
    monkeypatch.setenv(auth.SETUP_TOKEN, "s3cret-setup")
    assert auth.setup_token_needed()
    account, problems = auth.create_first_admin(db, "admin", "A", PASSWORD, PASSWORD, NOW, token)
    assert (account is not None) == ok and (problems == [] if ok else problems == ["auth.bad_token"])
    assert users.user_count(db) == (1 if ok else 0)


def test_without_a_setup_token_none_is_asked(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(auth.SETUP_TOKEN, raising=False)
    assert not auth.setup_token_needed()
    assert auth.create_first_admin(db, "admin", "A", PASSWORD, PASSWORD, NOW)[1] == []
