"""The grid editor's table rows, cached: keyed by the write counter of the table
(:mod:`kam.store.counters`, kept by triggers, so never stale, whoever wrote) and held in
one process-wide ``st.cache_resource`` store without copies (pandas copies on write, so a
frame handed out is never changed in place). The rows are every row of the table: a page
masks them per user (:mod:`kam.store.access`). The views' own cache: :mod:`kam.views.memo`.
"""

from __future__ import annotations

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.store.access import Access
from kam.store.counters import Stamp, table_stamp
from kam.store.frames import db_file, keyed_frame, loaded_frame, read_frame, rows_of
from kam.store.save import SaveResult
from kam.types import TableSpec

TABLE_ENTRIES = 32


@st.cache_resource(show_spinner=False)
def _tables() -> dict[tuple[str, str], tuple[Stamp, pd.DataFrame]]:
    return {}


def load_table(db: sqlite_utils.Database, spec: TableSpec, access: Access) -> pd.DataFrame:
    """A table's rows in the user's read scope for the grid editor; the whole table is read
    once and reused across reruns while its write counter is unchanged (large tables would
    otherwise be read again on every edit), and masked per user.

    :raises kam.store.access.AccessDenied: the user's role cannot read the table.
    """
    access.require(spec.table)
    frame = _whole_table(db, spec)
    return frame if access.reads_all(spec.table) else access.visible(spec.table, frame, db)


def _whole_table(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
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
