"""Every page runs alone, without a browser (AppTest), on an empty and on the demo database."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kam.i18n import translate
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


def test_every_page_opened_without_signing_in_shows_only_the_sign_in_form(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    shutil.copy(template_db, tmp_path / "demo.db")
    for script in SCRIPTS:
        at = run_page(script, tmp_path / "demo.db", account=None)
        assert [x.value for x in at.title] == [translate("auth.title", "zh")], script
        assert not at.main.selectbox and not at.main.dataframe and not at.metric, script
        assert translate("auth.demo", "zh") in [i.value for i in at.info]  # a demo database says so


def test_an_empty_tool_asks_for_the_first_admin_and_nothing_else(tmp_path: Path, run_page: RunPage) -> None:
    from kam.store import users

    at = run_page("pages/settings.py", tmp_path / "empty.db", account=None)
    assert [x.value for x in at.title] == [translate("auth.first_title", "zh")]
    fields = at.text_input
    fields[0].input("boss")
    fields[1].input("老板")
    fields[2].input("a long enough password")
    fields[3].input("a long enough password")
    at.button[0].click().run()
    assert not at.exception
    assert [x.value for x in at.title] == [translate("settings.title", "zh")]  # signed in, on the page
    from kam.db import connect

    db = connect(tmp_path / "empty.db")
    assert users.user_count(db) == 1 and db.execute("SELECT role FROM users").fetchone()[0] == "admin"


def test_signing_in_with_the_demo_password_opens_the_page_and_names_the_user(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    from kam.demo.accounts import DEMO_PASSWORD

    shutil.copy(template_db, tmp_path / "demo.db")
    at = run_page("pages/settings.py", tmp_path / "demo.db", account=None)
    at.text_input[0].input("sales")
    at.text_input[1].input("wrong")
    at.button[0].click().run()
    assert translate("auth.failed", "zh") in [e.value for e in at.error]
    at.text_input[0].input("sales")
    at.text_input[1].input(DEMO_PASSWORD)
    at.button[0].click().run()
    assert [x.value for x in at.title] == [translate("settings.title", "zh")]
    shown = " ".join(c.value for c in at.sidebar.caption)
    assert translate("auth.role.sales", "zh") in shown


def test_a_session_stays_signed_in_across_page_switches_and_signs_out(tmp_path: Path, run_page: RunPage) -> None:
    """Signed in once, every page opens (Streamlit drops a widget's state on another page;
    the account lives in a key of its own); sign-out ends the session."""
    at = run_page("app.py", tmp_path / "empty.db")
    for script in ("pages/settings.py", "pages/pyramid.py", "pages/targets.py", "app.py"):
        at.switch_page(script).run()
        assert not at.exception, [e.value for e in at.exception]
        assert translate("auth.title", "zh") not in [x.value for x in at.title], script
    at.sidebar.button(key="kam_sign_out").click().run()
    assert [x.value for x in at.title] == [translate("auth.title", "zh")]
    assert translate("auth.signed_out", "zh") in [i.value for i in at.info]


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


def test_a_session_ends_when_its_account_is_deactivated_meanwhile(tmp_path: Path, run_page: RunPage) -> None:
    from kam.db import connect

    at = run_page("pages/settings.py", tmp_path / "empty.db")
    assert [x.value for x in at.title] == [translate("settings.title", "zh")]
    connect(tmp_path / "empty.db").execute("UPDATE users SET active = 0")
    at.run()
    assert [x.value for x in at.title] == [translate("auth.title", "zh")]


def test_a_new_password_set_elsewhere_ends_the_other_sessions(tmp_path: Path, run_page: RunPage) -> None:
    """A password reset by an admin (or changed in another tab) signs this session out."""
    from kam.auth import hash_password
    from kam.db import connect
    from kam.store import users

    at = run_page("pages/settings.py", tmp_path / "empty.db")
    assert [x.value for x in at.title] == [translate("settings.title", "zh")]
    db = connect(tmp_path / "empty.db")
    uid = db.execute("SELECT id FROM users").fetchone()[0]
    at.run()  # nothing changed: still signed in
    assert [x.value for x in at.title] == [translate("settings.title", "zh")]
    users.set_password(
        db, uid, hash_password("another password 1"), must_change=False, by="admin #u1", at=dt.datetime.now(dt.UTC)
    )
    at.run()
    assert [x.value for x in at.title] == [translate("auth.title", "zh")]
    assert translate("auth.password_moved", "zh") in [i.value for i in at.info]
