"""The order board without Streamlit (domain.md R7, issue 13): :func:`load` cuts the user's
board out of every order scored at the as-of date (:mod:`kam.views.board.cards`).

- :mod:`kam.views.board.cards`: every order with its card's figures and alerts (unscoped);
- :mod:`kam.views.board.moves`: moving an order, through the one save path;
- :mod:`kam.views.board.detail`: one order's card detail and its actions;
- :mod:`kam.views.board.metrics`: metrics and leaderboards of a period.

Filters (choices written down for the closing note):

- branch, team, owner: the order's owner's (an order without an owner by its customer's
  branch), the same meaning as the other pages' filter bar;
- period: the orders on the board during it, i.e. locked on or before its last day and not
  closed before its first day (an open order locked earlier is still being worked: it is
  on the board of every period until it closes); "all" takes every order;
- grade, "only with alerts", a search by customer name (any part, any case) or order
  number.

A column counts and sums every order the filters select; its cards are the most urgent
first (with alerts, most days overdue, then the largest amount) and only the first ``limit``
are drawn, the column saying how many are not shown.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import sqlite_utils

from kam.i18n import fmt_money, translate
from kam.rules.params import table
from kam.rules.periods import period_bounds
from kam.specs import SPECS
from kam.store.access import Access
from kam.store.targets import read_targets
from kam.views import Metric, signed
from kam.views.board.cards import ALERT_KINDS, Cards, board_cards, milestone_days
from kam.views.board.metrics import BoardMetrics, board_metrics
from kam.views.ruleset import current_rules
from kam.views.scope import customer_names

ALL = ""  # the period, grade choices' "all"
CARDS_SHOWN = 12  # cards a column draws before "show more"; each click shows this many more


@dataclass(frozen=True)
class Filters:
    """What the board's own filters select (the filter bar's branch, team and owner too)."""

    branch: int | None = None
    team: int | None = None
    owner: int | None = None
    period: str = ALL
    grade: str = ALL
    alerts_only: bool = False
    search: str = ""


@dataclass(frozen=True)
class Column:
    """One stage of the board: its totals over every order the filters select and the
    cards to draw."""

    code: str
    label: str
    count: int
    amount: int
    weighted: float
    cards: pd.DataFrame  # the first ``limit`` by urgency
    hidden: int  # orders of the column not drawn

    def header(self, lang: str) -> str:
        return translate(
            "board.column_head",
            lang,
            n=f"{self.count:,}",
            amount=fmt_money(self.amount, lang),
            weighted=fmt_money(self.weighted, lang),
        )


@dataclass(frozen=True)
class BoardModel:
    """Everything the board draws for one set of filters, as-of date and language."""

    lang: str
    as_of: dt.date
    base: Cards
    filters: Filters
    scoped: pd.DataFrame  # the orders of the filter bar's branch, team, owner the user reads
    orders: pd.DataFrame  # of those, the ones the board's own filters select
    rows_in_base: np.ndarray  # where each row of ``orders`` is in ``base.orders``
    stages: dict[str, str]  # code -> label, in stage order
    milestones: pd.DataFrame  # code, due_day, labels, in day order
    metrics: tuple[Metric, ...]
    period_options: dict[str, str]
    grade_options: dict[str, str]

    @functools.cached_property
    def _totals(self) -> dict[str, tuple[int, int, float]]:
        """Per stage: how many orders, their amount and weighted amount."""
        g = self.orders.groupby("stage", sort=False)
        agg = g.agg(count=("id", "size"), amount=("amount", "sum"), weighted=("weighted", "sum"))
        return {str(c): (int(r["count"]), int(r["amount"]), float(r["weighted"])) for c, r in agg.iterrows()}

    @functools.cached_property
    def _urgent_inside(self) -> np.ndarray:
        """For each order of the base in urgency order: its place in :attr:`orders`, -1 when
        the filters leave it out (worked out once per model, not once per column and run)."""
        inside = np.full(len(self.base.orders), -1, dtype="int64")
        inside[self.rows_in_base] = np.arange(len(self.rows_in_base))
        return inside[self.base.urgency]

    def column(self, code: str, limit: int = CARDS_SHOWN) -> Column:
        count, amount, weighted = self._totals.get(code, (0, 0, 0.0))
        # The base's orders most urgent first, those of this model and stage: the first
        # ``limit`` of them, by their place in ``orders`` (no sort per rerun).
        stages, number = self.base.urgent_stages
        inside = self._urgent_inside
        picked = inside[(stages == number.get(code, -2)) & (inside >= 0)][:limit]
        cards = self.orders.iloc[picked]
        return Column(
            code=code,
            label=self.stages[code],
            count=count,
            amount=amount,
            weighted=weighted,
            cards=cards,
            hidden=max(0, count - len(cards)),
        )

    def columns(self, limits: dict[str, int] | None = None) -> list[Column]:
        limits = limits or {}
        return [self.column(code, limits.get(code, CARDS_SHOWN)) for code in self.stages]

    def alerts(self) -> pd.DataFrame:
        """One row per alert of the orders shown, most days overdue first: order, customer,
        owner, stage, kind (translated), due date, days overdue."""
        a = self.base.alerts
        shown = self.orders.set_index("id")
        a = a[a["order_id"].isin(shown.index)]
        if a.empty:
            return pd.DataFrame(columns=["order_id", "customer", "owner", "stage", "alert", "due_date", "days_overdue"])
        m = self.milestones.set_index("code")[_label(self.lang)]
        kind = a["kind"].map(lambda k: translate(f"board.alert.{k}", self.lang))
        which = a["milestone_code"].map(m).fillna(a["milestone_code"])
        kind = kind.where(a["milestone_code"].isna(), kind + " · " + which)
        out = pd.DataFrame(
            {
                "order_id": a["order_id"].to_numpy(),
                "customer": shown["customer"].reindex(a["order_id"]).to_numpy(),
                "owner": shown["owner"].reindex(a["order_id"]).fillna("—").to_numpy(),
                "stage": shown["stage"].reindex(a["order_id"]).map(self.stages).to_numpy(),
                "alert": kind.to_numpy(),
                "due_date": a["due_date"].to_numpy(),
                "days_overdue": a["days_overdue"].to_numpy(),
            }
        )
        return out.sort_values(["days_overdue", "order_id"], ascending=[False, True], kind="stable").reset_index(
            drop=True
        )

    def paused(self) -> pd.DataFrame:
        """The open orders paused at the as-of date, apart: until-date, reason, alerts held."""
        p = self.base.paused
        shown = self.orders.set_index("id")
        p = p[p["order_id"].isin(shown.index)]
        return pd.DataFrame(
            {
                "order_id": p["order_id"].to_numpy(),
                "customer": shown["customer"].reindex(p["order_id"]).to_numpy(),
                "owner": shown["owner"].reindex(p["order_id"]).fillna("—").to_numpy(),
                "paused_until": p["paused_until"].to_numpy(),
                "pause_reason": p["pause_reason"].fillna("").to_numpy(),
                "silenced": p["silenced"].to_numpy(),
            }
        ).sort_values(["paused_until", "order_id"], kind="stable")

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)


def load_metrics(
    db: sqlite_utils.Database, access: Access | None, m: BoardModel, period: str, by: str = "won_amount"
) -> BoardMetrics:
    """The metrics and leaderboards of ``period`` for the orders of ``m``'s filter bar,
    with the won-amount chart against the target of what the bar selects."""
    access = signed(access, "orders")
    f = m.filters
    picked = [("person", f.owner), ("team", f.team), ("branch", f.branch)]
    entity = next(((kind, key) for kind, key in picked if key is not None), _own_entity(access))
    targets = None
    if access.reads("targets"):
        every = read_targets(db, SPECS["targets"])
        targets = every if access.reads_all("targets") else access.visible("targets", every)
    org = m.base.org
    # A board lists only the branches, teams and people the user reads (a salesperson's
    # orders include others' orders on their customers: those people are not theirs to rank).
    frames = {"person": ("people", org.people), "team": ("teams", org.teams), "branch": ("branches", org.branches)}
    names = {}
    for level, (name, frame) in frames.items():
        rows = frame if access.reads_all(name) else access.visible(name, frame) if access.reads(name) else frame[:0]
        names[level] = dict(zip(rows["id"], rows["name"], strict=True))
    return board_metrics(m.scoped, names, m.base.rules, period, m.as_of, m.lang, by, targets, entity)


def _own_entity(access: Access) -> tuple[str, int | None]:
    """Whose target the chart compares with when the filter bar picks nobody: the company's
    for those who read every target; else the branch the user heads, the team they lead, or
    their own (the widest target in their scope)."""
    if access.reads_all("targets"):
        return ("company", None)
    for kind, keys in (("branch", access.branches_headed), ("team", access.teams_led)):
        if keys and len(keys) == 1:
            return (kind, next(iter(keys)))
    return ("person", access.person_id) if access.person_id is not None else ("company", None)


def _label(lang: str) -> str:
    return "label_zh" if lang == "zh" else "label_en"


def period_options(as_of: dt.date, lang: str) -> dict[str, str]:
    """ "All", this year and last, the last five quarters, the last twelve months."""
    opts = {ALL: translate("board.period_all", lang)}
    q = (as_of.month - 1) // 3 + 1
    for k in range(5):
        qq, yy = (q - 1 - k) % 4 + 1, as_of.year + (q - 1 - k) // 4
        opts[f"{yy}-Q{qq}"] = f"{yy}-Q{qq}"
    for y in (as_of.year, as_of.year - 1):
        opts[str(y)] = str(y)
    for k in range(12):
        mm, yy = (as_of.month - 1 - k) % 12 + 1, as_of.year + (as_of.month - 1 - k) // 12
        opts[f"{yy}-{mm:02d}"] = f"{yy}-{mm:02d}"
    return opts


def choices(db: sqlite_utils.Database, as_of: dt.date, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The board filters' choices before the board is loaded: periods and grades."""
    grades = table(current_rules(db), "r7_grades").sort_values("min_amount", ascending=False, kind="stable")
    return period_options(as_of, lang), {ALL: translate("filter.all", lang), **{str(c): str(c) for c in grades["code"]}}


