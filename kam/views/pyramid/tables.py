"""The customer pyramid page's tables without Streamlit: upgrade targets, mismatched
owners with their reasons, the customers grid (with computed columns) and the export.

Like :mod:`kam.views.pyramid.figures`, pure functions of the scored customers, the rules and the language.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from kam.rules.owners import KEY_ACCOUNT_UNOWNED, NO_OWNER, RANK_BELOW_PRINCIPAL
from kam.rules.params import Rules, numbers, table
from kam.types import ColumnSpec, TableSpec
from kam.views.paging import Listing, ranks
from kam.views.pyramid.figures import Labels, label

# The customers grid: the R1/R2/R4 inputs a manager keeps current, then computed columns.
GRID_COLUMNS = (
    "name",
    "id",
    "branch_id",
    "owner_id",
    "customer_revenue",
    "winnability",
    "demonstration",
    "expected_cooperation_36m",
    "industry",
)
# How the grid shows them: the name, what the rules made of the customer, its inputs.
GRID_ORDER = (
    "name",
    "tier",
    "value_class",
    "priority",
    "score",
    "cooperation",
    "customer_revenue",
    "winnability",
    "demonstration",
    "expected_cooperation_36m",
    "owner_id",
    "branch_id",
    "service_level",
    "upgrade_gap",
    "flags",
    "fit_score",  # R3: the active portrait's fit (after the pyramid's own columns)
    "matches",
)
COMPUTED = (
    ColumnSpec("tier", "text", editable=False),
    ColumnSpec("value_class", "text", editable=False),
    ColumnSpec("cooperation", "money", editable=False),
    ColumnSpec("score", "number", editable=False),
    ColumnSpec("fit_score", "number", editable=False),  # R3: fit to the active portrait
    ColumnSpec("matches", "text", editable=False),
    ColumnSpec("priority", "text", editable=False),
    ColumnSpec("service_level", "text", editable=False),
    ColumnSpec("upgrade_gap", "money", editable=False),
    ColumnSpec("flags", "text", editable=False),
)


def _names(ids: pd.Series, people: pd.DataFrame, empty: str) -> pd.Series:
    names = pd.Series(people["name"].to_numpy(), index=numbers(people["id"]).to_numpy())
    names = names.loc[~names.index.duplicated()]
    return pd.Series(names.reindex(numbers(ids).to_numpy()).to_numpy(), index=ids.index).fillna(empty).astype(object)


def _upgrade_rows(scored: pd.DataFrame) -> pd.DataFrame:
    rows = scored[scored["upgrade_target"].astype(bool)]
    return rows.assign(_id=rows.index).sort_values(["upgrade_gap", "cooperation", "_id"], ascending=[True, False, True])


def _next_level(rows: pd.DataFrame, rules: Rules) -> pd.Series:
    """The tier one above each row's cooperation level (the top tier stays the top)."""
    tiers = table(rules, "r2_tiers").sort_values("tier_order")
    codes = [str(c) for c in tiers["code"]]
    return rows["cooperation_level"].map(dict(zip(codes, [*codes[1:], codes[-1]], strict=True)))


def upgrade_targets(scored: pd.DataFrame, people: pd.DataFrame, rules: Rules, labels: Labels) -> pd.DataFrame:
    """R2 upgrade targets, the smallest gap first (ties: more cooperation first, then id);
    cooperation and gap in yuan (the list formats the rows it shows)."""
    return _upgrade_frame(_upgrade_rows(scored), people, rules, labels)


def _upgrade_frame(rows: pd.DataFrame, people: pd.DataFrame, rules: Rules, labels: Labels) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": rows.index.to_numpy(),
            "name": rows["name"].to_numpy(),
            "owner": _names(rows["owner_id"], people, "—").to_numpy(),
            "tier": label(rows["tier"], labels.tier).to_numpy(),
            "strength_level": label(rows["strength_level"], labels.tier).to_numpy(),
            "cooperation": rows["cooperation"].to_numpy(dtype=float),
            "next_level": label(_next_level(rows, rules), labels.tier).to_numpy(),
            "upgrade_gap": rows["upgrade_gap"].to_numpy(dtype=float),
        }
    )


# Headers of the page's lists (translation keys by column).
HEADERS = {
    "name": "pyramid.l.customer",
    "owner": "pyramid.l.owner",
    "tier": "pyramid.l.tier",
    "strength_level": "pyramid.l.strength_level",
    "cooperation": "pyramid.l.cooperation",
    "next_level": "pyramid.l.next_level",
    "upgrade_gap": "pyramid.l.gap",
    "value_class": "pyramid.l.value_class",
    "owner_rank": "pyramid.l.owner_rank",
    "owner_star": "pyramid.l.owner_star",
    "reason": "pyramid.l.reason",
    "customers": "pyramid.chart.customers",
    "share": "pyramid.share",
}


