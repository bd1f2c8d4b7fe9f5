"""What a bulk entry of targets would do (domain.md R6): :class:`Preview`, the rows it names,
the change set, every problem by sheet row and column, the notes and the unit-slip warning.
Built by :mod:`kam.views.targets.reader`; see :mod:`kam.views.targets.bulk`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kam.i18n import translate
from kam.types import ChangeSet, Problem
from kam.validate import is_missing

FIELDS: tuple[str, ...] = ("entity_type", "entity", "period", "amount")
# Which grid column a field's problems are reported on when the cells have no header.
COLUMN_OF = {"entity_type": "entity_type", "entity": "entity_id", "period": "period", "amount": "amount"}
MAX_LINES = 5_000
# The unit-slip warning. Choice: a new amount above 0 but under 1/1000 of the current target
# of the same entity and period is taken for a unit slip (万 written in a yuan column is
# 1/10,000); a real cut to a tenth or a hundredth is not flagged, a zero neither (clearing).
SLIP_RATIO = 1_000
DASH = "—"
ROW_COLUMNS = ["line", *FIELDS, "yuan", "type", "name", "current", "action"]


@dataclass(frozen=True)
class Slip:
    """An amount far below the current target of the same entity and period."""

    line: int
    column: str
    name: str
    period: str
    amount: int
    current: int


@dataclass
class Preview:
    """What a bulk entry would do.

    :param rows: one row per target the entry names: ``line`` (the sheet's row number),
      the four fields as written, ``yuan`` (the amount in yuan), ``type`` and ``name``
      (the entity found), ``current`` (its amount now),
      ``action`` (``new``, ``update``, ``same`` or ``refused``), ``problems`` (how many).
    :param changes: the typed change set to save (only when there is no problem).
    :param problems: every problem: row = the sheet's row number, column = the sheet's
      header as written (without a header row: a ``targets`` column).
    :param invalid: row number -> the fields at fault; ``marks``: the same per preview row.
    :param notes: (translation key, params): rows skipped and why, units, the year read.
    :param slips: amounts that look like a unit slip; saving them needs a second confirmation.
    """

    rows: pd.DataFrame
    changes: ChangeSet
    problems: list[Problem] = field(default_factory=list)
    invalid: dict[int, set[str]] = field(default_factory=dict)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    marks: dict[int, set[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.changes.empty

    def note_texts(self, lang: str) -> list[str]:
        return [translate(key, lang, **params) for key, params in self.notes]

    def slip_texts(self, lang: str) -> list[str]:
        return [
            translate(
                "targets.bulk.slip_line",
                lang,
                line=s.line,
                column=s.column,
                name=s.name,
                period=s.period,
                amount=f"{s.amount:,}",
                current=f"{s.current:,}",
            )
            for s in self.slips
        ]

    def table(self, lang: str) -> pd.DataFrame:
        """The rows as the preview shows them: text only, ``—`` where a value is missing,
        types and actions in ``lang``, yuan with thousands separators."""
        r = self.rows

        def text(values: pd.Series) -> list[str]:
            return [DASH if is_missing(v) else str(v) for v in values]

        def yuan(values: pd.Series) -> list[str]:
            return [DASH if is_missing(v) else f"{int(v):,}" for v in values]

        kinds = [
            translate(f"targets.type.{k}", lang) if not is_missing(k) else (DASH if is_missing(g) else str(g))
            for k, g in zip(r["type"], r["entity_type"], strict=True)
        ]
        return pd.DataFrame(
            {
                "line": r["line"].astype(int).to_list(),
                "entity_type": kinds,
                "entity": text(r["entity"]),
                "name": [DASH if not n else str(n) for n in r["name"]],
                "period": text(r["period"]),
                "amount": text(r["amount"]),
                "yuan": yuan(r["yuan"]),
                "current": yuan(r["current"]),
                "action": [translate(f"targets.bulk.action.{a}", lang) for a in r["action"]],
            }
        )


class Lines:
    """Problems collected per sheet row, and the preview rows they mark."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.invalid: dict[int, set[str]] = {}
        self.marks: dict[int, set[str]] = {}

    def add(self, at: int, fld: str, reason: str, /, label: str | None = None, pos: Any = None, **params: Any) -> None:
        self.problems.append(Problem(at, label or COLUMN_OF[fld], reason, tuple(params.items())))
        self.invalid.setdefault(at, set()).add(fld)
        for p in pos if isinstance(pos, list | tuple | range) else ([] if pos is None else [pos]):
            self.marks.setdefault(p, set()).add(fld)
