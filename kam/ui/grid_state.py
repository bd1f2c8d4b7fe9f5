"""What one grid editor keeps between reruns, and how the browser's returns fold into it.

Pending edits live in ``st.session_state`` keyed by primary key, so they survive reruns,
paging, added rows and rejected saves. A new grid instance (a new component key,
``<key>__<nonce>``) costs the browser a new grid (half a second to a second at 1,000 rows),
so the instance is kept where it can be: the component's ``client_wins`` strategy ignores
fresh rows once a cell was typed, and a draw with ``pull`` set sends them as
``server_wins`` instead, once (the saved rows after a save, other rows after a chart click
on a grid whose edits were all saved). Each such replacement is a new generation of the
instance's rows (``gen``, in every row as ``__gen``); the browser returns, with each typed
value, the generation of the row it was typed on, so a value typed on rows that were
replaced since is told apart from one typed on the rows the grid shows now
(:func:`merge`). Other rows for an instance never typed into go in place too
(:func:`switch_rows`); a rejected save, Add row, Discard and another page of a paged grid
are a new instance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from kam.types import ChangeSet, Problem, RowKey
from kam.ui.common import t


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
    in_place: int | None = None  # the instance whose rows were replaced without a new instance
    sent: dict[tuple[str, str], Any] = field(default_factory=dict)  # (rid, column) -> value merged
    retired: Retired | None = None  # the grid instance a save replaced, to catch its late edits
    page_stale: bool = False  # saved since the page last ran: the next run is the whole page's
    gen: int = 0  # how often the server replaced the rows the browser holds (every row's __gen)
    pull: int | None = None  # the instance whose next draw replaces the browser's rows (server_wins)
    kept: Retired | None = None  # the current instance as its last save left it (nonce: this one)


@dataclass
class Retired:
    """A grid instance that was replaced (a refused save, Add row, a delete confirmed,
    another page), or kept after a save (:attr:`GridState.kept`): the cell values already
    merged from it, and after a save the keys its new rows got and the versions it wrote.
    An edit typed just before the click can reach the server after it."""

    nonce: int
    seq: int
    sent: dict[tuple[str, str], Any]
    new_keys: dict[int, RowKey] = field(default_factory=dict)
    written: dict[RowKey, int] = field(default_factory=dict)  # row -> version after the save


def grid_state(key: str) -> GridState:
    skey = f"_grid_{key}"
    if skey not in st.session_state:
        st.session_state[skey] = GridState()
    return st.session_state[skey]


def merge(state: GridState, value: Any, loaded: pd.DataFrame) -> int:
    """Fold the browser's edited cells and selection into the pending change set.

    :returns: how many values were typed on rows the browser no longer shows (replaced by
      a save or a switch since): pending now, they need a new grid instance to be seen,
      which the caller makes (:func:`retire`; a caller that replaces the instance anyway,
      or saves them, makes no second one)."""
    if not isinstance(value, dict):
        return 0
    seq = (state.nonce, int(value.get("seq") or 0))
    state.selected = [row_key(r, loaded.index) for r in value.get("selected") or []]
    if seq == state.last_seq:
        return 0
    if seq[0] != state.last_seq[0]:
        state.sent = {}  # a new grid instance: its edits start afresh
    state.last_seq = seq
    ch = state.changes
    kept = _kept_here(state)
    late = 0
    for edit in value.get("edits") or []:
        rid = str(edit.get("rid"))
        values = edit.get("values") or {}
        gens = edit.get("gens") or {}
        state.sent.update(((rid, c), v) for c, v in values.items())
        # A value typed on rows this instance held before the server replaced them: saved
        # already (as the last save took it), or typed just before the save or the switch
        # (late: kept pending, on top of what the save wrote; the browser no longer shows it).
        old = {c: v for c, v in values.items() if int(gens.get(c, 0)) < state.gen}  # none: an old tab's
        if old:
            values = {c: v for c, v in values.items() if c not in old}
            unsaved = {c: v for c, v in old.items() if kept is None or kept.sent.get((rid, c), _NONE) != v}
            late += _keep_late(ch, edit, unsaved, kept, loaded)
        rkey = row_key(edit.get("rid"), loaded.index)
        if not values:
            continue
        if isinstance(rkey, int) and rkey < 0:
            if rkey in ch.inserts:
                ch.inserts[rkey].update(values)
            continue
        if rkey not in loaded.index:
            continue
        ch.updates.setdefault(rkey, {}).update(values)
        ch.versions.setdefault(rkey, int(edit.get("version") or loaded.at[rkey, "version"]))
    if late:
        saved = state.message[1] + "\n\n" if state.message else ""
        state.message = ("warning", saved + t("grid.late_kept", n=late))
    return late


_NONE = object()  # no value sent for this cell


def _keep_late(ch: ChangeSet, edit: dict, late: dict[str, Any], kept: Retired | None, loaded: pd.DataFrame) -> int:
    """Keep ``late`` (values of ``edit`` typed on rows the server has replaced since) as
    pending; a new row the save wrote is the row it became, a row it wrote has the version
    it wrote. :returns: how many values were kept."""
    if not late:
        return 0
    rkey = row_key(edit.get("rid"), loaded.index)
    if isinstance(rkey, int) and rkey < 0:
        rkey = kept.new_keys.get(rkey, rkey) if kept is not None else rkey
        if isinstance(rkey, int) and rkey < 0:  # a new row not saved yet: still pending
            if rkey not in ch.inserts:
                return 0
            ch.inserts[rkey].update(late)
            return len(late)
    if rkey not in loaded.index:
        return 0
    ch.updates.setdefault(rkey, {}).update(late)
    ch.versions.setdefault(rkey, late_version(edit, late, kept.written if kept is not None else {}, rkey, loaded))
    return len(late)


def late_version(
    edit: dict, late: dict[str, Any], written: dict[RowKey, int], rkey: RowKey, loaded: pd.DataFrame
) -> int:
    """The version a late value builds on: the newer of the version its row showed where it
    was typed (the oldest of the late values') and the one a save of this grid wrote; a
    write by someone else since is then still a conflict."""
    versions = edit.get("versions") or {}
    shown = [int(versions.get(c) or edit.get("version") or 0) for c in late]
    version = max(min(shown, default=0), int(written.get(rkey, 0)))
    return version or int(loaded.at[rkey, "version"])


def settle(state: GridState, new_keys: dict[int, RowKey], written: dict[RowKey, int]) -> None:
    """After a save, keep the grid instance: its next draw replaces the browser's rows with
    the saved ones (a new generation), and the values it sent so far count as saved (the
    save took every pending edit). Keys and versions of earlier saves of the same instance
    are kept with the new ones: a value typed before this save names the rows as they were."""
    state.kept = _snapshot(state, new_keys, written)
    # A grid nothing was typed in takes new rows as they come (client_wins); one drawn with
    # server_wins first would never ignore them again, so only a typed-into one is pulled.
    if state.last_seq[0] == state.nonce:
        _pull(state)
    else:
        state.gen += 1


def _pull(state: GridState) -> None:
    state.gen += 1
    state.pull = state.nonce


def retire(state: GridState) -> None:
    """Replace the grid instance (a new component key), remembering the old one so that
    :func:`rescue_late_edits` keeps edits it sends after the click that replaced it."""
    # An instance kept after a save keeps its save's keys and versions: a value typed before
    # that save may reach the server only after this click.
    state.retired = _snapshot(state, {}, {})
    state.nonce += 1


def _snapshot(state: GridState, new_keys: dict[int, RowKey], written: dict[RowKey, int]) -> Retired:
    """The current instance as the server knows it: what it sent (when it has sent anything),
    and the keys and versions its saves wrote, with those of its earlier saves."""
    merged_here = state.last_seq[0] == state.nonce  # sent holds this instance's cells
    kept = _kept_here(state)
    return Retired(
        state.nonce,
        state.last_seq[1] if merged_here else 0,
        dict(state.sent) if merged_here else {},
        {**(kept.new_keys if kept else {}), **new_keys},
        {**(kept.written if kept else {}), **written},
    )


def _kept_here(state: GridState) -> Retired | None:
    """What the current instance's last save left (None when it has not saved)."""
    return state.kept if state.kept is not None and state.kept.nonce == state.nonce else None


def switch_rows(state: GridState, key: str, loaded: pd.DataFrame, rows: pd.Index) -> None:
    """Other rows for the grid (a chart click, a filter): the same grid
    instance takes them in place, which spares the browser a new grid (about a second);
    a new instance only when this one holds edits of its own, because the component's
    ``client_wins`` strategy then ignores new rows (the pending edits are kept either way).

    An edit typed just before the rows changed reaches the server after them: the
    instance had ignored the new rows, and its return names the rows it holds (gridjs
    COLLECT's ``rids``); those are not the rows it should hold, so it is replaced then."""
    signature = hash(tuple(rows))
    if signature != state.rows:
        if state.rows is not None:
            value = _newest(state, key)
            merge(state, value, loaded)
            if _unsaved_here(state):  # late values too: they are unsaved
                retire(state)
            elif _edited_here(state):
                _pull(state)  # typed into, every value saved: server_wins takes the rows
            else:
                state.in_place = state.nonce
        state.rows = signature
        return
    if state.in_place != state.nonce:
        return
    value = _newest(state, key)
    held = value.get("rids") if value is not None else None
    if held is None:
        return
    shown = {str(k) for k in rows if k not in state.changes.deletes}
    new_rows = {str(k) for k in state.changes.inserts}  # the grid holds them too; a text key may start with "-"
    if {str(r) for r in held} - new_rows != shown:
        merge(state, value, loaded)
        retire(state)


def _newest(state: GridState, key: str) -> dict | None:
    """The current instance's return when it is one not merged yet."""
    value = st.session_state.get(f"{key}__{state.nonce}")
    if not isinstance(value, dict):
        return None
    if state.last_seq == (state.nonce, int(value.get("seq") or 0)):
        return None
    return value


def _edited_here(state: GridState) -> bool:
    """The current grid instance has sent a typed value (so it ignores new rows)."""
    return state.last_seq[0] == state.nonce and bool(state.sent)


def _unsaved_here(state: GridState) -> bool:
    """The current grid instance has sent a typed value its last save did not take (or has
    no save): a pull would replace it in the browser with the row's old value."""
    if not _edited_here(state):
        return False
    kept = _kept_here(state)
    if kept is None:
        return True
    return any(kept.sent.get(cell, _NONE) != v for cell, v in state.sent.items())


def rescue_late_edits(state: GridState, key: str, loaded: pd.DataFrame) -> None:
    """Keep, as pending, the edits a replaced grid instance sent after the click that
    replaced it (a value typed and Save clicked at once: the click can reach the server first)."""
    r = state.retired
    value = st.session_state.get(f"{key}__{r.nonce}") if r is not None else None
    if r is None or not isinstance(value, dict) or int(value.get("seq") or 0) <= r.seq:
        return
    r.seq = int(value.get("seq") or 0)
    ch, kept = state.changes, 0
    for edit in value.get("edits") or []:
        rid = str(edit.get("rid"))
        late = {c: v for c, v in (edit.get("values") or {}).items() if (rid, c) not in r.sent or r.sent[(rid, c)] != v}
        rkey = row_key(edit.get("rid"), loaded.index)
        if isinstance(rkey, int) and rkey < 0:
            rkey = r.new_keys.get(rkey, rkey)
            if isinstance(rkey, int) and rkey < 0:  # a new row not saved yet: still pending
                if late and rkey in ch.inserts:
                    ch.inserts[rkey].update(late)
                    kept += len(late)
                continue
        if not late or rkey not in loaded.index:
            continue
        ch.updates.setdefault(rkey, {}).update(late)
        # A row the save wrote has the version it wrote: the edit was typed on top of that
        # save. Otherwise the version the grid showed (a newer one means someone else wrote).
        ch.versions.setdefault(rkey, late_version(edit, late, r.written, rkey, loaded))
        kept += len(late)
    if kept:
        state.nonce += 1  # a fresh grid instance shows them as pending
        saved = state.message[1] + "\n\n" if state.message else ""
        state.message = ("warning", saved + t("grid.late_kept", n=kept))


def row_key(raw: Any, index: pd.Index | None = None) -> RowKey:
    """The browser's row id (always text) as the frame's key: an integer id, a new row's
    negative number, or a text code, which stays text even when it looks like a number
    (a focus industry coded "2024") when ``index`` holds it so."""
    if isinstance(raw, int):
        return raw
    text = str(raw)
    try:
        number = int(text)
    except ValueError:
        return text
    if index is not None and number not in index and text in index:
        return text
    return number


def reset_state(state: GridState, renew: bool = True) -> None:
    """Forget pending edits; ``renew``: also a new grid instance (the caller may instead
    :func:`retire` the old one to keep its late edits)."""
    state.changes = ChangeSet()
    state.problems = []
    state.confirm_delete = []
    state.selected = []
    if renew:
        state.nonce += 1
