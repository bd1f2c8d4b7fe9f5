"""Moving an order (issue 13, kam/views/board/moves.py): one action through the one save
path; the rules refuse with a reason and nothing is written; the scope and the version
are checked like any save."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils

from kam.rules.orders import lock_validity
from kam.store.access import access_for, unrestricted
from kam.store.frames import read_frame
from kam.store.people import read_org
from kam.store.rules import load_rules
from kam.store.users import Account
from kam.views.board.moves import move_order

AS_OF = dt.date(2026, 6, 30)
ADMIN = unrestricted("admin #u1")


def valid_locks(db: sqlite_utils.Database, stage: str) -> dict[int, bool]:
    orders = read_frame(db, "orders")
    orders = orders[orders["stage"] == stage]
    got = lock_validity(orders, read_frame(db, "order_key_messages"), read_org(db).people, load_rules(db), AS_OF)
    return dict(zip(got["order_id"], got["valid"], strict=True))


def pick(db: sqlite_utils.Database, stage: str, valid: bool) -> tuple[int, int]:
    key = next(int(k) for k, v in valid_locks(db, stage).items() if bool(v) == valid)
    return key, db.execute("SELECT version FROM orders WHERE id = ?", [key]).fetchone()[0]


def row(db: sqlite_utils.Database, key: int) -> dict:
    cur = db.execute("SELECT * FROM orders WHERE id = ?", [key])
    return dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))


def test_a_following_order_with_a_valid_lock_is_won_on_the_as_of_date(demo_db: sqlite_utils.Database) -> None:
    key, version = pick(demo_db, "following", True)
    saved, problems = move_order(demo_db, ADMIN, key, version, "won", as_of=AS_OF)
    assert problems == [] and saved is not None
    got = row(demo_db, key)
    assert (got["stage"], got["close_date"], got["stage_since"]) == ("won", "2026-06-30", "2026-06-30")
    audited = {r[0] for r in demo_db.execute("SELECT column_name FROM audit WHERE table_name = 'orders'")}
    assert {"stage", "close_date", "stage_since"} <= audited


def test_a_move_the_rules_refuse_says_why_and_writes_nothing(demo_db: sqlite_utils.Database) -> None:
    key, version = pick(demo_db, "locked", False)
    before = demo_db.conn.total_changes
    saved, problems = move_order(demo_db, ADMIN, key, version, "following", as_of=AS_OF, lang="en")
    assert saved is None and [(p.row, p.column, p.reason) for p in problems] == [
        (key, "stage", "move.needs_valid_lock")
    ]
    assert demo_db.conn.total_changes == before and row(demo_db, key)["stage"] == "locked"


@pytest.mark.parametrize(("reason", "ok"), [(None, False), ("  ", False), ("客户预算取消", True)])
def test_lost_needs_a_reason(demo_db: sqlite_utils.Database, reason: str | None, ok: bool) -> None:
    key, version = pick(demo_db, "following", True)
    saved, problems = move_order(demo_db, ADMIN, key, version, "lost", as_of=AS_OF, reason=reason)
    assert (saved is not None) == ok
    if ok:
        assert (row(demo_db, key)["stage"], row(demo_db, key)["lost_reason"]) == ("lost", "客户预算取消")
    else:
        assert [p.reason for p in problems] == ["move.needs_reason"]


def test_a_move_to_stuck_sets_the_stuck_date(demo_db: sqlite_utils.Database) -> None:
    key, version = pick(demo_db, "following", True)
    assert move_order(demo_db, ADMIN, key, version, "stuck", as_of=AS_OF)[1] == []
    assert (row(demo_db, key)["stuck_since"], row(demo_db, key)["stage_since"]) == ("2026-06-30", "2026-06-30")


def test_a_move_against_an_old_version_is_a_conflict(demo_db: sqlite_utils.Database) -> None:
    key, version = pick(demo_db, "following", True)
    assert move_order(demo_db, ADMIN, key, version, "stuck", as_of=AS_OF)[1] == []
    saved, problems = move_order(demo_db, ADMIN, key, version, "won", as_of=AS_OF)
    assert saved is None and [p.reason for p in problems] == ["grid.stale"]
    assert row(demo_db, key)["stage"] == "stuck"


def as_role(db: sqlite_utils.Database, role: str, person: int) -> object:
    return access_for(db, Account(id=99, login=role, display_name=role, role=role, person_id=person), role)


def test_a_reopen_is_a_managers_and_a_salesperson_moves_only_their_own(demo_db: sqlite_utils.Database) -> None:
    won = demo_db.execute("SELECT id, version, owner_id FROM orders WHERE stage = 'won' ORDER BY id LIMIT 1").fetchone()
    seller = as_role(demo_db, "sales", won[2])
    assert [p.reason for p in move_order(demo_db, seller, won[0], won[1], "following", as_of=AS_OF)[1]] == [
        "move.manager_only"
    ]
    boss = demo_db.execute("SELECT manager_id FROM people WHERE id = ?", [won[2]]).fetchone()[0]
    saved, problems = move_order(demo_db, as_role(demo_db, "manager", boss), won[0], won[1], "following", as_of=AS_OF)
    assert problems == [] and row(demo_db, won[0])["close_date"] is None
    theirs = demo_db.execute(
        "SELECT id, version FROM orders WHERE stage = 'following' AND owner_id <> ? AND customer_id NOT IN "
        "(SELECT id FROM customers WHERE owner_id = ?) LIMIT 1",
        [won[2], won[2]],
    ).fetchone()
    _, problems = move_order(demo_db, seller, theirs[0], theirs[1], "stuck", as_of=AS_OF)
    # Another's order answers as one that is gone: no reason of the rules tells about it.
    assert [p.reason for p in problems] == ["grid.stale"]
    locked = demo_db.execute(
        "SELECT id, version FROM orders WHERE stage = 'locked' AND owner_id <> ? AND customer_id NOT IN "
        "(SELECT id FROM customers WHERE owner_id = ?) LIMIT 1",
        [won[2], won[2]],
    ).fetchone()
    _, problems = move_order(demo_db, seller, locked[0], locked[1], "following", as_of=AS_OF)
    assert [p.reason for p in problems] == ["grid.stale"]


def test_a_move_without_a_user_is_refused(demo_db: sqlite_utils.Database) -> None:
    from kam.store.access import AccessDenied

    with pytest.raises(AccessDenied):
        move_order(demo_db, None, 1, 1, "won", as_of=AS_OF)
