"""The home page's figures summed by SQLite (issue 17) agree with the rule functions at the
edges of the R2 window: half-open (as_of - months, as_of], the as-of day counted, the
day the window starts not, month ends clamped as pandas' DateOffset clamps them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

from kam.rules import periods
from kam.rules.cooperation import cooperation, won_orders
from kam.store import customers, orders
from kam.store.rules import load_rules
from kam.views import home

CUSTOMER = 1


def _won(db: sqlite_utils.Database, close_date: str, amount: int, stage: str = "won") -> None:
    db.execute(
        "INSERT INTO orders (customer_id, owner_id, stage, amount, lock_date, close_date) "
        "SELECT id, owner_id, ?, ?, '2020-01-01', ? FROM customers WHERE id = ?",
        [stage, amount, close_date, CUSTOMER],
    )


def _months(db: sqlite_utils.Database, months: int) -> None:
    db.execute("UPDATE rule_params SET value = ? WHERE code = 'r2_window_months'", [months])


def _by_rules(db: sqlite_utils.Database, as_of: dt.date) -> pd.DataFrame:
    return home.key_figures(customers.read_tier_inputs(db), orders.read_won_orders(db), load_rules(db), as_of)


def _sql_sum(db: sqlite_utils.Database, as_of: dt.date, months: int) -> float:
    after = periods.window_start(as_of, months).date().isoformat()
    sums = orders.won_sums(db, after=after, through=as_of.isoformat()).set_index("customer_id")["cooperation"]
    return float(sums.get(CUSTOMER, 0.0))


@pytest.mark.parametrize(
    ("as_of", "months", "close_date", "counted"),
    [
        (dt.date(2026, 6, 30), 12, "2025-06-30", False),  # the day the window starts after
        (dt.date(2026, 6, 30), 12, "2025-07-01", True),  # its first day
        (dt.date(2026, 6, 30), 12, "2026-06-30", True),  # the as-of day
        (dt.date(2026, 6, 30), 12, "2026-07-01", False),  # the day after
        (dt.date(2026, 3, 31), 1, "2026-02-28", False),  # 31 March - 1 month = 28 February
        (dt.date(2026, 3, 31), 1, "2026-03-01", True),
        (dt.date(2024, 2, 29), 12, "2023-02-28", False),  # leap day - 12 months = 28 February
        (dt.date(2024, 2, 29), 12, "2023-03-01", True),
        (dt.date(2026, 6, 30), 24, "2024-07-01", True),  # the window is rules data
        (dt.date(2026, 6, 30), 24, "2024-06-30", False),
        (dt.date(2026, 6, 30), 12, "2026-06-30 10:30:00", True),  # a time typed by hand: its day
        (dt.date(2026, 6, 30), 12, "2025-06-30T23:59", False),
    ],
)
def test_the_sql_sum_is_the_rules_cooperation_at_the_window_edges(
    demo_db: sqlite_utils.Database, as_of: dt.date, months: int, close_date: str, counted: bool
) -> None:
    _months(demo_db, months)
    before = _sql_sum(demo_db, as_of, months)
    _won(demo_db, close_date, 1_000_003)
    _won(demo_db, close_date, 7, stage="lost")  # not won: never counted
    after = _sql_sum(demo_db, as_of, months)
    assert after - before == (1_000_003 if counted else 0)
    rule = cooperation(
        won_orders(orders.read_won_orders(demo_db)), pd.Index([CUSTOMER], name="customer_id"), as_of, months
    )
    assert after == pytest.approx(float(rule.iloc[0]))


@pytest.mark.parametrize("as_of", [dt.date(2026, 6, 30), dt.date(2026, 1, 31), dt.date(2025, 12, 31)])
def test_every_customers_key_figures_from_sql_are_the_rules(demo_db: sqlite_utils.Database, as_of: dt.date) -> None:
    for day in ("2025-06-30", "2025-07-01", "2026-06-30", "2026-07-01"):
        _won(demo_db, day, 40_000_000)  # enough to move the customer's tier
    sql = home.stored_key_figures(demo_db, load_rules(demo_db), as_of)
    rules = _by_rules(demo_db, as_of)
    assert sql.index.tolist() == rules.index.tolist()
    assert sql["key_account"].tolist() == rules["key_account"].tolist()
    assert sql["cooperation"].to_numpy() == pytest.approx(rules["cooperation"].to_numpy())
    assert sql["key_account"].any() and (sql["cooperation"] > 0).any()


def test_open_orders_are_counted_per_owner_and_customer(demo_db: sqlite_utils.Database) -> None:
    counts = orders.count_open(demo_db)
    listed = pd.read_sql("SELECT owner_id, customer_id FROM orders WHERE stage NOT IN ('won', 'lost')", demo_db.conn)
    assert int(counts["orders"].sum()) == len(listed) > 0
    by_pair = listed.groupby(["owner_id", "customer_id"], dropna=False).size()
    assert len(counts) == len(by_pair)


def _figures_equal_summing_everything(db: sqlite_utils.Database, as_of: dt.date) -> home.OrderFigures:
    patched = home.order_figures(db, as_of)
    fresh = home._order_figures(db, as_of=as_of)
    pd.testing.assert_series_equal(patched.cooperation.sort_index(), fresh.cooperation.sort_index())
    key = ["owner_id", "customer_id"]
    pd.testing.assert_frame_equal(
        patched.open_orders.sort_values(key, ignore_index=True),
        fresh.open_orders.sort_values(key, ignore_index=True),
    )
    return patched


def test_order_writes_sum_again_only_the_customers_they_touch(
    demo_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every kind of write the orders see, each followed by the patched figures compared with
    # summing every order: an amount, a stage out of and into the window's won orders, an
    # order moved to another customer (both customers change), an open order to a customer
    # with none yet, an insert, a delete; the patch sums only the customers the log names.
    from kam.views.memo import views

    views().clear()
    as_of = dt.date(2026, 6, 30)
    asked: list[list[int] | None] = []
    real = orders.won_sums

    def spy(db: sqlite_utils.Database, **kw: object) -> pd.DataFrame:
        asked.append(kw.get("customers"))  # type: ignore[arg-type]
        return real(db, **kw)

    monkeypatch.setattr(orders, "won_sums", spy)
    first = home.order_figures(demo_db, as_of)
    assert home.order_figures(demo_db, as_of) is first  # nothing written: kept
    won_in = demo_db.execute(
        "SELECT id, customer_id FROM orders WHERE stage = 'won' AND close_date > '2025-06-30' "
        "AND close_date <= '2026-06-30' AND customer_id IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    order, customer = int(won_in[0]), int(won_in[1])
    other = int(demo_db.execute("SELECT MAX(id) FROM customers WHERE id != ?", [customer]).fetchone()[0])
    open_order = int(demo_db.execute("SELECT MIN(id) FROM orders WHERE stage = 'following'").fetchone()[0])
    writes = [
        ("UPDATE orders SET amount = amount + 1000 WHERE id = ?", [order]),
        ("UPDATE orders SET stage = 'lost' WHERE id = ?", [order]),
        ("UPDATE orders SET stage = 'won' WHERE id = ?", [order]),
        ("UPDATE orders SET customer_id = ? WHERE id = ?", [other, order]),
        ("UPDATE orders SET customer_id = ? WHERE id = ?", [customer, open_order]),
        ("UPDATE orders SET stage = 'won', close_date = '2026-06-30' WHERE id = ?", [open_order]),
        ("UPDATE orders SET close_date = '2025-06-30' WHERE id = ?", [open_order]),
        (
            "INSERT INTO orders (customer_id, owner_id, stage, amount, lock_date, close_date) "
            "VALUES (?, NULL, 'following', 5, '2026-01-01', NULL)",
            [other],
        ),
        ("DELETE FROM orders WHERE id = (SELECT MAX(id) FROM orders)", []),  # the one inserted
    ]
    for sql, params in writes:
        asked.clear()
        demo_db.execute(sql, params)
        _figures_equal_summing_everything(demo_db, as_of)
        patched_for = asked[0]
        assert patched_for is not None and 0 < len(patched_for) <= 2, (sql, patched_for)
    assert home.order_figures(demo_db, as_of).cooperation.get(other, 0) > 0  # the moved order was summed


def test_a_rules_write_sums_every_order_again(demo_db: sqlite_utils.Database) -> None:
    from kam.views.memo import views

    views().clear()
    as_of = dt.date(2026, 6, 30)
    year = home.order_figures(demo_db, as_of).cooperation.sum()
    _months(demo_db, 6)  # the window is rules data: not an orders write, so not patched
    half = _figures_equal_summing_everything(demo_db, as_of).cooperation.sum()
    assert 0 < half < year
