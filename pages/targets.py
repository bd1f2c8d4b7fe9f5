"""Targets and decomposition (domain.md R6): who is behind, the targets tree from the company
to every person, bulk entry, the ten-year key-account plan and its drivers.
Load -> kam.targets (pure) -> grids and charts; the Streamlit sections are in kam.ui.target_views."""

import datetime as dt

import streamlit as st

from kam import store
from kam.i18n import fmt_rate
from kam.invariants import known_entities
from kam.specs import SPECS
from kam.store import targets as ts
from kam.targets import bulk
from kam.targets import plan as kplan
from kam.targets import progress as kprog
from kam.targets import tree as ktree
from kam.ui import target_charts as charts
from kam.ui import target_views as views
from kam.ui.common import lang, money, open_db, page_setup, t
from kam.ui.grid import edit_table

ALL = None


def _pick(col, label: str, options: dict, key: str):  # noqa: ANN001, ANN202 - a column and a widget value
    choices = [ALL, *options]
    if st.session_state.get(key) not in choices:
        st.session_state.pop(key, None)
    return col.selectbox(label, choices, key=key, format_func=lambda v: t("targets.all") if v is ALL else options[v])


db = open_db()
user = page_setup("targets.title", db)
st.title(t("targets.title"))
st.caption(t("targets.intro"))

org = ts.org(db)
spec = SPECS["targets"]
targets = ts.targets(db, spec)
orders = ts.won_orders(db)
tree = ktree.tree_frame(targets, org.branches, org.teams, org.people, lang())
last = ts.last_order_date(db)
today = dt.date.today()
# Choice: the as-of date defaults to today, or to the last day with orders when the data
# stops earlier (a demo or an old copy), so that progress is not measured against days
# nobody has recorded yet.
cols = st.columns([1, 1, 1, 1.2])
as_of = cols[2].date_input(t("targets.as_of"), value=min(today, last) if last else today, key="targets_as_of")
year = cols[0].selectbox(t("col.year"), ktree.years_of(tree, as_of.year), key="targets_year")
branch = _pick(
    cols[1], t("targets.branch"), dict(zip(org.branches["id"], org.branches["name"], strict=True)), "targets_branch"
)
team = _pick(
    cols[3],
    t("targets.team"),
    {
        int(i): n
        for i, n, b in zip(org.teams["id"], org.teams["name"], org.teams["branch_id"], strict=True)
        if branch is ALL or b == branch
    },
    "targets_team",
)

table = kprog.progress_table(targets, orders, org.branches, org.teams, org.people, as_of, year, lang())
scope = kprog.scope(table, branch, team)
who = kprog.focus(branch, team)
head = kprog.headline(table, orders, org.teams, org.people, who, year, as_of)
under = ktree.under_allocated_rows(ktree.filter_tree(tree, year, branch))
m = st.columns(5)
m[0].metric(
    t("targets.m.target", year=year),
    views.big_money(head.target),
    border=True,
    help=None if head.target is None else t("targets.m.yuan", amount=f"{head.target:,.0f}"),
)
m[1].metric(
    t("targets.m.actual"),
    views.big_money(head.actual),
    border=True,
    help=t("targets.m.actual_help", date=as_of.isoformat(), amount=f"{head.actual:,.0f}"),
)
m[2].metric(
    t("targets.m.progress"),
    fmt_rate(head.progress),
    border=True,
    delta=None if head.progress is None else t("targets.m.vs_expected", expected=fmt_rate(head.expected)),
    delta_color="red" if head.progress is not None and head.progress < head.expected else "green",
    delta_arrow="off",
)
m[3].metric(
    t("targets.m.behind"),
    f"{int(scope['behind'].sum())} / {int((scope['status'] != 'no_data').sum())}",
    border=True,
    help=t("targets.m.behind_help"),
)
m[4].metric(
    t("targets.m.under"),
    f"{len(under)}",
    border=True,
    delta=t("targets.m.short", amount=views.big_money(under["shortfall"].sum())) if len(under) else None,
    delta_color="orange",
    delta_arrow="off",
)

names = ["progress", "tree", "bulk", "plan", "drivers"]
tabs = st.tabs([t(f"targets.tab.{n}") for n in names], key="targets_tab", on_change="rerun")
sections = dict(zip(names, tabs, strict=True))

