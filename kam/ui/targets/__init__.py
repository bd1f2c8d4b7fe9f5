"""The targets page's sections (domain.md R6), drawn from its model
(:class:`kam.views.targets.TargetsModel`): progress, the targets tree, bulk entry with its
preview, the ten-year plan with its actions, the drivers and the growth-formula calculator.
The logic is in :mod:`kam.views.targets`; saves go through :func:`kam.ui.grid.save_message`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.i18n import plain
from kam.specs import SPECS
from kam.store.access import Access
from kam.ui import charts
from kam.ui.common import money, t
from kam.ui.grid import edit_table
from kam.ui.targets.bulk import bulk_entry
from kam.ui.targets.plan import growth_calculator, plan_actions
from kam.ui.widgets import show_table
from kam.views.targets import TargetsModel, bulk, tree
from kam.views.targets import plan as kplan


def progress_section(db: sqlite_utils.Database, m: TargetsModel, access: Access) -> None:
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
        "open_title": t("targets.chart.open"),
    }
    left, right = st.columns(2, gap="large")
    left.markdown(f"**{t('targets.chart.monthly', who=plain(m.focus_name), year=m.year)}**")
    charts.show(left, charts.monthly_chart(m.months, **kw))
    right.markdown(f"**{t('targets.chart.cumulative', who=plain(m.focus_name), year=m.year)}**")
    charts.show(right, charts.monthly_chart(m.months, cumulative=True, **kw))
    left.caption(t(f"targets.chart.source.{m.months['source'].iloc[0]}"))
    only = st.toggle(t("targets.behind_only"), value=True, key="targets_behind_only")
    rows = m.progress[m.progress["behind"]] if only else m.progress
    st.caption(t("targets.behind_caption", n=len(rows), date=m.as_of.isoformat()))
    names = ("name", "path", "target", "actual", "progress", "expected", "gap", "status")
    labels = {n: t(f"targets.col.{n}") for n in names}
    shown = rows.assign(status=rows["status"].map(lambda s: t(f"targets.status.{s}")))
    show_table(shown, labels, money=("target", "actual", "gap"), rates=("expected",), bars=("progress",))


def _parents_note(kind: str, rows: pd.DataFrame, column: str, param: str) -> str:
    """The under- or over-allocated parents, one Markdown line each (paths made inert)."""
    lines = (
        "- "
        + t(
            f"targets.tree.{kind}_line",
            path=plain(r["path"]),
            period=plain(r["period"]),
            amount=money(r["amount"]),
            children=money(r["children_sum"]),
            **{param: money(r[column])},
        )
        for _, r in rows.iterrows()
    )
    return t(f"targets.tree.{kind}", n=len(rows)) + "\n\n" + "\n".join(lines)


def tree_section(db: sqlite_utils.Database, m: TargetsModel, access: Access) -> None:
    """The targets tree in the grid editor, under-allocated parents above it."""
    splits = st.toggle(t("targets.tree.splits"), value=False, key="targets_splits")
    if len(m.under):
        st.warning(_parents_note("under", m.under, "shortfall", "short"))
    if len(m.over):
        st.info(_parents_note("over", m.over, "excess", "excess"))
    if access.writes("targets"):
        st.caption(t("targets.tree.help"))  # how to edit: not for a role that only reads
    edit_table(
        db,
        tree.tree_spec(SPECS["targets"]),
        m.tree_rows(splits),
        key="targets_tree",
        access=access,
        computed=tree.TREE_COMPUTED,
        order=tree.TREE_ORDER,
        insert_defaults={"entity_type": "person", "period": str(m.year)},
    )
    with st.expander(t("targets.tree.lookup")):
        ents = m.entities[m.entities["entity_type"] != "company"]
        ents = ents.assign(entity_type=ents["entity_type"].map(lambda k: t(f"targets.type.{k}")))
        labels = {
            "entity_type": t("col.entity_type"),
            "entity_id": t("targets.col.entity_id"),
            "path": t("targets.col.path"),
        }
        show_table(ents, labels, max_rows=8)


def bulk_section(db: sqlite_utils.Database, m: TargetsModel, access: Access) -> None:
    sheet = t("targets.bulk.sheet")
    template = lambda: bulk.excel_bytes(m.template(), sheet)  # noqa: E731 - built only when clicked
    bulk_entry(
        db,
        SPECS["targets"],
        m.targets,
        m.entities,
        access,
        template,
        f"{t('targets.bulk.file_name')}_{m.year}.xlsx",
        year=m.year,
    )


def plan_section(db: sqlite_utils.Database, m: TargetsModel, access: Access) -> None:
    """The ten-year plan: chart, actions and its grid (targets follow by compound growth)."""
    spec = SPECS["ka_plan"]
    chart = kplan.plan_chart_frame(m.plan, m.actuals)
    if len(chart):
        titles = {"target_title": t("targets.chart.plan_target"), "actual_title": t("targets.chart.plan_actual")}
        charts.show(st, charts.plan_chart(chart, lang=m.lang, year_title=t("col.year"), **titles))
    plan_actions(db, spec, m.plan, m.actuals, access, m.as_of.year - 1)
    st.caption(t("targets.plan.help"))
    edit_table(
        db,
        kplan.plan_spec(spec),
        kplan.plan_frame(m.plan, m.actuals, m.lang),
        key="ka_plan",
        access=access,
        computed=kplan.PLAN_COMPUTED,
        order=kplan.PLAN_ORDER,
        derive=lambda loaded, ch: kplan.follow_plan(spec, loaded, ch),
        insert_defaults={"year": int(m.plan["year"].max()) + 1} if len(m.plan) else {},
    )


def drivers_section(db: sqlite_utils.Database, m: TargetsModel, access: Access) -> None:
    """The three drivers per plan year, and the growth-formula calculator."""
    spec = SPECS["ka_plan"]
    labels = {k: plain(v) for k, v in kplan.driver_labels(m.rules, m.lang).items()}  # rules text: inert
    st.caption(t("targets.drivers.help", **labels))
    edit_table(
        db,
        kplan.drivers_spec(spec),
        kplan.drivers_frame(m.plan, m.actuals, m.lang),
        key="ka_drivers",
        access=access,
        computed=kplan.DRIVERS_COMPUTED,
        order=kplan.DRIVERS_ORDER,
        empty=t("targets.drivers.empty"),
    )
    st.subheader(t("targets.growth.title"))
    st.caption(t("targets.growth.help"))
    growth_calculator(db, spec, m.plan, m.company_targets, access, m.year)


Section = Callable[[sqlite_utils.Database, TargetsModel, Access], None]
SECTIONS: dict[str, Section] = {
    "progress": progress_section,
    "tree": tree_section,
    "bulk": bulk_section,
    "plan": plan_section,
    "drivers": drivers_section,
}

# What a section needs of the user's role: reading a table, or writing one.
_NEEDS: dict[str, tuple[str, str]] = {
    "progress": ("read", "targets"),
    "tree": ("read", "targets"),
    "bulk": ("write", "targets"),
    "plan": ("read", "ka_plan"),
    "drivers": ("read", "ka_plan"),
}


def sections_for(access: Access) -> dict[str, Section]:
    """The sections the user's role can use (a tab it cannot use is not shown)."""
    can = {"read": access.reads, "write": access.writes}
    return {name: draw for name, draw in SECTIONS.items() if can[_NEEDS[name][0]](_NEEDS[name][1])}
