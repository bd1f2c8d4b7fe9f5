"""Caching in one place: views' results and the grid editor's table rows.

Both are keyed by the write counters of the tables they read (:mod:`kam.store.counters`,
kept by triggers, so never stale, whoever wrote) and held in one process-wide
``st.cache_resource`` store without copies (pandas copies on write, so a frame handed out
is never changed in place). A rerun that changes nothing recomputes nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.store.counters import Stamp, stamps, table_stamp
from kam.store.frames import db_file, keyed_frame, loaded_frame, read_frame, rows_of
from kam.store.save import SaveResult
from kam.types import TableSpec
from kam.views import tables_read

M = TypeVar("M")
VIEW_ENTRIES = 24  # models kept (each page's filters x languages x a few as-of dates)
TABLE_ENTRIES = 32


class _Lru:
    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            return None

    def put(self, key: Any, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


@st.cache_resource(show_spinner=False)
def _views() -> _Lru:
    return _Lru(VIEW_ENTRIES)


@st.cache_resource(show_spinner=False)
def _tables() -> dict[tuple[str, str], tuple[Stamp, pd.DataFrame]]:
    return {}


def cached(view: Callable[..., M], db: sqlite_utils.Database, **inputs: Any) -> M:
    """``view(db, **inputs)``, computed once per (inputs, state of the tables it reads).

    :param inputs: hashable values (filters, the as-of date, the language).
    """
    path = db_file(db)
    if not path:  # an in-memory database: nothing to key on
        return view(db, **inputs)
    # id(view): a reloaded module (code changed under a running server) is a new function,
    # so a model of the old code is never handed to the new page.
    key = (view.__qualname__, id(view), path, stamps(db, tables_read(view)), tuple(sorted(inputs.items())))
    hit = _views().get(key)
    if hit is None:
        hit = view(db, **inputs)
        _views().put(key, hit)
    return hit


def load_table(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """A table's rows for the grid editor, read once and reused across reruns while its
    write counter is unchanged. Large tables would otherwise be read again on every edit."""
    path = db_file(db)
    if not path:
        return loaded_frame(db, spec)
    stamp = table_stamp(db, spec.table)
    cache = _tables()
    hit = cache.get((path, spec.table))
    if hit is not None and hit[0] == stamp:
        frame = hit[1]
    else:
        frame = read_frame(db, spec.table)
        if len(cache) > TABLE_ENTRIES:
            cache.clear()
        cache[(path, spec.table)] = (stamp, frame)
    return keyed_frame(frame, spec)


def after_save(db: sqlite_utils.Database, spec: TableSpec, result: SaveResult) -> None:
    """Move the cached table to the state the save left, patching only the saved rows, when
    the cache held exactly the state the save started from (else the next load reads).

    The saved rows are read after the commit: should another session write in between,
    the table's stamp no longer equals ``stamp_after`` and the next load reads it all."""
    path = db_file(db)
    hit = _tables().get((path, spec.table))
    if not path or hit is None or hit[0] != result.stamp_before or result.stamp_after is None:
        return
    frame, pk = hit[1], spec.pk
    written = rows_of(db, spec, list(result.written_keys)) if result.written_keys else None
    gone = [*result.deleted_keys, *result.written_keys]
    kept = frame[~frame[pk].isin(gone)]
    patched = kept if written is None else pd.concat([kept, written], ignore_index=True)
    patched = patched.sort_values(pk, kind="stable", ignore_index=True).reindex(columns=frame.columns)
    # A None among the saved rows makes a number column object; a fresh read gives numbers.
    for name in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[name]) and patched[name].dtype == object:
            patched[name] = pd.to_numeric(patched[name])
    _tables()[(path, spec.table)] = (result.stamp_after, patched)
