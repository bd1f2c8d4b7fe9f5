"""The customer pyramid page's logic without a browser: scope filters, chart frames,
click-through, lists, the grid frame and the export (kam/views/pyramid/, kam/views/scope.py),
the scoring inputs as the store reads them and the page under AppTest."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlite_utils

from kam import db as kamdb
from kam import export
from kam.i18n import plain
from kam.rules.scoring import score_customers
from kam.rules.stars import meetings_after
from kam.specs import SPECS
from kam.store.customers import read_customers
from kam.store.people import read_org
from kam.store.rules import load_rules
from kam.views import scope as vscope
from kam.views.pyramid import figures as pyr
from kam.views.pyramid import scoring_inputs, tables
from tests.conftest import RunPage

AS_OF = dt.date(2026, 6, 30)
_RULES = load_rules(kamdb.connect(":memory:"))


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)


CUSTOMER_COLUMNS = [
    "id",
    "name",
    "branch_id",
    "owner_id",
    "customer_revenue",
    "winnability",
    "demonstration",
    "expected_cooperation_36m",
    "industry",
    "version",
    # what the active portrait tests (R3): missing unless a test gives them
    "study_sessions_year",
    "wants_no1",
]


def customers(*rows: dict[str, Any]) -> pd.DataFrame:
    """Customers as the store loads them: indexed by id, complete unless a test blanks a field."""
    full = [
        {
            "name": f"客户{r['id']}",
            "branch_id": 1,
            "customer_revenue": 0,
            "winnability": 0,
            "demonstration": 0,
            "expected_cooperation_36m": 0,
            "version": 1,
            **r,
        }
        for r in rows
    ]
    frame = _frame(full, CUSTOMER_COLUMNS)
    frame.index = pd.Index(frame["id"].tolist())
    return frame


def people(*rows: dict[str, Any]) -> pd.DataFrame:
    full = [{"name": f"员工{r['id']}", "rank": "partner", "join_date": "2020-01-01", **r} for r in rows]
    return _frame(full, ["id", "name", "rank", "branch_id", "team_id", "join_date", "left_date"])


TEAMS = _frame(
    [
        {"id": 1, "name": "一部", "branch_id": 1},
        {"id": 2, "name": "二部", "branch_id": 1},
        {"id": 3, "name": "南一部", "branch_id": 2},
    ],
    ["id", "name", "branch_id"],
)
BRANCHES = _frame([{"id": 1, "name": "华东"}, {"id": 2, "name": "华南"}], ["id", "name"])


def won(customer_id: int, amount: int, close_date: dt.date = AS_OF, owner_id: int | None = None) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "owner_id": owner_id,
        "stage": "won",
        "amount": amount,
        "close_date": close_date.isoformat(),
    }


def orders(*rows: dict[str, Any]) -> pd.DataFrame:
    return _frame(
        [{"id": i, **r} for i, r in enumerate(rows, start=1)],
        ["id", "customer_id", "owner_id", "stage", "amount", "close_date"],
    )


def score(cust: pd.DataFrame, order_frame: pd.DataFrame, staff: pd.DataFrame, rules: dict) -> pd.DataFrame:
    empty_meetings = pd.DataFrame(columns=["id", "person_id", "meeting_date", "activity_type"])
    empty_results = pd.DataFrame(columns=["id", "person_id", "clearance_code", "result_date", "passed"])
    return score_customers(cust.reset_index(drop=True), order_frame, staff, empty_meetings, empty_results, rules, AS_OF)


def labels(rules: dict, lang: str = "zh") -> pyr.Labels:
    return pyr.Labels.from_rules(rules, lang)


# --- scope -------------------------------------------------------------------------------

STAFF = people(
    {"id": 1, "branch_id": 1, "team_id": 1},
    {"id": 2, "branch_id": 1, "team_id": 2},
    {"id": 3, "branch_id": 2, "team_id": 3},
    {"id": 4, "branch_id": None, "team_id": 3},  # branch only through the team
    {"id": 5, "branch_id": 2, "team_id": None, "left_date": "2025-01-01"},
)
SCOPED = customers(
    {"id": 1, "branch_id": 2, "owner_id": 1},  # owned from branch 1: the owner's branch counts
    {"id": 2, "branch_id": 1, "owner_id": 2},
    {"id": 3, "branch_id": 1, "owner_id": 3},
    {"id": 4, "branch_id": 1, "owner_id": None},  # unowned: its own branch
    {"id": 5, "branch_id": 2, "owner_id": None},
    {"id": 6, "branch_id": 1, "owner_id": 4},
    {"id": 7, "branch_id": 1, "owner_id": 99},  # names nobody: its own branch
)


@pytest.mark.parametrize(
    ("scope", "ids"),
    [
        (vscope.Scope(), [1, 2, 3, 4, 5, 6, 7]),
        (vscope.Scope(branch_id=1), [1, 2, 4, 7]),
        (vscope.Scope(branch_id=2), [3, 5, 6]),
        (vscope.Scope(branch_id=1, team_id=1), [1]),
        (vscope.Scope(team_id=3), [3, 6]),
        (vscope.Scope(owner_id=2), [2]),
        (vscope.Scope(branch_id=2, owner_id=2), []),
    ],
)
def test_scope_selects_customers_by_current_owner_else_own_branch(scope: vscope.Scope, ids: list[int]) -> None:
    mask = vscope.in_scope(SCOPED, STAFF, TEAMS, scope)
    assert mask.index.tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert mask[mask].index.tolist() == ids


def test_scope_options_follow_the_branch_and_team() -> None:
    assert vscope.team_options(TEAMS, None) == {1: "一部", 2: "二部", 3: "南一部"}
    assert vscope.team_options(TEAMS, 2) == {3: "南一部"}
    assert list(vscope.owner_options(STAFF, TEAMS, SCOPED, 2, None)) == [3, 4]  # 5 left and owns nothing
    assert list(vscope.owner_options(STAFF, TEAMS, SCOPED, None, 1)) == [1]
    owns = customers({"id": 1, "owner_id": 5})
    assert 5 in vscope.owner_options(STAFF, TEAMS, owns, 2, None)  # left, but still owns a customer


# --- chart frames and figures ---------------------------------------------------------------


def _demo_like(rules: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Six customers: a VLA, an MLA that could be VLA, a KA, a regular upgrade target, a small
    fish with an owner, an unrated one."""
    cust = customers(
        {"id": 1, "customer_revenue": 3_000_000_000, "owner_id": 1},
        {"id": 2, "customer_revenue": 3_000_000_000, "owner_id": 2},
        {"id": 3, "customer_revenue": 300_000_000, "owner_id": 2},
        {"id": 4, "customer_revenue": 300_000_000, "owner_id": None},
        {"id": 5, "customer_revenue": 0, "owner_id": 2},
        {"id": 6, "customer_revenue": None, "owner_id": 2},
    )
    order_frame = orders(
        *[won(1, 1_000_000) for _ in range(6)],  # 6,000,000: VLA; unit price 1,000,000 x 6: whale
        won(2, 3_500_000),  # MLA cooperation, VLA strength: upgrade target, gap 1,500,000
        won(3, 1_200_000),
        won(3, 100_000),  # KA
        won(4, 900_000),  # regular by cooperation, KA strength: gap 100,000
        won(5, 50_000),  # low price, small quantity: small fish
    )
    staff = people({"id": 1, "rank": "general_manager", "branch_id": 1}, {"id": 2, "rank": "partner", "branch_id": 1})
    return cust, order_frame, staff


