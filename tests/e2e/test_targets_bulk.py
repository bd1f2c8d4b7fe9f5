"""Targets bulk entry in a real browser: a sheet as a branch sends it (merged title row,
Chinese headers in 万元, formula cells with stored values, a blank and a total row) is
uploaded; the page says in Chinese how it was read and names the unknown person; without
that row it saves in yuan, with audit rows."""

from __future__ import annotations

import io

import sqlite_utils
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from kam.i18n import translate
from tests.e2e.conftest import App, shot
from tests.e2e.ui import click_button, expect_text, open_page, wait_idle
from tests.test_targets_import import CACHED, UNKNOWN, two_people, with_cached_values, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def open_bulk(page: Page, app: App) -> None:
    open_page(page, f"{app.url}/targets")
    page.get_by_role("tab", name=tr("targets.tab.bulk"), exact=True).click()
    wait_idle(page)


def upload(page: Page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    wait_idle(page)


def test_a_branch_sheet_is_read_and_its_unknown_person_named(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    team = two_people(db)
    open_bulk(page, demo_app)
    expect_text(page, tr("targets.bulk.file_help", mb=5))  # our own words above Streamlit's box
    upload(page, "目标.xlsx", with_cached_values(workbook(team), CACHED))
    expect_text(page, "第 7 行是合计行（“合计”），已跳过。")
    expect_text(page, "第 5 行是空行，已跳过。")
    expect_text(page, f"第 6 行，姓名：系统中没有名为“{UNKNOWN}”的人员")
    expect(page.get_by_role("button", name=tr("targets.bulk.save", n=10), exact=True)).to_be_disabled()
    shot(page, "targets_bulk_refused")


def test_a_branch_sheet_saves_in_yuan(demo_app: App, page: Page) -> None:
    db = sqlite_utils.Database(demo_app.db_path)
    team = two_people(db)
    open_bulk(page, demo_app)
    # The sheet without the unknown person's row (row 6 becomes the total row).
    book = load_workbook(io.BytesIO(workbook(team)))
    book.active.delete_rows(6)
    book.active["C6"] = "=SUM(C3:C4)"
    out = io.BytesIO()
    book.save(out)
    upload(page, "目标.xlsx", with_cached_values(out.getvalue(), {"C3": "800", "G4": "15", "C6": "850"}))
    expect_text(page, "第 6 行是合计行（“合计”），已跳过。")
    click_button(page, tr("targets.bulk.save", n=10))
    expect_text(page, tr("grid.saved", n=10))
    rows = {
        r["period"]: r["amount"]
        for r in db.query(
            "SELECT period, amount FROM targets WHERE entity_type = 'person' AND entity_id = ?", [team["a"]["id"]]
        )
    }
    assert rows["2026"] == 8_000_000 and rows["2026-Q4"] == 2_000_000
    audit = db.execute("SELECT COUNT(*) FROM audit WHERE table_name = 'targets'").fetchone()[0]
    assert audit >= 10
