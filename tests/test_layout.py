"""The layering of house-style.md, checked by walking imports with ast."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# module glob -> allowed third-party/top-level imports besides the standard library
ALLOWED = {
    "kam/db.py": {"sqlite_utils", "kam"},
    "kam/schema.py": {"sqlite_utils", "kam"},
    "kam/types.py": set(),
    "kam/store/*.py": {"sqlite_utils", "pandas", "kam"},
    "kam/rules/*.py": {"pandas", "numpy", "kam"},
    "kam/ui/*.py": {"streamlit", "st_aggrid", "pandas", "sqlite_utils", "kam", "altair"},
    "kam/pyramid*.py": {"pandas", "numpy", "kam"},
    "kam/export.py": {"pandas"},
    "kam/targets/*.py": {"pandas", "numpy", "openpyxl", "kam"},
    "kam/demo/*.py": {"faker", "sqlite_utils", "kam"},
    "kam/validate.py": {"pandas", "kam"},
    "kam/invariants.py": {"pandas", "kam"},
    "kam/specs.py": {"kam"},
    "kam/i18n.py": {"kam"},
    "pages/*.py": {"streamlit", "altair", "kam", "pandas"},
    "app.py": {"streamlit", "altair", "kam"},
}
FORBIDDEN_IN_RULES = {"kam.store", "kam.db", "kam.ui", "streamlit", "sqlite3", "sqlite_utils"}
STDLIB = set(__import__("sys").stdlib_module_names)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files() -> list[tuple[Path, set[str]]]:
    out = []
    for pattern, allowed in ALLOWED.items():
        for path in sorted(ROOT.glob(pattern)):
            out.append((path, allowed))
    return out


@pytest.mark.parametrize(
    ("path", "allowed"), _files(), ids=lambda v: str(v)[len(str(ROOT)) + 1 :] if isinstance(v, Path) else ""
)
def test_module_imports_only_what_its_layer_may(path: Path, allowed: set[str]) -> None:
    bad = sorted(n for n in _imports(path) if n.split(".")[0] not in STDLIB | allowed | {"__future__"})
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"


def test_rules_are_pure() -> None:
    for path in sorted((ROOT / "kam" / "rules").glob("*.py")):
        names = _imports(path)
        bad = sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN_IN_RULES))
        assert bad == [], f"{path.name} imports {bad}"
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"date\.today\(\)|datetime\.now\(\)", text), f"{path.name} reads the clock"


def test_pages_hold_no_sql() -> None:
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\s+(\*|\w+\s+FROM|INTO|\w+\s+SET|FROM)\b", re.I)
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        assert not sql.search(path.read_text(encoding="utf-8")), f"SQL in {path.name}"


def test_no_unsafe_html_and_jscode_only_in_one_module() -> None:
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("kam/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html=True" not in text, path.name
        assert "st.html(" not in text, path.name
        if path.name != "gridjs.py":
            assert "JsCode(" not in text, f"JsCode outside kam/ui/gridjs.py: {path.name}"
