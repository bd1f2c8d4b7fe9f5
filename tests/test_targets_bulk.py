"""Bulk entry of targets: pasted cells and Excel/CSV files read into one change set, every
invalid line and column named, nothing written when any line is refused, and a good
entry saved in one audited transaction."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
import sqlite_utils
from openpyxl import Workbook

from kam.specs import SPECS
from kam.store.people import read_org
from kam.store.save import StaleRowError, save_changes
from kam.store.targets import read_targets
from kam.views.targets import bulk
from kam.views.targets.tree import entities, tree_frame, tree_spec

SPEC = tree_spec(SPECS["targets"])


@pytest.fixture
def org_db(db: sqlite_utils.Database) -> sqlite_utils.Database:
    db["branches"].insert_all([{"id": 1, "name": "华东分公司"}, {"id": 2, "name": "华南分公司"}])
    db["teams"].insert_all(
        [{"id": 1, "name": "华东一部", "branch_id": 1}, {"id": 2, "name": "华南一部", "branch_id": 2}]
    )
    db["people"].insert_all(
        [
            {"id": 1, "name": "李敏", "rank": "director", "branch_id": 1, "team_id": 1, "join_date": "2020-01-01"},
            {"id": 2, "name": "王强", "rank": "partner", "branch_id": 1, "team_id": 1, "join_date": "2020-01-01"},
            {"id": 3, "name": "王强", "rank": "partner", "branch_id": 2, "team_id": 2, "join_date": "2021-01-01"},
            {"id": 4, "name": "赵云", "rank": "partner", "branch_id": 2, "team_id": 2, "join_date": "2021-01-01"},
        ]
    )
    db["targets"].insert_all(
        [
            {"entity_type": "team", "entity_id": 1, "period": "2026", "amount": 5_000_000},
            {"entity_type": "person", "entity_id": 1, "period": "2026", "amount": 2_000_000},
        ]
    )
    return db


def run(db: sqlite_utils.Database, cells: list[list]) -> bulk.Preview:
    org = read_org(db)
    return bulk.preview(cells, SPEC, read_targets(db, SPEC), entities(org.branches, org.teams, org.people, "zh"), "zh")


def found(preview: bulk.Preview) -> list[tuple]:
    return [(p.row, p.column, p.reason) for p in preview.problems]


HEADER = ["对象类型", "对象", "期间", "金额（元）"]


def test_good_lines_insert_update_and_skip_the_unchanged(org_db: sqlite_utils.Database) -> None:
    p = run(
        org_db,
        [
            HEADER,
            ["团队", "华东一部", "2026", "6,000,000"],
            ["个人", "李敏", "2026", 2_000_000],
            ["person", "4", "2026-03", "300000"],
            ["分公司", "华南分公司", "2026-Q1", "1000000"],
            ["公司", "", 2026, 9_000_000],
        ],
    )
    assert found(p) == [] and p.ok
    assert p.rows["action"].tolist() == ["update", "same", "new", "new", "new"]
    assert p.rows["name"].tolist() == ["华东一部", "李敏", "赵云", "华南分公司", "公司"]
    assert p.rows["current"].tolist()[:3] == [5_000_000, 2_000_000, pd.NA]
    assert list(p.changes.updates.values()) == [{"amount": 6_000_000}]
    assert sorted(v["entity_type"] for v in p.changes.inserts.values()) == ["branch", "company", "person"]
    audit_before = org_db["audit"].count
    result = save_changes(org_db, SPEC, p.changes, "tester")
    assert (result.updated, result.inserted) == (1, 3)
    rows = {(r["entity_type"], r["entity_id"], r["period"]): r["amount"] for r in org_db["targets"].rows}
    assert rows[("team", 1, "2026")] == 6_000_000
    assert rows[("person", 4, "2026-03")] == 300_000
    assert rows[("company", None, "2026")] == 9_000_000
    assert org_db["audit"].count > audit_before


@pytest.mark.parametrize(
    ("line", "fld", "reason"),
    [
        (["团队", "华北一部", "2026", "1"], "entity", "targets.bulk.unknown_team"),
        (["", "华北一部", "2026", "1"], "entity", "targets.bulk.unknown_name"),
        (["个人", "王强", "2026", "1"], "entity", "targets.bulk.ambiguous_name"),
        (["部门经理", "李敏", "2026", "1"], "entity_type", "v.not_choice"),
        (["", "7", "2026", "1"], "entity_type", "targets.bulk.type_for_id"),
        (["团队", "7", "2026", "1"], "entity", "v.no_team"),
        (["团队", "", "2026", "1"], "entity", "v.required"),
        (["团队", "华东一部", "2026-13", "1"], "period", "v.period"),
        (["团队", "华东一部", "", "1"], "period", "v.required"),
        (["团队", "华东一部", "2027", "12万"], "amount", "v.not_integer"),
        (["团队", "华东一部", "2027", "-5"], "amount", "v.below_min"),
        (["团队", "华东一部", "2027", "1.5"], "amount", "v.not_integer"),
        (["团队", "华东一部", "2027", ""], "amount", "v.required"),
    ],
)
def test_a_bad_line_is_named_by_line_and_column(
    org_db: sqlite_utils.Database, line: list, fld: str, reason: str
) -> None:
    p = run(org_db, [HEADER, ["团队", "华南一部", "2027", "1"], line])
    # The column is the sheet's own header, as written.
    assert found(p) == [(3, HEADER[bulk.FIELDS.index(fld)], reason)]
    assert p.invalid == {3: {fld}}
    assert p.rows["action"].tolist() == ["new", "refused"]
    assert not p.ok and p.changes.empty  # one refused line: nothing to save


def test_without_a_header_the_problem_names_the_targets_column(org_db: sqlite_utils.Database) -> None:
    p = run(org_db, [["团队", "华北一部", "2026", "1"]])
    assert found(p) == [(1, "entity_id", "targets.bulk.unknown_team")]


def test_mixed_lines_write_nothing_and_name_every_bad_one(org_db: sqlite_utils.Database) -> None:
    before = list(org_db.query("SELECT * FROM targets ORDER BY id"))
    audit_before = org_db["audit"].count
    p = run(
        org_db,
        [
            HEADER,
            ["团队", "华东一部", "2026", "7000000"],
            ["团队", "无名", "2026", "1"],
            ["个人", "赵云", "2026", "abc"],
            ["个人", "赵云", "2026-02", "100"],
            ["个人", "赵云", "2026-2", "5"],
        ],
    )
    assert found(p) == [
        (3, "对象", "targets.bulk.unknown_team"),
        (4, "金额（元）", "v.not_integer"),
        (6, "期间", "targets.bulk.repeated"),
    ]
    assert p.rows.set_index("line")["action"].to_dict() == {
        2: "update",
        3: "refused",
        4: "refused",
        5: "new",
        6: "refused",
    }
    assert not p.ok and p.changes.empty
    save_changes(org_db, SPEC, p.changes, "tester")  # the page never calls it; even so nothing happens
    assert list(org_db.query("SELECT * FROM targets ORDER BY id")) == before
    assert org_db["audit"].count == audit_before


def test_a_stale_line_stops_the_whole_entry(org_db: sqlite_utils.Database) -> None:
    p = run(org_db, [HEADER, ["团队", "华东一部", "2026", "1"], ["个人", "赵云", "2026", "2"]])
    assert p.ok
    org_db.execute("UPDATE targets SET version = version + 1 WHERE entity_type = 'team'")
    count = org_db["targets"].count
    with pytest.raises(StaleRowError):
        save_changes(org_db, SPEC, p.changes, "tester")
    assert org_db["targets"].count == count  # the new line was not written either


def test_without_a_header_four_or_three_columns(org_db: sqlite_utils.Database) -> None:
    p = run(org_db, bulk.read_text("branch\t华南分公司\t2026\t8000000\nteam\t2\t2026\t8000000\n"))
    assert p.ok and [v["entity_id"] for v in p.changes.inserts.values()] == [2, 2]
    p = run(org_db, bulk.read_text("赵云,2026q2,100\n华南一部,2026/3,200\n"))
    assert p.ok
    assert [(v["entity_type"], v["period"]) for v in p.changes.inserts.values()] == [
        ("person", "2026-Q2"),
        ("team", "2026-03"),
    ]
    assert found(run(org_db, [["x", "y"]])) == [(1, "amount", "targets.bulk.columns")]


def test_pasted_text_tabs_quotes_and_commas() -> None:
    assert bulk.read_text('team\t"华东 一部"\t2026\t"1,000"\n') == [["team", "华东 一部", "2026", "1,000"]]
    assert bulk.read_text("team,华东一部,2026,1000") == [["team", "华东一部", "2026", "1000"]]
    assert bulk.read_text("team 华东一部 2026 1000") == [["team", "华东一部", "2026", "1000"]]


def test_excel_and_csv_files(org_db: sqlite_utils.Database) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["entity_type", "entity", "period", "amount"])
    sheet.append(["team", "华南一部", dt.datetime(2026, 3, 1), 300_000])  # Excel made 2026-03 a date
    sheet.append(["person", 4, 2026, 1_000_000.0])
    data = io.BytesIO()
    book.save(data)
    p = run(org_db, bulk.read_file("targets.xlsx", data.getvalue()))
    assert p.ok
    assert [(v["period"], v["amount"]) for v in p.changes.inserts.values()] == [
        ("2026-03", 300_000),
        ("2026", 1_000_000),
    ]
    gbk = "对象类型,对象,期间,金额\n团队,华南一部,2026,100\n".encode("gb18030")
    assert run(org_db, bulk.read_file("t.csv", gbk)).ok
    with pytest.raises(ValueError):
        bulk.read_file("t.pdf", b"%PDF")
    with pytest.raises(ValueError):
        bulk.read_file("t.xlsx", b"not a workbook")


def test_the_downloaded_template_reads_back_unchanged(org_db: sqlite_utils.Database) -> None:
    org_db["targets"].insert_all(
        [
            {"entity_type": "person", "entity_id": 3, "period": "2026", "amount": 10},
            {"entity_type": "company", "entity_id": None, "period": "2026-Q1", "amount": 5},
        ]
    )
    org = read_org(org_db)
    tree = tree_frame(read_targets(org_db, SPEC), org.branches, org.teams, org.people, "zh")
    frame = bulk.template_frame(tree, entities(org.branches, org.teams, org.people, "zh"), "zh")
    assert frame.columns.tolist() == ["对象类型", "对象（名称或编号）", "期间", "金额（元）"]
    assert "3" in frame.iloc[:, 1].tolist()  # 王强 is not unique: the template gives the id
    p = run(org_db, bulk.read_file("t.xlsx", bulk.excel_bytes(frame, "目标")))
    assert found(p) == [] and (p.rows["action"] == "same").all() and len(p.rows) == 4


def test_namesakes_are_told_apart_by_the_team_column(org_db: sqlite_utils.Database) -> None:
    p = run(org_db, [["姓名", "部门", "2026年目标"], ["王强", "华南一部", 100], ["王强", "华东一部", 200]])
    assert found(p) == [] and p.ok
    assert [(v["entity_id"], v["period"], v["amount"]) for v in p.changes.inserts.values()] == [
        (3, "2026", 100),
        (2, "2026", 200),
    ]
    p = run(org_db, [["姓名", "2026年目标"], ["王强", 100]])
    assert found(p) == [(2, "姓名", "targets.bulk.ambiguous_name")]
