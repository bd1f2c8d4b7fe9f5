"""What each page computes, without Streamlit: one module (or package) per page.

A view is a function ``load(db, **inputs) -> Model``: it reads through :mod:`kam.store`,
scores with :mod:`kam.rules` and returns a frozen dataclass, the page's model, that the
page only draws and tests read directly. It declares the tables it reads with
:func:`reads`, so that :func:`kam.ui.cache.cached` can keep its result until one of
those tables is written (their write counters) or an input changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from kam.store.rules import RULES_TABLES

F = TypeVar("F", bound=Callable[..., Any])

RULES: tuple[str, ...] = RULES_TABLES  # every rules table: what a view reads through load_rules


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


@dataclass(frozen=True)
class Metric:
    """A key figure as a card shows it (texts in the UI language; ``color`` of the delta)."""

    label: str
    value: str
    help: str | None = None
    delta: str | None = None
    color: str | None = None
