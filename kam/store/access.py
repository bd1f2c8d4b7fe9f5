"""Who may read and write which rows (issue 12's role table), checked in ``kam/``, deny by
default: a role with no rule for a table can neither read nor write it.

- :data:`POLICY`: per role and table, the read scope and the write scope, each ``ALL``
  (every row), ``OWN`` (the rows of the user's part of the organisation) or ``BELOW`` (the
  rows of the people under the user, not the user's own); a table a role does not name is
  closed to it. Every role reads the rules tables; only an admin writes them.
- :class:`Access`: one signed-in user's scope, computed from the reporting tree at the
  start of a page run (:func:`access_for`); :meth:`Access.mask` says which rows of a frame
  of a table the user may read, :meth:`Access.writable` which rows as they would be the
  user may write. Views compute figures on every row they need and mask what they return;
  the one save path (:func:`kam.edit.save_change_set`) refuses a change set that touches
  a row outside the write scope, as it is and as it would be.

Scope of a user with a person (``users.person_id``):

- the people: the person and everyone under them in the reporting tree (``manager_id``);
- the customers: those the people own; for a manager also the unowned customers of the
  manager's own branch (the manager assigns them);
- the orders: those the people own or that are on those customers;
- meetings, clearances, camp enrolments, assessments: those of the people;
- targets: a person's of the people, a team's whose leader is one of them, a branch's
  whose head (its person with no manager in the branch) is one of them;
- teams and branches: those the people belong to, lead or head; branches also those of
  the customers in scope.

Choices (what a KAM manager expects): a manager changes the people records and targets of
those *under* them, not their own (a target is set by the level above); the audit of a
row is read by whoever reads the row now (a deleted row by its values as deleted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlite_utils

from kam.store.frames import query, read_frame
from kam.store.rules import RULES_TABLES
from kam.store.users import Account
from kam.types import RowKey, TableSpec

ALL, OWN, BELOW = "all", "own", "below"
ADMIN, MANAGER, HR, SALES = "admin", "manager", "hr", "sales"

Rule = tuple[str | None, str | None]  # (read scope, write scope); None: not at all

_ORDER_ROWS = ("orders", "order_key_messages", "order_milestones", "stuck_analyses")
_CUSTOMER_ROWS = ("customers", "customer_contacts", "customer_competitors", "competitor_prices")
# The rows of a customer's maps (R3): placed by their customer.
_MAP_ROWS = _CUSTOMER_ROWS[1:]
_TALENT = ("camp_enrolments", "clearance_results", "hr_assessments", "star_snapshots", "camp_points")
# Read-only for the people it is about: their camps, clearances, the stars kept when a
# quarter closed, their General camp points and their own assessment (never another's).
_THEIR_TALENT = {t: (OWN, None) for t in _TALENT}

POLICY: dict[str, dict[str, Rule]] = {
    # admin: every table, rules settings and users included (see Access.rule).
    ADMIN: {},
    MANAGER: {
        **{t: (OWN, OWN) for t in (*_CUSTOMER_ROWS, *_ORDER_ROWS, "meetings")},
        "people": (OWN, BELOW),
        "targets": (OWN, BELOW),
        "teams": (OWN, None),
        "branches": (OWN, None),
        # The competitors met anywhere (one list, so that a competitor is one row however
        # many customers it is met at; issue 16) and their branch's focus industries.
        "competitors": (ALL, ALL),
        "branch_focus_industries": (OWN, OWN),
        # The talent pipeline's records of their people (issue 14: "a manager sees their
        # subtree"); HR's assessments and decisions are HR's (a manager sees who meets the
        # cadre standard, not HR's scores of their people).
        **{t: rule for t, rule in _THEIR_TALENT.items() if t != "hr_assessments"},
        "closed_periods": (ALL, None),
        "honors": (ALL, None),
        "commission_snapshots": (OWN, None),
    },
    HR: {
        "people": (ALL, ALL),
        **{t: (ALL, ALL) for t in _TALENT if t != "star_snapshots"},
        # The stars kept at a close are written by closing the quarter (kam.closing), never
        # typed: HR closes and reopens, and reads the kept stars.
        "star_snapshots": (ALL, None),
        # Closed periods are written only by closing and reopening (kam.closing: a close
        # keeps the stars in the same transaction), never as rows: see PERIOD_CLOSERS.
        "closed_periods": (ALL, None),
        "teams": (ALL, None),
        "branches": (ALL, None),
        "targets": (ALL, None),  # sales figures, read-only
        "honors": (ALL, None),
        "commission_snapshots": (ALL, None),  # payroll's figures: HR reads, a close writes
    },
    SALES: {
        **{t: (OWN, OWN) for t in (*_CUSTOMER_ROWS, *_ORDER_ROWS, "meetings")},
        "people": (OWN, None),
        "targets": (OWN, None),
        "teams": (OWN, None),
        "branches": (OWN, None),
        "competitors": (ALL, ALL),  # a new competitor met at their customer is theirs to add
        "branch_focus_industries": (OWN, None),
        # Their own clearances, camps and stars (issue 14: "a salesperson sees their own
        # clearances and stars").
        **_THEIR_TALENT,
        "closed_periods": (ALL, None),
        "honors": (ALL, None),
        "commission_snapshots": (OWN, None),  # their own commission (issue 15)
    },
}
# Columns a role may not change in rows it otherwise writes: a person's rank, command rank
# and dates are HR's (promotions and leavers are HR decisions), not a manager's.
FIXED_COLUMNS: dict[tuple[str, str], frozenset[str]] = {
    (MANAGER, "people"): frozenset({"rank", "command_rank", "join_date", "left_date"}),
}
# Tables whose rows a role changes but does not delete: a person leaves (HR sets the
# left date), their record stays.
NO_DELETE: frozenset[tuple[str, str]] = frozenset({(MANAGER, "people")})
# Tables a role adds rows to but never changes: the competitors list is shared by every
# branch (a competitor met at a new customer is added by whoever met it; renaming or deleting
# one changes every branch's maps: an admin's).
INSERT_ONLY: frozenset[tuple[str, str]] = frozenset({(MANAGER, "competitors"), (SALES, "competitors")})
# Who closes and reopens a period, by its kind (kam.closing): admins and managers close the
# honor rolls' periods (issue 15); HR also closes quarters, which keep the stars (issue 14).
# Choice: a quarter is closed once, for its honors and its stars together. Choice: a year is
# closed by an admin only: its close freezes the whole company's commission for payroll, which
# one branch's manager should not freeze or unfreeze for the others.
PERIOD_CLOSERS: dict[str, frozenset[str]] = {
    "week": frozenset({ADMIN, MANAGER}),
    "month": frozenset({ADMIN, MANAGER}),
    "quarter": frozenset({ADMIN, MANAGER, HR}),
    "year": frozenset({ADMIN}),
}
RULES_RULE: Rule = (ALL, None)  # every role reads the rules tables; an admin also writes them


class AccessDenied(Exception):
    """A read or a view without a signed-in user, or of a table the user's role cannot read."""

    def __init__(self, table: str | None, role: str | None) -> None:
        super().__init__(f"{role or 'nobody'} may not read {table or 'this'}")
        self.table = table
        self.role = role


