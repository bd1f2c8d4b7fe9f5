"""Tables to files for download: CSV (UTF-8 with BOM, so Excel reads Chinese) and Excel."""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

from kam.i18n import RATE_DECIMALS

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


# Excel number formats of the one number format (kam/i18n.py): money and counts in whole
# yuan with separators, other numbers with two decimals, rates as percentages, text as text
# (a period "2026-10" must not become a date).
EXCEL_FORMATS = {
    "money": "#,##0",
    "int": "0",
    "count": "#,##0",
    "number": "#,##0.00",
    "rate": "0." + "0" * RATE_DECIMALS + "%",
    "text": "@",
    "date": "yyyy-mm-dd",
}


def excel_kind(values: pd.Series) -> str | None:
    """The format a column gets when none is named: by its type."""
    if pd.api.types.is_bool_dtype(values):
        return None
    if pd.api.types.is_integer_dtype(values):
        return "count"
    if pd.api.types.is_float_dtype(values):
        whole = values.dropna()
        return "count" if len(whole) and (whole == whole.round()).all() else "number"
    return None


def to_excel(frame: pd.DataFrame, sheet: str = "data", formats: Mapping[str, str] | None = None) -> bytes:
    """One sheet with a frozen header row, columns wide enough for their content and
    every number cell in its format.

    :param formats: column -> a kind of :data:`EXCEL_FORMATS`; other columns by their type.
    """
    buf = io.BytesIO()
    formats = formats or {}
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False, freeze_panes=(1, 0))
        ws = writer.sheets[sheet[:31]]
        for i, column in enumerate(frame.columns):
            values = ["" if pd.isna(v) else str(v) for v in frame[column].head(1000)]
            width = max(8, _width(str(column)), *(_width(v) for v in values))
            letter = ws.cell(row=1, column=i + 1).column_letter
            ws.column_dimensions[letter].width = min(60, width + 2)
            kind = formats.get(column) or excel_kind(frame[column])
            if kind is not None and len(frame):
                for (cell,) in ws.iter_rows(min_row=2, max_row=len(frame) + 1, min_col=i + 1, max_col=i + 1):
                    cell.number_format = EXCEL_FORMATS[kind]
    return buf.getvalue()


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
