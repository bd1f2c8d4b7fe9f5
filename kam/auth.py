"""Sign-in over the users table (issue 12): password hashes, the lockout, the first admin,
password changes. No Streamlit here: the page setup (kam/ui/page.py) draws the forms and
calls these; a test or a script signs in exactly as a page does.

Passwords are hashed with argon2 (argon2-cffi, its default cost: about 170 ms a hash, which
is what makes guessing slow). ``KAM_HASH=fast`` selects the library's cheapest parameters,
for tests that create many users; a hash made either way verifies either way.

Every outcome a stranger could see is the same message (``auth.failed``): an unknown login,
a wrong password, an inactive account, a person who has left, and an account that waits
after too many failures in a row. The lockout counts failures per login name whether the
name exists or not, so that a locked account cannot be told from an unknown name.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass

import sqlite_utils
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from kam.db import immediate
from kam.defaults import ROLES
from kam.store import users
from kam.store.access import Access
from kam.store.users import Account

_HASHER = (
    PasswordHasher.from_parameters(profiles.CHEAPEST) if os.environ.get("KAM_HASH") == "fast" else PasswordHasher()
)
# Verified against an unknown login, so that it takes as long as a known one.
_DUMMY = _HASHER.hash("not a password of anyone")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt gives: the account (None when refused) and the message key."""

    account: Account | None
    message: str | None = None  # a translation key when refused


def _parse(at: str | None) -> dt.datetime | None:
    return None if at is None else dt.datetime.fromisoformat(at)


def sign_in(db: sqlite_utils.Database, login: str, password: str, now: dt.datetime) -> SignIn:
    """Check ``login`` and ``password``; log the attempt; count failures and lock.

    :param now: the moment of the attempt (timezone-aware).
    """
    conf = users.settings(db)
    limit, wait = int(conf["max_failed_attempts"]), dt.timedelta(minutes=conf["lockout_minutes"])
    name = users.login_key(login)
    found = users.credentials(db, name) if name else None
    # The hash is checked before the write lock is taken (it takes about 170 ms): other
    # users' saves do not wait for it. Against a waiting, unknown or changed account the
    # answer inside the lock is a refusal whatever the check said.
    right = verify_password(found[1] if found else _DUMMY, password)
    with immediate(db):
        failed, last = users.failures_in_a_row(db, name)
        last_at = _parse(last)
        if limit and failed >= limit and last_at is not None and now < last_at + wait:
            # Waiting: a right password does not end the wait (it was hashed all the same, so
            # that a waiting name answers as slowly as any other).
            users.log_event(db, login=name, event="locked", at=now, user_id=found[0].id if found else None)
            return SignIn(None, "auth.failed")
        if limit and failed >= limit:
            # The wait is over: a fresh count of failures starts here.
            users.log_event(db, login=name, event="lock_expired", at=now, user_id=found[0].id if found else None)
            failed = 0
        acct = users.account(db, found[0].id) if found is not None else None
        if acct is None:
            users.log_event(db, login=name or "?", event="failed", at=now, user_id=None)
            return SignIn(None, "auth.failed")
        left = acct.person_left is not None and dt.date.fromisoformat(acct.person_left) <= now.date()
        same = users.credentials(db, name)  # a password changed meanwhile: the check was of the old one
        if not right or same is None or same[1] != found[1] or not acct.active or left:
            failed += 1
            users.record_failure(db, acct.id, failed, now + wait if limit and failed >= limit else None)
            users.log_event(db, login=name, event="failed", at=now, user_id=acct.id)
            return SignIn(None, "auth.failed")
        users.record_success(db, acct.id, now)
        users.log_event(db, login=name, event="signed_in", at=now, user_id=acct.id)
    return SignIn(users.account(db, acct.id))


def sign_out(db: sqlite_utils.Database, account: Account, now: dt.datetime) -> None:
    users.log_event(db, login=account.login, event="signed_out", at=now, user_id=account.id)


def password_problems(db: sqlite_utils.Database, password: str, again: str) -> list[str]:
    """Why a new password is refused (translation keys), [] when it may be set."""
    shortest = int(users.settings(db)["min_password_length"])
    out = []
    if len(password) < shortest:
        out.append("auth.too_short")
    if password != again:
        out.append("auth.mismatch")
    return out


SETUP_TOKEN = "KAM_SETUP_TOKEN"  # set on a server: only who knows it creates the first admin


def setup_token_needed() -> bool:
    """Whether the first admin needs the setup token (``KAM_SETUP_TOKEN`` is set)."""
    return bool(os.environ.get(SETUP_TOKEN))


