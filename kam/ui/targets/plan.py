"""The ten-year plan's actions (create, work back a rate, prefill the base year) and the
drivers' growth-formula calculator (domain.md R6).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.i18n import fmt_rate
from kam.rules.plan import DriverError, growth_formula
from kam.store.access import Access
from kam.types import ChangeSet, TableSpec
from kam.ui import grid
from kam.ui.common import lang, money, select, t
from kam.ui.widgets import flash
from kam.views.targets import plan as kplan


def plan_actions(
    db: sqlite_utils.Database,
    spec: TableSpec,
    plan: pd.DataFrame,
    actuals: pd.DataFrame,
    access: Access,
    base_default: int,
) -> None:
    """Create a plan, work back a rate from a goal, prefill the base year from the orders
    (for a role that writes the plan; others read it)."""
    follow = lambda loaded, ch: kplan.follow_plan(spec, loaded, ch)  # noqa: E731
    if not access.writes(spec.table):
        if plan.empty:
            st.info(t("targets.plan.empty"))
        return
    if plan.empty:
        st.info(t("targets.plan.empty"))
        if st.button(t("targets.plan.create", year=base_default), type="primary", key="plan_create"):
            _act(db, spec, plan, kplan.new_plan(base_default, actuals), access, follow)
        return
    base = kplan.base_year(plan)
    years = [int(y) for y in plan["year"] if int(y) > base]
    with st.container(border=True):
        st.markdown(f"**{t('targets.plan.work_back')}**")
        st.caption(t("targets.plan.work_back_help"))
        cols = st.columns([1, 1.4, 1.2, 1.6])
        if not years:
            cols[0].caption(t("targets.plan.no_years"))
            return
        goal_year = select(cols[0], t("targets.plan.goal_year"), years, index=len(years) - 1, key="plan_goal_year")
        stored = plan.loc[plan["year"] == goal_year, "ka_revenue_target"].iloc[0]
        goal = cols[1].number_input(
            t("targets.plan.goal"),
            min_value=0,
            step=10_000_000,
            key=f"plan_goal_{goal_year}",
            value=int(stored) if pd.notna(stored) else None,
        )
        try:
            rate, changes = kplan.work_back(plan, goal, goal_year)
        except DriverError as err:
            cols[2].metric(t("targets.plan.rate_needed"), "—")
            cols[3].caption(kplan.driver_message(err, lang()))
            rate, changes = None, None
        else:
            cols[2].metric(
                t("targets.plan.rate_needed"),
                fmt_rate(rate),
                help=t(
                    "targets.plan.rate_help",
                    base=money(plan["ka_revenue_target"].iloc[0]),
                    goal=money(goal),
                    years=goal_year - base,
                ),
            )
        if cols[3].button(
            t("targets.plan.apply_rate", first=base + 1, last=goal_year),
            disabled=changes is None,
            key="plan_apply_rate",
        ):
            _act(db, spec, plan, changes, access, follow)
    if base in actuals.index:
        actual = actuals.loc[base, "ka_revenue"]
        target = plan["ka_revenue_target"].iloc[0]
        cols = st.columns([3, 1])
        cols[0].caption(t("targets.plan.base_actual", year=base, actual=money(actual), target=money(target)))
        if cols[1].button(
            t("targets.plan.prefill", year=base),
            key="plan_prefill",
            disabled=pd.notna(target) and int(target) == round(actual),
        ):
            _act(db, spec, plan, kplan.prefill_base(plan, actuals), access, follow)


def _act(
    db: sqlite_utils.Database,
    spec: TableSpec,
    plan: pd.DataFrame,
    changes: ChangeSet,
    access: Access,
    follow: Callable[[pd.DataFrame, ChangeSet], ChangeSet],
) -> None:
    ok, text = grid.save_message(db, spec, plan, changes, access, derive=follow)
    if ok:
        grid.reset("ka_plan", ("success", text))
        grid.reset("ka_drivers")
        st.rerun()
    st.error(text)


def growth_calculator(
    db: sqlite_utils.Database,
    spec: TableSpec,
    plan: pd.DataFrame,
    company_targets: pd.Series,
    access: Access,
    default_year: int,
) -> None:
    """R6 growth formula: sales = headcount x customers per person x cooperation per
    customer, with its inputs saved on the plan year's row."""
    years = [int(y) for y in plan["year"]]
    if not years:
        st.caption(t("targets.plan.empty"))
        return
    flash("growth")
    cols = st.columns([1, 1, 1, 1.3])
    year = select(
        cols[0],
        t("col.year"),
        years,
        key="growth_year",
        index=years.index(default_year) if default_year in years else 0,
    )
    saved = kplan.growth_inputs(plan, year)
    values = {
        "headcount": cols[1].number_input(
            t("col.headcount"),
            min_value=0,
            step=1,
            key=f"growth_h_{year}",
            value=None if saved["headcount"] is None else int(saved["headcount"]),
        ),
        "customers_per_person": cols[2].number_input(
            t("col.customers_per_person"),
            min_value=0.0,
            step=0.5,
            key=f"growth_c_{year}",
            value=saved["customers_per_person"],
        ),
        "cooperation_per_customer": cols[3].number_input(
            t("col.cooperation_per_customer"),
            min_value=0,
            step=100_000,
            key=f"growth_p_{year}",
            value=None if saved["cooperation_per_customer"] is None else int(saved["cooperation_per_customer"]),
        ),
    }
    try:
        got = growth_formula(values["headcount"], values["customers_per_person"], values["cooperation_per_customer"])
    except DriverError as err:
        st.caption(kplan.driver_message(err, lang()))
        got = None
    m = st.columns(4)
    m[0].metric(t("targets.growth.sales"), money(got["sales"]) if got else "—", border=True)
    m[1].metric(t("targets.growth.per_person"), money(got["sales_per_person"]) if got else "—", border=True)
    company = company_targets.get(str(year))
    m[2].metric(
        t("targets.growth.company_target", year=year),
        money(company),
        border=True,
        delta=money(got["sales"] - company) if got and company is not None else None,
    )
    if access.writes(spec.table) and m[3].button(
        t("targets.growth.save", year=year), key="growth_save", type="primary", disabled=values == saved
    ):
        ok, text = grid.save_message(db, spec, plan, kplan.growth_changes(plan, year, values), access)
        if ok:
            flash("growth", ("success", text))
            grid.reset("ka_drivers")
            st.rerun()
        st.error(text)
