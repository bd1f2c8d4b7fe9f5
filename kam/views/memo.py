"""The views' cache: a view's result computed once per (inputs, state of the tables it
reads), held process-wide without copies (pandas copies on write, so a frame handed out is
never changed in place).

Keys are the write counters of the tables a view declares with :func:`kam.views.reads`
(:mod:`kam.store.counters`, kept by triggers, so never stale, whoever wrote). What is kept
here is never one user's: views memoise their unscoped stages (every row, for the figures)
and mask the result per user on the way out (:mod:`kam.store.access`), so nothing is
cached per user or per session.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import sqlite_utils

from kam.store.counters import ORDER_LOG, ChangeLog, log_mark, rows_changed, stamps
from kam.store.frames import db_file
from kam.views import tables_read

M = TypeVar("M")
# Results kept: each page's stages x its filters x languages x a few as-of dates (a tour of
# every page in one language holds about 30; a stage evicted costs seconds at 50,000 customers).
VIEW_ENTRIES = 64


class Lru:
    """A small thread-safe least-recently-used store."""

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


_VIEWS = Lru(VIEW_ENTRIES)


def views() -> Lru:
    """The process-wide store of views' results."""
    return _VIEWS


def memo(view: Callable[..., M], db: sqlite_utils.Database, **inputs: Any) -> M:
    """``view(db, **inputs)``, computed once per (inputs, state of the tables it reads).

    :param inputs: hashable values (filters, the as-of date, the language); never a user.
    """
    path = db_file(db)
    if not path:  # an in-memory database: nothing to key on
        return view(db, **inputs)
    # id(view): a reloaded module (code changed under a running server) is a new function,
    # so a result of the old code is never handed to the new page.
    key = (view.__qualname__, id(view), path, stamps(db, tables_read(view)), tuple(sorted(inputs.items())))
    hit = _VIEWS.get(key)
    if hit is None:
        hit = view(db, **inputs)
        _VIEWS.put(key, hit)
    return hit


def memo_patched(
    view: Callable[..., M],
    db: sqlite_utils.Database,
    patch: Callable[..., M],
    logged: tuple[str, ...],
    log: ChangeLog = ORDER_LOG,
    **inputs: Any,
) -> M:
    """:func:`memo`, but a result whose tables changed only by writes to the orders
    (``logged``: tables of the orders' change log, migration 010) is brought up to date by
    ``patch(db, result, changed order ids, **inputs)`` instead of computed again: after a move
    on the board, one order is scored again, not 380,000.

    ``patch`` must give what ``view`` would give now (tests compare the two after writes).
    """
    path = db_file(db)
    if not path:
        return view(db, **inputs)
    read = tables_read(view)
    now = stamps(db, read)
    mark = log_mark(db, log)  # after the stamps: a write they show is in the log up to here
    key = ("patched", view.__qualname__, id(view), path, tuple(sorted(inputs.items())))
    hit = _VIEWS.get(key)
    if hit is not None:
        then, since, value = hit
        if then == now:
            return value
        differ = {table for table, a, b in zip(read, then, now, strict=True) if a != b}
        changed = rows_changed(db, since, mark, log) if differ <= set(logged) else None
        if changed is not None:
            value = patch(db, value, changed, **inputs)
            _VIEWS.put(key, (now, mark, value))
            return value
    value = view(db, **inputs)
    _VIEWS.put(key, (now, mark, value))
    return value
