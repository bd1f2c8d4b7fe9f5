"""edit_table(): the ONE grid editor every page uses to show and edit a table.

How edits travel (see ../shared/grid-notes.md for the measurements behind this):
- the grid holds at most one page of rows (``page_size``); search, sort and paging of
  larger tables happen on the server, so 100,000 rows cost what one page costs;
- on each cell edit or selection the browser returns ONLY the edited cells and the
  selected keys (a constant JS collector), never the whole grid;
- pending edits live in ``st.session_state`` keyed by primary key, so they survive
  reruns, paging, added rows and rejected saves; the grid instance key changes after
  every save (the component's ``client_wins`` strategy ignores fresh data otherwise);
- Save validates every changed cell and the table's invariants, then writes all in one
  ``BEGIN IMMEDIATE`` transaction with version checks and audit rows, or nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlite_utils
import streamlit as st
from st_aggrid import AgGrid

from kam import store
from kam.types import ChangeSet, ColumnSpec, Problem, RowKey, TableSpec
from kam.ui import gridjs
from kam.ui.common import after_save, lang, t
from kam.validate import validate_changes

HIDDEN = ("__rid", "version", "__edited", "__invalid")
COMPUTED_STYLE = {"backgroundColor": "#f3f5f8", "color": "#24303f"}


@dataclass
class GridState:
    """What one editor keeps between reruns."""

    nonce: int = 0
    changes: ChangeSet = field(default_factory=ChangeSet)
    next_tmp: int = -1
    selected: list[RowKey] = field(default_factory=list)
    confirm_delete: list[RowKey] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    message: tuple[str, str] | None = None  # (level, text) shown once
    page: int = 0
    last_seq: tuple[int, int] = (0, 0)  # (grid instance, sequence) of the last merged return
    rows: int | None = None  # which rows the grid instance holds (a hash of their keys)
    sent: dict[tuple[str, str], Any] = field(default_factory=dict)  # (rid, column) -> value merged
    retired: Retired | None = None  # the grid instance a save replaced, to catch its late edits


@dataclass
class Retired:
    """A grid instance replaced by a save: the cell values that save had, and the keys its
    new rows got. An edit typed just before Save can reach the server after the click."""

    nonce: int
    seq: int
    sent: dict[tuple[str, str], Any]
    new_keys: dict[int, RowKey]


def _state(key: str) -> GridState:
    skey = f"_grid_{key}"
    if skey not in st.session_state:
        st.session_state[skey] = GridState()
    return st.session_state[skey]


def edit_table(
    db: sqlite_utils.Database,
    spec: TableSpec,
    frame: pd.DataFrame,
    *,
    key: str,
    user: str,
    computed: tuple[ColumnSpec, ...] = (),
    height: int | None = None,
    page_size: int = 1000,
    insert_defaults: dict[str, Any] | None = None,
    order: tuple[str, ...] = (),
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
) -> GridState:
    """Show ``frame`` (rows of ``spec.table`` indexed by primary key, plus any computed
    read-only columns named in ``computed``) in an editable grid with Save.

    :param key: unique per grid on a page; the container gets the CSS class ``st-key-<key>``.
    :param user: the acting user's name for the audit trail (saving needs one).
    :param insert_defaults: values for a new row (e.g. the rule a parameter belongs to).
    :param order: column names to show first, in this order (computed ones may sit among
      the editable ones); the other columns follow (spec columns, then computed).
    :param derive: on Save, (rows as loaded, the user's typed changes) -> the change set to
      save, e.g. with values that follow from the edited ones; it is validated again.
    """
    state = _state(key)
    options = store.fk_options(db, spec, lang())
    loaded = frame
    _rescue_late_edits(state, key, loaded)
    view = _page_of(loaded, state, key, page_size)
    rows = hash(tuple(view.index))
    if rows != state.rows:
        # Other rows (a page filtered, another page): a new instance, pending edits kept.
        if state.rows is not None:
            state.nonce += 1
        state.rows = rows

    with st.container(key=key):
        display = _display_frame(spec, view, loaded, state, computed)
        grid_options = _grid_options(spec, computed, options, allow_delete=not spec.fixed_rows, order=order)
        if loaded.empty and not state.changes.inserts:
            st.info(t("grid.empty") if not spec.fixed_rows else t("grid.no_changes"))
        response = AgGrid(
            display,
            gridOptions=grid_options,
            key=f"{key}__{state.nonce}",
            height=height or _height(len(display)),
            update_on=["cellValueChanged", "selectionChanged"],
            data_return_mode="CUSTOM",
            custom_jscode_for_grid_return=gridjs.COLLECT,
            allow_unsafe_jscode=True,
            use_json_serialization=False,
            custom_css=gridjs.CSS,
            show_toolbar=False,
            theme="streamlit",
        )
        _merge(state, getattr(response, "raw_data", None), loaded)
        _controls(db, spec, loaded, state, options, user, insert_defaults or {}, key, derive)
    return state


def _height(rows: int) -> int:
    """Fit small tables, scroll large ones."""
    return max(160, min(520, 56 + 30 * (rows + 1)))


# --- paging ---------------------------------------------------------------------------


def _page_of(loaded: pd.DataFrame, state: GridState, key: str, page_size: int) -> pd.DataFrame:
    """The rows the grid holds: all of a small table, one page of a large one."""
    if len(loaded) <= page_size:
        return loaded
    cols = st.columns([3, 1, 2])
    text = cols[0].text_input(t("grid.search"), key=f"{key}__search")
    view = loaded
    if text:
        mask = pd.Series(False, index=loaded.index)
        for name in loaded.columns:
            if loaded[name].dtype == object:
                mask |= loaded[name].astype(str).str.contains(text, case=False, regex=False, na=False)
        view = loaded[mask]
    pages = max(1, -(-len(view) // page_size))
    page = int(cols[1].number_input(t("grid.page"), 1, pages, min(state.page + 1, pages), key=f"{key}__page")) - 1
    if page != state.page:
        state.page = page
        state.nonce += 1  # the grid shows other rows: a new instance (pending edits are kept)
    first = page * page_size
    cols[2].caption(t("grid.rows_of", first=first + 1 if len(view) else 0,
                      last=min(first + page_size, len(view)), total=f"{len(view):,}"))
    return view.iloc[first:first + page_size]


# --- what the grid shows --------------------------------------------------------------


def _display_frame(
    spec: TableSpec, view: pd.DataFrame, loaded: pd.DataFrame, state: GridState, computed: tuple[ColumnSpec, ...]
) -> pd.DataFrame:
    """The page's rows with the pending edits applied, new rows first, deleted rows out."""
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
    for col in list(spec.columns) + list(computed):
        if col.name in shown.columns:
            shown[col.name] = _typed_for_grid(shown[col.name], col)
    return shown.reset_index(drop=True)


def _typed_for_grid(values: pd.Series, col: ColumnSpec) -> pd.Series:
    """One Arrow-friendly type per column; a value that does not fit is shown as text."""
    if col.kind == "bool":
        return values.map(lambda v: None if v is None or pd.isna(v) else bool(v)).astype("boolean")
    if col.kind in ("int", "money", "rating", "number", "rate"):
        num = pd.to_numeric(values, errors="coerce")
        if num.isna().sum() > values.isna().sum():  # something typed that is not a number
            return values.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
        return num.astype("Float64") if col.kind in ("number", "rate") else num.round().astype("Int64")
    if col.kind == "fk":
        if values.map(lambda v: isinstance(v, int | float) or v is None).all():
            return pd.to_numeric(values, errors="coerce").astype("Int64")
        return values.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return values.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))


