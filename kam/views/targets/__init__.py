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
from kam.rules.targets import labelled_sales, monthly_actuals
from kam.specs import SPECS
from kam.store.access import Access
from kam.store.customers import read_tier_inputs
from kam.store.people import Org, read_org
from kam.store.targets import read_ka_plan, read_targets
from kam.views import ORG, RULES, Metric, reads, signed
from kam.views.memo import memo
from kam.views.orders import won_people_orders
from kam.views.ruleset import current_rules
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


_READS = ("targets", "ka_plan", "orders", "customers", "branches", "teams", "people", *RULES)


@dataclass(frozen=True)
class Base:
    """The year's figures of every target (the unscoped stage every user's model is cut from)."""

    org: Org
    rules: Rules
    targets: pd.DataFrame
    orders: pd.DataFrame
    tree: pd.DataFrame  # every target in tree order (indexed by target id)
    table: pd.DataFrame  # progress of every year target
    entities: pd.DataFrame
    plan: pd.DataFrame
    actuals: pd.DataFrame


# The sales side does not read the targets: a target saved shows its progress again from
# sales kept since the last write to the orders or the organisation (summing 380,000 orders
# per month again cost seconds).
def _won(db: sqlite_utils.Database) -> pd.DataFrame:
    """The won orders, prepared (kam.rules.cooperation.won_orders), from the shared orders."""
    return won_people_orders(db)


@reads("orders", *ORG)
def _year_sales(db: sqlite_utils.Database, *, as_of: dt.date) -> pd.DataFrame:
    """Every entity's won sales per year to ``as_of`` (kam.rules.targets.labelled_sales)."""
    org = read_org(db)
    return labelled_sales(_won(db), org.people, org.teams, as_of, ("year",))


@reads("orders", *ORG)
def _month_sales(db: sqlite_utils.Database, *, year: int, as_of: dt.date, entity_type: str) -> pd.DataFrame:
    """Every entity's of a type won sales per month of ``year`` (kam.rules.targets.monthly_actuals)."""
    org = read_org(db)
    return monthly_actuals(_won(db), org.people, org.teams, entity_type, year, as_of)


@reads("orders", "customers", *RULES)
def _ka_actuals(db: sqlite_utils.Database, *, as_of: dt.date) -> pd.DataFrame:
    return ka_actuals(read_tier_inputs(db), _won(db), current_rules(db), as_of)


@reads(*ORG)
def _entities(db: sqlite_utils.Database, *, lang: str) -> pd.DataFrame:
    org = read_org(db)
    return tree.entities(org.branches, org.teams, org.people, lang)


@reads(*_READS)
def _base(db: sqlite_utils.Database, *, year: int, as_of: dt.date, lang: str) -> Base:
    org = read_org(db)
    targets = read_targets(db, SPECS["targets"])
    orders = _won(db)
    sales = memo(_year_sales, db, as_of=as_of)
    ents = memo(_entities, db, lang=lang)
    return Base(
        org=org,
        rules=current_rules(db),
        targets=targets,
        orders=orders,
        tree=tree.tree_frame(targets, org.branches, org.teams, org.people, lang, ents),
        table=progress.progress_table(
            targets, orders, org.branches, org.teams, org.people, as_of, year, lang, sales, ents
        ),
        entities=ents,
        plan=read_ka_plan(db, SPECS["ka_plan"]),
        actuals=memo(_ka_actuals, db, as_of=as_of),
    )


@reads(*_READS)
def _entity_figures(
    db: sqlite_utils.Database, *, year: int, as_of: dt.date, lang: str, entity_type: str, entity_id: int | None
) -> tuple[progress.Headline, pd.DataFrame]:
    """One entity's headline and months (whoever asks: they are the entity's, not a user's)."""
    base = memo(_base, db, year=year, as_of=as_of, lang=lang)
    org, who = base.org, (entity_type, entity_id)
    head = progress.headline(base.table, base.orders, org.teams, org.people, who, year, as_of)
    sold = memo(_month_sales, db, year=year, as_of=as_of, entity_type=entity_type)
    months = progress.monthly(
        base.targets, base.orders, org.teams, org.people, entity_type, entity_id, year, as_of, sold
    )
    months["label"] = [translate("targets.month", lang, m=k, name=MONTH_NAMES[k - 1]) for k in months["month"]]
    return head, months


def own_focus(access: Access) -> tuple[str, int | None]:
    """Whose figures a scoped user sees first: the branch they head, else the team they
    lead, else their own."""
    if access.branches_headed:
        return "branch", min(access.branches_headed)
    if access.teams_led:
        return "team", min(access.teams_led)
    return "person", access.person_id


def load(
    db: sqlite_utils.Database,
    access: Access | None,
    *,
    year: int,
    as_of: dt.date,
    lang: str,
    branch: int | None = None,
    team: int | None = None,
) -> TargetsModel:
    """The targets ``access`` reads, for one year, branch and team.

    :raises kam.store.access.AccessDenied: nobody signed in, or a role that reads no target.
    """
    access = signed(access, "targets")
    base = memo(_base, db, year=year, as_of=as_of, lang=lang)
    targets, full_tree, table, entities = base.targets, base.tree, base.table, base.entities
    who = progress.focus(branch, team)
    if not access.reads_all("targets"):
        targets = access.visible("targets", targets)
        mine = set(targets["id"].tolist())
        full_tree = full_tree[full_tree.index.isin(mine)]
        table = table[table["target_id"].isin(mine)]
        entities = access.visible("targets", entities)
        probe = pd.DataFrame({"entity_type": [who[0]], "entity_id": [who[1]]})
        if not access.mask("targets", probe)[0]:
            who = own_focus(access)
    head, months = memo(_entity_figures, db, year=year, as_of=as_of, lang=lang, entity_type=who[0], entity_id=who[1])
    org, rules = base.org, base.rules
    if not access.unrestricted:
        org = Org(
            branches=access.visible("branches", org.branches),
            teams=access.visible("teams", org.teams),
            people=access.visible("people", org.people),
        )
    scope = progress.scope(table, branch, team)
    year_tree = tree.filter_tree(full_tree, year, branch)
    under = tree.under_allocated_rows(year_tree)
    over = tree.over_allocated_rows(year_tree)
    plan_rows, actuals = base.plan, base.actuals
    if not access.reads("ka_plan"):
        plan_rows, actuals = plan_rows.iloc[:0], actuals.iloc[:0]

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
        focus_name=head.name or _entity_name(entities, who) or t("targets.company"),
        progress=scope,
        has_progress=not (table.empty and not head.actual),
        months=months,
        entities=entities,
        plan=plan_rows,
        actuals=actuals,
        company_targets=company,
    )


def _entity_name(entities: pd.DataFrame, who: tuple[str, int | None]) -> str | None:
    if who[0] == "company":
        return None
    found = entities[(entities["entity_type"] == who[0]) & (pd.to_numeric(entities["entity_id"]) == who[1])]
    return str(found["name"].iloc[0]) if len(found) else None
