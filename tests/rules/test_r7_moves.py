"""R7 moves between stages (issue 13), from the rules table r7_transitions: the defaults
at their boundaries and an edited table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.rules.moves import move_refusals, move_values

AS_OF = dt.date(2026, 6, 30)


def move(frm: str, to: str, **kw: object) -> pd.DataFrame:
    row = {
        "from_stage": frm,
        "to_stage": to,
        "lock_valid": True,
        "lock_date": "2026-06-01",
        "close_date": None,
        "reason": None,
        "by_manager": False,
    }
    row.update(kw)
    return pd.DataFrame([row])


def why(rules, frm: str, to: str, **kw: object) -> str | None:
    return move_refusals(move(frm, to, **kw), rules).iloc[0]


@pytest.mark.parametrize(
    ("frm", "to", "kw", "expected"),
    [
        ("locked", "following", {}, None),
        ("locked", "following", {"lock_valid": False}, "move.needs_valid_lock"),
        ("locked", "stuck", {"lock_valid": False}, "move.needs_valid_lock"),
        ("following", "stuck", {"lock_valid": False}, None),  # the lock was checked on the way in
        ("stuck", "following", {}, None),
        ("following", "won", {"close_date": "2026-06-30"}, None),
        ("following", "won", {}, "move.needs_close_date"),
        ("following", "won", {"close_date": "2026-06-30", "lock_valid": False}, "move.needs_valid_lock"),
        ("locked", "won", {"close_date": "2026-06-01"}, None),  # closed on the lock day
        ("locked", "won", {"close_date": "2026-05-31"}, "move.close_before_lock"),  # the day before
        ("stuck", "lost", {"reason": "预算取消"}, None),
        ("stuck", "lost", {"reason": "   "}, "move.needs_reason"),
        ("locked", "lost", {}, "move.needs_reason"),
        ("won", "following", {}, "move.manager_only"),
        ("won", "following", {"by_manager": True}, None),
        ("lost", "following", {"by_manager": True}, None),
        ("won", "lost", {"by_manager": True, "reason": "x"}, "move.not_allowed"),
        ("following", "locked", {}, "move.not_allowed"),  # no way back to locked
        ("stuck", "stuck", {}, "move.same_stage"),
    ],
)
def test_r7_moves_by_the_default_transitions(rules, frm: str, to: str, kw: dict, expected: str | None) -> None:
    assert why(rules, frm, to, **kw) == expected


def test_r7_a_move_is_allowed_when_an_admin_adds_it_to_the_rules(rules) -> None:
    assert why(rules, "following", "locked") == "move.not_allowed"
    moves = rules["r7_transitions"]
    rules["r7_transitions"] = pd.concat(
        [
            moves,
            pd.DataFrame(
                [
                    {
                        "id": 99,
                        "from_stage": "following",
                        "to_stage": "locked",
                        "needs_valid_lock": 0,
                        "needs_close_date": 0,
                        "needs_reason": 0,
                        "manager_only": 0,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    assert why(rules, "following", "locked") is None


def test_r7_a_need_dropped_from_the_rules_is_not_asked(rules) -> None:
    moves = rules["r7_transitions"]
    moves.loc[(moves["from_stage"] == "following") & (moves["to_stage"] == "won"), "needs_valid_lock"] = 0
    assert why(rules, "following", "won", close_date="2026-06-30", lock_valid=False) is None


def test_r7_many_moves_are_judged_at_once(rules) -> None:
    moves = pd.concat(
        [move("locked", "following"), move("locked", "lost"), move("won", "following")], ignore_index=True
    )
    assert list(move_refusals(moves, rules)) == [None, "move.needs_reason", "move.manager_only"]


def test_r7_what_a_move_writes() -> None:
    assert move_values("stuck", AS_OF) == {
        "stage": "stuck",
        "stage_since": "2026-06-30",
        "stuck_since": "2026-06-30",
        "close_date": None,
        "lost_reason": None,
    }
    assert move_values("won", AS_OF)["close_date"] == "2026-06-30"  # default: the as-of date
    assert move_values("won", AS_OF, close_date=dt.date(2026, 6, 15))["close_date"] == "2026-06-15"
    lost = move_values("lost", AS_OF, reason=" 预算取消 ")
    assert (lost["lost_reason"], lost["close_date"]) == ("预算取消", "2026-06-30")
    reopened = move_values("following", AS_OF)
    assert reopened["close_date"] is None and reopened["lost_reason"] is None


def test_r7_every_order_knows_the_day_it_entered_its_stage(template_db) -> None:
    """Migration 009 and the demo data give every order its stage date: closed orders their
    close date, stuck ones their stuck date, open ones their lock date."""
    from kam import db as kamdb

    db = kamdb.connect(template_db)
    rows = db.execute("SELECT stage, stage_since, lock_date, close_date, stuck_since FROM orders").fetchall()
    assert rows and all(r[1] is not None for r in rows)
    for stage, since, lock, close, stuck in rows:
        expected = close if stage in ("won", "lost") and close else stuck if stage == "stuck" and stuck else lock
        assert since == expected, (stage, since)
    assert db.execute("SELECT COUNT(*) FROM r7_transitions").fetchone()[0] == 12
