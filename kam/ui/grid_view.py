"""What the grid shows: the page's rows with the pending edits applied, typed for Arrow,
and the AG Grid options built from a table's column spec (no Streamlit calls here)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd

from kam.i18n import enum_label
from kam.texts.aggrid import TEXT as _AGGRID
from kam.types import ColumnSpec, Problem, RowKey, TableSpec
from kam.ui import gridjs
from kam.ui.common import lang, t
from kam.ui.grid_state import GridState

AGGRID_TEXTS = tuple(k.removeprefix("aggrid.") for k in _AGGRID)
HIDDEN = ("__rid", "version", "__edited", "__invalid", "__locked", "__gen")
COMPUTED_STYLE = {"backgroundColor": "#f3f5f8", "color": "#24303f"}


def display_frame(
    spec: TableSpec,
    view: pd.DataFrame,
    loaded: pd.DataFrame,
    state: GridState,
    computed: tuple[ColumnSpec, ...],
    locked: Collection[RowKey] = (),
) -> pd.DataFrame:
    """The page's rows with the pending edits applied, new rows first, deleted rows out.

    :param locked: keys of rows the user may read but not change (shown read-only)."""
    names = [c.name for c in spec.columns] + [c.name for c in computed]
    ch = state.changes
    shown = view[[n for n in names if n in view.columns]].copy()
    shown["version"] = view["version"] if "version" in view.columns else 1
    shown["__rid"] = view.index.astype(str)
    if ch.deletes:
        shown = shown[~view.index.isin(list(ch.deletes))]
    invalid = _invalid_cells(state.problems)
    edited: dict[RowKey, list[str]] = {}
    for rkey, values in ch.updates.items():
        if rkey in shown.index:
            for name, value in values.items():
                if name in shown.columns:
                    shown[name] = shown[name].astype(object)
                    shown.at[rkey, name] = value
            edited[rkey] = list(values)
    if ch.inserts:
        new = pd.DataFrame.from_dict(ch.inserts, orient="index").reindex(columns=shown.columns)
        new["__rid"] = [str(k) for k in ch.inserts]
        new["version"] = 0
        for tmp, values in ch.inserts.items():
            edited[tmp] = list(values)
        shown = pd.concat([new, shown]) if len(shown) else new
    shown["__edited"] = [",".join(edited.get(k, [])) for k in shown.index]
    shown["__invalid"] = [",".join(invalid.get(k, [])) for k in shown.index]
    locked = set(locked)
    shown["__locked"] = [k in locked for k in shown.index]
    shown["__gen"] = state.gen  # which rows these are (a value typed on them says so)
    for col in list(spec.columns) + list(computed):
        if col.row_kind is not None:
            rows = shown.to_dict("records")
            shown[kind_field(col.name)] = [col.row_kind(r) for r in rows]
    for col in list(spec.columns) + list(computed):
        if col.name in shown.columns:
            shown[col.name] = _typed_for_grid(shown[col.name], col)
    return shown.reset_index(drop=True)


def kind_field(column: str) -> str:
    """The hidden field holding each row's display kind of ``column`` (ColumnSpec.row_kind)."""
    return f"__kind_{column}"


_WHOLE = ("int", "money", "rating")
_NUMERIC = (*_WHOLE, "number", "rate", "fk")


def _typed_for_grid(values: pd.Series, col: ColumnSpec) -> pd.Series:
    """One Arrow-friendly type per column; a value that does not fit is shown as text."""
    fast = _typed_fast(values, col)
    return fast if fast is not None else _typed_any(values, col)


def _typed_fast(values: pd.Series, col: ColumnSpec) -> pd.Series | None:
    """:func:`_typed_any` of a column read as it is stored (numbers, or text without a typed
    value in it), without a Python call per cell (19 columns of a page of 1,000 rows cost
    some 25 ms a save); None where the column needs a look at each cell."""
    dtype = str(values.dtype)
    if col.kind in _NUMERIC and dtype in ("float64", "int64"):
        if col.kind in ("number", "rate"):
            return values.astype("Float64")
        if col.kind == "fk":
            return values.astype("Int64")
        if (values.abs() > 2**53).any():
            return None  # past a whole number of the grid: shown as text, as typed
        return values.round().astype("Int64")
    if col.kind == "bool" and dtype == "int64":
        return values.astype(bool).astype("boolean")
    if col.kind not in (*_NUMERIC, "bool") and dtype == "str" and (values.empty or values.notna().any()):
        return values.copy(deep=False)  # text already, missing as NaN: what the map gives
    return None


