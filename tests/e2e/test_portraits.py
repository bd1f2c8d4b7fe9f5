"""The portraits page in a real browser: an admin lowers a criterion's threshold in the
grid and the matching count on the page moves to what SQLite now holds; a salesperson adds a
key person to a customer's map and sees them in the drawn graph; a hostile name in the map
runs nothing; every tab draws (zero rows: tests/e2e/test_empty.py)."""

from __future__ import annotations

import sqlite_utils
from playwright.sync_api import Page, expect

from kam import db as kamdb
from kam.i18n import translate
from kam.views import portraits
from tests.conftest import ANCHOR, EVERYONE
from tests.e2e.conftest import App, shot
from tests.e2e.ui import edit_cell, expect_text, open_page, pick_cell, wait_idle


def tr(key: str, lang: str = "en", **params: object) -> str:
    return translate(key, lang, **params)


def connect(app: App) -> sqlite_utils.Database:
    return kamdb.connect(app.db_path)


def open_tab(page: Page, name: str, lang: str = "en") -> None:
    page.get_by_role("tab", name=tr(f"portraits.tab.{name}", lang), exact=True).click()
    wait_idle(page)


def no_errors(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)


def save_grid(page: Page, key: str) -> None:
    page.locator(f".st-key-{key}__save button").click()
    wait_idle(page)


def matching(app: App) -> int:
    db = connect(app)
    n = int(portraits.load(db, EVERYONE, as_of=ANCHOR, lang="en").frame["matches"].sum())
    db.conn.close()
    return n


def first_metric(page: Page) -> Page:
    return page.locator('[data-testid="stMetricValue"]').first


def test_a_threshold_lowered_in_the_criteria_grid_moves_the_matching_count(demo_app: App, page: Page) -> None:
    db = connect(demo_app)
    active = db.execute("SELECT id FROM r3_portraits WHERE active = 1").fetchone()[0]
    crit = db.execute(
        "SELECT c.id FROM r3_criteria c JOIN r3_forces f ON f.id = c.force_id "
        "WHERE f.portrait_id = ? AND c.field = 'customer_revenue'",
        [active],
    ).fetchone()[0]
    before = matching(demo_app)
    open_page(page, f"{demo_app.url}/portraits?lang=en")
    expect(first_metric(page)).to_have_text(f"{before:,}")
    open_tab(page, "criteria")
    key = f"portraits_criteria_{active}"
    edit_cell(page, key, str(crit), "threshold", "1")
    save_grid(page, key)
    expect_text(page, tr("grid.saved", n=1))
    assert db["r3_criteria"].get(crit)["threshold"] == 1
    after = matching(demo_app)
    assert after > before
    expect(first_metric(page)).to_have_text(f"{after:,}")
    no_errors(page)


def test_a_salesperson_adds_a_key_person_and_sees_them_on_the_map(demo_app: App, page: Page) -> None:
    open_page(page, f"{demo_app.url}/portraits?lang=en", login="sales")
    open_tab(page, "maps")
    db = connect(demo_app)
    sales = db.execute("SELECT person_id FROM users WHERE login = 'sales'").fetchone()[0]
    shown = page.get_by_role("combobox", name=tr("portraits.map.pick"), exact=True).input_value()
    customer = db.execute("SELECT id FROM customers WHERE name = ? AND owner_id = ?", [shown, sales]).fetchone()
    assert customer is not None, shown  # the picker offers the salesperson's own customers
    key = f"portraits_contacts_{customer[0]}"
    page.locator(f".st-key-{key}__add button").click()
    wait_idle(page)
    name = "测试关键人"
    edit_cell(page, key, "-1", "name", name)
    pick_cell(page, key, "-1", "decision_role", tr("enum.decision_role.decision_maker"))
    save_grid(page, key)
    expect_text(page, tr("grid.saved", n=1))
    row = db.execute(
        "SELECT decision_role, stance FROM customer_contacts WHERE customer_id = ? AND name = ?", [customer[0], name]
    ).fetchone()
    assert row == ("decision_maker", "neutral")
    expect(page.locator('[data-testid="stGraphVizChart"] svg').get_by_text(name)).to_be_visible()
    no_errors(page)


HOSTILE = '王"] ; x [URL="javascript:window.__kam_xss=1" label="<img src=x onerror=window.__kam_xss=1>'


def test_a_hostile_key_person_is_drawn_as_text_and_runs_nothing(demo_app: App, page: Page) -> None:
    db = connect(demo_app)
    m = portraits.load(db, EVERYONE, as_of=ANCHOR, lang="en")
    customer = m.customer_ids()[0]  # the picker's first
    db.execute(
        "INSERT INTO customer_contacts (customer_id, name, title, decision_role, stance, closeness) "
        "VALUES (?, ?, '{a|b} <b>x</b>', 'opponent', 'against', 3)",
        [customer, HOSTILE],
    )
    db.conn.commit()
    open_page(page, f"{demo_app.url}/portraits?lang=en")
    open_tab(page, "maps")
    graph = page.locator('[data-testid="stGraphVizChart"] svg')
    expect(graph.get_by_text(HOSTILE)).to_be_visible()
    assert graph.locator("a").count() == 0  # no link smuggled in as an attribute
    assert page.evaluate("window.__kam_xss") is None
    no_errors(page)


def test_every_tab_draws_in_chinese(demo_app: App, page: Page) -> None:
    """Every tab in the default language (the tests above use English: both are drawn)."""
    lang = "zh"
    open_page(page, f"{demo_app.url}/portraits?lang={lang}")
    for name in portraits.TABS:
        open_tab(page, name, lang)
        no_errors(page)
    expect(page.get_by_text(tr("portraits.focus.by_industry", lang))).to_be_visible()
    shot(page, f"portraits_focus_{lang}")
