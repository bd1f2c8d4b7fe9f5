"""Every page runs alone, without a browser (AppTest), on an empty and on the demo database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def _run(script: str, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KAM_DB", str(db_path))
    monkeypatch.setenv("KAM_DEMO", "0")
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.run()
    return at


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_runs_on_an_empty_database(script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(script, tmp_path / "empty.db", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title  # every page says what it is


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_runs_on_the_demo_database(
    script: str, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(template_db, tmp_path / "demo.db")
    at = _run(script, tmp_path / "demo.db", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]


def test_language_switch_changes_the_home_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run("app.py", tmp_path / "empty.db", monkeypatch)
    assert at.title[0].value == "大客户管理台"
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "KAM Console"
