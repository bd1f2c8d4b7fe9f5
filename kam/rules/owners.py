"""Owner checks: R1 (the owner a value class needs), R2 (the tier's principal rank)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules import periods
from kam.rules.cooperation import customer_index
from kam.rules.params import Rules, numbers, parsed, table, with_columns
from kam.rules.tiers import TierRules
from kam.rules.value import UNRATED, ValueRules

OWNER_COLUMNS = ("owner_mismatch", "mismatch_reason", "mismatch_reasons")
NO_OWNER = "no_owner"
RANK_BELOW_PRINCIPAL = "rank_below_principal"
KEY_ACCOUNT_UNOWNED = "key_account_unowned"


@dataclass(frozen=True)
class RankRules:
    """ranks: code -> rank_order (None for a rank outside the order, e.g. HR)."""

    order: tuple[tuple[str, float | None], ...]

    @classmethod
    def from_tables(cls, rules: Rules) -> RankRules:
        t = table(rules, "ranks")
        return cls(
            tuple((code, None if pd.isna(o) else float(o)) for code, o in zip(t["code"], t["rank_order"], strict=True))
        )

    def of(self, codes: pd.Series) -> pd.Series:
        """rank_order of each rank code (NaN: outside the order, meets no minimum)."""
        return codes.map(dict(self.order)).astype("float64")

    def order_of(self, code: str | None) -> float:
        value = dict(self.order).get(code) if code is not None else None
        return float("nan") if value is None else value


def _owners(
    customers: pd.DataFrame,
    people: pd.DataFrame,
    stars: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
) -> pd.DataFrame:
    """Per customer: has_owner and the owner's rank_order, tenure (years) and star."""
    index = customer_index(customers)
    customers = with_columns(customers, ("owner_id",))
    people = with_columns(people, ("id", "rank", "join_date", "left_date"))
    ranks = parsed(rules, RankRules.from_tables)
    staff = pd.DataFrame(
        {
            # Choice: an owner who has left on or before as_of counts as no owner.
            "active": ~(periods.to_dates(people["left_date"]) <= pd.Timestamp(as_of)).to_numpy(),
            "rank_order": ranks.of(people["rank"]).to_numpy(),
            "tenure": periods.whole_years(people["join_date"], as_of).to_numpy(),
        },
        index=pd.Index(numbers(people["id"]), name="person_id"),
    )
    staff = staff.loc[~staff.index.duplicated()]
    star = stars["star"] if "star" in stars else pd.Series(dtype="float64")
    staff["star"] = numbers(star).reindex(staff.index)
    owner_ids = numbers(customers["owner_id"]).to_numpy()
    found = staff.reindex(owner_ids)
    # Choice: an owner_id that names no person counts as no owner.
    has_owner = found["active"].eq(True).to_numpy()
    return pd.DataFrame(
        {
            "has_owner": has_owner,
            "rank_order": found["rank_order"].to_numpy(),
            "tenure": found["tenure"].to_numpy(),
            "star": found["star"].to_numpy(),
        },
        index=index,
    )


def owner_flags(
    customers: pd.DataFrame,
    tiers: pd.DataFrame,
    classes: pd.DataFrame,
    people: pd.DataFrame,
    stars: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
) -> pd.DataFrame:
    """R1 and R2 owner checks.

    :param tiers: :func:`kam.rules.tiers.assign_tiers` output (``tier``).
    :param classes: :func:`kam.rules.value.value_classes` output (``value_class``).
    :param stars: :func:`kam.rules.stars.star_ratings` output (``star`` by person_id).
    :returns: by customer_id: ``owner_mismatch`` (bool), ``mismatch_reason`` (the first
      reason, None when none) and ``mismatch_reasons`` (all of them, ``;``-joined,
      "" when none). Codes: ``<class>_owned`` (owner_allowed = 0 but owned),
      ``no_owner``, ``<class>_needs_elite`` (min_rank / or_min_stars), ``<class>_needs_tenure``
      (min_tenure_years), ``<class>_needs_new`` (max_tenure_years), then R2's
      ``rank_below_principal`` and ``key_account_unowned``.
    """
    vr = parsed(rules, ValueRules.from_tables)
    tr = parsed(rules, TierRules.from_tables)
    ranks = parsed(rules, RankRules.from_tables)
    owner = _owners(customers, people, stars, rules, as_of)
    index = owner.index
    has_owner = owner["has_owner"].to_numpy()
    rank_order = owner["rank_order"].to_numpy()
    tenure = owner["tenure"].to_numpy()
    star = owner["star"].to_numpy()
    value_class = with_columns(classes, ("value_class",))["value_class"].reindex(index).fillna(UNRATED)
    tier = with_columns(tiers, ("tier",))["tier"].reindex(index)

    reasons: list[tuple[np.ndarray, str]] = []
    for rule in vr.classes:
        if rule.code == UNRATED:
            continue
        of_class = value_class.eq(rule.code).to_numpy()
        if not rule.owner_allowed:
            reasons.append((of_class & has_owner, f"{rule.code}_owned"))
            continue
        reasons.append((of_class & ~has_owner, NO_OWNER))
        owned = of_class & has_owner
        if rule.min_rank is not None or rule.or_min_stars is not None:
            # Rank OR stars: either alternative that the row sets is enough.
            elite = np.zeros(len(index), dtype=bool)
            if rule.min_rank is not None:
                elite |= rank_order >= ranks.order_of(rule.min_rank)
            if rule.or_min_stars is not None:
                elite |= star >= rule.or_min_stars
            reasons.append((owned & ~elite, f"{rule.code}_needs_elite"))
        if rule.min_tenure_years is not None:
            reasons.append(
                (
                    owned & ~(tenure >= rule.min_tenure_years),
                    f"{rule.code}_needs_tenure",
                )
            )
        if rule.max_tenure_years is not None:
            # Choice: the maximum is exclusive ("tenure under 1 year"; exactly 1 is 1).
            reasons.append((owned & ~(tenure < rule.max_tenure_years), f"{rule.code}_needs_new"))

    for code, principal, is_key in zip(tr.codes, tr.principal_rank, tr.key_account, strict=True):
        of_tier = tier.eq(code).to_numpy()
        if principal is not None:
            below = ~(rank_order >= ranks.order_of(principal))
            reasons.append((of_tier & has_owner & below, RANK_BELOW_PRINCIPAL))
        if is_key:
            reasons.append((of_tier & ~has_owner, KEY_ACCOUNT_UNOWNED))

    first = np.full(len(index), None, dtype=object)
    joined = np.full(len(index), "", dtype=object)
    # A customer has one class and one tier, so no code can be listed twice.
    for mask, code in reasons:
        first = np.where(mask & pd.isna(first), code, first)
        joined = np.where(mask & (joined != ""), joined + ";" + code, np.where(mask, code, joined))
    return pd.DataFrame(
        {
            "owner_mismatch": pd.Series(pd.notna(first), index=index, dtype=bool),
            "mismatch_reason": pd.Series(first, index=index, dtype=object),
            "mismatch_reasons": pd.Series(joined, index=index, dtype=object),
        },
        index=index,
    )
