"""edit_table(): the ONE grid editor every page uses to show and edit a table.

How edits travel (see ../shared/grid-notes.md for the measurements behind this):
- the grid holds at most one page of rows (``page_size``); search, sort and paging of
  larger tables happen on the server, so 100,000 rows cost what one page costs;
- on each cell edit or selection the browser returns ONLY the edited cells and the
  selected keys (a constant JS collector), never the whole grid;
- pending edits live in ``st.session_state`` keyed by primary key
  (:mod:`kam.ui.grid_state`); what the grid shows and its options: :mod:`kam.ui.grid_view`;
- Save validates every changed cell and the table's invariants, then writes all in one
  ``BEGIN IMMEDIATE`` transaction with version checks and audit rows, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import pandas as pd
import sqlite_utils
import streamlit as st
from st_aggrid import AgGrid

from kam import edit
from kam.i18n import enum_label, plain
from kam.store.access import Access, choices_of, locked_rows, readable_keys
from kam.store.refs import dependents, fk_labels, fk_options, fk_sizes, search_fk
from kam.store.save import SaveResult
from kam.types import ChangeSet, ColumnSpec, Problem, RowKey, TableSpec
from kam.ui import gridjs, quiet_gc
from kam.ui.cache import after_save
from kam.ui.common import fragment_rerun, lang, select, t
from kam.ui.grid_state import (
    GridState,
    grid_state,
    merge,
    rescue_late_edits,
    reset_state,
    retire,
    settle,
    switch_rows,
)
from kam.ui.grid_view import display_frame, grid_options, shown_options
from kam.ui.signin import acting_access, session_holds
from kam.views.paging import ListPage, page_of


def edit_table(
    db: sqlite_utils.Database,
    spec: TableSpec,
    frame: pd.DataFrame,
    *,
    key: str,
    access: Access,
    computed: tuple[ColumnSpec, ...] = (),
    height: int | None = None,
    page_size: int = 1000,
    insert_defaults: dict[str, Any] | None = None,
    order: tuple[str, ...] = (),
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
    empty: str | None = None,
    fixed_note: str | None = None,
) -> GridState:
    """Show ``frame`` (rows of ``spec.table`` indexed by primary key, plus any computed
    read-only columns named in ``computed``) in an editable grid with Save.

    :param key: unique per grid on a page; the container gets the CSS class ``st-key-<key>``.
    :param access: the signed-in user (kam.store.access): the audit names them; a table
      their role cannot write is shown read-only; a dropdown offers only rows in their scope.
    :param insert_defaults: values for a new row (e.g. the rule a parameter belongs to).
    :param order: column names to show first, in this order (computed ones may sit among
      the editable ones); the other columns follow (spec columns, then computed).
    :param derive: on Save, (rows as loaded, the user's typed changes) -> the change set to
      save, e.g. with values that follow from the edited ones; it is validated again.
    :param empty: what to say when there are no rows (default: how to add one; for a
      table whose rows come from elsewhere, where they come from).
    :param fixed_note: for a table of fixed rows, what to say instead of "edit values, do
      not add or delete" (e.g. where rows are added instead).
    """
    return _grid(
        db, spec, frame, key, access, computed, height, page_size, insert_defaults, order, derive, empty, fixed_note
    )


@st.fragment
def _grid(
    db: sqlite_utils.Database,
    spec: TableSpec,
    frame: pd.DataFrame,
    key: str,
    access: Access,
    computed: tuple[ColumnSpec, ...],
    height: int | None,
    page_size: int,
    insert_defaults: dict[str, Any] | None,
    order: tuple[str, ...],
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None,
    empty: str | None,
    fixed_note: str | None,
) -> GridState:
    """The grid and its controls, a Streamlit fragment: a cell typed, a selection, a search,
    another page of rows, Add row, Discard or a refused Save run this part alone again, with
    the arguments of the page's last run (nothing outside it changed: no save yet), so an
    edit costs the grid's own run, not the page's (charts, lists, other grids). After a
    save, or once the session may no longer act (signed out, idle, its account changed),
    the whole page runs again instead: its figures follow the saved rows, its gate the
    account."""
    state = grid_state(key)
    if fragment_rerun():
        quiet_gc.busy()
        if state.page_stale or not session_holds(db):
            st.rerun(scope="app")
    state.page_stale = False
    writable = access.writes(spec.table)
    # A dropdown offers the rows in the user's scope; labels reach the browser only for
    # those and for the values the shown rows hold (no other person's name in the page).
    big = frozenset(c for c, n in fk_sizes(db, spec).items() if n > DROPDOWN_MOST)
    options = fk_options(db, spec, lang(), skip=big)
    choices = choices_of(db, access, spec, options)
    if big:
        found, offered = _searched_dropdowns(db, spec, access, frame, state, key, big)
        options.update(found)
        choices.update(offered)
    options = shown_options(options, choices, frame)
    loaded = frame
    rescue_late_edits(state, key, loaded)
    view = _page_of(db, spec, computed, loaded, options, state, key, page_size)
    switch_rows(state, key, loaded, view.index)

    locked = locked_rows(db, access, spec, view) if writable else set()
    with st.container(key=key):
        display = display_frame(spec, view, loaded, state, computed, locked)
        options_js = grid_options(
            spec,
            computed,
            options,
            allow_delete=writable and not spec.fixed_rows,
            order=order,
            choices=choices,
            editable=writable,
            row_locks=bool(locked),
        )
        if loaded.empty and not state.changes.inserts:
            st.info(empty or _empty_text(spec, access, writable))
        response = AgGrid(
            display,
            gridOptions=options_js,
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
            # Once: the browser's rows replaced by these (the saved rows; other rows for a
            # grid whose edits were all saved); else a typed cell keeps what was typed.
            server_sync_strategy="server_wins" if state.pull == state.nonce else "client_wins",
        )
        state.pull = None
        if not writable:
            st.caption(t("access.read_only", role=t(f"auth.role.{access.role}")))
            return state
        if locked:
            st.caption(t("access.some_read_only", n=len(locked)))
        if merge(state, getattr(response, "raw_data", None), loaded):
            retire(state)  # values typed on rows since replaced: a new grid shows them pending
            _rerun_grid()
        _controls(db, spec, loaded, state, options, access, insert_defaults or {}, key, derive, fixed_note)
    return state


DROPDOWN_MOST = 300  # a dropdown over more rows than this is searched on the server
FOUND_MOST = 50  # what one search offers


def _searched_dropdowns(
    db: sqlite_utils.Database,
    spec: TableSpec,
    access: Access,
    frame: pd.DataFrame,
    state: GridState,
    key: str,
    big: frozenset[str],
) -> tuple[dict[str, dict[RowKey, str]], dict[str, set[RowKey]]]:
    """The dropdowns over many rows (an order's customer among 50,000): a search box each,
    answered on the server; the dropdown offers what the search found (FOUND_MOST at most)
    and the values the rows and the pending edits hold, never the whole table.

    :returns: (column -> key -> label the page may show, column -> keys the dropdown offers).
    """
    found: dict[str, dict[RowKey, str]] = {}
    offered: dict[str, set[RowKey]] = {}
    searched = []
    for col in spec.columns:
        if col.name not in big:
            continue
        readable = readable_keys(db, access, col.fk_table or "")
        held = _held(frame, state, col.name)
        if readable is not None and len(readable) <= DROPDOWN_MOST:
            # Few in the user's scope: all of them, as a small table's dropdown, by name.
            labels = fk_labels(db, col, set(readable) | held, lang())
            found[col.name] = dict(sorted(labels.items(), key=lambda kv: (kv[1], str(kv[0]))))
            offered[col.name] = set(readable)
            continue
        labels = fk_labels(db, col, held, lang())
        found[col.name] = labels
        offered[col.name] = {k for k in labels if readable is None or k in readable}
        if col.editable and not col.hidden and access.writes(spec.table):  # a hidden one: set by the page
            searched.append((col, readable))
    for box, (col, readable) in zip(st.columns(len(searched) + 1), searched, strict=False):
        text = box.text_input(
            t("grid.find_ref", column=plain(t(col.label_key))),
            key=f"{key}__find_{col.name}",
            placeholder=t("grid.find_ref_hint"),
            help=t("grid.find_ref_help", n=FOUND_MOST),
        )
        hits = search_fk(db, col, text, lang(), FOUND_MOST, readable)
        if text.strip():
            found_key = "grid.find_ref_more" if len(hits) >= FOUND_MOST else "grid.find_ref_found"
            box.caption(
                t(found_key, n=len(hits), column=plain(t(col.label_key)))
                if hits
                else t("grid.find_ref_none", text=plain(text.strip()))
            )
        # What the search found first in the dropdown, then the values the rows hold.
        found[col.name] = {**hits, **{k: v for k, v in found[col.name].items() if k not in hits}}
        offered[col.name] |= set(hits)
    return found, offered


def _held(frame: pd.DataFrame, state: GridState, column: str) -> set[RowKey]:
    """The values of ``column`` in the rows loaded and in the pending edits."""
    held = set()
    if column in frame.columns:
        held = {v.item() if hasattr(v, "item") else v for v in frame[column].dropna().unique()}
    for row in (*state.changes.updates.values(), *state.changes.inserts.values()):
        if row.get(column) is not None:
            held.add(row[column])
    return held


def _height(rows: int) -> int:
    """Fit small tables, scroll large ones."""
    return max(160, min(520, 56 + 30 * (rows + 1)))


# --- paging ---------------------------------------------------------------------------


def _page_of(
    db: sqlite_utils.Database,
    spec: TableSpec,
    computed: tuple[ColumnSpec, ...],
    loaded: pd.DataFrame,
    options: dict[str, dict[RowKey, str]],
    state: GridState,
    key: str,
    page_size: int,
) -> pd.DataFrame:
    """The rows the grid holds: all of a small table, one page of a large one, after a
    search and a sort over every row done here (a header click sorts the page it holds)."""
    if len(loaded) <= page_size:
        return loaded
    columns = [c for c in (*spec.columns, *computed) if c.name in loaded.columns and not c.hidden]
    by_name = {c.name: c for c in columns}
    cols = st.columns([3, 2, 1, 1, 2], vertical_alignment="bottom")
    restart = {"on_change": _restart, "args": (key, state)}
    text = cols[0].text_input(t("grid.search"), key=f"{key}__search", **restart)
    sort = select(
        cols[1],
        t("list.sort"),
        ["", *by_name],
        key=f"{key}__sort_{lang()}",  # a key per language: the labels are translated
        format_func=lambda n: t("list.own_order") if not n else t(by_name[n].label_key),
        **restart,
    )
    descending = cols[2].toggle(t("list.descending"), key=f"{key}__descending", **restart)
    keys = {sort: _sort_key(db, by_name[sort], loaded, options)} if sort else {}

    def at(page: int) -> ListPage:
        return page_of(
            loaded, search=text, sort=sort or None, descending=descending, page=page, size=page_size, keys=keys
        )

    found = at(state.page)
    page = int(cols[3].number_input(t("grid.page"), 1, found.pages, found.page + 1, key=f"{key}__page")) - 1
    if page != state.page:
        state.page = page
        # The grid shows other rows: a new instance (pending edits are kept), once the old
        # instance's newest cells are merged: they may have come with this page change.
        _latest(key, loaded)
        retire(state)
        state.rows = None
        found = at(page) if page != found.page else found
    cols[4].caption(
        t(
            "grid.rows_of",
            first=found.first + 1 if found.matched else 0,
            last=found.first + len(found.rows),
            total=f"{found.matched:,}",
        )
    )
    return found.rows


def _restart(key: str, state: GridState) -> None:
    """Another search or order starts at its first page."""
    state.page = 0
    st.session_state.pop(f"{key}__page", None)


def _sort_key(
    db: sqlite_utils.Database, col: ColumnSpec, loaded: pd.DataFrame, options: dict[str, dict[RowKey, str]]
) -> Any:
    """What a column sorts by: a reference by the name the grid shows, a choice by its
    label, anything else by its value."""
    values = loaded[col.name]
    if col.kind == "fk":
        labels = options.get(col.name, {})
        missing = {v for v in values.dropna().unique() if v not in labels}
        if missing:  # a dropdown searched on the server holds only some labels
            labels = {**labels, **fk_labels(db, col, missing, lang())}
        return values.map(labels).to_numpy(dtype=object)
    if col.kind == "enum":
        names = {c: enum_label(col.name, c, lang()) for c in col.choices}
        return values.map(names).to_numpy(dtype=object)
    return values.to_numpy()


# --- buttons and messages -------------------------------------------------------------


def _controls(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    state: GridState,
    options: dict[str, dict[RowKey, str]],
    access: Access,
    insert_defaults: dict[str, Any],
    key: str,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
    fixed_note: str | None = None,
) -> None:
    ch = state.changes
    cols = st.columns([1, 1.5, 1.1, 1.6, 2.6])
    # Save, Discard and Add act in on_click callbacks, which Streamlit runs before the next
    # script run: that run then shows the result at once (one run per click, not two).
    cols[0].button(
        t("grid.save"),
        type="primary",
        disabled=ch.empty,
        key=f"{key}__save",
        on_click=_on_save,
        args=(db, spec, loaded, key, options, access, derive),
    )
    cols[1].button(t("grid.discard"), disabled=ch.empty, key=f"{key}__discard", on_click=_on_discard, args=(key,))
    cols[2].button(
        t("grid.add_row"),
        disabled=spec.fixed_rows,
        key=f"{key}__add",
        on_click=_on_add,
        args=(key, loaded, insert_defaults),
    )
    to_delete = [k for k in state.selected if k not in ch.deletes]
    delete = cols[3].button(
        t("grid.delete_selected", n=len(to_delete)), disabled=spec.fixed_rows or not to_delete, key=f"{key}__delete"
    )
    cols[4].caption(t("grid.pending", n=ch.count) if not ch.empty else t("grid.no_changes"))
    if spec.fixed_rows:
        st.caption(fixed_note or t("grid.fixed_rows"))

    if state.message:
        level, text = state.message
        getattr(st, level)(text)
        state.message = None
    if delete:
        _ask_delete(db, spec, loaded, state, to_delete)
    if state.confirm_delete:
        _confirm_delete(loaded, state, key)
    if ch.deletes:
        names = edit.row_names(spec, loaded, ch, list(ch.deletes), lang(), db)
        rows = ", ".join(edit.row_ref(k, names.get(k), lang()) for k in ch.deletes)
        st.caption(t("grid.deleted_pending", rows=plain(rows)))
    if state.problems:
        _show_problems(db, spec, state.problems, loaded, ch)


def _latest(key: str, loaded: pd.DataFrame) -> GridState:
    """The grid's state with the browser's newest return merged: in a callback, an edit
    sent together with the click has not been through the script yet. Values it finds typed
    on rows replaced since are pending: Save saves them, the other callers show them in the
    new grid instance they make anyway."""
    state = grid_state(key)
    merge(state, st.session_state.get(f"{key}__{state.nonce}"), loaded)
    return state


def _on_save(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    key: str,
    options: dict[str, dict[RowKey, str]],
    drawn_for: Access,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None,
) -> None:
    """Save as the session's account with its rights now (``drawn_for``: as the page was
    drawn; a demotion or a move in the tree since then counts)."""
    state = _latest(key, loaded)
    access = acting_access(db)
    if access is None:
        return  # signed out, idle or deactivated meanwhile: the page run shows the sign-in form
    _save(db, spec, loaded, state, options, access, derive)


def _on_discard(key: str) -> None:
    reset_state(grid_state(key))


def _on_add(key: str, loaded: pd.DataFrame, insert_defaults: dict[str, Any]) -> None:
    state = _latest(key, loaded)
    tmp = state.next_tmp
    state.next_tmp -= 1
    state.changes.inserts[tmp] = dict(insert_defaults)
    retire(state)


def _ask_delete(
    db: sqlite_utils.Database, spec: TableSpec, loaded: pd.DataFrame, state: GridState, keys: list[RowKey]
) -> None:
    blocked = [k for k in keys if k in spec.protected]
    real = [k for k in keys if not (isinstance(k, int) and k < 0)]
    deps = dependents(db, spec.table, [k for k in real if k not in blocked])
    if blocked or deps:
        names = edit.row_names(spec, loaded, state.changes, [*blocked, *deps], lang(), db)
        lines = [t("grid.protected", row=edit.row_ref(k, names.get(k), lang())) for k in blocked]
        lines += [edit.dependents_text(k, found, lang(), names.get(k)) for k, found in deps.items()]
        st.error("\n\n".join(plain(line) for line in lines))
        return
    state.confirm_delete = keys


def _confirm_delete(loaded: pd.DataFrame, state: GridState, key: str) -> None:
    keys = state.confirm_delete
    st.warning(t("grid.confirm_delete", n=len(keys)))
    c1, c2, _ = st.columns([1, 1, 6])
    if c1.button(t("grid.confirm"), type="primary", key=f"{key}__confirm_delete"):
        _latest(key, loaded)
        for k in keys:
            if isinstance(k, int) and k < 0:
                state.changes.inserts.pop(k, None)
            elif k in loaded.index:
                state.changes.deletes[k] = int(loaded.at[k, "version"])
                state.changes.updates.pop(k, None)
        state.confirm_delete = []
        state.selected = []
        retire(state)
        _rerun_grid()
    if c2.button(t("grid.cancel"), key=f"{key}__cancel_delete"):
        state.confirm_delete = []
        _rerun_grid()


def _rerun_grid() -> None:
    """Draw the grid again at once (a pending delete marked, a question gone): the grid
    alone where this run is the grid's own (nothing outside it changed), else the page
    (Streamlit refuses a fragment's own rerun inside a whole-page run)."""
    st.rerun(scope="fragment" if fragment_rerun() else "app")


def _save(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    state: GridState,
    options: dict[str, dict[RowKey, str]],
    access: Access,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
) -> None:
    result, problems = save(db, spec, loaded, state.changes, access, derive=derive)  # foreign keys read at save
    if result is None:
        state.problems = problems
        # A new grid instance: the browser's copy drops its own marks and draws the rows
        # from the server again, the refused cells red, the user's edits kept (yellow).
        retire(state)
        return
    reset_state(state, renew=False)
    settle(state, result.new_keys, result.versions)  # the same grid takes the saved rows
    state.message = ("success", t("grid.saved", n=result.total))
    state.page_stale = True  # the rest of the page shows the rows as they were: run it all


def reset(key: str, message: tuple[str, str] | None = None) -> None:
    """Forget grid ``key``'s pending edits and show fresh rows: after a save made outside
    the grid (e.g. a bulk import) into the table it shows.

    :param message: (level, text) the grid shows once, e.g. ``("success", "Saved 3")``.
    """
    state = grid_state(key)
    reset_state(state)
    state.message = message


def _show_problems(
    db: sqlite_utils.Database, spec: TableSpec, problems: list[Problem], loaded: pd.DataFrame, changes: ChangeSet
) -> None:
    st.error(edit.refusal_text(spec, loaded, changes, problems, lang(), db))


def save(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    access: Access,
    *,
    fk_keys: Mapping[str, Collection[RowKey]] | None = None,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
) -> tuple[SaveResult | None, list[Problem]]:
    """:func:`kam.edit.save_change_set` in the UI language, then the table cache patched
    with the saved rows (every save a page makes comes through here)."""
    result, problems = edit.save_change_set(
        db, spec, loaded, changes, access, fk_keys=fk_keys, derive=derive, lang=lang()
    )
    if result is not None:
        after_save(db, spec, result)
    return result, problems


def save_message(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    access: Access,
    *,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
) -> tuple[bool, str]:
    """:func:`save` for a change set made outside a grid (a button, an import).

    :returns: (saved, the message to show).
    """
    result, problems = save(db, spec, loaded, changes, access, derive=derive)
    if result is None:
        return False, edit.refusal_text(spec, loaded, changes, problems, lang(), db)
    return True, t("grid.saved", n=result.total)


def problem_text(spec: TableSpec, p: Problem) -> str:
    """A problem in the UI language (:func:`kam.edit.problem_text`)."""
    return edit.problem_text(spec, p, lang=lang())


def _empty_text(spec: TableSpec, access: Access | None, writable: bool) -> str:
    """An empty grid's line: where to start, or, for someone who reads only part of the table
    (a salesperson's own rows), that there is nothing in their part, not that the table is
    empty."""
    if access is not None and not access.reads_all(spec.table):
        return t("grid.empty_scope")
    return t("grid.empty") if writable and not spec.fixed_rows else t("grid.empty_fixed")
