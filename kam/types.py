"""Frozen dataclasses shared by store, validation and ui (standard library only)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["int", "money", "number", "rate", "text", "date", "enum", "fk", "bool", "rating"]
RowKey = int | str

# The marker with which streamlit-aggrid turns a string into code in the browser
# (see ../shared/grid-notes.md). No text field may hold it.
JSCODE_MARKER = "::JSCODE::"

# r7_stages codes that code names (stable codes of fixed rows, not thresholds): the one
# definition, for the rules, the store and the demo data alike.
WON = "won"  # a won order; its won date is close_date
LOST = "lost"
STUCK = "stuck"  # a stuck order: its analysis is due within r7_stuck_analysis_days of stuck_since
CLOSED_STAGES: tuple[str, ...] = (WON, LOST)  # every other stage is open


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an editable table.

    :param name: column name in SQLite.
    :param kind: how it is typed, shown and validated.
    :param label: translation key of the header (default: ``col.<name>``).
    :param required: a value must be present (NULL refused).
    :param minimum, maximum: inclusive range for numbers.
    :param choices: allowed values for ``enum``.
    :param fk_table, fk_label: for ``fk``: referenced table and the column shown.
    :param editable: False for read-only and computed columns.
    :param hidden: loaded and saved but not shown in the grid (a fixed row's code: its
      labels name it for people).
    :param row_kind: for a number column whose unit depends on the row (a rules
      parameter's value is money on one row, months on another): row -> the kind it is
      shown as (``money``, ``rate``, ``int`` or ``number``).
    """

    name: str
    kind: Kind
    label: str | None = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    fk_table: str | None = None
    fk_label: str | None = None
    editable: bool = True
    width: int | None = None
    unique: bool = False
    hidden: bool = False
    row_kind: Callable[[Mapping[str, Any]], str] | None = None

    @property
    def label_key(self) -> str:
        return self.label or f"col.{self.name}"


@dataclass(frozen=True)
class TableSpec:
    """An editable table: its key, columns and what may be done with its rows.

    :param fixed_rows: rows are structural codes that code refers to: no add, no delete.
    :param protected: keys of rows that may be edited but never deleted.
    :param label_column: the column that names a row for people, shown beside the key in
      messages (default: ``name`` when the table has it; an id alone means little).
    """

    table: str
    pk: str
    columns: tuple[ColumnSpec, ...]
    title: str | None = None
    fixed_rows: bool = False
    protected: frozenset[RowKey] = frozenset()
    order_by: tuple[str, ...] = ()
    label_column: str | None = None

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def editable_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.editable)

    @property
    def row_label(self) -> str | None:
        """The column naming a row in messages, if any (not the key itself)."""
        names = {c.name for c in self.columns}
        name = self.label_column or ("name" if "name" in names else None)
        return name if name in names and name != self.pk else None

    @property
    def pk_is_generated(self) -> bool:
        """Integer ids are assigned by SQLite; text codes are typed by the user."""
        return self.pk == "id"


@dataclass(frozen=True)
class Problem:
    """One reason a save is refused: ``row <key>, column <label>: <reason>``.

    :param reason: translation key; ``params`` fill its placeholders.
    """

    row: RowKey | None
    column: str | None
    reason: str
    params: tuple[tuple[str, Any], ...] = ()


@dataclass
class ChangeSet:
    """What the user changed since loading: only these rows are validated and written.

    ``updates``: key -> {column: raw value}; ``versions``: key -> version as loaded;
    ``inserts``: temporary key (negative int) -> {column: raw value}; ``deletes``: keys.
    """

    updates: dict[RowKey, dict[str, Any]] = field(default_factory=dict)
    versions: dict[RowKey, int] = field(default_factory=dict)
    inserts: dict[int, dict[str, Any]] = field(default_factory=dict)
    deletes: dict[RowKey, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.updates or self.inserts or self.deletes)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.updates.values()) + len(self.inserts) + len(self.deletes)
