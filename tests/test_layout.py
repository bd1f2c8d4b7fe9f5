"""The layering of house-style.md ("Our layout"): the real tree breaks no rule, and each check
catches a breach planted in a copy of the tree (the checks live in tests/layout_rules.py)."""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.layout_rules import (
    CHECKS,
    check_base_imports,
    check_edit_imports,
    check_every_module_has_a_layer,
    check_no_raw_html_and_jscode_in_one_module,
    check_no_sql_outside_store,
    check_pages_call_setup_first,
    check_pages_imports,
    check_pickers_speak_the_users_language,
    check_rules_imports,
    check_rules_never_read_the_clock,
    check_services_imports,
    check_store_imports,
    check_types_imports,
    check_ui_imports,
    check_views_imports,
)

ROOT = Path(__file__).resolve().parents[1]
Check = Callable[[Path], list[str]]
Edit = Callable[[str], str]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_tree_keeps_the_layout(check: Check) -> None:
    assert check(ROOT) == []


# --- planted breaches ------------------------------------------------------------------------


def append(code: str) -> Edit:
    return lambda text: f"{text}\n{code}\n"


def sub(pattern: str, repl: str) -> Edit:
    """Replace the one line matching ``pattern`` (fails loudly if the tree no longer has it)."""

    def edit(text: str) -> str:
        new, n = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
        assert n == 1, f"pattern {pattern!r} not found: update the planted breach"
        return new

    return edit


def create(code: str) -> Edit:
    return lambda text: code


SETUP_LINE = r'^page = setup\("[^"]*"\)$'