def test_pyramid_frames_count_customers_and_cooperation_by_tier(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    scored = score(cust, order_frame, staff, rules)
    shape = pyr.shape_of(scored, rules)
    frame = pyr.tier_frame(shape, labels(rules))
    assert frame["tier"].tolist() == ["VLA", "MLA", "KA", "regular"]  # the top of the pyramid first
    assert frame["label"].tolist() == ["超大客户", "中大客户", "大客户", "普通客户"]
    assert frame["customers"].tolist() == [1, 1, 1, 3]
    assert frame["cooperation"].tolist() == [6_000_000, 3_500_000, 1_300_000, 950_000]
    assert frame["customer_share"].sum() == pytest.approx(1.0)
    assert frame["cooperation_share"].iloc[0] == pytest.approx(6_000_000 / 11_750_000)
    summary = pyr.summary(scored, shape)
    assert (summary.customers, summary.key_accounts, summary.upgrade_targets, summary.unrated) == (6, 3, 2, 1)
    assert summary.key_account_share == pytest.approx(10_800_000 / 11_750_000)
    assert summary.health == "healthy"


def test_value_map_has_nine_cells_with_counts_and_unrated_left_out(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    cells = pyr.value_map_frame(score(cust, order_frame, staff, rules), rules, labels(rules))
    assert len(cells) == 9
    assert cells[["price_level", "quantity_level"]].iloc[0].tolist() == ["high", "small"]  # top-left cell
    by_cell = cells.set_index(["price_level", "quantity_level"])
    assert by_cell.loc[("high", "large"), "value_class"] == "whale"
    assert by_cell.loc[("high", "large"), ["customers", "cooperation"]].tolist() == [1, 6_000_000]
    # Customers 2 (3,500,000 once), 3 (650,000 on average, twice) and 4 (900,000 once).
    assert by_cell.loc[("high", "small"), ["value_class", "customers", "cooperation"]].tolist() == [
        "dolphin",
        3,
        5_700_000,
    ]
    assert by_cell.loc[("low", "small"), "customers"] == 1
    assert by_cell.loc[("medium", "medium"), ["customers", "cooperation", "text"]].tolist() == [0, 0, "海豚\n0 家 · 0"]
    assert cells["customers"].sum() == 5  # customer 6 is unrated: not on the map
    assert by_cell.loc[("high", "large"), "text"].startswith("鲸鱼\n1 家")


def test_value_map_sums_match_a_groupby_bit_for_bit_and_a_cell_without_a_level_holds_nobody(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    scored = score(cust, order_frame, staff, rules)
    # Amounts whose plain sum and compensated sum differ in the last bits: the map's totals
    # are a groupby's, not a naive running sum.
    odd = pd.Series([0.1, 0.2, 0.3, 1e15, -1e15, 0.7][: len(scored)], index=scored.index)
    odd = odd.reindex(scored.index, fill_value=0.3)
    scored = scored.assign(structure_cooperation=odd, price_level="high", quantity_level="large")
    cells = pyr.value_map_frame(scored, rules, labels(rules)).set_index(["price_level", "quantity_level"])
    assert cells.loc[("high", "large"), "cooperation"] == odd.groupby(scored["price_level"]).sum().iloc[0]
    assert cells.loc[("high", "large"), "customers"] == len(scored)
    broken = {
        **rules,
        "r1_value_map": pd.concat([rules["r1_value_map"], rules["r1_value_map"].iloc[:1].assign(price_level=None)]),
    }
    unrated = scored.assign(price_level=None)
    gap = pyr.value_map_frame(unrated, broken, labels(broken))
    assert gap["customers"].sum() == 0  # missing levels meet no cell, not even one missing a level


def test_pareto_curve_starts_at_the_origin_and_ends_at_one(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    curve = pyr.pareto_frame(pyr.shape_of(score(cust, order_frame, staff, rules), rules))
    assert curve.iloc[0][["customer_share", "cumulative_share"]].tolist() == [0.0, 0.0]
    assert curve["cumulative_share"].is_monotonic_increasing
    assert curve.iloc[-1][["customer_share", "cumulative_share"]].tolist() == pytest.approx([1.0, 1.0])


def test_a_rules_table_edit_changes_the_pyramid(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    before = pyr.tier_frame(pyr.shape_of(score(cust, order_frame, staff, rules), rules), labels(rules))
    assert before.set_index("tier").loc["VLA", "customers"] == 1
    tiers = rules["r2_tiers"]
    tiers.loc[tiers["code"] == "VLA", "min_cooperation"] = 3_000_001
    tiers.loc[tiers["code"] == "VLA", "label_zh"] = "战略客户"
    after = pyr.tier_frame(pyr.shape_of(score(cust, order_frame, staff, rules), rules), labels(rules))
    assert after.set_index("tier").loc["VLA", ["label", "customers"]].tolist() == ["战略客户", 2]
    vmap = rules["r1_value_map"]
    vmap.loc[(vmap["price_level"] == "high") & (vmap["quantity_level"] == "small"), "value_class"] = "whale"
    cells = pyr.value_map_frame(score(cust, order_frame, staff, rules), rules, labels(rules))
    assert cells.set_index(["price_level", "quantity_level"]).loc[("high", "small"), "class_label"] == "鲸鱼"


def test_structure_health_badge_and_bands(rules: dict) -> None:
    text = pyr.health_bands_text(rules, labels(rules))
    assert text == "健康 ≥ 50.0%；建设中 ≥ 30.0%；不健康 ≥ 0.0%"
    assert set(pyr.HEALTH_COLORS) >= {*rules["r5_health_bands"]["code"], "no_data"}
    assert pyr.Labels.from_rules(rules, "en").health["no_data"] == "No data"


# --- click-through ----------------------------------------------------------------------------


def test_click_through_selects_exactly_the_matching_rows(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    scored = score(cust, order_frame, staff, rules)
    options = pyr.focus_options(rules, labels(rules))
    assert len(options) == 1 + 4 + 9 + 2
    assert options["tier:KA"] == "层级：大客户"
    assert options["cell:high:large"] == "价值矩阵：单价高 × 数量多（鲸鱼）"
    cases = {
        "": [1, 2, 3, 4, 5, 6],
        "tier:regular": [4, 5, 6],
        "tier:KA": [3],
        "cell:high:small": [2, 3, 4],
        "cell:low:large": [],
        pyr.UPGRADE: [2, 4],
        pyr.MISMATCH: [2, 4, 5],
    }
    for focus, ids in cases.items():
        assert scored[pyr.focus_mask(scored, focus).to_numpy()].index.tolist() == ids, focus
    # Every customer on the map is in exactly one cell; the tiers partition all customers.
    cells = [k for k in options if k.startswith("cell:")]
    assert sum(int(pyr.focus_mask(scored, k).sum()) for k in cells) == 5
    assert sum(int(pyr.focus_mask(scored, k).sum()) for k in options if k.startswith("tier:")) == 6


def test_chart_clicks_become_focus_codes() -> None:
    assert pyr.focus_of_tier_pick([{"tier": "KA"}]) == "tier:KA"
    assert pyr.focus_of_tier_pick([]) == pyr.ALL
    assert pyr.focus_of_cell_pick([{"price_level": "high", "quantity_level": "large"}]) == "cell:high:large"
    assert pyr.focus_of_cell_pick([{"price_level": "high"}]) == pyr.ALL
    assert pyr.focus_mask(pd.DataFrame({"tier": ["KA"]}), "nonsense").all()


# --- lists ------------------------------------------------------------------------------------


def test_upgrade_targets_sorted_by_gap_with_the_next_level(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    targets = tables.upgrade_targets(score(cust, order_frame, staff, rules), staff, rules, labels(rules))
    assert targets["customer_id"].tolist() == [4, 2]  # gap 100,000 before gap 1,500,000
    assert targets[["tier", "strength_level", "next_level", "upgrade_gap", "owner"]].values.tolist() == [
        ["普通客户", "大客户", "大客户", 100_000.0, "—"],
        ["中大客户", "超大客户", "超大客户", 1_500_000.0, "员工2"],
    ]


def test_upgrade_listing_sorts_money_by_yuan_and_levels_by_rank(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    scored = score(cust, order_frame, staff, rules)
    listing = tables.upgrade_listing(scored, staff, rules, labels(rules))
    gap, tier, coop = "还差", "层级", "合作额"
    assert listing.frame.columns[:3].tolist() == ["客户", "负责人", tier]
    by_gap = listing.page(sort=gap, descending=True).rows
    assert by_gap[gap].tolist() == ["150.00 万", "10.00 万"]  # by yuan (the text would sort "10" first)
    assert listing.page(sort=tier, descending=True).rows[tier].tolist() == ["中大客户", "普通客户"]
    totals = listing.page().totals
    assert totals[gap] == pytest.approx(scored.loc[[2, 4], "upgrade_gap"].sum())
    assert totals[coop] == pytest.approx(scored.loc[[2, 4], "cooperation"].sum())
    assert listing.page(search="员工2").rows[gap].tolist() == ["150.00 万"]


def test_mismatched_owners_name_every_reason_with_the_rule_figures(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    scored = score(cust, order_frame, staff, rules)
    rows = tables.mismatched_owners(scored, staff, rules, labels(rules)).set_index("customer_id")
    assert rows.index.tolist() == [2, 4, 5]  # the highest tier first, then the most cooperation
    assert rows["reason"].tolist() == [
        "中大客户需由总监及以上负责",
        "海豚客户没有负责人",
        "小鱼客户应释放到公海（不设负责人）",
    ]
    assert rows.loc[5, ["owner", "owner_rank"]].tolist() == ["员工2", "合伙人"]
    shown = tables.with_headers(rows.reset_index(), labels(rules))
    assert shown.columns.tolist() == ["客户", "层级", "价值分类", "负责人", "负责人职级", "负责人星级", "原因"]
    # The rule's figures are in the text: change the rule, the text follows.
    classes = rules["r1_value_classes"]
    classes.loc[classes["code"] == "whale", ["min_rank", "or_min_stars"]] = ["general_manager", 5]
    texts = tables.reason_text(
        scored.assign(owner_mismatch=True, mismatch_reasons="whale_needs_elite", value_class="whale"),
        rules,
        labels(rules),
    )
    assert set(texts) == {"鲸鱼客户需由总经理及以上或 5 星及以上的人负责"}
    english = tables.reason_text(scored, rules, labels(rules, "en"))
    assert english[5] == "Small fish: release to the public pool (no owner)"


def test_mismatch_reason_for_unowned_key_account_names_the_tier(rules: dict) -> None:
    cust = customers({"id": 1, "customer_revenue": 300_000_000, "owner_id": None})
    scored = score(cust, orders(won(1, 1_000_000), won(1, 1_000_000)), people({"id": 1}), rules)
    assert scored.loc[1, "tier"] == "KA"
    assert tables.reason_text(scored, rules, labels(rules))[1] == "海豚客户没有负责人；大客户没有负责人"


# --- grid and export --------------------------------------------------------------------------


def test_grid_frame_keeps_the_customer_rows_and_adds_computed_labels(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    scored = score(cust, order_frame, staff, rules)
    shown = scored[pyr.focus_mask(scored, "tier:regular").to_numpy()]
    frame = tables.grid_frame(cust, shown, labels(rules))
    assert frame.index.tolist() == [4, 5, 6] and frame["version"].tolist() == [1, 1, 1]
    assert frame.loc[4, ["tier", "value_class", "cooperation", "upgrade_gap"]].tolist() == [
        "普通客户",
        "海豚",
        900_000,
        100_000,
    ]
    assert frame.loc[6, "value_class"] == "未评级" and frame.loc[6, "flags"] == "资料不全"
    assert frame.loc[4, "flags"] == "升级目标；负责人不匹配"
    spec = tables.grid_spec(SPECS["customers"])
    assert [c.name for c in spec.columns] == list(tables.GRID_COLUMNS)
    assert spec.table == "customers" and spec.pk == "id"
    names = {c.name for c in spec.columns} | {c.name for c in tables.COMPUTED}
    assert set(tables.GRID_ORDER) <= names
    assert all(not c.editable for c in tables.COMPUTED)


def test_export_reads_back_with_the_same_rows(rules: dict) -> None:
    cust, order_frame, staff = _demo_like(rules)
    scored = score(cust, order_frame, staff, rules)
    scope = vscope.in_scope(cust, staff, TEAMS, vscope.Scope(owner_id=2))
    shown = scored[scope.to_numpy()]
    frame = tables.export_frame(cust, shown, staff, BRANCHES, rules, labels(rules))
    assert frame.columns[:2].tolist() == ["编号", "名称"]
    back = pd.read_excel(io.BytesIO(export.to_excel(frame, "客户")), sheet_name="客户")
    assert back["编号"].tolist() == [2, 3, 5, 6]  # the filter applied: customers owned by 2
    assert back.shape == frame.shape
    assert back["层级"].tolist() == frame["层级"].tolist() == ["中大客户", "大客户", "普通客户", "普通客户"]
    assert back["合作额（元）"].tolist() == [3_500_000, 1_300_000, 50_000, 0]
    assert back["待补资料"].fillna("").tolist() == ["", "", "", "客户营收（元/年）"]
    csv = pd.read_csv(io.BytesIO(export.to_csv(frame)), encoding="utf-8-sig")
    assert csv["编号"].tolist() == [2, 3, 5, 6] and csv.columns.tolist() == frame.columns.tolist()
    assert csv["负责人不匹配原因"].fillna("").tolist() == back["负责人不匹配原因"].fillna("").tolist()


def test_everything_works_with_zero_customers(rules: dict) -> None:
    empty = customers()
    scored = score(empty, orders(), people(), rules)
    shape = pyr.shape_of(scored, rules)
    lab = labels(rules)
    assert pyr.summary(scored, shape).health == "no_data"
    assert pyr.tier_frame(shape, lab)["customers"].tolist() == [0, 0, 0, 0]
    assert pyr.value_map_frame(scored, rules, lab)["customers"].sum() == 0
    assert pyr.pareto_frame(shape).empty
    assert tables.upgrade_targets(scored, people(), rules, lab).empty
    assert tables.mismatched_owners(scored, people(), rules, lab).empty
    assert tables.grid_frame(empty, scored, lab).empty
    frame = tables.export_frame(empty, scored, people(), BRANCHES, rules, lab)
    assert pd.read_excel(io.BytesIO(export.to_excel(frame))).shape == (0, len(tables.EXPORT_COLUMNS))


def test_plain_makes_rules_text_inert_in_markdown() -> None:
    assert plain(":red-badge[x] **b**") == "\\:red\\-badge\\[x\\] \\*\\*b\\*\\*"
    assert plain("[x]", keep="[]") == "[x]"
    assert plain("健康") == "健康"


# --- store and page ---------------------------------------------------------------------------


def test_store_reads_the_scoring_inputs(demo_db: sqlite_utils.Database) -> None:
    cust = read_customers(demo_db, SPECS["customers"])
    org = read_org(demo_db)
    inputs = scoring_inputs(demo_db, cust, org.people)
    assert len(cust) == demo_db["customers"].count and cust.index.tolist() == cust["id"].tolist()
    # Every order: the owners' stars count clearances from locks of any stage.
    assert "won" in set(inputs.orders["stage"]) and len(set(inputs.orders["stage"])) > 1
    assert len(inputs.orders) == demo_db["orders"].count
    assert len(org.branches) == 3 and len(org.teams) == 9
    rules = load_rules(demo_db)
    scored = score_customers(
        inputs.customers, inputs.orders, inputs.people, inputs.meetings, inputs.clearance_results, rules, AS_OF
    )
    assert len(scored) == len(cust)
    # Reading only the meetings of the star's process window gives the same scores.
    recent = scoring_inputs(demo_db, cust, org.people, meetings_after(rules, AS_OF))
    assert 0 < len(recent.meetings) < len(inputs.meetings)
    assert recent.meetings["meeting_date"].min() > (AS_OF - dt.timedelta(days=90)).isoformat()
    again = score_customers(
        recent.customers, recent.orders, recent.people, recent.meetings, recent.clearance_results, rules, AS_OF
    )
    pd.testing.assert_frame_equal(again, scored)


def test_page_focus_selector_shows_the_count_of_matching_customers(
    template_db: Path, tmp_path: Path, run_page: RunPage
) -> None:
    shutil.copy(template_db, tmp_path / "demo.db")
    at = run_page("pages/pyramid.py", tmp_path / "demo.db")
    as_of = at.date_input(key="_w_filter_as_of_zh").value
    db = kamdb.connect(tmp_path / "demo.db")
    cust = read_customers(db, SPECS["customers"])
    org = read_org(db)
    inputs = scoring_inputs(db, cust, org.people)
    scored = score_customers(
        inputs.customers,
        inputs.orders,
        inputs.people,
        inputs.meetings,
        inputs.clearance_results,
        load_rules(db),
        as_of,
    )
    assert any(m.value == f"{len(scored):,}" for m in at.metric)
    expected = int((scored["tier"] == "KA").sum())
    at.selectbox(key="pyramid_focus_zh").set_value("tier:KA").run()
    assert not at.exception
    assert f"**{expected} 个客户**" in [m.value for m in at.markdown]
    # A branch filter narrows the key figures to that branch's customers.
    at.selectbox(key="_w_filter_branch_zh").set_value(1).run()
    branch = vscope.in_scope(cust, org.people, org.teams, vscope.Scope(branch_id=1))
    assert at.metric[0].value == f"{int(branch.sum()):,}"


def test_the_grid_shows_each_customers_fit_to_the_active_portrait(rules: dict) -> None:
    """R3 in the pyramid's grid: the fit score to 0.1 and whether the customer matches."""
    every_force = {"customer_revenue": 300_000_000, "study_sessions_year": 4, "wants_no1": 1}
    cust = customers({"id": 1, **every_force}, {"id": 2, "customer_revenue": 300_000_000})
    scored = score(cust, orders(), people(), rules)
    frame = tables.grid_frame(cust, scored, labels(rules))
    assert frame["fit_score"].tolist() == [25.0, 8.3]  # 3 and 1 of the 12 criteria
    assert frame["matches"].tolist() == ["是", "否"]
