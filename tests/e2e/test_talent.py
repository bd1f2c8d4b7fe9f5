"""The talent pipeline in a real browser: HR approves an eligible candidate in the
assessments grid and the decision is saved and audited under HR; a salesperson sees only
their own figures and no one else's assessment; HR closes a quarter with one click; every
tab draws in both languages, with zero rows too; a hostile name in the command tree's
graph runs nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils
from playwright.sync_api import Page, expect

from kam import db as kamdb
from kam.i18n import translate
from kam.views import talent
from kam.views.talent import TABS
from tests.conftest import EVERYONE
from tests.e2e.conftest import App, shot
from tests.e2e.ui import choose, click_button, expect_text, open_page, pick_cell, scroll_to_cell, wait_idle

AS_OF = dt.date(2026, 6, 30)  # the template's anchor: the page opens on it (the data stops there)
HOSTILE = '王"] ; x [label="<img src=x onerror=window.__kam_xss=1>'


def tr(key: str, lang: str = "zh", **params: object) -> str:
    return translate(key, lang, **params)


def connect(app: App) -> sqlite_utils.Database:
    return kamdb.connect(app.db_path)


def open_tab(page: Page, name: str, lang: str = "zh") -> None:
    page.get_by_role("tab", name=tr(f"talent.tab.{name}", lang), exact=True).click()
    wait_idle(page)


def no_errors(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)


def pending_candidate(app: App) -> tuple[int, int, str]:
    """(assessment id, person id, name) of an eligible candidate HR has not decided yet."""
    db = connect(app)
    cad = talent.load(db, EVERYONE, as_of=AS_OF, lang="zh").cadre()
    row = cad.loc[cad["eligible"] & (cad["decision"] == "pending")].iloc[0]
    person = int(row.name)
    name = db["people"].get(person)["name"]
    db.conn.close()
    return int(row["assessment_id"]), person, name


def test_hr_approves_an_eligible_candidate_in_the_grid(demo_app: App, page: Page) -> None:
    key, person, name = pending_candidate(demo_app)
    open_page(page, f"{demo_app.url}/talent?lang=zh", login="hr")
    open_tab(page, "cadre")
    pick_cell(page, "talent_assessments", str(key), "decision", tr("enum.decision.approved"))
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    db = connect(demo_app)
    saved = db["hr_assessments"].get(key)
    hr = db.execute("SELECT id, display_name FROM users WHERE login = 'hr'").fetchone()
    assert saved["decision"] == "approved" and saved["decided_by"] == f"{hr[1]} #u{hr[0]}"
    audit = db.execute(
        "SELECT new_value, user FROM audit WHERE table_name = 'hr_assessments' AND row_key = ? "
        "AND column_name = 'decision'",
        [str(key)],
    ).fetchall()
    assert audit == [("approved", f"{hr[1]} #u{hr[0]}")]
    # The approved candidate can now be enrolled in the Pegasus camp in one action.
    button = page.get_by_role("button", name=tr("talent.cadre.enrol", names="").split("（")[0], exact=False)
    expect(button).to_contain_text(name)
    button.click()
    wait_idle(page)
    expect(page.get_by_text(tr("talent.cadre.enrolled", names="")).first).to_contain_text(name)  # said, after a rerun
    got = db.execute(
        "SELECT camp_code, status FROM camp_enrolments WHERE person_id = ? ORDER BY id DESC LIMIT 1", [person]
    ).fetchone()
    assert got == ("pegasus", "enrolled")
    db.conn.close()
    no_errors(page)
    shot(page, "talent_hr_approved")


def test_an_approval_of_someone_not_eligible_is_refused_in_the_grid(demo_app: App, page: Page) -> None:
    db = connect(demo_app)
    cad = talent.load(db, EVERYONE, as_of=AS_OF, lang="zh").cadre()
    key = int(cad.loc[~cad["eligible"] & (cad["decision"] == "pending"), "assessment_id"].iloc[0])
    db.conn.close()
    open_page(page, f"{demo_app.url}/talent?lang=zh", login="hr")
    open_tab(page, "cadre")
    pick_cell(page, "talent_assessments", str(key), "decision", tr("enum.decision.approved"))
    click_button(page, tr("grid.save"))
    expect_text(page, tr("talent.approve_not_eligible"))
    db = connect(demo_app)
    assert db["hr_assessments"].get(key)["decision"] == "pending"
    db.conn.close()


def test_a_salesperson_sees_their_own_figures_and_no_one_elses_assessment(demo_app: App, page: Page) -> None:
    _, _, candidate = pending_candidate(demo_app)
    db = connect(demo_app)
    me = db.execute("SELECT p.id, p.name FROM users u JOIN people p ON p.id = u.person_id WHERE u.login = 'sales'")
    my_id, mine = me.fetchone()
    with db.conn:  # an assessment of their own, which they may read
        db.execute(
            "INSERT INTO hr_assessments (person_id, assessment_date, virtue, talent, post, decision, note) "
            "VALUES (?, '2026-06-01', 70, 71, 72, 'pending', '自己的评估')",
            [my_id],
        )
    db.conn.close()
    open_page(page, f"{demo_app.url}/talent?lang=zh", login="sales")
    open_tab(page, "cadre")
    no_errors(page)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    expect(main.get_by_text(mine).first).to_be_attached()  # a dataframe cell (drawn on a canvas)
    expect(main.get_by_text(candidate)).to_have_count(0)
    # The assessments grid shows their own row and no one else's.
    frame = page.locator(".st-key-talent_assessments iframe").first
    expect(frame).to_be_attached(timeout=20_000)  # the grid is there: a salesperson reads their own
    grid = frame.content_frame
    expect(grid.locator(".ag-root")).to_be_attached(timeout=20_000)
    expect(grid.get_by_text("自己的评估")).to_be_attached(timeout=20_000)  # their own row is there
    expect(grid.get_by_text(candidate)).to_have_count(0)
    open_tab(page, "stars")
    expect(page.get_by_role("button", name=tr("closing.close", period="2026-Q2"))).to_have_count(0)
    no_errors(page)
    for name in TABS:  # every tab draws for one person (their list of what falls due may be empty)
        open_tab(page, name)
        no_errors(page)


def test_hr_closes_a_quarter_and_its_stars_are_kept(demo_app: App, page: Page) -> None:
    open_page(page, f"{demo_app.url}/talent?lang=zh", login="hr")
    open_tab(page, "stars")
    click_button(page, tr("closing.close", period="2026-Q2"))
    expect_text(page, tr("closing.done", period="2026-Q2"))
    expect(page.get_by_role("button", name=tr("closing.reopen", period="2026-Q2"))).to_be_visible()
    db = connect(demo_app)
    assert (
        db.execute("SELECT closed_by FROM closed_periods WHERE period = '2026-Q2'").fetchone()[0].startswith("人力资源")
    )
    assert db.execute("SELECT COUNT(*) FROM star_snapshots WHERE period = '2026-Q2'").fetchone()[0] > 0
    db.conn.close()
    no_errors(page)
    # An older quarter: closed, then reopened with a reason; the buttons act on the quarter
    # they name (a picker reset by the close once made "Reopen" reopen another quarter).
    choose(page, tr("talent.stars.quarter"), "2025-Q2")
    click_button(page, tr("closing.close", period="2025-Q2"))
    expect_text(page, tr("closing.done", period="2025-Q2"))
    # A reopen without a reason is refused where it can be seen (drawn on the page, not in
    # the popover, which may close with the rerun), and nothing is reopened.
    page.get_by_role("button", name=tr("closing.reopen", period="2025-Q2")).click()
    click_button(page, tr("closing.reopen_confirm", period="2025-Q2"))
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        tr("closing.reason_needed", period="2025-Q2")
    )
    db = connect(demo_app)
    still = "SELECT COUNT(*) FROM closed_periods WHERE period = '2025-Q2' AND reopened_at IS NULL"
    assert db.execute(still).fetchone() == (1,)
    db.conn.close()
    reason = page.get_by_label(tr("closing.reason"))
    if not reason.is_visible():  # the popover closed with the rerun
        page.get_by_role("button", name=tr("closing.reopen", period="2025-Q2")).click()
    reason.fill("录入错误")
    click_button(page, tr("closing.reopen_confirm", period="2025-Q2"))
    expect_text(page, tr("closing.reopened", period="2025-Q2"))
    db = connect(demo_app)
    closed = {r[0] for r in db.execute("SELECT period FROM closed_periods WHERE reopened_at IS NULL")}
    assert "2026-Q2" in closed and "2025-Q2" not in closed
    why = db.execute("SELECT reopen_reason FROM closed_periods WHERE period = '2025-Q2'").fetchone()
    assert why == ("录入错误",)
    assert db.execute("SELECT COUNT(*) FROM star_snapshots WHERE period = '2026-Q2'").fetchone()[0] > 0
    db.conn.close()
    no_errors(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_draws_in_both_languages(demo_app: App, page: Page, lang: str) -> None:
    open_page(page, f"{demo_app.url}/talent?lang={lang}", login="admin")
    expect(page.get_by_role("heading", name=tr("talent.title", lang)).first).to_be_visible()
    for name in TABS:
        open_tab(page, name, lang)
        no_errors(page)
    open_tab(page, "command", lang)
    expect(page.locator('[data-testid="stGraphVizChart"] svg').first).to_be_visible(timeout=20_000)
    shot(page, f"talent_command_{lang}")


def test_a_hostile_name_in_the_command_tree_runs_nothing(demo_app: App, page: Page) -> None:
    db = connect(demo_app)
    boss = db.execute(
        "SELECT manager_id FROM people WHERE manager_id IS NOT NULL AND branch_id = 1 ORDER BY id LIMIT 1"
    ).fetchone()[0]
    db.execute("UPDATE people SET name = ? WHERE id = ?", [HOSTILE, boss])
    db.conn.commit()
    db.conn.close()
    open_page(page, f"{demo_app.url}/talent?lang=zh", login="admin")
    open_tab(page, "command")
    svg = page.locator('[data-testid="stGraphVizChart"] svg').last  # the tree (the legend is drawn first)
    expect(svg).to_be_visible(timeout=20_000)
    expect(svg.get_by_text(HOSTILE, exact=False).first).to_be_attached()
    assert page.evaluate("window.__kam_xss") is None
    expect(svg.locator("img")).to_have_count(0)
    no_errors(page)


def test_the_page_with_zero_rows(empty_app: App, page: Page) -> None:
    open_page(page, f"{empty_app.url}/talent?lang=zh", login="admin")
    for name in TABS:
        open_tab(page, name)
        no_errors(page)
    open_tab(page, "command")
    expect_text(page, tr("talent.cmd.empty"))
    shot(page, "talent_empty")


def test_hr_records_a_persons_recruiter_in_the_people_grid(demo_app: App, page: Page) -> None:
    db = connect(demo_app)
    now = db.execute("SELECT recruited_by FROM people WHERE id = 7").fetchone()[0]
    names = dict(db.execute("SELECT id, name FROM people").fetchall())
    # another recruiter, whose name is in no other name (the list is picked by its text)
    recruiter = next(
        (i, n) for i, n in sorted(names.items()) if i not in (7, now) and sum(n in m for m in names.values()) == 1
    )
    db.conn.close()
    open_page(page, f"{demo_app.url}/talent?lang=zh", login="hr")
    open_tab(page, "people")
    # The recruiter is the grid's last column: scrolled into view as a user would.
    scroll_to_cell(page, "talent_people", "7", "recruited_by")
    pick_cell(page, "talent_people", "7", "recruited_by", recruiter[1])
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    db = connect(demo_app)
    assert db.execute("SELECT recruited_by FROM people WHERE id = 7").fetchone() == (recruiter[0],)
    audit = db.execute(
        "SELECT new_value FROM audit WHERE table_name = 'people' AND row_key = '7' AND column_name = 'recruited_by'"
    ).fetchall()
    assert audit == [(str(recruiter[0]),)]
    db.conn.close()
    no_errors(page)