PLANTS = [
    # imports, one layer at a time
    pytest.param(check_views_imports, "kam/views/pyramid/figures.py", append("import streamlit"), id="views-streamlit"),
    pytest.param(check_views_imports, "kam/views/home.py", append("from kam import ui"), id="views-from-kam-import-ui"),
    pytest.param(check_views_imports, "kam/views/home.py", append("from ..ui import grid"), id="views-relative-ui"),
    pytest.param(check_views_imports, "kam/views/settings.py", append("import altair as alt"), id="views-altair"),
    pytest.param(check_store_imports, "kam/store/orders.py", append("import kam.ui.cache"), id="store-ui-cache"),
    pytest.param(check_store_imports, "kam/store/people.py", append("from kam.views import home"), id="store-views"),
    pytest.param(check_store_imports, "kam/store/save.py", append("from kam import edit"), id="store-edit"),
    pytest.param(check_store_imports, "kam/store/frames.py", append("from kam.rules import tiers"), id="store-rules"),
    pytest.param(check_edit_imports, "kam/edit.py", append("import streamlit"), id="edit-streamlit"),
    pytest.param(check_edit_imports, "kam/edit.py", append("from st_aggrid import AgGrid"), id="edit-aggrid"),
    pytest.param(check_rules_imports, "kam/rules/tiers.py", append("from kam.ui import grid"), id="rules-ui"),
    pytest.param(check_rules_imports, "kam/rules/periods.py", append("import sqlite3"), id="rules-sqlite3"),
    pytest.param(
        check_rules_imports,
        "kam/rules/value.py",
        append("def _late():\n    from kam.store import orders\n\n    return orders"),
        id="rules-store-inside-function",
    ),
    pytest.param(check_types_imports, "kam/types.py", append("import pandas as pd"), id="types-pandas"),
    pytest.param(check_base_imports, "kam/db.py", append("from kam.store import save"), id="db-store"),
    pytest.param(check_ui_imports, "kam/ui/common.py", append("import numpy as np"), id="ui-numpy"),
    pytest.param(check_services_imports, "kam/i18n.py", append("import altair"), id="i18n-altair"),
    pytest.param(check_services_imports, "kam/demo/people.py", append("import streamlit as st"), id="demo-streamlit"),
    pytest.param(
        check_services_imports,
        "kam/export.py",
        append('import importlib\n\nst = importlib.import_module("streamlit")'),
        id="export-import-module-streamlit",
    ),
    pytest.param(check_services_imports, "kam/texts/common.py", append("from kam.views import home"), id="texts-views"),
    pytest.param(check_pages_imports, "pages/settings.py", append("import sqlite_utils"), id="page-sqlite-utils"),
    pytest.param(check_pages_imports, "app.py", append("import numpy"), id="app-numpy"),
    pytest.param(check_every_module_has_a_layer, "kam/pyramid.py", create("X = 1\n"), id="module-without-layer"),
    # the clock
    pytest.param(
        check_rules_never_read_the_clock,
        "kam/rules/tiers.py",
        append("import datetime as dt\n\n\ndef _as_of():\n    return dt.date.today()"),
        id="rules-date-today",
    ),
    pytest.param(
        check_rules_never_read_the_clock,
        "kam/rules/periods.py",
        append("from datetime import datetime\n\nNOW = datetime.now()"),
        id="rules-datetime-now",
    ),
    pytest.param(
        check_rules_never_read_the_clock,
        "kam/rules/orders.py",
        append("import time\n\nSTARTED = time.time()"),
        id="rules-time-time",
    ),
    pytest.param(
        check_rules_never_read_the_clock,
        "kam/rules/value.py",
        append('TODAY = pd.Timestamp("today")'),
        id="rules-timestamp-today",
    ),
    # SQL
    pytest.param(
        check_no_sql_outside_store,
        "kam/views/home.py",
        append('db.execute("SELECT id FROM customers")'),
        id="sql-select-in-view",
    ),
    pytest.param(
        check_no_sql_outside_store,
        "pages/settings.py",
        append('page.db.execute("select id from customers")'),
        id="sql-lowercase-executed-in-page",
    ),
    pytest.param(
        check_no_sql_outside_store,
        "kam/demo/people.py",
        append('def _n(db):\n    return db.execute("SELECT count(*) FROM people").fetchone()'),
        id="sql-in-demo-data",
    ),
    pytest.param(
        check_no_sql_outside_store,
        "kam/ui/cache.py",
        append('def _drop(db, t):\n    db.execute(f"DELETE FROM [{t}] WHERE id = ?", [1])'),
        id="sql-fstring-delete-in-ui",
    ),
    pytest.param(
        check_no_sql_outside_store,
        "kam/edit.py",
        append('def _lock(db):\n    db.execute("BEGIN IMMEDIATE")'),
        id="sql-begin-in-edit",
    ),
    pytest.param(
        check_no_sql_outside_store,
        "kam/views/settings.py",
        append('SQL = "UPDATE rule_params SET value = ? " + "WHERE id = ?"'),
        id="sql-update-concatenated",
    ),
    pytest.param(
        check_no_sql_outside_store,
        "kam/invariants.py",
        append('DDL = """\nCREATE TABLE notes (id INTEGER PRIMARY KEY)\n"""'),
        id="sql-create-table",
    ),
    pytest.param(
        check_no_sql_outside_store, "app.py", append('Q = "PRAGMA foreign_keys = OFF"'), id="sql-pragma-in-app"
    ),
    # the shared page setup
    pytest.param(
        check_pages_call_setup_first,
        "pages/settings.py",
        sub(SETUP_LINE, 'st.title("x")\n\\g<0>'),
        id="page-title-before-setup",
    ),
    pytest.param(check_pages_call_setup_first, "app.py", sub(SETUP_LINE + r"\n", ""), id="app-without-setup"),
    pytest.param(
        check_pages_call_setup_first,
        "pages/targets.py",
        sub(SETUP_LINE, "LIMIT = 5\n\\g<0>"),
        id="page-statement-before-setup",
    ),
    pytest.param(
        check_pages_call_setup_first,
        "pages/targets.py",
        sub(r"^(from kam\.ui\.page import .*), setup$", "\\1\nfrom kam.ui.widgets import setup"),
        id="page-setup-from-elsewhere",
    ),
    pytest.param(check_pages_call_setup_first, "pages/new.py", create('"""A new page."""\n'), id="new-page-no-setup"),
    # raw HTML and JsCode
    pytest.param(
        check_no_raw_html_and_jscode_in_one_module,
        "pages/pyramid.py",
        append('st.markdown("<b>x</b>", unsafe_allow_html=True)'),
        id="unsafe-allow-html",
    ),
    pytest.param(check_no_raw_html_and_jscode_in_one_module, "app.py", append('st.html("<b>x</b>")'), id="st-html"),
    pytest.param(
        check_pickers_speak_the_users_language,
        "pages/settings.py",
        append('st.selectbox("x", [1])'),
        id="raw-selectbox",
    ),
    pytest.param(
        check_pickers_speak_the_users_language,
        "kam/ui/filters.py",
        append('st.sidebar.selectbox("x", [1])'),
        id="raw-sidebar-selectbox",
    ),
    pytest.param(
        check_no_raw_html_and_jscode_in_one_module,
        "kam/ui/widgets.py",
        append('import streamlit.components.v1 as components\n\ncomponents.html("<b>x</b>")'),
        id="components-html",
    ),
    pytest.param(
        check_no_raw_html_and_jscode_in_one_module,
        "kam/ui/grid.py",
        append('from st_aggrid import JsCode\n\nX = JsCode("function() {}")'),
        id="jscode-outside-gridjs",
    ),
]

