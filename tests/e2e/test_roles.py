"""Roles in the browser (issue 12): a salesperson opens every page, its dropdowns and its
exports and meets no customer of someone else; a manager sees exactly their subtree; a
page a role cannot use has no sidebar link and, opened by its URL, says so."""

from __future__ import annotations

import io
import re

import pandas as pd
import sqlite_utils
from playwright.sync_api import Page, expect

from kam.i18n import translate
from kam.store.access import access_for
from kam.store.users import account
from kam.ui.page import NAV, pages_for
from tests.e2e.conftest import App
from tests.e2e.ui import cell, grid, open_page, wait_idle


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def scope_of(db: sqlite_utils.Database, login: str):
    uid = db.execute("SELECT id FROM users WHERE login = ?", [login]).fetchone()[0]
    acc = account(db, uid)
    return access_for(db, acc, login)


def names_of_others(db: sqlite_utils.Database, mine: frozenset[int]) -> set[str]:
    """Customer names outside ``mine`` that no customer in it shares."""
    rows = db.execute("SELECT id, name FROM customers").fetchall()
    inside = {n for i, n in rows if i in mine}
    return {n for i, n in rows if i not in mine} - inside


def page_text(page: Page) -> str:
    """The page's text and every grid's (the iframes hold the grids)."""
    parts = [page.locator("body").inner_text()]
    for i in range(page.locator("iframe").count()):
        frame = page.locator("iframe").nth(i).content_frame
        parts.append(frame.locator("body").inner_text())
    return "\n".join(parts)


def dropdown_options(page: Page, label: str) -> list[str]:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def editors_after_a_frame(page: Page, key: str) -> int:
    """The open cell editors of grid ``key`` once its frame has drawn twice more: AG Grid opens
    an editor while it handles the double-click, so none by then means none opened (a wait
    on the grid, not a fixed pause)."""
    frame = page.locator(f".st-key-{key} iframe").first.element_handle().content_frame()
    assert frame is not None
    return frame.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>"
        " done(document.querySelectorAll('.ag-cell-inline-editing').length))))"
    )


def links(page: Page) -> set[str]:
    """The sidebar links' labels (the text after the icon's name), once the sidebar is drawn."""
    expect(page.locator('[data-testid="stSidebar"] a').first).to_be_visible()
    return {text.split("\n")[-1].strip() for text in page.locator('[data-testid="stSidebar"] a').all_inner_texts()}


