"""The audit trail as people read it, for every page that lists changes (the home page's
newest changes, the settings page's history of a rules table): local time, who, the
table's label, the row by what people know, the column's label, old and new values as the
column shows them, an added or deleted row in words."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import sqlite_utils

from kam.edit import name_refs, row_name
from kam.i18n import enum_label, fmt_number, fmt_rate, fmt_yuan, translate
from kam.specs import SPECS
from kam.store.access import PLACE, Access, readable_keys
from kam.store.audit import latest_inserts, read_audit
from kam.store.names import ENTITY_TABLES, Names, acting_name, acting_names, key_text, read_names, read_rows
from kam.store.talent import KEPT_TABLES
from kam.types import TableSpec


def zone_of(name: str | None, offset_minutes: int | None = None) -> dt.tzinfo | None:
    """The user's time zone as the browser states it (``st.context.timezone``, an IANA
    name, else ``st.context.timezone_offset``, minutes behind UTC as JavaScript's
    ``getTimezoneOffset`` counts them); None when it states neither: the server's zone."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    if offset_minutes is not None:
        return dt.timezone(-dt.timedelta(minutes=int(offset_minutes)))
    return None


PASSWORD_EVENT = "password"  # the audit's column of a password change (no values)
RECENT_CHANGES = 20  # changes the home page lists (an added row is one change)
AUDIT_READ = 500  # newest audit rows read to find them (an added row has one per column)
MISSING = "—"
COLUMNS = ("when", "who", "table", "row", "what", "old", "new")  # home.col.<name>


@dataclass(frozen=True)
class Change:
    """One change: a cell updated, or a row added (its cells) or deleted (its values)."""

    table: str
    key: str
    action: str  # insert, update, delete
    user: str
    at: str
    cells: tuple[tuple[str | None, str | None, str | None], ...]  # (column, old, new) as audited
    id: int = 0  # the audit id of its newest row

    @property
    def deleted(self) -> dict[str, object]:
        """A deleted row's values (the audit keeps the row as JSON)."""
        if self.action != "delete" or not self.cells or not self.cells[0][1]:
            return {}
        try:
            values = json.loads(self.cells[0][1] or "")
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}

    def values(self) -> dict[str, object]:
        """What the audit says of the row itself: an added row's cells, a deleted row's values."""
        if self.action == "insert":
            return {c: new for c, _, new in self.cells if c}
        return self.deleted


def group_changes(audit: pd.DataFrame, limit: int = RECENT_CHANGES, complete: bool = True) -> list[Change]:
    """The newest ``limit`` changes of ``audit`` (newest first, as :func:`read_audit`
    reads it): the cells of one added row, audited one per column, make one change.

    :param complete: ``audit`` holds every row older ones could share a change with; when
      it does not (a read that hit its limit), the oldest change may lack cells and is left out.
    """
    out: list[Change] = []
    for r in audit.itertuples(index=False):
        cell = (r.column_name, r.old_value, r.new_value)
        last = out[-1] if out else None
        same = ("insert", r.table_name, str(r.row_key), r.user, r.at)
        if (
            last is not None
            and r.action == "insert"
            and (last.action, last.table, last.key, last.user, last.at) == same
        ):
            out[-1] = Change(last.table, last.key, last.action, last.user, last.at, (*last.cells, cell), last.id)
        elif len(out) > limit:
            break  # one more than needed, so that the last one kept is whole
        else:
            out.append(Change(r.table_name, str(r.row_key), r.action, r.user, r.at, (cell,), int(getattr(r, "id", 0))))
    if not complete and len(out) <= limit:
        out = out[:-1]
    return out[:limit]


def when_text(at: str, tz: dt.tzinfo | None) -> str:
    """An audit time (ISO, UTC) in the user's zone, to the minute; None: the server's zone."""
    try:
        moment = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return str(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)  # the audit writes UTC
    return (moment.astimezone(tz) if tz is not None else moment.astimezone()).strftime("%Y-%m-%d %H:%M")


