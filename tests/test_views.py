"""The page models (kam/views), read directly without Streamlit: what each page would draw."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

from kam.i18n import translate
from kam.specs import RULE_TABLES
from kam.store.access import unrestricted
from kam.store.orders import last_order_date
from kam.views import filters, home, pyramid, settings, targets
from kam.views.scope import Scope, in_scope, owner_options
from tests.conftest import EVERYONE

ANCHOR = dt.date(2026, 6, 30)


def test_filter_options_default_to_the_last_day_with_orders_when_the_data_stops_earlier(
    demo_db: sqlite_utils.Database, db: sqlite_utils.Database
) -> None:
    options = filters.load(demo_db, EVERYONE)
    last = last_order_date(demo_db)
    assert last is not None and last <= ANCHOR
    assert options.default_as_of(last + dt.timedelta(days=1)) == last and options.stops_early(
        last + dt.timedelta(days=1)
    )
    assert options.default_as_of(last) == last and not options.stops_early(last)
    assert options.default_as_of(last - dt.timedelta(days=1)) == last - dt.timedelta(days=1)
    empty = filters.load(db, EVERYONE)  # no orders: today
    assert empty.default_as_of(ANCHOR) == ANCHOR and not empty.stops_early(ANCHOR)
    assert list(options.target_years) == sorted(options.target_years, reverse=True) and options.target_years


def test_filter_options_offer_teams_of_the_branch_and_its_owners(demo_db: sqlite_utils.Database) -> None:
    options = filters.load(demo_db, EVERYONE)
    branch = next(iter(options.branches))
    teams = options.teams(branch)
    org = options.org
    assert set(teams) == set(org.teams.loc[org.teams["branch_id"] == branch, "id"])
    team = next(iter(teams))
    owners = options.owners_of(branch, team)
    assert owners and set(owners) <= set(org.people.loc[org.people["team_id"] == team, "id"])


def test_filter_options_owner_choices_are_kept_per_branch_and_team_and_not_shared_out(
    demo_db: sqlite_utils.Database,
) -> None:
    options = filters.load(demo_db, EVERYONE)
    org = options.org
    picks = [(None, None), *((b, None) for b in options.branches)]
    picks += [(b, t) for b in options.branches for t in options.teams(b)]
    for branch, team in picks:  # what is kept equals what is worked out afresh, every pick
        fresh = owner_options(org.people, org.teams, options.owners, branch, team)
        assert options.owners_of(branch, team) == fresh and options.owners_of(branch, team) == fresh
    mine = options.owners_of(None, None)
    mine.clear()  # a caller's change to its copy is not the next caller's choices
    assert options.owners_of(None, None) and dataclasses.replace(options)._owners == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pyramid_model_keeps_the_customers_in_scope_and_says_so_in_the_language(
    demo_db: sqlite_utils.Database, lang: str
) -> None:
    whole = pyramid.load(demo_db, EVERYONE, as_of=ANCHOR, lang=lang)
    branch = int(whole.org.branches["id"].iloc[0])
    one = pyramid.load(demo_db, EVERYONE, as_of=ANCHOR, lang=lang, branch=branch)
    mask = in_scope(whole.customers, whole.org.people, whole.org.teams, Scope(branch_id=branch))
    assert len(whole.scored) == len(whole.customers) and set(one.scored.index) == set(mask[mask].index)
    assert one.metrics[0] == pyramid.Metric(translate("pyramid.m.customers", lang), f"{len(one.scored):,}")
    assert one.summary.customers == len(one.scored) < whole.summary.customers
    assert dataclasses.is_dataclass(one) and one.__dataclass_params__.frozen
    ka = one.shown("tier:KA")
    assert (ka["tier"] == "KA").all() and len(one.grid_frame("tier:KA")) == len(ka)
    assert len(one.export_frame("")) == len(one.scored)
    assert one.tier_chart["param"] == pyramid.TIER_PICK and one.cell_chart["param"] == pyramid.CELL_PICK


def test_pyramid_model_on_an_empty_database(db: sqlite_utils.Database) -> None:
    m = pyramid.load(db, EVERYONE, as_of=ANCHOR, lang="zh")
    assert m.scored.empty and m.pareto_chart is None and m.upgrade.frame.empty and m.summary.customers == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_model_of_a_year_and_branch(demo_db: sqlite_utils.Database, lang: str) -> None:
    options = filters.load(demo_db, EVERYONE)
    year = options.target_years[0]
    branch = next(iter(options.branches))
    m = targets.load(demo_db, EVERYONE, year=year, as_of=ANCHOR, lang=lang, branch=branch)
    assert m.metrics[0].label == translate("targets.m.target", lang, year=year)
    assert set(m.progress["branch_id"].dropna()) == {branch}
    assert len(m.months) == 12 and m.months["label"].iloc[0] == {"zh": "1月", "en": "Jan"}[lang]
    rows = m.tree_rows(sub_periods=False)
    assert len(rows) and rows["period"].astype(str).str.startswith(str(year)).all()
    assert len(m.template()) and len(m.plan) and len(m.actuals)


def test_targets_model_on_an_empty_database(db: sqlite_utils.Database) -> None:
    m = targets.load(db, EVERYONE, year=ANCHOR.year, as_of=ANCHOR, lang="zh")
    assert not m.has_progress and m.tree.empty and m.plan.empty and m.under.empty


def test_home_model_counts_and_lists_the_newest_changes(demo_db: sqlite_utils.Database) -> None:
    m = home.load(demo_db, EVERYONE, as_of=ANCHOR, lang="en")
    assert m.customers == demo_db["customers"].count
    assert [x.label for x in m.metrics][0] == translate("home.customers", "en")
    assert m.recent.empty  # the demo data is seeded, not edited
    demo_db.execute(
        "INSERT INTO audit (table_name, row_key, action, column_name, old_value, new_value, user, at) "
        "VALUES ('customers', '1', 'update', 'employees', '1', '2', 't', '2026-06-30T00:00:00')"
    )
    assert len(home.load(demo_db, EVERYONE, as_of=ANCHOR, lang="en").recent) == 1


def test_settings_model_lists_a_rules_tables_and_their_parameters(db: sqlite_utils.Database) -> None:
    m = settings.load(db, EVERYONE, rule="R2", lang="zh")
    assert m.tables[: len(RULE_TABLES["R2"])] == RULE_TABLES["R2"] and m.tables[-1] == "rule_params"
    assert set(m.history) == set(m.tables) and all(h.empty for h in m.history.values())
    frame = pd.DataFrame(list(db["rule_params"].rows))
    assert set(frame["rule"]) > {"R2"}  # every rule's parameters live in one table ...
    assert set(m.rows_of("rule_params", frame)["rule"]) == {"R2"}  # ... and the grid shows the rule's
    assert len(m.rows_of("r2_tiers", frame)) == len(frame)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_rules_tables_history_reads_as_people_read_it(db: sqlite_utils.Database, lang: str) -> None:
    """The settings page's history was a raw audit dump (codes, column names, UTC)."""
    from kam import edit
    from kam.specs import SPECS
    from kam.store.frames import loaded_frame
    from kam.types import ChangeSet

    spec = SPECS["r2_tiers"]
    loaded = loaded_frame(db, spec)
    key = loaded["tier_order"].astype(int).idxmax()  # the top tier: a higher threshold keeps the order
    value = int(loaded.at[key, "min_cooperation"]) + 1_234
    changes = ChangeSet(updates={key: {"min_cooperation": value}}, versions={key: int(loaded.at[key, "version"])})
    result, problems = edit.save_change_set(db, spec, loaded, changes, unrestricted("tester"))
    assert problems == [] and result is not None
    history = settings.load(db, EVERYONE, rule="R2", lang=lang).history["r2_tiers"]
    row = history.iloc[0].tolist()
    label = loaded.at[key, f"label_{lang}"]
    assert label in row and translate("col.min_cooperation", lang) in row and f"{value:,}" in row
    assert key not in row and "min_cooperation" not in row