def _enum_label(column: str, code: str) -> str:
    key = f"enum.{column}.{code}"
    label = t(key)
    return code if label == key else label


def _invalid_cells(problems: list[Problem]) -> dict[RowKey, list[str]]:
    out: dict[RowKey, list[str]] = {}
    for p in problems:
        if p.row is not None and p.column:
            out.setdefault(p.row, []).append(p.column)
    return out


def _grid_options(
    spec: TableSpec, computed: tuple[ColumnSpec, ...], options: dict[str, dict[RowKey, str]], allow_delete: bool,
    order: tuple[str, ...] = (),
) -> dict[str, Any]:
    defs: list[dict[str, Any]] = [{"field": name, "hide": True} for name in HIDDEN]
    visible = list(spec.columns) + list(computed)
    visible.sort(key=lambda c: order.index(c.name) if c.name in order else len(order))  # stable
    for i, col in enumerate(visible):
        d = _column_def(col, spec, options.get(col.name, {}), is_computed=col in computed)
        if i == 0:
            d["pinned"] = "left"
        defs.append(d)
    grid: dict[str, Any] = {
        "columnDefs": defs,
        "defaultColDef": {
            "sortable": True, "filter": True, "resizable": True, "minWidth": 90,
            "wrapHeaderText": True, "autoHeaderHeight": True,
            "cellClassRules": {"kam-edited": gridjs.EDITED, "kam-invalid": gridjs.INVALID},
        },
        "getRowId": gridjs.ROW_ID,
        "rowClassRules": {"kam-new-row": gridjs.NEW_ROW},
        "stopEditingWhenCellsLoseFocus": True,
        "undoRedoCellEditing": True,
        "enableCellTextSelection": True,
        "localeText": {"noRowsToShow": gridjs.neutral(t("grid.no_rows"))},
        # A few columns fill the width; many columns keep their content width and scroll.
        "autoSizeStrategy": {"type": "fitGridWidth", "defaultMinWidth": 90}
        if len(visible) <= 8 else {"type": "fitCellContents"},
    }
    if allow_delete:
        grid["rowSelection"] = {"mode": "multiRow", "checkboxes": True, "headerCheckbox": True,
                                "enableClickSelection": False}
    return grid


