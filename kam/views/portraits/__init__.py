"""The portraits page without Streamlit (domain.md R3, issue 16): who fits the active
portrait, two versions side by side, the relationship and competitor maps of the customers
in scope with their gaps, and the branches' focus industries.

Two unscoped stages, each kept until a table it reads is written: the fit of every customer
to every portrait (:func:`fits`: customers, orders and rules; 50,000 customers in well under
a second), and the maps (:func:`maps`: key persons, competitors, prices, focus industries).
A user's model is cut from them by the filters and their scope.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlite_utils

from kam.i18n import by_name, fmt_money, translate
from kam.rules.params import RuleInputError, Rules, int_param, parsed, table
from kam.rules.portraits import FIELD_KINDS, portrait_criteria, portrait_fit, short_force
from kam.store.access import Access
from kam.store.counters import CUSTOMER_LOG
from kam.store.frames import read_frame
from kam.store.people import Org
from kam.views import Metric, reads, signed
from kam.views.memo import memo, memo_patched
from kam.views.paging import Listing, ranks
from kam.views.portraits import maps as mp
from kam.views.pyramid import _READS as SCORED_READS
from kam.views.pyramid import scored_customers
from kam.views.pyramid.figures import Labels
from kam.views.scope import Scope, in_scope

# The customers' columns the facts grid edits: the name, the industry (placed in a focus
# industry by its keywords) and every field a criterion may test.
FACT_COLUMNS = ("name", "industry", *FIELD_KINDS)
TABS = ("fit", "compare", "criteria", "maps", "competitors", "focus")
MAP_TABLES = (
    "customer_contacts",
    "customer_competitors",
    "competitors",
    "competitor_prices",
    "branch_focus_industries",
)


@dataclass(frozen=True)
class Fits:
    """Every customer's fit to every portrait that can be scored (unscoped)."""

    rules: Rules
    labels: Labels
    org: Org
    customers: pd.DataFrame  # as the grid editor loads them (index: position)
    scored: pd.DataFrame  # the pyramid's scoring, by customer id
    fit: dict[int, pd.DataFrame]  # portrait id -> FIT_COLUMNS by customer id
    refused: dict[int, str]  # portrait id -> why it cannot be scored (a draft's gap)
    criteria: dict[int, pd.DataFrame]  # portrait id -> its criteria (kam.rules.portraits.portrait_criteria)


@reads(*SCORED_READS)
def fits(db: sqlite_utils.Database, *, as_of: dt.date, lang: str) -> Fits:
    """Every customer's fit to every portrait, kept; after writes to the customers alone the
    customers the change log names are fitted again (a fit reads a customer's own fields),
    as the scored customers are (kam.views.pyramid.scored_customers)."""
    return memo_patched(_all_fits, db, _patch_fits, ("customers",), CUSTOMER_LOG, as_of=as_of, lang=lang)


def _patch_fits(db: sqlite_utils.Database, old: Fits, changed: list[int], *, as_of: dt.date, lang: str) -> Fits:
    base = memo(scored_customers, db, as_of=as_of, lang=lang)
    by_id = base.customers.set_index(pd.Index(base.customers["id"].astype("int64"), name="customer_id"))
    again = by_id[by_id.index.isin(changed)]
    fit = {}
    # The same customers in the same places (an edit, not an insert or a delete): the changed
    # rows are set in place by position (a filter, a concat and a reindex of every customer
    # cost some 5 ms a portrait, six portraits a save).
    same = all(frame.index.equals(by_id.index) for frame in old.fit.values())
    at = by_id.index.get_indexer(again.index)
    for pid, frame in old.fit.items():
        fresh = portrait_fit(again, base.rules, pid, old.criteria[pid])
        if same:
            fit[pid] = _set_rows(frame, at, fresh)
        else:
            kept = frame[~frame.index.isin(changed)]
            fit[pid] = pd.concat([kept, fresh]).reindex(by_id.index)
    return Fits(base.rules, base.labels, base.org, base.customers, base.scored, fit, old.refused, old.criteria)


