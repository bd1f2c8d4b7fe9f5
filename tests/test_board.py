"""The order board's view (kam/views/board): column totals over every order the filters
select, the most urgent cards first, the period and search filters, the user's scope, the
alerts list and the paused orders apart, the card detail's actions, the save path's checks of
moves and renewals made in the orders grid, metrics and activities of the views."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

from kam import edit
from kam.order_checks import derive_moves
from kam.specs import SPECS
from kam.store.access import access_for, unrestricted
from kam.store.frames import rows_of
from kam.store.users import Account
from kam.types import ChangeSet
from kam.views import board
from kam.views.board import activities, detail
from kam.views.board.cards import board_orders
from kam.views.board.metrics import _buckets, periods

AS_OF = dt.date(2026, 6, 30)  # the template's anchor date
ADMIN = unrestricted("admin #u1")


def load(db: sqlite_utils.Database, access=ADMIN, **kw) -> board.BoardModel:
    return board.load(db, access, as_of=AS_OF, lang="zh", filters=board.Filters(**kw))


def sql_ids(db: sqlite_utils.Database, sql: str, *params) -> set[int]:
    return {r[0] for r in db.execute(sql, params).fetchall()}


def test_each_column_counts_and_sums_every_order_of_its_stage(demo_db: sqlite_utils.Database) -> None:
    m = load(demo_db)
    for code in m.stages:
        col = m.column(code, limit=3)
        n, total = demo_db.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM orders WHERE stage = ?", [code]
        ).fetchone()
        assert (col.count, col.amount) == (n, total)
        assert len(col.cards) == min(3, n) and col.hidden == n - len(col.cards)


def test_weighted_totals_per_stage_are_amount_times_the_stage_probability(demo_db: sqlite_utils.Database) -> None:
    m = load(demo_db)
    for code, p in demo_db.execute("SELECT code, probability FROM r7_stages").fetchall():
        total = demo_db.execute("SELECT COALESCE(SUM(amount), 0) FROM orders WHERE stage = ?", [code]).fetchone()[0]
        assert m.column(code).weighted == pytest.approx(total * p)


def test_cards_show_the_most_urgent_first(demo_db: sqlite_utils.Database) -> None:
    m = load(demo_db)
    cards = m.column("following", limit=1000).cards
    key = list(zip(cards["alerts"] > 0, cards["alert_days"], cards["amount"], strict=True))
    assert key == sorted(key, key=lambda k: (not k[0], -k[1], -k[2]))
    assert (cards["alerts"] > 0).iloc[0]


def test_the_period_keeps_the_orders_on_the_board_during_it(demo_db: sqlite_utils.Database) -> None:
    m = load(demo_db, period="2026-Q2")
    expected = sql_ids(
        demo_db,
        "SELECT id FROM orders WHERE lock_date <= '2026-06-30' AND (close_date IS NULL OR close_date >= '2026-04-01')",
    )
    assert set(m.orders["id"]) == expected
    # An order closed the day before the period is not on it; one closed on its first day is.
    closed = set(m.orders.loc[m.orders["stage"] == "won", "close_date"])
    assert min(closed) >= "2026-04-01"


def test_search_by_customer_name_or_order_number(demo_db: sqlite_utils.Database) -> None:
    oid, name = demo_db.execute(
        "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.id LIMIT 1"
    ).fetchone()
    assert oid in set(load(demo_db, search=f"#{oid}").orders["id"])
    by_name = load(demo_db, search=name[2:6].upper())
    assert oid in set(by_name.orders["id"])
    assert set(by_name.orders["customer"].str.casefold().str.contains(name[2:6].casefold(), regex=False)) == {True}


def test_only_with_alerts_and_grade(demo_db: sqlite_utils.Database) -> None:
    alerts = load(demo_db, alerts_only=True)
    assert len(alerts.orders) and (alerts.orders["alerts"] > 0).all()
    a = load(demo_db, grade="A")
    assert len(a.orders) and (a.orders["amount"] >= 3_000_000).all()


def test_a_salesperson_sees_only_their_orders_and_a_manager_their_subtree(demo_db: sqlite_utils.Database) -> None:
    sales = demo_db.execute("SELECT person_id FROM users WHERE login = 'sales'").fetchone()[0]
    acc = access_for(demo_db, Account(99, "sales", "sales", "sales", sales), "sales")
    mine = load(demo_db, acc)
    expected = sql_ids(
        demo_db,
        "SELECT id FROM orders WHERE owner_id = ? OR customer_id IN (SELECT id FROM customers WHERE owner_id = ?)",
        sales,
        sales,
    )
    assert set(mine.orders["id"]) == expected and expected
    assert set(mine.alerts()["order_id"]) <= expected
    assert sum(c.count for c in mine.columns()) == len(expected)


def test_a_salespersons_order_on_a_colleagues_customer_does_not_name_that_customer(
    demo_db: sqlite_utils.Database,
) -> None:
    sales = demo_db.execute("SELECT person_id FROM users WHERE login = 'sales'").fetchone()[0]
    acc = access_for(demo_db, Account(99, "sales", "sales", "sales", sales), "sales")
    theirs = demo_db.execute(
        "SELECT o.id, c.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id "
        "WHERE o.owner_id = ? AND (c.owner_id IS NULL OR c.owner_id <> ?) ORDER BY o.id LIMIT 1",
        [sales, sales],
    ).fetchone()
    assert theirs, "the demo salesperson owns an order on a customer now someone else's"
    order, customer, name = theirs
    m = load(demo_db, acc)
    shown = m.orders.set_index("id").loc[order, "customer"]
    assert shown == f"非本人负责的客户 #{customer}" and name not in set(m.orders["customer"])
    assert load(demo_db, acc, search=name).orders.empty  # nor found by its name
    shown_detail = detail.card_detail(demo_db, acc, order, as_of=AS_OF, lang="zh")
    assert shown_detail.customer == f"非本人负责的客户 #{customer}" and not shown_detail.can_log_meeting
    assert load(demo_db).orders.set_index("id").loc[order, "customer"] == name  # an admin sees it


def test_the_alerts_list_and_the_paused_orders_apart(demo_db: sqlite_utils.Database) -> None:
    key = demo_db.execute("SELECT id FROM orders WHERE stage = 'stuck' ORDER BY id LIMIT 1").fetchone()[0]
    m = load(demo_db, search=f"#{key}")
    assert len(m.alerts())  # the demo's stuck orders are long overdue
    assert m.alerts()["days_overdue"].is_monotonic_decreasing
    demo_db.execute("UPDATE orders SET paused_until = ?, pause_reason = 'x' WHERE id = ?", [AS_OF.isoformat(), key])
    paused = load(demo_db, search=f"#{key}")
    assert paused.alerts().empty  # silenced up to and including its date
    assert list(paused.paused()["order_id"]) == [key] and paused.paused()["silenced"].iloc[0] > 0
    demo_db.execute(
        "UPDATE orders SET paused_until = ? WHERE id = ?", [(AS_OF - dt.timedelta(days=1)).isoformat(), key]
    )
    assert len(load(demo_db, search=f"#{key}").alerts())  # the day after: back


def test_the_board_with_zero_orders(demo_db: sqlite_utils.Database) -> None:
    for t in ("order_key_messages", "order_milestones", "stuck_analyses"):
        demo_db.execute(f"DELETE FROM {t}")
    demo_db.execute("UPDATE orders SET renew_of = NULL")
    demo_db.execute("DELETE FROM orders")
    m = load(demo_db)
    assert m.orders.empty and all(c.count == 0 and c.cards.empty for c in m.columns())
    assert m.alerts().empty and m.paused().empty
    k = board.load_metrics(demo_db, ADMIN, m, "2026-Q2")
    assert all(b.empty for b in k.boards.values())


# --- the card detail ------------------------------------------------------------------------


def test_a_review_counts_only_from_the_reviewer_rank_and_never_by_the_owner(demo_db: sqlite_utils.Database) -> None:
    manager = demo_db.execute("SELECT person_id FROM users WHERE login = 'manager'").fetchone()[0]
    acc = access_for(demo_db, Account(98, "manager", "m", "manager", manager), "manager")
    own = demo_db.execute(
        "SELECT id, version FROM orders WHERE stage = 'locked' AND owner_id = ? LIMIT 1", [manager]
    ).fetchone()
    other = load(demo_db, acc, search="")
    other = other.orders[
        (other.orders["stage"] == "locked") & (other.orders["owner_id"] != manager) & other.orders["reviewer_id"].isna()
    ].iloc[0]
    d = detail.card_detail(demo_db, acc, int(other["id"]), as_of=AS_OF)
    assert d.can_review
    result, problems = detail.review(demo_db, acc, int(other["id"]), int(other["version"]), as_of=AS_OF)
    assert result is not None and not problems
    assert demo_db.execute(
        "SELECT reviewer_id, review_date FROM orders WHERE id = ?", [int(other["id"])]
    ).fetchone() == (manager, dt.date.today().isoformat())
    # A review that counts is final: a second one (which would move its date) is refused.
    today = dt.date.today()
    again = detail.card_detail(demo_db, acc, int(other["id"]), as_of=today)
    assert again.review_status in ("reviewed", "reviewed_late") and not again.can_review
    version = demo_db.execute("SELECT version FROM orders WHERE id = ?", [int(other["id"])]).fetchone()[0]
    assert detail.review(demo_db, acc, int(other["id"]), version, as_of=today)[0] is None
    if own:
        assert not detail.card_detail(demo_db, acc, own[0], as_of=AS_OF).can_review
        assert detail.review(demo_db, acc, own[0], own[1], as_of=AS_OF)[0] is None
    sales = demo_db.execute("SELECT person_id FROM users WHERE login = 'sales'").fetchone()[0]
    partner = access_for(demo_db, Account(97, "sales", "s", "sales", sales), "sales")
    theirs = load(demo_db, partner).orders
    theirs = theirs[theirs["stage"] == "locked"]
    if len(theirs):
        assert not detail.card_detail(demo_db, partner, int(theirs["id"].iloc[0]), as_of=AS_OF).can_review


def test_key_messages_milestones_analysis_and_pause_are_saved_and_audited(demo_db: sqlite_utils.Database) -> None:
    key = demo_db.execute("SELECT id FROM orders WHERE stage = 'stuck' ORDER BY id LIMIT 1").fetchone()[0]
    d = detail.card_detail(demo_db, ADMIN, key, as_of=AS_OF)
    first = int(d.messages["message_id"].iloc[0])
    result, problems = detail.save_messages(demo_db, ADMIN, key, d, {first: "新的决策人"})
    assert result is not None, problems
    d = detail.card_detail(demo_db, ADMIN, key, as_of=AS_OF)
    assert d.messages.set_index("message_id").at[first, "value"] == "新的决策人"
    code = str(d.milestones["code"].iloc[0])
    assert detail.mark_milestone(demo_db, ADMIN, key, d, code, AS_OF)[0] is not None
    bad = detail.add_analysis(demo_db, ADMIN, key, day=AS_OF, blocker="预算", next_action="", who_id=1)
    assert bad[0] is None and bad[1]  # every part of an analysis is required
    ok = detail.add_analysis(demo_db, ADMIN, key, day=AS_OF, blocker="预算", next_action="找老板", who_id=1)
    assert ok[0] is not None, ok[1]
    version = demo_db.execute("SELECT version FROM orders WHERE id = ?", [key]).fetchone()[0]
    assert detail.pause(demo_db, ADMIN, key, version, until=AS_OF, reason=" ", as_of=AS_OF)[0] is None
    before = AS_OF - dt.timedelta(days=1)
    assert detail.pause(demo_db, ADMIN, key, version, until=before, reason="出差", as_of=AS_OF)[0] is None
    assert detail.pause(demo_db, ADMIN, key, version, until=AS_OF, reason="出差", as_of=AS_OF)[0] is not None
    d = detail.card_detail(demo_db, ADMIN, key, as_of=AS_OF)
    assert d.stuck_status == "analysed" or d.stuck_status == "analysed_late"
    assert len(d.history) >= 4  # the order's own changes and its children's


# --- the save path: moves and renewals in the orders grid -----------------------------------------


def grid_save(db: sqlite_utils.Database, key: int, values: dict, access=ADMIN):
    loaded = rows_of(db, SPECS["orders"], [key]).set_index("id", drop=False)
    version = int(loaded.at[key, "version"])
    changes = ChangeSet(updates={key: values}, versions={key: version})
    return edit.save_change_set(db, SPECS["orders"], loaded, changes, access, derive=derive_moves(AS_OF))


def test_a_stage_changed_in_the_grid_is_a_move_the_rules_check(demo_db: sqlite_utils.Database) -> None:
    m = load(demo_db)
    invalid = m.orders[(m.orders["stage"] == "locked") & ~m.orders["lock_valid"]]["id"].iloc[0]
    result, problems = grid_save(demo_db, int(invalid), {"stage": "following"})
    assert result is None and problems[0].reason == "move.needs_valid_lock" and problems[0].column == "stage"
    valid = m.orders[(m.orders["stage"] == "following") & m.orders["lock_valid"]]["id"].iloc[0]
    result, problems = grid_save(demo_db, int(valid), {"stage": "stuck"})
    assert result is not None, problems
    stage, since, stuck = demo_db.execute(
        "SELECT stage, stage_since, stuck_since FROM orders WHERE id = ?", [int(valid)]
    ).fetchone()
    assert (stage, since, stuck) == ("stuck", AS_OF.isoformat(), AS_OF.isoformat())
    won = int(m.orders[m.orders["stage"] == "won"]["id"].iloc[0])
    assert grid_save(demo_db, won, {"stage": "following"}, unrestricted("x"))[0] is not None  # admin reopens


@pytest.mark.parametrize("case", ["itself", "other_customer", "not_won", "ok"])
def test_a_renewal_points_at_a_won_order_of_the_same_customer(demo_db: sqlite_utils.Database, case: str) -> None:
    won = pd.read_sql("SELECT id, customer_id FROM orders WHERE stage = 'won' ORDER BY id", demo_db.conn)
    key, customer = int(won["id"].iloc[0]), int(won["customer_id"].iloc[0])
    same = won[(won["customer_id"] == customer) & (won["id"] != key)]
    other = int(won[won["customer_id"] != customer]["id"].iloc[0])
    lost = demo_db.execute("SELECT id FROM orders WHERE stage = 'lost' AND customer_id = ?", [customer]).fetchone()
    target = {
        "itself": key,
        "other_customer": other,
        "not_won": lost[0] if lost else demo_db.execute("SELECT id FROM orders WHERE stage = 'lost'").fetchone()[0],
        "ok": int(same["id"].iloc[0]) if len(same) else None,
    }[case]
    if target is None:
        pytest.fail("the demo data has a customer with two won orders")
    result, problems = grid_save(demo_db, key, {"renew_of": target})
    want = {
        "itself": "board.renew_self",
        "other_customer": "board.renew_other_customer",
        "not_won": "board.renew_not_won",
    }
    if case == "ok":
        assert result is not None, problems
    else:
        assert result is None and [p.reason for p in problems] == [want[case]]


# --- metrics and activities ---------------------------------------------------------------------


def test_the_metrics_match_the_rule_function_and_the_boards_rank_by_the_chosen_metric(
    demo_db: sqlite_utils.Database,
) -> None:
    m = load(demo_db)
    k = board.load_metrics(demo_db, ADMIN, m, "2026-Q2", "won_amount")
    sql = "SELECT COUNT(*) FROM orders WHERE stage = 'won' AND close_date BETWEEN '2026-04-01' AND '2026-06-30'"
    won = demo_db.execute(sql).fetchone()
    people = k.boards["person"]
    assert int(people["won_count"].sum()) <= won[0]
    assert list(people["won_amount"]) == sorted(people["won_amount"], reverse=True)
    assert people["rank"].iloc[0] == 1
    by_rate = board.load_metrics(demo_db, ADMIN, m, "2026-Q2", "order_rate").boards["team"]
    rates = by_rate["order_rate"].dropna().tolist()
    assert rates == sorted(rates, reverse=True)


def test_chart_buckets_are_weeks_of_a_month_and_months_of_a_quarter() -> None:
    assert [b[2] for b in _buckets("2026-Q2")] == ["2026-04", "2026-05", "2026-06"]
    weeks = _buckets("2026-06")
    assert weeks[0][0] == dt.date(2026, 6, 1) and weeks[-1][1] == dt.date(2026, 6, 30)
    assert all(b[0].weekday() == 0 for b in weeks[1:])
    assert periods("quarter", AS_OF, 3) == ["2026-Q2", "2026-Q1", "2025-Q4"]


def test_activities_list_who_was_below_target_last_week(demo_db: sqlite_utils.Database) -> None:
    a = activities.load(demo_db, ADMIN, as_of=AS_OF, lang="zh")
    assert (a.last_week["meetings"] < a.target).all()
    assert int(a.money["money"].sum()) == a.money_week and list(a.money["money"]) == sorted(
        a.money["money"], reverse=True
    )
    assert len(a.weeks) and set(a.weeks["week"].str.len()) == {8}


def test_the_board_stage_is_memoised_and_never_one_users(demo_db: sqlite_utils.Database) -> None:
    base = board_orders(demo_db, as_of=AS_OF)
    assert len(base.orders) == demo_db.execute("SELECT COUNT(*) FROM orders").fetchone()[0]


def test_a_review_in_someone_elses_name_is_refused_by_the_save_path(demo_db: sqlite_utils.Database) -> None:
    manager = demo_db.execute("SELECT person_id FROM users WHERE login = 'manager'").fetchone()[0]
    acc = access_for(demo_db, Account(98, "manager", "m", "manager", manager), "manager")
    m = load(demo_db, acc)
    order = m.orders[(m.orders["stage"] == "locked") & (m.orders["owner_id"] != manager)].iloc[0]
    other = int(m.orders.loc[m.orders["owner_id"] != manager, "owner_id"].dropna().iloc[0])
    key, lock = int(order["id"]), str(order["lock_date"])
    result, problems = grid_save(demo_db, key, {"reviewer_id": other, "review_date": lock}, acc)
    assert result is None and [p.reason for p in problems] == ["board.review_not_yours"]
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    result, problems = grid_save(demo_db, key, {"reviewer_id": manager, "review_date": future}, acc)
    assert result is None and [p.reason for p in problems] == ["board.review_date_bad"]
    result, problems = grid_save(demo_db, key, {"reviewer_id": manager, "review_date": lock}, acc)
    assert result is not None, problems
    # An admin records the history of reviews made before the tool, in anyone's name.
    assert grid_save(demo_db, key, {"reviewer_id": other}, ADMIN)[0] is not None


def test_a_salespersons_boards_rank_only_themselves_and_the_chart_takes_their_target(
    demo_db: sqlite_utils.Database,
) -> None:
    sales = demo_db.execute("SELECT person_id FROM users WHERE login = 'sales'").fetchone()[0]
    acc = access_for(demo_db, Account(97, "sales", "s", "sales", sales), "sales")
    m = load(demo_db, acc)
    k = board.load_metrics(demo_db, acc, m, "2026-Q2")
    assert set(k.boards["person"]["name"]) <= {
        demo_db.execute("SELECT name FROM people WHERE id = ?", [sales]).fetchone()[0]
    }
    own = demo_db.execute(
        "SELECT COUNT(*) FROM targets WHERE entity_type = 'person' AND entity_id = ? AND period LIKE '2026%'", [sales]
    ).fetchone()[0]
    if own:
        assert k.chart["target"].notna().any()
        assert (k.chart["target"].dropna() == k.chart["target"].dropna().round()).all()  # whole yuan


def test_a_meeting_logged_from_the_card_is_the_signed_in_persons_with_the_orders_customer(
    demo_db: sqlite_utils.Database,
) -> None:
    sales = demo_db.execute("SELECT person_id FROM users WHERE login = 'sales'").fetchone()[0]
    acc = access_for(demo_db, Account(97, "sales", "s", "sales", sales), "sales")
    orders = load(demo_db, acc).orders
    mine = orders["customer_id"].isin(acc.customers)
    # An order of theirs on a colleague's customer offers no meeting, and a meeting is refused.
    theirs = orders.loc[~mine]
    assert len(theirs), "the demo has orders on a colleague's customer"
    other = detail.card_detail(demo_db, acc, int(theirs.iloc[0]["id"]), as_of=AS_OF)
    assert not other.can_log_meeting
    refused, problems = detail.log_meeting(demo_db, acc, other, day=AS_OF, kind="face_to_face", note="")
    assert refused is None and [p.reason for p in problems] == ["access.ref_out_of_scope"]
    order = orders.loc[mine].iloc[0]
    d = detail.card_detail(demo_db, acc, int(order["id"]), as_of=AS_OF)
    assert d.can_log_meeting
    before = demo_db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0]
    result, problems = detail.log_meeting(demo_db, acc, d, day=AS_OF, kind="face_to_face", note="面谈")
    assert result is not None, problems
    row = demo_db.execute(
        "SELECT person_id, customer_id, meeting_date FROM meetings ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row == (sales, int(order["customer_id"]), AS_OF.isoformat())
    assert demo_db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == before + 1
    assert detail.log_meeting(demo_db, ADMIN, d, day=AS_OF, kind="face_to_face", note="")[0] is None  # no person


@pytest.mark.parametrize("filters", [{}, {"alerts_only": True}, {"branch": 1}])
def test_each_columns_cards_are_its_first_orders_most_urgent_first(
    demo_db: sqlite_utils.Database, filters: dict
) -> None:
    # The cards come from one urgency order of every order (kept with the scored orders),
    # cut to the model's orders and the stage: the same as sorting the stage's orders.
    m = load(demo_db, **filters)
    for code in m.stages:
        rows = m.orders[m.orders["stage"] == code]
        want = rows.assign(_a=rows["alerts"] > 0).sort_values(
            ["_a", "alert_days", "amount", "id"], ascending=[False, False, False, True], kind="stable"
        )
        got = m.column(code, limit=7)
        assert got.cards["id"].tolist() == want["id"].head(7).tolist()
        assert got.count == len(rows) and got.hidden == max(0, len(rows) - 7)