def create_first_admin(
    db: sqlite_utils.Database,
    login: str,
    display_name: str,
    password: str,
    again: str,
    now: dt.datetime,
    token: str = "",
) -> tuple[Account | None, list[str]]:
    """The first account of an empty tool, an admin; refused once any account exists, and,
    on a server started with ``KAM_SETUP_TOKEN``, without that token (else the first
    visitor of a new server would become its admin).

    :returns: (the account, []) or (None, the problems as translation keys).
    """
    problems = [] if login.strip() else ["auth.login_needed"]
    expected = os.environ.get(SETUP_TOKEN, "")
    if expected and not secrets.compare_digest(token.strip().encode(), expected.strip().encode()):
        problems.append("auth.bad_token")
    problems += password_problems(db, password, again)
    with immediate(db):
        if users.user_count(db):
            return None, ["auth.not_first"]
        if problems:
            return None, problems
        uid = users.create_user(
            db,
            login=login,
            display_name=display_name.strip() or login.strip(),
            role="admin",
            password_hash=hash_password(password),
            at=now,
        )
        users.log_event(db, login=login, event="first_admin", at=now, user_id=uid)
    return users.account(db, uid), []


def change_password(
    db: sqlite_utils.Database, account: Account, old: str, new: str, again: str, now: dt.datetime
) -> list[str]:
    """A user changes their own password (the old one first). :returns: the problems, [] when changed."""
    found = users.credentials(db, account.login)
    if found is None or not verify_password(found[1], old):
        return ["auth.wrong_password"]
    problems = password_problems(db, new, again)
    if new == old and not problems:
        problems.append("auth.same_password")
    if problems:
        return problems
    users.set_password(db, account.id, hash_password(new), must_change=False, by=audit_name(account), at=now)
    users.log_event(db, login=account.login, event="password_changed", at=now, user_id=account.id)
    return []


def audit_name(account: Account) -> str:
    """The audit trail's user: the account's name and id ("王伟 #u3": namesakes told apart)."""
    return f"{account.display_name} #u{account.id}"


# --- accounts an admin manages (the users page) ----------------------------------------

# Letters and digits nobody misreads (no 0/O, 1/l/I): a one-time password is read aloud or
# copied from a screen.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONE_TIME_LENGTH = 14


def one_time_password(db: sqlite_utils.Database) -> str:
    """A random password for a new account or a reset, at least as long as the rules ask."""
    length = max(ONE_TIME_LENGTH, int(users.settings(db)["min_password_length"]))
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


class NotAllowed(Exception):
    """The acting user's role cannot manage accounts; nothing was written."""


def _admin(access: Access) -> None:
    if not access.writes("users"):
        raise NotAllowed(f"{access.role or 'nobody'} may not manage accounts")


def create_account(
    db: sqlite_utils.Database,
    access: Access,
    *,
    login: str,
    display_name: str,
    role: str,
    person_id: int | None,
    now: dt.datetime,
) -> tuple[str | None, list[str]]:
    """A new account with a one-time password its user must change at the first sign-in,
    audited (an insert, without the password).

    :returns: (the one-time password, to show once, []) or (None, the problems as
      translation keys); nothing is written then.
    :raises NotAllowed: ``access`` cannot manage accounts.
    """
    _admin(access)
    problems = [] if login.strip() else ["auth.login_needed"]
    if role not in ROLES:
        problems.append("users.role_needed")
    elif role in users.ROLES_WITH_PERSON and person_id is None:
        problems.append("users.person_needed")
    if problems:
        return None, problems
    password = one_time_password(db)
    with immediate(db):
        if users.login_taken(db, login):
            return None, ["users.login_taken"]
        uid = users.create_user(
            db,
            login=login,
            display_name=display_name.strip() or login.strip(),
            role=role,
            person_id=person_id,
            password_hash=hash_password(password),
            must_change_password=True,
            at=now,
        )
        users.audit_created(db, uid, by=access.user, at=now)
    return password, []


def reset_password(db: sqlite_utils.Database, access: Access, user_id: int, now: dt.datetime) -> str:
    """Give ``user_id`` a one-time password they must change at the next sign-in (their
    sessions end; a lock is lifted), audited and logged without the password.

    :returns: the one-time password, to show once.
    :raises NotAllowed: ``access`` cannot manage accounts.
    :raises LookupError: no such account.
    """
    _admin(access)
    found = users.account(db, user_id)
    if found is None:
        raise LookupError(f"no account {user_id}")
    password = one_time_password(db)
    users.set_password(db, user_id, hash_password(password), must_change=True, by=access.user, at=now)
    users.log_event(db, login=found.login, event="password_reset", at=now, user_id=user_id)
    return password
