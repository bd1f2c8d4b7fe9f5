"""Each rules table's own invariants, checked on the rows as they would be after a save.

A function per table takes that frame (indexed by primary key) and returns problems;
a save with any problem is refused as a whole. Codes named here are the structural
keys of domain.md (``healthy``, ``A`` ...), never thresholds.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd

from kam.defaults import RULE_RANKS
from kam.i18n import fmt_number
from kam.rules.clearances import MAX_YEAR, MIN_YEAR
from kam.rules.honor_metrics import METRIC_PERIODS
from kam.rules.orders import LOCKED
from kam.rules.periods import parse_periods
from kam.rules.points import SALES
from kam.rules.portraits import FIELD_KINDS, field_fits, portrait_gaps
from kam.specs import MAX_DAYS, MAX_MONTHS
from kam.types import Problem

Check = Callable[[pd.DataFrame], list[Problem]]
Entities = Mapping[str, Collection[int]]  # entity type (branch, team, person) -> ids
EntityCheck = Callable[[pd.DataFrame, Entities], list[Problem]]
_CHECKS: dict[str, list[Check]] = {}
# Checks that need more than the table's rows: the ids of the branches, teams and people
# a row may name, given by the caller of every save (:func:`needs_entities`).
_ENTITY_CHECKS: dict[str, list[EntityCheck]] = {}


class EntitiesNotGiven(LookupError):
    """A table whose invariants check the entities its rows name was checked without them.

    Choice: a caller error, raised, never a silent skip of the check: pass ``entities``
    (:func:`kam.store.people.entity_keys`) or check inside :func:`known_entities`.
    """

    def __init__(self, table: str) -> None:
        super().__init__(f"{table}: the invariants need entities= (entity type -> ids), none given")
        self.table = table


def check_table(table: str, after: pd.DataFrame, *, entities: Entities | None = None) -> list[Problem]:
    """Every problem of ``after`` (the rows as they would be after a save).

    :param entities: for a table of :func:`needs_entities`: entity type -> the ids that
      exist (default: those of an enclosing :func:`known_entities` block).
    :raises EntitiesNotGiven: the table needs entities and none were given.
    """
    problems: list[Problem] = []
    for check in _CHECKS.get(table, []):
        problems.extend(check(after))
    if _ENTITY_CHECKS.get(table):
        known = entities if entities is not None else _ENTITIES.get()
        if known is None:
            raise EntitiesNotGiven(table)
        for entity_check in _ENTITY_CHECKS[table]:
            problems.extend(entity_check(after, known))
    return problems


def has_checks(table: str) -> bool:
    return bool(_CHECKS.get(table) or _ENTITY_CHECKS.get(table))


def needs_entities(table: str) -> bool:
    """Whether :func:`check_table` needs ``entities`` for ``table``."""
    return bool(_ENTITY_CHECKS.get(table))


def _register(table: str) -> Callable[[Check], Check]:
    def deco(fn: Check) -> Check:
        _CHECKS.setdefault(table, []).append(fn)
        return fn

    return deco


def _rising(frame: pd.DataFrame, order: pd.Series, column: str, *, lowest_zero: bool = True) -> list[Problem]:
    """Thresholds must rise strictly with the level order; the lowest level starts at 0."""
    data = frame.assign(_order=order).dropna(subset=["_order", column]).sort_values("_order")
    if data.empty:
        return []
    problems = []
    values = data[column].astype(float)
    for (k1, v1), (k2, v2) in zip(values.items(), list(values.items())[1:], strict=False):
        if not round(v2, 9) > round(v1, 9):
            problems.append(
                Problem(k2, column, "v.order", (("value", f"{k1} {fmt_number(v1)} → {k2} {fmt_number(v2)}"),))
            )
    if lowest_zero and round(values.iloc[0], 9) != 0:
        problems.append(Problem(values.index[0], column, "v.lowest_zero"))
    return problems


def _by_codes(frame: pd.DataFrame, codes_low_to_high: list[str]) -> pd.Series:
    rank = {c: i for i, c in enumerate(codes_low_to_high)}
    return frame.index.to_series().map(rank)


@_register("r1_price_levels")
def _price_levels(f: pd.DataFrame) -> list[Problem]:
    return _rising(f, f["level_order"], "min_unit_price")


@_register("r1_quantity_levels")
def _quantity_levels(f: pd.DataFrame) -> list[Problem]:
    return _rising(f, f["level_order"], "min_orders")


@_register("r2_tiers")
def _tiers(f: pd.DataFrame) -> list[Problem]:
    return _rising(f, f["tier_order"], "min_customer_revenue") + _rising(f, f["tier_order"], "min_cooperation")


@_register("r4_priorities")
def _priorities(f: pd.DataFrame) -> list[Problem]:
    return _rising(f, _by_codes(f, ["D", "C", "B", "A"]), "min_score")


@_register("r5_health_bands")
def _health(f: pd.DataFrame) -> list[Problem]:
    return _rising(f, _by_codes(f, ["unhealthy", "building", "healthy"]), "min_share")


@_register("r7_grades")
def _grades(f: pd.DataFrame) -> list[Problem]:
    return _rising(f, _by_codes(f, ["D", "C", "B", "A"]), "min_amount")


@_register("r9_star_thresholds")
def _stars(f: pd.DataFrame) -> list[Problem]:
    problems = []
    for _indicator, part in f.groupby("indicator"):
        if sorted(part["stars"].astype(int)) != [1, 2, 3, 4, 5]:
            problems.append(Problem(part.index[0], "stars", "v.stars_complete"))
        problems.extend(_rising(part, part["stars"], "min_value"))
    return problems


@_register("r9_star_salary")
def _salary(f: pd.DataFrame) -> list[Problem]:
    problems = _rising(f, f["stars"], "base_salary", lowest_zero=False)
    over = f[f["base_salary"].astype(float) > f["salary_cap"].astype(float)]
    for key in over.index:
        problems.append(Problem(key, "base_salary", "v.above_max", (("max", f"{over.at[key, 'salary_cap']:,}"),)))
    return problems


@_register("r13_service_levels")
def _service_levels(f: pd.DataFrame) -> list[Problem]:
    # Choice: minimums are compared only between levels over the same window (the
    # chairman's 24 months against 12-month levels would compare unlike sums); a higher
    # level over the same window must ask for more.
    return [
        p
        for _window, part in f.groupby("window_months")
        for p in _rising(part, part["level_order"], "min_cooperation", lowest_zero=False)
    ]


@_register("r4_dimensions")
def _dimension_inputs(f: pd.DataFrame) -> list[Problem]:
    """What the points of R4 need (kam.rules.points): every dimension a cap amount or a
    rating factor, the sales dimension its window."""
    problems = []
    for key, row in f.iterrows():  # four rows
        cap, factor = row.get("cap_amount"), row.get("rating_factor")
        if (pd.isna(cap) or float(cap) <= 0) and pd.isna(factor):
            problems.append(Problem(key, "cap_amount", "v.dim_scale"))
        if key == SALES and pd.isna(row.get("window_months")):
            problems.append(Problem(key, "window_months", "v.dim_window"))
    return problems


@_register("r3_criteria")
def _criteria_thresholds(f: pd.DataFrame) -> list[Problem]:
    # A yes/no flag needs no threshold; "at least" and "rating" compare against one.
    needs = f["test"].isin(["at_least", "rating"]) & f["threshold"].isna()
    return [Problem(k, "threshold", "v.threshold_needed") for k in f.index[needs]]


@_register("r3_criteria")
def _criteria_fields(f: pd.DataFrame) -> list[Problem]:
    # A criterion tests a customer field of its kind: a number "at least", a yes/no flag, a
    # 0-5 rating (kam.rules.portraits.FIELD_KINDS); the field's dropdown lists only customer
    # fields, this check the kind.
    problems = [
        Problem(k, "test", "v.criterion_kind")
        for k, row in f.iterrows()
        if row.get("field") in FIELD_KINDS and not field_fits(row["field"], row.get("test"))
    ]
    # A 0-5 rating's minimum above 5 could never be met, below 0 always is.
    bar = pd.to_numeric(f["threshold"], errors="coerce")
    bad = (f["test"] == "rating") & bar.notna() & ((bar < 0) | (bar > 5))
    return problems + [Problem(k, "threshold", "v.rating_range") for k in f.index[bad]]


# Choice: r7_milestones' due days are not checked for order: each is its own deadline
# counted from the lock date (a branch may want the proposal before the study visit).


@_register("r7_stages")
def _lock_reviewer(f: pd.DataFrame) -> list[Problem]:
    if LOCKED in f.index and "reviewer_rank" in f and pd.isna(f.at[LOCKED, "reviewer_rank"]):
        return [Problem(LOCKED, "reviewer_rank", "v.reviewer_needed")]
    return []


@_register("ranks")
def _rank_orders(f: pd.DataFrame) -> list[Problem]:
    # The ranks the rules name keep a place in the order; others (HR) may have none.
    missing = [code for code in RULE_RANKS if code in f.index and pd.isna(f.at[code, "rank_order"])]
    return [Problem(code, "rank_order", "v.rank_order_needed") for code in missing]


@_register("r4_dimensions")
def _weights(f: pd.DataFrame) -> list[Problem]:
    total = round(float(f["weight"].astype(float).sum()), 9)
    if total != 1:
        key = f.index[0] if len(f) else None
        return [Problem(key, "weight", "v.weights_sum", (("value", f"{total:g}"),))]
    return []


@_register("r1_value_map")
def _value_map(f: pd.DataFrame) -> list[Problem]:
    # Choice: the map must hold every (price level, quantity level) pair exactly once;
    # levels are the codes of the two level tables as shipped (high/medium/low x large/medium/small).
    pairs = list(zip(f["price_level"], f["quantity_level"], strict=True))
    wanted = {(p, q) for p in ("high", "medium", "low") for q in ("large", "medium", "small")}
    missing = sorted(wanted - set(pairs))
    dup = sorted({p for p in pairs if pairs.count(p) > 1})
    problems = []
    if missing:
        problems.append(
            Problem(None, "value_class", "v.map_incomplete", (("value", ", ".join(f"{p}/{q}" for p, q in missing)),))
        )
    if dup:
        problems.append(
            Problem(None, "value_class", "v.map_duplicate", (("value", ", ".join(f"{p}/{q}" for p, q in dup)),))
        )
    return problems


# A window or deadline parameter spans at most what a grid column of its kind may (kam.specs).
_PARAM_MAX = {"months": MAX_MONTHS, "days": MAX_DAYS}
# Parameters that are a calendar year, by code: (first, last) year accepted.
_YEARS = {"r9_records_began_year": (MIN_YEAR, MAX_YEAR)}


@_register("rule_params")
def _params(f: pd.DataFrame) -> list[Problem]:
    problems = []
    for key, row in f.iterrows():  # a few dozen rows
        value = row["value"]
        if value is None or pd.isna(value):
            continue
        if row["kind"] == "rate" and not 0 <= float(value) <= 1:
            problems.append(Problem(key, "value", "v.rate_range", (("value", value),)))
        elif row["kind"] in ("count", "days", "months", "money") and float(value) != int(float(value)):
            problems.append(Problem(key, "value", "v.not_integer", (("value", value),)))
        elif row["kind"] in _PARAM_MAX and float(value) > _PARAM_MAX[row["kind"]]:
            problems.append(Problem(key, "value", "v.above_max", (("max", f"{_PARAM_MAX[row['kind']]:,}"),)))
        elif row["code"] in _YEARS and not _YEARS[row["code"]][0] <= float(value) <= _YEARS[row["code"]][1]:
            low, high = _YEARS[row["code"]]
            reason, bound = ("v.below_min", ("min", low)) if float(value) < low else ("v.above_max", ("max", high))
            problems.append(Problem(key, "value", reason, (bound,)))
    return problems


@_register("r9_clearances")
def _clearances(f: pd.DataFrame) -> list[Problem]:
    bad = f[f["window_start_day"].astype(float) > f["due_day"].astype(float)]
    return [Problem(k, "window_start_day", "v.above_max", (("max", int(bad.at[k, "due_day"])),)) for k in bad.index]


@_register("r14_commission_bands")
def _bands(f: pd.DataFrame) -> list[Problem]:
    if len(f) and 0 not in set(f["from_amount"].dropna().astype(int)):
        return [Problem(f.index[0], "from_amount", "v.lowest_zero")]
    return []


@_register("r10_honors")
def _honors(f: pd.DataFrame) -> list[Problem]:
    """An honor's metric is defined for its period (kam.rules.honor_metrics.METRIC_PERIODS); the
    places of a ranked honor are a whole number of at least 1; a team-awarded honor ranks
    teams company-wide or within a branch, not within a team."""
    problems = []
    for key, row in f.iterrows():
        allowed = METRIC_PERIODS.get(str(row.get("metric")), ())
        if row.get("period") not in allowed:
            problems.append(Problem(key, "period", "v.honor_period", (("value", ", ".join(allowed)),)))
        places = pd.to_numeric(row.get("threshold"), errors="coerce")
        if row.get("comparison") == "top" and pd.notna(places) and (places < 1 or places != int(places)):
            problems.append(Problem(key, "threshold", "v.honor_places"))
        if row.get("awarded_to") == "team" and row.get("scope") == "team":
            problems.append(Problem(key, "scope", "v.honor_team_scope"))
    return problems


@_register("r3_portraits")
def _one_active(f: pd.DataFrame) -> list[Problem]:
    active = f[f["active"].fillna(0).astype(int) == 1]
    if len(f) and len(active) != 1:
        return [Problem(None, "active", "v.one_active", (("value", len(active)),))]
    return []


@_register("users")
def _accounts(f: pd.DataFrame) -> list[Problem]:
    """At least one active admin remains (nobody could manage accounts else); a manager's
    or a salesperson's account belongs to a person (their scope is that person's part of
    the reporting tree)."""
    problems = []
    active = f["active"].fillna(0).astype(int) == 1
    if len(f) and not (active & (f["role"] == "admin")).any():
        problems.append(Problem(None, None, "v.last_admin"))  # the whole table: no one cell is wrong
    needs = f["role"].isin(("manager", "sales")) & f["person_id"].isna()
    problems += [Problem(k, "person_id", "users.person_needed") for k in f.index[needs]]
    return problems


# What account_settings may hold: whole counts of at least these (a 0 would lock everyone
# out at once, or let a one-letter password through).
_ACCOUNT_FLOORS = {"max_failed_attempts": 1, "lockout_minutes": 1, "idle_minutes": 5, "min_password_length": 8}


@_register("account_settings")
def _account_settings(f: pd.DataFrame) -> list[Problem]:
    problems = []
    for code, floor in _ACCOUNT_FLOORS.items():
        if code not in f.index:
            continue
        value = float(f.at[code, "value"])
        if value < floor:
            problems.append(Problem(code, "value", "v.below_min", (("min", floor),)))
        elif not value.is_integer():
            problems.append(Problem(code, "value", "v.not_integer", (("value", fmt_number(value)),)))
    return problems


# Ids of the branches, teams and people a target may name, for the checks under way when
# the caller does not pass them to check_table (the targets import previews its lines in
# such a block). Nothing set and nothing passed: EntitiesNotGiven, never a skipped check.
_ENTITIES: ContextVar[Entities | None] = ContextVar("kam_target_entities", default=None)


@contextmanager
def known_entities(keys: Entities) -> Iterator[None]:
    """Check targets' entities against ``keys`` (entity type -> ids) inside this block."""
    token = _ENTITIES.set(keys)
    try:
        yield
    finally:
        _ENTITIES.reset(token)


