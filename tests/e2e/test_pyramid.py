"""Customer pyramid in a real browser: a revenue edit across a tier boundary changes the
tier on the page and in SQLite; clicks on the charts filter the grid to exactly the
matching customers; the Excel export downloads those rows; the page works with no customers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import sqlite_utils
from playwright.sync_api import Page, expect

from kam import db as kamdb
from kam.i18n import translate
from kam.store.people import Org
from kam.views import filters, pyramid
from kam.views.pyramid import figures as pyr
from tests.conftest import EVERYONE
from tests.e2e.conftest import App, shot
from tests.e2e.ui import cell, click_button, edit_cell, grid, open_page, wait_idle

GRID = "pyramid_customers"


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def url(app: App) -> str:
    return f"{app.url}/pyramid"


def scored_now(app: App, branch: int | None = None) -> tuple[pd.DataFrame, dict, Org]:
    """What the page computes: the customers (of a branch) scored at the default as-of date
    (today, or the last day with orders: the template's data stops at its anchor date)."""
    db = kamdb.connect(app.db_path)
    as_of = filters.load(db, EVERYONE).default_as_of(dt.date.today())
    model = pyramid.load(db, EVERYONE, as_of=as_of, lang="zh", branch=branch)
    db.conn.close()
    return model.scored, model.rules, model.org


def pick(page: Page, label: str, option: str) -> None:
    """Choose in a Streamlit selectbox by typing (long option lists are virtualised)."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def grid_row_ids(page: Page) -> list[str]:
    rows = grid(page, GRID).locator(".ag-center-cols-container .ag-row")
    return sorted(rows.nth(i).get_attribute("row-id") for i in range(rows.count()))


def chart_instance(page: Page, param: str) -> int:
    """Which instance of a chart is drawn (its key ends in a number that grows when the page
    clears the chart's selection)."""
    classes = page.locator(f'[class*="st-key-{param}_"]').first.get_attribute("class") or ""
    key = next(c for c in classes.split() if c.startswith(f"st-key-{param}_"))
    return int(key.rsplit("_", 1)[1])


def click_chart(page: Page, param: str, mark: str, clears: str) -> None:
    """Click a mark of a chart; the page then draws the chart ``clears`` afresh: wait for it."""
    other = chart_instance(page, clears)
    page.locator(f'[class*="st-key-{param}_"] g.mark-rect path{mark}').first.click()
    page.locator(f".st-key-{clears}_{other + 1}").wait_for(timeout=15_000)
    wait_idle(page)


def expect_count(page: Page, n: int) -> None:
    expect(page.get_by_text(tr("pyramid.n_customers", n=f"{n:,}"), exact=True)).to_be_visible(timeout=15_000)


def test_editing_revenue_across_a_tier_boundary_changes_the_tier(demo_app: App, page: Page) -> None:
    scored, rules, org = scored_now(demo_app)
    tiers = rules["r2_tiers"].sort_values("tier_order")
    position = {code: i for i, code in enumerate(tiers["code"])}
    minimum = dict(zip(tiers["code"], tiers["min_customer_revenue"], strict=True))
    label = dict(zip(tiers["code"], tiers["label_zh"], strict=True))
    names = org.people.set_index("id")["name"]
    unique = names[~names.duplicated(keep=False)]
    # Cooperation above strength: more customer revenue lifts the tier to the cooperation level.
    candidates = scored[
        (scored["cooperation_level"].map(position) > scored["strength_level"].map(position))
        & scored["owner_id"].isin(unique.index)
    ]
    assert len(candidates), "the demo data has customers whose cooperation is above their strength"
    cid = int(candidates.index[0])
    row = candidates.loc[cid]
    new_tier = row["cooperation_level"]
    revenue = int(minimum[new_tier])  # exactly the boundary: at the threshold the level is reached

    open_page(page, url(demo_app))
    pick(page, tr("filter.owner"), unique[int(row["owner_id"])])
    expect(cell(page, GRID, str(cid), "tier")).to_have_text(label[row["tier"]])
    edit_cell(page, GRID, str(cid), "customer_revenue", str(revenue))
    expect(page.get_by_text(tr("grid.pending", n=1))).to_be_visible()
    click_button(page, tr("grid.save"))
    expect(page.get_by_text(tr("grid.saved", n=1))).to_be_visible()
    expect(cell(page, GRID, str(cid), "tier")).to_have_text(label[new_tier])
    expect(cell(page, GRID, str(cid), "customer_revenue")).to_have_text(f"{revenue:,}")

    db = sqlite_utils.Database(demo_app.db_path)
    assert db["customers"].get(cid)["customer_revenue"] == revenue
    audit = list(db.query("SELECT * FROM audit WHERE table_name = 'customers' AND row_key = ?", [str(cid)]))
    assert [(a["column_name"], a["new_value"]) for a in audit] == [("customer_revenue", str(revenue))]
    after, _, _ = scored_now(demo_app)
    assert after.loc[cid, "tier"] == new_tier
    # The key figures follow at once (the owner's customers, recomputed after the save).
    key_accounts = int(after.loc[after["owner_id"] == row["owner_id"], "key_account"].sum())
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=tr("pyramid.m.key_accounts")).first
    expect(metric).to_contain_text(f"{key_accounts:,}")
    # The same grid took the saved rows (a new one costs the browser up to a second): the
    # edited cell is no longer marked, and a second edit of the row builds on the save.
    frame = page.locator(f".st-key-{GRID} iframe").first.element_handle()
    expect(cell(page, GRID, str(cid), "customer_revenue")).not_to_have_class(re.compile("kam-edited"))
    edit_cell(page, GRID, str(cid), "customer_revenue", str(revenue + 1))
    expect(page.get_by_text(tr("grid.pending", n=1))).to_be_visible()
    # The grid shows what the server holds as pending (it applied the saved rows again
    # as the cell was typed: the typed value is put back, marked).
    expect(cell(page, GRID, str(cid), "customer_revenue")).to_have_text(f"{revenue + 1:,}")
    expect(cell(page, GRID, str(cid), "customer_revenue")).to_have_class(re.compile("kam-edited"))
    click_button(page, tr("grid.save"))
    expect(page.get_by_text(tr("grid.saved", n=1))).to_be_visible()
    expect(cell(page, GRID, str(cid), "customer_revenue")).to_have_text(f"{revenue + 1:,}")
    assert db["customers"].get(cid)["customer_revenue"] == revenue + 1
    assert frame.evaluate("el => el.isConnected")


def test_clicks_on_the_charts_filter_the_grid_to_exactly_the_matching_customers(demo_app: App, page: Page) -> None:
    scored, rules, org = scored_now(demo_app)
    lab = pyr.Labels.from_rules(rules, "zh")
    open_page(page, url(demo_app))
    page.set_viewport_size({"width": 1440, "height": 2600})  # the whole page, for the screenshot
    wait_idle(page)
    expect_count(page, len(scored))
    shot(page, "pyramid_demo")

    # In one branch, a value-map cell with a handful of customers: every row in the grid, and
    # only those (a handful: the grid draws only the rows in view).
    pick(page, tr("filter.branch"), org.branches["name"].iloc[0])
    scored, rules, _ = scored_now(demo_app, int(org.branches["id"].iloc[0]))
    cells = pyr.value_map_frame(scored, rules, lab)
    small = cells[(cells["customers"] > 0) & (cells["customers"] <= 12)].iloc[0]
    expected = scored[
        (scored["price_level"] == small["price_level"]) & (scored["quantity_level"] == small["quantity_level"])
    ].index
    aria = (
        f"{tr('pyramid.chart.quantity')}: {small['quantity_label']}; {tr('pyramid.chart.price')}: "
        f"{small['price_label']};"
    )
    click_chart(page, "pyramid_cell", f'[aria-label^="{aria}"]', clears="pyramid_tier")
    expect_count(page, len(expected))
    focus = tr(
        "pyramid.focus.cell", price=small["price_label"], quantity=small["quantity_label"], cls=small["class_label"]
    )
    expect(page.get_by_role("combobox", name=tr("pyramid.focus"), exact=True)).to_have_value(focus)
    expect(grid(page, GRID).locator(".ag-center-cols-container .ag-row")).to_have_count(len(expected))
    assert grid_row_ids(page) == sorted(str(i) for i in expected)

    # A tier bar: the count of that tier's customers.
    ka = lab.tier["KA"]
    click_chart(page, "pyramid_tier", f'[aria-label*="label: {ka};"]', clears="pyramid_cell")
    expect_count(page, int((scored["tier"] == "KA").sum()))
    expect(page.get_by_role("combobox", name=tr("pyramid.focus"), exact=True)).to_have_value(
        tr("pyramid.focus.tier", tier=ka)
    )

    # The Excel export downloads exactly the customers the grid shows.
    with page.expect_download() as info:
        page.get_by_role("button", name=tr("grid.export_excel")).click()
    back = pd.read_excel(io.BytesIO(open(info.value.path(), "rb").read()))
    assert sorted(back[tr("col.id")]) == sorted(scored.index[scored["tier"] == "KA"])

    # Back to all customers from the selector beside the grid.
    page.get_by_role("combobox", name=tr("pyramid.focus"), exact=True).click()
    page.get_by_role("option", name=tr("pyramid.focus.all"), exact=True).click()
    wait_idle(page)
    expect_count(page, len(scored))
    assert not page.locator('[data-testid="stException"]').count()


def test_hostile_texts_run_nothing_on_the_pyramid_page(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    hostile = "::JSCODE::function(){document.title='pwned'; window.parent.document.title='pwned'}()::JSCODE::"
    cid, owner = db.execute("SELECT id, owner_id FROM customers WHERE owner_id IS NOT NULL ORDER BY id").fetchone()
    # (version + 1 as every save does: the page's cached customers table is keyed by versions)
    db.execute("UPDATE customers SET name = ?, version = version + 1 WHERE id = ?", [hostile, cid])  # a grid cell
    db.execute("UPDATE people SET name = ? WHERE id = ?", [hostile, owner])  # a dropdown label in the grid
    img = "<img src=x onerror=window.parent.__pwned=1>"
    db.execute("UPDATE r2_tiers SET label_zh = ? WHERE code = 'regular'", [img])  # chart texts, selector, cells
    db.execute("UPDATE r5_health_bands SET label_zh = ':red-badge[坏] **粗**'")  # Markdown in the badge
    db.conn.commit()
    open_page(page, url(demo_app))
    expect(cell(page, GRID, str(cid), "name")).to_have_text(hostile)
    expect(page.get_by_text(":red-badge[坏] **粗**").first).to_be_visible()
    # Wait until the charts have drawn the tier label (as SVG text; vega may shorten it) and
    # the page has settled. Then look for an element made from the label, not for its onerror
    # (which fires whenever the image fails): had it been read as HTML, the <img> is there now.
    expect(page.locator("svg text").filter(has_text="<img src=x").first).to_be_attached()
    wait_idle(page)
    assert not [f.url for f in page.frames if f.locator('img[src="x"]').count()]
    assert page.title() != "pwned"
    assert page.evaluate("window.__pwned") is None
    assert "pwned" not in [f.evaluate("document.title") for f in page.frames]
    assert not page.locator('[data-testid="stException"]').count()


def test_the_page_works_with_zero_customers(empty_app: App, page: Page) -> None:
    open_page(page, url(empty_app))
    page.set_viewport_size({"width": 1440, "height": 2000})
    wait_idle(page)
    expect(page.get_by_text(tr("pyramid.title")).first).to_be_visible()
    expect_count(page, 0)
    expect(page.get_by_text(tr("pyramid.pareto_empty"))).to_be_visible()
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=tr("pyramid.m.customers")).first
    expect(metric).to_contain_text("0")
    shot(page, "pyramid_empty")
    assert not page.locator('[data-testid="stException"]').count()
