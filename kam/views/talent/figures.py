"""Every person's R9 figures at one as-of date, computed once for everyone (the unscoped
stage each user's model is cut from): clearances, the cadre standard, the command
structure, stars and base salary, the elimination warning, the camps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.closing import rated_stars
from kam.rules.cadre import assessment_passed, cadre_eligibility
from kam.rules.clearances import clearance_evidence, clearance_status
from kam.rules.command import active_people, command_structure, sales_people
from kam.rules.params import Rules
from kam.rules.stars import elimination_warnings, meetings_after
from kam.store.people import Org, read_meetings, read_org
from kam.store.talent import (
    read_assessments,
    read_closed,
    read_enrolments,
    read_people_customers,
    read_results,
    read_snapshots,
)
from kam.views import ORG, RULES, reads
from kam.views.memo import memo
from kam.views.orders import people_orders, won_people_orders
from kam.views.ruleset import current_rules

_READS = (
    *ORG,
    "orders",
    "customers",
    "meetings",
    "clearance_results",
    "camp_enrolments",
    "hr_assessments",
    "star_snapshots",
    "closed_periods",
    *RULES,
)


@dataclass(frozen=True)
class Figures:
    """R9 at ``as_of`` for every person (frames by person id unless said otherwise)."""

    as_of: dt.date
    rules: Rules
    org: Org
    active: pd.Series  # bool by person id: on the team at as_of
    sales: pd.Series  # bool by person id: in a sales rank (kam.rules.command.sales_people)
    clearances: pd.DataFrame  # one row per (person, clearance): kam.rules.clearances
    cadre: pd.DataFrame  # kam.rules.cadre.cadre_eligibility
    command: pd.DataFrame  # kam.rules.command.command_structure, by person_id
    stars: pd.DataFrame  # star_ratings + base_salary
    warnings: pd.DataFrame  # elimination_warnings
    enrolments: pd.DataFrame
    assessments: pd.DataFrame  # with ``assessment_passed``
    snapshots: pd.DataFrame
    closed: pd.DataFrame


@reads("meetings")
def _meetings(db: sqlite_utils.Database, *, after: str) -> pd.DataFrame:
    """The meetings of the star's process window, a stage of its own (as the orders): a save
    to another table computes the figures again without reading the meetings again."""
    return read_meetings(db, after)


# What the orders say (the clearances' counts, the cadre standard) reads no result, warning
# or assessment: kept apart, so a result saved is judged without counting every order again
# (2.4 s of a talent rerun after a save at 380,000 orders, issue 17).
@reads("orders", *ORG, *RULES)
def _evidence(db: sqlite_utils.Database, *, as_of: dt.date) -> pd.DataFrame:
    return clearance_evidence(read_org(db).people, people_orders(db), current_rules(db), as_of)


@reads("orders", "customers", *ORG, *RULES)
def _cadre(db: sqlite_utils.Database, *, as_of: dt.date) -> pd.DataFrame:
    people = read_org(db).people
    return cadre_eligibility(people, read_people_customers(db), people_orders(db), current_rules(db), as_of)


# The standing of each person (on the team, in a sales rank, the command structure) reads the
# people and the rules, the warnings the kept stars and the closes, the assessments their
# own table: kept apart from the clearances and the stars, so a result saved (the page's
# most frequent save) does not compute them again (issue 17).
@reads(*ORG, *RULES)
def _standing(db: sqlite_utils.Database, *, as_of: dt.date) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    rules = current_rules(db)
    people = read_org(db).people
    index = people["id"].astype("int64").to_numpy()
    active = pd.Series(active_people(people, as_of).to_numpy(), index=index)
    sales = pd.Series(sales_people(people, rules).to_numpy(), index=index)
    return active, sales, command_structure(people, rules, as_of).set_index("person_id")


@reads("star_snapshots", "closed_periods", *RULES)
def _kept_stars(db: sqlite_utils.Database) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    snapshots = read_snapshots(db)
    closed = read_closed(db)
    return snapshots, closed, elimination_warnings(snapshots, closed["period"], current_rules(db))


@reads("hr_assessments", *RULES)
def _assessed(db: sqlite_utils.Database) -> pd.DataFrame:
    assessments = read_assessments(db)
    return assessments.assign(assessment_passed=assessment_passed(assessments, current_rules(db)))


# The clearances and the stars read the results, the orders and the meetings: a stage of
# their own, so that a camp enrolment, an assessment or a close saved does not judge every
# clearance and star again (some 0.1 s of a talent save at 10,000 customers, issue 17).
@reads("orders", "meetings", "clearance_results", *ORG, *RULES)
def _judged(db: sqlite_utils.Database, *, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    rules = current_rules(db)
    people = read_org(db).people
    results = read_results(db)
    meetings = memo(_meetings, db, after=meetings_after(rules, as_of))
    clearances = clearance_status(people, people_orders(db), results, rules, as_of, memo(_evidence, db, as_of=as_of))
    # The clearances given, the stars read of the orders only the won ones (won_orders is
    # idempotent): the shared prepared ones, patched after a save, not prepared again.
    stars = rated_stars(people, won_people_orders(db), meetings, results, rules, as_of, clearances)
    return clearances, stars


@reads(*_READS)
def talent_figures(db: sqlite_utils.Database, *, as_of: dt.date) -> Figures:
    """:raises kam.rules.params.RuleInputError: rules the figures cannot use."""
    rules = current_rules(db)
    org = read_org(db)
    clearances, stars = memo(_judged, db, as_of=as_of)
    active, sales, command = memo(_standing, db, as_of=as_of)
    snapshots, closed, warnings = memo(_kept_stars, db)
    return Figures(
        as_of=as_of,
        rules=rules,
        org=org,
        active=active,
        sales=sales,
        clearances=clearances,
        cadre=memo(_cadre, db, as_of=as_of),
        command=command,
        stars=stars,
        warnings=warnings,
        enrolments=read_enrolments(db),
        assessments=memo(_assessed, db),
        snapshots=snapshots,
        closed=closed,
    )
