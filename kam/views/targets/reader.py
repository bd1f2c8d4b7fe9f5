"""Reading the cells of a bulk entry into a :class:`kam.views.targets.entry.Preview`
(domain.md R6): sheet rows to targets, amounts to yuan, entities by name or id, every
problem by sheet row and column, then the grid editor's own validation."""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd

from kam.i18n import translate
from kam.invariants import known_entities
from kam.types import ChangeSet, ColumnSpec, RowKey, TableSpec
from kam.validate import Invalid, convert, is_missing, validate_changes
from kam.views.targets.entry import COLUMN_OF, MAX_LINES, ROW_COLUMNS, SLIP_RATIO, Lines, Preview, Slip
from kam.views.targets.names import entity_of, known_ids, period_of
from kam.views.targets.sheet import Column, Layout, NoStoredValue, total_word
from kam.views.targets.vocabulary import NAME_FIELDS

log = logging.getLogger(__name__)

# The largest integer SQLite stores: an amount above it is refused whatever the column's bounds.
_SQLITE_MAX = 2**63 - 1
_NUMBER = ColumnSpec("amount", "number")

_CELL_FIELD = {"entity_type": "entity_type", "entity": "entity", "person": "entity", "team": "entity"}
_CELL_FIELD |= {"branch": "entity", "period": "period", "amount": "amount", "quarter": "amount", "month": "amount"}


def _rows_text(rows: list[int]) -> str:
    return ", ".join(map(str, rows))


