"""The app on an empty database (KAM_DEMO=0): every page works with zero rows."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from kam.i18n import translate
from tests.e2e.conftest import App, shot
from tests.e2e.ui import cell, open_page, wait_idle


def test_home_on_an_empty_database_explains_what_to_do(empty_app: App, page: Page) -> None:
    open_page(page, empty_app.url)
    expect(page.get_by_text(translate("app.title", "zh")).first).to_be_visible()
    expect(page.get_by_text(translate("home.no_changes", "zh"))).to_be_visible()
    shot(page, "home_empty")
    assert not page.locator('[data-testid="stException"]').count()


def test_settings_on_an_empty_database_still_edits_rules(empty_app: App, page: Page) -> None:
    open_page(page, f"{empty_app.url}/settings")
    expect(cell(page, "rules_r1_price_levels", "high", "min_unit_price")).to_have_text("500,000")
    shot(page, "settings_empty")
    assert not page.locator('[data-testid="stException"]').count()


def test_honors_on_an_empty_database_draws_every_tab_with_nobody_honored(empty_app: App, page: Page) -> None:
    open_page(page, f"{empty_app.url}/honors")
    expect(page.get_by_text(translate("honors.nobody", "zh")).first).to_be_visible()
    for i, name in enumerate(("stage", "rolls", "history", "hall", "commission")):
        page.get_by_role("tab", name=translate(f"honors.tab.{name}", "zh")).click()
        if i == 0:
            shot(page, "honors_empty")
        assert not page.locator('[data-testid="stException"]').count(), name


def test_portraits_on_an_empty_database_draws_every_tab(empty_app: App, page: Page) -> None:
    from kam.views.portraits import TABS

    open_page(page, f"{empty_app.url}/portraits")
    for name in TABS:
        page.get_by_role("tab", name=translate(f"portraits.tab.{name}", "zh"), exact=True).click()
        wait_idle(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.get_by_role("tab", name=translate("portraits.tab.fit", "zh"), exact=True).click()
    wait_idle(page)
    expect(page.get_by_text(translate("portraits.none_match", "zh")).first).to_be_visible()
