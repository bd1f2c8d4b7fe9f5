"""The order board in a real browser: drag an order from following to won and see the column
totals change, the stage and close date in SQLite and an audit row; a move the rules refuse
is refused with the reason, nothing saved, and the card can be dragged again; a drop on lost
asks for the reason; the card detail records a review; the board with zero orders; hostile
customer names on cards and in the alerts list run nothing."""

from __future__ import annotations

import datetime as dt

import sqlite_utils
from playwright.sync_api import Page, expect

from kam import db as kamdb
from kam.i18n import translate
from kam.store.access import access_for
from kam.store.users import credentials
from kam.views import board, filters
from tests.conftest import EVERYONE
from tests.e2e.conftest import App, shot
from tests.e2e.ui import click_button, edit_cell, open_page, pick_cell, wait_idle

HOSTILE = '<img src=x onerror="window.__kam_xss=1">**粗体** [链接](javascript:alert(1))'


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def model(app: App) -> board.BoardModel:
    db = kamdb.connect(app.db_path)
    as_of = filters.load(db, EVERYONE).default_as_of(dt.date.today())
    m = board.load(
        db,
        EVERYONE,
        as_of=as_of,
        lang="zh",
        filters=board.Filters(period=f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"),
    )
    db.conn.close()
    return m


def search(page: Page, text: str) -> None:
    box = page.get_by_label(tr("board.search"), exact=True)
    box.fill(text)
    box.press("Enter")
    wait_idle(page)


def card(page: Page, order_id: int):
    return page.locator(f'[class*="st-key-card_{order_id}_"]').first


def drag(page: Page, order_id: int, stage: str) -> None:
    """Drag a card by its border (streamlit-dnd's handle) to a stage's column, both in view
    (a tall window: a drag that has to scroll the page loses its drop)."""
    page.set_viewport_size({"width": 1440, "height": 1800})
    target = page.locator(f".st-key-stage_{stage}")
    target.scroll_into_view_if_needed()
    source = card(page, order_id)
    source.scroll_into_view_if_needed()
    # streamlit-dnd attaches its handlers to the cards after they are drawn (again after a
    # refusal, which draws them under new keys): give it that moment.
    page.wait_for_timeout(700)
    box = source.bounding_box()
    goal = target.bounding_box()
    assert box and goal
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 2)
    page.mouse.down()
    end_x, end_y = goal["x"] + goal["width"] / 2, goal["y"] + min(goal["height"], 200) / 2 + 5
    page.mouse.move(end_x, end_y, steps=20)
    page.mouse.up()
    page.wait_for_timeout(500)
    wait_idle(page)


def stage_of(app: App, order_id: int) -> dict:
    db = sqlite_utils.Database(app.db_path)
    row = db.execute("SELECT stage, close_date, version FROM orders WHERE id = ?", [order_id]).fetchone()
    db.conn.close()
    return {"stage": row[0], "close_date": row[1], "version": row[2]}


def audit_rows(app: App, order_id: int) -> list[tuple]:
    db = sqlite_utils.Database(app.db_path)
    rows = db.execute(
        "SELECT column_name, old_value, new_value, user FROM audit WHERE table_name = 'orders' AND row_key = ?",
        [str(order_id)],
    ).fetchall()
    db.conn.close()
    return rows


def header(page: Page, m: board.BoardModel, code: str) -> str:
    return page.locator(f".st-key-stage_{code}").locator("xpath=..").inner_text()


