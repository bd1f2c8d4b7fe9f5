"""The honor rolls in a real browser (issue 15): a manager closes a month, sees it closed, and
the podium and rolls stay as kept after an order edit while the live figures beside them
move; a threshold edited in the rules grid changes the open month, not the closed one; both
languages and a salesperson draw every tab."""

from __future__ import annotations

import pytest
import sqlite_utils
from playwright.sync_api import Page, expect

from kam import db as kamdb
from kam.i18n import translate
from kam.store.names import acting_name
from kam.views.honors import TABS
from tests.e2e.conftest import App, shot
from tests.e2e.ui import cell, choose, click_button, edit_cell, expect_text, open_page, wait_idle

MONTH = "2026-05"  # the demo's (anchor 2026-06-30) last ended month, left open to be closed
CLOSED = "2026-04"  # closed by the demo's manager


def tr(key: str, lang: str = "zh", **params: object) -> str:
    return translate(key, lang, **params)


def connect(app: App) -> sqlite_utils.Database:
    return kamdb.connect(app.db_path)


def open_tab(page: Page, name: str, lang: str = "zh") -> None:
    page.get_by_role("tab", name=tr(f"honors.tab.{name}", lang)).click()
    wait_idle(page)


def no_errors(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)


def main(page: Page):
    return page.locator('[data-testid="stMainBlockContainer"]')


def crown(db: sqlite_utils.Database, period: str) -> list[tuple]:
    """The Monthly Crown's kept podium: (person, rank, figure, runner-up), by rank."""
    return db.execute(
        "SELECT person_id, rank_no, figure, runner_up FROM honors WHERE honor_code = 'monthly_crown' "
        "AND period = ? ORDER BY rank_no, person_id",
        [period],
    ).fetchall()


def test_a_manager_closes_a_month_and_the_podium_stays_after_an_order_edit(demo_app: App, page: Page) -> None:
    open_page(page, f"{demo_app.url}/honors?lang=zh", login="manager")
    expect_text(page, tr("closing.is_open", period=MONTH))
    no_errors(page)
    shot(page, "honors_open_zh")
    click_button(page, tr("closing.close", period=MONTH))
    expect_text(page, tr("closing.done", period=MONTH))
    expect(main(page).get_by_text(tr("honors.state.closed")).first).to_be_visible()
    db = connect(demo_app)
    kind, who, at = db.execute(
        "SELECT kind, closed_by, closed_at FROM closed_periods WHERE period = ?", [MONTH]
    ).fetchone()
    assert kind == "month" and who.startswith(
        db.execute("SELECT display_name FROM users WHERE login = 'manager'").fetchone()[0]
    )
    kept = crown(db, MONTH)
    assert kept and kept[0][1] == 1 and not kept[0][3], "the month had a Monthly Crown"
    winner = db.execute("SELECT name FROM people WHERE id = ?", [kept[0][0]]).fetchone()[0]
    # Someone off the kept podium: their May order becomes huge after the close (a late correction).
    podium_people = [row[0] for row in kept]
    other = db.execute(
        "SELECT id, owner_id FROM orders WHERE stage = 'won' AND close_date LIKE ? "
        f"AND owner_id NOT IN ({', '.join('?' for _ in podium_people)}) LIMIT 1",
        [f"{MONTH}%", *podium_people],
    ).fetchone()
    rival = db.execute("SELECT name FROM people WHERE id = ?", [other[1]]).fetchone()[0]
    with db.conn:
        db.execute("UPDATE orders SET amount = 900000000, version = version + 1 WHERE id = ?", [other[0]])
    db.conn.close()
    open_page(page, f"{demo_app.url}/honors?lang=zh", login="manager")
    choose(page, tr("honors.period"), MONTH)
    expect_text(page, tr("closing.is_closed", period=MONTH, who=acting_name(who), at=at[:10]))  # no "#u2"
    podium = main(page).locator('[data-testid="stVegaLiteChart"]')
    expect(podium.first).to_be_visible()
    # The Monthly Crown's podium still crowns the kept winner, not the rival who leads live.
    db = connect(demo_app)
    label = db.execute("SELECT label_zh FROM r10_honors WHERE code = 'monthly_crown'").fetchone()[0]
    db.conn.close()
    card = main(page).get_by_role("heading", name=label, exact=True)  # its card: the nearest block with a chart
    card = card.locator("xpath=ancestor::div[.//div[@data-testid='stVegaLiteChart']][1]")
    marks = card.locator('[data-testid="stVegaLiteChart"] svg text')
    expect(marks.filter(has_text=winner).first).to_be_attached()
    assert rival not in " ".join(marks.all_text_contents()), "the closed podium follows the later edit"
    no_errors(page)
    shot(page, "honors_closed_zh")
    assert crown(connect(demo_app), MONTH) == kept, "the kept crown is unchanged by the edit"
    open_tab(page, "rolls")
    expect(main(page).get_by_text(tr("honors.changes"))).to_be_visible()
    expect(main(page).get_by_text(rival).first).to_be_attached()  # the live leader, in what changed
    expect(main(page).get_by_text(winner).first).to_be_attached()
    no_errors(page)