def _typed_any(values: pd.Series, col: ColumnSpec) -> pd.Series:
    if col.kind == "bool":
        return values.map(lambda v: None if v is None or pd.isna(v) else bool(v)).astype("boolean")
    if col.kind in ("int", "money", "rating", "number", "rate"):
        num = pd.to_numeric(values, errors="coerce")
        whole = col.kind not in ("number", "rate")
        typed = num[values.map(lambda v: isinstance(v, str))].dropna()  # what the user typed
        if (
            num.isna().sum() > values.isna().sum()  # something typed that is not a number
            # a figure past 2^53 (a refused edit) cannot be a whole number of the grid, and a
            # typed 1.5 in a whole-number cell is shown as typed, not rounded: the red cell
            # says what the message quotes, and nothing crashes
            or (whole and (num.abs() > 2**53).any())
            or (whole and len(typed) and (typed != typed.round()).any())
        ):
            return values.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else _shown(v))
        return num.astype("Float64") if not whole else num.round().astype("Int64")
    if col.kind == "fk":
        if values.map(lambda v: isinstance(v, int | float) or v is None).all():
            return pd.to_numeric(values, errors="coerce").astype("Int64")
        return values.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return values.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))


def _shown(value: object) -> str:
    """A pending value as text: a float that is a whole number without ".0"."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _invalid_cells(problems: list[Problem]) -> dict[RowKey, list[str]]:
    out: dict[RowKey, list[str]] = {}
    for p in problems:
        if p.row is not None and p.column:
            out.setdefault(p.row, []).append(p.column)
    return out


def grid_options(
    spec: TableSpec,
    computed: tuple[ColumnSpec, ...],
    options: dict[str, dict[RowKey, str]],
    allow_delete: bool,
    order: tuple[str, ...] = (),
    choices: dict[str, set[RowKey]] | None = None,
    editable: bool = True,
    row_locks: bool = False,
) -> dict[str, Any]:
    """AG Grid's options for ``spec``'s columns (and ``computed`` ones).

    :param options: fk column -> key -> label (the labels the browser may show).
    :param choices: fk column -> the keys its dropdown offers (default: all of ``options``).
    :param editable: False: nothing can be edited (a role that only reads the table).
    :param row_locks: some rows are read-only (``__locked``): editable cells ask the row.
    """
    defs: list[dict[str, Any]] = [{"field": name, "hide": True} for name in HIDDEN]
    columns = list(spec.columns) + list(computed)
    defs += [{"field": c.name, "hide": True} for c in columns if c.hidden]
    defs += [{"field": kind_field(c.name), "hide": True} for c in columns if c.row_kind is not None]
    visible = [c for c in columns if not c.hidden]
    names = {c.name for c in visible}
    if not order and spec.fixed_rows and f"label_{lang()}" in names:
        # A fixed row is known by its label: the one in the user's language comes first.
        order = (f"label_{lang()}",)
    visible.sort(key=lambda c: order.index(c.name) if c.name in order else len(order))  # stable
    for i, col in enumerate(visible):
        opts = options.get(col.name, {})
        offered = (
            opts
            if choices is None or col.name not in choices
            else {k: v for k, v in opts.items() if k in choices[col.name]}
        )
        d = _column_def(col, spec, opts, offered, is_computed=col in computed)
        if not editable:
            d["editable"] = False
        elif row_locks and d["editable"] is True:
            d["editable"] = gridjs.UNLOCKED
        if i == 0:
            d["pinned"] = "left"
        defs.append(d)
    grid: dict[str, Any] = {
        "columnDefs": defs,
        "defaultColDef": {
            "sortable": True,
            "filter": True,
            "resizable": True,
            "minWidth": 90,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
            "cellClassRules": {"kam-edited": gridjs.EDITED, "kam-invalid": gridjs.INVALID},
        },
        "getRowId": gridjs.ROW_ID,
        "onRowDataUpdated": gridjs.REAPPLY,
        "rowClassRules": {"kam-new-row": gridjs.NEW_ROW, "kam-locked-row": gridjs.LOCKED_ROW},
        "stopEditingWhenCellsLoseFocus": True,
        "undoRedoCellEditing": True,
        "enableCellTextSelection": True,
        "localeText": locale_text(),
        # A few columns fill the width; many columns keep their content width and scroll.
        "autoSizeStrategy": {"type": "fitGridWidth", "defaultMinWidth": 90}
        if len(visible) <= 8
        else {"type": "fitCellContents"},
    }
    if allow_delete:
        grid["rowSelection"] = {
            "mode": "multiRow",
            "checkboxes": True,
            "headerCheckbox": True,
            "enableClickSelection": False,
        }
    return grid


def locale_text() -> dict[str, str]:
    """AG Grid's own texts (menus, filters) in the user's language (kam/texts/aggrid.py)."""
    return {name: gridjs.neutral(t(f"aggrid.{name}")) for name in AGGRID_TEXTS}


def _column_def(
    col: ColumnSpec, spec: TableSpec, opts: dict[RowKey, str], offered: dict[RowKey, str], *, is_computed: bool
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "field": col.name,
        "headerName": gridjs.neutral(t(col.label_key)),
        "editable": col.editable and not is_computed,
        "cellDataType": False,
    }
    if is_computed:
        d["cellStyle"] = COMPUTED_STYLE  # read-only, computed by the rules: set apart
    if col.name == spec.pk and not spec.pk_is_generated and not spec.fixed_rows:
        d["editable"] = gridjs.NEW_ROW  # a code is typed once, when the row is new
    if col.kind in ("int", "money", "rating", "number", "rate"):
        d["type"] = "numericColumn"
        # A text editor, not AG Grid's number editor: that one silently drops a value
        # outside its min, max or precision (-5 in a money cell, 7 in a 0-5 rating reverted
        # without a word), swallows letters ("abc" became an empty cell) and reads a
        # 20-digit figure as a float. Every value typed reaches validation as typed, which
        # reads "1,234" and "25%" and refuses the rest with the row, the column and the
        # reason, and marks the cell.
        d["cellEditor"] = "agTextCellEditor"
        d["filter"] = "agNumberColumnFilter"
        if col.row_kind is not None:
            d["valueFormatter"] = gridjs.BY_ROW
        elif col.kind == "money":
            d["valueFormatter"] = gridjs.MONEY
        elif col.kind == "rate":
            d["valueFormatter"] = gridjs.RATE
        elif col.kind == "number":
            d["valueFormatter"] = gridjs.NUMBER
    elif col.kind == "date":
        d["cellEditor"] = "agDateStringCellEditor"
    elif col.kind == "bool":
        d["cellDataType"] = "boolean"
        d["cellRenderer"] = "agCheckboxCellRenderer"
        d["cellEditor"] = "agCheckboxCellEditor"
    elif col.kind == "enum":
        d["cellEditor"] = "agSelectCellEditor"
        choices = (("",) if not col.required else ()) + col.choices
        d["cellEditorParams"] = {"values": [gridjs.neutral(c) for c in choices]}
        # Codes are stored; their translated labels are shown (enum.<column>.<code>).
        d["refData"] = {gridjs.neutral(c): gridjs.neutral(enum_label(col.name, c, lang())) for c in col.choices}
    elif col.kind == "fk":
        # Integer ids go as they are (they must equal the cells' values); text keys (codes)
        # are user text and are neutralised like their labels.
        keys = [gridjs.neutral(k) if isinstance(k, str) else k for k in offered]
        d["cellEditor"] = "agSelectCellEditor"
        d["cellEditorParams"] = {"values": ([None] if not col.required else []) + keys}
        d["refData"] = {gridjs.neutral(k): gridjs.neutral(v) for k, v in opts.items()}
    if col.width:
        d["width"] = col.width
    return d


def shown_options(
    options: dict[str, dict[RowKey, str]], choices: dict[str, set[RowKey]], frame: pd.DataFrame
) -> dict[str, dict[RowKey, str]]:
    """The foreign-key labels the browser gets: those of the rows a dropdown offers
    (``choices``) and of the values the shown rows hold; no other row's name reaches the
    page (a salesperson's grid carries no other person's or branch's name)."""
    out = {}
    for column, opts in options.items():
        held = set()
        if column in frame.columns:
            held = {v.item() if hasattr(v, "item") else v for v in frame[column].dropna().unique()}
        allowed = choices.get(column, set()) | held
        out[column] = {k: v for k, v in opts.items() if k in allowed}
    return out
