"""Reads and writes of the accounts (``users``, ``sign_ins``, ``account_settings``).

The password hash never leaves this module except through :func:`credentials`, which the
sign-in (kam/auth.py) alone calls; no frame of the generic table reads holds it, and the
audit records a password change as an event without values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass

import sqlite_utils

from kam.db import immediate

# Every column of ``users`` but the hash: what any read outside the sign-in may return.
PUBLIC_COLUMNS = (
    "id",
    "login",
    "display_name",
    "person_id",
    "role",
    "active",
    "must_change_password",
    "created_at",
    "last_sign_in_at",
    "failed_attempts",
    "locked_until",
    "lang",
    "session_epoch",
    "version",
)


@dataclass(frozen=True)
class Account:
    """A user as the app knows them once signed in (never the hash)."""

    id: int
    login: str
    display_name: str
    role: str
    person_id: int | None = None
    active: bool = True
    must_change_password: bool = False
    lang: str | None = None
    failed_attempts: int = 0
    locked_until: str | None = None
    person_left: str | None = None  # the person's left_date, when they have left
    session_epoch: int = 0  # moved on by every new password: sessions of an older one end


def login_name(login: str) -> str:
    """A login as stored and looked up: NFKC (full-width letters and digits typed on a
    Chinese keyboard are the ASCII ones), no surrounding spaces; case is the column's
    (``COLLATE NOCASE``)."""
    return unicodedata.normalize("NFKC", login).strip()


def login_key(login: str) -> str:
    """What the sign-in log and the lockout count by: :func:`login_name`, case folded."""
    return login_name(login).casefold()


UNKNOWN = "?"  # the sign-in log's mark of a name no account has: a digest, never the text


def logged_login(login: str, known: bool) -> str:
    """A login as the sign-in log keeps it: a known account's key; for a name no account
    has, a digest of its key (someone may have typed their password into the name field),
    the same for the same name, so that the lockout still counts it."""
    key = login_key(login)
    if known:
        return key
    return UNKNOWN + hashlib.sha256(f"kam-sign-in:{key}".encode()).hexdigest()[:16]


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="seconds")


def user_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM users").fetchone()[0])


def active_admins(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[0])


ROLES_WITH_PERSON = ("manager", "sales")  # their scope is a person's part of the tree
DEMO_MARK = "demo_accounts"  # an account_settings row that only the demo data writes


def is_demo(db: sqlite_utils.Database) -> bool:
    """Whether the accounts are the demo's (the sign-in page says so)."""
    row = db.execute("SELECT value FROM account_settings WHERE code = ?", [DEMO_MARK]).fetchone()
    return bool(row and row[0])


def mark_demo(db: sqlite_utils.Database) -> None:
    db.execute(
        "INSERT OR REPLACE INTO account_settings (code, value, label_zh, label_en) VALUES (?, 1, ?, ?)",
        [DEMO_MARK, "演示账号", "Demo accounts"],
    )


def settings(db: sqlite_utils.Database) -> dict[str, float]:
    """``account_settings`` as code -> value."""
    return {code: float(v) for code, v in db.execute("SELECT code, value FROM account_settings")}


def _account(row: tuple) -> Account:
    (uid, login, name, role, person, active, must, lang, failed, locked, left, epoch) = row
    return Account(
        uid, login, name, role, person, bool(active), bool(must), lang, int(failed), locked, left, int(epoch)
    )


_COLUMNS = (
    "u.id, u.login, u.display_name, u.role, u.person_id, u.active, u.must_change_password, u.lang, "
    "u.failed_attempts, u.locked_until, p.left_date, u.session_epoch"
)
_FROM = "FROM users u LEFT JOIN people p ON p.id = u.person_id"


def credentials(db: sqlite_utils.Database, login: str) -> tuple[Account, str] | None:
    """The account of ``login`` (any case) and its password hash, for the sign-in only."""
    row = db.execute(f"SELECT u.password_hash, {_COLUMNS} {_FROM} WHERE u.login = ?", [login_name(login)]).fetchone()
    return None if row is None else (_account(row[1:]), str(row[0]))


def account(db: sqlite_utils.Database, user_id: int) -> Account | None:
    row = db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE u.id = ?", [user_id]).fetchone()
    return None if row is None else _account(row)


