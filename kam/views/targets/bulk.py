"""Bulk entry of targets as in a spreadsheet: cells pasted from Excel, or an Excel/CSV file,
read into ONE change set of the ``targets`` table (domain.md R6).

Each line names an entity (by name or id), a period and an amount. A line whose target
already exists updates its amount; a new one is inserted. :func:`preview` types and
checks every line with the grid editor's own validation (:func:`kam.validate.validate_changes`
and the ``targets`` invariants) and names every invalid line and column; the caller saves
the change set with :func:`kam.edit.save_change_set` only when there is no problem at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kam.i18n import translate
from kam.invariants import known_entities
from kam.types import ChangeSet, Problem, RowKey, TableSpec
from kam.validate import is_missing, validate_changes
from kam.views.targets.tree import ENTITY_TYPES

FIELDS: tuple[str, ...] = ("entity_type", "entity", "period", "amount")
# Which grid column a field's problems are reported on.
COLUMN_OF = {"entity_type": "entity_type", "entity": "entity_id", "period": "period", "amount": "amount"}
MAX_LINES = 5_000

_HEADERS = {
    "entity_type": {"entity_type", "type", "entitytype", "对象类型", "类型", "层级", "level"},
    "entity": {"entity", "entity_id", "entityid", "name", "id", "对象", "名称", "对象名称", "对象编号", "编号", "姓名"},
    "period": {"period", "期间", "周期"},
    "amount": {"amount", "target", "amount(yuan)", "金额", "目标", "目标金额", "金额(元)", "目标(元)", "目标金额(元)"},
}
_TYPES = {
    "company": "company",
    "公司": "company",
    "全公司": "company",
    "branch": "branch",
    "分公司": "branch",
    "team": "team",
    "团队": "team",
    "部门": "team",
    "person": "person",
    "people": "person",
    "个人": "person",
    "人员": "person",
    "员工": "person",
    "销售": "person",
}


def _norm(text: object) -> str:
    s = str(text).strip().lower().replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", s)


# --- reading --------------------------------------------------------------------------


def read_text(text: str) -> list[list[Any]]:
    """Cells of pasted text: tab-separated (as Excel copies), else comma-separated.

    Choice: without tabs or commas, runs of whitespace separate the cells.
    """
    if "\t" in text:
        return list(csv.reader(io.StringIO(text), delimiter="\t"))
    if "," in text or "，" in text:
        return list(csv.reader(io.StringIO(text.replace("，", ",")), delimiter=","))
    return [line.split() for line in text.splitlines()]


def read_file(name: str, data: bytes) -> list[list[Any]]:
    """Cells of an uploaded ``.xlsx`` (first sheet) or ``.csv`` file (UTF-8 or GB18030).

    :raises ValueError: for another kind of file or one that cannot be read.
    """
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises many kinds for a file it cannot read
            raise ValueError(str(err)) from err
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if lower.endswith((".csv", ".txt", ".tsv")):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return read_text(data.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise ValueError("not UTF-8 or GB18030 text")
    raise ValueError(f"not an .xlsx or .csv file: {name}")


# --- checking -------------------------------------------------------------------------


@dataclass
class Preview:
    """What a bulk entry would do.

    :param rows: one row per non-blank source line: ``line`` (1-based, as the
      spreadsheet counts), the four fields as given, ``name`` (the entity found),
      ``action`` (``new``, ``update``, ``same`` or ``refused``), ``problems`` (how many).
    :param changes: the typed change set to save (only when there is no problem).
    :param problems: every problem: row = source line, column = a ``targets`` column.
    :param invalid: source line -> the fields at fault, to mark the cells.
    """

    rows: pd.DataFrame
    changes: ChangeSet
    problems: list[Problem] = field(default_factory=list)
    invalid: dict[int, set[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.changes.empty


def _header(cells: list[Any]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        key = _norm(cell)
        for name, aliases in _HEADERS.items():
            if name not in found and (key in aliases or key in _label_aliases(name)):
                found[name] = i
                break
    return found if len(found) >= 2 and "amount" in found else None


def _label_aliases(name: str) -> set[str]:
    """The app's own column labels in both languages, so an export reads back."""
    keys = {
        "entity_type": ["col.entity_type"],
        "entity": ["col.entity_id", "targets.col.entity", "targets.col.name"],
        "period": ["col.period"],
        "amount": ["col.amount"],
    }[name]
    return {_norm(translate(k, lang)) for k in keys for lang in ("zh", "en")}


