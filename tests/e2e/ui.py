"""Locator helpers for driving Streamlit pages and AgGrid grids (wait on state, not time)."""

from __future__ import annotations

from playwright.sync_api import FrameLocator, Locator, Page, expect

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the script run has finished (and the app is not re-running), and
    every grid on the page has drawn."""
    page.wait_for_selector(IDLE, timeout=timeout)
    # A rerun can start right after the state flips (a widget or grid sends its value once
    # drawn), and nothing on the page announces a rerun that is about to start: the one
    # fixed pause, then the settled state again.
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout)
    for i in range(page.locator("iframe").count()):
        page.locator("iframe").nth(i).content_frame.locator(".ag-root").first.wait_for(timeout=timeout)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_idle(page, 60_000)


def grid(page: Page, key: str) -> FrameLocator:
    return page.locator(f".st-key-{key} iframe").first.content_frame


def cell(page: Page, key: str, row_id: str, column: str) -> Locator:
    """A cell by the row's primary key (getRowId) and the column's field."""
    return grid(page, key).locator(f'.ag-row[row-id="{row_id}"] .ag-cell[col-id="{column}"]').first


def edit_cell(page: Page, key: str, row_id: str, column: str, text: str, *, enter: bool = True) -> None:
    """Type ``text`` into a cell; ``enter=False`` leaves the editor open, as a user who
    types and then clicks a button straight away."""
    c = cell(page, key, row_id, column)
    c.wait_for(timeout=30_000)
    c.dblclick()
    editor = grid(page, key).locator(".ag-cell-inline-editing input").first
    editor.fill(text)
    if enter:
        editor.press("Enter")
        wait_idle(page)


def click_button(page: Page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    wait_idle(page)


def expect_text(page: Page, text: str, timeout: float = 15_000) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=timeout)


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def pick_radio(page: Page, option: str) -> None:
    page.locator('[data-testid="stRadio"] label').filter(has_text=option).first.click()
    wait_idle(page)


def select_row(page: Page, key: str, row_id: str) -> None:
    """Tick the row's selection checkbox."""
    box = grid(page, key).locator(f'.ag-row[row-id="{row_id}"] .ag-selection-checkbox input').first
    box.check()
    wait_idle(page)