def _entity_check(table: str) -> Callable[[EntityCheck], EntityCheck]:
    def deco(fn: EntityCheck) -> EntityCheck:
        _ENTITY_CHECKS.setdefault(table, []).append(fn)
        return fn

    return deco


def _ids(values: pd.Series) -> pd.Series:
    """Entity ids exactly, as Python ints (None where there is none): through a float64,
    an id past 2^53 would change and one past 2^63 would not convert back."""

    def one(v: object) -> int | None:
        if isinstance(v, numbers.Integral) and not isinstance(v, bool):
            return int(v)
        if isinstance(v, float) and math.isfinite(v) and v.is_integer():
            return int(v)
        return None

    return values.map(one).astype(object)


@_entity_check("targets")
def _targets(f: pd.DataFrame, known: Entities) -> list[Problem]:
    """R6: the entity exists for its type, the company has no id, periods are 2026 /
    2026-Q1 / 2026-03, and one target per entity and period."""
    if f.empty:
        return []
    problems = []
    kind = f["entity_type"].astype("string")
    ids = _ids(f["entity_id"])
    has_id = ids.notna()
    company = (kind == "company").fillna(False)
    for key in f.index[company & has_id]:
        problems.append(Problem(key, "entity_id", "v.company_no_id"))
    for key in f.index[~company & kind.notna() & ~has_id]:
        problems.append(Problem(key, "entity_id", "v.entity_needs_id"))
    for entity_type in ("branch", "team", "person"):
        mine = (kind == entity_type).fillna(False) & has_id
        unknown = mine & ~ids.isin(list(known.get(entity_type, ())))
        problems.extend(
            Problem(k, "entity_id", f"v.no_{entity_type}", (("value", fmt_number(ids[k])),)) for k in f.index[unknown]
        )
    period = f["period"].astype("string")
    bad = parse_periods(period)["kind"].isna() & period.notna()
    problems.extend(Problem(k, "period", "v.period", (("value", period[k]),)) for k in f.index[bad])
    who = (
        kind.fillna("")
        + ":"
        + ids.map(lambda v: "" if v is None else str(v)).astype("string")
        + ":"
        + period.fillna("")
    )
    dup = who.duplicated(keep=False) & period.notna() & ~bad
    problems.extend(Problem(k, "period", "v.target_duplicate", (("value", period[k]),)) for k in f.index[dup])
    return problems