def test_a_threshold_edited_in_the_rules_grid_moves_the_open_month_not_the_closed_one(
    demo_app: App, page: Page
) -> None:
    db = connect(demo_app)
    kept = db.execute(
        "SELECT COUNT(*) FROM honors WHERE honor_code = 'million_star' AND period = ?", [CLOSED]
    ).fetchone()[0]
    db.conn.close()
    assert kept > 0
    open_page(page, f"{demo_app.url}/settings?lang=zh", login="admin")
    choose(page, tr("settings.rule"), tr("rule.R10"))
    edit_cell(page, "rules_r10_honors", "million_star", "threshold", "2000000")
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    expect(cell(page, "rules_r10_honors", "million_star", "threshold")).to_have_text("2,000,000")
    db = connect(demo_app)
    assert db["r10_honors"].get("million_star")["threshold"] == 2_000_000
    db.conn.close()
    open_page(page, f"{demo_app.url}/honors?lang=zh", login="admin")
    expect(
        main(page).get_by_text(tr("honors.rule.at_least", metric=tr("honors.in.sales"), value="200.00 万")).first
    ).to_be_visible()
    choose(page, tr("honors.period"), CLOSED)
    expect_text(page, tr("honors.state.closed"))
    # The closed month's caption: the bar its kept winners met, not today's.
    kept_bar = tr("honors.rule.at_least", metric=tr("honors.in.sales"), value="100.00 万")
    expect(main(page).get_by_text(kept_bar).first).to_be_visible()
    today_bar = tr("honors.rule.at_least", metric=tr("honors.in.sales"), value="200.00 万")
    expect(main(page).get_by_text(today_bar)).to_have_count(0)
    db = connect(demo_app)
    assert (
        db.execute("SELECT COUNT(*) FROM honors WHERE honor_code = 'million_star' AND period = ?", [CLOSED]).fetchone()[
            0
        ]
        == kept
    )
    db.conn.close()
    no_errors(page)


@pytest.mark.parametrize(("login", "lang"), [("admin", "en"), ("sales", "zh")])
def test_every_tab_draws_for_every_period_type(demo_app: App, page: Page, login: str, lang: str) -> None:
    open_page(page, f"{demo_app.url}/honors?lang={lang}", login=login)
    if lang == "en":
        expect_text(page, tr("honors.title", "en"))
    # Each tab drawn once for each period type: the open tab stays open when the type changes,
    # so the tabs are walked there and back (the switch draws the tab the walk ended on).
    walk = list(TABS)
    for kind in ("quarter", "year", "week", "month"):
        page.locator('[data-testid="stButtonGroup"]').get_by_text(tr(f"enum.period.{kind}", lang), exact=True).click()
        wait_idle(page)
        expect(page.get_by_role("tab", name=tr(f"honors.tab.{walk[0]}", lang))).to_have_attribute(
            "aria-selected", "true"
        )
        no_errors(page)
        for name in walk[1:]:
            open_tab(page, name, lang)
            no_errors(page)
        walk.reverse()
    # The chosen type clicked again (a segmented control deselects): the page stays on it.
    page.locator('[data-testid="stButtonGroup"]').get_by_text(tr("enum.period.month", lang), exact=True).click()
    wait_idle(page)
    no_errors(page)
    expect(main(page).get_by_text(tr("honors.period", lang), exact=True).first).to_be_visible()
    if login == "sales":
        expect(page.get_by_role("button", name=tr("closing.close", lang, period=MONTH))).to_have_count(0)
    shot(page, f"honors_{login}_{lang}")
