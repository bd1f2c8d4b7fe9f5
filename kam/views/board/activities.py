"""Activities and process incentives on the board (domain.md R8, issue 13): weekly meeting
compliance of the people in the user's scope (:func:`kam.rules.activities.weekly_compliance`),
who was below target last week, who is behind pace this week, a chart per team over the
last weeks, and the meetings for the grid editor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.i18n import translate
from kam.rules.activities import week_start, weekly_compliance
from kam.rules.params import ids, int_param
from kam.store.access import Access
from kam.store.people import Org, read_meetings, read_org
from kam.views import ORG, RULES, reads, signed
from kam.views.memo import memo
from kam.views.ruleset import current_rules
from kam.views.scope import Scope, people_in_scope

WEEKS = 8  # weeks the compliance chart and lists look back over


@dataclass(frozen=True)
class Activities:
    weeks: pd.DataFrame  # weekly_compliance rows of the people in scope, with name, team
    last_week: pd.DataFrame  # below target last week: name, team, meetings, target
    behind: pd.DataFrame  # behind pace this week: name, team, meetings, pace, target
    chart: pd.DataFrame  # team, week, share of people who met the target (complete weeks)
    money: pd.DataFrame  # this week per person: name, team, meetings, money (yuan), most first
    target: int
    money_week: int  # process money of the people in scope this week (yuan)


@reads("meetings", *ORG, *RULES)
def _compliance(db: sqlite_utils.Database, *, as_of: dt.date, weeks: int) -> tuple[pd.DataFrame, Org, int]:
    rules = current_rules(db)
    org = read_org(db)
    since = week_start(as_of) - dt.timedelta(weeks=weeks - 1, days=1)
    frame = weekly_compliance(read_meetings(db, since.isoformat()), org.people, rules, as_of, weeks)
    return frame, org, int_param(rules, "r8_weekly_meetings")


def load(
    db: sqlite_utils.Database,
    access: Access | None,
    *,
    as_of: dt.date,
    lang: str,
    branch: int | None = None,
    team: int | None = None,
    owner: int | None = None,
) -> Activities:
    """:raises kam.store.access.AccessDenied: a role that reads no meetings."""
    access = signed(access, "meetings")
    frame, org, target = memo(_compliance, db, as_of=as_of, weeks=WEEKS)
    people = org.people if access.reads_all("people") else access.visible("people", org.people)
    teams = dict(zip(ids(org.teams["id"]), org.teams["name"], strict=True))
    keep, branch_of = people_in_scope(people, org.teams, Scope(branch, team, owner))
    staff = pd.DataFrame(
        {
            "person_id": ids(people["id"]).to_numpy(),
            "name": people["name"].astype("string").to_numpy(),
            "team_id": ids(people["team_id"]).to_numpy(),
            "branch_id": branch_of.to_numpy(),
        }
    )[keep]
    no_team = translate("board.no_team", lang)
    staff["team"] = staff["team_id"].map(teams).fillna(no_team)
    weeks = frame.merge(staff[["person_id", "name", "team"]], on="person_id")
    this = week_start(as_of).isoformat()
    last = (week_start(as_of) - dt.timedelta(weeks=1)).isoformat()
    cols = ["name", "team", "meetings", "target"]
    last_week = weeks[(weeks["week_start"] == last) & ~weeks["met"]].sort_values(["meetings", "name"])[cols]
    now = weeks[weeks["week_start"] == this]
    behind = now[now["behind_pace"]].sort_values(["meetings", "name"])[["name", "team", "meetings", "pace", "target"]]
    done = weeks[weeks["complete"]]
    chart = done.groupby(["team", "week"], as_index=False).agg(met=("met", "mean"), people=("met", "size"))
    money = now.sort_values(["money", "name"], ascending=[False, True])[["name", "team", "meetings", "money"]]
    return Activities(
        weeks=weeks,
        last_week=last_week.reset_index(drop=True),
        behind=behind.reset_index(drop=True),
        chart=chart,
        money=money.reset_index(drop=True),
        target=target,
        money_week=int(now["money"].sum()),
    )