def _set_rows(frame: pd.DataFrame, at: np.ndarray, rows: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its rows at positions ``at`` replaced by ``rows`` (same columns and
    dtypes), column by column: the other rows are not copied."""
    out = {}
    for name in frame.columns:
        values = frame[name].to_numpy(copy=True)
        values[at] = rows[name].to_numpy(dtype=values.dtype)
        out[name] = values
    return pd.DataFrame(out, index=frame.index)


@reads(*SCORED_READS)
def _all_fits(db: sqlite_utils.Database, *, as_of: dt.date, lang: str) -> Fits:
    base = memo(scored_customers, db, as_of=as_of, lang=lang)
    rules = base.rules
    by_id = base.customers.set_index(pd.Index(base.customers["id"].astype("int64"), name="customer_id"))
    fit, refused, criteria = {}, {}, {}
    for pid in pd.to_numeric(table(rules, "r3_portraits")["id"]).astype("int64"):
        try:
            criteria[int(pid)] = portrait_criteria(rules, int(pid))
            fit[int(pid)] = portrait_fit(by_id, rules, int(pid), criteria[int(pid)])
        except RuleInputError as err:
            refused[int(pid)] = translate(f"rules.why.{err.message}", lang)
    return Fits(rules, base.labels, base.org, base.customers, base.scored, fit, refused, criteria)


def _reader(table_name: str) -> Any:
    @reads(table_name)
    def read(db: sqlite_utils.Database) -> pd.DataFrame:
        return read_frame(db, table_name)

    read.__qualname__ = read.__name__ = f"read_{table_name}"
    return read


READERS = {t: _reader(t) for t in MAP_TABLES}  # one kept read per map table


@reads(*SCORED_READS, *MAP_TABLES)
def maps(db: sqlite_utils.Database, *, as_of: dt.date, lang: str) -> mp.Maps:
    """The maps of every customer at ``as_of`` (kept until a map table, a customer, an order
    or a rule changes: the gaps are of the key accounts, which the orders decide); after
    writes to the customers alone, the customers the change log names are placed and flagged
    again (:func:`kam.views.portraits.maps.patch_maps`), the key persons' reviews kept."""
    return memo_patched(_all_maps, db, _patch_maps, ("customers",), CUSTOMER_LOG, as_of=as_of, lang=lang)


@reads(*SCORED_READS, *MAP_TABLES)
def _all_maps(db: sqlite_utils.Database, *, as_of: dt.date, lang: str) -> mp.Maps:
    base = memo(fits, db, as_of=as_of, lang=lang)
    tables = {t: memo(READERS[t], db) for t in MAP_TABLES}  # a save re-reads its table only
    return mp.build_maps(tables, base.customers, _key_accounts(base), base.rules, as_of, lang)


def _patch_maps(db: sqlite_utils.Database, old: mp.Maps, changed: list[int], *, as_of: dt.date, lang: str) -> mp.Maps:
    base = memo(fits, db, as_of=as_of, lang=lang)
    return mp.patch_maps(old, base.customers, _key_accounts(base), base.rules, changed, lang)


def _key_accounts(base: Fits) -> pd.Series:
    return base.scored["key_account"].fillna(False).astype(bool)


@dataclass(frozen=True)
class Comparison:
    """Two portraits over the customers in scope: how many each selects, their T12M
    cooperation, who moved in (matches the later, not the earlier) and out."""

    earlier: int
    later: int
    counts: tuple[int, int]
    cooperation: tuple[float, float]
    moved_in: pd.DataFrame
    moved_out: pd.DataFrame


@dataclass(frozen=True)
class PortraitsModel:
    lang: str
    as_of: dt.date
    rules: Rules
    portraits: pd.DataFrame  # id, name, year, active, label (the picker's), refused (why not scorable)
    active: int | None
    metrics: tuple[Metric, ...]
    frame: pd.DataFrame  # customers in scope with the active fit, by customer id (internal columns)
    matches: Listing  # the list (with headers)
    near: Listing  # near misses with what they miss (with headers)
    spread: pd.DataFrame  # matching customers by tier (rows) and value class (columns), with headers
    fit_all: dict[int, pd.DataFrame]
    refused: dict[int, str]
    names: dict[int, str]  # customer id -> name, for the customers in scope
    notes: dict[str, str]
    all_maps: mp.Maps  # every customer's (the maps stage); :attr:`maps` is the scope's
    org: Org  # the branches and people the user may read

    @functools.cached_property
    def maps(self) -> mp.MapsView:
        """The relationship and competitor maps and the focus industries of the customers in
        scope, built on first use: only the tabs that show them read them (built with the
        model, they were a third of the fit tab's run after a save at 50,000 customers).
        Pure: the maps stage was read with the model."""
        return mp.view_of(self.all_maps, self.frame, self.rules, self.as_of, self.lang, self.org, self.names)

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    @property
    def review_months(self) -> int:
        return int_param(self.rules, "r3_review_months")

    @property
    def focus_limit(self) -> int:
        return int_param(self.rules, "r3_max_focus_industries")

    def customer_ids(self, first: str = "gaps") -> list[int]:
        """The customers in scope for a picker, each group by name in pinyin order: first the
        key accounts whose map has a gap (``gaps``, what a review looks at) or the customers
        with competitors on their map (``competitors``), then the others."""
        lead = self.maps.flagged if first == "gaps" else self.maps.with_competitors
        f = self.frame[["name"]].assign(id=self.frame.index, later=~self.frame.index.isin(list(lead)))
        f = by_name(f).sort_values("later", kind="stable")
        return [int(i) for i in f["id"]]

    def pair_metrics(self, count: int, cooperation: float) -> tuple[Metric, ...]:
        """One side of a comparison: how many customers it selects and their cooperation."""
        return (
            Metric(self.t("portraits.cmp.customers"), f"{count:,}"),
            Metric(self.t("portraits.cmp.coop"), fmt_money(cooperation, self.lang)),
        )

    def label(self, pid: int) -> str:
        row = self.portraits.loc[self.portraits["id"] == pid]
        return str(row["label"].iloc[0]) if len(row) else str(pid)

    def default_pair(self) -> tuple[int | None, int | None]:
        """Last year's portrait and this year's (the active one and the latest before it)."""
        if self.active is None:
            return None, None
        p = self.portraits.sort_values(["year", "id"])
        year = int(p.loc[p["id"] == self.active, "year"].iloc[0])
        before = p.loc[(p["year"] < year) & (p["id"] != self.active)]
        return (int(before["id"].iloc[-1]) if len(before) else None), self.active

    def compare(self, a: int, b: int) -> Comparison | str:
        """Two portraits side by side (the earlier by year first), or why one cannot be scored."""
        for pid in (a, b):
            if pid in self.refused:
                return self.t("portraits.cmp.refused", name=self.label(pid), why=self.refused[pid])
        years = dict(zip(self.portraits["id"], self.portraits["year"], strict=True))
        a, b = sorted((a, b), key=lambda p: (years.get(p, 0), p))
        ids = self.frame.index
        ma = self.fit_all[a]["matches"].reindex(ids, fill_value=False).to_numpy(dtype=bool)
        mb = self.fit_all[b]["matches"].reindex(ids, fill_value=False).to_numpy(dtype=bool)
        coop = self.frame["coop"].to_numpy(dtype=float)
        return Comparison(
            a,
            b,
            (int(ma.sum()), int(mb.sum())),
            (float(coop[ma].sum()), float(coop[mb].sum())),
            self._listed(self.frame[mb & ~ma], fit_of=b),
            self._listed(self.frame[ma & ~mb], fit_of=b),
        )

    def _listed(self, f: pd.DataFrame, fit_of: int | None = None) -> pd.DataFrame:
        out = f.sort_values(["coop", "name"], ascending=[False, True], kind="stable")
        score = out["fit_score"] if fit_of is None else self.fit_all[fit_of]["fit_score"].reindex(out.index)
        return pd.DataFrame(
            {
                self.t("portraits.col.customer"): out["name"].to_numpy(),
                self.t("portraits.col.tier"): out["tier_label"].to_numpy(),
                self.t("portraits.col.value_class"): out["class_label"].to_numpy(),
                self.t("portraits.col.fit"): np.round(score.to_numpy(dtype=float), 1),
                self.t("portraits.col.coop"): out["coop"].to_numpy(dtype=float),
                self.t("portraits.col.owner"): out["owner"].to_numpy(),
            }
        )


def load(
    db: sqlite_utils.Database,
    access: Access | None,
    *,
    as_of: dt.date,
    lang: str,
    branch: int | None = None,
    team: int | None = None,
    owner: int | None = None,
) -> PortraitsModel:
    """The customers the filters select of those ``access`` reads, fitted to every portrait.

    :raises kam.store.access.AccessDenied: nobody signed in, or a role that reads no customer.
    """
    access = signed(access, "customers")
    if access.reads_all("customers"):
        return memo(_everyone, db, as_of=as_of, lang=lang, branch=branch, team=team, owner=owner)
    return build(db, as_of, lang, Scope(branch, team, owner), access)


@reads(*SCORED_READS, *MAP_TABLES)
def _everyone(
    db: sqlite_utils.Database, *, as_of: dt.date, lang: str, branch: int | None, team: int | None, owner: int | None
) -> PortraitsModel:
    """The model of a user who reads every customer (kept: it is nobody's in particular)."""
    return build(db, as_of, lang, Scope(branch, team, owner))


def build(
    db: sqlite_utils.Database, as_of: dt.date, lang: str, scope: Scope, access: Access | None = None
) -> PortraitsModel:
    """The model of the customers ``scope`` selects of those ``access`` reads (None: all)."""
    base = memo(fits, db, as_of=as_of, lang=lang)
    rules, labels, org = base.rules, base.labels, base.org
    customers = base.customers
    keep = in_scope(customers, org.people, org.teams, scope).to_numpy().copy()
    if access is not None:
        keep &= access.mask("customers", customers)
        # Names of branches and people only as the user may read them (a salesperson's
        # "chosen by" lists their branch, never another).
        org = Org(
            branches=access.visible("branches", org.branches),
            teams=access.visible("teams", org.teams),
            people=access.visible("people", org.people),
        )
    ids = pd.Index(customers["id"].astype("int64")[keep], name="customer_id")
    facts = customers[keep].set_index(ids)
    # Only the columns shown here, reindexed (the scoring has some fifty: 10 ms a save).
    shown = ["tier", "value_class", "key_account", "structure_cooperation", "owner_id"]
    scored = base.scored[shown].reindex(ids)
    people = dict(zip(org.people["id"], org.people["name"], strict=True))
    frame = pd.DataFrame(
        {
            "name": customers.loc[keep, "name"].to_numpy(),
            "industry": customers.loc[keep, "industry"].to_numpy(),
            "branch_id": customers.loc[keep, "branch_id"].to_numpy(),
            "tier": scored["tier"].to_numpy(),
            "tier_label": scored["tier"].map(labels.tier).fillna("").to_numpy(),
            "value_class": scored["value_class"].to_numpy(),
            "class_label": scored["value_class"].map(labels.value_class).fillna("").to_numpy(),
            "key_account": scored["key_account"].fillna(False).astype(bool).to_numpy(),
            "coop": scored["structure_cooperation"].fillna(0).astype(float).to_numpy(),
            "owner": scored["owner_id"].map(people).fillna("").to_numpy(),
        },
        index=ids,
    )
    portraits = _portraits(rules, base.refused, lang)
    active = portraits.loc[portraits["active"], "id"]
    active_id = int(active.iloc[0]) if len(active) == 1 else None
    notes = {}
    if active_id is not None and active_id in base.fit:
        fit = base.fit[active_id].reindex(ids)
        frame = frame.join(fit)
    else:
        frame = frame.assign(fit_score=np.nan, forces_met=0, forces=0, matches=False, near_miss=False, incomplete=False)
        notes["no_active"] = translate(
            "portraits.no_active" if active_id is None else "portraits.active_refused",
            lang,
            why=base.refused.get(active_id or -1, ""),
        )
    model_args: dict[str, Any] = {
        "lang": lang,
        "as_of": as_of,
        "rules": rules,
        "portraits": portraits,
        "active": active_id,
        "frame": frame,
        "fit_all": base.fit,
        "refused": base.refused,
        "names": _names(frame),
        "notes": notes,
    }
    return PortraitsModel(
        **model_args,
        metrics=_metrics(frame, lang),
        matches=_matches(frame, labels, lang),
        near=_near(frame, facts, rules, active_id, labels, lang),
        spread=_spread(frame, rules, labels, lang),
        all_maps=memo(maps, db, as_of=as_of, lang=lang),
        org=org,
    )


def _names(frame: pd.DataFrame) -> dict[int, str]:
    """Customer id -> name, from lists (iterating an Arrow string column cost 0.1 s per
    50,000 customers)."""
    return dict(zip(frame.index.tolist(), frame["name"].tolist(), strict=True))


def _portraits(rules: Rules, refused: dict[int, str], lang: str) -> pd.DataFrame:
    p = table(rules, "r3_portraits")
    out = pd.DataFrame(
        {
            "id": pd.to_numeric(p["id"]).astype("int64").to_numpy(),
            "name": p["name"].astype(str).to_numpy(),
            "year": pd.to_numeric(p["year"]).astype("int64").to_numpy(),
            "active": pd.to_numeric(p["active"], errors="coerce").fillna(0).astype(bool).to_numpy(),
        }
    )
    active = translate("portraits.active_mark", lang)
    draft = translate("portraits.draft_mark", lang)
    out["label"] = [
        f"{n} ({y})" + (f" · {active}" if a else "") + (f" · {draft}" if i in refused else "")
        for i, n, y, a in zip(out["id"], out["name"], out["year"], out["active"], strict=True)
    ]
    out["refused"] = [refused.get(int(i), "") for i in out["id"]]
    return out.sort_values(["year", "id"], ascending=[False, False], kind="stable").reset_index(drop=True)


def _metrics(f: pd.DataFrame, lang: str) -> tuple[Metric, ...]:
    n = len(f)
    match = f["matches"].astype(bool)
    share = f"{match.sum() / n:.0%}" if n else "—"
    return (
        Metric(
            translate("portraits.m.matches", lang),
            f"{int(match.sum()):,}",
            help=translate("portraits.m.matches_help", lang),
            delta=share,
            color="off",
        ),
        Metric(translate("portraits.m.near", lang), f"{int(f['near_miss'].astype(bool).sum()):,}"),
        Metric(translate("portraits.m.coop", lang), fmt_money(float(f.loc[match, "coop"].sum()), lang)),
        Metric(
            translate("portraits.m.incomplete", lang),
            f"{int(f['incomplete'].astype(bool).sum()):,}",
            help=translate("portraits.m.incomplete_help", lang),
        ),
    )


def _headers(lang: str, *keys: str) -> list[str]:
    return [translate(f"portraits.col.{k}", lang) for k in keys]


def _matches(f: pd.DataFrame, labels: Labels, lang: str) -> Listing:
    m = f[f["matches"].astype(bool)].sort_values(["coop", "name"], ascending=[False, True], kind="stable")
    cols = _headers(lang, "customer", "tier", "value_class", "fit", "coop", "owner")
    values = [m["name"], m["tier_label"], m["class_label"], m["fit_score"].round(1), m["coop"], m["owner"]]
    frame = pd.DataFrame({c: v.to_numpy() for c, v in zip(cols, values, strict=True)})
    keys = {cols[1]: ranks(m["tier"], list(labels.tier)), cols[2]: ranks(m["value_class"], list(labels.value_class))}
    return Listing(frame, keys, totals=(cols[4],))


def criterion_text(c: Any, lang: str) -> str:
    """A criterion as its test reads today ("Customer revenue ≥ 100,000,000", "Wants to be
    No. 1"), from its field, kind and threshold: never a label typed for an older threshold."""
    field = translate(f"enum.field.{c.field}", lang)
    if c.test == "flag" or pd.isna(c.threshold):
        return field
    return f"{field} ≥ {float(c.threshold):,.0f}"  # exact, as the grid shows it (money in whole yuan)


def _near(
    f: pd.DataFrame, facts: pd.DataFrame, rules: Rules, portrait: int | None, labels: Labels, lang: str
) -> Listing:
    """The near misses (one force short), the best fit first, with the force they miss and its
    criteria (all missed: what they lack to match), in the UI language."""
    n = f[f["near_miss"].astype(bool)].sort_values(["fit_score", "coop"], ascending=False, kind="stable")
    cols = _headers(lang, "customer", "tier", "fit", "missing", "coop", "owner")
    if portrait is None or n.empty:
        return Listing(pd.DataFrame(columns=cols))
    crit = parsed(rules, portrait_criteria, portrait)
    label = pd.Series([criterion_text(c, lang) for c in crit.itertuples(index=False)], index=crit.index)
    forces = table(rules, "r3_forces").set_index("id")[f"label_{lang}"].astype(str)
    text = {
        int(fid): f"{forces.get(fid, fid)}: {' / '.join(label[crit['force_id'] == fid])}"
        for fid in crit["force_id"].unique()
    }
    short = short_force(facts.loc[n.index], rules, portrait)
    missing = short.map({float(k): v for k, v in text.items()}).fillna("")
    values = [n["name"], n["tier_label"], n["fit_score"].round(1), missing, n["coop"], n["owner"]]
    frame = pd.DataFrame({c: v.to_numpy() for c, v in zip(cols, values, strict=True)})
    return Listing(frame, {cols[1]: ranks(n["tier"], list(labels.tier))}, totals=(cols[4],))


def _spread(f: pd.DataFrame, rules: Rules, labels: Labels, lang: str) -> pd.DataFrame:
    m = f[f["matches"].astype(bool)]
    tiers = table(rules, "r2_tiers").sort_values("tier_order", ascending=False)["code"].tolist()
    classes = [c for c in labels.value_class]
    # Counted with a groupby (pd.crosstab costs 15 ms a run at 10,000 customers).
    counts = m.groupby(["tier", "value_class"], sort=False, observed=True).size()
    grid = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    grid = grid.reindex(index=tiers, columns=classes, fill_value=0)
    grid = grid.fillna(0).astype(int)
    grid[translate("portraits.total", lang)] = grid.sum(axis=1)
    grid.index = [labels.tier.get(t, t) for t in grid.index]
    grid.columns = [labels.value_class.get(c, c) for c in grid.columns]
    grid.index.name = translate("portraits.col.tier", lang)
    return grid.reset_index()