def who_texts(users: dict[str, tuple[str, str | None, str | None]]) -> dict[str, str]:
    """Audit user -> the name people read (:func:`kam.store.names.acting_names`); people
    who share a name are told apart by branch, else by id."""
    ids_of: dict[str, set[str]] = {}
    for name, _, pid in users.values():
        ids_of.setdefault(name, set()).add(pid or "")
    pairs = [(name, branch) for name, branch, _ in {(n, b, p) for n, b, p in users.values()}]
    out = {}
    for user, (name, branch, pid) in users.items():
        if len(ids_of[name]) > 1 and pid:
            name = f"{name} · {branch}" if branch and pairs.count((name, branch)) == 1 else f"{name} · #{pid}"
        out[user] = name
    return out


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def cell_text(
    spec: TableSpec | None, column: str | None, value: object, lang: str, refs: Names, row: dict[str, object]
) -> str:
    """An audited value as its column shows it: money in whole yuan, rates in percent,
    yes/no, an enum's label, a referenced row's name; "—" when missing.

    :param row: the row's values (a target's entity type says what its entity id names).
    """
    if value is None or pd.isna(value) or str(value).strip() == "":
        return MISSING
    text = str(value)
    if spec is not None and spec.table == "closed_periods" and column.endswith("_by"):
        return acting_name(text)  # an audit name ("王丹 #u3"): the person's name
    if spec is not None and spec.table == "closed_periods" and column.endswith("_at"):
        return text[:16].replace("T", " ") + " UTC"  # the audit's moment, to the minute
    col = next((c for c in spec.columns if c.name == column), None) if spec else None
    if spec is not None and spec.table == "targets" and column == "entity_id":
        return refs.get(ENTITY_TABLES.get(str(row.get("entity_type")), ""), {}).get(key_text(value), text)
    if col is None:
        return text
    number = _number(value)
    if col.kind == "fk":
        return refs.get(col.fk_table or "", {}).get(key_text(value), text)
    if col.kind == "enum":
        return enum_label(col.name, text, lang)
    if col.kind == "bool":
        return translate("yes" if number else "no", lang) if number is not None else text
    if number is None:
        return text
    by_row = getattr(col, "row_kind", None)  # a rules parameter: money on one row, months on another
    kind = by_row(row) if by_row is not None and row else col.kind
    if kind == "money":
        return fmt_yuan(number)
    if kind == "rate":
        return fmt_rate(number)
    if kind in ("int", "rating"):
        return str(round(number))
    if kind == "number":
        return fmt_number(number)
    return text


def changes_frame(
    changes: list[Change],
    rows: list[dict[str, object]],
    refs: Names,
    users: dict[str, str],
    lang: str,
    tz: dt.tzinfo | None,
) -> pd.DataFrame:
    """The changes as the home page lists them, headers in ``lang``.

    :param rows: per change, the row it is of (:func:`own_rows`).
    :param refs: names of referenced rows; ``users``: audit user -> name (:func:`who_texts`).
    """

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    def table_text(table: str) -> str:
        label = t(f"table.{table}")
        return label[:1].upper() + label[1:]

    lines = []
    for ch, row in zip(changes, rows, strict=True):
        spec = SPECS.get(ch.table)
        name = row_name(spec, row, lang, refs) if spec is not None else None
        old = new = MISSING
        if ch.action == "update":
            column = ch.cells[0][0] or ""
            what = t(spec.column(column).label_key) if spec and column in {c.name for c in spec.columns} else column
            old, new = (cell_text(spec, column, v, lang, refs, row) for v in ch.cells[0][1:])
            if ch.table == "users" and column == PASSWORD_EVENT:
                # A password change is audited as an event, without values (kam/store/users.py).
                what, old, new = t("home.password_changed"), MISSING, t("home.not_recorded")
        else:
            what = t("home.added" if ch.action == "insert" else "home.deleted")
            values = ch.values()
            shown = [
                c
                for c in (spec.columns if spec else ())
                if c.name in values and not (c.name == spec.pk and spec.pk_is_generated)  # type: ignore[union-attr]
            ]
            pairs = t("home.pairs_sep").join(
                t("home.pair", label=t(c.label_key), value=cell_text(spec, c.name, values[c.name], lang, refs, values))
                for c in shown
                if cell_text(spec, c.name, values[c.name], lang, refs, values) != MISSING
            )
            if ch.action == "insert":
                new = pairs or MISSING
            else:
                old = pairs or MISSING
        lines.append(
            {
                "when": when_text(ch.at, tz),
                "who": users.get(ch.user, ch.user),
                "table": table_text(ch.table),
                "row": name or t("rows.row", row=ch.key),
                "what": what,
                "old": old,
                "new": new,
            }
        )
    frame = pd.DataFrame(lines, columns=list(COLUMNS))
    return frame.rename(columns={c: t(f"home.col.{c}") for c in COLUMNS})


def visible_changes(
    db: sqlite_utils.Database,
    access: Access,
    table: str | None,
    limit: int,
    rows: Sequence[tuple[str, str]] | None = None,
) -> list[Change]:
    """The newest ``limit`` changes whose row ``access`` may read (:func:`readable`). A
    scoped user's changes are looked for in batches, through at most :data:`AUDIT_SCAN`
    audit rows. The list of every table leaves out the rows a close keeps and a reopen
    removes (kam.store.talent.KEPT_TABLES: a month's close is some thirty honors): the
    close's own row in ``closed_periods`` stands for them; each table's list has them."""
    batch = max(AUDIT_READ, limit * 5)
    found: list[Change] = []
    before: int | None = None
    scanned = 0
    while len(found) < limit and scanned < AUDIT_SCAN:
        audit = read_audit(db, table, limit=batch, before=before, rows=rows)
        if audit.empty:
            break
        scanned += len(audit)
        complete = len(audit) < batch
        changes = group_changes(audit, len(audit), complete=complete)
        found += [
            ch
            for ch, ok in zip(changes, readable(db, access, changes), strict=True)
            if ok and (table is not None or rows is not None or ch.table not in KEPT_TABLES)
        ]
        if complete or not changes:
            break
        # The next batch starts after the last whole change (all its audit rows are read).
        before = int(audit["id"].iloc[sum(len(ch.cells) for ch in changes) - 1])
    return found[:limit]


