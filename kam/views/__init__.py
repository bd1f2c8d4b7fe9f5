"""What each page computes, without Streamlit: one module (or package) per page.

A view is a function ``load(db, access, **inputs) -> Model``: it reads through
:mod:`kam.store`, scores with :mod:`kam.rules` and returns a frozen dataclass, the page's
model, that the page only draws and tests read directly. It refuses to load without a
signed-in user (:func:`signed`) and returns only what the user's scope holds
(:mod:`kam.store.access`): figures are computed on every row they need, in an unscoped
stage that :func:`kam.views.memo.memo` keeps until one of the tables it declares with
:func:`reads` is written (their write counters) or an input changes; the rows, lists,
options and chart data of the model are masked per user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from kam.store.access import Access, AccessDenied
from kam.store.rules import RULES_TABLES

F = TypeVar("F", bound=Callable[..., Any])

RULES: tuple[str, ...] = RULES_TABLES  # every rules table: what a view reads through load_rules
ORG: tuple[str, ...] = ("people", "teams", "branches")  # what kam.store.people.read_org reads
# The audit trail's rows of the people and teams, read for their moves between teams and
# branches (kam.store.people.read_moves). Not a table to declare: the audit grows with every
# save anywhere, and a view keyed on it would be computed again after any edit. Its rows of a
# table are written by the save that writes that table, in the same transaction, so a view
# declaring people and teams is current with them too (tests/test_view_reads.py allows it).


def reads(*tables: str) -> Callable[[F], F]:
    """Declare the tables a view reads (its result is valid while none of them changes)."""

    def mark(fn: F) -> F:
        fn.reads = tuple(dict.fromkeys(tables))  # type: ignore[attr-defined]
        return fn

    return mark


def tables_read(view: Callable[..., Any]) -> tuple[str, ...]:
    """The tables ``view`` declared with :func:`reads`.

    :raises TypeError: a view that declared none cannot be cached safely.
    """
    try:
        return view.reads  # type: ignore[attr-defined]
    except AttributeError:
        raise TypeError(f"{view.__qualname__} declares no tables (use @reads)") from None


def signed(access: Access | None, *tables: str) -> Access:
    """The user a view loads for.

    :raises kam.store.access.AccessDenied: nobody is signed in, or their role cannot read
      one of ``tables`` (the tables the view cannot work without).
    """
    if access is None or not access.user:
        raise AccessDenied(None, None)
    access.require(*tables)
    return access


@dataclass(frozen=True)
class Metric:
    """A key figure as a card shows it (texts in the UI language; ``color`` of the delta)."""

    label: str
    value: str
    help: str | None = None
    delta: str | None = None
    color: str | None = None
