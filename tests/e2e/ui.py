"""Locator helpers for driving Streamlit pages and AgGrid grids (wait on state, not time)."""

from __future__ import annotations

from playwright.sync_api import FrameLocator, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from kam.demo.accounts import DEMO_PASSWORD
from kam.i18n import translate

# Every component iframe but the board's drag and drop (an invisible helper, no grid).
GRID_FRAMES = 'iframe:not([title*="streamlit_dnd"])'
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
    grids = page.locator(GRID_FRAMES)
    for i in range(grids.count()):
        grids.nth(i).content_frame.locator(".ag-root").first.wait_for(timeout=timeout)


def open_page(page: Page, url: str, *, login: str | None = "admin", password: str = DEMO_PASSWORD) -> None:
    """Go to ``url`` and sign in as ``login`` (a new page load is a new session, which
    signs in again); on an empty tool, create the first admin with that name first.
    ``login=None``: stay at the sign-in form."""
    page.goto(url)
    wait_idle(page, 60_000)
    if login is not None:
        sign_in(page, login, password)


def sign_in(page: Page, login: str = "admin", password: str = DEMO_PASSWORD) -> None:
    """Fill the sign-in form (or the first-admin form of an empty tool) when it is shown."""
    zh = page.get_by_label(translate("auth.login", "zh"), exact=True)
    en = page.get_by_label(translate("auth.login", "en"), exact=True)
    field = zh if zh.count() else en
    if not field.count():
        return  # signed in already
    lang = "zh" if zh.count() else "en"
    field.fill(login)
    first = page.get_by_label(translate("auth.password_again", lang), exact=True)
    if first.count():  # the first admin of an empty tool
        page.get_by_label(translate("auth.display_name", lang), exact=True).fill(login)
        first.fill(password)
    page.get_by_label(translate("auth.password", lang), exact=True).fill(password)
    button = "auth.create_admin" if first.count() else "auth.sign_in"
    page.get_by_role("button", name=translate(button, lang), exact=True).click()
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


def scroll_to_cell(page: Page, key: str, row_id: str, column: str, timeout: float = 30_000) -> Locator:
    """Scroll the grid sideways until the cell is drawn, as a user would (AG Grid draws
    only the columns in view). Scrolled again until it shows: a rerun that draws the grid
    anew puts the scroll bar back at the left."""
    c = cell(page, key, row_id, column)
    bar = grid(page, key).locator(".ag-body-horizontal-scroll-viewport").first
    bar.wait_for(state="attached", timeout=timeout)
    waited = 0.0
    while True:
        bar.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        try:
            c.wait_for(timeout=1_000)
            return c
        except PlaywrightTimeoutError:
            waited += 1_000
            if waited >= timeout:
                raise


def pick_cell(page: Page, key: str, row_id: str, column: str, label: str) -> None:
    """Choose ``label`` in a dropdown cell (AG Grid's select editor: an enum or a reference)."""
    c = cell(page, key, row_id, column)
    c.wait_for(timeout=30_000)
    c.dblclick()
    g = grid(page, key)
    g.locator(".ag-cell-inline-editing .ag-picker-field-wrapper").first.click()  # opens the list
    g.locator(".ag-list-item", has_text=label).first.click()
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
