"""State that outlives a page switch: the language picked on the home page and the signed-in
account stay on every page reached by the sidebar links, and a save made after the switches is
audited under that account. A reload (a new session) asks to sign in again, in the language of
``?lang=``."""

from __future__ import annotations

import sqlite_utils
from playwright.sync_api import Page, expect

from kam import auth
from kam.i18n import translate
from kam.store import users
from kam.store.access import access_for
from kam.ui.page import NAV, pages_for
from tests.e2e.conftest import App
from tests.e2e.ui import click_button, edit_cell, expect_text, open_page, wait_idle


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


def pick(page: Page, label: str, option: str) -> None:
    """Choose in a Streamlit selectbox by typing (long option lists are virtualised)."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def scroll_to_column(page: Page, key: str, column: str) -> None:
    """Scroll grid ``key`` sideways until its column ``column`` is drawn: AG Grid draws only
    the columns in view, and the pyramid grid is wider than the page."""
    frame = page.locator(f".st-key-{key} iframe").first.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_function(
        """column => {
            if (document.querySelector(`.ag-row .ag-cell[col-id="${column}"]`)) return true;
            const bar = document.querySelector(".ag-body-horizontal-scroll-viewport");
            if (bar) bar.scrollLeft += bar.clientWidth / 2;
            return false;
        }""",
        arg=column,
        polling=100,
        timeout=15_000,
    )


def expect_english_with(page: Page, title_key: str, account: users.Account) -> None:
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(en(title_key))
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("combobox", name=en("sidebar.language"), exact=True)).to_have_value("English")
    signed = en("auth.signed_in_as", name=account.display_name, role=en(f"auth.role.{account.role}"))
    expect(sidebar.get_by_text(signed)).to_be_visible()


def test_language_and_account_survive_every_page_switch_and_name_the_audit(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    account = users.account(db, db.execute("SELECT id FROM users WHERE login = 'sales'").fetchone()[0])
    assert account is not None
    open_page(page, demo_app.url, login="sales")
    pick(page, translate("sidebar.language", "zh"), "English")
    expect_english_with(page, "app.title", account)

    mine = pages_for(access_for(db, account, auth.audit_name(account)))
    assert [p[0] for p in mine] == [p[0] for p in NAV if p[0] != "pages/users.py"]  # all but the admins'
    pyramid = next(p for p in mine if p[0] == "pages/pyramid.py")
    # Every other page, then home again, then the pyramid page, where the save below is made:
    # reached last by its link, so that it needs no visit of its own.
    for script, title_key, _, _ in [*[p for p in mine[1:] if p is not pyramid], mine[0], pyramid]:
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=en(title_key), exact=True).click()
        wait_idle(page, 60_000)
        key = "app.title" if script == "app.py" else title_key.replace("nav.", "") + ".title"
        expect_english_with(page, key, account)
        assert "lang=en" in page.url  # a link keeps the language

    # A save after all the switches is audited under the signed-in account: the
    # salesperson changes a customer of their own on the pyramid page (open: the last switch).
    mine = db.execute(
        "SELECT id FROM customers WHERE owner_id = ? ORDER BY id LIMIT 1", [account.person_id]
    ).fetchone()[0]
    scroll_to_column(page, "pyramid_customers", "customer_revenue")
    edit_cell(page, "pyramid_customers", str(mine), "customer_revenue", "4321000")
    click_button(page, en("grid.save"))
    expect_text(page, en("grid.saved", n=1))
    audit = list(db.query("SELECT user, row_key FROM audit WHERE table_name = 'customers' ORDER BY id DESC LIMIT 1"))
    assert audit == [{"user": auth.audit_name(account), "row_key": str(mine)}]

    # A reload starts a new session: sign in again, in the language of the URL.
    page.reload()
    wait_idle(page, 60_000)
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(en("auth.title"))


def test_every_page_url_shows_only_the_sign_in_form_until_signed_in(demo_app: App, page: Page) -> None:
    title = page.locator('[data-testid="stMainBlockContainer"] h1')
    for script, _, _, _ in NAV:
        path = "" if script == "app.py" else script.removeprefix("pages/").removesuffix(".py")
        open_page(page, f"{demo_app.url}/{path}", login=None)
        expect(title).to_have_count(1)
        expect(title.first).to_have_text(translate("auth.title", "zh"))
        expect(page.locator("iframe")).to_have_count(0)  # no grid
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    page.get_by_label(translate("auth.login", "zh"), exact=True).fill("admin")
    page.get_by_label(translate("auth.password", "zh"), exact=True).fill("wrong password")
    page.get_by_role("button", name=translate("auth.sign_in", "zh"), exact=True).click()
    wait_idle(page)
    expect_text(page, translate("auth.failed", "zh"))


def test_a_link_with_lang_en_opens_any_page_in_english(demo_app: App, page: Page) -> None:
    open_page(page, f"{demo_app.url}/targets?lang=en")
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(en("targets.title"))
    open_page(page, f"{demo_app.url}/pyramid?lang=zh")
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(translate("pyramid.title", "zh"))
