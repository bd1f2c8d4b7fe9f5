"""The demo data: deterministic, consistent, and with something to show for every rule.

The "interesting data" tests compute levels with plain pandas from the seeded tables and
the thresholds in the rules tables, not from hard-coded numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlite_utils

from kam import db as kamdb
from kam.demo import SEEDED_TABLES, DemoDatabaseNotEmptyError, ensure_demo, seed_demo
from kam.demo.__main__ import main
from kam.store.frames import SECRET_COLUMNS, read_frame
from kam.store.rules import load_rules

ANCHOR = dt.date(2026, 6, 30)
SEED = 42
DATE_COLUMNS = {
    "people": ("join_date", "left_date"),
    "orders": ("lock_date", "close_date", "review_date"),  # not paused_until: a plan
    "order_milestones": ("done_date",),
    "stuck_analyses": ("analysis_date",),
    "meetings": ("meeting_date",),
    "camp_enrolments": ("start_date", "end_date"),
    "clearance_results": ("result_date",),
    "hr_assessments": ("assessment_date",),
    "customer_contacts": ("reviewed_on",),
    "competitor_prices": ("price_date",),
}


def _seeded(path: Path, *, seed: int = SEED, scale: float = 1.0) -> sqlite_utils.Database:
    db = kamdb.connect(path)
    seed_demo(db, seed=seed, anchor=ANCHOR, scale=scale)
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> sqlite_utils.Database:
    """The demo database seeded once for this module (seed 42, anchor 2026-06-30)."""
    return _seeded(tmp_path_factory.mktemp("demo") / "kam.db")


def frame(db: sqlite_utils.Database, table: str) -> pd.DataFrame:
    return read_frame(db, table)


# --- helpers: levels computed from the rules tables ------------------------------------


def t12m_won(db: sqlite_utils.Database) -> pd.DataFrame:
    """Won orders with a close date in (anchor - 12 months, anchor]."""
    orders = frame(db, "orders")
    close = pd.to_datetime(orders["close_date"])
    start = pd.Timestamp(ANCHOR) - pd.DateOffset(months=12)
    return orders[(orders["stage"] == "won") & (close > start) & (close <= pd.Timestamp(ANCHOR))]


def level(values: pd.Series, levels: pd.DataFrame, order: str, minimum: str) -> pd.Series:
    """The code of the highest level whose minimum ``values`` reach."""
    levels = levels.sort_values(order)
    pos = np.searchsorted(levels[minimum].to_numpy(float), values.to_numpy(float), side="right") - 1
    return pd.Series(levels["code"].to_numpy()[pos], index=values.index)


def tier_frame(db: sqlite_utils.Database) -> pd.DataFrame:
    """Per customer: strength and cooperation tier positions, tier, principal, owner rank."""
    tiers = frame(db, "r2_tiers").sort_values("tier_order")
    pos = {c: i for i, c in enumerate(tiers["code"])}
    customers = frame(db, "customers").set_index("id")
    coop = t12m_won(db).groupby("customer_id")["amount"].sum()
    coop = coop.reindex(customers.index, fill_value=0)
    revenue = customers["customer_revenue"].fillna(0)
    out = pd.DataFrame(
        {
            "strength": level(revenue, tiers, "tier_order", "min_customer_revenue").map(pos),
            "cooperation": level(coop, tiers, "tier_order", "min_cooperation").map(pos),
        }
    )
    out["tier"] = out[["strength", "cooperation"]].min(axis=1)
    ranks = frame(db, "ranks").set_index("code")["rank_order"]
    principal = tiers["principal_rank"].map(ranks).to_numpy()
    out["principal_order"] = principal[out["tier"].to_numpy()]
    people = frame(db, "people").set_index("id")["rank"]
    out["owner_order"] = customers["owner_id"].map(people).map(ranks)
    return out


def value_classes(db: sqlite_utils.Database) -> pd.Series:
    """R1 class of every customer with a won order in the trailing 12 months."""
    stats = t12m_won(db).groupby("customer_id")["amount"].agg(["mean", "count"])
    price = level(stats["mean"], frame(db, "r1_price_levels"), "level_order", "min_unit_price")
    quantity = level(stats["count"], frame(db, "r1_quantity_levels"), "level_order", "min_orders")
    vmap = frame(db, "r1_value_map").set_index(["price_level", "quantity_level"])["value_class"]
    return pd.Series([vmap[(p, q)] for p, q in zip(price, quantity, strict=True)], index=stats.index)


# --- size, determinism, consistency ----------------------------------------------------


def test_counts_in_expected_ranges(demo: sqlite_utils.Database) -> None:
    n = {t: demo[t].count for t in SEEDED_TABLES}
    assert (n["branches"], n["teams"], n["customers"], n["ka_plan"]) == (3, 9, 600, 10)
    assert 55 <= n["people"] <= 65
    assert 4_000 <= n["orders"] <= 5_000
    assert n["order_key_messages"] > 2_000 and n["order_milestones"] > 5_000
    assert n["meetings"] > 5_000
    for table in (
        "stuck_analyses",
        "targets",
        "camp_enrolments",
        "clearance_results",
        "hr_assessments",
        "customer_contacts",
        "customer_competitors",
    ):
        assert n[table] > 0, table


def test_same_seed_gives_identical_tables(demo: sqlite_utils.Database, tmp_path: Path) -> None:
    """Identical but for the password hashes: argon2 salts each hash anew, as it must."""
    again = _seeded(tmp_path / "again.db")
    for table in demo.table_names():
        if not table.startswith("_"):
            assert all_rows(again, table) == all_rows(demo, table), table


def all_rows(db: sqlite_utils.Database, table: str) -> list[tuple]:
    columns = ", ".join(f"[{c}]" for c in db[table].columns_dict if c not in SECRET_COLUMNS)
    return db.execute(f"SELECT {columns} FROM [{table}] ORDER BY rowid").fetchall()


def test_demo_accounts_one_per_role_share_the_demo_password(demo: sqlite_utils.Database) -> None:
    from kam import auth
    from kam.demo.accounts import DEMO_PASSWORD

    roles = {r[0]: r[1] for r in demo.execute("SELECT login, role FROM users")}
    assert roles == {"admin": "admin", "manager": "manager", "hr": "hr", "sales": "sales"}
    now = dt.datetime.combine(ANCHOR, dt.time(9), tzinfo=dt.UTC)
    for login in roles:
        assert auth.sign_in(demo, login, DEMO_PASSWORD, now).account is not None, login


def test_another_seed_gives_other_data(demo: sqlite_utils.Database, tmp_path: Path) -> None:
    other = _seeded(tmp_path / "other.db", seed=7)
    for table in ("people", "customers", "orders", "meetings"):
        assert all_rows(other, table) != all_rows(demo, table), table


def test_returns_row_counts_and_refuses_a_filled_database(demo: sqlite_utils.Database) -> None:
    with pytest.raises(DemoDatabaseNotEmptyError, match="'customers' already has 600 rows"):
        seed_demo(demo, anchor=ANCHOR)


def test_foreign_keys_hold(demo: sqlite_utils.Database) -> None:
    assert demo.execute("PRAGMA foreign_key_check").fetchall() == []


def test_r7_every_stage_occurs(demo: sqlite_utils.Database) -> None:
    stages = set(frame(demo, "r7_stages")["code"])
    assert set(frame(demo, "orders")["stage"]) == stages


def test_r7_close_date_exactly_for_won_and_lost(demo: sqlite_utils.Database) -> None:
    orders = frame(demo, "orders")
    closed = orders["stage"].isin(["won", "lost"])
    assert (orders["close_date"].notna() == closed).all()
    assert (orders.loc[closed, "close_date"] >= orders.loc[closed, "lock_date"]).all()
    reviewed = orders["review_date"].notna()
    assert (orders.loc[reviewed, "review_date"] >= orders.loc[reviewed, "lock_date"]).all()


def test_no_date_after_the_anchor(demo: sqlite_utils.Database) -> None:
    for table, columns in DATE_COLUMNS.items():
        for column in columns:
            dates = frame(demo, table)[column].dropna()
            assert (dates <= ANCHOR.isoformat()).all(), f"{table}.{column}"
    orders = frame(demo, "orders")
    assert orders["lock_date"].min() >= (ANCHOR - dt.timedelta(days=3 * 366)).isoformat()


def test_r7_renewals_point_to_earlier_won_orders_of_the_same_customer(demo: sqlite_utils.Database) -> None:
    orders = frame(demo, "orders").set_index("id")
    renewals = orders[orders["renew_of"].notna()]
    origin = orders.loc[renewals["renew_of"].astype(int)]
    assert len(renewals) > 50
    assert (origin["stage"] == "won").all()
    assert (origin["customer_id"].to_numpy() == renewals["customer_id"].to_numpy()).all()
    assert (origin["close_date"].to_numpy() <= renewals["lock_date"].to_numpy()).all()


def test_scale_multiplies_customers_and_orders(tmp_path: Path) -> None:
    small = _seeded(tmp_path / "small.db", scale=0.2)
    assert small["customers"].count == 120
    assert 700 <= small["orders"].count <= 1_100
    assert (small["branches"].count, small["teams"].count) == (3, 9)


def test_ensure_demo_seeds_only_an_empty_database(
    demo: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ensure_demo(demo, ANCHOR) is False
    monkeypatch.setenv("KAM_DEMO", "0")
    empty = kamdb.connect(tmp_path / "empty.db")
    assert ensure_demo(empty, ANCHOR) is False and empty["people"].count == 0
    monkeypatch.delenv("KAM_DEMO")
    assert ensure_demo(empty, ANCHOR) is True and empty["customers"].count == 600


def test_cli_creates_and_force_recreates(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    args = ["--db", str(path), "--anchor", "2026-06-30", "--scale", "0.05"]
    assert main(args) == 0
    assert main(args) == 1  # refuses a filled database
    assert main([*args, "--force"]) == 0
    assert kamdb.connect(path)["customers"].count == 30


# --- "interesting" data ----------------------------------------------------------------


def test_r2_every_tier_by_strength_and_by_cooperation(demo: sqlite_utils.Database) -> None:
    tiers = tier_frame(demo)
    every = set(range(demo["r2_tiers"].count))
    assert set(tiers["strength"]) == every
    assert set(tiers["cooperation"]) == every
    assert set(tiers["tier"]) == every


def test_r2_upgrade_targets(demo: sqlite_utils.Database) -> None:
    tiers = tier_frame(demo)
    assert (tiers["strength"] > tiers["cooperation"]).sum() >= 5


def test_r2_owners_below_the_tier_principal(demo: sqlite_utils.Database) -> None:
    tiers = tier_frame(demo)
    below = tiers["owner_order"] < tiers["principal_order"]  # NaN (unowned) compares False
    assert below.sum() >= 3
    assert tiers["owner_order"].isna().sum() >= 20  # unowned customers


def test_r1_every_value_class_and_unrated(demo: sqlite_utils.Database) -> None:
    classes = value_classes(demo)
    assert set(classes) == set(frame(demo, "r1_value_classes")["code"])
    assert len(classes) < demo["customers"].count  # some customers are unrated


def test_r2_incomplete_customers(demo: sqlite_utils.Database) -> None:
    customers = frame(demo, "customers")
    assert customers["customer_revenue"].isna().sum() >= 10
    assert customers[["winnability", "demonstration"]].isna().any(axis=1).sum() >= 10
    assert customers["name"].is_unique


def test_r6_a_parent_target_above_its_childrens_sum(demo: sqlite_utils.Database) -> None:
    targets = frame(demo, "targets")
    annual = targets[targets["period"].str.len() == 4]
    people = frame(demo, "people").set_index("id")
    persons = annual[annual["entity_type"] == "person"].copy()
    persons["team_id"] = persons["entity_id"].map(people["team_id"])
    children = persons.groupby(["team_id", "period"])["amount"].sum()
    teams = annual[annual["entity_type"] == "team"].set_index(["entity_id", "period"])["amount"]
    teams.index = teams.index.set_names(["team_id", "period"])
    assert (children.reindex(teams.index, fill_value=0) < teams).any()


def test_r6_monthly_targets_add_up_to_the_year(demo: sqlite_utils.Database) -> None:
    targets = frame(demo, "targets")
    monthly = targets[targets["period"].str.len() == 7]
    assert monthly["entity_id"].nunique() >= 3
    by_year = monthly.groupby(["entity_id", monthly["period"].str[:4]])["amount"].sum()
    annual = targets[targets["entity_type"] == "person"].set_index(["entity_id", "period"])["amount"]
    assert (by_year == annual.reindex(by_year.index)).all()


def test_r10_million_stars_in_the_anchor_year(demo: sqlite_utils.Database) -> None:
    honors = frame(demo, "r10_honors").set_index("code")
    threshold = honors.loc["million_star", "threshold"]
    won = frame(demo, "orders").query("stage == 'won'")
    won = won[won["close_date"].str[:4] == str(ANCHOR.year)]
    monthly = won.groupby(["owner_id", won["close_date"].str[:7]])["amount"].sum()
    assert (monthly >= threshold).sum() >= 3


def test_r7_overdue_and_late_milestones(demo: sqlite_utils.Database) -> None:
    ms = frame(demo, "order_milestones").merge(
        frame(demo, "orders")[["id", "lock_date", "stage"]], left_on="order_id", right_on="id"
    )
    due_day = ms["milestone_code"].map(frame(demo, "r7_milestones").set_index("code")["due_day"])
    due = pd.to_datetime(ms["lock_date"]) + pd.to_timedelta(due_day, unit="D")
    done = pd.to_datetime(ms["done_date"])
    assert (done.isna() & (due < pd.Timestamp(ANCHOR))).sum() >= 10  # overdue
    assert (done > due).sum() >= 10  # late


def test_r7_reviews_valid_invalid_and_missing(demo: sqlite_utils.Database) -> None:
    orders = frame(demo, "orders")
    ranks = frame(demo, "people").set_index("id")["rank"]
    reviewer_rank = orders["reviewer_id"].map(ranks)
    assert (reviewer_rank == "partner").sum() >= 3
    assert reviewer_rank.isin(["director", "general_manager"]).mean() > 0.8
    assert orders["reviewer_id"].isna().sum() >= 3
    assert orders["paused_until"].notna().sum() >= 3


def test_r7_key_messages_complete_and_incomplete(demo: sqlite_utils.Database) -> None:
    messages = frame(demo, "order_key_messages")
    filled = messages[messages["value"].notna()].groupby("order_id").size()
    total = demo["r7_key_messages"].count
    assert (filled == total).sum() >= 50 and (filled < total).sum() >= 10


def test_r9_people_tree_new_hires_leavers_and_clearances(demo: sqlite_utils.Database) -> None:
    people = frame(demo, "people").set_index("id")
    order = people["rank"].map(frame(demo, "ranks").set_index("code")["rank_order"])
    managed = people["manager_id"].notna() & (people["rank"] != "hr")
    assert (order[managed] < people.loc[managed, "manager_id"].map(order)).all()
    assert set(people["rank"]) == set(frame(demo, "ranks")["code"])
    assert people["command_rank"].notna().sum() >= 3
    joined = pd.to_datetime(people["join_date"])
    assert (joined > pd.Timestamp(ANCHOR - dt.timedelta(days=90))).sum() >= 3
    assert people["left_date"].notna().sum() >= 1
    results = frame(demo, "clearance_results")
    veterans = people.index[joined < pd.Timestamp(ANCHOR) - pd.DateOffset(years=1)]
    vet = results[results["person_id"].isin(veterans)]
    sellers = (people.loc[veterans, "rank"] != "hr").sum()
    assert len(vet) == sellers * demo["r9_clearances"].count and vet["passed"].all()
    failed = results[(results["clearance_code"] == "entry") & (results["passed"] == 0)]
    assert (failed["score"] < 90).sum() >= 1


def test_r9_face_to_face_meetings_dominate(demo: sqlite_utils.Database) -> None:
    kinds = frame(demo, "meetings")["activity_type"].value_counts()
    assert kinds.index[0] == "face_to_face"
    assert set(kinds.index) == set(frame(demo, "r8_activity_types")["code"])


def test_r6_ka_plan_ten_years_from_the_year_before(demo: sqlite_utils.Database) -> None:
    plan = frame(demo, "ka_plan").sort_values("year")
    assert list(plan["year"]) == list(range(ANCHOR.year - 1, ANCHOR.year + 9))
    assert plan["growth_rate"].dropna().between(0.15, 0.25).all()
    assert (plan["ka_revenue_target"].diff().dropna() > 0).all()


def test_agrees_with_assign_tiers(demo: sqlite_utils.Database) -> None:
    """Cross-check the helper above with the rules module (kam/rules/tiers.py)."""
    from kam.rules.tiers import assign_tiers

    result = assign_tiers(frame(demo, "customers"), frame(demo, "orders"), load_rules(demo), ANCHOR)
    codes = frame(demo, "r2_tiers").sort_values("tier_order")["code"].tolist()
    mine = tier_frame(demo)
    assert result["tier"].map(codes.index).tolist() == mine["tier"].tolist()
    assert int(result["upgrade_target"].sum()) == int((mine["strength"] > mine["cooperation"]).sum())


def test_every_team_has_its_director_as_leader(demo: sqlite_utils.Database) -> None:
    teams = frame(demo, "teams")
    people = frame(demo, "people").set_index("id")
    assert teams["leader_id"].notna().all()
    leaders = people.loc[teams["leader_id"].astype(int)]
    assert (leaders["rank"] == "director").all()
    assert (leaders["team_id"].astype(int).to_numpy() == teams["id"].to_numpy()).all()


def test_stuck_orders_know_since_when(demo: sqlite_utils.Database) -> None:
    orders = frame(demo, "orders")
    stuck = orders[orders["stage"] == "stuck"]
    assert len(stuck) and stuck["stuck_since"].notna().all()
    assert (stuck["stuck_since"] >= stuck["lock_date"]).all()
    assert (stuck["stuck_since"] <= ANCHOR.isoformat()).all()
    assert orders.loc[orders["stage"] != "stuck", "stuck_since"].isna().all()


# --- people behind target, owner mismatches, names, target levels, three years ---------


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_r6_people_behind_their_targets_at_the_anchor(demo: sqlite_utils.Database) -> None:
    """kam's own R6 progress: some people behind their year target, some on track."""
    from kam.rules.targets import progress

    got = progress(frame(demo, "targets"), frame(demo, "orders"), frame(demo, "people"), frame(demo, "teams"), ANCHOR)
    year = got[got["period"] == str(ANCHOR.year)]
    persons = year[year["entity_type"] == "person"]
    assert (persons["status"] == "behind").sum() >= 3
    assert (persons["status"] == "on_track").sum() >= 3
    # behind means progress under the elapsed share of the year, not "no target"
    behind = persons[persons["status"] == "behind"]
    assert (behind["target"] > 0).all() and (behind["progress"] < behind["expected"]).all()


