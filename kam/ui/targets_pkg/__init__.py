"""The targets page's sections (domain.md R6), drawn from its model
(:class:`kam.views.targets.TargetsModel`): progress, the targets tree, bulk entry with its
preview, the ten-year plan with its actions, the drivers and the growth-formula calculator.
The logic is in :mod:`kam.views.targets`; saves go through :func:`kam.ui.grid.save_message`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.i18n import fmt_rate, plain
from kam.rules.plan import DriverError, growth_formula
from kam.specs import SPECS
from kam.types import ChangeSet, TableSpec
from kam.ui import charts, grid
from kam.ui.common import lang, money, t
from kam.ui.grid import edit_table
from kam.ui.widgets import flash, money_columns
from kam.views.targets import TargetsModel, bulk, tree
from kam.views.targets import plan as kplan

# --- the ten-year plan ----------------------------------------------------------------


def plan_actions(
    db: sqlite_utils.Database, spec: TableSpec, plan: pd.DataFrame, actuals: pd.DataFrame, user: str, base_default: int
) -> None:
    """Create a plan, work back a rate from a goal, prefill the base year from the orders."""
    follow = lambda loaded, ch: kplan.follow_plan(spec, loaded, ch)  # noqa: E731
    if plan.empty:
        st.info(t("targets.plan.empty"))
        if st.button(t("targets.plan.create", year=base_default), type="primary", key="plan_create"):
            _act(db, spec, plan, kplan.new_plan(base_default, actuals), user, follow)
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
        goal_year = cols[0].selectbox(t("targets.plan.goal_year"), years, index=len(years) - 1, key="plan_goal_year")
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
            _act(db, spec, plan, changes, user, follow)
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
            _act(db, spec, plan, kplan.prefill_base(plan, actuals), user, follow)


def _act(
    db: sqlite_utils.Database,
    spec: TableSpec,
    plan: pd.DataFrame,
    changes: ChangeSet,
    user: str,
    follow: Callable[[pd.DataFrame, ChangeSet], ChangeSet],
) -> None:
    ok, text = grid.save_message(db, spec, plan, changes, user, derive=follow)
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
    user: str,
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
    year = cols[0].selectbox(
        t("col.year"), years, key="growth_year", index=years.index(default_year) if default_year in years else 0
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
    if m[3].button(t("targets.growth.save", year=year), key="growth_save", type="primary", disabled=values == saved):
        ok, text = grid.save_message(db, spec, plan, kplan.growth_changes(plan, year, values), user)
        if ok:
            flash("growth", ("success", text))
            grid.reset("ka_drivers")
            st.rerun()
        st.error(text)


# --- bulk entry -----------------------------------------------------------------------


def bulk_entry(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    ents: pd.DataFrame,
    user: str,
    template: bytes,
    template_name: str,
) -> None:
    """Paste box and file import -> one preview -> one audited save, or nothing."""
    flash("bulk")
    st.caption(t("targets.bulk.help"))
    left, right = st.columns([3, 2], gap="large")
    # A new key after a save empties the paste box and the file picker.
    nonce = st.session_state.get("_bulk_nonce", 0)
    text = left.text_area(
        t("targets.bulk.paste"), height=180, key=f"bulk_paste_{nonce}", placeholder=t("targets.bulk.placeholder")
    )
    with right:
        upload = st.file_uploader(t("targets.bulk.file"), type=["xlsx", "csv"], key=f"bulk_file_{nonce}")
        st.download_button(
            t("targets.bulk.template"),
            data=template,
            file_name=template_name,
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            icon=":material/download:",
            key="bulk_template",
        )
    cells: list[list[Any]] = []
    try:
        if upload is not None:
            cells = bulk.read_file(upload.name, upload.getvalue())
        elif text and text.strip():
            cells = bulk.read_text(text)
    except ValueError as err:
        st.error(t("targets.bulk.unreadable", reason=plain(err)))
        return
    if not cells:
        return
    preview = bulk.preview(cells, spec, loaded, ents, lang())
    _show_preview(spec, preview)
    n = int(preview.rows["action"].isin(["new", "update"]).sum())
    if st.button(t("targets.bulk.save", n=n), type="primary", disabled=not preview.ok, key="bulk_save"):
        ok, message = grid.save_message(db, spec, loaded, preview.changes, user)
        if ok:
            flash("bulk", ("success", message))
            st.session_state["_bulk_nonce"] = nonce + 1
            grid.reset("targets_tree")
            st.rerun()
        st.error(message)


def _show_preview(spec: TableSpec, preview: bulk.Preview) -> None:
    rows = preview.rows.copy()
    counts = rows["action"].value_counts()
    st.markdown(
        f"**{t('targets.bulk.preview')}** "
        + t(
            "targets.bulk.counts",
            new=int(counts.get("new", 0)),
            update=int(counts.get("update", 0)),
            same=int(counts.get("same", 0)),
            refused=int(counts.get("refused", 0)),
        )
    )
    rows["action"] = rows["action"].map(lambda a: t(f"targets.bulk.action.{a}"))
    invalid = preview.invalid

    def mark(row: pd.Series) -> list[str]:
        bad = invalid.get(int(row["line"]), set())
        return [
            "background-color: #ffd9d9; color: #8a1f1f" if c in bad or (c == "action" and bad) else ""
            for c in row.index
        ]

    labels = {
        "line": t("targets.bulk.line"),
        "entity_type": t("col.entity_type"),
        "entity": t("targets.col.entity"),
        "period": t("col.period"),
        "amount": t("col.amount"),
        "name": t("targets.bulk.found"),
        "current": t("targets.bulk.current"),
        "action": t("targets.bulk.action"),
    }
    st.dataframe(
        rows[list(labels)].style.apply(mark, axis=1),
        hide_index=True,
        column_config=money_columns(labels, ("current",)),
        height=min(400, 38 + 35 * len(rows)),
    )
    if preview.problems:
        lines = "\n".join(f"- {plain(grid.problem_text(spec, p))}" for p in preview.problems)
        st.error(t("targets.bulk.refused") + "\n\n" + lines)


# --- the page's sections (drawn from the model of kam.views.targets) -------------------
# Each section is (db, model, user) -> None, so that the page draws them in one loop:
# SECTIONS below, in the order of the page's tabs.


def progress_section(db: sqlite_utils.Database, m: TargetsModel, user: str) -> None:
    """Monthly and cumulated actual against target, and who is behind (reads only the model)."""
    if not m.has_progress:
        st.info(t("targets.progress.empty", year=m.year))
        return
    kw = {
        "lang": m.lang,
        "target_title": t("targets.chart.target"),
        "actual_title": t("targets.chart.actual"),
        "month_title": t("targets.chart.month"),
        "met_title": t("targets.chart.met"),
        "behind_title": t("targets.chart.behind"),
    }
    left, right = st.columns(2, gap="large")
    left.markdown(f"**{t('targets.chart.monthly', who=plain(m.focus_name), year=m.year)}**")
    left.altair_chart(charts.monthly_chart(m.months, **kw), width="stretch")
    right.markdown(f"**{t('targets.chart.cumulative', who=plain(m.focus_name), year=m.year)}**")
    right.altair_chart(charts.monthly_chart(m.months, cumulative=True, **kw), width="stretch")
    left.caption(t(f"targets.chart.source.{m.months['source'].iloc[0]}"))
    only = st.toggle(t("targets.behind_only"), value=True, key="targets_behind_only")
    rows = m.progress[m.progress["behind"]] if only else m.progress
    st.caption(t("targets.behind_caption", n=len(rows), date=m.as_of.isoformat()))
    names = ("name", "path", "target", "actual", "progress", "expected", "gap", "status")
    labels = {n: t(f"targets.col.{n}") for n in names}
    shown = rows.assign(status=rows["status"].map(lambda s: t(f"targets.status.{s}")))[list(labels)]
    st.dataframe(
        shown,
        hide_index=True,
        height=min(600, 38 + 35 * max(len(shown), 1)),
        column_config=money_columns(labels, ("target", "actual", "gap"), ("progress", "expected"), ("progress",)),
    )


def tree_section(db: sqlite_utils.Database, m: TargetsModel, user: str) -> None:
    """The targets tree in the grid editor, under-allocated parents above it."""
    splits = st.toggle(t("targets.tree.splits"), value=False, key="targets_splits")
    if len(m.under):
        lines = "\n".join(
            "- "
            + t(
                "targets.tree.under_line",
                path=plain(r.path),
                period=r.period,
                amount=money(r.amount),
                children=money(r.children_sum),
                short=money(r.shortfall),
            )
            for r in m.under.itertuples()
        )
        st.warning(t("targets.tree.under", n=len(m.under)) + "\n\n" + lines)
    st.caption(t("targets.tree.help"))
    edit_table(
        db,
        tree.tree_spec(SPECS["targets"]),
        m.tree_rows(splits),
        key="targets_tree",
        user=user,
        computed=tree.TREE_COMPUTED,
        order=tree.TREE_ORDER,
        insert_defaults={"entity_type": "person", "period": str(m.year)},
    )
    with st.expander(t("targets.tree.lookup")):
        ents = m.entities[m.entities["entity_type"] != "company"]
        ents = ents.assign(entity_type=ents["entity_type"].map(lambda k: t(f"targets.type.{k}")))
        st.dataframe(
            ents[["entity_type", "entity_id", "path"]],
            hide_index=True,
            height=300,
            column_config={
                "entity_type": t("col.entity_type"),
                "entity_id": t("targets.col.entity_id"),
                "path": t("targets.col.path"),
            },
        )


def bulk_section(db: sqlite_utils.Database, m: TargetsModel, user: str) -> None:
    template = bulk.excel_bytes(m.template(), t("targets.bulk.sheet"))
    bulk_entry(
        db, SPECS["targets"], m.targets, m.entities, user, template, f"{t('targets.bulk.file_name')}_{m.year}.xlsx"
    )


def plan_section(db: sqlite_utils.Database, m: TargetsModel, user: str) -> None:
    """The ten-year plan: chart, actions and its grid (targets follow by compound growth)."""
    spec = SPECS["ka_plan"]
    chart = kplan.plan_chart_frame(m.plan, m.actuals)
    if len(chart):
        titles = {"target_title": t("targets.chart.plan_target"), "actual_title": t("targets.chart.plan_actual")}
        st.altair_chart(charts.plan_chart(chart, lang=m.lang, year_title=t("col.year"), **titles), width="stretch")
    plan_actions(db, spec, m.plan, m.actuals, user, m.as_of.year - 1)
    st.caption(t("targets.plan.help"))
    edit_table(
        db,
        kplan.plan_spec(spec),
        kplan.plan_frame(m.plan, m.actuals, m.lang),
        key="ka_plan",
        user=user,
        computed=kplan.PLAN_COMPUTED,
        order=kplan.PLAN_ORDER,
        derive=lambda loaded, ch: kplan.follow_plan(spec, loaded, ch),
        insert_defaults={"year": int(m.plan["year"].max()) + 1} if len(m.plan) else {},
    )


def drivers_section(db: sqlite_utils.Database, m: TargetsModel, user: str) -> None:
    """The three drivers per plan year, and the growth-formula calculator."""
    spec = SPECS["ka_plan"]
    st.caption(t("targets.drivers.help", **kplan.driver_labels(m.rules, m.lang)))
    edit_table(
        db,
        kplan.drivers_spec(spec),
        kplan.drivers_frame(m.plan, m.actuals, m.lang),
        key="ka_drivers",
        user=user,
        computed=kplan.DRIVERS_COMPUTED,
        order=kplan.DRIVERS_ORDER,
    )
    st.subheader(t("targets.growth.title"))
    st.caption(t("targets.growth.help"))
    growth_calculator(db, spec, m.plan, m.company_targets, user, m.year)


SECTIONS: dict[str, Callable[[sqlite_utils.Database, TargetsModel, str], None]] = {
    "progress": progress_section,
    "tree": tree_section,
    "bulk": bulk_section,
    "plan": plan_section,
    "drivers": drivers_section,
}