with sections["progress"]:
    if sections["progress"].open and table.empty and not head.actual:
        st.info(t("targets.progress.empty", year=year))
    elif sections["progress"].open:
        label = head.name or t("targets.company")
        months = kprog.monthly(targets, orders, org.teams, org.people, who[0], who[1], year, as_of)
        months["label"] = [t("targets.month", m=k) for k in months["month"]]
        kw = {
            "lang": lang(),
            "target_title": t("targets.chart.target"),
            "actual_title": t("targets.chart.actual"),
            "month_title": t("targets.chart.month"),
            "met_title": t("targets.chart.met"),
            "behind_title": t("targets.chart.behind"),
        }
        left, right = st.columns(2, gap="large")
        left.markdown(f"**{t('targets.chart.monthly', who=views.plain(label), year=year)}**")
        left.altair_chart(charts.monthly_chart(months, **kw), width="stretch")
        right.markdown(f"**{t('targets.chart.cumulative', who=views.plain(label), year=year)}**")
        right.altair_chart(charts.monthly_chart(months, cumulative=True, **kw), width="stretch")
        left.caption(t(f"targets.chart.source.{months['source'].iloc[0]}"))
        only = st.toggle(t("targets.behind_only"), value=True, key="targets_behind_only")
        rows = scope[scope["behind"]] if only else scope
        st.caption(t("targets.behind_caption", n=len(rows), date=as_of.isoformat()))
        labels = {
            "name": t("targets.col.name"),
            "path": t("targets.col.path"),
            "target": t("targets.col.target"),
            "actual": t("targets.col.actual"),
            "progress": t("targets.col.progress"),
            "expected": t("targets.col.expected"),
            "gap": t("targets.col.gap"),
            "status": t("targets.col.status"),
        }
        shown = rows.assign(status=rows["status"].map(lambda s: t(f"targets.status.{s}")))[list(labels)]
        st.dataframe(
            shown,
            hide_index=True,
            height=min(600, 38 + 35 * max(len(shown), 1)),
            column_config=views.money_columns(
                labels, ("target", "actual", "gap"), ("progress", "expected"), ("progress",)
            ),
        )

with sections["tree"]:
    if sections["tree"].open:
        splits = st.toggle(t("targets.tree.splits"), value=False, key="targets_splits")
        if len(under):
            lines = "\n".join(
                "- "
                + t(
                    "targets.tree.under_line",
                    path=views.plain(r.path),
                    period=r.period,
                    amount=money(r.amount),
                    children=money(r.children_sum),
                    short=money(r.shortfall),
                )
                for r in under.itertuples()
            )
            st.warning(t("targets.tree.under", n=len(under)) + "\n\n" + lines)
        st.caption(t("targets.tree.help"))
        keys = ts.entity_keys(db)
        with known_entities(keys):
            edit_table(
                db,
                ktree.tree_spec(spec),
                ktree.filter_tree(tree, year, branch, splits),
                key="targets_tree",
                user=user,
                computed=ktree.TREE_COMPUTED,
                order=ktree.TREE_ORDER,
                insert_defaults={"entity_type": "person", "period": str(year)},
            )
        with st.expander(t("targets.tree.lookup")):
            ents = ktree.entities(org.branches, org.teams, org.people, lang())
            ents = ents[ents["entity_type"] != "company"].assign(
                entity_type=lambda f: f["entity_type"].map(lambda k: t(f"targets.type.{k}"))
            )
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

with sections["bulk"]:
    if sections["bulk"].open:
        ents = ktree.entities(org.branches, org.teams, org.people, lang())
        template = bulk.template_frame(ktree.filter_tree(tree, year, branch), ents, lang())
        views.bulk_entry(
            db,
            spec,
            targets,
            ents,
            user,
            bulk.excel_bytes(template, t("targets.bulk.sheet")),
            f"{t('targets.bulk.file_name')}_{year}.xlsx",
        )

if sections["plan"].open or sections["drivers"].open:
    plan_spec = SPECS["ka_plan"]
    plan = ts.ka_plan(db, plan_spec)
    rules = store.load_rules(db)
    actuals = kplan.ka_actuals(ts.tier_customers(db), orders, rules, as_of)

with sections["plan"]:
    if sections["plan"].open:
        chart = kplan.plan_chart_frame(plan, actuals)
        if len(chart):
            st.altair_chart(
                charts.plan_chart(
                    chart,
                    lang=lang(),
                    target_title=t("targets.chart.plan_target"),
                    actual_title=t("targets.chart.plan_actual"),
                    year_title=t("col.year"),
                ),
                width="stretch",
            )
        views.plan_actions(db, plan_spec, plan, actuals, user, as_of.year - 1)
        st.caption(t("targets.plan.help"))
        edit_table(
            db,
            kplan.plan_spec(plan_spec),
            kplan.plan_frame(plan, actuals, lang()),
            key="ka_plan",
            user=user,
            computed=kplan.PLAN_COMPUTED,
            order=kplan.PLAN_ORDER,
            derive=lambda loaded, ch: kplan.follow_plan(plan_spec, loaded, ch),
            insert_defaults={"year": int(plan["year"].max()) + 1} if len(plan) else {},
        )

with sections["drivers"]:
    if sections["drivers"].open:
        drivers = kplan.driver_labels(rules, lang())
        st.caption(t("targets.drivers.help", **drivers))
        edit_table(
            db,
            kplan.drivers_spec(plan_spec),
            kplan.drivers_frame(plan, actuals, lang()),
            key="ka_drivers",
            user=user,
            computed=kplan.DRIVERS_COMPUTED,
            order=kplan.DRIVERS_ORDER,
        )
        st.subheader(t("targets.growth.title"))
        st.caption(t("targets.growth.help"))
        company = targets[targets["entity_type"] == "company"].set_index("period")["amount"]
        views.growth_calculator(db, plan_spec, plan, company, user, year)
