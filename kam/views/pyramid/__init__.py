"""The customer pyramid page without Streamlit (domain.md R1, R2, R4, R5, R13 and the R9
star of owners): :func:`load` reads, scores and returns the page's model.

- :mod:`kam.views.pyramid.figures`: labels, key figures, the frames behind the charts and
  the click-through focus;
- :mod:`kam.views.pyramid.tables`: the lists, the customers grid and the export.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlite_utils

from kam.i18n import fmt_rate, plain
from kam.rules.params import Rules, int_param, param
from kam.rules.scoring import score_customers
from kam.rules.stars import meetings_after, star_ratings
from kam.specs import SPECS
from kam.store.access import Access
from kam.store.counters import CUSTOMER_LOG
from kam.store.customers import read_customers
from kam.store.people import Org, read_clearance_results, read_meetings, read_org
from kam.types import TableSpec
from kam.views import ORG, RULES, Metric, reads, signed
from kam.views.memo import memo, memo_patched
from kam.views.orders import people_orders
from kam.views.paging import Listing
from kam.views.pyramid import figures as fig
from kam.views.pyramid import tables
from kam.views.ruleset import current_rules
from kam.views.scope import Scope, in_scope
from kam.views.splice import splice

TIER_PICK = "pyramid_tier"  # the charts' point selections (the click-through)
CELL_PICK = "pyramid_cell"


@dataclass(frozen=True)
class PyramidModel:
    """Everything the pyramid page draws, for one set of filters, as-of date and language."""

    lang: str
    as_of: dt.date
    months: int  # the R2 cooperation window
    labels: fig.Labels
    rules: Rules
    org: Org
    customers: pd.DataFrame  # every customer as the grid editor loads it (versions for saves)
    scored: pd.DataFrame  # the customers in scope, scored
    summary: fig.Summary
    metrics: tuple[Metric, ...]
    tier_chart: dict[str, Any]  # kam.ui.charts.diverging_bars' arguments: the pyramid
    cell_chart: dict[str, Any]  # kam.ui.charts.heat_grid's: the value map
    pareto_chart: dict[str, Any] | None  # kam.ui.charts.cumulative_curve's (None: no cooperation)
    class_shares: pd.DataFrame
    health_label: str
    health_color: str
    health_text: str
    top_share: float  # r5_top_share
    top_n: int  # r5_top_n
    pareto_metrics: tuple[Metric, ...]  # the top share's and the top N's share of cooperation
    notes: dict[str, str]  # captions: "incomplete" (only when some are), "charts", "intro"
    unrated_months: int  # the R1 window
    focus_options: dict[str, str]
    grid_rows: pd.DataFrame  # every customer in scope as the grid shows them (kam.views.pyramid.Scored)

    # The two lists are built when drawn (the page draws the open tab's only): after a save
    # the model is built again, and each list costs a pass over every customer in scope.
    @functools.cached_property
    def upgrade(self) -> Listing:
        """The upgrade targets list (with headers)."""
        return tables.upgrade_listing(self.scored, self.org.people, self.rules, self.labels)

    @functools.cached_property
    def mismatched(self) -> Listing:
        """The mismatched owners list (with headers)."""
        return tables.mismatched_listing(self.scored, self.org.people, self.rules, self.labels)

    @property
    def grid_columns(self) -> dict[str, Any]:
        """edit_table's computed columns and column order for the customers grid."""
        return {"computed": tables.COMPUTED, "order": tables.GRID_ORDER}

    @property
    def grid_spec(self) -> TableSpec:
        return tables.grid_spec(SPECS["customers"])

    def shown(self, focus: str) -> pd.DataFrame:
        """The scored customers the grid shows for a focus (a click-through code)."""
        return self.scored[fig.focus_mask(self.scored, focus).to_numpy()]

    def grid_frame(self, focus: str) -> pd.DataFrame:
        """The grid's rows for a focus (a click-through code): every customer is the rows
        built once (no copy: each session's grid holds the one frame, issue 17)."""
        mask = fig.focus_mask(self.scored, focus).to_numpy()
        return self.grid_rows if mask.all() else self.grid_rows[mask]

    def export_frame(self, focus: str) -> pd.DataFrame:
        """What the CSV and Excel downloads hold (built only when one is clicked)."""
        return tables.export_frame(
            self.customers, self.shown(focus), self.org.people, self.org.branches, self.rules, self.labels
        )

    def t(self, key: str, **params: Any) -> str:
        return self.labels.t(key, **params)


