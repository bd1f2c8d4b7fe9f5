"""Reads for the customer pages: the customers table, the inputs of the customer rules
(:func:`kam.rules.scoring.score_customers`) and the organisation the filters choose from.

All SQL of these pages lives here; the rules and the pages never see a query.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.store import loaded_frame, read_frame
from kam.types import TableSpec

WON_STAGE = "won"  # r7_stages code of a won order: the only orders the customer rules read


@dataclass(frozen=True)
class ScoringInputs:
    """The frames :func:`kam.rules.scoring.score_customers` reads, as SQLite holds them
    (dates as ISO text, money in whole yuan)."""

    customers: pd.DataFrame
    orders: pd.DataFrame
    people: pd.DataFrame
    meetings: pd.DataFrame
    clearance_results: pd.DataFrame


@dataclass(frozen=True)
class Org:
    """Branches, teams and people (id, name, rank, branch_id, team_id, join and left date)."""

    branches: pd.DataFrame
    teams: pd.DataFrame
    people: pd.DataFrame


def _query(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> pd.DataFrame:
    cur = db.execute(sql, params)
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])


def customers(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """Every customer, indexed by id (the id stays a column), as the grid editor loads it
    (pages read it through the cached ``kam.ui.common.load_table``)."""
    return loaded_frame(db, spec)


def won_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """The won orders: id, customer_id, owner_id, stage, amount, close_date."""
    return _query(
        db,
        "SELECT id, customer_id, owner_id, stage, amount, close_date FROM orders WHERE stage = ? ORDER BY id",
        [WON_STAGE],
    )


def org(db: sqlite_utils.Database) -> Org:
    return Org(
        branches=read_frame(db, "branches", ["id", "name"]),
        teams=read_frame(db, "teams", ["id", "name", "branch_id"]),
        people=read_frame(db, "people", ["id", "name", "rank", "branch_id", "team_id", "join_date", "left_date"]),
    )


def scoring_inputs(
    db: sqlite_utils.Database, customer_frame: pd.DataFrame, people: pd.DataFrame, meetings_after: str | None = None
) -> ScoringInputs:
    """The inputs of the customer rules.

    :param customer_frame: the customers as :func:`customers` loaded them (read once per run).
    :param people: ``Org.people`` (read once per run).
    :param meetings_after: only meetings after this ISO date (the star's process window
      starts there; older meetings count for nothing), default all.
    """
    return ScoringInputs(
        customers=customer_frame.reset_index(drop=True),  # a copy: the cached frame stays as it is
        orders=won_orders(db),
        people=people,
        meetings=_query(db, "SELECT id, person_id, meeting_date, activity_type FROM meetings "
                            "WHERE meeting_date > ? ORDER BY id", [meetings_after or ""]),
        clearance_results=read_frame(db, "clearance_results", ["id", "person_id", "clearance_code", "result_date",
                                                               "passed"]),
    )