def test_dragging_an_order_from_following_to_won_saves_the_move(demo_app: App, page: Page) -> None:
    m = model(demo_app)
    following = m.orders[(m.orders["stage"] == "following") & m.orders["lock_valid"]]
    order = following.sort_values("id").iloc[0]
    oid = int(order["id"])
    open_page(page, f"{demo_app.url}/board?lang=zh", login="admin")
    search(page, str(oid))
    won_before = m.column("won")
    expect(page.get_by_text(won_before.header("zh")).first).to_be_hidden()  # search: won column holds none
    expect(card(page, oid)).to_be_visible()
    drag(page, oid, "won")
    expect(page.get_by_text(tr("board.move.done", id=oid, to=m.stages["won"]))).to_be_visible(timeout=15_000)
    saved = stage_of(demo_app, oid)
    assert saved["stage"] == "won" and saved["close_date"] == m.as_of.isoformat()
    audit = [(c, o, n) for c, o, n, _ in audit_rows(demo_app, oid)]
    assert ("stage", "following", "won") in audit
    # The won column's totals now count it: one order, its amount.
    expect(page.locator(".st-key-stage_won").locator(f'[class*="st-key-card_{oid}_"]')).to_have_count(1)
    after = model(demo_app)
    assert after.column("won").count == m.column("won").count + 1
    search(page, "")
    expect(page.get_by_text(after.column("won").header("zh")).first).to_be_visible()
    # The quarter's metrics count it: the won count and won amount beside the leaderboards
    # (the boards themselves are canvas-drawn tables; their figures are checked in tests/test_board.py).
    db = kamdb.connect(demo_app.db_path)
    quarter = f"{m.as_of.year}-Q{(m.as_of.month - 1) // 3 + 1}"
    before_k = board.load_metrics(db, EVERYONE, m, quarter)
    after_k = board.load_metrics(db, EVERYONE, after, quarter)
    db.conn.close()
    assert after_k.metrics[1].value != before_k.metrics[1].value
    assert after_k.boards["person"]["won_amount"].sum() == before_k.boards["person"]["won_amount"].sum() + int(
        order["amount"]
    )
    page.get_by_role("tab", name=tr("board.tab.metrics"), exact=True).click()
    wait_idle(page)
    won_card = page.get_by_test_id("stMetric").filter(has_text=tr("board.k.won_count"))
    expect(won_card).to_contain_text(after_k.metrics[1].value)
    shot(page, "board_after_drag")


def test_a_refused_move_says_why_saves_nothing_and_the_card_drags_again(demo_app: App, page: Page) -> None:
    m = model(demo_app)
    locked = m.orders[(m.orders["stage"] == "locked") & ~m.orders["lock_valid"]].sort_values("id").iloc[0]
    oid = int(locked["id"])
    before = stage_of(demo_app, oid)
    open_page(page, f"{demo_app.url}/board?lang=zh", login="admin")
    search(page, str(oid))
    drag(page, oid, "following")
    expect(page.get_by_text(tr("board.move.refused", id=oid, why="")[:8]).first).to_be_visible(timeout=15_000)
    expect(page.get_by_text("需要有效锁单", exact=False).first).to_be_visible()
    assert stage_of(demo_app, oid) == before  # nothing saved
    expect(card(page, oid)).to_be_visible()
    # The card bounced back and can be dragged again: a drop on lost asks for the reason.
    drag(page, oid, "lost")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=15_000)
    dialog.get_by_label(tr("board.move.reason"), exact=True).fill("预算取消")
    dialog.get_by_role("button", name=tr("board.move.do"), exact=True).click()
    wait_idle(page)
    assert stage_of(demo_app, oid)["stage"] == "lost"


def test_the_card_detail_records_a_review_as_the_signed_in_manager(demo_app: App, page: Page) -> None:
    db = kamdb.connect(demo_app.db_path)
    manager = db.execute("SELECT person_id FROM users WHERE login = 'manager'").fetchone()[0]
    m = model(demo_app)
    db.conn.close()
    # Not reviewed yet: a review that counts is final (the card offers no second one).
    o = m.orders
    mine = o[(o["stage"] == "locked") & (o["owner_id"] != manager) & o["reviewer_id"].isna()]
    db = kamdb.connect(demo_app.db_path)
    acc = access_for(db, credentials(db, "manager")[0], "manager")
    visible = mine[acc.mask("orders", mine)]
    db.conn.close()
    oid = int(visible.sort_values("id").iloc[0]["id"])
    open_page(page, f"{demo_app.url}/board?lang=zh", login="manager")
    search(page, str(oid))
    card(page, oid).get_by_role("button", name=tr("board.card.open")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=15_000)
    dialog.get_by_role("tab", name=tr("board.detail.review")).click()
    dialog.get_by_role("button", name=tr("board.detail.review_now"), exact=True).click()
    wait_idle(page)
    db = sqlite_utils.Database(demo_app.db_path)
    reviewer, day = db.execute("SELECT reviewer_id, review_date FROM orders WHERE id = ?", [oid]).fetchone()
    db.conn.close()
    assert reviewer == manager and day == dt.date.today().isoformat()  # a review is dated when made