def _column_def(col: ColumnSpec, spec: TableSpec, opts: dict[RowKey, str], *, is_computed: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"field": col.name, "headerName": gridjs.neutral(t(col.label_key)),
                         "editable": col.editable and not is_computed, "cellDataType": False}
    if is_computed:
        d["cellStyle"] = COMPUTED_STYLE  # read-only, computed by the rules: set apart
    if col.name == spec.pk and not spec.pk_is_generated and not spec.fixed_rows:
        d["editable"] = gridjs.NEW_ROW  # a code is typed once, when the row is new
    if col.kind in ("int", "money", "rating", "number", "rate"):
        d["type"] = "numericColumn"
        d["cellEditor"] = "agNumberCellEditor"
        params: dict[str, Any] = {"showStepperButtons": False}
        if col.kind in ("int", "money", "rating"):
            params["precision"] = 0
        if col.minimum is not None:
            params["min"] = col.minimum
        if col.maximum is not None:
            params["max"] = col.maximum
        d["cellEditorParams"] = params
        d["filter"] = "agNumberColumnFilter"
        if col.kind == "money":
            d["valueFormatter"] = gridjs.MONEY
        elif col.kind == "rate":
            d["valueFormatter"] = gridjs.RATE
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
        d["refData"] = {gridjs.neutral(c): gridjs.neutral(_enum_label(col.name, c)) for c in col.choices}
    elif col.kind == "fk":
        keys = list(opts)
        d["cellEditor"] = "agSelectCellEditor"
        d["cellEditorParams"] = {"values": ([None] if not col.required else []) + keys}
        d["refData"] = {gridjs.neutral(k): gridjs.neutral(v) for k, v in opts.items()}
    if col.width:
        d["width"] = col.width
    return d


# --- edits coming back ----------------------------------------------------------------


def _merge(state: GridState, value: Any, loaded: pd.DataFrame) -> None:
    """Fold the browser's edited cells and selection into the pending change set."""
    if not isinstance(value, dict):
        return
    seq = (state.nonce, int(value.get("seq") or 0))
    state.selected = [_key(r) for r in value.get("selected") or []]
    if seq == state.last_seq:
        return
    if seq[0] != state.last_seq[0]:
        state.sent = {}  # a new grid instance: its edits start afresh
    state.last_seq = seq
    ch = state.changes
    for edit in value.get("edits") or []:
        rkey = _key(edit.get("rid"))
        values = edit.get("values") or {}
        state.sent.update(((str(edit.get("rid")), c), v) for c, v in values.items())
        if isinstance(rkey, int) and rkey < 0:
            if rkey in ch.inserts:
                ch.inserts[rkey].update(values)
            continue
        if rkey not in loaded.index:
            continue
        ch.updates.setdefault(rkey, {}).update(values)
        ch.versions.setdefault(rkey, int(edit.get("version") or loaded.at[rkey, "version"]))


def _rescue_late_edits(state: GridState, key: str, loaded: pd.DataFrame) -> None:
    """Keep, as pending, the edits the grid a save replaced sent after that save's click
    (a value typed and Save clicked at once: the click can reach the server first)."""
    r = state.retired
    value = st.session_state.get(f"{key}__{r.nonce}") if r is not None else None
    if r is None or not isinstance(value, dict) or int(value.get("seq") or 0) <= r.seq:
        return
    r.seq = int(value.get("seq") or 0)
    ch, kept = state.changes, 0
    for edit in value.get("edits") or []:
        rid = str(edit.get("rid"))
        late = {c: v for c, v in (edit.get("values") or {}).items() if (rid, c) not in r.sent or r.sent[(rid, c)] != v}
        rkey = _key(edit.get("rid"))
        in_save = any(k[0] == rid for k in r.sent)
        if isinstance(rkey, int) and rkey < 0:
            rkey = r.new_keys.get(rkey, rkey)
        if not late or rkey not in loaded.index:
            continue
        ch.updates.setdefault(rkey, {}).update(late)
        # A row the save wrote has a new version; the edit was typed on top of that save.
        version = loaded.at[rkey, "version"] if in_save else edit.get("version") or loaded.at[rkey, "version"]
        ch.versions.setdefault(rkey, int(version))
        kept += len(late)
    if kept:
        state.nonce += 1  # a fresh grid instance shows them as pending
        saved = state.message[1] + "\n\n" if state.message else ""
        state.message = ("warning", saved + t("grid.late_kept", n=kept))