# --- the reporting tree: people's manager_id and teams' leader_id agree ------------------

ORG_TABLES = ("people", "teams")


def org_problems(people: pd.DataFrame, teams: pd.DataFrame) -> list[tuple[str, Problem]]:
    """Where the reporting tree (``people.manager_id``) and the teams' leaders disagree:

    - a person who is, through their managers, their own manager (``people.manager_id``);
    - a team member, other than its leader, who does not report to the leader directly or
      through others (``people.manager_id``, the member's row), which is also the rule a
      manager's scope follows (kam/store/access.py);
    - a team leader who is not in the team's branch (``teams.leader_id``), when the leader
      has a branch;
    - a person in a team of another branch than their own (``people.team_id``): a move to
      another branch's team moves the branch too (the honors place people by both);
    - a person recorded as their own recruiter (``people.recruited_by``).

    :param people: id, manager_id, team_id, branch_id (recruited_by when known); ``teams``:
      id, branch_id, leader_id.
      A row not saved yet (no id) is named by its key in the frame (a new row's).
    :returns: (the table of the row, the problem) pairs.
    """
    ids = _keys(people)
    boss = dict(zip(ids, pd.to_numeric(people["manager_id"], errors="coerce"), strict=True))
    problems: list[tuple[str, Problem]] = []

    def chain(person: int) -> tuple[set[int], bool]:
        """The person's managers up the tree, and whether the walk met the person again."""
        seen: set[int] = set()
        at = boss.get(person)
        while at is not None and not pd.isna(at):
            at = int(at)
            if at == person:
                return seen, True
            if at in seen:
                return seen, False  # a cycle above, not through this person
            seen.add(at)
            at = boss.get(at)
        return seen, False

    above = {}
    for person in ids.dropna().astype(int):
        above[person], cycle = chain(person)
        if cycle:
            problems.append(("people", Problem(person, "manager_id", "v.org_cycle")))
    branch = dict(zip(ids, pd.to_numeric(people["branch_id"], errors="coerce"), strict=True))
    team_ids = pd.to_numeric(people["team_id"], errors="coerce")
    for team, leader, team_branch in zip(
        _keys(teams),
        pd.to_numeric(teams["leader_id"], errors="coerce"),
        pd.to_numeric(teams["branch_id"], errors="coerce"),
        strict=True,
    ):
        if pd.isna(leader):
            continue
        leader = int(leader)
        own = branch.get(leader)
        if own is not None and not pd.isna(own) and not pd.isna(team_branch) and own != team_branch:
            problems.append(("teams", Problem(int(team), "leader_id", "v.org_leader_branch")))
        for member in ids[(team_ids == team).to_numpy()].astype(int):
            if member != leader and leader not in above.get(member, set()):
                problems.append(("people", Problem(int(member), "manager_id", "v.org_not_under_leader")))
    team_branch_of = dict(zip(_keys(teams), pd.to_numeric(teams["branch_id"], errors="coerce"), strict=True))
    for person, team in zip(ids, team_ids, strict=True):
        own, of_team = branch.get(person), team_branch_of.get(team)
        if pd.isna(team) or own is None or of_team is None or pd.isna(own) or pd.isna(of_team) or own == of_team:
            continue
        problems.append(("people", Problem(int(person), "team_id", "v.org_team_branch")))
    if "recruited_by" in people:
        recruiter = pd.to_numeric(people["recruited_by"], errors="coerce")
        for person in ids[(recruiter == ids).to_numpy()].astype(int):
            problems.append(("people", Problem(int(person), "recruited_by", "v.org_self_recruited")))
    return problems


