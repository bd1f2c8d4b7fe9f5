"""The one save path below the UI: validate -> the table's invariants -> write, in one
transaction, or nothing. The grid's Save, the targets import, the plan's buttons and every
later page (board moves, approvals, period closes) call :func:`save_change_set`; the UI
only collects edits, shows the result and patches its cache.

No Streamlit here: an import script or a test saves exactly as a page does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

import pandas as pd
import sqlite_utils

from kam.db import immediate
from kam.i18n import DEFAULT_LANG, plain, translate
from kam.invariants import has_checks, known_entities
from kam.store.frames import loaded_frame
from kam.store.people import entity_keys
from kam.store.refs import fk_keys as keys_of
from kam.store.refs import fk_options
from kam.store.save import DependentRowsError, IntegrityRefused, SaveResult, StaleRowError, save_changes
from kam.types import ChangeSet, Problem, RowKey, TableSpec
from kam.validate import validate_changes

Derive = Callable[[pd.DataFrame, ChangeSet], ChangeSet]


@contextlib.contextmanager
def _references(db: sqlite_utils.Database, spec: TableSpec) -> Iterator[None]:
    """What a table's invariants check beyond its own rows, read from the database for
    this save: the branches, teams and people a target may name."""
    if spec.table == "targets":
        with known_entities(entity_keys(db)):
            yield
    else:
        yield


def save_change_set(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    user: str,
    *,
    fk_keys: Mapping[str, Collection[RowKey]] | None = None,
    derive: Derive | None = None,
    lang: str = DEFAULT_LANG,
) -> tuple[SaveResult | None, list[Problem]]:
    """Validate ``changes`` (rows as ``loaded``) and save them in one audited,
    version-checked transaction.

    :param loaded: the rows as the user saw them, indexed by primary key (their versions).
    :param fk_keys: column -> the keys a foreign key may take (default, and what the app
      does: read inside the save's write lock).
    :param derive: (loaded, typed changes) -> the change set to save, e.g. with values that
      follow from the edited ones; it is validated again.
    :param lang: the language of messages built here (rows that others still reference).
    :returns: (the save's result, []) or (None, every problem); nothing is written then.
    """
    if not user:
        return None, [Problem(None, None, "grid.no_user")]
    try:
        # Checks and write under one write lock: nobody writes between them. The rows the
        # table's invariants see and the keys a foreign key may take are read now, inside
        # the lock (another user may have changed other rows since the page was drawn);
        # the rows the user touched are version-checked by the write itself.
        with immediate(db):
            keys = keys_of(fk_options(db, spec, lang)) if fk_keys is None else fk_keys
            current = loaded_frame(db, spec) if has_checks(spec.table) else loaded
            with _references(db, spec):
                typed, problems = validate_changes(spec, current, changes, keys)
                if derive is not None and not problems:
                    typed, problems = validate_changes(spec, current, derive(loaded, typed), keys)
            if problems:
                return None, problems
            result = save_changes(db, spec, typed, user)  # nests as a savepoint
    except StaleRowError as err:
        return None, [Problem(None, None, "grid.stale", (("rows", ", ".join(map(str, err.keys))),))]
    except DependentRowsError as err:
        return None, [
            Problem(None, None, "grid.text", (("text", dependents_text(k, found, lang)),))
            for k, found in err.dependents.items()
        ]
    except IntegrityRefused as err:
        return None, [Problem(None, None, "v.db", (("value", str(err)),))]
    return result, []


def dependents_text(row: RowKey, found: list[tuple[str, int]], lang: str = DEFAULT_LANG) -> str:
    """Why a row cannot be deleted: how many rows of which tables still refer to it."""
    deps = "; ".join(
        translate("grid.dependent_rows", lang, table=translate(f"table.{tab}", lang), n=n) for tab, n in found
    )
    return translate("grid.dependents", lang, row=row, deps=deps)


def problem_text(
    spec: TableSpec, p: Problem, names: Mapping[RowKey, Any] | None = None, lang: str = DEFAULT_LANG
) -> str:
    """``row <key>, column <label>: <reason>`` in ``lang``; ``names`` (row key -> the row's
    :attr:`TableSpec.row_label` value) adds what the row is, e.g. a year."""
    reason = translate(p.reason, lang, **dict(p.params))
    row: Any = p.row
    if isinstance(row, int) and row < 0:
        row = translate("grid.new_row", lang)
    name = (names or {}).get(p.row)
    if name is not None and not (isinstance(name, float) and pd.isna(name)) and str(name) != str(row):
        row = translate("grid.row_named", lang, row=row, name=name)
    if p.column is None:
        return reason if p.row is None or p.reason.startswith("grid.") else f"{row}: {reason}"
    known = any(c.name == p.column for c in spec.columns)
    label = translate(spec.column(p.column).label_key, lang) if known else p.column
    if p.row is None:
        return translate("grid.problem_table", lang, column=label, reason=reason)
    return translate("grid.problem", lang, row=row, column=label, reason=reason)


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


def problems_text(spec: TableSpec, loaded: pd.DataFrame, changes: ChangeSet, problems: list[Problem], lang: str) -> str:
    """Every problem of a refused save as Markdown list lines (user text made inert)."""
    names = row_names(spec, loaded, changes, {p.row for p in problems if p.row is not None})
    return "\n".join(f"- {plain(problem_text(spec, p, names, lang))}" for p in problems)