def test_a_salesperson_meets_no_customer_of_someone_else_on_any_page(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    access = scope_of(db, "sales")
    others = names_of_others(db, access.customers)
    mine = {r[0] for r in db.execute("SELECT name FROM customers WHERE owner_id = ?", [access.person_id])}
    assert others and mine
    open_page(page, demo_app.url, login="sales")
    offered = pages_for(access)
    assert {tr(k) for _, k, _, _ in offered} == links(page) and len(offered) == len(NAV) - 1  # not the users page
    assert offered[0][0] == "app.py"  # signed in on the home page: the first page is open already
    for script, key, _, _ in offered:
        path = "" if script == "app.py" else script.removeprefix("pages/").removesuffix(".py")
        if script != "app.py":  # by its sidebar link: the same session, no new sign-in
            page.locator('[data-testid="stSidebar"]').get_by_role("link", name=tr(key), exact=True).click()
            expect(page).to_have_url(re.compile(rf"/{re.escape(path)}(\?|$)"))
            wait_idle(page, 60_000)
        expect(page.get_by_label(tr("auth.login"), exact=True)).to_have_count(0)  # still signed in
        if script == "pages/pyramid.py":  # the grid holds every customer of theirs
            rows = grid(page, "pyramid_customers").locator(".ag-center-cols-container .ag-row")
            expect(rows).to_have_count(len(mine))
        text = page_text(page)
        assert not [n for n in others if n in text], path
        if script == "pages/pyramid.py":
            assert [n for n in mine if n not in text] == []
            owners = dropdown_options(page, tr("filter.owner"))
            me = db.execute("SELECT name FROM people WHERE id = ?", [access.person_id]).fetchone()[0]
            assert owners == [tr("filter.all"), me]
            assert len(dropdown_options(page, tr("filter.branch"))) == 2  # all, and their branch
            with page.expect_download() as info:
                page.get_by_role("button", name=tr("grid.export_excel")).click()
            back = pd.read_excel(io.BytesIO(open(info.value.path(), "rb").read()))
            assert set(back[tr("col.id")]) == set(access.customers)
            assert not others & set(back.astype(str).to_numpy().ravel())
        if script == "pages/targets.py":
            # Their own targets only, read-only: no bulk entry and no plan tabs.
            tabs = set(page.get_by_role("tab").all_inner_texts())
            assert tr("targets.tab.bulk") not in tabs and tr("targets.tab.plan") not in tabs
        if script == "pages/settings.py":
            expect(page.get_by_text(tr("access.read_only", role=tr("auth.role.sales"))).first).to_be_visible()
            expect(page.get_by_role("button", name=tr("grid.save"), exact=True)).to_have_count(0)


def test_a_manager_sees_exactly_their_subtree(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    access = scope_of(db, "manager")
    open_page(page, f"{demo_app.url}/pyramid", login="manager")
    expect(page.get_by_text(tr("pyramid.n_customers", n=f"{len(access.customers):,}")).first).to_be_visible()
    names = {n for i, n in db.execute("SELECT id, name FROM people").fetchall() if i in access.people}
    owners = set(dropdown_options(page, tr("filter.owner"))) - {tr("filter.all")}
    owning = {
        r[0]
        for r in db.execute("SELECT DISTINCT p.name FROM customers c JOIN people p ON p.id = c.owner_id").fetchall()
    }
    assert owners <= names and owners >= names & owning - {""}
    rows = grid(page, "pyramid_customers").locator(".ag-center-cols-container .ag-row")
    expect(rows.first).to_be_visible()
    assert not [n for n in names_of_others(db, access.customers) if n in page_text(page)]


def test_hr_has_no_pyramid_and_its_url_says_so(demo_app: App, page: Page) -> None:
    # One sign-in, on the page's URL: the sidebar there lists the pages the role can use.
    open_page(page, f"{demo_app.url}/pyramid", login="hr")
    offered = links(page)
    assert tr("nav.pyramid") not in offered and tr("nav.targets") in offered
    expect(page.get_by_text(tr("access.page_denied", role=tr("auth.role.hr")))).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)


def test_a_managers_own_target_is_read_only_and_a_subordinates_is_editable(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    access = scope_of(db, "manager")
    branch_row = db.execute(
        "SELECT id FROM targets WHERE entity_type = 'branch' AND entity_id = ? AND period = '2026'",
        [min(access.branches_headed)],
    ).fetchone()[0]
    open_page(page, f"{demo_app.url}/targets", login="manager")
    page.get_by_role("tab", name=tr("targets.tab.tree"), exact=True).click()
    wait_idle(page)
    lead = tr("access.some_read_only", n="N").split("N")[0]  # the count depends on the rows shown
    expect(page.get_by_text(re.compile("^" + re.escape(lead) + r"\d+")).first).to_be_visible(timeout=15_000)
    own = cell(page, "targets_tree", str(branch_row), "amount")
    own.dblclick()
    assert editors_after_a_frame(page, "targets_tree") == 0
    team_row = db.execute(
        "SELECT id FROM targets WHERE entity_type = 'team' AND entity_id IN "
        "(SELECT id FROM teams WHERE leader_id = 4) AND period = '2026'"
    ).fetchone()[0]
    team = cell(page, "targets_tree", str(team_row), "amount")
    team.dblclick()
    assert editors_after_a_frame(page, "targets_tree") == 1  # the control: the same wait sees an editable cell's editor
    editor = grid(page, "targets_tree").locator(".ag-cell-inline-editing input").first
    editor.fill("12345678")
    editor.press("Enter")
    wait_idle(page)
    page.locator(".st-key-targets_tree").get_by_role("button", name=tr("grid.save"), exact=True).click()
    wait_idle(page)
    assert db.execute("SELECT amount FROM targets WHERE id = ?", [team_row]).fetchone()[0] == 12345678
