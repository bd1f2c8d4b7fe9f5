"""The board's cache follows writes to the orders by re-scoring only the orders they touched
(the orders' change log, migration 010; kam/views/memo.py ``memo_patched``): what it hands
out after any write must equal the board scored from scratch."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

import kam.views.board.cards as cards_module
from kam.schema import ORDER_LOGGED
from kam.store.access import unrestricted
from kam.store.counters import order_log_mark, orders_changed
from kam.views.board.cards import ORDER_TABLES, Cards, board_cards, board_orders
from kam.views.board.moves import move_order
from kam.views.memo import views

AS_OF = dt.date(2026, 6, 30)
ADMIN = unrestricted("admin #u1")


def scratch(db: sqlite_utils.Database) -> Cards:
    """The board scored from scratch (no cache)."""
    views().clear()
    try:
        return board_orders(db, as_of=AS_OF)
    finally:
        views().clear()


def assert_same(got: Cards, want: Cards) -> None:
    pd.testing.assert_frame_equal(got.orders, want.orders)
    pd.testing.assert_frame_equal(got.alerts, want.alerts)
    pd.testing.assert_frame_equal(got.paused, want.paused)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The ids every read of orders asked for (None: every order)."""
    seen: list[object] = []
    real = cards_module.read_board_orders

    def spy(db: sqlite_utils.Database, order_ids: list[int] | None = None) -> pd.DataFrame:
        seen.append(None if order_ids is None else list(order_ids))
        return real(db, order_ids)

    monkeypatch.setattr(cards_module, "read_board_orders", spy)
    views().clear()
    yield seen
    views().clear()


def one(db: sqlite_utils.Database, sql: str, *params: object) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def test_every_write_to_an_order_or_its_children_is_logged_whoever_writes(demo_db: sqlite_utils.Database) -> None:
    oid = one(demo_db, "SELECT id FROM orders WHERE stage = 'following' ORDER BY id LIMIT 1")
    start = order_log_mark(demo_db)
    demo_db.execute("UPDATE orders SET amount = amount + 1 WHERE id = ?", [oid])
    demo_db.execute("UPDATE order_key_messages SET value = '' WHERE order_id = ?", [oid])
    demo_db.execute(
        "INSERT INTO stuck_analyses (order_id, analysis_date, blocker) VALUES (?, '2026-06-30', 'x')", [oid]
    )
    assert orders_changed(demo_db, start, order_log_mark(demo_db)) == [oid]
    assert orders_changed(demo_db, order_log_mark(demo_db), order_log_mark(demo_db)) == []


def test_a_move_re_scores_only_the_moved_order_and_equals_a_full_scoring(
    demo_db: sqlite_utils.Database, reads: list[object]
) -> None:
    before = board_cards(demo_db, AS_OF)
    assert reads == [None]  # the first open reads every order
    row = before.orders[before.orders["stage"] == "following"].iloc[0]
    result, problems = move_order(
        demo_db, ADMIN, int(row["id"]), int(row["version"]), "lost", as_of=AS_OF, reason="价格"
    )
    assert result is not None, problems
    after = board_cards(demo_db, AS_OF)
    assert reads == [None, [int(row["id"])]]
    assert after.orders.set_index("id").at[int(row["id"]), "stage"] == "lost"
    assert_same(after, scratch(demo_db))


def test_children_inserts_deletes_and_pauses_are_patched_like_a_full_scoring(
    demo_db: sqlite_utils.Database, reads: list[object]
) -> None:
    board_cards(demo_db, AS_OF)
    open_ids = [
        r[0]
        for r in demo_db.execute("SELECT id FROM orders WHERE stage IN ('locked', 'following') ORDER BY id LIMIT 4")
    ]
    stuck = one(demo_db, "SELECT id FROM orders WHERE stage = 'stuck' ORDER BY id LIMIT 1")
    customer = one(demo_db, "SELECT customer_id FROM orders WHERE id = ?", open_ids[0])
    demo_db.execute("UPDATE order_key_messages SET value = ' ' WHERE order_id = ?", [open_ids[0]])
    demo_db.execute("DELETE FROM order_milestones WHERE order_id = ?", [open_ids[1]])
    demo_db.execute(
        "INSERT INTO order_milestones (order_id, milestone_code, done_date) VALUES (?, "
        "(SELECT code FROM r7_milestones ORDER BY due_day LIMIT 1), '2026-06-01')",
        [open_ids[1]],
    )
    demo_db.execute("UPDATE orders SET paused_until = '2026-07-15', pause_reason = '春节' WHERE id = ?", [open_ids[2]])
    for table in ("order_key_messages", "order_milestones", "stuck_analyses"):
        demo_db.execute(f"DELETE FROM {table} WHERE order_id = ?", [open_ids[3]])
    demo_db.execute("DELETE FROM orders WHERE renew_of = ?", [open_ids[3]])
    demo_db.execute("DELETE FROM orders WHERE id = ?", [open_ids[3]])
    demo_db.execute("DELETE FROM stuck_analyses WHERE order_id = ?", [stuck])
    new = (
        demo_db["orders"]
        .insert({"customer_id": customer, "stage": "locked", "amount": 5_000_000, "lock_date": "2026-06-01"})
        .last_pk
    )
    got = board_cards(demo_db, AS_OF)
    assert reads[0] is None and None not in reads[1:]  # patched, never read whole again
    assert new in set(got.orders["id"]) and open_ids[3] not in set(got.orders["id"])
    assert open_ids[2] in set(got.paused["order_id"])
    assert_same(got, scratch(demo_db))


