"""The one save path below the UI: validate -> the table's invariants -> write, in one
transaction, or nothing. The grid's Save, the targets import, the plan's buttons and every
later page (board moves, approvals, period closes) call :func:`save_change_set`; the UI
only collects edits, shows the result and patches its cache.

No Streamlit here: an import script or a test saves exactly as a page does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from typing import Any

import pandas as pd
import sqlite_utils

from kam.db import immediate
from kam.i18n import DEFAULT_LANG, plain, translate
from kam.invariants import ORG_TABLES, PORTRAIT_TABLES, has_checks, needs_entities, org_problems, portrait_problems
from kam.order_checks import order_problems
from kam.rules.portraits import competitor_key, focus_over_limit
from kam.store.access import Access, readable_keys
from kam.store.frames import loaded_frame, read_frame, rows_of
from kam.store.names import ENTITY_TABLES, Names, key_text, read_names
from kam.store.people import entity_keys
from kam.store.refs import existing_keys
from kam.store.rules import focus_limit
from kam.store.save import DependentRowsError, IntegrityRefused, SaveResult, StaleRowError, save_changes
from kam.talent_checks import CHECKED as TALENT_CHECKED
from kam.talent_checks import talent_changes
from kam.types import ChangeSet, Problem, RowKey, TableSpec
from kam.validate import apply_changes, is_missing, is_utf8, validate_changes

Derive = Callable[[pd.DataFrame, ChangeSet], ChangeSet]
NAME_SEP = " · "  # between the parts of a row's name (a target's entity and period)
log = logging.getLogger(__name__)


def save_change_set(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    access: Access,
    *,
    fk_keys: Mapping[str, Collection[RowKey]] | None = None,
    derive: Derive | None = None,
    lang: str = DEFAULT_LANG,
) -> tuple[SaveResult | None, list[Problem]]:
    """Validate ``changes`` (rows as ``loaded``) and save them in one audited,
    version-checked transaction, as ``access`` (the signed-in user: the audit names
    them, and a change set that touches a row outside their write scope, as stored or as
    it would be, is refused naming the row: :func:`scope_problems`).

    :param loaded: the rows as the user saw them, indexed by primary key (their versions).
    :param fk_keys: column -> the keys a foreign key may take (default, and what the app
      does: read inside the save's write lock).
    :param derive: (loaded, typed changes) -> the change set to save, e.g. with values that
      follow from the edited ones; it is validated again.
    :param lang: the language of messages built here (rows that others still reference).
    :returns: (the save's result, []) or (None, every problem); nothing is written then.
      Never raises: an error nobody foresaw is logged and refuses the save
      (``v.unexpected``), the transaction rolled back.
    """
    try:
        return _save_change_set(db, spec, loaded, changes, access, fk_keys=fk_keys, derive=derive, lang=lang)
    except Exception:
        log.exception("save of %s refused by an unexpected error", getattr(spec, "table", spec))
        return None, [Problem(None, None, "v.unexpected")]


def _save_change_set(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    access: Access,
    *,
    fk_keys: Mapping[str, Collection[RowKey]] | None,
    derive: Derive | None,
    lang: str,
) -> tuple[SaveResult | None, list[Problem]]:
    if not access.user:
        return None, [Problem(None, None, "grid.no_user")]
    if not access.writes(spec.table):
        return None, [Problem(None, None, "access.no_write", (("table", translate(f"table.{spec.table}", lang)),))]
    try:
        # Checks and write under one write lock: nobody writes between them. The rows the
        # table's invariants see and the keys a foreign key may take are read now, inside
        # the lock (another user may have changed other rows since the page was drawn);
        # the rows the user touched are version-checked by the write itself.
        with immediate(db):
            # Scope first, on the values as typed: a change set that reaches outside the
            # user's scope is refused as that, before any other message could name a row
            # the user may not read.
            problems = scope_problems(db, spec, changes, access)
            if problems:
                return None, problems
            keys = existing_keys(db, spec, changes) if fk_keys is None else fk_keys
            current = loaded_frame(db, spec) if has_checks(spec.table) else loaded
            # What the invariants check beyond the table's rows: the branches, teams and
            # people a target may name, read now too.
            entities = entity_keys(db) if needs_entities(spec.table) else None
            typed, problems = validate_changes(spec, current, changes, keys, entities=entities)
            if derive is not None and not problems:
                derived = derive(loaded, typed)
                keys = existing_keys(db, spec, derived) if fk_keys is None else fk_keys
                typed, problems = validate_changes(spec, current, derived, keys, entities=entities)
            if problems:
                return None, problems
            if spec.table in LINKED:
                tables, check = LINKED[spec.table]
                problems = _linked_problems(db, spec, typed, lang, tables, check)
            elif spec.table == "branch_focus_industries":
                problems = _focus_problems(db, spec, typed)
            elif spec.table == "competitors":
                problems = _competitor_problems(db, spec, typed)
            elif spec.table == "orders":
                problems = order_problems(db, typed, access.role, lang=lang, person_id=access.person_id)
            elif spec.table in TALENT_CHECKED:
                typed, problems = talent_changes(db, spec.table, typed, access.user)
            if problems:
                return None, problems
            problems = scope_problems(db, spec, typed, access)  # what ``derive`` added
            if problems:
                return None, problems
            result = save_changes(db, spec, typed, access.user)  # nests as a savepoint
    except StaleRowError as err:
        rows = rows_text(spec, loaded, changes, err.keys, lang, db)
        return None, [Problem(None, None, "grid.stale", (("rows", rows),))]
    except DependentRowsError as err:
        return None, [
            Problem(None, None, "grid.text", (("text", dependents_text(k, found, lang)),))
            for k, found in err.dependents.items()
        ]
    except IntegrityRefused as err:
        # SQLite's own words go to the log; the user reads the row, the column and why.
        log.info("save of %s refused by SQLite: %s", spec.table, err)
        return None, [Problem(err.row, err.column, err.reason, err.params)]
    return result, []


# Tables whose invariants span others (the tables, in the check's argument order, and the
# check): the reporting tree (people and teams), the active portrait's forces and criteria.
LINKED: dict[str, tuple[tuple[str, ...], Callable[..., list[tuple[str, Problem]]]]] = {
    **{t: (ORG_TABLES, org_problems) for t in ORG_TABLES},
    **{t: (PORTRAIT_TABLES, portrait_problems) for t in PORTRAIT_TABLES},
}


def _linked_problems(
    db: sqlite_utils.Database,
    spec: TableSpec,
    typed: ChangeSet,
    lang: str,
    tables: tuple[str, ...],
    check: Callable[..., list[tuple[str, Problem]]],
) -> list[Problem]:
    """The problems across ``tables`` this change makes (one there was before is not this
    save's): on the saved table by row, on another as text."""
    frames = {t: loaded_frame(db, spec) if t == spec.table else read_frame(db, t) for t in tables}
    before = set(check(*frames.values()))
    frames[spec.table] = apply_changes(spec, frames[spec.table], typed)  # every row, not the page's
    out: list[Problem] = []
    for table, p in check(*frames.values()):
        if (table, p) in before:
            continue
        if table == spec.table:
            out.append(p)
        elif p.reason == "v.org_team_branch":
            # A team moved to another branch leaves its people in the old branch until each
            # is moved: not this save's to refuse (else no team could ever change branch,
            # its people being refused first for a team of another branch).
            continue
        else:
            text = translate(
                "v.org_elsewhere",
                lang,
                table=translate(f"table.{table}", lang),
                row=p.row,
                reason=translate(p.reason, lang, **dict(p.params)),
            )
            out.append(Problem(None, None, "grid.text", (("text", text),)))
    return out


def _competitor_problems(db: sqlite_utils.Database, spec: TableSpec, typed: ChangeSet) -> list[Problem]:
    """A competitor added or renamed to a name another row already has once normalised
    (:func:`kam.rules.portraits.competitor_key`: "ＡＢＣ 商学院" is "abc商学院") would be
    counted twice across customers: refused, naming the row it would repeat. Only the rows
    this save changes are checked (two rows kept from before are not this save's)."""
    after = apply_changes(spec, loaded_frame(db, spec), typed)
    changed = set(typed.inserts) | {k for k, v in typed.updates.items() if "name" in v}
    keys = after["name"].map(competitor_key)
    out = []
    for key in changed:
        if key not in after.index:
            continue
        same = keys[(keys == keys[key]) & (after.index != key)]
        if keys[key] and len(same):
            out.append(Problem(key, "name", "v.same_competitor", (("value", after.at[same.index[0], "name"]),)))
    return out


def _focus_problems(db: sqlite_utils.Database, spec: TableSpec, typed: ChangeSet) -> list[Problem]:
    """A branch that this change leaves with more focus industries than
    ``r3_max_focus_industries`` (domain.md R3: "no more than 3"): refused on the changed row."""
    after = apply_changes(spec, loaded_frame(db, spec), typed)
    pairs = after["branch_id"].astype("string") + "/" + after["industry"].astype("string")
    twice = [
        Problem(k, "industry", "v.focus_twice")
        for k in (*typed.inserts, *typed.updates)
        if k in after.index and (pairs == pairs[k]).sum() > 1
    ]
    if twice:
        return twice
    limit = focus_limit(db)
    over = set(focus_over_limit(after, limit))
    out = []
    for key, values in (*typed.inserts.items(), *typed.updates.items()):
        if key not in after.index:
            continue  # a row gone since it was loaded: the write refuses it as stale
        branch = pd.to_numeric(pd.Series([after.at[key, "branch_id"]]), errors="coerce").iloc[0]
        if "branch_id" in values or "industry" in values or key in typed.inserts:
            if not pd.isna(branch) and int(branch) in over:
                out.append(Problem(key, "industry", "v.focus_limit", (("max", limit),)))
                over.discard(int(branch))  # one message per branch
    return out


def scope_problems(db: sqlite_utils.Database, spec: TableSpec, changes: ChangeSet, access: Access) -> list[Problem]:
    """What of ``changes`` is outside ``access``'s write scope (named by key only, since
    the user may not read those rows):

    - a row outside it: an updated or deleted row as stored now, an updated row as the
      update would leave it, an inserted row (an owner change that hands a customer to
      someone outside the scope, a new row owned by someone else, a row key the page never
      offered: a forged browser return);
    - a column the role may not change (:meth:`Access.fixed_columns`: a person's rank is HR's);
    - a reference to a row the user may not read (an order booked on someone else's
      customer, a developer picked from another branch: what the dropdown did not offer).
    """
    if (
        access.rule(spec.table) == ("all", "all")
        and not access.fixed_columns(spec.table)
        and access.deletes(spec.table)
    ):
        return []  # every row and column of the table is the user's (an admin)
    problems = [
        Problem(k, c, "access.column_not_yours")
        for k, values in (*changes.updates.items(), *changes.inserts.items())
        for c in values
        if c in access.fixed_columns(spec.table)
    ]
    if access.inserts_only(spec.table):
        problems += [Problem(k, None, "access.insert_only") for k in changes.updates]
    if not access.deletes(spec.table):
        problems += [Problem(k, None, "access.no_delete") for k in changes.deletes]
    problems += _references_out_of_scope(db, spec, changes, access)
    # A key SQLite cannot even bind (a lone surrogate) names no stored row: validation refuses it.
    keys = [k for k in (*changes.updates, *changes.deletes) if not isinstance(k, str) or is_utf8(k)]
    stored = rows_of(db, spec, keys).to_dict("records")
    before = {row[spec.pk]: row for row in stored}
    after = {k: {**row, **changes.updates.get(k, {})} for k, row in before.items() if k in changes.updates}
    columns = [c.name for c in spec.columns]
    added = {k: {c: values.get(c) for c in columns} for k, values in changes.inserts.items()}
    bad: dict[RowKey, None] = {}
    for rows in (before, after, added):
        if rows:
            frame = pd.DataFrame.from_records(list(rows.values()))
            bad.update((k, None) for k, ok in zip(rows, access.writable(spec.table, frame, db), strict=True) if not ok)
    # A key the table does not hold is the stale check's (someone deleted the row meanwhile).
    return [Problem(k, None, "access.out_of_scope") for k in bad] + problems


def _references_out_of_scope(
    db: sqlite_utils.Database, spec: TableSpec, changes: ChangeSet, access: Access
) -> list[Problem]:
    """Changed foreign-key values that name a row the user may not read."""
    out: list[Problem] = []
    for col in spec.columns:
        if col.kind != "fk" or not col.fk_table or access.reads_all(col.fk_table):
            continue
        values = [
            (k, v[col.name])
            for k, v in (*changes.updates.items(), *changes.inserts.items())
            if col.name in v and not is_missing(v[col.name])
        ]
        if not values:
            continue
        allowed = readable_keys(db, access, col.fk_table) or frozenset()
        out += [Problem(k, col.name, "access.ref_out_of_scope") for k, v in values if _key(v) not in allowed]
    return out


def _key(value: Any) -> Any:
    """A typed or typed-in key as the table holds it ("12" and 12.0 are 12)."""
    try:
        number = float(str(value).strip())
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def dependents_text(
    row: RowKey, found: list[tuple[str, int]], lang: str = DEFAULT_LANG, name: str | None = None
) -> str:
    """Why a row cannot be deleted: how many rows of which tables still refer to it.

    :param name: what people call the row (:func:`row_names`), else it is "row <key>"."""
    deps = "; ".join(
        translate("grid.dependent_rows", lang, table=translate(f"table.{tab}", lang), n=n) for tab, n in found
    )
    return translate("grid.dependents", lang, row=row_ref(row, name, lang), deps=deps)


def problem_text(
    spec: TableSpec, p: Problem, names: Mapping[RowKey, Any] | None = None, lang: str = DEFAULT_LANG
) -> str:
    """``<row>, column <label>: <reason>`` in ``lang``; the row is named by ``names`` (row
    key -> its name, :func:`row_names`) where it has one, else "row <key>" (:func:`row_ref`)."""
    name = (names or {}).get(p.row)
    if name is None or (isinstance(name, float) and pd.isna(name)) or str(name) == str(p.row):
        name = None
    else:
        name = str(name)
    params = dict(p.params)
    if p.row is not None and "row" in params:
        params["row"] = row_ref(p.row, name, lang)  # a row-level reason ("... cannot be deleted")
    reason = translate(p.reason, lang, **params)
    if p.column is None:
        if p.row is None or p.reason.startswith("grid."):
            return reason
        return translate("rows.problem_row", lang, row=row_ref(p.row, name, lang), reason=reason)
    known = any(c.name == p.column for c in spec.columns)
    label = translate(spec.column(p.column).label_key, lang) if known else p.column
    if p.row is None:
        return translate("grid.problem_table", lang, column=label, reason=reason)
    return translate("grid.problem", lang, row=row_ref(p.row, name, lang), column=label, reason=reason)


def row_names(
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    rows: Collection[RowKey],
    lang: str = DEFAULT_LANG,
    db: sqlite_utils.Database | None = None,
) -> dict[RowKey, str]:
    """Row key -> what people call the row (:func:`row_name`), as edited if it was; rows
    with no better name than their key are absent.

    :param db: where the names of referenced rows are read (a target's person); without
      it a row is named by its own values only.
    """
    values: dict[RowKey, dict[str, Any]] = {}
    for key in rows:
        row = loaded.loc[key].to_dict() if key in loaded.index else {}
        pending = changes.inserts.get(key) if isinstance(key, int) and key < 0 else changes.updates.get(key)
        values[key] = {**row, **(pending or {})}
    wanted: dict[str, set[str]] = {}
    for v in values.values():
        for table, keys in name_refs(spec, v).items():
            wanted.setdefault(table, set()).update(keys)
    refs = read_names(db, wanted, lang) if db is not None and wanted else {}
    out = {key: row_name(spec, v, lang, refs) for key, v in values.items()}
    return {key: name for key, name in out.items() if name is not None}


def refusal_text(
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    problems: list[Problem],
    lang: str,
    db: sqlite_utils.Database | None = None,
) -> str:
    """The whole message of a refused save: "not saved: fix these" once, then each
    problem; an unforeseen error says itself that nothing was saved, with nothing to fix."""
    if problems and all(p.reason == "v.unexpected" for p in problems):
        return translate("v.unexpected", lang)
    return translate("grid.rejected", lang) + "\n\n" + problems_text(spec, loaded, changes, problems, lang, db)


def problems_text(
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    problems: list[Problem],
    lang: str,
    db: sqlite_utils.Database | None = None,
) -> str:
    """Every problem of a refused save as Markdown list lines (user text made inert), each
    saying only what is wrong (the heading says that nothing was saved).

    :param db: where the names of referenced rows are read (:func:`row_names`).
    """
    # A row the save refused as outside the user's scope is named by its key only: its
    # name (a target's person, an order's customer) may be one the user may not read.
    hidden = {p.row for p in problems if p.reason.startswith("access.")}
    named = {p.row for p in problems if p.row is not None} - hidden
    names = row_names(spec, loaded, changes, named, lang, db)
    return "\n".join(f"- {plain(problem_text(spec, p, names, lang))}" for p in problems)


def action_text(spec: TableSpec, problems: list[Problem], lang: str, db: sqlite_utils.Database) -> str:
    """The problems of a refused one-click action (no grid: the rows as stored now name them)."""
    return problems_text(spec, loaded_frame(db, spec), ChangeSet(), problems, lang, db)


# --- what people call a row -------------------------------------------------------------


def _present(value: Any) -> bool:
    return not is_missing(value) and str(value).strip() != ""


def _text(value: Any) -> str:
    """A value as a name: whole numbers without ``.0`` (a year read into a float column)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Rows named by the labels of the rows they point at (codes SQLite does not declare as keys).
_NAMED_BY: dict[str, tuple[tuple[str, str], ...]] = {
    "r1_value_map": (("price_level", "r1_price_levels"), ("quantity_level", "r1_quantity_levels")),
    # The maps' rows (issue 16): "华北分公司 × 大食品", a competitor's name at a customer.
    "branch_focus_industries": (("branch_id", "branches"), ("industry", "r3_focus_industries")),
    "customer_competitors": (("competitor_id", "competitors"),),
    "competitor_prices": (("competitor_id", "competitors"),),
}
# Rows about a person, named by the person's name and what tells that person's rows apart
# (a column, and the table whose label it is, if any): "张瑜 · 入职关", "梁波 · 2026-10-26".
_PERSON_ROWS: dict[str, tuple[str, str | None]] = {
    "clearance_results": ("clearance_code", "r9_clearances"),
    "hr_assessments": ("assessment_date", None),
    "camp_enrolments": ("camp_code", "r9_camps"),
    "camp_points": ("week", None),
    "star_snapshots": ("period", None),
}


def name_refs(spec: TableSpec, values: Mapping[str, Any]) -> dict[str, set[str]]:
    """The referenced rows (table -> keys, as :func:`kam.store.names.key_text`) whose names
    :func:`row_name` needs for a row of ``spec`` with ``values``: a target's entity."""
    if spec.table == "targets":
        table = ENTITY_TABLES.get(str(values.get("entity_type")))
        entity = values.get("entity_id")
        return {table: {key_text(entity)}} if table and _present(entity) else {}
    if spec.table in _PERSON_ROWS:
        column, table = _PERSON_ROWS[spec.table]
        pairs = (("person_id", "people"), (column, table))
        return {t: {key_text(values[c])} for c, t in pairs if t and _present(values.get(c))}
    return {table: {key_text(values[c])} for c, table in _NAMED_BY.get(spec.table, ()) if _present(values.get(c))}


def row_name(
    spec: TableSpec, values: Mapping[str, Any], lang: str = DEFAULT_LANG, refs: Names | None = None
) -> str | None:
    """What people call a row of ``spec`` with ``values``, in ``lang``: a customer's (a
    person's, a branch's) name, a target's entity and period ("张三 · 2026-Q3"), a rules
    row's label, a plan row's year; None when nothing better than its key exists.

    :param refs: names of referenced rows (:func:`kam.store.names.read_names` of
      :func:`name_refs`); a target whose entity is not among them is named by type and id.
    """
    refs = refs or {}
    if spec.table == "targets":
        entity_type, entity = values.get("entity_type"), values.get("entity_id")
        entity_type = str(entity_type) if _present(entity_type) else None  # pd.NA compares to nothing
        who = None
        if entity_type == "company":
            who = translate("enum.entity_type.company", lang)
        elif _present(entity_type):
            table = ENTITY_TABLES.get(str(entity_type), "")
            kind = translate(f"enum.entity_type.{entity_type}", lang)
            found = refs.get(table, {}).get(key_text(entity)) if _present(entity) else None
            who = found or (f"{kind} {_text(entity)}" if _present(entity) else kind)
        parts = [p for p in (who, values.get("period")) if _present(p)]
        return NAME_SEP.join(_text(p) for p in parts) or None
    if spec.table in _PERSON_ROWS:
        column, table = _PERSON_ROWS[spec.table]
        person, detail = values.get("person_id"), values.get(column)
        who = refs.get("people", {}).get(key_text(person)) if _present(person) else None
        what = refs.get(table, {}).get(key_text(detail)) if table and _present(detail) else None
        parts = [who or (f"#{_text(person)}" if _present(person) else None), what or detail]
        return NAME_SEP.join(_text(p) for p in parts if _present(p)) or None
    if spec.table in _NAMED_BY:
        parts = [refs.get(t, {}).get(key_text(values.get(c))) for c, t in _NAMED_BY[spec.table]]
        return " × ".join(parts) if all(parts) else None  # type: ignore[arg-type]
    column = spec.row_label
    if column is not None:
        value = values.get(column)
        if not _present(value):
            return None
        return translate("rows.year", lang, year=_text(value)) if column == "year" else _text(value)
    first, other = ("label_en", "label_zh") if lang == "en" else ("label_zh", "label_en")
    for c in (first, other):
        if any(col.name == c for col in spec.columns) and _present(values.get(c)):
            return _text(values[c])
    return None


def row_ref(key: RowKey, name: str | None, lang: str = DEFAULT_LANG) -> str:
    """A row in a message: its name ("“张三 · 2026-Q3”"), "new row" for a row not yet
    saved, or "row <key>" where nothing better exists."""
    new = isinstance(key, int) and key < 0
    if name:
        return translate("rows.new_named" if new else "grid.row_named", lang, row=key, name=name)
    return translate("grid.new_row", lang) if new else translate("rows.row", lang, row=key)


def rows_text(
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    keys: Collection[RowKey],
    lang: str = DEFAULT_LANG,
    db: sqlite_utils.Database | None = None,
) -> str:
    """Several rows in one message, each as :func:`row_ref` names it."""
    names = row_names(spec, loaded, changes, keys, lang, db)
    return translate("rows.sep", lang).join(row_ref(k, names.get(k), lang) for k in keys)
