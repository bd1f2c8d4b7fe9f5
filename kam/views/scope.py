"""What the filter bar selects, with one meaning on every page: customers by their current
owner's branch, team or person (an unowned customer by its own branch); the team and
owner choices that fit the chosen branch and team."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.i18n import by_name, translate
from kam.rules.params import numbers


@dataclass(frozen=True)
class Scope:
    """The page's filters; None means all."""

    branch_id: int | None = None
    team_id: int | None = None
    owner_id: int | None = None


def customer_names(names: pd.Series, customer_ids: pd.Series, readable: frozenset[int] | None, lang: str) -> pd.Series:
    """Customer names as a user may see them: a customer outside ``readable`` (the user's
    customers; None: every one), met through an order of theirs on a colleague's customer,
    is named by its key only ("a customer you do not own #41"): issue 12, a salesperson sees no
    customer name that belongs to someone else."""
    if readable is None:
        return names
    ids = pd.to_numeric(customer_ids, errors="coerce").astype("Int64")
    hidden = (~ids.isin(readable)).fillna(True).to_numpy(dtype=bool) & ids.notna().to_numpy(dtype=bool)
    if not hidden.any():
        return names
    out = names.astype("object").copy()
    out[hidden] = [translate("scope.colleagues_customer", lang, id=int(i)) for i in ids[hidden]]
    return out.astype(names.dtype) if str(names.dtype) == "string" else out


def _staff(people: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    """Per person id: branch (the person's, else the team's) and team."""
    team_branch = pd.Series(numbers(teams["branch_id"]).to_numpy(), index=numbers(teams["id"]).to_numpy())
    team = numbers(people["team_id"])
    branch = numbers(people["branch_id"]).fillna(pd.Series(team_branch.reindex(team.to_numpy()).to_numpy()))
    staff = pd.DataFrame({"branch": branch.to_numpy(), "team": team.to_numpy()}, index=numbers(people["id"]).to_numpy())
    return staff.loc[~staff.index.duplicated()]


def people_in_scope(people: pd.DataFrame, teams: pd.DataFrame, scope: Scope) -> tuple[np.ndarray, pd.Series]:
    """Which people the filters select, by position: by their branch (else their team's),
    their team and the person themselves; and each person's branch (the same rule).

    :returns: (bool array aligned with ``people``, branch id by position of ``people``)."""
    staff = _staff(people, teams).reindex(numbers(people["id"]).to_numpy())
    keep = np.ones(len(people), dtype=bool)
    for column, value in (("branch", scope.branch_id), ("team", scope.team_id)):
        if value is not None:
            keep &= (staff[column] == value).fillna(False).to_numpy()
    if scope.owner_id is not None:
        keep &= (numbers(people["id"]) == scope.owner_id).fillna(False).to_numpy()
    return keep, pd.Series(staff["branch"].to_numpy(), index=people.index)


def in_scope(customers: pd.DataFrame, people: pd.DataFrame, teams: pd.DataFrame, scope: Scope) -> pd.Series:
    """Which customers the filters select (domain.md: by the current owner's branch, team
    or person; an unowned customer, or one whose owner is unknown, by its own branch).

    :returns: bool by customer id.
    """
    ids = numbers(customers["id"]).astype("int64").to_numpy()
    owner = numbers(customers["owner_id"]).to_numpy()
    staff = _staff(people, teams)
    known = pd.Series(owner).isin(staff.index).to_numpy()
    found = staff.reindex(owner)
    branch = np.where(known, found["branch"].to_numpy(), numbers(customers["branch_id"]).to_numpy())
    team = np.where(known, found["team"].to_numpy(), np.nan)
    mask = np.ones(len(ids), dtype=bool)
    if scope.branch_id is not None:
        mask &= branch == scope.branch_id
    if scope.team_id is not None:
        mask &= team == scope.team_id
    if scope.owner_id is not None:
        mask &= owner == scope.owner_id
    return pd.Series(mask, index=pd.Index(ids, name="customer_id"))


def team_options(teams: pd.DataFrame, branch_id: int | None) -> dict[int, str]:
    rows = teams if branch_id is None else teams[numbers(teams["branch_id"]) == branch_id]
    return {int(i): str(n) for i, n in zip(rows["id"], rows["name"], strict=True)}


def owner_options(
    people: pd.DataFrame, teams: pd.DataFrame, customers: pd.DataFrame, branch_id: int | None, team_id: int | None
) -> dict[int, str]:
    """People in the branch / team who own a customer or have not left, by name."""
    staff = _staff(people, teams)
    ids = numbers(people["id"]).to_numpy()
    keep = pd.isna(people["left_date"]).to_numpy() | np.isin(ids, numbers(customers["owner_id"]).dropna().to_numpy())
    if branch_id is not None:
        keep &= staff["branch"].reindex(ids).to_numpy() == branch_id
    if team_id is not None:
        keep &= staff["team"].reindex(ids).to_numpy() == team_id
    rows = by_name(people[keep])
    return {int(i): str(n) for i, n in zip(rows["id"], rows["name"], strict=True)}
