"""Targets page in a real browser: a team target edited in the tree grid flags its branch as
under-allocated (on the page) and lands in SQLite with an audit row; the page on an empty
database renders every section without an exception."""

from __future__ import annotations

import sqlite_utils
from playwright.sync_api import Page, expect

from kam.i18n import fmt_money, translate
from tests.conftest import ANCHOR
from tests.e2e.conftest import App, shot
from tests.e2e.ui import cell, choose, click_button, edit_cell, expect_text, grid, open_page, wait_idle

YEAR = str(ANCHOR.year)


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def open_tab(page: Page, key: str) -> None:
    page.get_by_role("tab", name=tr(key), exact=True).click()
    wait_idle(page)


def allocated_branch(db: sqlite_utils.Database) -> dict:
    """A branch whose year target is fully allocated, its first team's target and the
    sum of its children's targets (its teams and its people with no team)."""
    for branch in db.query(
        "SELECT b.id, b.name, t.id AS target_id, t.amount FROM branches b JOIN targets t "
        "ON t.entity_type = 'branch' AND t.entity_id = b.id AND t.period = ? ORDER BY b.id",
        [YEAR],
    ):
        children = db.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM targets WHERE period = ? AND ("
            "(entity_type = 'team' AND entity_id IN (SELECT id FROM teams WHERE branch_id = ?)) OR "
            "(entity_type = 'person' AND entity_id IN "
            "(SELECT id FROM people WHERE team_id IS NULL AND branch_id = ?)))",
            [YEAR, branch["id"], branch["id"]],
        ).fetchone()[0]
        team = next(
            db.query(
                "SELECT t.id, t.amount FROM targets t JOIN teams m ON m.id = t.entity_id WHERE "
                "t.entity_type = 'team' AND t.period = ? AND m.branch_id = ? ORDER BY m.id LIMIT 1",
                [YEAR, branch["id"]],
            ),
            None,
        )
        if children >= branch["amount"] and team:
            return {**branch, "children": children, "team_target": team["id"], "team_amount": team["amount"]}
    raise AssertionError("the demo has no fully allocated branch with a team target")


def test_a_team_target_below_its_share_flags_the_branch_and_is_saved(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    b = allocated_branch(db)
    # Lower the team's target so that the branch's children fall 1,230,000 below its target.
    new = b["team_amount"] - (b["children"] - b["amount"]) - 1_230_000
    shortfall = 1_230_000
    open_page(page, f"{demo_app.url}/targets")
    shot(page, "targets_demo")
    choose(page, tr("filter.branch"), b["name"])
    open_tab(page, "targets.tab.tree")
    key = "targets_tree"
    expect(cell(page, key, str(b["target_id"]), "flag")).to_have_text("")
    edit_cell(page, key, str(b["team_target"]), "amount", str(new))
    expect_text(page, tr("grid.pending", n=1))
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    # The branch's row says it is under-allocated, with the shortfall; so does the list above.
    expect(cell(page, key, str(b["target_id"]), "flag")).to_have_text(tr("targets.flag_under"))
    expect(cell(page, key, str(b["target_id"]), "shortfall")).to_have_text(f"{shortfall:,}")
    expect_text(
        page,
        tr(
            "targets.tree.under_line",
            path=f"{tr('targets.company')} / {b['name']}",
            period=YEAR,
            amount=fmt_money(b["amount"], "zh"),
            children=fmt_money(b["amount"] - shortfall, "zh"),
            short=fmt_money(shortfall, "zh"),
        ),
    )
    # In SQLite: the new amount, the next version, one audit row.
    row = db["targets"].get(b["team_target"])
    assert (row["amount"], row["version"]) == (new, 2)
    audit = list(db.query("SELECT * FROM audit WHERE table_name = 'targets'"))
    assert [(a["row_key"], a["column_name"], a["old_value"], a["new_value"]) for a in audit] == [
        (str(b["team_target"]), "amount", str(b["team_amount"]), str(new))
    ]
    assert audit[0]["user"]


def test_the_page_with_no_rows_renders_every_section(empty_app: App, page: Page) -> None:
    open_page(page, f"{empty_app.url}/targets")
    expect(page.get_by_role("heading", name=tr("targets.title"))).to_be_visible()
    shot(page, "targets_empty")
    for tab in (
        "targets.tab.tree",
        "targets.tab.bulk",
        "targets.tab.plan",
        "targets.tab.drivers",
        "targets.tab.progress",
    ):
        open_tab(page, tab)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    open_tab(page, "targets.tab.plan")
    expect_text(page, tr("targets.plan.empty"))


def test_hostile_names_run_nothing_in_the_browser(demo_app: App, page: Page) -> None:
    """Branch, team and person names holding <script> and AgGrid's ::JSCODE:: marker, in
    the selectboxes and in the tree grid's cells: shown as text, never run."""
    db = sqlite_utils.Database(demo_app.db_path)
    team = next(
        db.query(
            "SELECT m.id, m.name, m.branch_id, b.name AS branch, t.id AS target_id FROM teams m "
            "JOIN branches b ON b.id = m.branch_id JOIN targets t ON t.entity_type = 'team' AND t.entity_id = m.id "
            "AND t.period = ? ORDER BY m.id LIMIT 1",
            [YEAR],
        )
    )
    person = next(
        db.query(
            "SELECT p.id, p.name, t.id AS target_id FROM people p JOIN targets t ON t.entity_type = 'person' "
            "AND t.entity_id = p.id AND t.period = ? WHERE p.team_id = ? ORDER BY p.id LIMIT 1",
            [YEAR, team["id"]],
        )
    )
    branch_target = db.execute(
        "SELECT id FROM targets WHERE entity_type = 'branch' AND entity_id = ? AND period = ?",
        [team["branch_id"], YEAR],
    ).fetchone()[0]
    script = "<script>window.parent.__pwned=1</script>"
    branch_name = f"{team['branch']}{script}"
    team_name = "::JSCODE::function(){document.title='pwned'; window.parent.document.title='pwned'}()::JSCODE::"
    person_name = "::JSCODE::function(){window.parent.__pwned=1}()::JSCODE::"
    for table, key, hostile in (
        ("branches", team["branch_id"], branch_name),
        ("teams", team["id"], team_name),
        ("people", person["id"], person_name),
    ):
        db.execute(f"UPDATE {table} SET name = ? WHERE id = ?", [hostile, key])
    db.conn.commit()
    open_page(page, f"{demo_app.url}/targets")
    choose(page, tr("filter.branch"), branch_name)  # the names as dropdown options
    choose(page, tr("filter.team"), team_name)
    # The picked names stand in the selectboxes as text.
    for label, name in (("filter.branch", branch_name), ("filter.team", team_name)):
        expect(page.get_by_role("combobox", name=tr(label), exact=True)).to_have_value(name)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    open_tab(page, "targets.tab.tree")
    key = "targets_tree"
    # The grid's cells show the names as text.
    expect(cell(page, key, str(branch_target), "name")).to_contain_text(script)
    expect(cell(page, key, str(team["target_id"]), "name")).to_contain_text(team_name)
    expect(cell(page, key, str(person["target_id"]), "name")).to_contain_text(person_name)
    expect(grid(page, key).locator(".ag-cell script")).to_have_count(0)
    shot(page, "targets_hostile")
    wait_idle(page)  # no rerun pending and every grid drawn: a marker taken for code has run by now
    assert page.title() != "pwned"
    assert page.evaluate("window.__pwned") is None
    frame_titles = [f.evaluate("document.title") for f in page.frames]
    assert "pwned" not in frame_titles
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