def with_headers(frame: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """A list as the page shows it: translated headers, without the customer id."""
    shown = frame.drop(columns=[c for c in ("customer_id",) if c in frame.columns])
    return shown.rename(columns={c: labels.t(HEADERS[c]) for c in shown.columns if c in HEADERS})


def _reason_texts(rules: Rules, labels: Labels) -> dict[str, str]:
    """Text of every owner-mismatch reason code (kam.rules.owners), with the rule's figures."""
    out: dict[str, str] = {}
    for r in table(rules, "r1_value_classes").itertuples(index=False):
        cls = labels.value_class.get(r.code, r.code)
        out[f"{NO_OWNER}|{r.code}"] = labels.t("pyramid.reason.no_owner", cls=cls)
        out[f"{r.code}_owned"] = labels.t("pyramid.reason.owned", cls=cls)
        rank = labels.rank.get(r.min_rank, r.min_rank) if pd.notna(r.min_rank) else None
        stars = f"{r.or_min_stars:g}" if pd.notna(r.or_min_stars) else None
        key = "needs_rank_or_stars" if rank and stars else "needs_rank" if rank else "needs_stars"
        out[f"{r.code}_needs_elite"] = labels.t(f"pyramid.reason.{key}", cls=cls, rank=rank, stars=stars)
        if pd.notna(r.min_tenure_years):
            out[f"{r.code}_needs_tenure"] = labels.t(
                "pyramid.reason.needs_tenure", cls=cls, years=f"{r.min_tenure_years:g}"
            )
        if pd.notna(r.max_tenure_years):
            out[f"{r.code}_needs_new"] = labels.t("pyramid.reason.needs_new", cls=cls, years=f"{r.max_tenure_years:g}")
    for r in table(rules, "r2_tiers").itertuples(index=False):
        tier = labels.tier.get(r.code, r.code)
        if pd.notna(r.principal_rank):
            rank = labels.rank.get(r.principal_rank, r.principal_rank)
            out[f"{RANK_BELOW_PRINCIPAL}|{r.code}"] = labels.t("pyramid.reason.principal", tier=tier, rank=rank)
        out[f"{KEY_ACCOUNT_UNOWNED}|{r.code}"] = labels.t("pyramid.reason.key_account_unowned", tier=tier)
    return out


def reason_text(scored: pd.DataFrame, rules: Rules, labels: Labels) -> pd.Series:
    """Every owner-mismatch reason of each customer as text (joined), "" when none."""
    rows = scored.loc[scored["owner_mismatch"].astype(bool), ["mismatch_reasons", "value_class", "tier"]]
    out = pd.Series("", index=scored.index, dtype=object)
    if rows.empty:
        return out
    # A text per distinct (reasons, class, tier): a few dozen of them, however many customers.
    combos = rows.astype(str).drop_duplicates().reset_index(drop=True)
    texts = _reason_combo_texts(combos, rules, labels)
    joined = rows.astype(str).merge(combos.assign(_text=texts.to_numpy()), how="left", on=list(combos.columns))
    out.loc[rows.index] = joined["_text"].to_numpy()
    return out


def _reason_combo_texts(rows: pd.DataFrame, rules: Rules, labels: Labels) -> pd.Series:
    ex = rows.assign(reason=rows["mismatch_reasons"].str.split(";")).explode("reason")
    by_class = ex["reason"] == NO_OWNER
    by_tier = ex["reason"].isin([RANK_BELOW_PRINCIPAL, KEY_ACCOUNT_UNOWNED])
    key = ex["reason"].where(~by_class, ex["reason"] + "|" + ex["value_class"].astype(str))
    key = key.where(~by_tier, ex["reason"] + "|" + ex["tier"].astype(str))
    texts = key.map(_reason_texts(rules, labels)).fillna(ex["reason"])
    return texts.groupby(level=0).agg(labels.t("pyramid.sep").join).reindex(rows.index)


def _whole(values: pd.Series) -> np.ndarray:
    """Numbers as whole-number text ("3"), "—" where missing (one pass, not one call a row)."""
    numbers_ = pd.to_numeric(values, errors="coerce").round()
    text = numbers_.astype("Int64").astype("string").fillna("—")
    return text.to_numpy(dtype=object)


def _mismatched_rows(scored: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    tier_pos = {c: i for i, c in enumerate(reversed(labels.tier))}
    rows = scored[scored["owner_mismatch"].astype(bool)]
    return rows.assign(_tier=rows["tier"].map(tier_pos), _id=rows.index).sort_values(
        ["_tier", "cooperation", "_id"], ascending=[False, False, True]
    )


def mismatched_owners(scored: pd.DataFrame, people: pd.DataFrame, rules: Rules, labels: Labels) -> pd.DataFrame:
    """Customers whose owner does not fit their class or tier, the most important first."""
    return _mismatched_frame(_mismatched_rows(scored, labels), people, rules, labels)


def _mismatched_frame(rows: pd.DataFrame, people: pd.DataFrame, rules: Rules, labels: Labels) -> pd.DataFrame:
    staff = people.assign(id=numbers(people["id"])).drop_duplicates("id").set_index("id")
    rank = staff["rank"].reindex(numbers(rows["owner_id"]).to_numpy())
    return pd.DataFrame(
        {
            "customer_id": rows.index.to_numpy(),
            "name": rows["name"].to_numpy(),
            "tier": label(rows["tier"], labels.tier).to_numpy(),
            "value_class": label(rows["value_class"], labels.value_class).to_numpy(),
            "owner": _names(rows["owner_id"], people, "—").to_numpy(),
            "owner_rank": rank.map(labels.rank).fillna("—").to_numpy(dtype=object),
            "owner_star": _whole(rows["owner_star"]),
            "reason": reason_text(rows, rules, labels).to_numpy(),
        }
    )


def upgrade_listing(scored: pd.DataFrame, people: pd.DataFrame, rules: Rules, labels: Labels) -> Listing:
    """The upgrade targets as the page lists them, a page at a time: money sorted and
    totalled by its yuan, levels by their rank."""
    rows = _upgrade_rows(scored)
    tiers = list(labels.tier)
    h = _header(labels)
    keys = {
        h("tier"): ranks(rows["tier"], tiers),
        h("strength_level"): ranks(rows["strength_level"], tiers),
        h("next_level"): ranks(_next_level(rows, rules), tiers),
    }
    frame = with_headers(_upgrade_frame(rows, people, rules, labels), labels)
    money = (h("cooperation"), h("upgrade_gap"))
    return Listing(frame, keys, totals=money, formats=dict.fromkeys(money, labels.money))


def mismatched_listing(scored: pd.DataFrame, people: pd.DataFrame, rules: Rules, labels: Labels) -> Listing:
    """The mismatched owners as the page lists them: tiers and classes sorted by rank,
    stars by their number."""
    rows = _mismatched_rows(scored, labels)
    h = _header(labels)
    keys = {
        h("tier"): ranks(rows["tier"], list(labels.tier)),
        h("value_class"): ranks(rows["value_class"], list(labels.value_class)),
        h("owner_star"): pd.to_numeric(rows["owner_star"], errors="coerce").to_numpy(dtype=float),
    }
    return Listing(with_headers(_mismatched_frame(rows, people, rules, labels), labels), keys)


def _header(labels: Labels):
    return lambda column: labels.t(HEADERS[column])


# --- the customers grid ---------------------------------------------------------------


def grid_spec(spec: TableSpec) -> TableSpec:
    """The customers spec with the columns this page edits, the name first."""
    return dataclasses.replace(spec, columns=tuple(spec.column(n) for n in GRID_COLUMNS))


def flags(scored: pd.DataFrame, labels: Labels) -> pd.Series:
    """Short flags per customer: upgrade target, owner mismatch, incomplete record."""
    out = np.full(len(scored), "", dtype=object)
    sep = labels.t("pyramid.sep")
    for column, key in (
        ("upgrade_target", "flag.upgrade"),
        ("owner_mismatch", "flag.mismatch"),
        ("incomplete", "flag.incomplete"),
    ):
        hit = scored[column].astype(bool).to_numpy()
        text = labels.t(f"pyramid.{key}")
        out = np.where(hit & (out != ""), out + sep + text, np.where(hit, text, out))
    return pd.Series(out, index=scored.index, dtype=object)


def grid_frame(customers: pd.DataFrame, scored: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """The rows of ``scored`` (customers indexed by id, with version) plus the computed
    columns as the grid shows them: codes as labels, money in yuan, score to 0.1."""
    rows = customers.loc[scored.index.to_numpy()].copy()
    rows["tier"] = label(scored["tier"], labels.tier).to_numpy()
    rows["value_class"] = label(scored["value_class"], labels.value_class).to_numpy()
    rows["cooperation"] = scored["cooperation"].round().to_numpy()
    rows["score"] = scored["score"].round(1).to_numpy()
    rows["fit_score"] = scored["fit_score"].round(1).to_numpy()
    match = {True: labels.t("pyramid.matches_yes"), False: labels.t("pyramid.matches_no")}
    rows["matches"] = scored["matches"].fillna(False).astype(bool).map(match).to_numpy()
    rows["priority"] = label(scored["priority"], labels.priority).to_numpy()
    rows["service_level"] = label(scored["service_level"], labels.service_level).to_numpy()
    rows["upgrade_gap"] = scored["upgrade_gap"].round().to_numpy()
    rows["flags"] = flags(scored, labels).to_numpy()
    return rows


# --- export ---------------------------------------------------------------------------

POINTS = ("sales", "potential", "winnability", "demonstration")  # r4_dimensions codes (fixed rows)
EXPORT_COLUMNS = (
    "id",
    "name",
    "branch_id",
    "owner_id",
    "customer_revenue",
    "winnability",
    "demonstration",
    "expected_cooperation_36m",
    "cooperation",
    "unit_price",
    "quantity",
    "value_class",
    "strength_level",
    "cooperation_level",
    "tier",
    "upgrade_gap",
    "sales_points",
    "potential_points",
    "winnability_points",
    "demonstration_points",
    "score",
    "priority",
    "service_level",
    "owner_mismatch_reason",
    "missing_fields",
)


def _field_labels(names: pd.Series, labels: Labels) -> pd.Series:
    """``;``-joined column names (e.g. missing_fields) as their translated labels."""
    out = pd.Series("", index=names.index, dtype=object)
    filled = names.fillna("").astype(str) != ""
    if filled.any():
        ex = names[filled].str.split(";").explode()
        text = ex.map(lambda name: labels.t(f"col.{name}"))
        out.loc[filled] = text.groupby(level=0).agg(labels.t("pyramid.sep").join).reindex(out.index[filled])
    return out


def _yuan(values: pd.Series) -> pd.array:
    """Whole yuan, missing stays missing."""
    return numbers(values).round().astype("Int64").array


def export_frame(
    customers: pd.DataFrame,
    scored: pd.DataFrame,
    people: pd.DataFrame,
    branches: pd.DataFrame,
    rules: Rules,
    labels: Labels,
) -> pd.DataFrame:
    """The scored customers as a table to download: translated headers, codes as labels,
    money in whole yuan, one row per customer of ``scored`` in its order."""
    rows = customers.loc[scored.index.to_numpy()]
    branch_names = pd.Series(branches["name"].to_numpy(), index=numbers(branches["id"]).to_numpy())
    data = {
        "id": scored.index.to_numpy(),
        "name": scored["name"].to_numpy(),
        "branch_id": branch_names.reindex(numbers(rows["branch_id"]).to_numpy()).to_numpy(),
        "owner_id": _names(rows["owner_id"], people, "").to_numpy(),
        "customer_revenue": _yuan(rows["customer_revenue"]),
        "winnability": _yuan(rows["winnability"]),
        "demonstration": _yuan(rows["demonstration"]),
        "expected_cooperation_36m": _yuan(rows["expected_cooperation_36m"]),
        "cooperation": _yuan(scored["cooperation"]),
        "unit_price": _yuan(scored["unit_price"]),
        "quantity": _yuan(scored["quantity"]),
        "value_class": label(scored["value_class"], labels.value_class).to_numpy(),
        "strength_level": label(scored["strength_level"], labels.tier).to_numpy(),
        "cooperation_level": label(scored["cooperation_level"], labels.tier).to_numpy(),
        "tier": label(scored["tier"], labels.tier).to_numpy(),
        "upgrade_gap": _yuan(scored["upgrade_gap"]),
        **{f"{d}_points": scored[f"{d}_points"].round(2).to_numpy() for d in POINTS},
        "score": scored["score"].round(2).to_numpy(),
        "priority": label(scored["priority"], labels.priority).to_numpy(),
        "service_level": label(scored["service_level"], labels.service_level).to_numpy(),
        "owner_mismatch_reason": reason_text(scored, rules, labels).to_numpy(),
        "missing_fields": _field_labels(scored["missing_fields"], labels).to_numpy(),
    }
    frame = pd.DataFrame({c: data[c] for c in EXPORT_COLUMNS})
    frame.columns = [labels.t(f"col.{c}") for c in EXPORT_COLUMNS]
    return frame
