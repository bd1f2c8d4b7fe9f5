"""Thresholds that became rules data (migration 006), the invariants that keep every rules
row usable by the scoring, and pages that meet unusable rules anyway (edited outside the app)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kam import db as kamdb
from kam import defaults
from kam.specs import SPECS
from kam.store.frames import loaded_frame, read_frame
from kam.store.people import read_org
from kam.store.refs import fk_keys, fk_options
from kam.store.rules import load_rules
from kam.store.save import save_changes
from kam.types import ChangeSet
from kam.validate import validate_changes
from kam.views.home import key_figures
from kam.views.pyramid import scoring_inputs
from tests.conftest import RunPage


def _problems(db, table: str, updates: dict) -> list[tuple]:
    spec = SPECS[table]
    loaded = loaded_frame(db, spec)
    changes = ChangeSet(updates=updates, versions={k: int(loaded.at[k, "version"]) for k in updates})
    _, problems = validate_changes(spec, loaded, changes, fk_keys(fk_options(db, spec)))
    return [(p.row, p.column, p.reason) for p in problems]


# -- migration 006 ----------------------------------------------------------------------


def test_006_upgrades_an_old_database_and_keeps_rules_edits(tmp_path: Path) -> None:
    from kam import schema  # noqa: F401  (registers the migrations)

    names = [m.name for m in kamdb.migrations._migrations]
    path = tmp_path / "old.db"
    old = kamdb.connect(path, migrate=False)
    kamdb.migrations.apply(old, stop_before="006_reviewer_rank_and_windows")
    old.execute("UPDATE r7_stages SET probability = 0.15 WHERE code = 'locked'")
    old.execute("UPDATE rule_params SET value = 9 WHERE code = 'r7_lock_review_days'")
    # 001 builds the rules tables from today's defaults; make them look as a database
    # created before 006 does: the duplicate param present, the later params absent.
    old.execute(
        "INSERT INTO rule_params (code, rule, kind, value, label_zh, label_en) "
        "VALUES ('r10_new_key_top', 'R10', 'count', 3, '新增大客户奖名额', 'New key customer award places')"
    )
    later = [p["code"] for p in defaults.LATER_PARAMS]
    old.execute(f"DELETE FROM rule_params WHERE code IN ({', '.join('?' for _ in later)})", later)
    old.conn.close()

    new = kamdb.connect(path)
    assert kamdb.applied_migrations(new) == names
    stages = read_frame(new, "r7_stages").set_index("code")
    assert stages.at["locked", "reviewer_rank"] == "director"
    assert stages["reviewer_rank"].drop("locked").isna().all()
    assert stages.at["locked", "probability"] == 0.15  # the user's edit survives
    params = read_frame(new, "rule_params").set_index("code")
    assert params.at["r7_lock_review_days", "value"] == 9
    for row in defaults.LATER_PARAMS:
        assert params.at[row["code"], "value"] == row["value"]
    assert "r10_new_key_top" not in params.index


def test_a_new_database_has_the_later_params_once(db) -> None:
    codes = read_frame(db, "rule_params")["code"].tolist()
    assert len(codes) == len(set(codes))
    assert {p["code"] for p in defaults.LATER_PARAMS} <= set(codes)
    assert "r10_new_key_top" not in codes


# -- invariants: every rules row stays usable ----------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        ("sales", "window_months", None, [("sales", "window_months", "v.dim_window")]),
        ("potential", "window_months", None, []),  # potential reads the 36-month estimate, no window
        ("sales", "cap_amount", None, [("sales", "cap_amount", "v.dim_scale")]),
        ("sales", "cap_amount", 0, [("sales", "cap_amount", "v.dim_scale")]),
        ("sales", "cap_amount", 1, []),
        ("winnability", "rating_factor", None, [("winnability", "cap_amount", "v.dim_scale")]),
        ("winnability", "rating_factor", 0, []),  # a factor of 0 is usable: the dimension scores 0
    ],
)
def test_r4_dimensions_keep_what_their_points_need(db, row, column, value, expected) -> None:
    assert _problems(db, "r4_dimensions", {row: {column: value}}) == expected


def test_r4_a_blank_sales_window_would_stop_the_scoring(rules) -> None:
    """Why the invariant above exists: the scoring cannot use such a row."""
    from kam.rules.params import RuleInputError
    from kam.rules.points import comprehensive_points

    dims = rules["r4_dimensions"]
    dims.loc[dims["code"] == "sales", "window_months"] = None
    with pytest.raises(RuleInputError):
        comprehensive_points(pd.DataFrame({"id": [1]}), pd.DataFrame(), rules, dt.date(2026, 6, 30))


def _criterion(db, test: str) -> int:
    criteria = read_frame(db, "r3_criteria")
    return int(criteria.loc[criteria["test"] == test, "id"].iloc[0])


@pytest.mark.parametrize(("test", "refused"), [("at_least", True), ("rating", True), ("flag", False)])
def test_r3_a_criterion_that_compares_needs_a_threshold(db, test: str, refused: bool) -> None:
    key = _criterion(db, test)
    problems = _problems(db, "r3_criteria", {key: {"threshold": None}})
    assert problems == ([(key, "threshold", "v.threshold_needed")] if refused else [])


def test_r3_a_threshold_of_zero_is_a_threshold(db) -> None:
    assert _problems(db, "r3_criteria", {_criterion(db, "at_least"): {"threshold": 0}}) == []


@pytest.mark.parametrize(
    ("stage", "rank", "expected"),
    [
        ("locked", None, [("locked", "reviewer_rank", "v.reviewer_needed")]),
        ("locked", "partner", []),
        ("following", None, []),
        ("locked", "nobody", [("locked", "reviewer_rank", "v.unknown_ref")]),
    ],
)
def test_r7_the_locked_stage_names_its_reviewer_rank(db, stage, rank, expected) -> None:
    assert _problems(db, "r7_stages", {stage: {"reviewer_rank": rank}}) == expected


@pytest.mark.parametrize(
    ("code", "refused"), [("partner", True), ("director", True), ("general_manager", True), ("hr", False)]
)
def test_ranks_the_rules_name_keep_an_order(db, code: str, refused: bool) -> None:
    if code == "hr":  # HR ships without an order: give it one, then take it away
        save_changes(db, SPECS["ranks"], ChangeSet(updates={"hr": {"rank_order": 9}}, versions={"hr": 1}), user="t")
    problems = _problems(db, "ranks", {code: {"rank_order": None}})
    assert problems == ([(code, "rank_order", "v.rank_order_needed")] if refused else [])


@pytest.mark.parametrize(
    ("marketing_head", "ok"),
    [(2_999_999, False), (3_000_000, False), (3_000_001, True)],  # branch principal: 3,000,000 over 12 months
)
def test_r13_a_higher_service_level_over_the_same_window_asks_for_more(db, marketing_head: int, ok: bool) -> None:
    problems = _problems(db, "r13_service_levels", {"marketing_head": {"min_cooperation": marketing_head}})
    assert (problems == []) is ok
    if not ok:
        assert [p[1:] for p in problems] == [("min_cooperation", "v.order")]


def test_r13_levels_over_different_windows_are_not_compared(db) -> None:
    # The chairman's 24-month sum below the 12-month levels' minimums is the user's call.
    assert _problems(db, "r13_service_levels", {"chairman": {"min_cooperation": 1_000_000}}) == []


def test_r10_honor_thresholds_are_required(db) -> None:
    assert _problems(db, "r10_honors", {"million_star": {"threshold": None}}) == [
        ("million_star", "threshold", "v.required")
    ]


# -- the R7 reviewer rank is data -----------------------------------------------------------


def _review(rules, reviewer_rank: str | None) -> list[bool]:
    from kam.rules.orders import lock_review_alerts

    stages = rules["r7_stages"]
    stages.loc[stages["code"] == "locked", "reviewer_rank"] = reviewer_rank
    people = pd.DataFrame(
        {"id": [1, 2, 3, 4], "rank": ["partner", "director", "general_manager", "hr"], "join_date": "2020-01-01"}
    )
    orders = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "customer_id": 1,
            "owner_id": 9,  # someone else's orders: an owner's own review never counts
            "stage": "locked",
            "amount": 100,
            "lock_date": "2026-01-01",
            "reviewer_id": [1, 2, 3, 4],
            "review_date": "2026-01-03",
        }
    )
    got = lock_review_alerts(orders, people, rules, dt.date(2026, 1, 9))
    return got.sort_values("order_id")["reviewed"].astype(bool).tolist()


@pytest.mark.parametrize(
    ("reviewer_rank", "reviewed"),  # reviewers: partner, director, general manager, HR (no order)
    [
        ("partner", [True, True, True, False]),
        ("director", [False, True, True, False]),
        ("general_manager", [False, False, True, False]),
    ],
)
def test_r7_which_reviews_count_follows_the_stage_row(rules, reviewer_rank: str, reviewed: list[bool]) -> None:
    assert _review(rules, reviewer_rank) == reviewed


def test_r7_a_blank_reviewer_rank_is_named(rules) -> None:
    from kam.rules.params import RuleInputError

    with pytest.raises(RuleInputError) as e:
        _review(rules, None)
    assert (e.value.table, e.value.row_id, e.value.column) == ("r7_stages", "locked", "reviewer_rank")


# -- home page figures follow the rules ---------------------------------------------------


@pytest.mark.parametrize(
    ("close_date", "counted"),
    [("2025-06-30", False), ("2025-07-01", True), ("2026-06-30", True), ("2026-07-01", False)],
)
def test_home_cooperation_is_the_r2_window(rules, close_date: str, counted: bool) -> None:
    orders = pd.DataFrame(
        {"id": [1], "customer_id": [1], "owner_id": [1], "stage": ["won"], "amount": [500], "close_date": [close_date]}
    )
    figures = key_figures(pd.DataFrame({"id": [1]}), orders, rules, dt.date(2026, 6, 30))
    assert figures["cooperation"].sum() == (500 if counted else 0)


def test_home_window_is_edited_in_rule_params(rules) -> None:
    params = rules["rule_params"]
    params.loc[params["code"] == "r2_window_months", "value"] = 24
    orders = pd.DataFrame(
        {
            "id": [1],
            "customer_id": [1],
            "owner_id": [1],
            "stage": ["won"],
            "amount": [500],
            "close_date": ["2025-01-01"],
        }
    )
    figures = key_figures(pd.DataFrame({"id": [1]}), orders, rules, dt.date(2026, 6, 30))
    assert figures["cooperation"].sum() == 500


def test_home_and_pyramid_agree_on_the_demo(template_db: Path) -> None:
    from kam.rules.scoring import score_customers
    from kam.rules.stars import meetings_after

    db = kamdb.connect(template_db)
    as_of = dt.date(2026, 6, 30)
    rules = load_rules(db)
    customers = read_frame(db, "customers")
    org = read_org(db)
    inputs = scoring_inputs(db, customers, org.people, meetings_after(rules, as_of))
    scored = score_customers(
        inputs.customers, inputs.orders, inputs.people, inputs.meetings, inputs.clearance_results, rules, as_of
    )
    home = key_figures(customers, read_frame(db, "orders"), rules, as_of)
    assert int(home["key_account"].sum()) == int(scored["key_account"].sum()) > 0
    assert home["cooperation"].sum() == pytest.approx(float(scored["cooperation"].sum()))


# -- a page meeting unusable rules says which row to fix --------------------------------------


def test_pyramid_names_an_unusable_rules_row_instead_of_failing(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(template_db, path)
    outside = kamdb.connect(path)  # an edit made outside the app (the settings grid refuses it)
    outside.execute("UPDATE r4_dimensions SET window_months = NULL WHERE code = 'sales'")
    outside.conn.commit()
    at = run_page("pages/pyramid.py", path)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "积分维度" in errors[0] and "sales" in errors[0] and "窗口（月）" in errors[0]
