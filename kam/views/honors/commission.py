"""R14 commission of a year for the honor rolls page (issue 15): per person the ladder of
``r14_commission_bands`` with the part of the sales in each band and what it earns, the
total, and the team and branch totals (sums of the people's commissions, never the ladder
applied to a team's sales). A closed year is read from what its close kept
(``commission_snapshots``), an open one computed live. A salesperson sees their own, a
manager their people, HR and admins everyone (kam.store.access, the ``people`` scope).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlite_utils

from kam.i18n import translate
from kam.rules.commission import commission_bands, commission_by_person
from kam.rules.params import rounded
from kam.rules.params import table as table_of
from kam.rules.placement import people_at
from kam.store.access import Access
from kam.store.talent import read_commission_snapshots
from kam.views import reads, signed
from kam.views.honors.figures import honor_figures
from kam.views.memo import memo

_SNAPSHOT = ("commission_snapshots",)


@dataclass(frozen=True)
class Commission:
    """One year's commission of the people the user reads.

    ``people``: person_id, name, team, branch, sales, commission, band_<n>_sales,
    band_<n>_commission; ``bands``: band, from_amount, to_amount, rate; ``kept``: the year is
    closed and this is what its close kept."""

    year: int
    people: pd.DataFrame
    bands: pd.DataFrame
    teams: pd.DataFrame
    branches: pd.DataFrame
    kept: bool
    as_of: dt.date  # the figures' day: the year's last day, or the as-of date before it ends
    scope: str = ""  # the filter bar's branch or team name, when one is chosen


@reads(*_SNAPSHOT)
def _kept(db: sqlite_utils.Database, *, year: int) -> pd.DataFrame:
    return read_commission_snapshots(db, str(year))


def _whole(x: float) -> int:
    return int(math.floor(float(rounded(x)) + 0.5))


def _wide(bands: pd.DataFrame, rules_bands: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long rows (person_id, band, from_amount, to_amount, rate, sales_in_band,
    commission_in_band) as one row per person, and the bands' table (the rules' own when
    nobody sold)."""
    if bands.empty:
        lows = rules_bands.sort_values("from_amount")
        table = pd.DataFrame(
            {
                "band": range(1, len(lows) + 1),
                "from_amount": lows["from_amount"].to_numpy(),
                "to_amount": [*lows["from_amount"].to_numpy()[1:], np.nan],
                "rate": lows["rate"].to_numpy(),
            }
        )
        columns = [f"band_{b}_{k}" for b in table["band"] for k in ("sales", "commission")]
        empty = pd.DataFrame({c: pd.Series(dtype="float64") for c in [*columns, "sales"]})
        empty["commission"] = pd.Series(dtype="int64")
        return empty.rename_axis("person_id"), table
    table = bands.drop_duplicates("band")[["band", "from_amount", "to_amount", "rate"]].sort_values("band")
    sales = bands.pivot_table(index="person_id", columns="band", values="sales_in_band", aggfunc="sum")
    earned = bands.pivot_table(index="person_id", columns="band", values="commission_in_band", aggfunc="sum")
    wide = pd.DataFrame(index=sales.index)
    # Each band's commission in whole yuan so that the bands add up to the total on the
    # payslip: band i gets round(bands 1..i) - round(bands 1..i-1), each half up (domain.md
    # "Rounding"); the total is the exact sum rounded half up, so no band is off by a yuan
    # or more and their sum is the total to the yuan.
    done = pd.Series(0, index=sales.index, dtype="int64")
    exact = pd.Series(0.0, index=sales.index)
    for b in table["band"].astype(int):
        wide[f"band_{b}_sales"] = sales[b].fillna(0.0)
        exact = exact + earned[b].fillna(0.0)
        upto = exact.map(_whole).astype("int64")
        wide[f"band_{b}_commission"] = upto - done
        done = upto
    wide["sales"] = sales.sum(axis=1)
    wide["commission"] = done
    return wide, table.reset_index(drop=True)