class Reader:
    """One pass over the body of a sheet: preview rows, the change set, problems and notes."""

    def __init__(self, spec: TableSpec, loaded: pd.DataFrame, ents: pd.DataFrame, lang: str) -> None:
        self.spec, self.loaded, self.ents, self.lang = spec, loaded, ents, lang
        self.amount = spec.column("amount")
        self.lines = Lines()
        self.rows: list[dict[str, Any]] = []
        self.changes = ChangeSet()
        self.notes: list[tuple[str, dict[str, Any]]] = []
        self.slips: list[Slip] = []
        # change key -> (preview row, sheet row, field -> the header it came from)
        self.keys: dict[RowKey, tuple[int, int, dict[str, str | None]]] = {}
        self.existing = _existing(loaded)
        self.seen: dict[tuple[str, int | None, str], int] = {}
        self.rounded: list[int] = []

    def note(self, key: str, **params: Any) -> None:
        self.notes.append((key, params))

    def sep(self) -> str:
        return translate("targets.or", self.lang)

    # -- the sheet as a whole ---------------------------------------------------------

    def read(self, cells: list[list[Any]], layout: Layout, year: int | None) -> None:
        header = layout.header + 1  # the header's row number; 0 without one
        if layout.header > 0:
            self.note("targets.bulk.note.header", row=header, rows=_rows_text(list(range(1, header))))
        if layout.ignored:
            self.note("targets.bulk.note.ignored", columns=self.sep().join(layout.ignored))
        units = self._units(layout, header)
        years = self._years(layout, header, year)
        if units is None or years is None:
            return
        if layout.first("entity_type") is None and layout.first("entity") is None:
            self.note("targets.bulk.note.inferred", columns=self.sep().join(self._names(layout)))
        body = cells[layout.header + 1 :]
        if len(body) > MAX_LINES:
            self.lines.add(header + 1, "amount", "targets.bulk.too_many", max=f"{MAX_LINES:,}")
            return
        amount_at = {c.index for c in layout.amounts}
        pending: list[int] = []  # blank rows count only when a row follows them
        for n, raw in enumerate(body, start=layout.header + 2):
            if all(is_missing(v) for v in raw):
                pending.append(n)
                continue
            if pending:  # noted here, so that the notes follow the sheet's row order
                self.note("targets.bulk.note.blank", rows=_rows_text(pending))
                pending = []
            total = next((w for i, v in enumerate(raw) if i not in amount_at and (w := total_word(v))), None)
            if total is not None:
                self.note("targets.bulk.note.total", row=n, value=total)
                continue
            self._row(n, raw, layout, units, years)
        if self.rounded:
            self.note("targets.bulk.note.rounded", rows=_rows_text(sorted(set(self.rounded))))
        self._check()

    def _names(self, layout: Layout) -> list[str]:
        return [
            f"{c.label} → {translate(f'targets.type.{c.field}', self.lang)}"
            for c in layout.columns
            if c.field in NAME_FIELDS and c.label
        ]

    def _units(self, layout: Layout, header: int) -> dict[int, int] | None:
        """Yuan per unit of each amount column: its own unit, else the title's (``单位：万元``),
        else the one unit the other amount columns state, else yuan."""
        amounts = layout.amounts
        bad = [c for c in amounts if c.unit_text is not None and c.unit is None]
        for c in bad:
            self.lines.add(header, "amount", "targets.bulk.bad_unit", label=c.label, unit=c.unit_text)
        stated = {c.unit: c.unit_text for c in amounts if c.unit is not None}
        default, default_text = 1, None
        if layout.title_unit is not None:
            default, default_text = layout.title_unit
        elif len(stated) == 1:
            default, default_text = next(iter(stated.items()))
        elif len(stated) > 1:
            for c in amounts:
                if c.unit is None and c.unit_text is None:
                    self.lines.add(header, "amount", "targets.bulk.unit_unclear", label=c.label)
                    bad.append(c)
        if bad:
            return None
        units = {c.index: c.unit if c.unit is not None else default for c in amounts}
        for factor in sorted(set(units.values()) - {1}):
            cols = [str(c.label) for c in amounts if units[c.index] == factor]
            text = stated.get(factor) or default_text
            self.note("targets.bulk.note.unit", columns=self.sep().join(cols), unit=text, factor=f"{factor:,}")
        return units

    def _years(self, layout: Layout, header: int, year: int | None) -> dict[int, int] | None:
        """The year of each amount column that needs one (quarters, months, and the year's
        amount without a period column): its header's, else the title's, else the page's."""
        period = layout.first("period")
        needs = [c for c in layout.amounts if c.field != "amount" or period is None]
        out: dict[int, int] = {}
        sources: set[str] = set()
        for c in needs:
            if c.year is not None:
                out[c.index] = c.year
            elif layout.title_year is not None:
                out[c.index] = layout.title_year
                sources.add("title")
            elif year is not None:
                out[c.index] = year
                sources.add("page")
            else:
                self.lines.add(header, "period", "targets.bulk.no_year", label=c.label)
        if len(out) < len(needs):
            return None
        for source in sorted(sources, reverse=True):
            self.note(f"targets.bulk.note.year_{source}", year=layout.title_year if source == "title" else year)
        return out

    # -- one sheet row ----------------------------------------------------------------

    def _row(self, n: int, raw: list[Any], layout: Layout, units: dict[int, int], years: dict[int, int]) -> None:
        def cell(c: Column | None) -> Any:
            return raw[c.index] if c is not None and c.index < len(raw) else None

        period_col = layout.first("period")
        wide = len(layout.amounts) > 1  # quarter or month columns: a blank cell sets nothing
        todo: list[tuple[Column, Any, Any]] = []
        for c in layout.amounts:
            value = cell(c)
            if wide and is_missing(value):
                continue
            if c.field == "quarter":
                period: Any = f"{years[c.index]}-Q{c.part}"
            elif c.field == "month":
                period = f"{years[c.index]}-{c.part:02d}"
            elif period_col is not None:
                period = cell(period_col)
                period = period if isinstance(period, NoStoredValue) else period_of(period)
            else:
                period = str(years[c.index])
            todo.append((c, period, value))
        if not todo:
            self.note("targets.bulk.note.empty", row=n)
            return
        type_col, entity_col = layout.first("entity_type"), layout.first("entity")
        context: dict[str, Any] = {}
        if type_col is not None or entity_col is not None:
            raw_type, raw_entity = cell(type_col), cell(entity_col)
            written_type: Any = raw_type
        else:  # the name column says the type: a person's name, else a team's, else a branch's
            entity_col = next(
                (c for f in NAME_FIELDS if (c := layout.first(f)) is not None and not is_missing(cell(c))),
                next(c for f in NAME_FIELDS if (c := layout.first(f)) is not None),
            )
            raw_type, raw_entity, written_type = entity_col.field, cell(entity_col), None
            context = {f: cell(layout.first(f)) for f in ("team", "branch") if f != entity_col.field}
        labels = {
            "entity_type": type_col.label if type_col is not None else None,
            "entity": entity_col.label if entity_col is not None else None,
        }
        start = len(self.rows)
        for _, period, value in todo:
            self.rows.append(
                {
                    "line": n,
                    "entity_type": _shown(written_type),
                    "entity": _shown(raw_entity),
                    "period": _shown(period),
                    "amount": _shown(value),
                    "yuan": None,
                    "type": None,
                    "name": "",
                    "current": None,
                    "action": "refused",
                }
            )
        every = range(start, len(self.rows))
        bad = False
        for c in (type_col, entity_col):
            if c is not None and isinstance(cell(c), NoStoredValue):
                fld = _CELL_FIELD[c.field]
                self.lines.add(n, fld, "targets.bulk.no_value", label=c.label, pos=every, formula=str(cell(c)))
                bad = True
        if bad:
            return
        entity_type, entity_id, name, fault = entity_of(raw_type, raw_entity, self.ents, self.lang, context)
        if fault is not None:
            fld, reason, params = fault
            self.lines.add(n, fld, reason, label=labels[fld], pos=every, **params)
            return
        for pos, (c, period, value) in zip(every, todo, strict=True):
            self._cell(n, pos, c, period, value, units[c.index], entity_type, entity_id, name, labels, period_col)

    def _cell(
        self,
        n: int,
        pos: int,
        c: Column,
        period: Any,
        value: Any,
        unit: int,
        entity_type: str | None,
        entity_id: int | None,
        name: str,
        labels: dict[str, str | None],
        period_col: Column | None,
    ) -> None:
        row = self.rows[pos]
        row["type"], row["name"] = entity_type, name
        period_label = period_col.label if c.field == "amount" and period_col is not None else c.label
        here = {**labels, "period": period_label, "amount": c.label}
        if isinstance(period, NoStoredValue):
            self.lines.add(n, "period", "targets.bulk.no_value", label=period_label, pos=pos, formula=str(period))
            return
        if period is None:
            self.lines.add(n, "period", "v.required", label=period_label, pos=pos)
            return
        if entity_type is None:
            return
        who = (entity_type, entity_id, str(period))
        if who in self.seen:
            self.lines.add(n, "period", "targets.bulk.repeated", label=period_label, pos=pos, line=self.seen[who])
            return
        self.seen[who] = n
        if isinstance(value, NoStoredValue):
            self.lines.add(n, "amount", "targets.bulk.no_value", label=c.label, pos=pos, formula=str(value))
            return
        try:
            amount = self._yuan(n, value, unit)
        except Invalid as bad:
            self.lines.add(n, "amount", bad.reason, label=c.label, pos=pos, **dict(bad.params))
            return
        row["yuan"] = amount
        # Choice: a line for an existing target updates its amount (the same amount is left
        # alone); any other line adds a target.
        if who in self.existing:
            tid, old, version = self.existing[who]
            row["current"] = old
            if not is_missing(old) and int(old) == amount:
                row["action"] = "same"
                return
            self.changes.updates[tid] = {"amount": amount}
            self.changes.versions[tid] = version
            self.keys[tid] = (pos, n, here)
            row["action"] = "update"
        else:
            key = -(pos + 1)
            self.changes.inserts[key] = {
                "entity_type": entity_type,
                "entity_id": entity_id,
                "period": period,
                "amount": amount,
            }
            self.keys[key] = (pos, n, here)
            row["action"] = "new"

    def _yuan(self, n: int, value: Any, unit: int) -> int | None:
        """An amount cell in whole yuan, checked as the grid checks it (:func:`kam.validate.convert`).

        Choice: an amount in a larger unit (万元) is rounded half up to the yuan (noted).
        :raises Invalid: with the reason, for anything that is not a valid amount.
        """
        try:
            if unit == 1:
                out = convert(self.amount, value)
            elif is_missing(value):
                out = convert(self.amount, None)
            else:
                number = Decimal(repr(float(convert(_NUMBER, value)))) * unit
                whole = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
                if whole != number:
                    self.rounded.append(n)
                out = convert(self.amount, int(whole))
        except Invalid:
            raise
        except (ArithmeticError, InvalidOperation, ValueError, TypeError):
            raise Invalid("v.not_number", value=value) from None
        if out is not None and abs(out) > _SQLITE_MAX:
            raise Invalid("targets.bulk.too_large")
        return out

    # -- the whole entry --------------------------------------------------------------

    def _check(self) -> None:
        """The grid editor's validation and the ``targets`` invariants over the change set,
        then the unit-slip warning."""
        if self.changes.empty:
            return
        try:
            with known_entities(known_ids(self.ents)):
                typed, found = validate_changes(self.spec, self.loaded, self.changes, {})
        except Exception:  # anything unexpected refuses the entry, it never crashes the page
            log.exception("bulk entry: checking the change set failed")
            for pos, n, here in self.keys.values():
                self.lines.add(n, "amount", "targets.bulk.unchecked", label=here["amount"], pos=pos)
            return
        reverse = {c: f for f, c in COLUMN_OF.items()}
        for p in found:
            hit = self.keys.get(p.row) if p.row is not None else None
            if hit is None:
                continue  # a problem of a row the entry did not touch is the grid's to show
            pos, n, here = hit
            fld = reverse.get(p.column or "", "amount")
            self.lines.add(n, fld, p.reason, label=here.get(fld), pos=pos, **dict(p.params))
        self.changes = typed
        for key, values in typed.updates.items():
            pos, n, here = self.keys[key]
            new, current = values.get("amount"), self.rows[pos]["current"]
            if isinstance(new, int) and new > 0 and not is_missing(current) and new * SLIP_RATIO < current:
                column = here["amount"] or translate("col.amount", self.lang)
                row = self.rows[pos]
                self.slips.append(Slip(n, column, row["name"], str(row["period"]), new, int(current)))

    def result(self) -> Preview:
        frame = pd.DataFrame(self.rows, columns=ROW_COLUMNS)
        for col in ("current", "yuan"):
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
        frame["problems"] = [len(self.lines.marks.get(i, ())) for i in range(len(frame))]
        frame["problems"] = frame["problems"].astype(int)
        frame.loc[frame["problems"] > 0, "action"] = "refused"
        problems = sorted(self.lines.problems, key=lambda p: p.row)  # type: ignore[arg-type, return-value]
        changes = self.changes if not problems else ChangeSet()
        slips = self.slips if not problems else []
        return Preview(frame, changes, problems, self.lines.invalid, self.notes, slips, self.lines.marks)


def _shown(value: Any) -> str | None:
    """A cell as the preview shows what was written (None when blank)."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _existing(loaded: pd.DataFrame) -> dict[tuple[str, int | None, str], tuple[RowKey, Any, int]]:
    out = {}
    for tid, t, i, p, a, v in zip(
        loaded.index,
        loaded["entity_type"],
        loaded["entity_id"],
        loaded["period"],
        loaded["amount"],
        loaded["version"],
        strict=True,
    ):
        out[(str(t), None if is_missing(i) else int(i), str(p))] = (tid, a, int(v))
    return out