def select(frame: pd.DataFrame, f: Filters) -> np.ndarray:
    """Which orders of ``frame`` (:func:`kam.views.board.cards.board_orders` rows) the filters select."""
    keep = np.ones(len(frame), dtype=bool)
    for column, value in (("branch_id", f.branch), ("team_id", f.team), ("owner_id", f.owner)):
        if value is not None:
            keep &= (frame[column] == value).fillna(False).to_numpy(dtype=bool)
    if f.period:
        first, last = period_bounds(f.period)
        lock, close = frame["lock_day"], frame["close_day"]
        during = (lock <= pd.Timestamp(last)) & (close.isna() | (close >= pd.Timestamp(first)))
        keep &= during.fillna(False).to_numpy(dtype=bool)
    if f.grade:
        keep &= (frame["grade"] == f.grade).fillna(False).to_numpy(dtype=bool)
    if f.alerts_only:
        keep &= (frame["alerts"] > 0).to_numpy()
    text = f.search.strip().casefold()
    if text:
        number = text.lstrip("#")
        hit = frame["customer"].fillna("").str.casefold().str.contains(text, regex=False).to_numpy(dtype=bool)
        if number.isdigit():
            hit |= (frame["id"] == int(number)).to_numpy()
        keep &= hit
    return keep


def load(
    db: sqlite_utils.Database, access: Access | None, *, as_of: dt.date, lang: str, filters: Filters = Filters()
) -> BoardModel:
    """The board of the orders ``filters`` select and ``access`` reads, at ``as_of``.

    :raises kam.store.access.AccessDenied: nobody signed in, or a role that reads no order.
    :raises kam.rules.params.RuleInputError: rules the board cannot use.
    """
    access = signed(access, "orders")
    base = board_cards(db, as_of)
    return build(base, as_of, lang, filters, access)


