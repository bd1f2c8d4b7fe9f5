"""A targets sheet as a branch sends it (domain.md R6): the cells of an Excel/CSV file or of
pasted text, and which row is the header and what each column means.

The header vocabulary is data, in one place: :mod:`kam.views.targets.vocabulary`. A header
is read as ``[year] words [(unit)]``: ``年度目标（万元）``, ``2026年Q1``, ``Amount (yuan)``;
brackets full-width or ASCII.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kam.i18n import LANGS, translate
from kam.validate import is_missing
from kam.views.targets.vocabulary import (
    AMOUNT_FIELDS,
    HEADER_SCAN,
    HEADER_WORDS,
    IDENTITY_FIELDS,
    MONTH_WORDS,
    OWN_LABELS,
    PART_SUFFIXES,
    QUARTER_WORDS,
    TOTAL_WORDS,
    TOTAL_WORDS_EN,
    UNITS,
)


def norm(text: object) -> str:
    """A header or word as compared: full-width folded (NFKC), lower case, no spaces, ``_`` or ``-``."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s_\-]+", "", s).rstrip(":")


@functools.cache
def _words() -> dict[str, tuple[str, int | None]]:
    """Normalized word -> (field, quarter or month number)."""
    out: dict[str, tuple[str, int | None]] = {}
    for q, words in QUARTER_WORDS.items():
        out.update({norm(w): ("quarter", q) for w in words})
    for m, words in MONTH_WORDS.items():
        out.update({norm(w): ("month", m) for w in words})
    for fld, words in HEADER_WORDS.items():
        out.update({norm(w): (fld, None) for w in words})
    return out


@functools.cache
def _own_labels() -> dict[str, str]:
    return {norm(translate(k, lang)): fld for fld, keys in OWN_LABELS.items() for k in keys for lang in LANGS}


def unit_of(text: str) -> int | None:
    """Yuan per unit of a unit as written (``万元``, ``单位：万``, ``10k yuan``), or None."""
    key = norm(text)
    key = re.sub(r"^(单位|unit|units|in)[:：]?", "", key)
    return UNITS.get(key)


