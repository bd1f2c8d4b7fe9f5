"""The talent pipeline page's model (issue 14, domain.md R9): the people the signed-in user
reads (HR and admin: everyone; a manager: their subtree; a salesperson: themselves), their
clearances, cadre standard, command structure, stars and camps, from
:mod:`kam.views.talent.figures` (computed once for everyone, masked here).

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
from kam.rules.clearances import PASSED
from kam.rules.params import table
from kam.store.access import Access
from kam.views import Metric, signed
from kam.views.memo import memo
from kam.views.talent.figures import Figures, talent_figures

TABS = ("pipeline", "clearances", "cadre", "command", "stars", "points")


def _label(lang: str) -> str:
    return "label_zh" if lang == "zh" else "label_en"


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    year, q = int(quarter[:4]), int(quarter[-1])
    first = dt.date(year, 3 * (q - 1) + 1, 1)
    nxt = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def previous_quarter(quarter: str) -> str:
    first, _ = quarter_bounds(quarter)
    return quarter_of(first - dt.timedelta(days=1))


@dataclass(frozen=True)
class TalentModel:
    lang: str
    as_of: dt.date
    figures: Figures
    people: pd.DataFrame  # the people in the user's scope (and the filters): id-indexed, names
    names: dict[int, str]
    metrics: tuple[Metric, ...]

    @property
    def ids(self) -> pd.Index:
        return self.people.index

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
        active = self.people.index[self.people["active"]]
        return c.loc[c["person_id"].isin(active)].reset_index(drop=True)

    def due_list(self) -> pd.DataFrame:
        """What falls due this ISO week (Monday to Sunday of as_of) and what is overdue, by
        manager; people who have left are not listed."""
        c = self.clearances()
        monday = self.as_of - dt.timedelta(days=self.as_of.weekday())
        sunday = monday + dt.timedelta(days=6)
        due = pd.to_datetime(c["due_date"])
        this_week = (c["status"] == "pending") & (due >= pd.Timestamp(monday)) & (due <= pd.Timestamp(sunday))
        rows = c.loc[this_week | (c["status"] == "overdue")].copy()
        managers = self.people["manager_id"]
        rows["manager_id"] = rows["person_id"].map(managers)
        return rows.sort_values(["manager_id", "status", "due_date", "person_id"], kind="stable")

    # --- cadre --------------------------------------------------------------------------

    def cadre(self) -> pd.DataFrame:
        """The cadre standard of the active people in scope with their latest assessment."""
        cad = self.figures.cadre.reindex(self.people.index[self.people["active"]])
        a = self.figures.assessments
        a = a.loc[a["person_id"].isin(cad.index)].sort_values(["assessment_date", "id"])
        last = a.drop_duplicates("person_id", keep="last").set_index("person_id")
        out = cad.join(last[["id", "assessment_date", "virtue", "talent", "post", "decision", "assessment_passed"]])
        return out.rename(columns={"id": "assessment_id"})

    # --- stars --------------------------------------------------------------------------

    def stars(self) -> pd.DataFrame:
        ids = self.people.index[self.people["active"]]
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

    def closed_quarters(self) -> list[str]:
        closed = self.figures.closed["period"].astype(str)
        return sorted((p for p in closed if "-Q" in p), reverse=True)

    # --- command ------------------------------------------------------------------------

    def command(self) -> pd.DataFrame:
        cm = self.figures.command
        return cm.loc[cm.index.isin(self.people.index)]


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
    teams = fig.org.teams.set_index("id")["branch_id"]
    branch_of = people["branch_id"].fillna(people["team_id"].map(teams))
    if branch is not None:
        mine &= (branch_of == branch).to_numpy()
    if team is not None:
        mine &= (people["team_id"] == team).to_numpy()
    if person is not None:
        mine &= people.index == person
    shown = people[mine].copy()
    shown["active"] = fig.active.reindex(shown.index).fillna(False).astype(bool).to_numpy()
    shown["branch_id"] = branch_of[mine]
    names = {int(i): str(n) for i, n in zip(fig.org.people["id"], fig.org.people["name"], strict=True)}
    model = TalentModel(lang, as_of, fig, shown, names, ())
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    c = model.clearances()
    stars = model.stars()
    metrics = (
        Metric(t("talent.m.people"), f"{int(shown['active'].sum()):,}"),
        Metric(t("talent.m.overdue"), f"{int((c['status'] == 'overdue').sum()):,}", t("talent.m.overdue_help")),
        Metric(
            t("talent.m.passed"),
            f"{int(c['status'].isin(PASSED).sum()):,} / {len(c):,}",
            t("talent.m.passed_help"),
        ),
        Metric(t("talent.m.eligible"), f"{int(model.cadre()['eligible'].sum()):,}", t("talent.m.eligible_help")),
        Metric(t("talent.m.warning"), f"{int(stars['warning'].sum()):,}", t("talent.m.warning_help")),
    )
    return TalentModel(lang, as_of, fig, shown, names, metrics)