def _ids(values: Iterable[object]) -> frozenset[int]:
    return frozenset(int(v) for v in values if v is not None and not pd.isna(v))


@dataclass(frozen=True)
class Access:
    """One user's rights. ``None`` in a set means every row (an unrestricted role); the
    sets are those of :func:`access_for` (people in scope, those below, and what follows)."""

    user: str  # the audit's name of the user (kam.auth.audit_name)
    role: str
    account_id: int | None = None
    person_id: int | None = None
    people: frozenset[int] | None = None
    below: frozenset[int] | None = None
    customers: frozenset[int] | None = None
    teams: frozenset[int] | None = None
    teams_led: frozenset[int] | None = None
    teams_led_below: frozenset[int] | None = None
    branches: frozenset[int] | None = None
    branches_headed: frozenset[int] | None = None
    unowned_branch: int | None = None  # a manager's own branch: its unowned customers are theirs

    # --- what the role may do with a table ------------------------------------------

    def rule(self, table: str) -> Rule:
        if self.role == ADMIN:
            return (ALL, ALL)
        if table in RULES_TABLES:
            return RULES_RULE
        return POLICY.get(self.role, {}).get(table, (None, None))

    def reads(self, table: str) -> bool:
        return self.rule(table)[0] is not None

    def writes(self, table: str) -> bool:
        return self.rule(table)[1] is not None

    def closes(self, kind: str) -> bool:
        """Whether the user closes and reopens periods of ``kind`` (:data:`PERIOD_CLOSERS`)."""
        return self.role in PERIOD_CLOSERS.get(kind, frozenset())

    def reads_all(self, table: str) -> bool:
        """Whether every row of ``table`` is in the user's read scope."""
        return self.rule(table)[0] == ALL

    def deletes(self, table: str) -> bool:
        """Whether the role may delete rows of ``table`` (those in its write scope)."""
        return self.writes(table) and (self.role, table) not in NO_DELETE and not self.inserts_only(table)

    def inserts_only(self, table: str) -> bool:
        """Whether the role adds rows to ``table`` but changes none (:data:`INSERT_ONLY`)."""
        return (self.role, table) in INSERT_ONLY

    def fixed_columns(self, table: str) -> frozenset[str]:
        """The columns of ``table`` the role may not change even in rows it writes."""
        return FIXED_COLUMNS.get((self.role, table), frozenset())

    def require(self, *tables: str) -> None:
        """:raises AccessDenied: a table of ``tables`` the role cannot read."""
        for table in tables:
            if not self.reads(table):
                raise AccessDenied(table, self.role)

    # --- which rows -------------------------------------------------------------------

    def mask(self, table: str, frame: pd.DataFrame, db: sqlite_utils.Database | None = None) -> np.ndarray:
        """Which rows of ``frame`` (rows of ``table``, with the columns that place them)
        the user may read.

        :param db: needed for the rows of an order (an order's own scope is read).
        :raises AccessDenied: the role cannot read ``table``.
        """
        scope = self.rule(table)[0]
        if scope is None:
            raise AccessDenied(table, self.role)
        return self._rows(table, frame, scope, db)

    def writable(self, table: str, frame: pd.DataFrame, db: sqlite_utils.Database | None = None) -> np.ndarray:
        """Which rows of ``frame`` (as stored, or as a save would leave them) the user may write."""
        scope = self.rule(table)[1]
        if scope is None:
            return np.zeros(len(frame), dtype=bool)
        return self._rows(table, frame, scope, db)

    def visible(self, table: str, frame: pd.DataFrame, db: sqlite_utils.Database | None = None) -> pd.DataFrame:
        """The rows of ``frame`` the user may read."""
        return frame[self.mask(table, frame, db)]

    def _rows(self, table: str, frame: pd.DataFrame, scope: str, db: sqlite_utils.Database | None) -> np.ndarray:
        n = len(frame)
        if scope == ALL or self.people is None:
            return np.ones(n, dtype=bool)
        people = (self.below if scope == BELOW else self.people) or frozenset()
        if table == "people":
            mine = _isin(frame["id"], people)
            if scope == BELOW:
                # A person stays in the tree under the user: their manager is the user or
                # someone under them, their team and branch the user's (a move out of the
                # subtree is not the user's to make).
                if "manager_id" in frame.columns:
                    mine &= _isin(frame["manager_id"], self.people or frozenset())
                for column, keys in (("team_id", self.teams), ("branch_id", self.branches)):
                    if column in frame.columns:
                        mine &= frame[column].isna().to_numpy() | _isin(frame[column], keys or frozenset())
            return mine
        if table == "customers":
            mine = _isin(frame["owner_id"], people)
            if self.unowned_branch is not None and scope == OWN:
                mine |= frame["owner_id"].isna().to_numpy() & (_num(frame["branch_id"]) == self.unowned_branch)
            return mine
        if table in _MAP_ROWS:
            return _isin(frame["customer_id"], self.customers or frozenset())
        if table == "branch_focus_industries":
            return _isin(frame["branch_id"], self.branches or frozenset())
        if table == "orders":
            return _isin(frame["owner_id"], people) | _isin(frame["customer_id"], self.customers or frozenset())
        if table in _ORDER_ROWS:
            return _isin(frame["order_id"], self._order_ids(db, frame["order_id"]))
        if table in ("meetings", *_TALENT, "commission_snapshots"):
            return _isin(frame["person_id"], people)
        if table == "targets":
            teams = self.teams_led_below if scope == BELOW else self.teams_led
            branches = frozenset() if scope == BELOW else self.branches_headed
            kind = frame["entity_type"].astype(str).to_numpy()
            return (
                ((kind == "person") & _isin(frame["entity_id"], people))
                | ((kind == "team") & _isin(frame["entity_id"], teams or frozenset()))
                | ((kind == "branch") & _isin(frame["entity_id"], branches or frozenset()))
            )
        if table == "teams":
            return _isin(frame["id"], self.teams or frozenset())
        if table == "branches":
            return _isin(frame["id"], self.branches or frozenset())
        return np.zeros(n, dtype=bool)  # a scoped rule without a row rule: nothing

    def _order_ids(self, db: sqlite_utils.Database | None, ids: pd.Series) -> frozenset[int]:
        if db is None:
            raise ValueError("the rows of an order need the database to place their order")
        keys = sorted(_ids(ids))
        if not keys:
            return frozenset()
        orders = query(
            db, f"SELECT id, owner_id, customer_id FROM orders WHERE id IN ({', '.join('?' for _ in keys)})", keys
        )
        return _ids(orders["id"][self._rows("orders", orders, OWN, db)])

    @property
    def unrestricted(self) -> bool:
        """Whether the user reads every row of every table they read (admin, HR)."""
        return self.people is None


