"""The users page in the browser (issue 12, item 6): an admin changes a role in the grid
and sees it saved in SQLite, adds an account whose one-time password signs in once and must
be changed, and resets a password; no password column reaches the page."""

from __future__ import annotations

import re

import sqlite_utils
from playwright.sync_api import Browser, Page, expect

from kam.i18n import translate
from tests.e2e.conftest import App
from tests.e2e.ui import cell, click_button, grid, open_page, pick_cell, wait_idle

GRID = "users_accounts"


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def type_choice(page: Page, label: str, option: str) -> None:
    """Choose in a selectbox by typing and Enter (the list opens off screen low on a page)."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    wait_idle(page)


def one_time_password(page: Page, lead: str) -> str:
    text = page.get_by_text(lead).first.inner_text()
    found = re.findall(r"[A-Za-z0-9]{14,}", text)
    assert found, text
    return found[-1]


def test_an_admin_manages_accounts_and_roles(demo_app: App, page: Page, browser: Browser) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    open_page(page, f"{demo_app.url}/users", login="admin")
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(tr("users.title"))
    header = grid(page, GRID).locator(".ag-header-cell-text")
    header.first.wait_for(timeout=30_000)  # all_inner_texts() does not wait for the grid to draw
    headers = header.all_inner_texts()
    assert tr("col.login") in headers and not [
        h for h in headers if "密码" in h and h != tr("col.must_change_password")
    ]

    # A role changed in the grid is saved in SQLite (HR's account becomes an admin's: a
    # manager's would need a person).
    hr = db.execute("SELECT id FROM users WHERE login = 'hr'").fetchone()[0]
    pick_cell(page, GRID, str(hr), "role", tr("enum.role.admin"))
    page.locator(f".st-key-{GRID}").get_by_role("button", name=tr("grid.save"), exact=True).click()
    wait_idle(page)
    expect(page.get_by_text(tr("grid.saved", n=1))).to_be_visible()
    assert db.execute("SELECT role FROM users WHERE id = ?", [hr]).fetchone()[0] == "admin"
    expect(cell(page, GRID, str(hr), "role")).to_have_text(tr("enum.role.admin"))

    # A new account: its one-time password is shown once and must be changed at sign-in.
    page.get_by_label(tr("col.login"), exact=True).fill("zhao")
    page.get_by_label(tr("col.display_name"), exact=True).fill("赵新")
    wait_idle(page)
    type_choice(page, tr("col.role"), tr("auth.role.hr"))
    click_button(page, tr("users.add"))
    password = one_time_password(page, tr("users.added", login="zhao"))
    assert db.execute("SELECT must_change_password FROM users WHERE login = 'zhao'").fetchone()[0] == 1
    other = browser.new_page()
    try:
        open_page(other, demo_app.url, login="zhao", password=password)
        expect(other.get_by_text(tr("auth.must_change"))).to_be_visible()
    finally:
        other.close()

    # A reset gives another one-time password.
    type_choice(page, tr("users.reset_who"), "赵新 (zhao)")
    click_button(page, tr("users.reset"))
    again = one_time_password(page, tr("users.reset_done", login="zhao"))
    assert again != password
    events = [r[0] for r in db.execute("SELECT event FROM sign_ins WHERE login = 'zhao' ORDER BY id")]
    assert events[-1] == "password_reset"
    wait_idle(page)
    assert password not in page.content() and again in page.content()  # shown this once


def test_no_one_but_an_admin_opens_the_users_page(demo_app: App, page: Page) -> None:
    open_page(page, f"{demo_app.url}/users", login="manager")
    expect(page.get_by_text(tr("access.page_denied", role=tr("auth.role.manager")))).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