def _positions(width: int) -> dict[str, int] | None:
    if width >= 4:
        return {"entity_type": 0, "entity": 1, "period": 2, "amount": 3}
    if width == 3:
        return {"entity": 0, "period": 1, "amount": 2}
    return None


def _period(value: Any) -> Any:
    """Excel turns ``2026-03`` into a date and ``2026`` into a number: read them back.

    Choice: a date in the period column means its month.
    """
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if is_missing(value):
        return None
    text = str(value).strip().upper().replace("/", "-").replace(".", "-")
    m = re.fullmatch(r"(\d{4})-?Q([1-4])", text)
    if m:
        return f"{m.group(1)}-Q{m.group(2)}"
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return text


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().lstrip("#")
    return int(text) if text.isdigit() else None


class _Lines:
    """Problems collected per source line."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.invalid: dict[int, set[str]] = {}

    def add(self, at: int, fld: str, reason: str, /, **params: Any) -> None:
        self.problems.append(Problem(at, COLUMN_OF[fld], reason, tuple(params.items())))
        self.invalid.setdefault(at, set()).add(fld)


def preview(
    cells: list[list[Any]],
    spec: TableSpec,
    loaded: pd.DataFrame,
    ents: pd.DataFrame,
    lang: str = "zh",
) -> Preview:
    """Read pasted or imported cells into a change set of ``targets`` and check every line.

    A first line whose cells are column names (``对象类型 / 对象 / 期间 / 金额`` or
    ``entity_type / entity / period / amount`` ...) says which column is which; without
    one, four columns are type, entity, period, amount and three are entity, period,
    amount. The entity is a name or an id; without a type column the type follows from
    a name that only one kind of entity has.

    :param loaded: every target (the whole table), indexed by id.
    :param ents: :func:`kam.views.targets.tree.entities` of the organisation.
    """
    lines = _Lines()
    rows: list[dict[str, Any]] = []
    changes = ChangeSet()
    cols = _header(cells[0]) if cells else None
    start = 1 if cols else 0
    if cols is None:
        width = max((sum(1 for c in r if not is_missing(c)) for r in cells), default=0)
        cols = _positions(width)
    if cols is None:
        if cells:
            lines.add(1, "amount", "targets.bulk.columns")
        return Preview(
            pd.DataFrame(columns=["line", *FIELDS, "name", "current", "action", "problems"]),
            changes,
            lines.problems,
            lines.invalid,
        )
    existing = _existing(loaded)
    seen: dict[tuple[str, int | None, str], int] = {}
    keys: dict[RowKey, int] = {}
    for n, raw in enumerate(cells[start : MAX_LINES + start], start=start + 1):
        values = {f: (raw[i] if i < len(raw) else None) for f, i in cols.items()}
        if all(is_missing(v) for v in values.values()):
            continue
        row = {
            "line": n,
            **{f: None if is_missing(values.get(f)) else str(values.get(f)) for f in FIELDS},
            "name": "",
            "current": None,
            "action": "refused",
        }
        rows.append(row)
        entity_type, entity_id, name = _entity(n, values, ents, lines, lang)
        period = _period(values.get("period"))
        row["name"] = name
        if entity_type is None or (entity_type != "company" and entity_id is None):
            continue
        if period is None:
            lines.add(n, "period", "v.required")
            continue
        who = (entity_type, entity_id, str(period))
        if who in seen:
            lines.add(n, "period", "targets.bulk.repeated", line=seen[who])
            continue
        seen[who] = n
        amount = values.get("amount")
        # Choice: a line for an existing target updates its amount (the same amount is left
        # alone); any other line adds a target.
        if who in existing:
            tid, old, version = existing[who]
            row["current"] = old
            if _same_amount(old, amount):
                row["action"] = "same"
                continue
            changes.updates[tid] = {"amount": amount}
            changes.versions[tid] = version
            keys[tid] = n
            row["action"] = "update"
        else:
            changes.inserts[-n] = {
                "entity_type": entity_type,
                "entity_id": entity_id,
                "period": period,
                "amount": amount,
            }
            keys[-n] = n
            row["action"] = "new"
    with known_entities(known_ids(ents)):
        typed, found = validate_changes(spec, loaded, changes, {})
    for p in found:
        line = keys.get(p.row) if p.row is not None else None
        if line is None:
            continue  # a problem of a row the entry did not touch is the grid's to show
        fld = next((f for f, c in COLUMN_OF.items() if c == p.column), "amount")
        lines.add(line, fld, p.reason, **dict(p.params))
    frame = pd.DataFrame(rows, columns=["line", *FIELDS, "name", "current", "action"])
    frame["current"] = pd.to_numeric(frame["current"], errors="coerce").astype("Int64")
    frame["problems"] = frame["line"].map(lambda x: len(lines.invalid.get(x, ()))).astype(int)
    frame.loc[frame["problems"] > 0, "action"] = "refused"
    problems = sorted(lines.problems, key=lambda p: p.row)  # type: ignore[arg-type, return-value]
    return Preview(frame, typed if not problems else ChangeSet(), problems, lines.invalid)


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


def _same_amount(old: Any, new: Any) -> bool:
    try:
        return float(str(new).replace(",", "").strip()) == float(old)
    except (TypeError, ValueError):
        return False


def _entity(
    n: int, values: Mapping[str, Any], ents: pd.DataFrame, lines: _Lines, lang: str
) -> tuple[str | None, int | None, str]:
    """(type, id, name found) of a line, or problems on its type or entity cell."""
    raw_type, raw = values.get("entity_type"), values.get("entity")
    entity_type = None
    if not is_missing(raw_type):
        entity_type = _TYPES.get(_norm(raw_type)) or _label_type(raw_type)
        if entity_type is None:
            lines.add(n, "entity_type", "v.not_choice", value=raw_type)
            return None, None, ""
    company = translate("targets.company", lang)
    if entity_type == "company" or (
        entity_type is None and not is_missing(raw) and _TYPES.get(_norm(raw)) == "company"
    ):
        # Choice: on a company line the entity cell is ignored (the company has no id).
        return "company", None, company
    if is_missing(raw):
        lines.add(n, "entity", "v.required")
        return None, None, ""
    ident = _as_id(raw)
    if ident is not None:
        if entity_type is None:
            lines.add(n, "entity_type", "targets.bulk.type_for_id")
            return None, None, ""
        hit = ents[(ents["entity_type"] == entity_type) & (ents["entity_id"] == ident)]
        if hit.empty:
            lines.add(n, "entity", f"v.no_{entity_type}", value=ident)
            return None, None, ""
        return entity_type, ident, str(hit["name"].iloc[0])
    return _by_name(n, str(raw).strip(), entity_type, ents, lines)


def _label_type(raw: Any) -> str | None:
    key = _norm(raw)
    for code in ENTITY_TYPES:
        if key in {_norm(translate(f"targets.type.{code}", lang)) for lang in ("zh", "en")}:
            return code
    return None


def _by_name(
    n: int, name: str, entity_type: str | None, ents: pd.DataFrame, lines: _Lines
) -> tuple[str | None, int | None, str]:
    # Choice: a name matches exactly (someone who left also without the "(left)" mark); a
    # name two entities share refuses the line rather than guess.
    pool = ents[ents["entity_type"] != "company"]
    if entity_type is not None:
        pool = pool[pool["entity_type"] == entity_type]
    plain = pool["name"].astype(str)
    hit = pool[(plain == name) | (plain.str.replace(r"[（(].*[）)]$", "", regex=True).str.strip() == name)]
    if hit.empty:
        lines.add(n, "entity", "targets.bulk.unknown_name", value=name)
        return None, None, ""
    if len(hit) > 1:
        found = ", ".join(f"{t} {i}" for t, i in zip(hit["entity_type"], hit["entity_id"], strict=True))
        lines.add(n, "entity", "targets.bulk.ambiguous_name", value=name, ids=found)
        return None, None, ""
    return str(hit["entity_type"].iloc[0]), int(hit["entity_id"].iloc[0]), str(hit["name"].iloc[0])


def known_ids(ents: pd.DataFrame) -> dict[str, Collection[int]]:
    """Entity type -> ids, for :func:`kam.invariants.known_entities`."""
    return {t: set(ents.loc[ents["entity_type"] == t, "entity_id"].dropna().astype(int)) for t in ENTITY_TYPES[1:]}


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
    """``frame`` as an .xlsx file (periods stay text, so Excel does not turn them into dates)."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False)
        ws = writer.sheets[sheet[:31]]
        for cell in ws["C"][1:]:
            cell.number_format = "@"
        for col, width in zip("ABCD", (10, 18, 10, 16), strict=True):
            ws.column_dimensions[col].width = width
    return out.getvalue()