def readable(db: sqlite_utils.Database, access: Access, changes: list[Change]) -> list[bool]:
    """Per change: whether ``access`` may read its row (:func:`_row_of`); a row the audit
    holds no values of (an updated row deleted since) is for those who read every row of
    its table only."""
    out: dict[int, bool] = {}
    for table in {ch.table for ch in changes}:
        mine = [i for i, ch in enumerate(changes) if ch.table == table]
        if not access.reads(table) or access.reads_all(table):
            out.update((i, access.reads(table)) for i in mine)
            continue
        place = list(PLACE.get(table, ()))
        keys = sorted({changes[i].key for i in mine})
        now = read_rows(db, table, keys, place)
        born = latest_inserts(db, table, keys)
        rows = [_row_of(changes[i], now.get(changes[i].key), born.get(changes[i].key, 0)) for i in mine]
        frame = pd.DataFrame.from_records([{c: r.get(c) for c in place} for r in rows], columns=place)
        ok = access.mask(table, frame, db) if place else [False] * len(mine)
        out.update((i, bool(yes) and bool(row)) for i, yes, row in zip(mine, ok, rows, strict=True))
    return [out[i] for i in range(len(changes))]


def own_rows(db: sqlite_utils.Database, changes: list[Change]) -> list[dict[str, object]]:
    """Per change, the row it is of (:func:`_row_of`): as it is now, or as the audit holds
    it; never another row that was given the key since (it would name that row)."""
    now: dict[str, dict[str, dict[str, object]]] = {}
    born: dict[str, dict[str, int]] = {}
    for table in {ch.table for ch in changes} & set(SPECS):
        keys = sorted({ch.key for ch in changes if ch.table == table})
        now[table] = read_rows(db, table, keys, [c.name for c in SPECS[table].columns])
        born[table] = latest_inserts(db, table, keys)
    return [
        _row_of(ch, now.get(ch.table, {}).get(ch.key), born.get(ch.table, {}).get(ch.key, 0)) or ch.values()
        for ch in changes
    ]


def _readable_refs(db: sqlite_utils.Database, access: Access, wanted: dict[str, set[str]]) -> dict[str, set[str]]:
    """The referenced rows a change may be described by: those the user may read (a
    previous owner outside the scope stays a key, not a name)."""
    out = {}
    for table, keys in wanted.items():
        if not access.reads(table):
            continue
        allowed = readable_keys(db, access, table)
        out[table] = keys if allowed is None else {k for k in keys if _as_key(k) in allowed}
    return out


def _as_key(text: str) -> object:
    return int(text) if text.lstrip("-").isdigit() else text


def _row_of(ch: Change, now: dict[str, object] | None, born: int) -> dict[str, object]:
    """The row a change is judged by: the row as it is now, if the change is of it (the key
    has not been given to another row since: SQLite reuses the highest key after a delete,
    ``born`` is the audit id of the key's latest insert); else what the audit holds of the
    row (an added row's cells, a deleted row's values), or nothing."""
    if now is not None and ch.action != "delete" and ch.id >= born:
        return now
    return ch.values() if ch.action in ("insert", "delete") else {}


AUDIT_SCAN = 20_000  # audit rows a scoped user's list looks through at most


def recent_changes(
    db: sqlite_utils.Database,
    lang: str,
    tz: dt.tzinfo | None,
    access: Access,
    table: str | None = None,
    limit: int = RECENT_CHANGES,
    rows: Sequence[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """The newest ``limit`` changes (of every table, or of ``table``; :func:`group_changes`)
    that ``access`` may read (:func:`visible_changes`), as people read them
    (:func:`changes_frame`); ``rows``: only those rows' changes, (table, key) pairs."""
    changes = visible_changes(db, access, table, limit, rows)
    rows = own_rows(db, changes)
    wanted: dict[str, set[str]] = {}
    for ch, row in zip(changes, rows, strict=True):
        spec = SPECS.get(ch.table)
        if spec is None:
            continue
        for table, keys in name_refs(spec, row).items():
            wanted.setdefault(table, set()).update(keys)
        values = [(c, v) for c, old, new in ch.cells for v in (old, new) if c]
        values += list(ch.deleted.items())
        for column, value in values:
            if spec.table == "targets" and column == "entity_id":
                table = ENTITY_TABLES.get(str(row.get("entity_type")))
            else:
                col = next((c for c in spec.columns if c.name == column), None)
                table = col.fk_table if col is not None and col.kind == "fk" else None
            if table and value is not None:
                wanted.setdefault(table, set()).add(key_text(value))
    refs = read_names(db, _readable_refs(db, access, wanted), lang)
    users = who_texts(acting_names(db, {ch.user for ch in changes}))
    return changes_frame(changes, rows, refs, users, lang, tz)
