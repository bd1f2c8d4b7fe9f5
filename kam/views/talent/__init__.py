"""The talent pipeline page's model (issue 14, domain.md R9): the people the signed-in user
reads (HR and admin: everyone; a manager: their subtree; a salesperson: themselves), their
clearances, cadre standard, command structure, stars and camps, from
:mod:`kam.views.talent.figures` (computed once for everyone, masked here).

Choice: the clearances, the cadre standard and the stars are about the people in a sales
rank (a rank with a ``rank_order``, kam.rules.command.sales_people) who are on the team: HR staff
appear in the command tree and the camps, never as overdue clearances or one-star sellers.

HR reads every person's figures (sales, counts of customers) but never an order or a
customer: the figures are computed on the server from the orders, and only they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlite_utils

from kam.i18n import translate
from kam.rules.clearances import PASSED, records_began
from kam.rules.params import int_param, table
from kam.rules.periods import period_bounds, period_of, previous_period
from kam.store.access import Access
from kam.views import Metric, signed
from kam.views.memo import memo
from kam.views.scope import Scope, people_in_scope
from kam.views.talent.figures import Figures, talent_figures

TABS = ("pipeline", "clearances", "cadre", "command", "stars", "points", "people")
TREE_CAP = 120  # people drawn in one command graph before its deeper levels are left out


def _label(lang: str) -> str:
    return "label_zh" if lang == "zh" else "label_en"


def quarter_of(day: dt.date) -> str:
    return period_of("quarter", day)


quarter_bounds = period_bounds
previous_quarter = previous_period


@dataclass(frozen=True)
class TalentModel:
    lang: str
    as_of: dt.date
    figures: Figures
    people: pd.DataFrame  # the people in the user's scope (and the filters): id-indexed, names
    names: dict[int, str]
    metrics: tuple[Metric, ...]
    sees_assessments: bool = True  # the user reads hr_assessments (a manager does not: HR's)

    @property
    def ids(self) -> pd.Index:
        return self.people.index

    @property
    def sellers(self) -> pd.Index:
        """The people in scope the clearances, the cadre standard and the stars are about:
        on the team at as_of and in a sales rank."""
        return self.people.index[self.people["active"] & self.people["sales"]]

    def labels(self, rules_table: str) -> dict[str, str]:
        t = table(self.figures.rules, rules_table)
        return {str(c): str(v) for c, v in zip(t["code"], t[_label(self.lang)], strict=True)}

    def name(self, person: object) -> str:
        if person is None or pd.isna(person):
            return "—"
        return self.names.get(int(person), f"#{int(person)}")

    # --- clearances ---------------------------------------------------------------------

    def clearances(self) -> pd.DataFrame:
        """The clearance status of the active people in scope, one row per clearance."""
        c = self.figures.clearances
        return c.loc[c["person_id"].isin(self.sellers)].reset_index(drop=True)

    def unentered(self) -> pd.Series:
        """Per row of :meth:`clearances`: a clearance of someone who joined before records
        began that nobody has entered yet (not overdue: HR has to enter it)."""
        c = self.clearances()
        began = records_began(self.figures.rules)
        if began is None or c.empty:
            return pd.Series(False, index=c.index)
        joined = pd.to_datetime(c["join_date"], errors="coerce") < pd.Timestamp(began)
        return (joined & ~c["recorded"].astype(bool) & (c["status"] == "overdue")).fillna(False).astype(bool)

    def due_list(self) -> pd.DataFrame:
        """What falls due this ISO week (Monday to Sunday of as_of), what is overdue and what
        failed (a retake is due), by manager; people who have left are not listed, nor the
        clearances of people who joined before records began that wait to be entered."""
        c = self.clearances()
        monday = self.as_of - dt.timedelta(days=self.as_of.weekday())
        sunday = monday + dt.timedelta(days=6)
        due = pd.to_datetime(c["due_date"])
        this_week = (c["status"] == "pending") & (due >= pd.Timestamp(monday)) & (due <= pd.Timestamp(sunday))
        late = (c["status"] == "overdue") & ~self.unentered()
        rows = c.loc[this_week | late | (c["status"] == "failed")].copy()
        managers = self.people["manager_id"]
        rows["manager_id"] = rows["person_id"].map(managers)
        return rows.sort_values(["manager_id", "status", "due_date", "person_id"], kind="stable")

    def overdue_count(self) -> int:
        c = self.clearances()
        return int(((c["status"] == "overdue") & ~self.unentered()).sum())

    # --- cadre --------------------------------------------------------------------------

    def cadre(self) -> pd.DataFrame:
        """The cadre standard of the active people in scope with their latest assessment."""
        cad = self.figures.cadre.reindex(self.sellers)
        a = self.figures.assessments
        a = a.loc[a["person_id"].isin(cad.index)].sort_values(["assessment_date", "id"])
        last = a.drop_duplicates("person_id", keep="last").set_index("person_id")
        cols = ["id", "assessment_date", "virtue", "talent", "post", "decision", "assessment_passed"]
        cols += [c for c in ("decided_by", "decided_at") if c in last.columns]
        if not self.sees_assessments:
            last = last.iloc[0:0]  # who meets the standard, without HR's scores and decision
        out = cad.join(last[cols]).rename(columns={"id": "assessment_id"})
        for c in ("decided_by", "decided_at"):
            if c not in out:
                out[c] = pd.Series(pd.NA, index=out.index, dtype="string")
        return out

    def waiting_for_pegasus(self, camp: str) -> list[int]:
        """The approved candidates in scope not yet in the ``camp`` (an enrolment that was
        not dropped), for the one-click enrolment."""
        cad = self.cadre()
        e = self.figures.enrolments
        inside = set(e.loc[(e["camp_code"] == camp) & (e["status"] != "dropped"), "person_id"].astype("int64"))
        approved = cad.index[(cad["decision"] == "approved").fillna(False).astype(bool)]
        return [int(i) for i in approved if int(i) not in inside]

    # --- stars --------------------------------------------------------------------------

    def stars(self) -> pd.DataFrame:
        ids = self.sellers
        s = self.figures.stars.reindex(ids)
        w = self.figures.warnings.reindex(ids)
        s["one_star_quarters"] = w["one_star_quarters"].fillna(0).astype("int64")
        s["warning"] = w["warning"].fillna(False).astype(bool)
        return s

    def history(self) -> pd.DataFrame:
        """The stars kept per closed quarter of the people in scope (person x quarter)."""
        snap = self.figures.snapshots
        snap = snap.loc[snap["person_id"].isin(self.people.index)]
        if snap.empty:
            return pd.DataFrame(index=pd.Index([], name="person_id"))
        return snap.pivot_table(index="person_id", columns="period", values="star", aggfunc="last")

    def ended_quarters(self, today: dt.date, n: int = 8) -> list[str]:
        """The last ``n`` quarters that have ended by ``today``, newest first (the ones a
        close or a reopen may name)."""
        out = [previous_quarter(quarter_of(today))]
        while len(out) < n:
            out.append(previous_quarter(out[-1]))
        return out

    def quarter_to_close(self, today: dt.date) -> str:
        """The quarter the close section opens on: the newest ended quarter whose last day
        the figures reach (the as-of date), so that a copy whose data stops early does not
        offer a quarter nobody recorded; the newest ended one otherwise."""
        ended = self.ended_quarters(today)
        return next((q for q in ended if quarter_bounds(q)[1] <= self.as_of), ended[0])

    def closed_quarters(self) -> list[str]:
        closed = self.figures.closed["period"].astype(str)
        return sorted((p for p in closed if "-Q" in p), reverse=True)

    def close_of(self, quarter: str) -> dict | None:
        """The open close row of ``quarter`` (closed_by, closed_at), None when it is open."""
        c = self.figures.closed
        rows = c.loc[c["period"].astype(str) == quarter]
        return None if rows.empty else rows.iloc[0].to_dict()

    # --- command ------------------------------------------------------------------------

    def command(self) -> pd.DataFrame:
        cm = self.figures.command
        return cm.loc[cm.index.isin(self.people.index)]

    def branches(self) -> dict[int, str]:
        """The branches of the people in scope: id -> name."""
        b = self.figures.org.branches
        names = {int(i): str(n) for i, n in zip(b["id"], b["name"], strict=True)}
        return {int(i): names.get(int(i), str(i)) for i in sorted({int(x) for x in self.people["branch_id"].dropna()})}

    def leaders(self, branch: int) -> list[int]:
        """The people of ``branch`` (on the team) who lead someone: the tree's possible tops."""
        p = self.people.loc[(self.people["branch_id"] == branch) & self.people["active"]]
        bosses = set(p["manager_id"].dropna().astype("int64"))
        return [int(i) for i in p.index if int(i) in bosses]

    def command_tree(self, branch: int, top: int | None = None, cap: int = TREE_CAP) -> tuple[pd.DataFrame, int, bool]:
        """The people of the command tree: ``top`` and everyone under them, or the whole
        ``branch`` (on the team); when that is more than ``cap`` people, its first levels
        from the top (whole levels, at least one) so the graph stays readable.

        :returns: the people (a slice of :attr:`people`), the levels drawn and whether
          deeper levels were left out.
        """
        p = self.people.loc[(self.people["branch_id"] == branch) & self.people["active"]]
        managers = p["manager_id"]
        inside = set(p.index.astype("int64"))
        if top is not None and top in inside:
            level = {int(top)}
        else:
            level = {int(i) for i, b in managers.items() if pd.isna(b) or int(b) not in inside}
        kept: set[int] = set()
        levels = 0
        while level:
            if kept and len(kept) + len(level) > cap:
                return p.loc[[i for i in p.index if int(i) in kept]], levels, True
            kept |= level
            levels += 1
            level = {int(i) for i in managers.index[managers.isin(level)]} - kept
        return p.loc[[i for i in p.index if int(i) in kept]], levels, False