def load(
    db: sqlite_utils.Database,
    access: Access | None,
    *,
    year: int,
    as_of: dt.date,
    lang: str,
    branch: int | None = None,
    team: int | None = None,
) -> Commission:
    """The year's commission of the people ``access`` reads, in the filter bar's ``branch``
    and ``team`` when given (a closed year: the branch and team kept with it).

    :raises kam.store.access.AccessDenied: nobody signed in, or a role without people."""
    access = signed(access, "people")
    fig = memo(honor_figures, db, as_of=as_of)
    kept = str(year) in fig.data.closed
    if kept:
        long = memo(_kept, db, year=year)
    else:
        per = commission_by_person(fig.data.won, fig.rules, year, as_of)
        long = commission_bands(per.set_index("person_id")["sales"], fig.rules).reset_index()
    wide, table = _wide(long, table_of(fig.rules, "r14_commission_bands"))
    people = fig.org.people
    mine = np.ones(len(people), dtype=bool) if access.reads_all("people") else access.mask("people", people)
    shown = people.loc[mine].set_index(people.loc[mine, "id"].astype("int64"))
    wide = wide.loc[wide.index.isin(shown.index)]
    if kept:  # a closed year's people stay in the team and branch they were in at the close
        place = long.drop_duplicates("person_id").set_index("person_id")[["team_id", "branch_id"]]
    else:  # an open year: where each person is at its end, or today before it
        day = min(dt.date(year, 12, 31), as_of)
        place = people_at(shown, fig.data.moves, day).set_index(shown.index)[["team_id", "branch_id"]]
    no_team, no_branch = translate("honors.pay.no_team", lang), translate("honors.pay.no_branch", lang)
    teams = fig.org.teams.set_index(fig.org.teams["id"].astype("int64"))["name"]
    branches = fig.org.branches.set_index(fig.org.branches["id"].astype("int64"))["name"]
    team_id = pd.to_numeric(place["team_id"].reindex(wide.index), errors="coerce").astype("Int64")
    branch_id = pd.to_numeric(place["branch_id"].reindex(wide.index), errors="coerce").astype("Int64")
    out = wide.assign(
        name=shown["name"].reindex(wide.index).astype("string"),
        team_id=team_id,
        branch_id=branch_id,
        team=team_id.map(lambda i: teams.get(int(i), f"#{int(i)}") if pd.notna(i) else no_team).astype("string"),
        branch=branch_id.map(lambda i: branches.get(int(i), f"#{int(i)}") if pd.notna(i) else no_branch).astype(
            "string"
        ),
    )
    if branch is not None:
        out = out.loc[(out["branch_id"] == branch).fillna(False).astype(bool)]
    if team is not None:
        out = out.loc[(out["team_id"] == team).fillna(False).astype(bool)]
    out = out.sort_values(["commission", "name"], ascending=[False, True])
    out.index.name = "person_id"
    out = out.reset_index()

    def totals(key: str, column: str) -> pd.DataFrame:
        """Sums by team or branch id (two teams may share a name); people without one apart."""
        g = out.groupby(out[key].fillna(-1), as_index=False).agg(
            **{column: (column, "first")},
            people=("person_id", "size"),
            sales=("sales", "sum"),
            commission=("commission", "sum"),
        )
        return g.sort_values("commission", ascending=False).reset_index(drop=True)

    scope = ""
    if team is not None:
        scope = str(teams.get(int(team), f"#{int(team)}"))
    elif branch is not None:
        scope = str(branches.get(int(branch), f"#{int(branch)}"))
    elif not access.reads_all("people") and access.person_id is not None:  # a manager's people, a salesperson
        names = people.set_index(people["id"].astype("int64"))["name"]
        scope = str(names.get(int(access.person_id), ""))
    figures_day = dt.date(year, 12, 31) if kept else min(dt.date(year, 12, 31), as_of)
    return Commission(
        year, out, table, totals("team_id", "team"), totals("branch_id", "branch"), kept, figures_day, scope
    )


def payroll_frame(c: Commission, lang: str) -> pd.DataFrame:
    """The export for payroll, headers in the user's language: one row per person with the
    sales and the commission in each band, the total, and whether the year is closed."""
    tr = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    frame = pd.DataFrame(
        {
            tr("honors.pay.year"): c.year,
            tr("honors.pay.person_id"): c.people["person_id"].astype("int64"),
            tr("honors.pay.name"): c.people["name"],
            tr("honors.pay.team"): c.people["team"],
            tr("honors.pay.branch"): c.people["branch"],
            tr("honors.pay.sales"): c.people["sales"].round(2),
        }
    )
    for b in c.bands.itertuples():
        band = int(b.band)
        rate = f"{float(b.rate) * 100:g}%"
        frame[tr("honors.pay.band_sales", n=band, rate=rate)] = c.people[f"band_{band}_sales"].round(2).to_numpy()
        frame[tr("honors.pay.band_commission", n=band, rate=rate)] = (
            c.people[f"band_{band}_commission"].astype("int64").to_numpy()
        )
    frame[tr("honors.pay.commission")] = c.people["commission"].astype("int64").to_numpy()
    frame[tr("honors.pay.state")] = tr("honors.state.kept" if c.kept else "honors.state.live")
    frame[tr("honors.pay.as_of")] = c.as_of  # a date (an Excel date cell; ISO text in the CSV)
    return frame


def payroll_file(c: Commission, lang: str) -> str:
    """The export's file name (without its extension): the year, the branch or team chosen,
    and for a year still open the day its figures are of ("commission-2026-East-live-2026-06-30")."""
    parts = [translate("honors.pay.file", lang, year=c.year)]
    if c.scope:
        parts.append("".join(ch if ch.isalnum() or ch in " _" else "_" for ch in c.scope).strip() or "_")
    if not c.kept:
        parts.append(translate("honors.pay.file_live", lang, day=c.as_of.isoformat()))
    return "-".join(parts)


def payroll_formats(c: Commission, lang: str) -> dict[str, str]:
    """The Excel formats of :func:`payroll_frame`'s columns (kam.export.EXCEL_FORMATS): the
    year and the person id as plain integers (never "2,026"), sales and commissions in whole
    yuan (orders are whole yuan), the figures' day as a date."""
    tr = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    out = {tr("honors.pay.year"): "int", tr("honors.pay.person_id"): "int", tr("honors.pay.sales"): "money"}
    for b in c.bands.itertuples():
        rate = f"{float(b.rate) * 100:g}%"
        out[tr("honors.pay.band_sales", n=int(b.band), rate=rate)] = "money"
        out[tr("honors.pay.band_commission", n=int(b.band), rate=rate)] = "money"
    out[tr("honors.pay.commission")] = "money"
    out[tr("honors.pay.as_of")] = "date"
    return out