def build(base: Cards, as_of: dt.date, lang: str, filters: Filters, access: Access | None = None) -> BoardModel:
    frame = base.orders
    mine = np.ones(len(frame), dtype=bool)
    if access is not None and not access.reads_all("orders"):
        mine &= access.mask("orders", frame)
    if access is not None and access.customers is not None:  # their orders on colleagues' customers
        frame = frame.assign(customer=customer_names(frame["customer"], frame["customer_id"], access.customers, lang))
    bar = Filters(branch=filters.branch, team=filters.team, owner=filters.owner)
    scoped = frame[mine & select(frame, bar)]
    chosen = mine & select(frame, filters)
    orders = frame[chosen]
    stages = table(base.rules, "r7_stages").sort_values("stage_order", kind="stable")
    labels = {str(c): str(n) for c, n in zip(stages["code"], stages[_label(lang)], strict=True)}
    grades = table(base.rules, "r7_grades").sort_values("min_amount", ascending=False, kind="stable")
    open_ = orders[orders["open"]]
    t: Callable[..., str] = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    metrics = (
        Metric(t("board.m.open"), f"{len(open_):,}", t("board.m.open_help")),
        Metric(t("board.m.pipeline"), fmt_money(int(open_["amount"].sum()), lang)),
        Metric(t("board.m.weighted"), fmt_money(float(open_["weighted"].sum()), lang), t("board.m.weighted_help")),
        Metric(t("board.m.alerts"), f"{int((open_['alerts'] > 0).sum()):,}", t("board.m.alerts_help")),
        Metric(t("board.m.paused"), f"{int(open_['paused'].sum()):,}", t("board.m.paused_help")),
    )
    return BoardModel(
        lang=lang,
        as_of=as_of,
        base=base,
        filters=filters,
        scoped=scoped,
        orders=orders,
        rows_in_base=np.flatnonzero(chosen),
        stages=labels,
        milestones=milestone_days(base.rules),
        metrics=metrics,
        period_options=period_options(as_of, lang),
        grade_options={ALL: t("filter.all"), **{str(c): str(c) for c in grades["code"]}},
    )


__all__ = ["ALERT_KINDS", "ALL", "CARDS_SHOWN", "BoardModel", "Column", "Filters", "build", "load", "select"]