def _key(raw: Any) -> RowKey:
    if isinstance(raw, int):
        return raw
    text = str(raw)
    try:
        return int(text)
    except ValueError:
        return text


# --- buttons and messages -------------------------------------------------------------


def _controls(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    state: GridState,
    options: dict[str, dict[RowKey, str]],
    user: str,
    insert_defaults: dict[str, Any],
    key: str,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
) -> None:
    ch = state.changes
    cols = st.columns([1, 1, 1, 1.4, 3])
    # Save, Discard and Add act in on_click callbacks, which Streamlit runs before the next
    # script run: that run then shows the result at once (one run per click, not two). The
    # context (e.g. kam.invariants.known_entities around this grid) goes with the callback.
    ctx = contextvars.copy_context()
    cols[0].button(t("grid.save"), type="primary", disabled=ch.empty, key=f"{key}__save", on_click=_on_save,
                   args=(ctx, db, spec, loaded, key, options, user, derive))
    cols[1].button(t("grid.discard"), disabled=ch.empty, key=f"{key}__discard", on_click=_on_discard,
                   args=(key,))
    cols[2].button(t("grid.add_row"), disabled=spec.fixed_rows, key=f"{key}__add", on_click=_on_add,
                   args=(key, loaded, insert_defaults))
    to_delete = [k for k in state.selected if k not in ch.deletes]
    delete = cols[3].button(t("grid.delete_selected", n=len(to_delete)), disabled=spec.fixed_rows or not to_delete,
                            key=f"{key}__delete")
    cols[4].caption(t("grid.pending", n=ch.count) if not ch.empty else t("grid.no_changes"))
    if spec.fixed_rows:
        st.caption(t("grid.fixed_rows"))

    if state.message:
        level, text = state.message
        getattr(st, level)(text)
        state.message = None
    if delete:
        _ask_delete(db, spec, state, to_delete)
    if state.confirm_delete:
        _confirm_delete(loaded, state, key)
    if ch.deletes:
        st.caption(t("grid.deleted_pending", rows=", ".join(str(k) for k in ch.deletes)))
    if state.problems:
        _show_problems(spec, state.problems, loaded, ch)


def _latest(key: str, loaded: pd.DataFrame) -> GridState:
    """The grid's state with the browser's newest return merged: in a callback, an edit
    sent together with the click has not been through the script yet."""
    state = _state(key)
    _merge(state, st.session_state.get(f"{key}__{state.nonce}"), loaded)
    return state


def _on_save(
    ctx: contextvars.Context,
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    key: str,
    options: dict[str, dict[RowKey, str]],
    user: str,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None,
) -> None:
    state = _latest(key, loaded)
    ctx.copy().run(_save, db, spec, loaded, state, options, user, derive)


def _on_discard(key: str) -> None:
    _reset(_state(key))


def _on_add(key: str, loaded: pd.DataFrame, insert_defaults: dict[str, Any]) -> None:
    state = _latest(key, loaded)
    tmp = state.next_tmp
    state.next_tmp -= 1
    state.changes.inserts[tmp] = dict(insert_defaults)
    state.nonce += 1


def _ask_delete(db: sqlite_utils.Database, spec: TableSpec, state: GridState, keys: list[RowKey]) -> None:
    blocked = [k for k in keys if k in spec.protected]
    real = [k for k in keys if not (isinstance(k, int) and k < 0)]
    deps = store.dependents(db, spec.table, [k for k in real if k not in blocked])
    if blocked or deps:
        lines = [t("grid.protected", row=k) for k in blocked]
        lines += [_dependents_text(k, found) for k, found in deps.items()]
        st.error("\n\n".join(lines))
        return
    state.confirm_delete = keys


def _dependents_text(row: RowKey, found: list[tuple[str, int]]) -> str:
    deps = "; ".join(t("grid.dependent_rows", table=t(f"table.{tab}"), n=n) for tab, n in found)
    return t("grid.dependents", row=row, deps=deps)


