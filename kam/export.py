"""Tables to files for download: CSV (UTF-8 with BOM, so Excel reads Chinese) and Excel."""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

from kam.i18n import RATE_DECIMALS

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


# A cell of text that starts with one of these is a formula to Excel (and to LibreOffice
# opening a CSV): a customer named "=HYPERLINK(...)" would run as one in whoever opens the
# export. Such text goes out as text: in Excel cells typed as strings, in CSV after a "'"
# (OWASP's advice for CSV; Excel shows the text without it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte order mark (Excel reads the Chinese), text that looks like a formula
    quoted, whole numbers written whole ("106642000", never "106642000.0")."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: "'" + v if _formula_like(v) else v)
        elif pd.api.types.is_float_dtype(safe[column]):
            known = safe[column].dropna()
            if (known == known.round()).all() and (known.abs() < 2**53).all():
                safe[column] = safe[column].astype("Int64")
    return safe.to_csv(index=False).encode("utf-8-sig")


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
            text_column = frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])
            if text_column and len(frame):
                for (cell,) in ws.iter_rows(min_row=2, max_row=len(frame) + 1, min_col=i + 1, max_col=i + 1):
                    if _formula_like(cell.value) or cell.data_type == "f":
                        cell.data_type = "s"  # text, never a formula
            kind = formats.get(column) or excel_kind(frame[column])
            if kind is not None and len(frame):
                for (cell,) in ws.iter_rows(min_row=2, max_row=len(frame) + 1, min_col=i + 1, max_col=i + 1):
                    cell.number_format = EXCEL_FORMATS[kind]
    return buf.getvalue()


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