def test_a_write_outside_the_orders_or_a_log_that_no_longer_reaches_back_scores_everything(
    demo_db: sqlite_utils.Database, reads: list[object]
) -> None:
    board_cards(demo_db, AS_OF)
    cid = one(demo_db, "SELECT customer_id FROM orders ORDER BY id LIMIT 1")
    demo_db.execute("UPDATE customers SET name = '改名的客户' WHERE id = ?", [cid])
    got = board_cards(demo_db, AS_OF)
    assert reads.count(None) == 1  # the stored rows are still patched (no order changed) ...
    assert "改名的客户" in set(got.orders["customer"])  # ... but every card is scored again
    assert_same(got, scratch(demo_db))
    reads.clear()
    oid = one(demo_db, "SELECT id FROM orders WHERE stage = 'locked' ORDER BY id LIMIT 1")
    demo_db.execute("UPDATE orders SET amount = 7654321 WHERE id = ?", [oid])
    demo_db.execute("DELETE FROM order_changes")  # as if trimmed past the cache's mark
    demo_db.execute("UPDATE orders SET amount = 7654322 WHERE id = ?", [oid])
    assert orders_changed(demo_db, 0, order_log_mark(demo_db)) is None
    got = board_cards(demo_db, AS_OF)
    assert reads == [None]
    assert got.orders.set_index("id").at[oid, "amount"] == 7654322
    assert_same(got, scratch(demo_db))


def test_every_table_the_board_patches_has_its_log_triggers(demo_db: sqlite_utils.Database) -> None:
    """A migration that rebuilt one of these tables without its triggers would leave the
    cached board stale for good: this fails then."""
    assert set(ORDER_LOGGED) == set(ORDER_TABLES)
    triggers = {r[0] for r in demo_db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [
        f"order_log_{t}_{e}"
        for t in ORDER_TABLES
        for e in ("insert", "update", "delete")
        if f"order_log_{t}_{e}" not in triggers
    ]
    assert missing == []


def test_a_message_of_blanks_is_not_filled_on_the_card_nor_for_the_move(demo_db: sqlite_utils.Database) -> None:
    """The card and the save path agree on "filled": a full-width space fills nothing."""
    cards = board_cards(demo_db, AS_OF)
    valid = cards.orders[(cards.orders["stage"] == "locked") & cards.orders["lock_valid"]].iloc[0]
    oid = int(valid["id"])
    demo_db.execute(
        "UPDATE order_key_messages SET value = '\u3000 ' WHERE id = "
        "(SELECT MIN(id) FROM order_key_messages WHERE order_id = ?)",
        [oid],
    )
    row = board_cards(demo_db, AS_OF).orders.set_index("id").loc[oid]
    assert not row["lock_valid"] and row["messages_missing"] == 1
    result, problems = move_order(demo_db, ADMIN, oid, int(row["version"]), "following", as_of=AS_OF)
    assert result is None and problems


def test_the_warm_up_at_start_reads_the_stored_rows_so_the_first_open_does_not(
    demo_db: sqlite_utils.Database, reads: list[object]
) -> None:
    from kam.store.frames import db_file
    from kam.ui.page import _warm

    _warm(db_file(demo_db))
    assert reads == [None]
    board_cards(demo_db, AS_OF)
    assert reads == [None]  # the open scored the warmed rows, it read no order
