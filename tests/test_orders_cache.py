"""The people's orders (kam/views/orders.py), shared by talent, honors and the pyramid, follow
writes by reading only the orders the change log names: after an update, an insert, a
delete or a back-dated win, what they hand out equals a fresh read, and the honors computed
from them equal honors computed from scratch."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

import kam.views.orders as orders_module
from kam.store.orders import read_people_orders
from kam.views.honors.figures import period_roll
from kam.views.memo import views
from kam.views.orders import people_orders

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The ids every read of the people's orders asked for (None: every order)."""
    seen: list[object] = []
    real = orders_module.read_people_orders

    def spy(db: sqlite_utils.Database, order_ids: list[int] | None = None) -> pd.DataFrame:
        seen.append(None if order_ids is None else list(order_ids))
        return real(db, order_ids)

    monkeypatch.setattr(orders_module, "read_people_orders", spy)
    views().clear()
    yield seen
    views().clear()


def one(db: sqlite_utils.Database, sql: str, *params: object) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def test_writes_are_patched_from_the_log_and_equal_a_fresh_read(
    demo_db: sqlite_utils.Database, reads: list[object]
) -> None:
    first = people_orders(demo_db)
    assert reads == [None]
    assert people_orders(demo_db) is first  # nothing written: the same frame
    won = one(demo_db, "SELECT id FROM orders WHERE stage = 'won' ORDER BY id LIMIT 1")
    gone = one(demo_db, "SELECT id FROM orders WHERE stage = 'following' ORDER BY id DESC LIMIT 1")
    demo_db.execute("UPDATE orders SET amount = amount + 1, close_date = '2026-01-01' WHERE id = ?", [won])
    for child in ("order_key_messages", "order_milestones", "stuck_analyses"):
        demo_db.execute(f"DELETE FROM {child} WHERE order_id = ?", [gone])
    demo_db.execute("UPDATE orders SET renew_of = NULL WHERE renew_of = ?", [gone])
    demo_db.execute("DELETE FROM orders WHERE id = ?", [gone])
    copy = dict(next(demo_db["orders"].rows_where("id = ?", [won])), id=None)
    new = int(demo_db["orders"].insert(copy).last_pk)
    after = people_orders(demo_db)
    assert reads[1:] == [sorted([won, gone, new])]
    pd.testing.assert_frame_equal(after, read_people_orders(demo_db))
    assert int(after.set_index("id").at[won, "amount"]) == int(first.set_index("id").at[won, "amount"]) + 1
    assert gone not in set(after["id"]) and new in set(after["id"])


def test_honors_after_an_order_save_equal_honors_from_scratch(demo_db: sqlite_utils.Database) -> None:
    views().clear()
    before = period_roll(demo_db, as_of=AS_OF, period="2026-06")
    top = before[before["honor_code"] == "monthly_crown"].sort_values("rank").iloc[0]
    won = one(
        demo_db,
        "SELECT id FROM orders WHERE stage = 'won' AND owner_id = ? AND close_date >= '2026-06-01' ORDER BY id LIMIT 1",
        int(top["person_id"]),
    )
    demo_db.execute("UPDATE orders SET amount = amount + 5000000 WHERE id = ?", [won])
    patched = period_roll(demo_db, as_of=AS_OF, period="2026-06")
    views().clear()
    scratch = period_roll(demo_db, as_of=AS_OF, period="2026-06")
    views().clear()
    pd.testing.assert_frame_equal(patched, scratch)
    crown = patched[(patched["honor_code"] == "monthly_crown") & (patched["person_id"] == top["person_id"])]
    assert float(crown["figure"].iloc[0]) == float(top["figure"]) + 5000000


def test_the_won_orders_follow_writes_as_preparing_them_again(
    demo_db: sqlite_utils.Database, reads: list[object]
) -> None:
    """The prepared won orders (the targets' sales, the stars' performance) are patched as
    the orders are: after a win, a win undone, an amount edit, an insert and a delete they
    equal preparing every order again, and no order is read twice."""
    from kam.rules.cooperation import won_orders
    from kam.views.orders import won_people_orders

    first = won_people_orders(demo_db)
    assert reads == [None] and won_people_orders(demo_db) is first
    pd.testing.assert_frame_equal(first, won_orders(read_people_orders(demo_db)).reset_index(drop=True))
    won = one(demo_db, "SELECT id FROM orders WHERE stage = 'won' ORDER BY id LIMIT 1")
    undone = one(demo_db, "SELECT id FROM orders WHERE stage = 'won' ORDER BY id DESC LIMIT 1")
    following = one(demo_db, "SELECT id FROM orders WHERE stage = 'following' ORDER BY id LIMIT 1")
    demo_db.execute("UPDATE orders SET amount = amount + 7 WHERE id = ?", [won])
    demo_db.execute("UPDATE orders SET stage = 'following', close_date = NULL WHERE id = ?", [undone])
    demo_db.execute("UPDATE orders SET stage = 'won', close_date = '2026-06-29' WHERE id = ?", [following])
    copy = dict(next(demo_db["orders"].rows_where("id = ?", [won])), id=None)
    new = int(demo_db["orders"].insert(copy).last_pk)
    after = won_people_orders(demo_db)
    assert reads[1:] == [sorted([won, undone, following, new])]
    pd.testing.assert_frame_equal(after, won_orders(read_people_orders(demo_db)).reset_index(drop=True))
    assert following in set(after["id"]) and undone not in set(after["id"]) and new in set(after["id"])
    demo_db.execute("DELETE FROM orders WHERE id = ?", [new])
    pd.testing.assert_frame_equal(
        won_people_orders(demo_db), won_orders(read_people_orders(demo_db)).reset_index(drop=True)
    )


def test_the_stars_from_the_prepared_won_orders_equal_the_stars_from_every_order(
    demo_db: sqlite_utils.Database,
) -> None:
    """The talent page hands the stars the prepared won orders (with the clearance status
    given, the stars read of the orders only the won ones): the same stars as from every order."""
    from kam.closing import rated_stars
    from kam.rules.clearances import clearance_status
    from kam.store.people import read_meetings, read_org
    from kam.store.rules import load_rules
    from kam.store.talent import read_results
    from kam.views.orders import won_people_orders

    people, rules, results = read_org(demo_db).people, load_rules(demo_db), read_results(demo_db)
    orders, meetings = read_people_orders(demo_db), read_meetings(demo_db, "2000-01-01")
    status = clearance_status(people, orders, results, rules, AS_OF)
    every = rated_stars(people, orders, meetings, results, rules, AS_OF, status)
    prepared = rated_stars(people, won_people_orders(demo_db), meetings, results, rules, AS_OF, status)
    pd.testing.assert_frame_equal(prepared, every)
    assert every["performance_sales"].sum() > 0  # the demo's people have sales in the window