def create_user(
    db: sqlite_utils.Database,
    *,
    login: str,
    display_name: str,
    role: str,
    password_hash: str,
    at: dt.datetime,
    person_id: int | None = None,
    must_change_password: bool = False,
) -> int:
    cur = db.execute(
        "INSERT INTO users (login, display_name, person_id, role, password_hash, must_change_password, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            login_name(login),
            display_name.strip(),
            person_id,
            role,
            password_hash,
            int(must_change_password),
            _stamp(at),
        ],
    )
    return int(cur.lastrowid)


def log_event(db: sqlite_utils.Database, *, login: str, event: str, at: dt.datetime, user_id: int | None) -> None:
    """One line of ``sign_ins`` (who tried, when, what happened; never a password, and a
    name no account has only as a digest: :func:`logged_login`)."""
    db.execute(
        "INSERT INTO sign_ins (at, login, user_id, event) VALUES (?, ?, ?, ?)",
        [_stamp(at), logged_login(login, user_id is not None), user_id, event],
    )


def failures_in_a_row(db: sqlite_utils.Database, login: str) -> tuple[int, str | None]:
    """How many sign-ins of ``login`` (any case, known or not) failed since its last
    success, reset or the end of its last wait, and when the last one failed."""
    names = [logged_login(login, True), logged_login(login, False)]
    row = db.execute(
        "SELECT COUNT(*), MAX(at) FROM sign_ins WHERE login IN (?, ?) AND event = 'failed' AND id > "
        "COALESCE((SELECT MAX(id) FROM sign_ins WHERE login IN (?, ?) AND event IN "
        "('signed_in', 'password_reset', 'lock_expired')), 0)",
        [*names, *names],
    ).fetchone()
    return int(row[0]), row[1]


def record_failure(db: sqlite_utils.Database, user_id: int, failed: int, locked_until: dt.datetime | None) -> None:
    db.execute(
        "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
        [failed, None if locked_until is None else _stamp(locked_until), user_id],
    )


def record_success(db: sqlite_utils.Database, user_id: int, at: dt.datetime) -> None:
    db.execute(
        "UPDATE users SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ? WHERE id = ?",
        [_stamp(at), user_id],
    )


def set_password(
    db: sqlite_utils.Database,
    user_id: int,
    password_hash: str,
    *,
    must_change: bool,
    by: str,
    at: dt.datetime,
) -> None:
    """A new hash, and the change in the audit as an event without values (the column is
    named, old and new stay empty)."""
    with immediate(db):
        db.execute(
            "UPDATE users SET password_hash = ?, must_change_password = ?, failed_attempts = 0, locked_until = NULL, "
            "session_epoch = session_epoch + 1, version = version + 1 WHERE id = ?",
            [password_hash, int(must_change), user_id],
        )
        db.execute(
            "INSERT INTO audit (table_name, row_key, action, column_name, old_value, new_value, user, at) "
            "VALUES ('users', ?, 'update', 'password', NULL, NULL, ?, ?)",
            [str(user_id), by, _stamp(at)],
        )


def deactivate_leavers(db: sqlite_utils.Database, today: dt.date) -> int:
    """Accounts whose person has left by ``today`` are made inactive; how many were."""
    cur = db.execute(
        "UPDATE users SET active = 0, version = version + 1 WHERE active = 1 AND person_id IN "
        "(SELECT id FROM people WHERE left_date IS NOT NULL AND left_date <= ?)",
        [today.isoformat()],
    )
    return int(cur.rowcount)


def login_taken(db: sqlite_utils.Database, login: str) -> bool:
    """Whether an account has ``login`` already (any case)."""
    return db.execute("SELECT 1 FROM users WHERE login = ?", [login_name(login)]).fetchone() is not None


def audit_created(db: sqlite_utils.Database, user_id: int, *, by: str, at: dt.datetime) -> None:
    """An added account in the audit, cell by cell as every insert (never the hash)."""
    cols = [c for c in PUBLIC_COLUMNS if c not in ("id", "version")]
    row = db.execute(f"SELECT {', '.join(cols)} FROM users WHERE id = ?", [user_id]).fetchone()
    db.conn.executemany(
        "INSERT INTO audit (table_name, row_key, action, column_name, old_value, new_value, user, at) "
        "VALUES ('users', ?, 'insert', ?, NULL, ?, ?, ?)",
        [(str(user_id), c, str(v), by, _stamp(at)) for c, v in zip(cols, row, strict=True) if v is not None],
    )


def read_sign_ins(db: sqlite_utils.Database, limit: int = 200) -> list[tuple]:
    """The newest sign-in events: (at, login, user_id, event)."""
    return db.execute("SELECT at, login, user_id, event FROM sign_ins ORDER BY id DESC LIMIT ?", [limit]).fetchall()
