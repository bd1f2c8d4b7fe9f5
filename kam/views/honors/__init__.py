"""The honor rolls page's model (issue 15, domain.md R10): for a period type and a period,
every honor's winners (from the period's snapshot when it is closed, live otherwise), the
podiums of the ranked honors, the full rolls, what changed since a close, each person's
history and the hall of the year; the commission (R14) lives in
:mod:`kam.views.honors.commission`.

Everyone reads the rolls (issue 15: recognition is public): the winners' names and figures
are shown whatever the user's scope; the branch and team filters narrow the rolls to the
winners of that branch or team (their rank stays the company's or the branch's).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.i18n import fmt_money, fmt_yuan, translate
from kam.rules.honor_engine import PODIUM_PLACES, honor_rows, is_board
from kam.rules.honor_metrics import metric_figures
from kam.rules.honors import MILLION_STAR
from kam.rules.params import Rules, with_columns
from kam.rules.periods import period_bounds, period_kind, period_of, previous_period
from kam.rules.placement import people_at
from kam.store.access import Access
from kam.views import Metric, signed
from kam.views.honors.figures import Figures, honor_figures, period_roll, year_periods, year_roll
from kam.views.memo import memo

KINDS = ("month", "quarter", "year", "week")  # the period types, the picker's order
KINDS_LONGEST_FIRST = ("year", "quarter", "month", "week")
TABS = ("stage", "rolls", "history", "hall", "commission")
PERIODS_SHOWN = {"week": 12, "month": 24, "quarter": 8, "year": 5}  # choices offered per type
PODIUM_GROUPS = 4  # a per-branch ranked honor shows a podium per branch up to this many
STEP_ORDER = {1: 2, 2: 1, 3: 3}  # a podium's places left to right: 2, 1, 3
STEP_HEIGHT = {1: 3.0, 2: 2.0, 3: 1.4}


def period_options(kind: str, today: dt.date, n: int | None = None) -> list[str]:
    """The periods of ``kind`` a user picks from, newest first: the one holding ``today``
    (open, live) and the ones before it."""
    out = [period_of(kind, today)]
    while len(out) < (n or PERIODS_SHOWN[kind]):
        out.append(previous_period(out[-1]))
    return out


def default_period(kind: str, today: dt.date) -> str:
    """The period the page opens on: the last one that has ended (the one to celebrate and
    to close), except for a year, which opens on the current one."""
    options = period_options(kind, today)
    return options[0] if kind == "year" else options[1]


def _id_names(frame: pd.DataFrame) -> dict[int, object]:
    """Names by id (the first row of an id; a missing name stays missing)."""
    out: dict[int, object] = {}
    for i, name in zip(frame["id"].tolist(), frame["name"].tolist(), strict=True):
        out.setdefault(int(i), None if pd.isna(name) else str(name))
    return out


def _named(ids: pd.Series, names: dict[int, object], none: str) -> pd.Series:
    """The name of each id (``#id`` for an id without one), ``none`` where there is no id."""
    out = [names.get(int(i), f"#{int(i)}") if pd.notna(i) else none for i in ids.tolist()]
    return pd.Series(out, index=ids.index, dtype="string")


@dataclass(frozen=True)
class HonorsModel:
    as_of: dt.date
    lang: str
    period: str
    figures: Figures
    roll: pd.DataFrame  # kam.rules.honor_engine.ROLL_COLUMNS of the period, filtered
    branch: int | None
    team: int | None
    won_anywhere: frozenset[str] = frozenset()  # the honors someone won in the period, filter or not

    @property
    def kind(self) -> str:
        return period_kind(self.period)

    def tr(self, key: str, **kw: object) -> str:
        return translate(key, self.lang, **kw)

    # --- names -----------------------------------------------------------------------------

    @functools.cached_property
    def _names(self) -> tuple[dict[int, object], dict[int, object], dict[int, object]]:
        """People's, teams' and branches' names by id, built once per model from lists (a
        page draws some thirty name columns; a Series per column cost 0.1 s a run)."""
        org = self.figures.org
        return _id_names(org.people), _id_names(org.teams), _id_names(org.branches)

    def person_name(self, ids: pd.Series) -> pd.Series:
        return _named(ids, self._names[0], "")

    def team_name(self, ids: pd.Series) -> pd.Series:
        """Team names; "No team" (a branch head, say) as the commission and its export say."""
        return _named(ids, self._names[1], self.tr("honors.pay.no_team"))

    def branch_name(self, ids: pd.Series) -> pd.Series:
        return _named(ids, self._names[2], self.tr("honors.pay.no_branch"))

    def winner_name(self, roll: pd.DataFrame) -> pd.Series:
        """A person's name, or a team's for a team-awarded honor."""
        person = self.person_name(roll["person_id"])
        team = self.team_name(roll["team_id"])
        return person.where(roll["person_id"].notna().to_numpy(), team)

    # --- the honors --------------------------------------------------------------------------

    def honors(self) -> pd.DataFrame:
        """The ``r10_honors`` rows of the period's type, in honor order: for a closed period
        those it was judged by (kept by its close), so that a caption says the threshold
        its winners met and an honor added since is not shown as won by nobody."""
        return self._kept_rules if self._kept_rules is not None else honor_rows(self.figures.rules, self.kind)

    @functools.cached_property
    def _kept_rules(self) -> pd.DataFrame | None:
        close = self.close()
        text = close.get("honor_rules") if close is not None else None
        if not isinstance(text, str) or not text or self.period not in self.figures.data.closed:
            return None  # open, or closed before the close kept its rules: today's
        return honor_rows({"r10_honors": pd.DataFrame(json.loads(text))}, self.kind)

    @functools.cached_property
    def _labels(self) -> dict[str, str]:
        column = "label_zh" if self.lang == "zh" else "label_en"
        h = self.figures.rules["r10_honors"]
        out = dict(zip(h["code"].astype(str), h[column].astype(str), strict=True))
        kept = self._kept_rules
        if kept is not None:  # a closed period's honors by the names they had
            out.update(zip(kept["code"].astype(str), kept[column].astype(str), strict=True))
        return out

    @property
    def kept(self) -> bool:
        """The period is closed and read from what its close kept (not one closed before
        the honors were kept, which is computed live)."""
        return self.period in self.figures.data.closed

    def label(self, code: str) -> str:
        """An honor's name in the user's language (its code when the rules lack it)."""
        return self._labels.get(str(code), str(code))

    def rule_text(self, honor: pd.Series) -> str:
        """What wins the honor, in words with the rules' values ("sales in the month at
        least 1,000,000", "top 3", per branch)."""
        metric = self.tr(f"honors.in.{honor['metric']}")
        if is_board(honor) and honor["comparison"] == ">=" and float(honor["threshold"]) <= 1:
            text = self.tr("honors.rule.board")  # the shipped row: the week's whole board
        elif honor["comparison"] == "top":
            text = self.tr("honors.rule.top", metric=metric, n=int(honor["threshold"]))
        else:
            bar = honor["threshold"]
            value = fmt_money(bar, self.lang) if honor["metric"] == "sales" else f"{int(bar):,}"
            text = self.tr(
                f"honors.rule.{'at_least' if honor['comparison'] == '>=' else 'above'}", metric=metric, value=value
            )
        if honor["scope"] != "company":
            text += self.tr("honors.rule.scope", scope=self.tr(f"honors.in.{honor['scope']}"))
        return text[:1].upper() + text[1:]  # "Sales at least 1.00M": a sentence

    def winners(self, code: str) -> pd.DataFrame:
        """The roll of one honor, display columns: rank, name, team, branch, group, figure,
        last place (the camp board's), runner-up (a podium's place below the honor's).
        Built once per model and honor (the stage and the podium both read it)."""
        if code not in self._winners:
            self._winners[code] = self._winners_of(code)
        return self._winners[code].copy(deep=False)  # a caller's column set stays its own

    @functools.cached_property
    def _winners(self) -> dict[str, pd.DataFrame]:
        return {}

    def _winners_of(self, code: str) -> pd.DataFrame:
        r = self.roll.loc[self.roll["honor_code"] == code]
        group = pd.Series("", index=r.index, dtype="string")
        if len(r) and r["scope"].iloc[0] == "branch":
            group = self.branch_name(r["group_id"])
        elif len(r) and r["scope"].iloc[0] == "team":
            group = self.team_name(r["group_id"])
        return pd.DataFrame(
            {
                "rank": r["rank"].astype("Int64"),
                "name": self.winner_name(r),
                "team": self.team_name(r["team_id"]),
                "branch": self.branch_name(r["branch_id"]),
                "group": group,
                "figure": r["figure"].astype("float64"),
                "last_place": r["last_place"].astype(bool),
                "runner_up": r["runner_up"].astype(bool),
                "person_id": r["person_id"],
            }
        ).reset_index(drop=True)

    def podium(self, code: str) -> pd.DataFrame:
        """Places 1 to 3 of a ranked honor (its runners-up too): one row per place held, the
        names of a tie joined ("A, B"), place 2 left of 1 and 3 right of it, as a podium
        stands; per group (``group``: the branch or team name of a per-branch honor, else
        empty), groups in the roll's order. A few rows: built in plain Python (a pandas
        group-by cost some 20 ms a podium, every run)."""
        columns = ["group", "place", "names", "figure", "order", "height", "shade"]
        w = self.winners(code)
        w = w.loc[(w["rank"] <= PODIUM_PLACES) & ~w["last_place"]]
        if w.empty:
            return pd.DataFrame(columns=columns)
        sep = self.tr("honors.list_sep")
        steps: dict[str, dict[int, tuple[list[str], float, bool]]] = {}  # group -> place -> names, figure, runner-up
        for group, place, name, figure, runner in zip(
            w["group"].tolist(),
            w["rank"].tolist(),
            w["name"].tolist(),
            w["figure"].tolist(),
            w["runner_up"].tolist(),
            strict=True,
        ):
            names, best, runners = steps.setdefault(group, {}).get(int(place), ([], float("nan"), True))
            best = figure if best != best or (figure == figure and figure > best) else best  # the max, NaN skipped
            steps[group][int(place)] = (
                [*names, "" if name is pd.NA or name is None else str(name)],
                best,
                runners and runner,
            )
        # Every step of every podium drawn: a place nobody holds (2 after a tie at 1: 1, 1, 3)
        # an empty step, so the podium does not look broken. Shade: the honor's places full,
        # a runner-up lighter, an empty step faint.
        rows = []
        for group, held in steps.items():
            for place in sorted(STEP_ORDER, key=STEP_ORDER.__getitem__):  # 2, 1, 3: as a podium stands
                names, figure, runner = held.get(place, ([], float("nan"), False))
                shade = 0.5 if runner else (1.0 if place in held else 0.15)
                rows.append((group, place, sep.join(names), figure, STEP_ORDER[place], STEP_HEIGHT[place], shade))
        out = pd.DataFrame(rows, columns=columns)
        return out.astype({"group": "string", "names": "string", "place": "int64", "figure": "float64"})

    def is_board(self, honor: pd.Series) -> bool:
        """A board (the General camp points): everyone listed, the last place marked."""
        return is_board(honor)

    def has_podium(self, honor: pd.Series) -> bool:
        """A ranked honor (not the camp board) company-wide, or per branch or team when
        there are few enough groups for a podium each."""
        if honor["comparison"] != "top" or is_board(honor):
            return False
        if honor["scope"] == "company":
            return True
        groups = self.roll.loc[self.roll["honor_code"] == honor["code"], "group_id"].nunique()
        return groups <= PODIUM_GROUPS

    # --- closing ------------------------------------------------------------------------------

    def close(self) -> dict | None:
        """The period's close (closed_by, closed_at), None when it is open."""
        c = self.figures.closes
        rows = c.loc[c["period"].astype(str) == self.period]
        return None if rows.empty else rows.iloc[0].to_dict()

    def ended(self, today: dt.date) -> bool:
        return today > period_bounds(self.period)[1]

    @property
    def metrics(self) -> tuple[Metric, ...]:
        winners = self.roll.loc[honored(self.roll, self.figures.rules)]
        people = winners["person_id"].dropna().nunique()
        awarded = winners.drop_duplicates("honor_code")["honor_code"].size
        state = self.tr("honors.state.closed" if self.close() else "honors.state.live")
        return (
            Metric(self.tr("honors.m.period"), self.period, help=state),
            Metric(self.tr("honors.m.honors"), f"{awarded} / {len(self.honors())}"),
            Metric(self.tr("honors.m.winners"), f"{people:,}"),
            Metric(self.tr("honors.m.state"), state),
        )


def honored(roll: pd.DataFrame, rules: Rules) -> pd.Series:
    """The rows of a roll that are an honor won, as the hall, a person's history and the
    page's count of people honored count them: not a board's last place nor a podium's
    runner-up, and of the General camp's weekly board (everyone on it is listed) only its
    first place."""
    h = with_columns(rules["r10_honors"], ("shows_last",))
    flags = pd.to_numeric(h["shows_last"], errors="coerce").fillna(0).astype(bool)
    board = roll["honor_code"].map(dict(zip(h["code"].astype(str), flags, strict=True))).fillna(False).astype(bool)
    first = (roll["rank"] == 1).fillna(False).astype(bool)
    shown_only = roll["last_place"].astype(bool) | roll["runner_up"].astype(bool)
    return (~shown_only & (~board | first)).astype(bool)


def changes(db: sqlite_utils.Database, m: HonorsModel) -> pd.DataFrame:
    """For a closed period: each kept winner beside the live figure now, and the winners the
    live figures would give that the snapshot does not hold (a late or back-dated order).

    :returns: honor, name, kept rank, kept figure, live rank, live figure, rows that differ."""
    if m.close() is None:
        return pd.DataFrame(columns=["honor", "name", "kept_rank", "kept", "live_rank", "live"])
    live = _filtered(memo(period_roll, db, as_of=m.as_of, period=m.period, live=True), m.branch, m.team)
    # Matched by honor and winner (a team's honor: the team), not by the team or branch a
    # person is in now: someone who moved since the close is one row, not two.
    winner = lambda r: r["person_id"].astype("Float64").fillna(-r["team_id"].astype("Float64"))  # noqa: E731
    kept, live = m.roll.assign(_who=winner(m.roll)), live.assign(_who=winner(live))
    both = kept.merge(
        live.drop(columns=["person_id", "team_id", "branch_id", "group_id"]),
        on=["honor_code", "_who"],
        how="outer",
        suffixes=("_kept", "_live"),
    )
    person = (both["_who"] > 0).fillna(False).astype(bool)
    team = (both["_who"] < 0).fillna(False).astype(bool)
    both["person_id"] = both["person_id"].astype("Float64").fillna(both["_who"].where(person)).astype("Int64")
    both["team_id"] = both["team_id"].astype("Float64").fillna((-both["_who"]).where(team)).astype("Int64")
    both = _live_figures(both, m)
    differ = (both["figure_kept"].round(0) != both["figure_live"].round(0)) | (both["rank_kept"] != both["rank_live"])
    both = both.loc[differ.fillna(True).astype(bool)]
    both = both.assign(last_place=False, runner_up=False)
    return pd.DataFrame(
        {
            "honor": both["honor_code"].map(m.label),
            "name": m.winner_name(both),
            "kept_rank": both["rank_kept"].astype("Int64"),
            "kept": both["figure_kept"],
            "live_rank": both["rank_live"].astype("Int64"),
            "live": both["figure_live"],
        }
    ).reset_index(drop=True)


def _live_figures(both: pd.DataFrame, m: HonorsModel) -> pd.DataFrame:
    """A kept winner the live figures no longer put on the roll: their live figure anyway
    (a person's; a team's honor keeps it blank), so that the list says what it is now."""
    missing = both["figure_live"].isna() & both["person_id"].notna()
    if not missing.any():
        return both
    rules = m.figures.rules["r10_honors"].set_index("code")
    out = both.copy()
    for code in out.loc[missing, "honor_code"].unique():
        if code not in rules.index or rules.at[code, "awarded_to"] == "team":
            continue
        now = metric_figures(str(rules.at[code, "metric"]), m.period, m.figures.data, m.figures.rules, m.as_of)
        rows = missing & (out["honor_code"] == code)
        out.loc[rows, "figure_live"] = out.loc[rows, "person_id"].astype("int64").map(now).fillna(0.0).to_numpy()
    return out


def _filtered(roll: pd.DataFrame, branch: int | None, team: int | None) -> pd.DataFrame:
    keep = pd.Series(True, index=roll.index)
    if branch is not None:
        keep &= (roll["branch_id"] == branch).fillna(False).astype(bool)
    if team is not None:
        keep &= (roll["team_id"] == team).fillna(False).astype(bool)
    return roll.loc[keep].reset_index(drop=True)


def load(
    db: sqlite_utils.Database,
    access: Access | None,
    *,
    as_of: dt.date,
    lang: str,
    period: str,
    branch: int | None = None,
    team: int | None = None,
) -> HonorsModel:
    """:raises kam.store.access.AccessDenied: nobody signed in.
    :raises kam.rules.params.RuleInputError: rules the honors cannot use."""
    signed(access, "honors")
    fig = memo(honor_figures, db, as_of=as_of)
    every = memo(period_roll, db, as_of=as_of, period=period)
    won = frozenset(every.loc[honored(every, fig.rules), "honor_code"].astype(str))
    return HonorsModel(as_of, lang, period, fig, _filtered(every, branch, team), branch, team, won)


def history(db: sqlite_utils.Database, m: HonorsModel, person: int, years: int = 3) -> pd.DataFrame:
    """Every honor ``person`` won in the last ``years`` years up to the as-of date (closed
    periods from their snapshots, open ones live), newest first."""
    rolls = [memo(year_roll, db, as_of=m.as_of, year=y) for y in range(m.as_of.year - years + 1, m.as_of.year + 1)]
    r = pd.concat(rolls, ignore_index=True)
    r = r.loc[(r["person_id"] == person).fillna(False).astype(bool) & honored(r, m.figures.rules)]
    rules = m.figures.rules["r10_honors"].set_index("code")
    # Newest first: by the period's last day, the longer period first where they end on the
    # same day (2024, 2024-Q4, 2024-12, its last week), then in honor order.
    r = r.assign(
        _end=r["period"].map(lambda p: period_bounds(p)[1]),
        _kind=r["period"].map(lambda p: KINDS_LONGEST_FIRST.index(period_kind(p))),
        _order=r["honor_code"].map(rules["honor_order"]).fillna(0),
    )
    r = r.sort_values(["_end", "_kind", "_order"], ascending=[False, True, True], kind="stable")
    metric = r["honor_code"].map(rules["metric"])
    closed = m.figures.data.closed
    return pd.DataFrame(
        {
            "period": r["period"].astype("string"),
            "honor": r["honor_code"].map(m.label).astype("string"),
            "rank": r["rank"].astype("Int64"),
            "figure": [
                fmt_yuan(f) if k == "sales" else f"{int(round(f)):,}" for f, k in zip(r["figure"], metric, strict=True)
            ],
            "measure": metric.map(lambda k: m.tr(f"enum.metric.{k}")).astype("string"),  # yuan or a count
            "state": r["period"].map(lambda p: m.tr("honors.state.kept" if p in closed else "honors.state.live")),
        }
    ).reset_index(drop=True)


def hall_periods(m: HonorsModel, year: int) -> tuple[int, int]:
    """How many of ``year``'s periods begun by the as-of date the hall counts, and how many
    of them are closed (read from what their close kept; the others are live)."""
    labels = year_periods(year, m.as_of)
    return len(labels), sum(p in m.figures.data.closed for p in labels)


def hall(db: sqlite_utils.Database, m: HonorsModel, year: int) -> pd.DataFrame:
    """The hall of ``year``, company-wide: per person, the honors won in the year's periods
    (weeks, months, quarters and the year), most first; the year's own honors named."""
    r = memo(year_roll, db, as_of=m.as_of, year=year)
    r = r.loc[r["person_id"].notna() & honored(r, m.figures.rules)]
    if r.empty:
        return pd.DataFrame(columns=["name", "team", "branch", "honors", "year_honors", "months_star"])
    sep = m.tr("honors.list_sep")
    year_codes = set(honor_rows(m.figures.rules, "year")["code"])
    per = r.groupby("person_id")
    out = pd.DataFrame({"honors": per.size()})
    yearly = r.loc[r["honor_code"].isin(year_codes) & (r["period"] == str(year))]
    out["year_honors"] = yearly.groupby("person_id")["honor_code"].agg(lambda s: sep.join(m.label(c) for c in s))
    stars = r.loc[r["honor_code"] == MILLION_STAR].groupby("person_id")["period"].nunique()
    out["months_star"] = stars.reindex(out.index).fillna(0).astype("int64")
    out = out.sort_values(["honors", "months_star"], ascending=False)
    # Each in the team and branch of the year's end (or today, before it ends), as its rolls.
    day = min(dt.date(year, 12, 31), m.as_of)
    people = people_at(m.figures.org.people, m.figures.data.moves, day)
    people = people.set_index(people["id"].astype("int64"))
    ids = pd.Series(out.index, index=out.index)
    return pd.DataFrame(
        {
            "name": m.person_name(ids),
            "team": m.team_name(people["team_id"].reindex(out.index)),
            "branch": m.branch_name(people["branch_id"].reindex(out.index)),
            "honors": out["honors"].astype("int64"),
            "year_honors": out["year_honors"].fillna("").astype("string"),
            "months_star": out["months_star"],
        }
    ).reset_index(drop=True)