def _keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's id, or its key in the frame for a row not saved yet."""
    ids = pd.to_numeric(frame["id"], errors="coerce")
    return ids.where(ids.notna(), pd.Series(frame.index, index=frame.index)).astype("int64")


# --- the active portrait can be scored: every force a criterion (issue 16) -----------------

PORTRAIT_TABLES = ("r3_portraits", "r3_forces", "r3_criteria")


def portrait_problems(
    portraits: pd.DataFrame, forces: pd.DataFrame, criteria: pd.DataFrame
) -> list[tuple[str, Problem]]:
    """What keeps the active portrait from being scored: a force without a criterion
    (``r3_forces``, the force's row) or no criterion at all, a total weight of 0
    (``r3_portraits``, its row). Choice: only the active portrait must be complete; another
    is a draft or history, shown as incomplete until it is made active (a new force is saved
    before its first criterion can name it)."""
    active = portraits.loc[pd.to_numeric(portraits["active"], errors="coerce").fillna(0).astype(int) == 1]
    out: list[tuple[str, Problem]] = []
    for pid in _keys(active):
        empty, weightless = portrait_gaps(forces.assign(id=_keys(forces)), criteria, int(pid))
        if weightless:
            out.append(("r3_portraits", Problem(int(pid), "active", "v.portrait_no_weight")))
        else:
            out += [("r3_forces", Problem(f, "portrait_id", "v.force_no_criteria")) for f in empty]
    return out