def test_hostile_customer_names_are_text_on_cards_and_in_the_alerts(demo_app: App, page: Page) -> None:
    m = model(demo_app)
    alerted = m.orders[m.orders["alerts"] > 0].sort_values("id").iloc[0]
    db = sqlite_utils.Database(demo_app.db_path)
    db.execute("UPDATE customers SET name = ? WHERE id = ?", [HOSTILE, int(alerted["customer_id"])])
    db.conn.commit()
    db.conn.close()
    open_page(page, f"{demo_app.url}/board?lang=zh", login="admin")
    search(page, str(int(alerted["id"])))
    expect(card(page, int(alerted["id"])).get_by_text(HOSTILE, exact=True)).to_be_visible()
    page.get_by_role("tab", name=tr("board.tab.alerts", n="1")[:2], exact=False).first.click()
    wait_idle(page)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    assert page.evaluate("window.__kam_xss") is None
    assert page.locator("main img[src='x']").count() == 0


def test_the_board_with_zero_orders(empty_app: App, page: Page) -> None:
    open_page(page, f"{empty_app.url}/board?lang=zh", login="admin")
    expect(page.get_by_text(tr("board.no_orders"))).to_be_visible()
    for code in ("locked", "following", "stuck", "won", "lost"):
        expect(page.locator(f".st-key-stage_{code}")).to_have_count(1)
    shot(page, "board_empty")


def test_the_orders_grid_saves_an_edited_cell_and_refuses_a_move_the_rules_refuse(demo_app: App, page: Page) -> None:
    m = model(demo_app)
    locked = m.orders[(m.orders["stage"] == "locked") & ~m.orders["lock_valid"]].sort_values("id").iloc[0]
    oid = int(locked["id"])
    open_page(page, f"{demo_app.url}/board?lang=zh", login="admin")
    search(page, str(oid))
    page.get_by_role("tab", name=tr("board.tab.grid"), exact=True).click()
    wait_idle(page)
    edit_cell(page, "board_orders", str(oid), "amount", "1234567")
    click_button(page, tr("grid.save"))
    expect(page.get_by_text(tr("grid.saved", n=1))).to_be_visible()
    db = sqlite_utils.Database(demo_app.db_path)
    assert db.execute("SELECT amount FROM orders WHERE id = ?", [oid]).fetchone()[0] == 1234567
    db.conn.close()
    # The stage typed in a cell is a move: the lock is not valid, so it is refused by name.
    pick_cell(page, "board_orders", str(oid), "stage", m.stages["following"])
    click_button(page, tr("grid.save"))
    expect(page.get_by_text("需要有效锁单", exact=False).first).to_be_visible()
    assert stage_of(demo_app, oid)["stage"] == "locked"


def test_every_tab_of_the_board_works_with_zero_orders(empty_app: App, page: Page) -> None:
    open_page(page, f"{empty_app.url}/board?lang=en", login="admin")
    for name in ("alerts", "metrics", "activities", "grid"):
        page.get_by_role("tab", name=translate(f"board.tab.{name}", "en"), exact=True).click()
        wait_idle(page)
        assert not page.locator('[data-testid="stException"]').count(), name
    shot(page, "board_empty_grid_en")
