"""Small widgets every page uses beside grids and charts: a row of key-figure cards,
read-only tables with translated headers and number formats, a message kept for the next run."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from kam.export import CSV_MIME, EXCEL_MIME, to_csv, to_excel
from kam.i18n import RATE_DECIMALS
from kam.ui.common import t
from kam.views import Metric

MONEY_FORMAT = "%,d"


def metrics_row(metrics: tuple[Metric, ...]) -> None:
    """The page's key figures as bordered cards in one row."""
    row = st.container(horizontal=True)
    for m in metrics:
        extra: dict[str, Any] = {}
        if m.delta is not None:
            extra = {"delta": m.delta, "delta_color": m.color or "gray", "delta_arrow": "off"}
        row.metric(m.label, m.value, help=m.help, border=True, width="stretch", **extra)


def flash(key: str, message: tuple[str, str] | None = None) -> None:
    """Show (and forget) the message left for ``key`` by the run before; or leave one."""
    skey = f"_flash_{key}"
    if message is not None:
        st.session_state[skey] = message
        return
    if skey in st.session_state:
        level, text = st.session_state.pop(skey)
        getattr(st, level)(text)


def show_frame(frame: pd.DataFrame, empty: str) -> None:
    """A read-only list as it is (its headers translated already), or ``empty`` when it
    has no rows (an audit list, a log)."""
    if frame.empty:
        st.caption(empty)
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


def money_columns(
    labels: Mapping[str, str],
    money_cols: Collection[str] = (),
    rate_cols: Collection[str] = (),
    bar_cols: Collection[str] = (),
    right_cols: Collection[str] = (),
) -> dict[str, Any]:
    """column_config for a read-only table: headers, money in whole yuan with separators,
    rates as percentages with one decimal (a bar from 0 to 100% for ``bar_cols``), figures
    already formatted as text right-aligned as numbers are (``right_cols``).
    Rate and bar columns hold percentage points: :func:`show_table` scales them."""
    config: dict[str, Any] = {}
    rate = f"%.{RATE_DECIMALS}f%%"
    for name, label in labels.items():
        if name in bar_cols:
            config[name] = st.column_config.ProgressColumn(label, format=rate, min_value=0.0, max_value=100.0)
        elif name in money_cols:
            config[name] = st.column_config.NumberColumn(label, format=MONEY_FORMAT)
        elif name in rate_cols:
            config[name] = st.column_config.NumberColumn(label, format=rate)
        elif name in right_cols:
            config[name] = st.column_config.TextColumn(label, alignment="right")
        else:
            config[name] = st.column_config.Column(label)
    return config


def show_table(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    *,
    money: Collection[str] = (),
    rates: Collection[str] = (),
    bars: Collection[str] = (),
    right: Collection[str] = (),
    wide: Collection[str] = (),
    max_rows: int = 15,
) -> None:
    """A read-only table of ``labels``' columns in the one number format: money in whole
    yuan, rates (fractions in ``frame``) as percentages; ``wide``: long texts (a list of
    honors) given a wide column instead of one cut off at the header's width. It is as tall
    as its rows, up to ``max_rows``, then scrolls (its last row is never cut off)."""
    shown = frame[list(labels)].copy()
    for name in {*rates, *bars}:
        shown[name] = pd.to_numeric(shown[name], errors="coerce") * 100
    config = money_columns(labels, money, rates, bars, right)
    for name in wide:  # as wide as its longest text, up to most of the page
        longest = max((_text_width(v) for v in shown[name].astype("string").fillna("")), default=0)
        config[name] = st.column_config.TextColumn(labels[name], width=int(min(700, max(200, 6.6 * longest + 24))))
    st.dataframe(shown, hide_index=True, height=table_height(len(shown), max_rows), column_config=config)


def _text_width(text: str) -> int:
    """A text's width in Latin characters: a CJK character is two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


ROW_PX = 35  # st.dataframe's row height


def table_height(rows: int, max_rows: int = 15) -> int | str:
    """A read-only table's height: all its rows (never its last one cut off), up to
    ``max_rows``, then a fixed height that scrolls (header and ``max_rows`` rows)."""
    return "content" if rows <= max_rows else ROW_PX * (max_rows + 1) + 3


def downloads(
    cols: list[Any],
    frame: Callable[[], pd.DataFrame],
    name: str,
    sheet: str,
    formats: Mapping[str, str] | None = None,
) -> None:
    """CSV and Excel download buttons of one table, built only when one is clicked.

    :param cols: two containers (e.g. columns) for the two buttons.
    :param name: the file name without its ending; ``sheet``: the Excel sheet's name.
    :param formats: Excel formats by column (kam.export.to_excel), others by their type.
    """
    kinds = (
        ("csv", "grid.export_csv", lambda: to_csv(frame()), CSV_MIME),
        ("xlsx", "grid.export_excel", lambda: to_excel(frame(), sheet, formats), EXCEL_MIME),
    )
    for col, (ext, label, data, mime) in zip(cols, kinds, strict=True):
        col.download_button(
            t(label), data=data, file_name=f"{name}.{ext}", mime=mime, on_click="ignore", icon=":material/download:"
        )
