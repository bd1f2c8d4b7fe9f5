"""Home page on the demo data: key figures from the database, links, language switch."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlite_utils
from playwright.sync_api import Browser, Page, expect

from kam import edit
from kam.db import connect
from kam.i18n import translate
from kam.specs import SPECS
from kam.store.access import unrestricted
from kam.store.frames import loaded_frame
from kam.types import ChangeSet
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


def test_recent_changes_read_as_people_read_them_in_the_browsers_time_zone(demo_app: App, browser: Browser) -> None:
    """A save made elsewhere shows on the home page as people read it: the time in the
    browser's zone (New York here, whatever the server's), the person's name, the
    customer's name, the column's label and the owner's name, never an id or None."""
    db = connect(demo_app.db_path)
    spec = SPECS["customers"]
    loaded = loaded_frame(db, spec)
    key = int(loaded.index[0])
    old_owner = int(loaded.at[key, "owner_id"])
    owner = int(db.execute("SELECT MIN(id) FROM people WHERE id != ?", [old_owner]).fetchone()[0])
    changes = ChangeSet(updates={key: {"owner_id": str(owner)}}, versions={key: int(loaded.at[key, "version"])})
    assert edit.save_change_set(db, spec, loaded, changes, unrestricted("王伟 #3"))[0] is not None
    at = dt.datetime.fromisoformat(db.execute("SELECT at FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0])
    when = at.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M")
    context = browser.new_context(
        viewport={"width": 1440, "height": 1000}, locale="zh-CN", timezone_id="America/New_York"
    )
    page = context.new_page()
    try:
        open_page(page, demo_app.url)
        table = page.locator('[data-testid="stDataFrame"]').last
        table.scroll_into_view_if_needed()
        # st.dataframe draws on a canvas; its cells are also in an accessible table
        cells = table.locator('td[role="gridcell"]')
        expect(cells.first).to_be_attached(timeout=15_000)
        row = [when, "王伟", translate("table.customers", "zh"), str(loaded.at[key, "name"])]
        row += [translate("col.owner_id", "zh"), db["people"].get(old_owner)["name"], db["people"].get(owner)["name"]]
        expect(cells.nth(0)).to_have_text(when)
        assert [cells.nth(i).inner_text() for i in range(7)] == row
        assert not [c for c in cells.all_inner_texts() if c in ("None", "nan", str(owner), "owner_id")]
        shot(page, "home_recent_changes")
    finally:
        context.close()