def test_r6_targets_at_every_level(demo: sqlite_utils.Database) -> None:
    """Company and branch targets too, not only teams and people, for the anchor year."""
    targets = frame(demo, "targets")
    year = targets[targets["period"] == str(ANCHOR.year)]
    assert set(year["entity_type"]) == {"company", "branch", "team", "person"}
    company = year[year["entity_type"] == "company"]
    assert len(company) == 1 and company["entity_id"].isna().all()
    branch_ids = set(frame(demo, "branches")["id"])
    assert set(year.loc[year["entity_type"] == "branch", "entity_id"].astype(int)) == branch_ids


def test_r1_owner_mismatches_for_every_value_class(demo: sqlite_utils.Database) -> None:
    """kam's own owner checks: every class of r1_value_classes has customers whose owner
    does not fit it (a whale without an elite owner, a small fish still owned, ...)."""
    from kam.rules.scoring import score_customers

    scored = score_customers(
        frame(demo, "customers"),
        frame(demo, "orders"),
        frame(demo, "people"),
        frame(demo, "meetings"),
        frame(demo, "clearance_results"),
        load_rules(demo),
        ANCHOR,
    )
    reasons = scored.assign(reason=scored["mismatch_reasons"].str.split(";")).explode("reason")
    reasons = reasons[reasons["reason"] != ""]
    kinds: set[str] = set()
    for code in frame(demo, "r1_value_classes")["code"]:
        of_class = reasons[(reasons["value_class"] == code) & reasons["reason"].str.startswith(f"{code}_")]
        assert len(of_class) >= 1, code
        kinds |= set(of_class["reason"])
    assert len(kinds) > 1  # e.g. whale_needs_elite, small_fish_owned: not one kind only
    assert (reasons["reason"] == "no_owner").any()  # a whale, dolphin or shark with no owner


