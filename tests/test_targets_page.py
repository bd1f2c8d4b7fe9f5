"""The targets page without a browser (AppTest): every section on the demo and on an empty
database, in both languages; bulk entry from the paste box to SQLite; the plan's actions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils
from streamlit.testing.v1 import AppTest

from kam.i18n import translate
from tests.conftest import RunPage

SECTIONS = ("progress", "tree", "bulk", "plan", "drivers")


def tr(key: str, **params: object) -> str:
    return translate(key, "zh", **params)


def page(run_page: RunPage, db_path: Path, section: str = "progress", lang: str = "zh") -> AppTest:
    """The targets page in ``lang``, opened on ``section``."""
    session = {"lang": lang, "targets_tab": translate(f"targets.tab.{section}", lang)}
    return run_page("pages/targets.py", db_path, session=session, timeout=120)


@pytest.fixture
def demo_path(template_db: Path, tmp_path: Path) -> Path:
    shutil.copy(template_db, tmp_path / "demo.db")
    return tmp_path / "demo.db"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_runs_on_the_demo(demo_path: Path, run_page: RunPage, section: str, lang: str) -> None:
    at = page(run_page, demo_path, section, lang)
    assert at.title[0].value == translate("targets.title", lang)
    assert len(at.metric) >= 5


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_runs_on_an_empty_database(tmp_path: Path, run_page: RunPage, section: str) -> None:
    at = page(run_page, tmp_path / "empty.db", section)
    if section == "progress":
        assert at.info[0].value == tr("targets.progress.empty", year=at.selectbox(key="_w_filter_year_zh").value)


def test_bulk_paste_refuses_a_mixed_entry_then_saves_a_good_one(demo_path: Path, run_page: RunPage) -> None:
    db = sqlite_utils.Database(demo_path)
    before = db["targets"].count
    at = page(run_page, demo_path, "bulk")
    box = at.text_area(key="bulk_paste_0")
    box.set_value("对象类型\t对象\t期间\t金额\n公司\t\t2031\t100\n团队\t不存在\t2031\t5\n").run()
    assert tr("targets.bulk.refused") in at.error[0].value
    assert "第 3 行" in at.error[0].value
    assert at.button(key="bulk_save").disabled
    assert db["targets"].count == before
    at.text_area(key="bulk_paste_0").set_value("公司\t\t2031\t100\n分公司\t1\t2031\t100\n").run()
    assert not at.error and not at.button(key="bulk_save").disabled
    at.button(key="bulk_save").click().run()
    assert at.success[0].value == tr("grid.saved", n=2)
    assert db["targets"].count == before + 2
    assert db.execute("SELECT COUNT(*) FROM audit WHERE table_name = 'targets' AND action = 'insert'").fetchone()[0]
    assert at.text_area(key="bulk_paste_1").value == ""  # the paste box is empty again


def test_plan_work_back_fills_the_rate_and_the_targets_follow(demo_path: Path, run_page: RunPage) -> None:
    db = sqlite_utils.Database(demo_path)
    at = page(run_page, demo_path, "plan")
    plan = list(db.query("SELECT * FROM ka_plan ORDER BY year"))
    base, last = plan[0], plan[-1]
    at.number_input(key=f"plan_goal_{last['year']}").set_value(base["ka_revenue_target"] * 4).run()
    at.button(key="plan_apply_rate").click().run()
    assert not at.exception
    after = list(db.query("SELECT * FROM ka_plan ORDER BY year"))
    assert after[-1]["ka_revenue_target"] == base["ka_revenue_target"] * 4
    rates = {round(r["growth_rate"], 12) for r in after[1:]}
    assert len(rates) == 1


def test_a_new_plan_starts_from_the_orders(demo_path: Path, run_page: RunPage) -> None:
    db = sqlite_utils.Database(demo_path)
    db.execute("DELETE FROM ka_plan")
    db.conn.commit()
    at = page(run_page, demo_path, "plan")
    at.button(key="plan_create").click().run()
    rows = list(db.query("SELECT * FROM ka_plan ORDER BY year"))
    assert len(rows) == 11 and rows[0]["ka_revenue_target"] > 0 and rows[0]["ka_count_target"] > 0
