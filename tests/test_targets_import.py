"""Targets import of a sheet as a branch sends it (domain.md R6): a merged title row above
Chinese headers with a unit (万元), quarter columns, formula cells (read by the value the file
stores; refused by row and column where it stores none), a blank row, a total row and an
unknown person; the same sheet as a GB18030 CSV; English headers; the unit-slip warning; a
preview without ``None``; huge amounts refused, never a crash."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import sqlite_utils
from openpyxl import Workbook

from kam.edit import problem_text, save_change_set
from kam.i18n import translate
from kam.specs import SPECS
from kam.store.access import unrestricted
from kam.store.people import read_org
from kam.store.targets import read_targets
from kam.views.targets import bulk
from kam.views.targets.tree import entities
from tests.conftest import RunPage

SPEC = SPECS["targets"]
TITLE = "2026年度销售目标分解"
HEADERS = ["姓名", "部门", "年度目标（万元）", "Q1", "Q2", "Q3", "Q4"]
UNKNOWN = "王小明"


def two_people(db: sqlite_utils.Database) -> dict:
    """Two people of one team of the demo with a 2026 target each, and the team's name."""
    rows = list(
        db.query(
            "SELECT p.id, p.name, m.name AS team, t.amount FROM people p JOIN teams m ON m.id = p.team_id "
            "JOIN targets t ON t.entity_type = 'person' AND t.entity_id = p.id AND t.period = '2026' "
            "WHERE p.left_date IS NULL AND p.name NOT IN (SELECT name FROM people GROUP BY name HAVING COUNT(*) > 1) "
            "ORDER BY m.id, p.id LIMIT 2"
        )
    )
    assert len(rows) == 2 and rows[0]["team"] == rows[1]["team"]
    assert not list(db.query("SELECT id FROM people WHERE name = ?", [UNKNOWN]))
    return {"a": rows[0], "b": rows[1], "team": rows[0]["team"]}


@pytest.fixture
def team(demo_db: sqlite_utils.Database) -> dict:
    return two_people(demo_db)


def run(db: sqlite_utils.Database, cells: list[list], lang: str = "zh", year: int | None = None) -> bulk.Preview:
    org = read_org(db)
    ents = entities(org.branches, org.teams, org.people, lang)
    by_year = {} if year is None else {"year": year}
    return bulk.preview(cells, SPEC, read_targets(db, SPEC), ents, lang, **by_year)


def sheet_rows(team: dict) -> list[list]:
    """The sheet's rows from row 2 (the header) on; formulas as Excel writes them."""
    a, b, name = team["a"]["name"], team["b"]["name"], team["team"]
    return [
        HEADERS,
        [a, name, "=SUM(D3:G3)", 200, 200, 200, 200],  # row 3: the year's target is a formula
        [b, name, 50, 10, 10, 15, "=C4-D4-E4-F4"],  # row 4: so is Q4
        [None] * 7,  # row 5: blank
        [UNKNOWN, name, 30, 5, 5, 10, 10],  # row 6: nobody of that name
        ["合计", None, "=SUM(C3:C6)", 215, 215, 225, 225],  # row 7: the total
    ]


# The values Excel stores for the formula cells above.
CACHED = {"C3": "800", "G4": "15", "C7": "880"}


