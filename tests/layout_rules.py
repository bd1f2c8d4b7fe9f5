"""The layering of house-style.md ("Our layout") as checks over a source tree.

Each ``check_x(root)`` reads ``app.py``, ``pages/`` and ``kam/`` under ``root`` and returns the
breaches it finds, one string each: ``"path:line: what"`` (path relative to ``root``, POSIX).
The analysis of a file is cached by its text, so checking a copy of the tree costs only the
files that differ.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

STDLIB = frozenset(sys.stdlib_module_names)
UI_LIBS = ("streamlit", "st_aggrid", "streamlit_dnd", "altair")


@dataclass(frozen=True)
class Layer:
    """Which files belong to a layer and what they may import besides the standard library.

    :param paths: files (``kam/edit.py``) or folders (``kam/rules/``, every file below it).
    :param allowed: module prefixes allowed besides the standard library; ``None``: anything
      not in ``forbidden``.
    :param forbidden: module prefixes never allowed, standard library or not.
    """

    name: str
    paths: tuple[str, ...]
    allowed: tuple[str, ...] | None
    forbidden: tuple[str, ...] = ()

    def holds(self, rel: str) -> bool:
        return any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in self.paths)


BASE = Layer(
    "kam/db.py, kam/schema.py, kam/defaults.py",
    ("kam/db.py", "kam/schema.py", "kam/defaults.py"),
    allowed=("sqlite_utils", "kam.db", "kam.schema", "kam.defaults", "kam.types"),
)
TYPES = Layer("kam/types.py", ("kam/types.py", "kam/__init__.py"), allowed=())
RULES = Layer(
    "kam/rules", ("kam/rules/",), allowed=("pandas", "numpy", "kam.types", "kam.rules"), forbidden=("sqlite3",)
)
STORE = Layer(
    "kam/store",
    ("kam/store/",),
    allowed=("sqlite_utils", "pandas", "numpy", "kam.db", "kam.types", "kam.defaults", "kam.rules.params", "kam.store"),
)
EDIT = Layer("kam/edit.py", ("kam/edit.py",), allowed=None, forbidden=(*UI_LIBS, "kam.ui", "kam.views"))
VIEWS = Layer("kam/views", ("kam/views/",), allowed=None, forbidden=(*UI_LIBS, "kam.ui"))
UI = Layer("kam/ui", ("kam/ui/",), allowed=(*UI_LIBS, "pandas", "sqlite_utils", "kam"))
SERVICES = Layer(
    "validate, auth, invariants, order_checks, talent_checks, closing, specs, i18n, texts, export, demo",
    (
        "kam/validate.py",
        "kam/auth.py",
        "kam/invariants.py",
        "kam/order_checks.py",
        "kam/talent_checks.py",
        "kam/closing.py",
        "kam/specs.py",
        "kam/i18n.py",
        "kam/texts/",
        "kam/export.py",
        "kam/dot.py",
        "kam/demo/",
    ),
    allowed=None,
    forbidden=(*UI_LIBS, "kam.ui", "kam.views"),
)
PAGES = Layer("pages", ("app.py", "pages/"), allowed=("streamlit", "altair", "pandas", "kam"))
LAYERS = (BASE, TYPES, RULES, STORE, EDIT, VIEWS, UI, SERVICES, PAGES)

# SQL may live here only (the demo data writes through kam/store/bulk.py).
SQL_HOMES = ("kam/db.py", "kam/schema.py", "kam/defaults.py", "kam/store/")
JSCODE_HOME = "kam/ui/gridjs.py"
SETUP_MODULE = "kam.ui.page"


# --- reading the tree ------------------------------------------------------------------------


def source_names(root: Path) -> list[str]:
    """app.py, pages/*.py and every module under kam/, as POSIX paths relative to ``root``."""
    top = os.fspath(root)
    names = ["app.py"] if os.path.isfile(os.path.join(top, "app.py")) else []
    pages = os.path.join(top, "pages")
    if os.path.isdir(pages):
        names += sorted(f"pages/{n}" for n in os.listdir(pages) if n.endswith(".py"))
    kam = []
    for folder, dirs, files in os.walk(os.path.join(top, "kam")):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        base = os.path.relpath(folder, top).replace(os.sep, "/")
        kam += [f"{base}/{n}" for n in files if n.endswith(".py")]
    return names + sorted(kam)


def _files(root: Path, holds: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """(relative path, text) of the sources that ``holds`` selects."""
    top = os.fspath(root)
    for rel in source_names(root):
        if holds(rel):
            with open(os.path.join(top, rel), encoding="utf-8") as f:
                yield rel, f.read()


@functools.cache
def _parse(text: str) -> ast.Module:
    return ast.parse(text)


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


# --- imports ---------------------------------------------------------------------------------


def _literal_module(node: ast.expr) -> str | None:
    """The module named by ``import_module("x")`` (or the fixed head of an f-string)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return str(node.values[0].value).rstrip(".") or None
    return None


@functools.cache
def imports(rel: str, text: str) -> tuple[tuple[int, str], ...]:
    """Every module a file imports, as (line, dotted name), wherever the import stands.

    ``from x import y`` counts as ``x.y`` (``y`` may be a module); relative imports are resolved
    against the file's package; ``importlib.import_module("x")`` and ``__import__("x")`` count too.
    """
    out: list[tuple[int, str]] = []
    for node in ast.walk(_parse(text)):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = rel.split("/")[:-1]  # kam/rules/x.py and kam/rules/__init__.py: kam.rules
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            out.extend((node.lineno, base if a.name == "*" else f"{base}.{a.name}") for a in node.names)
        elif (
            isinstance(node, ast.Call) and node.args and _dotted(node.func) in {"importlib.import_module", "__import__"}
        ):
            name = _literal_module(node.args[0])
            if name:
                out.append((node.lineno, name))
    return tuple(sorted(out))


def _imports_allowed(layer: Layer, name: str) -> bool:
    if _under(name, layer.forbidden):
        return False
    return layer.allowed is None or name.split(".")[0] in STDLIB or _under(name, layer.allowed)


def _import_breaches(root: Path, layer: Layer) -> list[str]:
    return [
        f"{rel}:{line}: imports {name} ({layer.name} may not)"
        for rel, text in _files(root, layer.holds)
        for line, name in imports(rel, text)
        if not _imports_allowed(layer, name)
    ]


def check_every_module_has_a_layer(root: Path) -> list[str]:
    """A module outside every layer would escape all the import checks."""
    return [
        f"{rel}:1: belongs to no layer of house-style.md"
        for rel, _ in _files(root, lambda rel: not any(layer.holds(rel) for layer in LAYERS))
    ]


def check_base_imports(root: Path) -> list[str]:
    """kam/db.py, kam/schema.py, kam/defaults.py sit below everything: sqlite_utils and each other."""
    return _import_breaches(root, BASE)


def check_types_imports(root: Path) -> list[str]:
    """kam/types.py (and the empty kam/__init__.py): the standard library only."""
    return _import_breaches(root, TYPES)


def check_rules_imports(root: Path) -> list[str]:
    """kam/rules: the standard library (not sqlite3), pandas, numpy, kam.types, kam.rules."""
    return _import_breaches(root, RULES)


def check_store_imports(root: Path) -> list[str]:
    """kam/store: sqlite_utils, pandas, kam.db, kam.types, kam.defaults, kam.rules.params, kam.store."""
    return _import_breaches(root, STORE)


def check_edit_imports(root: Path) -> list[str]:
    """kam/edit.py, the one save path: never kam.ui, kam.views, streamlit, st_aggrid, altair."""
    return _import_breaches(root, EDIT)


def check_views_imports(root: Path) -> list[str]:
    """kam/views: never streamlit, st_aggrid, altair or kam.ui."""
    return _import_breaches(root, VIEWS)


def check_ui_imports(root: Path) -> list[str]:
    """kam/ui: streamlit, st_aggrid, altair, pandas, sqlite_utils and kam.*."""
    return _import_breaches(root, UI)


def check_services_imports(root: Path) -> list[str]:
    """validate, invariants, specs, i18n, texts, export, demo: no UI library, kam.ui or kam.views."""
    return _import_breaches(root, SERVICES)


def check_pages_imports(root: Path) -> list[str]:
    """app.py and pages/*.py: streamlit, altair, pandas and kam.*."""
    return _import_breaches(root, PAGES)


# --- rules never read the clock --------------------------------------------------------------

CLOCK_METHODS = frozenset({"today", "now", "utcnow"})  # date.today(), datetime.now(), pd.Timestamp.now()
CLOCK_FUNCTIONS = frozenset({"time", "time_ns", "localtime", "gmtime", "ctime", "asctime"})  # of module time
CLOCK_WORDS = frozenset({"today", "now"})  # pd.Timestamp("now"), np.datetime64("today")


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> dotted module path, from the file's imports."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                names[a.asname or a.name] = f"{node.module}.{a.name}"
    return names


def _resolved(func: ast.expr, aliases: dict[str, str]) -> str | None:
    name = _dotted(func)
    if name is None:
        return None
    head, _, tail = name.partition(".")
    head = aliases.get(head, head)
    return f"{head}.{tail}" if tail else head


@functools.cache
def _clock_reads(text: str) -> tuple[tuple[int, str], ...]:
    tree = _parse(text)
    aliases = _aliases(tree)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _resolved(node.func, aliases) or ""
        words = {a.value.strip().lower() for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
        if (
            (isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_METHODS)
            or (name.startswith("time.") and name.removeprefix("time.") in CLOCK_FUNCTIONS)
            or words & CLOCK_WORDS
        ):
            out.append((node.lineno, ast.unparse(node)))
    return tuple(out)


def check_rules_never_read_the_clock(root: Path) -> list[str]:
    """Rules take ``as_of``: no date.today(), datetime.now(), time.time() or "now"/"today"."""
    return [
        f"{rel}:{line}: reads the clock: {call}"
        for rel, text in _files(root, RULES.holds)
        for line, call in _clock_reads(text)
    ]


# --- no SQL outside the store ----------------------------------------------------------------

_NAME = r"[\[\"`\w{(]"  # a table name, quoted, bracketed, or an f-string placeholder
SQL_SHAPES = (
    ("SELECT ... FROM", rf"\bSELECT\b[^;]{{0,500}}?\bFROM\s*{_NAME}"),
    ("INSERT INTO", r"\b(INSERT|REPLACE)\s+(OR\s+\w+\s+)?INTO\b"),
    ("UPDATE ... SET", r"\bUPDATE\s+(OR\s+\w+\s+)?\S+\s+SET\b"),
    ("DELETE FROM", r"\bDELETE\s+FROM\b"),
    ("CREATE", r"\bCREATE\s+(UNIQUE\s+|TEMP\s+|TEMPORARY\s+|VIRTUAL\s+)?(TABLE|TRIGGER|INDEX|VIEW)\b"),
    ("DROP", r"\bDROP\s+(TABLE|TRIGGER|INDEX|VIEW)\b"),
    ("ALTER TABLE", r"\bALTER\s+TABLE\b"),
    ("PRAGMA", r"\bPRAGMA\s+\w"),
    (
        "transaction statement",
        r"^\s*(BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?|(COMMIT|END)(\s+TRANSACTION)?"
        r"|ROLLBACK(\s+TRANSACTION)?(\s+TO\s+(SAVEPOINT\s+)?\S+)?|SAVEPOINT\s+\S+|RELEASE\s+(SAVEPOINT\s+)?\S+)\s*;?\s*$",
    ),
)
# Keywords in capitals anywhere (prose such as "Delete from the list" stays clear); in any case
# when the string goes straight into a call that runs SQL.
SQL_CAPS = tuple((label, re.compile(p)) for label, p in SQL_SHAPES)
SQL_ANY_CASE = tuple((label, re.compile(p, re.IGNORECASE)) for label, p in SQL_SHAPES)
SQL_RUNNERS = frozenset({"execute", "executemany", "executescript", "query", "read_sql", "read_sql_query"})


def _string_text(node: ast.expr) -> str | None:
    """The text of a string expression; f-string fields and non-string operands become ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        left, right = _string_text(node.left), _string_text(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "{}") + (right if right is not None else "{}")
    return None


def _docstrings(tree: ast.Module) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


@functools.cache
def _sql_literals(text: str) -> tuple[tuple[int, str, str], ...]:
    tree = _parse(text)
    skip = _docstrings(tree)
    run = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_RUNNERS:
            run.update(id(a) for a in node.args[:1])
        elif isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)  # read as part of the f-string
    out: dict[tuple[int, str], str] = {}
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.expr):
            continue
        literal = _string_text(node)
        if literal is None:
            continue
        for label, shape in SQL_ANY_CASE if id(node) in run else SQL_CAPS:
            if shape.search(literal):
                out.setdefault((node.lineno, label), literal[:60])
    return tuple((line, label, literal) for (line, label), literal in sorted(out.items()))


def check_no_sql_outside_store(root: Path) -> list[str]:
    """SQL statements in string literals only in kam/db.py, kam/schema.py, kam/defaults.py,
    kam/store/. Docstrings are prose and not read."""
    elsewhere = Layer("SQL homes", SQL_HOMES, allowed=None)
    return [
        f"{rel}:{line}: SQL in a string literal ({label}): {literal!r}"
        for rel, text in _files(root, lambda rel: not elsewhere.holds(rel))
        for line, label, literal in _sql_literals(text)
    ]


# --- every page calls the shared setup first -------------------------------------------------


def _is_setup_call(node: ast.stmt | None) -> bool:
    """``page = setup("...")`` (keyword arguments may follow the title key)."""
    match node:
        case ast.Assign(targets=[ast.Name(id="page")], value=ast.Call(func=ast.Name(id="setup"), args=[title])):
            return isinstance(title, ast.Constant) and isinstance(title.value, str)
    return False


@functools.cache
def _setup_problems(text: str) -> tuple[tuple[int, str], ...]:
    body = _parse(text).body
    i = 0
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        i = 1
    while i < len(body) and isinstance(body[i], ast.Import | ast.ImportFrom):
        i += 1
    first = body[i] if i < len(body) else None
    out = []
    if not _is_setup_call(first):
        what = ast.unparse(first).splitlines()[0][:60] if first else "nothing"
        out.append((first.lineno if first else 1, f'first statement is {what!r}, not page = setup("...")'))
    setup_from = None  # what the name ``setup`` is bound to by the imports (the last binding wins)
    for node in (n for n in body[:i] if isinstance(n, ast.Import | ast.ImportFrom)):
        for a in node.names:
            if (a.asname or a.name.split(".")[0]) == "setup":
                module = node.module if isinstance(node, ast.ImportFrom) and not node.level else None
                setup_from = f"{module}.{a.name}" if module else a.name
    if setup_from != f"{SETUP_MODULE}.setup":
        out.append((1, f"setup is not imported from {SETUP_MODULE}"))
    return tuple(out)


def check_pages_call_setup_first(root: Path) -> list[str]:
    """app.py and every pages/*.py: after the docstring and the imports, ``page = setup("...")``."""
    missing = [] if (root / "app.py").is_file() else ["app.py:1: missing"]
    return missing + [
        f"{rel}:{line}: {what}" for rel, text in _files(root, PAGES.holds) for line, what in _setup_problems(text)
    ]


# --- no raw HTML, JsCode in one module -------------------------------------------------------


@functools.cache
def _html_uses(text: str, jscode_allowed: bool) -> tuple[tuple[int, str], ...]:
    tree = _parse(text)
    aliases = _aliases(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
            if not (isinstance(node.value, ast.Constant) and node.value.value is False):
                out.append((node.value.lineno, "unsafe_allow_html=" + ast.unparse(node.value)))
        elif isinstance(node, ast.Call):
            name = _resolved(node.func, aliases) or ""
            if name.startswith("streamlit.") and name.endswith(".html"):
                out.append((node.lineno, f"calls {ast.unparse(node.func)}() (raw HTML)"))
        if jscode_allowed:
            continue
        if (
            (isinstance(node, ast.Name) and node.id == "JsCode")
            or (isinstance(node, ast.Attribute) and node.attr == "JsCode")
            or (isinstance(node, ast.alias) and node.name.split(".")[-1] == "JsCode")
        ):
            out.append((getattr(node, "lineno", 1), f"JsCode outside {JSCODE_HOME}"))
    return tuple(sorted(set(out)))


def check_no_raw_html_and_jscode_in_one_module(root: Path) -> list[str]:
    """No unsafe_allow_html=True, no st.html (nor components.html); JsCode only in kam/ui/gridjs.py."""
    return [
        f"{rel}:{line}: {what}"
        for rel, text in _files(root, lambda rel: True)
        for line, what in _html_uses(text, rel == JSCODE_HOME)
    ]


SELECT_HOME = "kam/ui/common.py"


def check_pickers_speak_the_users_language(root: Path) -> list[str]:
    """Every selectbox through kam.ui.common.select (its placeholder translated: Streamlit's
    own "Choose an option" otherwise shows on a Chinese page)."""
    return [
        f"{rel}:{node.lineno}: calls {ast.unparse(node.func)}() (use kam.ui.common.select)"
        for rel, text in _files(root, lambda rel: rel != SELECT_HOME)
        for node in ast.walk(_parse(text))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "selectbox"
    ]


CHECKS: tuple[Callable[[Path], list[str]], ...] = (
    check_every_module_has_a_layer,
    check_base_imports,
    check_types_imports,
    check_rules_imports,
    check_store_imports,
    check_edit_imports,
    check_views_imports,
    check_ui_imports,
    check_services_imports,
    check_pages_imports,
    check_rules_never_read_the_clock,
    check_no_sql_outside_store,
    check_pages_call_setup_first,
    check_no_raw_html_and_jscode_in_one_module,
    check_pickers_speak_the_users_language,
)