# Ordinary prose and harmless calls that no check may report.
INNOCENT = [
    pytest.param(
        "kam/texts/common.py",
        append('EXTRA = {"x": "Select the customers from the list, then update the set; delete from the plan."}'),
        id="prose-in-texts",
    ),
    pytest.param(
        "kam/views/home.py",
        append('def _doc():\n    """Runs ``BEGIN IMMEDIATE``, then SELECT id FROM customers, in kam.store."""'),
        id="sql-in-a-docstring",
    ),
    pytest.param("kam/views/scope.py", append("def _won(df):\n    return df.query(\"stage == 'won'\")"), id="df-query"),
    pytest.param("kam/i18n.py", append('LABELS = ["Commit", "Begin", "End", "Rollback"]'), id="words-as-labels"),
    pytest.param("pages/settings.py", append('st.markdown("**x**", unsafe_allow_html=False)'), id="html-false"),
    pytest.param("kam/rules/periods.py", append("def _day(d):\n    return d.isoformat()"), id="rules-date-method"),
]


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the real kam/, pages/ and app.py for the module; each test plants in it
    through ``planted`` and leaves it as it found it."""
    dest = tmp_path_factory.mktemp("tree")
    skip = shutil.ignore_patterns("__pycache__")
    for name in ("kam", "pages"):
        shutil.copytree(ROOT / name, dest / name, ignore=skip)
    shutil.copy2(ROOT / "app.py", dest / "app.py")
    return dest


@contextlib.contextmanager
def planted(root: Path, rel: str, edit: Edit) -> Iterator[Path]:
    """The copy with ``edit`` applied to ``rel`` (created if missing), restored afterwards."""
    path = root / rel
    before = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(edit(before or ""), encoding="utf-8")
    try:
        yield root
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")


@functools.cache
def _real(check: Check) -> frozenset[str]:
    return frozenset(check(ROOT))


@pytest.mark.parametrize(("check", "rel", "edit"), PLANTS)
def test_check_reports_the_planted_breach(copy: Path, check: Check, rel: str, edit: Edit) -> None:
    with planted(copy, rel, edit) as root:
        new = set(check(root)) - _real(check)
        assert new, f"{check.__name__} missed the breach planted in {rel}"
        assert {b.split(":", 1)[0] for b in new} == {rel}, new
        for other in CHECKS:
            if other is not check:
                assert set(other(root)) == _real(other), f"{other.__name__} also fired"


@pytest.mark.parametrize(("rel", "edit"), INNOCENT)
def test_checks_ignore_ordinary_text(copy: Path, rel: str, edit: Edit) -> None:
    with planted(copy, rel, edit) as root:
        for check in CHECKS:
            assert set(check(root)) == _real(check), check.__name__