def workbook(team: dict) -> bytes:
    book = Workbook()
    ws = book.active
    ws.append([TITLE])
    ws.merge_cells("A1:G1")
    for row in sheet_rows(team):
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_cached_values(xlsx: bytes, values: dict[str, str]) -> bytes:
    """The workbook as Excel or WPS would save it: each formula cell also holds its value
    (``<v>``), which openpyxl cannot write."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for ref, value in values.items():
                    text, n = re.subn(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(?:<v\s*/>|<v>[^<]*</v>)?', rf"\1\2<v>{value}</v>", text
                    )
                    assert n == 1, ref
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()


def csv_bytes(team: dict, encoding: str = "gb18030") -> bytes:
    """The same sheet saved as CSV by Excel or WPS on Chinese Windows: values, not formulas."""
    rows = [[TITLE, *[""] * 6], *sheet_rows(team)]
    cells = {"C3": 800, "G4": 15, "C7": 880}
    lines = []
    for r, row in enumerate(rows, start=1):
        values = [cells.get(f"{'ABCDEFG'[c]}{r}", v) for c, v in enumerate(row)]
        lines.append(",".join("" if v is None else str(v) for v in values))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def found(p: bulk.Preview) -> list[tuple]:
    return [(x.row, x.column, x.reason) for x in p.problems]


def targets_of(p: bulk.Preview) -> dict[tuple[int, str], tuple[int, str]]:
    """(row, period) -> (yuan, action) of every target the preview names."""
    return {
        (int(r.line), str(r.period)): (None if pd.isna(r.yuan) else int(r.yuan), r.action) for r in p.rows.itertuples()
    }


def expected_targets(team: dict) -> dict:
    return {
        (3, "2026"): (8_000_000, "update"),
        (3, "2026-Q1"): (2_000_000, "new"),
        (3, "2026-Q2"): (2_000_000, "new"),
        (3, "2026-Q3"): (2_000_000, "new"),
        (3, "2026-Q4"): (2_000_000, "new"),
        (4, "2026"): (500_000, "update" if team["b"]["amount"] != 500_000 else "same"),
        (4, "2026-Q1"): (100_000, "new"),
        (4, "2026-Q2"): (100_000, "new"),
        (4, "2026-Q3"): (150_000, "new"),
        (4, "2026-Q4"): (150_000, "new"),
    }


def assert_read_as_sent(p: bulk.Preview, team: dict) -> None:
    got = targets_of(p)
    assert {k: v for k, v in got.items() if k[0] != 6} == expected_targets(team)
    assert {v[1] for k, v in got.items() if k[0] == 6} == {"refused"}
    # The unknown person is named, by row and by the sheet's column, in the user's language.
    assert found(p) == [(6, "姓名", "targets.bulk.unknown_person")]
    assert problem_text(SPEC, p.problems[0], lang="zh") == f"第 6 行，姓名：系统中没有名为“{UNKNOWN}”的人员"
    assert (
        problem_text(SPEC, p.problems[0], lang="en") == f"row 6, column 姓名: {UNKNOWN} is not a person in the system"
    )
    notes = p.note_texts("zh")
    assert "表头在第 2 行；第 1 行是标题，已跳过。" in notes
    assert "第 5 行是空行，已跳过。" in notes
    assert "第 7 行是合计行（“合计”），已跳过。" in notes
    assert "年度目标（万元）、Q1、Q2、Q3、Q4：单位为万元，已乘以 10,000 换算为元。" in notes
    assert "年份取自标题：2026 年。" in notes
    assert "Blank rows skipped: 5." in p.note_texts("en")
    assert notes.index("第 5 行是空行，已跳过。") < notes.index("第 7 行是合计行（“合计”），已跳过。")  # in row order
    assert not p.ok and p.changes.empty  # one refused row: nothing to save


def test_r6_sheet_as_a_branch_sends_it_merged_title_units_formulas_totals(
    demo_db: sqlite_utils.Database, team: dict
) -> None:
    data = with_cached_values(workbook(team), CACHED)
    p = run(demo_db, bulk.read_file("目标.xlsx", data))
    assert_read_as_sent(p, team)


def test_r6_without_the_unknown_person_the_sheet_saves_in_yuan(demo_db: sqlite_utils.Database, team: dict) -> None:
    cells = bulk.read_file("目标.xlsx", with_cached_values(workbook(team), CACHED))
    cells = [r for r in cells if UNKNOWN not in r]
    p = run(demo_db, cells)
    assert found(p) == [] and p.ok and not p.slips
    result, problems = save_change_set(demo_db, SPEC, read_targets(demo_db, SPEC), p.changes, unrestricted("tester"))
    assert problems == [] and result is not None
    saved = {
        r["period"]: r["amount"]
        for r in demo_db.query(
            "SELECT period, amount FROM targets WHERE entity_type = 'person' AND entity_id = ?", [team["a"]["id"]]
        )
    }
    assert {k: v for k, v in saved.items() if k == "2026" or k.startswith("2026-Q")} == {
        "2026": 8_000_000,
        "2026-Q1": 2_000_000,
        "2026-Q2": 2_000_000,
        "2026-Q3": 2_000_000,
        "2026-Q4": 2_000_000,
    }


def test_r6_a_formula_without_a_stored_value_is_refused_by_row_and_column(
    demo_db: sqlite_utils.Database, team: dict
) -> None:
    """A file written by a script (openpyxl), not by Excel or WPS, holds no value for its formulas."""
    p = run(demo_db, bulk.read_file("目标.xlsx", workbook(team)))
    problems = found(p)
    assert (3, "年度目标（万元）", "targets.bulk.no_value") in problems
    assert (4, "Q4", "targets.bulk.no_value") in problems
    text = problem_text(SPEC, next(x for x in p.problems if x.row == 3), lang="zh")
    assert text.startswith("第 3 行，年度目标（万元）：公式 =SUM(D3:G3) 在文件里没有保存计算结果")
    # Never read as empty or zero: the other cells of those rows are still read.
    assert targets_of(p)[(3, "2026-Q1")] == (2_000_000, "new")
    assert targets_of(p)[(3, "2026")][1] == "refused"
    assert not p.ok


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_r6_the_same_sheet_as_csv(demo_db: sqlite_utils.Database, team: dict, encoding: str) -> None:
    p = run(demo_db, bulk.read_file("目标.csv", csv_bytes(team, encoding)))
    assert_read_as_sent(p, team)


def test_r6_english_headers_units_and_the_page_year(demo_db: sqlite_utils.Database, team: dict) -> None:
    a, b = team["a"]["name"], team["b"]["name"]
    cells = [
        ["Name", "Team", "Annual target (10k yuan)", "Q1", "Q2", "Q3", "Q4"],
        [a, team["team"], 800, 200, 200, 200, 200],
        ["Total", None, 800, 200, 200, 200, 200],
    ]
    p = run(demo_db, cells, "en", year=2026)
    assert found(p) == []
    assert targets_of(p)[(2, "2026")] == (8_000_000, "update")
    assert targets_of(p)[(2, "2026-Q4")] == (2_000_000, "new")
    notes = p.note_texts("en")
    assert "Row 3 skipped: a total row (“Total”)." in notes
    assert "The sheet names no year: read as 2026, the year picked on the page." in notes
    # A team's name column makes the line a team's target; a unit of yuan stays as it is.
    p = run(demo_db, [["Team", "Target (yuan)"], [team["team"], "1,234,000"]], "en", year=2027)
    assert found(p) == [] and p.ok
    assert list(p.changes.inserts.values())[0]["entity_type"] == "team"
    assert targets_of(p) == {(2, "2027"): (1_234_000, "new")}
    # Months, a year in the header and ASCII brackets: 姓名 / 2026年3月 (万)
    p = run(demo_db, [["人员", "2026年3月(万)", "十二月（元）"], [b, 1.5, 20_000]], year=2026)
    assert found(p) == []
    assert targets_of(p)[(2, "2026-03")][0] == 15_000
    assert targets_of(p)[(2, "2026-12")][0] == 20_000


def test_r6_a_unit_slip_needs_a_second_confirmation(demo_db: sqlite_utils.Database, team: dict) -> None:
    """Our own headers, amounts written in 万 by mistake: far below the current targets."""
    a = team["a"]
    p = run(demo_db, [["对象类型", "对象（名称或编号）", "期间", "金额（元）"], ["个人", a["name"], "2026", 758]])
    assert p.ok  # nothing invalid as such ...
    assert [(s.line, s.column, s.amount, s.current) for s in p.slips] == [(2, "金额（元）", 758, a["amount"])]
    assert p.slip_texts("zh") == [
        f"第 2 行，金额（元）：{a['name']} 2026 的目标将从 {a['amount']:,} 元改为 758 元"
    ]  # ... but the page asks before saving
    # A real cut (a tenth of the current target) is no slip.
    cut = a["amount"] // 10
    assert not run(demo_db, [["对象", "期间", "金额"], [a["name"], "2026", cut]]).slips


def test_r6_the_preview_shows_no_none(demo_db: sqlite_utils.Database, team: dict) -> None:
    p = run(demo_db, bulk.read_text(f"公司\t\t2031\t100\n个人\t{team['a']['name']}\t2031\t5\n"))
    shown = p.table("zh")
    values = {str(v) for v in shown.to_numpy().ravel()}
    assert not values & {"None", "nan", "<NA>", "NaT"}
    assert shown.loc[0, "entity"] == "—" and shown.loc[0, "current"] == "—"
    assert shown["action"].tolist() == ["新增", "新增"]
    assert p.table("en")["entity_type"].tolist() == ["company", "person"]


@pytest.mark.parametrize("big", ["99999999999999999999", "9223372036854775808", "1e30"])
@pytest.mark.parametrize("year", ["2026", "2031"])  # an existing target (update) and a new one
def test_r6_a_huge_amount_is_refused_by_row_and_column(demo_db: sqlite_utils.Database, big: str, year: str) -> None:
    p = run(demo_db, bulk.read_text(f"对象类型\t对象\t期间\t金额\n公司\t\t{year}\t{big}\n"))
    assert [(x.row, x.column) for x in p.problems] == [(2, "金额")]
    assert not p.ok and p.changes.empty
    # In 万 too, and in a file.
    p = run(demo_db, [["对象类型", "期间", "金额（万元）"], ["公司", year, float(big)]])
    assert [(x.row, x.column) for x in p.problems] == [(2, "金额（万元）")]


def test_r6_bulk_page_refuses_a_huge_amount_and_asks_again_on_a_slip(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(template_db, path)
    db = sqlite_utils.Database(path)
    session = {"lang": "zh", "targets_tab": translate("targets.tab.bulk", "zh")}
    at = run_page("pages/targets.py", path, session=session, timeout=120)
    at.text_area(key="bulk_paste_0").set_value("公司\t\t2026\t9223372036854775808\n").run()
    assert not at.exception
    assert "第 1 行" in at.error[0].value and at.button(key="bulk_save").disabled
    shown = at.dataframe[0].value
    assert not {str(v) for v in shown.to_numpy().ravel()} & {"None", "nan", "<NA>"}
    person = next(db.query("SELECT entity_id, amount FROM targets WHERE entity_type = 'person' AND period = '2026'"))
    name = db["people"].get(person["entity_id"])["name"]
    at.text_area(key="bulk_paste_0").set_value(f"个人\t{name}\t2026\t160\n").run()
    assert not at.exception and not at.error
    assert translate("targets.bulk.slip", "zh") in at.warning[0].value
    assert at.button(key="bulk_save").disabled  # until the user confirms
    at.checkbox[0].check().run()
    assert not at.button(key="bulk_save").disabled
    at.button(key="bulk_save").click().run()
    assert (
        db.execute(
            "SELECT amount FROM targets WHERE entity_type = 'person' AND entity_id = ? AND period = '2026'",
            [person["entity_id"]],
        ).fetchone()[0]
        == 160
    )