# --- columns and the header -----------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    :param field: ``entity_type``, ``entity``, ``person``, ``team``, ``branch``, ``period``,
      ``amount`` (the period's or the year's), ``quarter`` or ``month``.
    :param label: the header as written (None without a header row).
    :param part: the quarter (1-4) or month (1-12).
    :param year: a year written in the header (``2026年Q1``).
    :param unit: yuan per unit stated in the header; None when none is stated.
    :param unit_text: the unit as written, also when it is not understood.
    """

    index: int
    field: str
    label: str | None = None
    part: int | None = None
    year: int | None = None
    unit: int | None = None
    unit_text: str | None = None

    @property
    def is_amount(self) -> bool:
        return self.field in AMOUNT_FIELDS


_UNIT_RE = re.compile(r"^(.*?)[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]$")
_YEAR_RE = re.compile(r"^((?:19|20)\d{2})(?:年度|年|/)?(.+)$")


def classify(text: object, index: int = 0) -> Column | None:
    """What a header cell means, or None for a header we do not know."""
    if is_missing(text) or isinstance(text, int | float):
        return None
    label = str(text).strip()
    key = norm(label)
    own = _own_labels().get(key)
    if own is not None and own not in AMOUNT_FIELDS:
        return Column(index, own, label)
    base, unit_text = key, None
    m = _UNIT_RE.match(key)
    if m:
        base, unit_text = m.group(1), m.group(2)
    year = None
    y = _YEAR_RE.match(base)
    if y:
        year, base = int(y.group(1)), y.group(2)
    hit = _words().get(base) or _part(base)
    if hit is None and own is None:
        return None
    fld, part = hit if hit is not None else (own, None)
    if fld not in AMOUNT_FIELDS:
        return Column(index, fld, label, year=year)
    unit = unit_of(unit_text) if unit_text is not None else None
    return Column(index, fld, label, part, year, unit, unit_text)


def _part(base: str) -> tuple[str, int | None] | None:
    for suffix in PART_SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            hit = _words().get(base[: -len(suffix)])
            if hit is not None and hit[0] in ("quarter", "month"):
                return hit
    return None


def _numeric(value: Any) -> bool:
    if isinstance(value, int | float):
        return True
    return bool(re.fullmatch(r"[-+]?[\d,，.\s]+", str(value).strip()))


@dataclass(frozen=True)
class Layout:
    """Where a sheet's header is and what its columns mean.

    :param header: the header's index in the cells (0-based; the sheet's row is one more).
    :param columns: the columns understood, first of each field (quarter, month) only.
    :param ignored: headers not understood, or repeating one already read.
    :param title_year, title_unit: a year and a unit (``单位：万元``) found in the rows above the header.
    """

    header: int
    columns: tuple[Column, ...]
    ignored: tuple[str, ...] = ()
    title_year: int | None = None
    title_unit: tuple[int, str] | None = None

    def first(self, fld: str) -> Column | None:
        return next((c for c in self.columns if c.field == fld), None)

    @property
    def amounts(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_amount)


def find_header(cells: Sequence[Sequence[Any]], scan: int = HEADER_SCAN) -> Layout | None:
    """The first of the first ``scan`` rows that reads as a header: text only (no numbers),
    at least one column naming the entity and one holding amounts. Rows above it are titles
    (merged or not); a year and a unit written in them apply to the sheet."""
    for at, row in enumerate(cells[:scan]):
        filled = [(i, v) for i, v in enumerate(row) if not is_missing(v)]
        if len(filled) < 2 or any(_numeric(v) for _, v in filled):
            continue
        found = [(i, v, classify(v, i)) for i, v in filled]
        fields = {c.field for _, _, c in found if c is not None}
        if not fields & set(IDENTITY_FIELDS) or not fields & set(AMOUNT_FIELDS):
            continue
        columns: list[Column] = []
        ignored: list[str] = []
        seen: set[tuple[str, int | None]] = set()
        for _, v, c in found:
            if c is None or (c.field, c.part) in seen:
                ignored.append(str(v).strip())
                continue
            seen.add((c.field, c.part))
            columns.append(c)
        year, unit = _title(cells[:at])
        return Layout(at, tuple(columns), tuple(ignored), year, unit)
    return None


def _title(rows: Iterable[Sequence[Any]]) -> tuple[int | None, tuple[int, str] | None]:
    """A year (``2026年度销售目标分解``) and a unit (``单位：万元``) in the title rows."""
    year = unit = None
    for row in rows:
        for v in row:
            if is_missing(v):
                continue
            text = unicodedata.normalize("NFKC", str(v))
            y = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
            if y and year is None:
                year = int(y.group(1))
            u = re.search(r"(?:单位|unit[s]?)\s*[:：]?\s*([^\s,;)\]】]+)", text, re.IGNORECASE)
            if u and unit is None and unit_of(u.group(1)) is not None:
                unit = (unit_of(u.group(1)) or 1, u.group(1))
    return year, unit


def total_word(value: Any) -> str | None:
    """The total word a text cell holds (``合计``, ``Total``), or None."""
    if is_missing(value) or isinstance(value, int | float):
        return None
    key = norm(value).strip(":：")
    for w in TOTAL_WORDS:
        if key.startswith(w) or key.endswith(w):
            return str(value).strip()
    if key in TOTAL_WORDS_EN or any(key.startswith(w) for w in TOTAL_WORDS_EN[:3]):
        return str(value).strip()
    return None


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class NoStoredValue:
    """A formula cell of a file that holds no computed value for it: the file was written
    by a script (openpyxl, pandas ...), not saved by Excel or WPS, which store one."""

    formula: str

    def __str__(self) -> str:
        return self.formula


def read_text(text: str) -> list[list[Any]]:
    """Cells of pasted text: tab-separated (as Excel copies), else comma-separated.

    Choice: without tabs or commas, runs of whitespace separate the cells.
    """
    if "\t" in text:
        return list(csv.reader(io.StringIO(text), delimiter="\t"))
    if "," in text or "，" in text:
        return list(csv.reader(io.StringIO(text.replace("，", ",")), delimiter=","))
    return [line.split() for line in text.splitlines()]


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-16 (with its BOM, Excel's "Unicode text"), else UTF-8 (with or
    without BOM), else GB18030 (which Excel and WPS write on Chinese Windows).

    :raises ValueError: when it is none of them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("not UTF-8 or GB18030 text")


def read_file(name: str, data: bytes) -> list[list[Any]]:
    """Cells of an uploaded ``.xlsx`` (first sheet) or ``.csv`` file.

    A formula cell reads as the value the file stores for it (what Excel or WPS computed
    when saving), or as :class:`NoStoredValue` when the file holds none.

    :raises ValueError: for another kind of file or one that cannot be read.
    """
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if lower.endswith((".csv", ".txt", ".tsv")):
        return read_text(decode(data))
    raise ValueError(f"not an .xlsx or .csv file: {name}")


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        values = _sheet_rows(load_workbook(io.BytesIO(data), read_only=True, data_only=True))
        formulas = _sheet_rows(load_workbook(io.BytesIO(data), read_only=True, data_only=False))
    except Exception as err:  # openpyxl raises many kinds for a file it cannot read
        raise ValueError(str(err)) from err
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is None and r < len(formulas) and c < len(formulas[r]):
                formula = formulas[r][c]
                text = getattr(formula, "text", formula)  # an array formula is an object
                if isinstance(text, str) and text.startswith("="):
                    row[c] = NoStoredValue(text)
    return values


def _sheet_rows(book: Any) -> list[list[Any]]:
    try:
        sheet = book.worksheets[0]
        if sheet.max_row is None or sheet.max_column in (None, 1):
            sheet.reset_dimensions()  # some writers store no (or a wrong) sheet size
        return [list(r) for r in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
    finally:
        book.close()
