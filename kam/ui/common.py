"""Sidebar (language, acting as), the translation shortcut and the page's database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import sqlite_utils
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from kam import db as kamdb
from kam import demo, store
from kam.i18n import DEFAULT_LANG, LANGS, fmt_money, translate
from kam.rules.params import RuleInputError
from kam.types import TableSpec

_LANG_NAMES = {"zh": "中文", "en": "English"}

# Every page of the app: (script, title key, icon). The sidebar shows these, translated.
# (Streamlit's own page list shows file names and is switched off in .streamlit/config.toml.)
NAV: list[tuple[str, str, str]] = [
    ("app.py", "nav.home", ":material/home:"),
    ("pages/settings.py", "nav.settings", ":material/tune:"),
    ("pages/pyramid.py", "nav.pyramid", ":material/change_history:"),
    ("pages/targets.py", "nav.targets", ":material/flag:"),
]


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANG)


def t(key: str, **params: Any) -> str:
    return translate(key, lang(), **params)


def lang_key(name: str) -> str:
    """A widget key per language (Streamlit keeps the shown label of a keyed selectbox
    across a language switch); the choice carries over from the other language."""
    key = f"{name}_{lang()}"
    if key not in st.session_state:
        for other in LANGS:
            if f"{name}_{other}" in st.session_state:
                st.session_state[key] = st.session_state[f"{name}_{other}"]
                break
    return key


def money(amount: float | None) -> str:
    return fmt_money(amount, lang())


def open_db() -> sqlite_utils.Database:
    """A connection for this script run (never shared across users' threads).

    The first run on an empty database seeds demo data unless ``KAM_DEMO=0``.
    """
    db = kamdb.connect()
    if not st.session_state.get("_demo_checked"):
        with st.spinner("…"):
            demo.ensure_demo(db, dt.date.today())
        st.session_state["_demo_checked"] = True
    return db


def nav_links(pages: list[tuple[str, str, str]] | None = None) -> None:
    """Links to the app's pages; none when a page script runs alone (e.g. under AppTest)."""
    for script, label, icon in NAV if pages is None else pages:
        try:
            st.page_link(script, label=t(label), icon=icon)
        except StreamlitPageNotFoundError:
            return


@contextmanager
def rules_guard() -> Iterator[None]:
    """Rules the scoring cannot use (a database edited outside the app: the settings grid
    refuses such saves) stop the page with a message naming the table, row and column,
    and a link to the settings page, instead of a traceback."""
    try:
        yield
    except RuleInputError as e:
        column = t(f"col.{e.column}") if e.column else "—"
        st.error(t("rules.unusable", table=t(f"table.{e.table}"), row=e.row_id, column=column, reason=e.message))
        nav_links([NAV[1]])
        st.stop()


@st.cache_resource(show_spinner=False)
def _table_cache() -> dict[tuple[str, str], tuple[store.Stamp, pd.DataFrame]]:
    """(database file, table) -> (stamp, rows): shared by the app's sessions, no copies
    (pandas copies on write, so a frame handed out is never changed in place)."""
    return {}


def load_table(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """A table's rows for the grid editor, read once and reused across reruns while its
    :func:`store.table_stamp` is unchanged (a write counter kept by triggers, so never
    stale, whoever wrote). Large tables would otherwise be read again on every cell edit."""
    path = store.db_file(db)
    if not path:
        return store.loaded_frame(db, spec)
    stamp = store.table_stamp(db, spec.table)
    cache = _table_cache()
    hit = cache.get((path, spec.table))
    if hit is not None and hit[0] == stamp:
        frame = hit[1]
    else:
        frame = store.read_frame(db, spec.table)
        if len(cache) > 32:
            cache.clear()
        cache[(path, spec.table)] = (stamp, frame)
    return store.keyed_frame(frame, spec)


def after_save(db: sqlite_utils.Database, spec: TableSpec, result: store.SaveResult) -> None:
    """Move the cached table to the state the save left, patching only the saved rows, when
    the cache held exactly the state the save started from (else the next load reads).

    The saved rows are read after the commit: should another session write in between,
    the table's stamp no longer equals ``stamp_after`` and the next load reads it all."""
    path = store.db_file(db)
    hit = _table_cache().get((path, spec.table))
    if not path or hit is None or hit[0] != result.stamp_before or result.stamp_after is None:
        return
    frame, pk = hit[1], spec.pk
    written = store.rows_of(db, spec, list(result.written_keys)) if result.written_keys else None
    gone = [*result.deleted_keys, *result.written_keys]
    kept = frame[~frame[pk].isin(gone)]
    patched = kept if written is None else pd.concat([kept, written], ignore_index=True)
    patched = patched.sort_values(pk, kind="stable", ignore_index=True).reindex(columns=frame.columns)
    # A None among the saved rows makes a number column object; a fresh read gives numbers.
    for name in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[name]) and patched[name].dtype == object:
            patched[name] = pd.to_numeric(patched[name])
    _table_cache()[(path, spec.table)] = (result.stamp_after, patched)


def page_setup(title_key: str, db: sqlite_utils.Database) -> str:
    """Page config and the sidebar; returns the acting user for the audit trail: "name #id"
    of the person picked, or the name typed while there are no people yet ('' when none)."""
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.title')}", layout="wide")
    with st.sidebar:
        nav_links()
        st.divider()
        st.selectbox(
            t("sidebar.language"),
            LANGS,
            key="lang",
            format_func=lambda code: _LANG_NAMES[code],
        )
        people = store.acting_people(db)
        if not people:
            # An empty tool has nobody to pick yet: the user types a name for the audit trail.
            return st.text_input(
                t("sidebar.acting_as"), key="acting_as_name", value="admin", help=t("sidebar.acting_as_help")
            ).strip()
        labels = acting_labels(people)
        if st.session_state.get("acting_as") not in labels:
            st.session_state["acting_as"] = people[0][0]
        st.selectbox(
            t("sidebar.acting_as"),
            list(labels),
            key="acting_as",
            format_func=labels.__getitem__,
            help=t("sidebar.acting_as_help"),
        )
    pid = st.session_state["acting_as"]
    return audit_user(pid, next(name for i, name, _ in people if i == pid))


def acting_labels(people: list[tuple[int, str, str | None]]) -> dict[int, str]:
    """Person id -> what the picker shows: the name, with the branch (and the id if that
    is not enough) where two people share a name."""
    names = [name for _, name, _ in people]
    pairs = [(name, branch) for _, name, branch in people]
    out = {}
    for pid, name, branch in people:
        label = name
        if names.count(name) > 1:
            label = f"{name} · {branch}" if branch and pairs.count((name, branch)) == 1 else f"{name} · #{pid}"
        out[pid] = label
    return out


def audit_user(person_id: int, name: str) -> str:
    """The audit trail's user: the name people read, and the id that tells namesakes apart."""
    return f"{name} #{person_id}"
