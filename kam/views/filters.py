"""The filter bar's choices and the as-of default, the same on every page.

Order and meaning everywhere: branch, team, owner (customers by their current owner's
branch, team or person: :mod:`kam.views.scope`), then the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd
import sqlite_utils

from kam.store.access import Access
from kam.store.customers import owner_ids
from kam.store.orders import last_order_date
from kam.store.people import Org, read_org
from kam.store.targets import target_years
from kam.views import reads, signed
from kam.views.memo import memo
from kam.views.scope import owner_options, team_options


@dataclass(frozen=True)
class FilterOptions:
    org: Org
    owners: pd.DataFrame  # one ``owner_id`` column: people who own a customer
    last_order_date: dt.date | None
    target_years: tuple[int, ...] = ()  # years that have targets, newest first
    # The owner choices by (branch, team), worked out once per options (kept across runs, and
    # each page run draws them: 20 ms at 10,000 customers); never copied by replace().
    _owners: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def branches(self) -> dict[int, str]:
        b = self.org.branches
        return {int(i): str(n) for i, n in zip(b["id"], b["name"], strict=True)}

    def teams(self, branch_id: int | None) -> dict[int, str]:
        return team_options(self.org.teams, branch_id)

    def owners_of(self, branch_id: int | None, team_id: int | None) -> dict[int, str]:
        """People in the branch / team who own a customer or have not left, by name."""
        key = (branch_id, team_id)
        if key not in self._owners:
            self._owners[key] = owner_options(self.org.people, self.org.teams, self.owners, branch_id, team_id)
        return dict(self._owners[key])

    def default_as_of(self, today: dt.date) -> dt.date:
        """Today, or the last day with orders when the data stops earlier (a demo or an old
        copy), so that figures are not measured against days nobody has recorded yet."""
        last = self.last_order_date
        return min(today, last) if last else today

    def stops_early(self, today: dt.date) -> bool:
        """Whether :meth:`default_as_of` is earlier than today (the page says so)."""
        return self.default_as_of(today) < today


@reads("branches", "teams", "people", "customers", "orders", "targets", "r7_stages")  # r7_stages: last_order_date
def _everything(db: sqlite_utils.Database) -> FilterOptions:
    return FilterOptions(read_org(db), owner_ids(db), last_order_date(db), tuple(target_years(db)))


def load(db: sqlite_utils.Database, access: Access | None) -> FilterOptions:
    """The choices ``access`` may pick from: the branches, teams and people of their scope.

    :raises kam.store.access.AccessDenied: nobody signed in.
    """
    access = signed(access)
    every = memo(_everything, db)
    if access.unrestricted:
        return every
    org = every.org
    people = access.visible("people", org.people) if access.reads("people") else org.people.iloc[:0]
    mine = set(people["id"].tolist())
    return replace(
        every,
        org=Org(
            branches=access.visible("branches", org.branches) if access.reads("branches") else org.branches.iloc[:0],
            teams=access.visible("teams", org.teams) if access.reads("teams") else org.teams.iloc[:0],
            people=people,
        ),
        owners=every.owners[every.owners["owner_id"].isin(mine)],
    )