def test_chinese_names(demo: sqlite_utils.Database) -> None:
    for table in ("customers", "people", "branches", "teams"):
        names = frame(demo, table)["name"]
        assert names.map(_has_cjk).all(), table


def test_orders_span_the_three_years_before_the_anchor(demo: sqlite_utils.Database) -> None:
    """Won orders in each of the trailing years (anchor - 36 months, anchor] by 12 months,
    so 12-, 24- and 36-month windows and year-on-year comparisons all have data."""
    orders = frame(demo, "orders")
    won = orders[orders["stage"] == "won"]
    close = pd.to_datetime(won["close_date"])
    end = pd.Timestamp(ANCHOR)
    for years_back in (1, 2, 3):
        start, stop = end - pd.DateOffset(years=years_back), end - pd.DateOffset(years=years_back - 1)
        assert ((close > start) & (close <= stop)).sum() >= 100, years_back
    earliest = pd.Timestamp(orders["lock_date"].min())
    assert end - pd.DateOffset(years=3) < earliest < end - pd.DateOffset(years=2)


def test_the_demo_plan_is_one_a_branch_could_meet(demo: sqlite_utils.Database) -> None:
    """Targets far above any pace showed every month red: the anchor year's plan is about
    the year before's sales (kam/demo/targets.py PLAN_PACE), so some months are met, some
    missed, and the company is near its expected share."""
    from kam.views.targets import load
    from tests.conftest import EVERYONE

    m = load(demo, EVERYONE, year=ANCHOR.year, as_of=ANCHOR, lang="en")
    done = m.months[~m.months["open"] & m.months["actual"].notna()]
    met = done["actual"] >= done["target"]
    assert met.any() and not met.all()
    head = m.progress[m.progress["entity_type"] == "company"].iloc[0]
    assert 0.8 <= head["progress"] / head["expected"] <= 1.2


def test_a_tool_with_an_account_never_gets_the_demo_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real tool whose first admin exists but whose people are not entered yet, restarted
    without KAM_DEMO=0, must not get the demo accounts and their published password."""
    from kam import auth

    monkeypatch.setenv("KAM_DEMO", "1")
    db = kamdb.connect(tmp_path / "real.db")
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    account, _ = auth.create_first_admin(db, "boss", "老板", "a long passphrase", "a long passphrase", now)
    assert account is not None
    assert ensure_demo(db, ANCHOR) is False
    assert db["people"].count == 0 and [r[0] for r in db.execute("SELECT login FROM users")] == ["boss"]