def _confirm_delete(loaded: pd.DataFrame, state: GridState, key: str) -> None:
    keys = state.confirm_delete
    st.warning(t("grid.confirm_delete", n=len(keys)))
    c1, c2, _ = st.columns([1, 1, 6])
    if c1.button(t("grid.confirm"), type="primary", key=f"{key}__confirm_delete"):
        for k in keys:
            if isinstance(k, int) and k < 0:
                state.changes.inserts.pop(k, None)
            elif k in loaded.index:
                state.changes.deletes[k] = int(loaded.at[k, "version"])
                state.changes.updates.pop(k, None)
        state.confirm_delete = []
        state.selected = []
        state.nonce += 1
        st.rerun()
    if c2.button(t("grid.cancel"), key=f"{key}__cancel_delete"):
        state.confirm_delete = []
        st.rerun()


def _save(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    state: GridState,
    options: dict[str, dict[RowKey, str]],
    user: str,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
) -> None:
    if not user:
        state.problems = [Problem(None, None, "grid.no_user")]
        return
    typed, problems = validate_changes(spec, loaded, state.changes, store.fk_keys(options))
    if derive is not None and not problems:
        typed, problems = validate_changes(spec, loaded, derive(loaded, typed), store.fk_keys(options))
    if problems:
        state.problems = problems
        return
    try:
        result = store.save_changes(db, spec, typed, user)
    except store.StaleRowError as err:
        state.problems = [Problem(None, None, "grid.stale", (("rows", ", ".join(map(str, err.keys))),))]
        return
    except store.DependentRowsError as err:
        state.problems = [Problem(None, None, "grid.text", (("text", _dependents_text(k, found)),))
                          for k, found in err.dependents.items()]
        return
    except store.IntegrityRefused as err:
        state.problems = [Problem(None, None, "v.db", (("value", str(err)),))]
        return
    after_save(db, spec, result)
    merged_here = state.last_seq[0] == state.nonce  # this grid instance's edits went into the save
    state.retired = Retired(state.nonce, state.last_seq[1] if merged_here else 0,
                            dict(state.sent) if merged_here else {}, dict(result.new_keys))
    _reset(state)
    state.message = ("success", t("grid.saved", n=result.total))


def reset(key: str, message: tuple[str, str] | None = None) -> None:
    """Forget grid ``key``'s pending edits and show fresh rows: after a save made outside
    the grid (e.g. a bulk import) into the table it shows.

    :param message: (level, text) the grid shows once, e.g. ``("success", "Saved 3")``.
    """
    state = _state(key)
    _reset(state)
    state.message = message


def _reset(state: GridState) -> None:
    state.changes = ChangeSet()
    state.problems = []
    state.confirm_delete = []
    state.selected = []
    state.nonce += 1


def problem_text(spec: TableSpec, p: Problem, names: Mapping[RowKey, Any] | None = None) -> str:
    """``row <key>, column <label>: <reason>`` in the UI language; ``names`` (row key ->
    the row's :attr:`TableSpec.row_label` value) adds what the row is, e.g. a year."""
    reason = t(p.reason, **dict(p.params))
    row: Any = p.row
    if isinstance(row, int) and row < 0:
        row = t("grid.new_row")
    name = (names or {}).get(p.row)
    if name is not None and not (isinstance(name, float) and pd.isna(name)) and str(name) != str(row):
        row = t("grid.row_named", row=row, name=name)
    if p.column is None:
        return reason if p.row is None or p.reason.startswith("grid.") else f"{row}: {reason}"
    label = t(spec.column(p.column).label_key) if any(c.name == p.column for c in spec.columns) else p.column
    if p.row is None:
        return t("grid.problem_table", column=label, reason=reason)
    return t("grid.problem", row=row, column=label, reason=reason)


def row_names(spec: TableSpec, loaded: pd.DataFrame, changes: ChangeSet, rows: Collection[RowKey]) -> dict:
    """Row key -> its :attr:`TableSpec.row_label` value, as edited if it was."""
    col = spec.row_label
    if col is None:
        return {}
    out: dict[RowKey, Any] = {}
    for key in rows:
        pending = changes.inserts.get(key) if isinstance(key, int) and key < 0 else changes.updates.get(key)
        if pending and col in pending:
            out[key] = pending[col]
        elif key in loaded.index and col in loaded.columns:
            out[key] = loaded.at[key, col]
    return out


def _show_problems(spec: TableSpec, problems: list[Problem], loaded: pd.DataFrame, changes: ChangeSet) -> None:
    names = row_names(spec, loaded, changes, {p.row for p in problems if p.row is not None})
    lines = [f"- {problem_text(spec, p, names)}" for p in problems]
    st.error(t("grid.rejected") + "\n\n" + "\n".join(lines))