@dataclass(frozen=True)
class ScoringInputs:
    """The frames :func:`kam.rules.scoring.score_customers` reads, as SQLite holds them
    (dates as ISO text, money in whole yuan)."""

    customers: pd.DataFrame
    orders: pd.DataFrame
    people: pd.DataFrame
    meetings: pd.DataFrame
    clearance_results: pd.DataFrame


def scoring_inputs(
    db: sqlite_utils.Database, customers: pd.DataFrame, people: pd.DataFrame, meetings_after: str | None = None
) -> ScoringInputs:
    """The inputs of the customer rules.

    :param customers: as :func:`kam.store.customers.read_customers` loaded them.
    :param people: ``Org.people``.
    :param meetings_after: only meetings after this ISO date (the star's process window
      starts there; older meetings count for nothing), default all.
    """
    return ScoringInputs(
        customers=customers.reset_index(drop=True),
        orders=people_orders(db),  # the stars' clearances count locks of any stage
        people=people,
        meetings=read_meetings(db, meetings_after),
        clearance_results=read_clearance_results(db),
    )


_READS = ("customers", "orders", *ORG, "meetings", "clearance_results", *RULES)


@dataclass(frozen=True)
class Scored:
    """Every customer scored at one as-of date (figures count all the data they need,
    whoever owns it): the unscoped stage every user's model is cut from."""

    rules: Rules
    labels: fig.Labels
    org: Org
    customers: pd.DataFrame  # as the grid editor loads them
    scored: pd.DataFrame  # in the order of ``customers``

    @functools.cached_property
    def grid_rows(self) -> pd.DataFrame:
        """Every scored customer as the grid shows them (in the order of ``scored``), built
        once and patched with the scores (a model's grid is these rows in its scope: a click
        on a chart or a save only picks rows of it)."""
        return tables.grid_frame(self.customers, self.scored, self.labels)


@reads("orders", *ORG, "meetings", "clearance_results", *RULES)
def owner_stars(db: sqlite_utils.Database, *, as_of: dt.date) -> pd.DataFrame:
    """Every person's R9 star at ``as_of``, kept apart from the customers' scoring: a
    customer edit changes no star, so its save does not recompute them (half of a pyramid
    rerun after a save at 10,000 customers, issue 17)."""
    rules = current_rules(db)
    org = read_org(db)
    meetings = read_meetings(db, meetings_after(rules, as_of))
    return star_ratings(org.people, people_orders(db), meetings, read_clearance_results(db), rules, as_of)


@reads(*_READS)
def scored_customers(db: sqlite_utils.Database, *, as_of: dt.date, lang: str) -> Scored:
    """Every customer scored, kept; after writes to the customers alone (a grid save), the
    customers the change log names are scored again and put in place of their old rows
    (:func:`_patch_scored`), not all of them.

    :raises kam.rules.params.RuleInputError: rules the scoring cannot use."""
    return memo_patched(_score_all, db, _patch_scored, ("customers",), CUSTOMER_LOG, as_of=as_of, lang=lang)


@reads(*_READS)
def _score_all(db: sqlite_utils.Database, *, as_of: dt.date, lang: str) -> Scored:
    rules = current_rules(db)
    org = read_org(db)
    customers = read_customers(db, SPECS["customers"])
    return Scored(rules, fig.Labels.from_rules(rules, lang), org, customers, _score(db, customers, org, rules, as_of))


def _score(
    db: sqlite_utils.Database, customers: pd.DataFrame, org: Org, rules: Rules, as_of: dt.date, some: bool = False
) -> pd.DataFrame:
    """Score ``customers``; ``some``: a few of them (a patch), scored from their own orders
    only (a customer's rules read its own orders: filtering first spares a pass over all)."""
    stars = memo(owner_stars, db, as_of=as_of)
    rows = customers.reset_index(drop=True)
    orders = people_orders(db)
    if some:
        orders = orders[orders["customer_id"].isin(rows["id"]).to_numpy()]
    return score_customers(rows, orders, org.people, None, None, rules, as_of, stars=stars)


PATCH_CUSTOMERS_MOST = 2000  # more customers changed than this: all are scored again


