"""Bulk entry of targets as in a spreadsheet: cells pasted from Excel, or an Excel/CSV file
as a branch sends it, read into ONE change set of the ``targets`` table (domain.md R6).

Each line names an entity (by name or id), a period and an amount; a sheet row with
quarter or month columns (``Q1 .. Q4``, ``1月 .. 12月``) gives one target per filled cell.
A line whose target already exists updates its amount; a new one is inserted.
:func:`preview` types and checks every line with the grid editor's own validation
(:func:`kam.validate.convert`, :func:`kam.validate.validate_changes` and the ``targets``
invariants) and names every invalid row and column; the caller saves the change set with
:func:`kam.edit.save_change_set` only when there is no problem at all (and, after a
warning about amounts far below the current targets, a second confirmation).

Modules: :mod:`.sheet` reads files and finds the header (the header vocabulary, units,
total rows, formulas); :mod:`.names` finds entities and periods; :mod:`.reader` builds the
:class:`~kam.views.targets.entry.Preview` (:mod:`.entry`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kam.export import to_excel
from kam.i18n import translate
from kam.types import TableSpec
from kam.validate import is_missing
from kam.views.targets.entry import COLUMN_OF, FIELDS, MAX_LINES, SLIP_RATIO, Preview, Slip
from kam.views.targets.names import known_ids
from kam.views.targets.reader import Reader
from kam.views.targets.sheet import Column, Layout, find_header, read_file, read_text

__all__ = [
    "COLUMN_OF",
    "FIELDS",
    "MAX_LINES",
    "SLIP_RATIO",
    "Preview",
    "Slip",
    "excel_bytes",
    "known_ids",
    "preview",
    "read_file",
    "read_text",
    "template_frame",
]


def _positions(cells: list[list[Any]]) -> Layout | None:
    """Without a header: four columns are type, entity, period, amount; three are entity,
    period, amount."""
    width = max((sum(1 for c in r if not is_missing(c)) for r in cells), default=0)
    if width >= 4:
        names = ("entity_type", "entity", "period", "amount")
    elif width == 3:
        names = ("entity", "period", "amount")
    else:
        return None
    return Layout(-1, tuple(Column(i, n) for i, n in enumerate(names)))


def preview(
    cells: list[list[Any]],
    spec: TableSpec,
    loaded: pd.DataFrame,
    ents: pd.DataFrame,
    lang: str = "zh",
    year: int | None = None,
) -> Preview:
    """Read pasted or imported cells into a change set of ``targets`` and check every line.

    The header is looked for among the first rows (:func:`kam.views.targets.sheet.find_header`);
    rows above it are titles. Without one, four columns are type, entity, period, amount
    and three are entity, period, amount. The entity is a name or an id; without a type
    column the type follows from the name column (``姓名``: a person, ``部门``: a team) or
    from a name that only one kind of entity has. Blank rows and total rows (``合计``) are
    skipped with a note. An amount column's unit (``年度目标（万元）``) converts it to yuan.

    :param loaded: every target (the whole table), indexed by id.
    :param ents: :func:`kam.views.targets.tree.entities` of the organisation.
    :param year: the year of amount columns that name no year, where neither their header
      nor a title row does (the page's year).
    """
    reader = Reader(spec, loaded, ents, lang)
    layout = find_header(cells)
    if layout is None:
        layout = _positions(cells)
        if layout is None:
            if cells:
                reader.lines.add(1, "amount", "targets.bulk.columns")
            return reader.result()
    reader.read(cells, layout, year)
    return reader.result()


# --- the template (today's targets, to edit in Excel and import back) -----------------


def template_frame(tree: pd.DataFrame, ents: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Targets (e.g. one year's rows of :func:`kam.views.targets.tree.tree_frame`) as the bulk
    entry reads them back: type, entity (its name; its id where another entity of the
    type has the same name), period, amount, with the app's column names as headers.

    :param ents: :func:`kam.views.targets.tree.entities` of the organisation.
    """
    names = tree["entity_name"].astype(str) if len(tree) else pd.Series(dtype="object")
    kinds = tree["entity_type"].astype(str) if len(tree) else pd.Series(dtype="object")
    ids = pd.to_numeric(tree["entity_id"], errors="coerce") if len(tree) else pd.Series(dtype="float64")
    clash = ents.duplicated(["entity_type", "name"], keep=False)
    ambiguous = set(zip(ents.loc[clash, "entity_type"], ents.loc[clash, "name"], strict=True))
    entity = [
        str(int(i)) if (k, n) in ambiguous else ("" if k == "company" else n)
        for k, n, i in zip(kinds, names, ids, strict=True)
    ]
    return pd.DataFrame(
        {
            translate("col.entity_type", lang): [translate(f"targets.type.{k}", lang) for k in kinds],
            translate("targets.col.entity", lang): entity,
            translate("col.period", lang): tree["period"].astype(str).to_list() if len(tree) else [],
            translate("col.amount", lang): pd.to_numeric(tree["amount"], errors="coerce").astype("Int64").to_list()
            if len(tree)
            else [],
        }
    )


def excel_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """:func:`template` as an .xlsx file: periods stay text (Excel would turn "2026-10" into
    a date), amounts in whole yuan with separators."""
    return to_excel(frame, sheet, {frame.columns[2]: "text", frame.columns[3]: "money"})
