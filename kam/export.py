"""Tables to files for download: CSV (UTF-8 with BOM, so Excel reads Chinese) and Excel."""

from __future__ import annotations

import io

import pandas as pd

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_excel(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet with a frozen header row and columns wide enough for their content."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False, freeze_panes=(1, 0))
        ws = writer.sheets[sheet[:31]]
        for i, column in enumerate(frame.columns):
            values = ["" if pd.isna(v) else str(v) for v in frame[column].head(1000)]
            width = max(8, _width(str(column)), *(_width(v) for v in values))
            ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = min(60, width + 2)
    return buf.getvalue()


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