def _patch_scored(db: sqlite_utils.Database, old: Scored, changed: list[int], *, as_of: dt.date, lang: str) -> Scored:
    """``old`` with the customers ``changed`` read and scored again (deleted ones dropped):
    every customer rule reads a customer's own fields and orders, and the owners' stars and
    ranks, none of which a customer write changes, so the other rows stay as they were
    (tests compare the patch with scoring everyone after writes)."""
    if len(changed) > PATCH_CUSTOMERS_MOST:
        return _score_all(db, as_of=as_of, lang=lang)
    fresh = read_customers(db, SPECS["customers"], changed)
    customers = splice(old.customers, fresh, changed, "id")
    customers = customers.set_axis(pd.Index(customers["id"].to_numpy()), axis=0)
    scored = _score(db, fresh, old.org, old.rules, as_of, some=True)
    name = old.scored.index.name
    spliced = splice(old.scored.reset_index(), scored.reset_index(), changed, name).set_index(name)
    new = Scored(old.rules, old.labels, old.org, customers, spliced)
    if "grid_rows" in old.__dict__:  # built: patched as the scores are (same order, by id)
        fresh_rows = tables.grid_frame(customers, scored, old.labels)
        rows = splice(old.grid_rows.reset_index(drop=True), fresh_rows.reset_index(drop=True), changed, "id")
        new.__dict__["grid_rows"] = rows.set_axis(pd.Index(rows["id"].to_numpy()), axis=0)
    return new


@reads(*_READS)
def _everyone(
    db: sqlite_utils.Database, *, as_of: dt.date, lang: str, branch: int | None, team: int | None, owner: int | None
) -> PyramidModel:
    """The model of a user who reads every customer (kept: it is nobody's in particular)."""
    return build(memo(scored_customers, db, as_of=as_of, lang=lang), as_of, lang, Scope(branch, team, owner))


def load(
    db: sqlite_utils.Database,
    access: Access | None,
    *,
    as_of: dt.date,
    lang: str,
    branch: int | None = None,
    team: int | None = None,
    owner: int | None = None,
) -> PyramidModel:
    """Score every customer at ``as_of`` (figures count all the data they need) and keep
    those the filters select and ``access`` may read.

    :raises kam.store.access.AccessDenied: nobody signed in, or a role that reads no customer.
    :raises kam.rules.params.RuleInputError: rules the scoring cannot use.
    """
    access = signed(access, "customers")
    if access.reads_all("customers"):
        return memo(_everyone, db, as_of=as_of, lang=lang, branch=branch, team=team, owner=owner)
    base = memo(scored_customers, db, as_of=as_of, lang=lang)
    return build(base, as_of, lang, Scope(branch, team, owner), access)