def _num(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def _isin(values: pd.Series, ids: frozenset[int]) -> np.ndarray:
    return np.isin(_num(values), np.fromiter(ids, dtype=float, count=len(ids)))


def unrestricted(user: str) -> Access:
    """Every right, under the audit name ``user``: the tool itself (the demo data, an import
    script, a test that is not about rights). No page ever acts so."""
    return Access(user=user, role=ADMIN)


def nobody() -> Access:
    """No right at all (a role with no rules, an account without a person)."""
    return Access(user="", role="", people=frozenset(), below=frozenset(), customers=frozenset())


def access_for(db: sqlite_utils.Database, account: Account | None, name: str) -> Access:
    """The rights of ``account`` now, from the reporting tree.

    :param name: the audit's name of the account (:func:`kam.auth.audit_name`).
    :raises AccessDenied: no account (nobody signed in).
    """
    if account is None:
        raise AccessDenied(None, None)
    if account.role in (ADMIN, HR):
        return Access(user=name, role=account.role, account_id=account.id, person_id=account.person_id)
    if account.role not in POLICY or account.person_id is None:
        # A manager or salesperson without a person in the tree has nothing of their own.
        return Access(
            user=name,
            role=account.role,
            account_id=account.id,
            people=frozenset(),
            below=frozenset(),
            customers=frozenset(),
            teams=frozenset(),
            teams_led=frozenset(),
            teams_led_below=frozenset(),
            branches=frozenset(),
            branches_headed=frozenset(),
        )
    org = Tree.read(db)
    me = int(account.person_id)
    people = org.subtree(me) if account.role == MANAGER else frozenset({me})
    below = people - {me}
    unowned = org.branch_of(me) if account.role == MANAGER else None
    customers = read_frame(db, "customers", ["id", "owner_id", "branch_id"])
    probe = Access(user=name, role=account.role, people=people, below=below, unowned_branch=unowned)
    owned = probe._rows("customers", customers, OWN, None)
    mine = _ids(customers["id"][owned])
    return Access(
        user=name,
        role=account.role,
        account_id=account.id,
        person_id=me,
        people=people,
        below=below,
        customers=mine,
        teams=org.teams_of(people),
        teams_led=org.teams_led_by(people),
        teams_led_below=org.teams_led_by(below),
        # The branches of the people and of their customers (a customer's branch is named).
        branches=org.branches_of(people)
        | _ids(customers["branch_id"][owned])
        | ({unowned} if unowned is not None else frozenset()),
        branches_headed=org.branches_headed_by(people) if account.role == MANAGER else frozenset(),
        unowned_branch=unowned,
    )


@dataclass(frozen=True)
class Tree:
    """The reporting tree: people (id, manager_id, branch_id, team_id) and teams (id,
    branch_id, leader_id)."""

    people: pd.DataFrame
    teams: pd.DataFrame

    @classmethod
    def read(cls, db: sqlite_utils.Database) -> Tree:
        return cls(
            read_frame(db, "people", ["id", "manager_id", "branch_id", "team_id"]),
            read_frame(db, "teams", ["id", "branch_id", "leader_id"]),
        )

    def subtree(self, root: int) -> frozenset[int]:
        """``root`` and everyone under them (a cycle in ``manager_id`` stops the walk)."""
        children: dict[int, list[int]] = {}
        for pid, manager in zip(self.people["id"], self.people["manager_id"], strict=True):
            if manager is not None and not pd.isna(manager):
                children.setdefault(int(manager), []).append(int(pid))
        seen, todo = {root}, [root]
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return frozenset(seen)

    def _branch(self) -> pd.Series:
        """Each person's branch: their own, else their team's."""
        team_branch = dict(zip(self.teams["id"], self.teams["branch_id"], strict=True))
        own = pd.to_numeric(self.people["branch_id"], errors="coerce")
        by_team = pd.to_numeric(self.people["team_id"].map(team_branch), errors="coerce")
        return pd.Series(own.fillna(by_team).to_numpy(), index=self.people["id"].to_numpy())

    def branch_of(self, person: int) -> int | None:
        value = self._branch().get(person)
        return None if value is None or pd.isna(value) else int(value)

    def branches_of(self, people: frozenset[int]) -> frozenset[int]:
        branch = self._branch()
        return _ids(branch[branch.index.isin(list(people))])

    def teams_of(self, people: frozenset[int]) -> frozenset[int]:
        """The teams the people belong to or lead."""
        member = self.people.loc[self.people["id"].isin(list(people)), "team_id"]
        return _ids(member) | self.teams_led_by(people)

    def teams_led_by(self, people: frozenset[int]) -> frozenset[int]:
        return _ids(self.teams.loc[self.teams["leader_id"].isin(list(people)), "id"])

    def heads(self) -> dict[int, list[int]]:
        """Branch -> its heads: people of the branch whose manager is not in it."""
        branch = self._branch()
        manager = dict(zip(self.people["id"], self.people["manager_id"], strict=True))
        out: dict[int, list[int]] = {}
        for pid, b in branch.items():
            if pd.isna(b):
                continue
            boss = manager.get(pid)
            if boss is None or pd.isna(boss) or branch.get(int(boss)) != b:
                out.setdefault(int(b), []).append(int(pid))
        return out

    def branches_headed_by(self, people: frozenset[int]) -> frozenset[int]:
        return frozenset(b for b, heads in self.heads().items() if set(heads) & people)


# The columns that place a row of a scoped table (what Access.mask reads of it).
PLACE: dict[str, tuple[str, ...]] = {
    "people": ("id", "manager_id", "team_id", "branch_id"),
    "customers": ("id", "owner_id", "branch_id"),
    "orders": ("id", "owner_id", "customer_id"),
    "targets": ("id", "entity_type", "entity_id"),
    "teams": ("id",),
    "branches": ("id",),
    "meetings": ("id", "person_id"),
    **{t: ("id", "person_id") for t in (*_TALENT, "commission_snapshots")},
    **{t: ("id", "customer_id") for t in _MAP_ROWS},
    "branch_focus_industries": ("id", "branch_id"),
    **{t: ("id", "order_id") for t in _ORDER_ROWS[1:]},
}


def read_table(db: sqlite_utils.Database, access: Access, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of ``table`` in ``access``'s read scope (ordered by primary key; never a
    secret column, :data:`kam.store.frames.SECRET_COLUMNS`).

    :raises AccessDenied: the role cannot read ``table``.
    """
    access.require(table)
    frame = read_frame(db, table)
    rows = frame if access.reads_all(table) else access.visible(table, frame, db)
    return rows if columns is None else rows[columns]


def readable_keys(db: sqlite_utils.Database, access: Access, table: str) -> frozenset | None:
    """The primary keys of ``table`` the user may read; None: every row; empty: none."""
    if not access.reads(table):
        return frozenset()
    if access.reads_all(table):
        return None
    frame = read_frame(db, table, list(PLACE.get(table, ())) or None)
    return frozenset(frame[access.mask(table, frame, db)].iloc[:, 0].tolist())


def choices_of(
    db: sqlite_utils.Database, access: Access, spec: TableSpec, options: Mapping[str, Mapping[RowKey, str]]
) -> dict[str, set[RowKey]]:
    """Per foreign-key column of ``spec``: the keys of ``options`` its dropdown may offer
    the user (the referenced rows they may read)."""
    out: dict[str, set[RowKey]] = {}
    tables = {c.name: c.fk_table for c in spec.columns if c.kind == "fk"}
    for column, opts in options.items():
        keys = readable_keys(db, access, tables.get(column) or "")
        out[column] = set(opts) if keys is None else {k for k in opts if k in keys}
    return out


def locked_rows(db: sqlite_utils.Database, access: Access, spec: TableSpec, rows: pd.DataFrame) -> set[RowKey]:
    """The keys of ``rows`` (indexed by key) the user reads but may not write, e.g. a
    manager's own target (set by the level above): the grid shows them read-only. Rows
    without the columns that place them are left to the save path's check."""
    if access.inserts_only(spec.table):
        return set(rows.index)  # every stored row read-only; new rows are the user's
    if access.reads_all(spec.table) and access.rule(spec.table)[1] == ALL:
        return set()
    place = [c for c in PLACE.get(spec.table, ()) if c != "id"]
    if not len(rows) or not set(place) <= set(rows.columns):
        return set()
    frame = rows.assign(id=rows.index) if "id" not in rows.columns else rows
    return set(rows.index[~access.writable(spec.table, frame, db)])
