"""Every page runs alone, without a browser (AppTest), on an empty and on the demo database."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kam.i18n import translate
from kam.store.people import acting_people
from tests.conftest import ROOT, RunPage

SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_runs_on_an_empty_database(script: str, tmp_path: Path, run_page: RunPage) -> None:
    at = run_page(script, tmp_path / "empty.db")  # (run_page asserts that nothing was raised)
    assert at.title  # every page says what it is


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_runs_on_the_demo_database(script: str, template_db: Path, tmp_path: Path, run_page: RunPage) -> None:
    shutil.copy(template_db, tmp_path / "demo.db")
    run_page(script, tmp_path / "demo.db")


def test_language_switch_changes_the_home_page(tmp_path: Path, run_page: RunPage) -> None:
    at = run_page("app.py", tmp_path / "empty.db")
    assert at.title[0].value == "大客户管理台"
    at.sidebar.selectbox(key="_w_lang_zh").set_value("en").run()
    assert at.title[0].value == "KAM Console"


def test_acting_as_picks_a_person_by_id_and_namesakes_are_told_apart(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    """The audit trail names the acting person as "name #id": two people may share a name."""
    from kam.db import connect
    from kam.ui.page import acting_labels, audit_user

    shutil.copy(template_db, tmp_path / "demo.db")
    db = connect(tmp_path / "demo.db")
    first = acting_people(db)
    pid, name, branch = first[0]
    assert db["people"].get(pid)["rank"] == "general_manager"  # senior ranks first
    assert all(db["people"].get(i)["left_date"] is None for i, _, _ in first)  # leavers cannot act
    db.execute(
        "INSERT INTO people (id, name, rank, branch_id, join_date) VALUES (9001, ?, 'partner', ?, '2026-01-05')",
        [name, db["people"].get(pid)["branch_id"]],
    )
    people = acting_people(db)
    labels = acting_labels(people)
    assert labels[pid] == f"{name} · #{pid}" and labels[9001] == f"{name} · #9001"  # same name, same branch
    other = next(i for i, n, b in people if n != name and b != branch)
    db.execute("UPDATE people SET name = ? WHERE id = ?", [name + "乙", other])
    db.execute("UPDATE people SET name = ? WHERE id = 9001", [name + "乙"])
    labels = acting_labels(acting_people(db))
    assert {labels[other], labels[9001]} == {f"{name}乙 · {b}" for i, _, b in people if i in (other, 9001)}
    assert audit_user(9001, "刘楠") == "刘楠 #9001"

    at = run_page("pages/settings.py", tmp_path / "demo.db")
    picker = at.sidebar.selectbox(key="_w_person_zh")
    assert picker.value == pid
    picker.set_value(9001).run()
    assert not at.exception and at.sidebar.selectbox(key="_w_person_zh").value == 9001


def test_the_typed_audit_name_survives_a_page_switch(tmp_path: Path, run_page: RunPage) -> None:
    """On an empty tool the audit name is typed; like the language (tests/e2e/test_state.py)
    it must outlive the widgets of the page it was typed on (Streamlit drops a widget's
    state when another page is drawn)."""
    at = run_page("app.py", tmp_path / "empty.db")
    at.sidebar.text_input(key="_w_person_name_zh").input("Alice").run()
    for script in ("pages/settings.py", "pages/pyramid.py", "pages/targets.py", "app.py"):
        at.switch_page(script).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.sidebar.text_input(key="_w_person_name_zh").value == "Alice"


def test_the_home_page_follows_the_as_of_date_picked_on_another_page(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    shutil.copy(template_db, tmp_path / "demo.db")
    at = run_page("app.py", tmp_path / "demo.db")
    at.switch_page("pages/pyramid.py").run()
    at.date_input(key="_w_filter_as_of_zh").set_value(dt.date(2026, 3, 31)).run()
    at.switch_page("app.py").run()
    assert not at.exception
    assert f"{translate('home.as_of', 'zh')}: 2026-03-31" in [c.value for c in at.caption]


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_picker_says_choose_in_the_users_language(
    script: str, template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    """Streamlit's own placeholder is "Choose an option" in English on a Chinese page."""
    shutil.copy(template_db, tmp_path / "demo.db")
    at = run_page(script, tmp_path / "demo.db")
    boxes = [*at.selectbox, *at.sidebar.selectbox]
    assert boxes and {b.proto.placeholder for b in boxes} == {translate("widget.choose", "zh")}


def test_every_reason_the_rules_refuse_a_row_for_is_translated() -> None:
    """kam/rules says why in English; the page shows it in the user's language."""
    import ast

    reasons = set()
    for path in (ROOT / "kam" / "rules").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "RuleInputError":
                last = node.args[-1]
                assert isinstance(last, ast.Constant), f"{path.name}:{node.lineno}: the reason must be a literal"
                reasons.add(last.value)
    assert len(reasons) >= 9
    for lang in ("zh", "en"):
        assert [r for r in reasons if translate(f"rules.why.{r}", lang) == f"rules.why.{r}"] == []


def test_rules_labels_in_the_targets_captions_are_inert_markdown(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    from kam.db import connect

    shutil.copy(template_db, tmp_path / "demo.db")
    db = connect(tmp_path / "demo.db")
    db.execute(
        "UPDATE r6_drivers SET label_zh = '**粗**[点我](http://x.test)' WHERE code = (SELECT MIN(code) FROM r6_drivers)"
    )
    db.conn.commit()
    session = {"lang": "zh", "targets_tab": translate("targets.tab.drivers", "zh")}
    at = run_page("pages/targets.py", tmp_path / "demo.db", session=session)
    shown = [c.value for c in at.caption if "粗" in c.value]
    assert shown and all("\\*\\*粗\\*\\*\\[点我\\]\\(http" in v for v in shown)


@pytest.mark.parametrize(
    ("script", "labels"),
    [
        ("pages/targets.py", ["filter.year", "filter.branch", "filter.team"]),
        ("pages/pyramid.py", ["filter.branch", "filter.team", "filter.owner"]),
    ],
)
def test_the_filter_bar_keeps_its_order_team_beside_branch(
    script: str, labels: list[str], template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    shutil.copy(template_db, tmp_path / "demo.db")
    at = run_page(script, tmp_path / "demo.db")
    shown = [b.label for b in at.main.selectbox]
    assert shown[: len(labels)] == [translate(k, "zh") for k in labels]
    assert at.main.date_input[0].label == translate("filter.as_of", "zh")


def test_an_empty_drivers_grid_says_where_its_rows_come_from(tmp_path: Path, run_page: RunPage) -> None:
    """It said "没有修改。" (no changes) above the empty grid, and again beside its buttons."""
    session = {"lang": "zh", "targets_tab": translate("targets.tab.drivers", "zh")}
    at = run_page("pages/targets.py", tmp_path / "empty.db", session=session)
    assert translate("targets.drivers.empty", "zh") in [i.value for i in at.info]
    assert translate("grid.no_changes", "zh") not in [i.value for i in at.info]
