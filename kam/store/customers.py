"""Reads for the customer pages: the customers table, the inputs of the customer rules
(:func:`kam.rules.scoring.score_customers`) and the organisation the filters choose from.

All SQL of these pages lives here; the rules and the pages never see a query.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.store import WON_STAGE, Org, loaded_frame, org, query, read_frame, won_orders  # noqa: F401 (re-exported)
from kam.types import TableSpec


@dataclass(frozen=True)
class ScoringInputs:
    """The frames :func:`kam.rules.scoring.score_customers` reads, as SQLite holds them
    (dates as ISO text, money in whole yuan)."""

    customers: pd.DataFrame
    orders: pd.DataFrame
    people: pd.DataFrame
    meetings: pd.DataFrame
    clearance_results: pd.DataFrame


def customers(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """Every customer, indexed by id (the id stays a column), as the grid editor loads it
    (pages read it through the cached ``kam.ui.common.load_table``)."""
    return loaded_frame(db, spec)


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
        meetings=query(
            db,
            "SELECT id, person_id, meeting_date, activity_type FROM meetings WHERE meeting_date > ? ORDER BY id",
            [meetings_after or ""],
        ),
        clearance_results=read_frame(
            db, "clearance_results", ["id", "person_id", "clearance_code", "result_date", "passed"]
        ),
    )