def build(base: Scored, as_of: dt.date, lang: str, scope: Scope, access: Access | None = None) -> PyramidModel:
    """The model of the customers ``scope`` selects of those ``access`` reads (None: all)."""
    rules, labels, org, customers = base.rules, base.labels, base.org, base.customers
    keep = in_scope(customers, org.people, org.teams, scope).to_numpy().copy()
    if access is not None:
        keep &= access.mask("customers", customers)
        org = Org(
            branches=access.visible("branches", org.branches),
            teams=access.visible("teams", org.teams),
            people=access.visible("people", org.people),
        )
        customers = customers[access.mask("customers", customers)]
    scored = base.scored[keep]
    shape = fig.shape_of(scored, rules)
    s = fig.summary(scored, shape)
    months = int_param(rules, "r2_window_months")
    health = labels.health.get(s.health, s.health)
    color = fig.HEALTH_COLORS.get(s.health, "gray")
    text = "pyramid.health_no_data" if s.health == fig.NO_DATA else "pyramid.health_text"
    t = labels.t
    metrics = (
        Metric(t("pyramid.m.customers"), f"{s.customers:,}"),
        Metric(t("pyramid.m.key_accounts"), f"{s.key_accounts:,}", t("pyramid.m.key_accounts_help")),
        Metric(
            t("pyramid.m.cooperation"),
            labels.money(s.total_cooperation),
            t("pyramid.m.cooperation_help", months=months),
        ),
        Metric(t("pyramid.m.ka_share"), fmt_rate(s.key_account_share), t("pyramid.m.ka_share_help"), health, color),
        Metric(t("pyramid.m.upgrade"), f"{s.upgrade_targets:,}", t("pyramid.m.upgrade_help")),
        Metric(t("pyramid.m.mismatch"), f"{s.mismatched:,}", t("pyramid.m.mismatch_help")),
    )
    return PyramidModel(
        lang=lang,
        as_of=as_of,
        months=months,
        labels=labels,
        rules=rules,
        org=org,
        customers=customers,
        scored=scored,
        summary=s,
        metrics=metrics,
        tier_chart=_tier_chart(fig.tier_frame(shape, labels), t),
        cell_chart=_cell_chart(fig.value_map_frame(scored, rules, labels), t),
        pareto_chart=_pareto_chart(fig.pareto_frame(shape), param(rules, "r5_top_share"), t),
        class_shares=tables.with_headers(fig.class_share_frame(shape, labels), labels),
        health_label=plain(health, keep="[]"),
        health_color=color,
        health_text=plain(t(text, share=fmt_rate(s.key_account_share), bands=fig.health_bands_text(rules, labels))),
        top_share=param(rules, "r5_top_share"),
        top_n=int_param(rules, "r5_top_n"),
        pareto_metrics=(
            Metric(
                t("pyramid.m.top_share", pct=_pct(param(rules, "r5_top_share"))),
                fmt_rate(s.top_share),
                t("pyramid.m.top_share_help", n=s.top_share_count),
            ),
            # Choice: with fewer customers than r5_top_n, the card says how many it counts
            # ("top 7 give 100%"), not "top 10" of seven.
            Metric(
                t("pyramid.m.top_n", n=min(int_param(rules, "r5_top_n"), s.customers) or int_param(rules, "r5_top_n")),
                fmt_rate(s.top_n_share),
            ),
        ),
        notes={
            "intro": t("pyramid.intro", months=months) + " " + t("pyramid.scope_help"),
            "charts": t("pyramid.click_hint")
            + " "
            + t("pyramid.unrated_caption", n=f"{s.unrated:,}", months=int_param(rules, "r1_window_months")),
            **({"incomplete": t("pyramid.m.incomplete", n=f"{s.incomplete:,}")} if s.incomplete else {}),
        },
        unrated_months=int_param(rules, "r1_window_months"),
        focus_options=fig.focus_options(rules, labels),
        grid_rows=base.grid_rows if keep.all() else base.grid_rows[keep],
    )


def _tier_chart(tiers: pd.DataFrame, t: Callable[..., str]) -> dict[str, Any]:
    return {
        "frame": tiers,
        "category": "tier",
        "label": "label",
        "left": "customer_share",
        "right": "cooperation_share",
        "left_text": "customers_text",
        "right_text": "cooperation_text",
        "left_title": t("pyramid.chart.customer_share"),
        "right_title": t("pyramid.chart.cooperation_share"),
        "param": TIER_PICK,
        "height": 300,
        "tooltip": [
            ("label", t("pyramid.chart.tier")),
            ("customers_text", t("pyramid.chart.customers")),
            ("cooperation_text", t("pyramid.chart.cooperation")),
        ],
    }


def _cell_chart(cells: pd.DataFrame, t: Callable[..., str]) -> dict[str, Any]:
    return {
        "frame": cells,
        "x": "quantity_label",
        "y": "price_label",
        "x_sort": list(dict.fromkeys(cells["quantity_label"])),
        "y_sort": list(dict.fromkeys(cells["price_label"])),
        "color": "cooperation",
        "text": "text",
        "dark": "dark",
        "fields": ["price_level", "quantity_level"],
        "param": CELL_PICK,
        "x_title": t("pyramid.chart.quantity"),
        "y_title": t("pyramid.chart.price"),
        "tooltip": [
            ("class_label", t("pyramid.chart.class")),
            ("customers", t("pyramid.chart.customers")),
            ("cooperation_text", t("pyramid.chart.cooperation")),
        ],
    }


def _pareto_chart(curve: pd.DataFrame, top_share: float, t: Callable[..., str]) -> dict[str, Any] | None:
    if not len(curve):
        return None
    return {
        "frame": curve,
        "x": "customer_share",
        "y": "cumulative_share",
        "x_title": t("pyramid.chart.customer_axis"),
        "y_title": t("pyramid.chart.cumulative"),
        "line": fig.PARETO_LINE,
        "line_text": t("pyramid.chart.line"),
        "mark_x": top_share,
        "mark_text": t("pyramid.chart.top_line", pct=_pct(top_share)),
        "height": 260,
    }


def _pct(share: float) -> str:
    """A rules share as people write it: 0.2 -> "20%"."""
    return f"{share * 100:g}%"
