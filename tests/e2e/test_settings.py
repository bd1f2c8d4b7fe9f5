"""Rules settings in a real browser: edit -> save -> SQLite + audit; bad input; conflicts;
add and delete rows; hostile labels run nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import sqlite_utils
from playwright.sync_api import Browser, Page, expect

from kam import auth
from kam.i18n import translate
from kam.store import users
from kam.store.counters import table_stamp
from kam.store.refs import dependents
from tests.e2e.conftest import App, shot, use_copy
from tests.e2e.ui import (
    cell,
    choose,
    click_button,
    edit_cell,
    expect_text,
    grid,
    open_page,
    pick_radio,
    select_row,
    wait_idle,
)


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def admin_of(db: sqlite_utils.Database) -> users.Account:
    found = users.account(db, db.execute("SELECT id FROM users WHERE login = 'admin'").fetchone()[0])
    assert found is not None
    return found


def rules_url(app: App) -> str:
    return f"{app.url}/settings"


def db_of(app: App) -> sqlite_utils.Database:
    return sqlite_utils.Database(app.db_path)


def test_settings_edit_lands_in_sqlite_with_an_audit_row(demo_app: App, page: Page) -> None:
    open_page(page, rules_url(demo_app))
    shot(page, "settings_demo")
    edit_cell(page, "rules_r1_price_levels", "medium", "min_unit_price", "120000")
    expect_text(page, tr("grid.pending", n=1))
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    db = db_of(demo_app)
    row = db["r1_price_levels"].get("medium")
    assert row["min_unit_price"] == 120_000 and row["version"] == 2
    audit = list(db.query("SELECT * FROM audit WHERE table_name = 'r1_price_levels'"))
    assert [(a["row_key"], a["column_name"], a["old_value"], a["new_value"]) for a in audit] == [
        ("medium", "min_unit_price", "100000", "120000")
    ]
    # The signed-in account, as "display name #u<id>".
    assert audit[0]["user"] == auth.audit_name(admin_of(db))
    # The grid shows the saved value after the save (a fresh grid instance).
    expect(cell(page, "rules_r1_price_levels", "medium", "min_unit_price")).to_have_text("120,000")


def test_a_value_still_being_typed_when_save_is_clicked_is_not_lost(demo_app: App, page: Page) -> None:
    """Save runs in the button's callback, before the page script: the value typed in a
    still-open cell (it closes when the grid loses focus) must be in that save. (When it
    reaches the server after the click, it is kept as pending: tests/test_grid_state.py.)"""
    open_page(page, rules_url(demo_app))
    db = db_of(demo_app)
    save = page.get_by_role("button", name=tr("grid.save"), exact=True)
    edit_cell(page, "rules_r1_price_levels", "low", "label_en", "Cheap")
    expect_text(page, tr("grid.pending", n=1))
    edit_cell(page, "rules_r1_price_levels", "high", "label_en", "Dear", enter=False)
    save.click(delay=120)  # mouse down, 120 ms, up: as a person clicks
    wait_idle(page)
    expect_text(page, tr("grid.saved", n=2))
    assert [db["r1_price_levels"].get(k)["label_en"] for k in ("low", "high")] == ["Cheap", "Dear"]


def test_a_bad_value_names_row_and_column_keeps_edits_and_changes_nothing(demo_app: App, page: Page) -> None:
    db = db_of(demo_app)
    before = list(db.query("SELECT * FROM r1_price_levels ORDER BY code"))
    audit_before = db["audit"].count
    open_page(page, rules_url(demo_app))
    edit_cell(page, "rules_r1_price_levels", "low", "label_en", "Low price")
    edit_cell(page, "rules_r1_price_levels", "high", "min_unit_price", "50000")  # below medium
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.rejected"))
    label = tr("col.min_unit_price")
    expect(page.get_by_text(f"“高”，{label}", exact=False).first).to_be_visible()  # the row as people know it
    assert list(db.query("SELECT * FROM r1_price_levels ORDER BY code")) == before
    assert db["audit"].count == audit_before
    # Both edits are still in the grid, so the user can fix the bad one and save.
    expect(cell(page, "rules_r1_price_levels", "low", "label_en")).to_have_text("Low price")
    expect(cell(page, "rules_r1_price_levels", "high", "min_unit_price")).to_have_text("50,000")
    edit_cell(page, "rules_r1_price_levels", "high", "min_unit_price", "600000")
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=2))
    assert db["r1_price_levels"].get("high")["min_unit_price"] == 600_000
    assert db["r1_price_levels"].get("low")["label_en"] == "Low price"


def test_a_value_the_grid_editor_used_to_drop_is_refused_and_its_cell_marked_red(demo_app: App, page: Page) -> None:
    """-5 in a money cell used to revert in the browser without a word (the number editor's
    own minimum); it must reach validation, be refused with its row and column, and the
    refused cell be marked red (a new grid instance: the browser's yellow mark was kept)."""
    db = db_of(demo_app)
    before = list(db.query("SELECT * FROM r1_price_levels ORDER BY code"))
    open_page(page, rules_url(demo_app))
    key = "rules_r1_price_levels"
    edit_cell(page, key, "medium", "min_unit_price", "-5")
    expect(cell(page, key, "medium", "min_unit_price")).to_have_text("-5")
    expect_text(page, tr("grid.pending", n=1))
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.rejected"))
    expect_text(page, tr("v.below_min", min="0"))
    expect(cell(page, key, "medium", "min_unit_price")).to_have_class(re.compile(r"\bkam-invalid\b"))
    expect(cell(page, key, "low", "min_unit_price")).not_to_have_class(re.compile(r"\bkam-invalid\b"))
    assert list(db.query("SELECT * FROM r1_price_levels ORDER BY code")) == before
    # 20 digits crashed the page (a float that no whole-number column could show); letters
    # vanished in the number editor. Both reach validation as typed, and are refused.
    edit_cell(page, key, "medium", "min_unit_price", "99999999999999999999")
    edit_cell(page, key, "high", "min_unit_price", "abc")
    click_button(page, tr("grid.save"))
    expect_text(page, tr("v.above_max", max="999,999,999,999,999"))
    expect_text(page, tr("v.not_integer", value="abc"))
    expect(cell(page, key, "medium", "min_unit_price")).to_have_text("99999999999999999999")
    expect(cell(page, key, "high", "min_unit_price")).to_have_class(re.compile(r"\bkam-invalid\b"))
    assert list(db.query("SELECT * FROM r1_price_levels ORDER BY code")) == before


def test_a_column_of_money_on_some_rows_and_counts_on_others_shows_each_in_its_unit(demo_app: App, page: Page) -> None:
    """The star thresholds hold yuan for the performance star and counts for the others;
    the honors hold yuan, months and places; codes show as their labels, in Chinese."""
    db = db_of(demo_app)
    ids = {r["indicator"]: r["id"] for r in db.query("SELECT id, indicator FROM r9_star_thresholds WHERE stars = 2")}
    open_page(page, rules_url(demo_app))
    choose(page, tr("settings.rule"), tr("rule.R9"))
    pick_radio(page, tr("table.r9_star_thresholds"))
    key = "rules_r9_star_thresholds"
    expect(cell(page, key, str(ids["performance"]), "min_value")).to_have_text("500,000")
    expect(cell(page, key, str(ids["process"]), "min_value")).to_have_text("12")
    expect(cell(page, key, str(ids["performance"]), "indicator")).to_have_text(tr("enum.indicator.performance"))
    shot(page, "settings_r9_zh")
    choose(page, tr("settings.rule"), tr("rule.R10"))
    key = "rules_r10_honors"
    honors = {r["code"]: r for r in db.query("SELECT * FROM r10_honors")}
    money = next(c for c, r in honors.items() if r["metric"] == "sales" and r["comparison"] == ">=")
    places = next(c for c, r in honors.items() if r["comparison"] == "top")
    expect(cell(page, key, money, "threshold")).to_have_text(f"{int(honors[money]['threshold']):,}")
    expect(cell(page, key, places, "threshold")).to_have_text(str(int(honors[places]["threshold"])))
    expect(cell(page, key, money, "comparison")).to_have_text(tr("enum.comparison.>="))
    expect(cell(page, key, money, "period")).to_have_text(tr(f"enum.period.{honors[money]['period']}"))
    shot(page, "settings_r10_zh")


def test_two_sessions_saving_the_same_row_get_one_conflict(demo_app: App, browser: Browser) -> None:
    pages = []
    for _ in range(2):
        ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
        pg = ctx.new_page()
        open_page(pg, rules_url(demo_app))
        pages.append(pg)
    a, b = pages
    edit_cell(a, "rules_r1_price_levels", "low", "label_zh", "低价 A")
    edit_cell(b, "rules_r1_price_levels", "low", "label_zh", "低价 B")
    click_button(a, tr("grid.save"))
    expect_text(a, tr("grid.saved", n=1))
    click_button(b, tr("grid.save"))
    expect_text(b, tr("grid.stale", rows="“低价 B”"))  # the row as b's grid shows it
    assert db_of(demo_app)["r1_price_levels"].get("low")["label_zh"] == "低价 A"
    for pg in pages:
        pg.context.close()


def test_add_a_row_and_refuse_deleting_a_referenced_one(demo_app: App, page: Page) -> None:
    db = db_of(demo_app)
    open_page(page, rules_url(demo_app))
    choose(page, tr("settings.rule"), tr("rule.R7"))
    pick_radio(page, tr("table.r7_key_messages"))
    key = "rules_r7_key_messages"
    count = db["r7_key_messages"].count
    click_button(page, tr("grid.add_row"))
    edit_cell(page, key, "-1", "sort_order", "14")
    edit_cell(page, key, "-1", "label_zh", "合同条款")
    edit_cell(page, key, "-1", "label_en", "Contract terms")
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    assert db["r7_key_messages"].count == count + 1
    assert db.execute("SELECT COUNT(*) FROM r7_key_messages WHERE label_en = 'Contract terms'").fetchone()[0] == 1
    # Message 1 is filled in on many orders: deleting it is refused with the count.
    used = db.execute("SELECT COUNT(*) FROM order_key_messages WHERE message_id = 1").fetchone()[0]
    assert used > 0
    select_row(page, key, "1")
    click_button(page, tr("grid.delete_selected", n=1))
    expect_text(page, tr("grid.dependent_rows", table=tr("table.order_key_messages"), n=used))
    assert db["r7_key_messages"].count == count + 1


def test_hostile_labels_run_nothing_in_the_browser(demo_app: App, page: Page) -> None:
    db = db_of(demo_app)
    hostile = "::JSCODE::function(){document.title='pwned'; window.parent.document.title='pwned'}()::JSCODE::"
    db.execute("UPDATE ranks SET label_zh = ? WHERE code = 'hr'", [hostile])  # an FK dropdown label
    db.execute("UPDATE r2_tiers SET label_en = ? WHERE code = 'KA'", ["<script>window.parent.__pwned=1</script>"])
    db.execute("UPDATE r2_tiers SET label_zh = ? WHERE code = 'MLA'", [hostile])  # a cell value
    db.conn.commit()
    open_page(page, rules_url(demo_app))
    choose(page, tr("settings.rule"), tr("rule.R2"))
    # The cells show the text as text.
    expect(cell(page, "rules_r2_tiers", "KA", "label_en")).to_contain_text("<script>")
    expect(cell(page, "rules_r2_tiers", "MLA", "label_zh")).to_have_text(hostile)
    wait_idle(page)  # no rerun pending and every grid drawn: a marker taken for code has run by now
    assert page.title() != "pwned"
    assert page.evaluate("window.__pwned") is None
    frame_titles = [f.evaluate("document.title") for f in page.frames]
    assert "pwned" not in frame_titles
    # And the marker cannot be saved into a text cell.
    edit_cell(page, "rules_r2_tiers", "VLA", "label_en", "x ::JSCODE::alert(1)::JSCODE::")
    click_button(page, tr("grid.save"))
    expect_text(page, tr("v.jscode"))
    assert "JSCODE" not in db["r2_tiers"].get("VLA")["label_en"]


def test_delete_asks_first_cancel_keeps_the_row_confirm_and_save_remove_it(demo_app: App, page: Page) -> None:
    """R3's focus industries may lose a row (not a fixed table, nothing refers to it): the
    delete button asks first; Cancel changes nothing; Confirm marks the row, Save deletes
    it from SQLite with a 'delete' audit row naming the signed-in user."""
    db = db_of(demo_app)
    table, key, row = "r3_focus_industries", "rules_r3_focus_industries", "construction"
    assert not dependents(db, table, [row])
    before = list(db.query(f"SELECT * FROM {table} ORDER BY code"))
    pending = tr("grid.deleted_pending", rows=f"“{db[table].get(row)['label_zh']}”")  # the row by its label
    audit_before = db["audit"].count
    open_page(page, rules_url(demo_app))
    choose(page, tr("settings.rule"), tr("rule.R3"))
    pick_radio(page, tr("table.r3_focus_industries"))
    grid_row = grid(page, key).locator(f'.ag-row[row-id="{row}"]')
    expect(grid_row.first).to_be_visible()
    asking = page.get_by_text(tr("grid.confirm_delete", n=1))
    confirm = page.get_by_role("button", name=tr("grid.confirm"), exact=True)
    cancel = page.get_by_role("button", name=tr("grid.cancel"), exact=True)
    expect(confirm).to_have_count(0)

    # Ask, then cancel: nothing is marked, nothing is written.
    select_row(page, key, row)
    click_button(page, tr("grid.delete_selected", n=1))
    expect(asking).to_be_visible()
    expect(confirm).to_be_visible()
    assert db[table].get(row)["code"] == row  # asking deletes nothing
    shot(page, "settings_delete_confirm")
    click_button(page, tr("grid.cancel"))
    expect(asking).to_have_count(0)
    expect(cancel).to_have_count(0)
    expect(page.get_by_text(pending)).to_have_count(0)
    expect(page.get_by_text(tr("grid.no_changes"))).to_be_visible()
    expect(grid_row.first).to_be_visible()
    assert list(db.query(f"SELECT * FROM {table} ORDER BY code")) == before
    assert db["audit"].count == audit_before

    # Ask again and confirm: the row leaves the grid and waits for Save.
    select_row(page, key, row)  # still ticked after Cancel, or ticked again
    click_button(page, tr("grid.delete_selected", n=1))
    expect(asking).to_be_visible()
    click_button(page, tr("grid.confirm"))
    expect(asking).to_have_count(0)
    expect_text(page, pending)
    expect_text(page, tr("grid.pending", n=1))
    expect(grid_row).to_have_count(0)
    assert db[table].get(row)["code"] == row  # not yet: a delete is saved like an edit
    assert db["audit"].count == audit_before

    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE code = ?", [row]).fetchone()[0] == 0
    assert [r["code"] for r in db.query(f"SELECT code FROM {table} ORDER BY code")] == [
        r["code"] for r in before if r["code"] != row
    ]
    audit = list(db.query("SELECT * FROM audit WHERE table_name = ? AND row_key = ?", [table, row]))
    assert [(a["action"], a["user"]) for a in audit] == [("delete", auth.audit_name(admin_of(db)))]
    old = next(r for r in before if r["code"] == row)
    assert json.loads(audit[0]["old_value"]) == old  # the deleted row is kept in the audit
    expect(grid_row).to_have_count(0)


def test_each_test_has_its_own_copy_and_no_rows_cached_from_another(
    demo_server: App, template_db: Path, tmp_path: Path, page: Page
) -> None:
    """What ``demo_app`` gives every test (tests/e2e/conftest.py), done twice in one test: a
    save in the first copy is not in the second, and the app serves the second copy's rows
    although its caches hold the first copy's table at the very same write counter."""
    template = sqlite_utils.Database(template_db)
    audit_rows = template["audit"].count
    start = template["r1_price_levels"].get("medium")["min_unit_price"]
    first = use_copy(demo_server, template_db, tmp_path / "first")
    open_page(page, rules_url(first))
    edit_cell(page, "rules_r1_price_levels", "medium", "min_unit_price", "120000")
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    db1 = db_of(first)
    assert db1["r1_price_levels"].get("medium")["min_unit_price"] == 120_000
    assert db1["audit"].count == audit_rows + 1

    second = use_copy(demo_server, template_db, tmp_path / "second")
    db2 = db_of(second)
    assert db2["r1_price_levels"].get("medium")["min_unit_price"] == start  # the template's row again
    assert db2["audit"].count == audit_rows
    # One write to the same table, as in the first copy: the same write counter, another value.
    db2.execute("UPDATE r1_price_levels SET min_unit_price = 130000, version = version + 1 WHERE code = 'medium'")
    db2.conn.commit()
    assert table_stamp(db2, "r1_price_levels") == table_stamp(db1, "r1_price_levels")
    open_page(page, rules_url(second))
    expect(cell(page, "rules_r1_price_levels", "medium", "min_unit_price")).to_have_text("130,000")
    # And a save lands in the second copy only.
    edit_cell(page, "rules_r1_price_levels", "low", "label_en", "Second")
    click_button(page, tr("grid.save"))
    expect_text(page, tr("grid.saved", n=1))
    assert db2["r1_price_levels"].get("low")["label_en"] == "Second"
    assert db2["audit"].count == audit_rows + 1
    assert db1["r1_price_levels"].get("low")["label_en"] != "Second"
    assert db1["audit"].count == audit_rows + 1


def test_an_edit_after_the_account_is_deactivated_meets_the_sign_in_form_and_saves_nothing(
    demo_app: App, page: Page
) -> None:
    """An edit runs the grid alone (a fragment, without the page's sign-in gate): the grid
    asks the database about the session first, so an account deactivated while its page is
    open meets the sign-in form, not a grid that still works; the edit reaches nothing."""
    db = db_of(demo_app)
    open_page(page, rules_url(demo_app))
    cell(page, "rules_r1_price_levels", "medium", "min_unit_price").wait_for(timeout=30_000)
    before = db["r1_price_levels"].get("medium")
    with db.conn:
        db.execute("UPDATE users SET active = 0 WHERE login = 'admin'")
    try:
        edit_cell(page, "rules_r1_price_levels", "medium", "min_unit_price", "130000")
        expect(page.get_by_label(tr("auth.login"), exact=True)).to_be_visible()
        expect_text(page, tr("auth.failed"))
        expect(page.locator(".st-key-rules_r1_price_levels")).to_have_count(0)
    finally:
        with db.conn:
            db.execute("UPDATE users SET active = 1 WHERE login = 'admin'")
    assert db["r1_price_levels"].get("medium") == before
