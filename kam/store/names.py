"""Reads of what people call rows: the names of referenced rows (a customer's owner, a
target's person, a rules row's label) and rows as they are now, for messages and the
audit list. The naming itself is pure (:func:`kam.edit.row_name`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

import sqlite_utils

from kam.store.frames import _records, primary_key
from kam.types import RowKey

# A target names its entity by type + id (references SQLite cannot declare).
ENTITY_TABLES: dict[str, str] = {"branch": "branches", "team": "teams", "person": "people"}

Names = dict[str, dict[str, str]]  # table -> str(key) -> the row's name

_ACTING = re.compile(r"^(?P<name>.*\S)\s+#(?P<kind>u?)(?P<id>\d+)$")


def key_text(value: Any) -> str:
    """One spelling of a key whatever carried it: ``12``, ``12.0`` and ``"12"`` are ``"12"``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def name_column(db: sqlite_utils.Database, table: str, lang: str) -> str | None:
    """The column that names a row of ``table`` in ``lang``: its label in that language,
    else ``name``, else its label in the other language; None when it has none."""
    columns = db[table].columns_dict
    first, other = ("label_en", "label_zh") if lang == "en" else ("label_zh", "label_en")
    return next((c for c in (first, "name", other) if c in columns), None)


def read_names(db: sqlite_utils.Database, wanted: Mapping[str, Collection[Any]], lang: str) -> Names:
    """The names of the rows ``wanted`` (table -> keys) that exist and have one.

    :returns: table -> ``key_text(key)`` -> name.
    """
    out: Names = {}
    tables = set(db.table_names())
    for table, keys in wanted.items():
        column = name_column(db, table, lang) if table in tables else None
        keys = sorted({key_text(k) for k in keys if k is not None and key_text(k) != ""})
        if column is None or not keys:
            continue
        _, rows = _records(db, table, primary_key(db, table), list(keys), [column])
        out[table] = {key_text(k): str(v) for k, v in rows if v is not None and str(v) != ""}
    return out


def read_rows(
    db: sqlite_utils.Database, table: str, keys: Collection[RowKey], columns: list[str]
) -> dict[str, dict[str, Any]]:
    """The rows ``keys`` of ``table`` as they are now, in ``columns`` (missing rows absent).

    :returns: ``key_text(key)`` -> column -> value.
    """
    if not keys or table not in db.table_names():
        return {}
    have = db[table].columns_dict
    pk = primary_key(db, table)
    names, rows = _records(db, table, pk, [key_text(k) for k in keys], [c for c in columns if c in have and c != pk])
    at = names.index(pk)
    return {key_text(r[at]): dict(zip(names, r, strict=True)) for r in rows}


def acting_name(user: str) -> str:
    """The name of an audit user as people read it: ``"王伟 #u3"`` -> ``"王伟"``."""
    m = _ACTING.match(str(user))
    return m.group("name") if m else str(user)


def acting_names(db: sqlite_utils.Database, users: Collection[str]) -> dict[str, tuple[str, str | None, str | None]]:
    """Audit users -> (the name recorded, the branch's name of the person they are, their
    id): what tells namesakes apart. An audit user is ``"name #u<account id>"``
    (:func:`kam.auth.audit_name`: the account's person gives the branch) or, in rows written
    before accounts, ``"name #<person id>"``; a name without an id has neither."""
    ids = {}
    for user in users:
        m = _ACTING.match(user)
        ids[user] = (m.group("kind") + m.group("id")) if m else None
    people = sorted({i for i in ids.values() if i is not None and not i.startswith("u")})
    accounts = sorted({i[1:] for i in ids.values() if i is not None and i.startswith("u")})
    found: dict[str, str | None] = {}
    branch = (
        "LEFT JOIN branches b ON b.id = COALESCE(p.branch_id, (SELECT t.branch_id FROM teams t WHERE t.id = p.team_id))"
    )
    queries = (
        (people, f"SELECT p.id, b.name FROM people p {branch} WHERE p.id IN ({{marks}})", ""),
        (
            accounts,
            f"SELECT u.id, b.name FROM users u LEFT JOIN people p ON p.id = u.person_id {branch} "
            "WHERE u.id IN ({marks})",
            "u",
        ),
    )
    for keys, sql, prefix in queries:
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = db.execute(sql.format(marks=", ".join("?" for _ in chunk)), chunk).fetchall()
            found.update({f"{prefix}{r[0]}": r[1] for r in rows})
    out = {}
    for user, pid in ids.items():
        out[user] = (acting_name(user), found.get(pid) if pid else None, pid)
    return out
