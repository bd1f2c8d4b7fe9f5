"""Downloads carry the one number format (kam/export.py): every Excel number cell has a
number format (they were all General), periods stay text, CSV stays UTF-8 with a BOM."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from kam.export import EXCEL_FORMATS, to_csv, to_excel


def _formats(data: bytes) -> dict[str, list[str]]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[1]]
    return {h: [row[i].number_format for row in ws.iter_rows(min_row=2)] for i, h in enumerate(header)}


def test_every_number_cell_has_a_format_by_its_kind() -> None:
    frame = pd.DataFrame(
        {
            "amount": pd.array([10_000_000, None], dtype="Int64"),
            "score": [21.45, 3.5],
            "whole": [3.0, 4.0],
            "share": [0.566, 0.4252],
            "period": ["2026-10", "2026"],
            "name": ["甲", "乙"],
        }
    )
    got = _formats(to_excel(frame, "s", {"share": "rate", "period": "text"}))
    assert got["amount"] == [EXCEL_FORMATS["count"]] * 2 == ["#,##0"] * 2
    assert got["score"] == ["#,##0.00"] * 2
    assert got["whole"] == ["#,##0"] * 2  # whole numbers stored as floats
    assert got["share"] == ["0.0%"] * 2
    assert got["period"] == ["@"] * 2
    assert got["name"] == ["General"] * 2  # text as text
    ws = openpyxl.load_workbook(io.BytesIO(to_excel(frame, "s"))).active
    assert ws["A2"].value == 10_000_000  # a number, not the text "10,000,000"


def test_an_empty_table_exports_its_headers() -> None:
    frame = pd.DataFrame({"amount": pd.Series(dtype="Int64")})
    assert _formats(to_excel(frame, "s")) == {"amount": []}
    assert to_csv(frame).startswith("\ufeff".encode())


def test_text_that_looks_like_a_formula_goes_out_as_text() -> None:
    """A hostile customer name must not run as a formula in whoever opens the export."""
    hostile = ['=HYPERLINK("http://evil.example","点我")', "+SUM(1,2)", "-2+3", "@cmd", "普通客户"]
    frame = pd.DataFrame({"customer": hostile, "amount": [1, 2, 3, 4, 5]})
    ws = openpyxl.load_workbook(io.BytesIO(to_excel(frame))).active
    cells = [c for c in ws["A"]][1:]
    assert [c.value for c in cells] == hostile
    assert {c.data_type for c in cells} == {"s"}  # "f" would be a formula
    assert [c.value for c in ws["B"]][1:] == [1, 2, 3, 4, 5]  # numbers stay numbers
    lines = to_csv(frame).decode("utf-8-sig").splitlines()[1:]
    assert [line.rsplit(",", 1)[0].strip('"').replace('""', '"') for line in lines] == [
        "'" + h for h in hostile[:4]
    ] + ["普通客户"]
