"""Home page on the demo data: key figures from the database, links, language switch."""

from __future__ import annotations

import sqlite_utils
from playwright.sync_api import Page, expect

from kam.i18n import translate
from tests.e2e.conftest import App, shot
from tests.e2e.ui import choose, open_page


def test_home_shows_key_figures_from_the_database(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    customers = db["customers"].count
    open_page(page, demo_app.url)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=translate("home.customers", "zh")).first
    expect(metric).to_contain_text(f"{customers:,}")
    expect(page.get_by_role("link", name=translate("nav.settings", "zh")).first).to_be_visible()
    shot(page, "home_demo")


def test_switching_to_english_translates_the_page(demo_app: App, page: Page) -> None:
    open_page(page, demo_app.url)
    choose(page, translate("sidebar.language", "zh"), "English")
    expect(page.get_by_text(translate("app.title", "en")).first).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]').filter(has_text="Key accounts").first).to_be_visible()
    shot(page, "home_demo_en")