def load(
    db: sqlite_utils.Database,
    access: Access | None,
    *,
    as_of: dt.date,
    lang: str,
    branch: int | None = None,
    team: int | None = None,
    person: int | None = None,
) -> TalentModel:
    """:raises kam.store.access.AccessDenied: nobody signed in, or a role that reads no person.
    :raises kam.rules.params.RuleInputError: rules the figures cannot use."""
    access = signed(access, "people")
    fig = memo(talent_figures, db, as_of=as_of)
    people = fig.org.people.set_index(fig.org.people["id"].astype("int64"))
    mine = np.ones(len(people), dtype=bool)
    if not access.reads_all("people"):
        mine &= access.mask("people", people.reset_index(drop=True))
    chosen, branch_of = people_in_scope(people, fig.org.teams, Scope(branch, team, person))
    mine &= chosen
    shown = people[mine].copy()
    shown["active"] = fig.active.reindex(shown.index).fillna(False).astype(bool).to_numpy()
    shown["sales"] = fig.sales.reindex(shown.index).fillna(False).astype(bool).to_numpy()
    shown["branch_id"] = branch_of[mine]
    names = {int(i): str(n) for i, n in zip(fig.org.people["id"], fig.org.people["name"], strict=True)}
    sees = access.reads("hr_assessments")
    model = TalentModel(lang, as_of, fig, shown, names, (), sees)
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    c = model.clearances()
    stars = model.stars()
    metrics = (
        Metric(t("talent.m.people"), f"{int(shown['active'].sum()):,}"),
        Metric(t("talent.m.overdue"), f"{model.overdue_count():,}", t("talent.m.overdue_help")),
        Metric(
            t("talent.m.passed"),
            f"{int(c['status'].isin(PASSED).sum()):,} / {len(c):,}",
            t("talent.m.passed_help"),
        ),
        Metric(t("talent.m.eligible"), f"{int(model.cadre()['eligible'].sum()):,}", t("talent.m.eligible_help")),
        Metric(
            t("talent.m.warning"),
            f"{int(stars['warning'].sum()):,}",
            t("talent.m.warning_help", n=int_param(fig.rules, "r9_warning_quarters")),
        ),
    )
    return TalentModel(lang, as_of, fig, shown, names, metrics, sees)
