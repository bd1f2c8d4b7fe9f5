"""The targets page without Streamlit (domain.md R6): :func:`load` returns the page's model.

- :mod:`.tree`: who a target names (entity names, paths, levels) and the targets
  as a tree with the children's sum and the shortfall beside each parent;
- :mod:`.plan`: the ten-year key-account plan (actual figures per year, compound
  growth on save, working back), the drivers and the growth formula;
- :mod:`.progress`: progress against the expected share, who is behind, the
  monthly actual against target;
- :mod:`.bulk`: pasted cells or an imported Excel/CSV file as one change set of
  the ``targets`` table, with every invalid row and column named.

The scoring itself is in :mod:`kam.rules.plan` and :mod:`kam.rules.targets`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.i18n import fmt_money, fmt_rate, fmt_yuan, translate
from kam.rules.params import Rules
from kam.rules.plan import ka_actuals
from kam.specs import SPECS
from kam.store.customers import read_tier_inputs
from kam.store.orders import read_won_orders
from kam.store.people import Org, read_org
from kam.store.rules import load_rules
from kam.store.targets import read_ka_plan, read_targets
from kam.views import RULES, Metric, reads
from kam.views.targets import bulk, progress, tree

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class TargetsModel:
    """Everything the targets page draws for one year, branch, team, as-of and language."""

    lang: str
    year: int
    as_of: dt.date
    branch: int | None
    org: Org
    rules: Rules
    targets: pd.DataFrame  # the targets table as the grid editor loads it
    tree: pd.DataFrame  # every target in tree order, with children's sums and shortfalls
    under: pd.DataFrame  # under-allocated parents of the year (and branch)
    over: pd.DataFrame  # parents whose children add up to more (information)
    metrics: tuple[Metric, ...]
    focus_name: str  # whose figures the cards and the chart show
    progress: pd.DataFrame  # the progress rows in scope (behind or not)
    has_progress: bool
    months: pd.DataFrame  # actual and target per month of the focus (with labels)
    entities: pd.DataFrame  # who a target may name
    plan: pd.DataFrame  # ka_plan as loaded
    actuals: pd.DataFrame  # actual key-account figures per complete year
    company_targets: pd.Series  # the company's target per period

    def tree_rows(self, sub_periods: bool) -> pd.DataFrame:
        return tree.filter_tree(self.tree, self.year, self.branch, sub_periods)

    def template(self) -> pd.DataFrame:
        """The bulk-entry template: the year's targets as the import reads them back."""
        return bulk.template_frame(tree.filter_tree(self.tree, self.year, self.branch), self.entities, self.lang)


@reads("targets", "ka_plan", "orders", "customers", "branches", "teams", "people", *RULES)
def load(
    db: sqlite_utils.Database,
    *,
    year: int,
    as_of: dt.date,
    lang: str,
    branch: int | None = None,
    team: int | None = None,
) -> TargetsModel:
    org = read_org(db)
    targets = read_targets(db, SPECS["targets"])
    orders = read_won_orders(db)
    rules = load_rules(db)
    full_tree = tree.tree_frame(targets, org.branches, org.teams, org.people, lang)
    table = progress.progress_table(targets, orders, org.branches, org.teams, org.people, as_of, year, lang)
    scope = progress.scope(table, branch, team)
    who = progress.focus(branch, team)
    head = progress.headline(table, orders, org.teams, org.people, who, year, as_of)
    year_tree = tree.filter_tree(full_tree, year, branch)
    under = tree.under_allocated_rows(year_tree)
    over = tree.over_allocated_rows(year_tree)
    months = progress.monthly(targets, orders, org.teams, org.people, who[0], who[1], year, as_of)
    months["label"] = [translate("targets.month", lang, m=k, name=MONTH_NAMES[k - 1]) for k in months["month"]]
    plan_rows = read_ka_plan(db, SPECS["ka_plan"])
    actuals = ka_actuals(read_tier_inputs(db), orders, rules, as_of)

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    behind = progress_delta = None
    if head.progress is not None:
        progress_delta = t("targets.m.vs_expected", expected=fmt_rate(head.expected))
        behind = "red" if head.progress < head.expected else "green"
    short = fmt_money(under["shortfall"].sum(), lang) if len(under) else None
    metrics = (
        Metric(
            t("targets.m.target", year=year),
            fmt_money(head.target, lang),
            None if head.target is None else t("targets.m.yuan", amount=fmt_yuan(head.target)),
        ),
        Metric(
            t("targets.m.actual"),
            fmt_money(head.actual, lang),
            t("targets.m.actual_help", date=as_of.isoformat(), amount=fmt_yuan(head.actual)),
        ),
        Metric(t("targets.m.progress"), fmt_rate(head.progress), None, progress_delta, behind),
        Metric(
            t("targets.m.behind"),
            f"{int(scope['behind'].sum())} / {int((scope['status'] != 'no_data').sum())}",
            t("targets.m.behind_help"),
        ),
        Metric(
            t("targets.m.under"),
            f"{len(under)}",
            None,
            t("targets.m.short", amount=short) if short else None,
            "orange" if short else None,
        ),
    )
    company = targets[targets["entity_type"] == "company"].set_index("period")["amount"]
    return TargetsModel(
        lang=lang,
        year=year,
        as_of=as_of,
        branch=branch,
        org=org,
        rules=rules,
        targets=targets,
        tree=full_tree,
        under=under,
        over=over,
        metrics=metrics,
        focus_name=head.name or t("targets.company"),
        progress=scope,
        has_progress=not (table.empty and not head.actual),
        months=months,
        entities=tree.entities(org.branches, org.teams, org.people, lang),
        plan=plan_rows,
        actuals=actuals,
        company_targets=company,
    )
