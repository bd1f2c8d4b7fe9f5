"""References between tables: who refers to a row (for deletes) and the foreign-key
options a grid's dropdowns offer.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlite_utils

from kam.store.counters import row_count
from kam.store.frames import primary_key
from kam.types import ChangeSet, ColumnSpec, RowKey, TableSpec

# References SQLite cannot declare: targets name their entity by type + id.
_SOFT_REFS: dict[str, list[tuple[str, str, str]]] = {
    "branches": [("targets", "entity_id", "entity_type = 'branch'")],
    "teams": [("targets", "entity_id", "entity_type = 'team'")],
    "people": [("targets", "entity_id", "entity_type = 'person'")],
}


def references_to(db: sqlite_utils.Database, table: str) -> list[tuple[str, str, str]]:
    """(table, column, extra condition) of every column that refers to ``table``."""
    refs = []
    for other in db.table_names():
        for fk in db.execute(f"PRAGMA foreign_key_list([{other}])").fetchall():
            # id, seq, table, from, to, ...
            if fk[2] == table:
                refs.append((other, fk[3], ""))
    return refs + _SOFT_REFS.get(table, [])


def dependents(db: sqlite_utils.Database, table: str, keys: list[RowKey]) -> dict[RowKey, list[tuple[str, int]]]:
    """For each key that other rows still refer to: which tables, how many rows."""
    out: dict[RowKey, list[tuple[str, int]]] = {}
    refs = references_to(db, table)
    for key in keys:
        found = []
        for other, column, cond in refs:
            where = f"[{column}] = ?" + (f" AND {cond}" if cond else "")
            n = db.execute(f"SELECT COUNT(*) FROM [{other}] WHERE {where}", [key]).fetchone()[0]
            if other == table:
                # A row that refers to itself does not hold itself back.
                n -= db.execute(
                    f"SELECT COUNT(*) FROM [{table}] WHERE [{column}] = ? AND [{primary_key(db, table)}] = ?",
                    [key, key],
                ).fetchone()[0]
            if n:
                found.append((other, n))
        if found:
            out[key] = found
    return out


def fk_options(
    db: sqlite_utils.Database, spec: TableSpec, lang: str = "zh", skip: frozenset[str] = frozenset()
) -> dict[str, dict[RowKey, str]]:
    """For each ``fk`` column of ``spec`` (but those in ``skip``): key -> label of the
    referenced rows."""
    out: dict[str, dict[RowKey, str]] = {}
    for col in spec.columns:
        if col.kind != "fk" or not col.fk_table or col.name in skip:
            continue
        label, pk = _label_column(db, col, lang), primary_key(db, col.fk_table)
        rows = db.execute(f"SELECT [{pk}], [{label}] FROM [{col.fk_table}] ORDER BY [{pk}]").fetchall()
        out[col.name] = {k: (str(v) if v is not None else str(k)) for k, v in rows}
    return out


def _label_column(db: sqlite_utils.Database, col: ColumnSpec, lang: str) -> str:
    label = col.fk_label or "name"
    if lang == "en" and label == "label_zh" and "label_en" in db[col.fk_table].columns_dict:
        return "label_en"
    return label


def fk_sizes(db: sqlite_utils.Database, spec: TableSpec) -> dict[str, int]:
    """For each ``fk`` column of ``spec``: about how many rows its dropdown could offer (the
    largest rowid: one index step on every rerun; COUNT(*) scans 380,000 orders)."""
    return {col.name: row_count(db, col.fk_table) for col in spec.columns if col.kind == "fk" and col.fk_table}


def fk_labels(db: sqlite_utils.Database, col: ColumnSpec, keys: Collection[RowKey], lang: str) -> dict[RowKey, str]:
    """key -> label of the rows ``keys`` of ``col``'s table (those that exist), read by key."""
    label, pk = _label_column(db, col, lang), primary_key(db, col.fk_table)
    given = [key for key in keys if key is not None]
    if all(type(key) is int and _storable(key) for key in given):
        # Whole-number keys (a grid's ids): read as they are (an INTEGER key column compares
        # the text variants to the same rows, so they only doubled the parameters to send).
        wanted: list = sorted(set(given))
    else:
        wanted = sorted({k for key in given for k in _variants(key)}, key=repr)
    out: dict[RowKey, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT [{pk}], [{label}] FROM [{col.fk_table}] WHERE [{pk}] IN ({marks})"
        out.update({k: (str(v) if v is not None else str(k)) for k, v in db.execute(sql, chunk).fetchall()})
    return out


def search_fk(
    db: sqlite_utils.Database, col: ColumnSpec, text: str, lang: str, limit: int, within: Collection[RowKey] | None
) -> dict[RowKey, str]:
    """The first ``limit`` rows of ``col``'s table (by label) whose label holds ``text`` (any
    case) or whose key is ``text``, among ``within`` (None: every row): a dropdown over
    50,000 customers searched on the server instead of sent whole."""
    text = text.strip()
    if not text or not _encodable(text):
        return {}
    label, pk = _label_column(db, col, lang), primary_key(db, col.fk_table)
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = (
        f"SELECT [{pk}], [{label}] FROM [{col.fk_table}] WHERE [{label}] LIKE ? ESCAPE '\\' "
        f"OR CAST([{pk}] AS TEXT) = ? ORDER BY [{label}], [{pk}]"
    )
    out: dict[RowKey, str] = {}
    for k, v in db.execute(sql, [like, text.lstrip("#")]):
        if within is None or k in within:
            out[k] = str(v) if v is not None else str(k)
            if len(out) >= limit:
                break
    return out


def existing_keys(db: sqlite_utils.Database, spec: TableSpec, changes: ChangeSet) -> dict[str, set[RowKey]]:
    """For each ``fk`` column of ``spec``, which of the keys ``changes`` writes there exist
    (read by key: a save checks the few values it writes, not 50,000 customers' ids).

    A value is looked up as typed, trimmed and as a whole number (the browser may send an
    integer key as text or as a float): :func:`kam.validate.convert` picks the one found."""
    rows = [*changes.updates.values(), *changes.inserts.values()]
    out: dict[str, set[RowKey]] = {}
    for col in spec.columns:
        if col.kind != "fk" or not col.fk_table:
            continue
        wanted: set[RowKey] = set()
        for row in rows:
            if col.name in row and row[col.name] is not None:
                wanted |= _variants(row[col.name])
        pk = primary_key(db, col.fk_table)
        found: set[RowKey] = set()
        keys = sorted(wanted, key=repr)
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            found |= {r[0] for r in db.execute(f"SELECT [{pk}] FROM [{col.fk_table}] WHERE [{pk}] IN ({marks})", chunk)}
        out[col.name] = found
    return out


def _variants(value: object) -> set[RowKey]:
    """``value`` as a key may be stored: as it is, trimmed text, a whole number."""
    if hasattr(value, "item"):
        value = value.item()  # a numpy scalar
    out: set[RowKey] = set()
    if isinstance(value, str) and not _encodable(value):
        return out  # a lone surrogate: no key of any table, and SQLite cannot be asked
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool) and _storable(value)):
        out.add(value)
    text = str(value).strip()
    if not _encodable(text):
        return out
    out.add(text)
    try:
        number = float(text.replace(",", ""))
    except (ValueError, OverflowError):
        return out
    if number.is_integer() and _storable(int(number)):
        out.add(int(number))
    return out


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable(number: int) -> bool:
    """An integer SQLite can hold (a larger one is no key of any table)."""
    return -(2**63) <= number < 2**63


def fk_keys(options: dict[str, dict[RowKey, str]]) -> dict[str, set[RowKey]]:
    return {col: set(opts) for col, opts in options.items()}
