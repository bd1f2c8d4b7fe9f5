"""State that outlives a page switch: the language and the acting person picked on the home
page stay on every page reached by the sidebar links, and a save made after the switches is
audited under that person. A reload (a new session) keeps the language from ``?lang=``."""

from __future__ import annotations

import sqlite_utils
from playwright.sync_api import Page, expect

from kam.i18n import translate
from kam.store.people import acting_people
from kam.ui.page import NAV, acting_labels
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


def expect_english_with(page: Page, title_key: str, person: str) -> None:
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(en(title_key))
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("combobox", name=en("sidebar.language"), exact=True)).to_have_value("English")
    expect(sidebar.get_by_role("combobox", name=en("sidebar.acting_as"), exact=True)).to_have_value(person)


def test_language_and_person_survive_every_page_switch_and_name_the_audit(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    people = acting_people(db)
    labels = acting_labels(people)
    pid, name, _ = people[3]  # not the first person offered: the fallback would be the first
    open_page(page, demo_app.url)
    pick(page, translate("sidebar.language", "zh"), "English")
    pick(page, en("sidebar.acting_as"), labels[pid])
    expect_english_with(page, "app.title", labels[pid])

    for script, title_key, _ in [*NAV[1:], NAV[0]]:  # every other page, then home again
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=en(title_key), exact=True).click()
        wait_idle(page, 60_000)
        key = "app.title" if script == "app.py" else title_key.replace("nav.", "") + ".title"
        expect_english_with(page, key, labels[pid])
        assert "lang=en" in page.url  # a link keeps the language

    # A save after all the switches is audited under the person picked on the home page.
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=en("nav.settings"), exact=True).click()
    wait_idle(page, 60_000)
    edit_cell(page, "rules_r1_price_levels", "low", "label_en", "Low price")
    click_button(page, en("grid.save"))
    expect_text(page, en("grid.saved", n=1))
    audit = list(db.query("SELECT user FROM audit WHERE table_name = 'r1_price_levels' ORDER BY id DESC LIMIT 1"))
    assert audit == [{"user": f"{name} #{pid}"}]

    # A reload starts a new session: the language comes back from the URL.
    page.reload()
    wait_idle(page, 60_000)
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(en("settings.title"))


def test_a_link_with_lang_en_opens_any_page_in_english(demo_app: App, page: Page) -> None:
    open_page(page, f"{demo_app.url}/targets?lang=en")
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(en("targets.title"))
    open_page(page, f"{demo_app.url}/pyramid?lang=zh")
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_have_text(translate("pyramid.title", "zh"))
