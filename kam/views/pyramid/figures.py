"""The customer pyramid page without Streamlit (domain.md R1, R2, R4, R5, R13).

Scope filters, labels, key figures, the frames behind the charts and click-through: pure
functions of the scored customers (:func:`kam.rules.scoring.score_customers`), the rules
tables and the UI language. The lists, the grid and the export are in
:mod:`kam.views.pyramid.tables`; ``pages/pyramid.py`` only draws what these return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kam.i18n import fmt_money, fmt_rate, translate
from kam.rules.params import Rules, numbers, table
from kam.rules.structure import NO_DATA, structure
from kam.rules.value import UNRATED

# The Pareto principle's reference line on the curve (a picture, not a rule threshold:
# nothing is classified by it; the measured top share comes from rule_params).
PARETO_LINE = 0.8


PARETO_POINTS = 400  # drawn of a Pareto curve: finer than a chart's pixels across


# Colour of the structure-health badge per r5_health_bands code (the codes are fixed rows).
HEALTH_COLORS = {"healthy": "green", "building": "orange", "unhealthy": "red", NO_DATA: "gray"}


# Focus (click-through) codes: "" all customers; "tier:<code>"; "cell:<price>:<quantity>";
# "upgrade" the upgrade targets; "mismatch" the mismatched owners.
ALL = ""


ANY = 0  # "all" in the branch / team / owner filters (ids start at 1)


UPGRADE = "upgrade"


MISMATCH = "mismatch"


def _codes(rules: Rules, name: str, order: str | None, lang: str) -> dict[str, str]:
    """code -> label of a rules table in the UI language, in its order (highest first)."""
    t = table(rules, name)
    if order:
        t = t.sort_values(order, ascending=False)
    column = "label_zh" if lang == "zh" else "label_en"
    return {str(c): str(lbl) if pd.notna(lbl) else str(c) for c, lbl in zip(t["code"], t[column], strict=True)}


@dataclass(frozen=True)
class Labels:
    """Translated labels of every code the page shows (from the rules tables)."""

    lang: str
    tier: dict[str, str]
    value_class: dict[str, str]
    price_level: dict[str, str]
    quantity_level: dict[str, str]
    priority: dict[str, str]
    service_level: dict[str, str]
    health: dict[str, str]
    rank: dict[str, str]

    @classmethod
    def from_rules(cls, rules: Rules, lang: str) -> Labels:
        classes = _codes(rules, "r1_value_classes", "class_order", lang)
        classes[UNRATED] = translate("pyramid.unrated", lang)
        health = _codes(rules, "r5_health_bands", "min_share", lang)
        health[NO_DATA] = translate("pyramid.no_data", lang)
        return cls(
            lang=lang,
            tier=_codes(rules, "r2_tiers", "tier_order", lang),
            value_class=classes,
            price_level=_codes(rules, "r1_price_levels", "level_order", lang),
            quantity_level=_codes(rules, "r1_quantity_levels", "level_order", lang),
            priority=_codes(rules, "r4_priorities", "min_score", lang),
            service_level=_codes(rules, "r13_service_levels", "level_order", lang),
            health=health,
            rank=_codes(rules, "ranks", None, lang),
        )

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def money(self, amount: float | None) -> str:
        return fmt_money(amount, self.lang)


def label(codes: pd.Series, labels: dict[str, str], empty: str = "") -> pd.Series:
    """Each code's label (a code without one as itself, a missing code as ``empty``), looked
    up once per distinct code (a few over 50,000 customers)."""
    where, distinct = pd.factorize(codes)
    names = np.array([labels.get(code, code) for code in distinct] + [empty], dtype=object)
    return pd.Series(names[where], index=codes.index, dtype=object)


@dataclass(frozen=True)
class Summary:
    customers: int
    key_accounts: int
    total_cooperation: float
    key_account_share: float
    health: str
    top_share_count: int
    top_share: float
    top_n: int
    top_n_share: float
    upgrade_targets: int
    mismatched: int
    incomplete: int
    unrated: int


def summary(scored: pd.DataFrame, shape: dict[str, Any]) -> Summary:
    """Key figures of the customers in scope; ``shape`` is :func:`kam.rules.structure.structure`."""
    return Summary(
        customers=len(scored),
        key_accounts=int(scored["key_account"].sum()),
        total_cooperation=float(shape["total_cooperation"]),
        key_account_share=float(shape["key_account_share"]),
        health=str(shape["health"]),
        top_share_count=int(shape["top_share_count"]),
        top_share=float(shape["top_share"]),
        top_n=len(shape["top_n"]),
        top_n_share=float(shape["top_n_share"]),
        upgrade_targets=int(scored["upgrade_target"].sum()),
        mismatched=int(scored["owner_mismatch"].sum()),
        incomplete=int(scored["incomplete"].sum()),
        unrated=int((scored["value_class"] == UNRATED).sum()),
    )


def shape_of(scored: pd.DataFrame, rules: Rules) -> dict[str, Any]:
    """R5 structure of the customers in scope."""
    return structure(scored, rules)


def _share(part: pd.Series, total: float) -> pd.Series:
    return (part / total).astype("float64") if total else pd.Series(0.0, index=part.index)


def tier_frame(shape: dict[str, Any], labels: Labels) -> pd.DataFrame:
    """One row per tier, highest first: customers, cooperation, their shares and texts."""
    by_tier = shape["by_tier"]
    frame = pd.DataFrame(
        {
            "tier": [str(c) for c in by_tier.index],
            "label": [labels.tier.get(str(c), str(c)) for c in by_tier.index],
            "position": np.arange(len(by_tier)),
            "customers": by_tier["customers"].to_numpy(),
            "cooperation": by_tier["cooperation"].to_numpy(),
        }
    )
    frame["customer_share"] = _share(frame["customers"], float(frame["customers"].sum()))
    frame["cooperation_share"] = _share(frame["cooperation"], float(frame["cooperation"].sum()))
    frame["customers_text"] = [labels.t("pyramid.count", n=f"{n:,}") for n in frame["customers"]]
    frame["cooperation_text"] = [
        f"{labels.money(a)} · {fmt_rate(s)}" if a else labels.money(a)
        for a, s in zip(frame["cooperation"], frame["cooperation_share"], strict=True)
    ]
    return frame


def _map_cells(rules: Rules, labels: Labels) -> pd.DataFrame:
    """The cells of r1_value_map with their labels, high price first, small quantity first."""
    vmap = table(rules, "r1_value_map")
    price_order = {c: i for i, c in enumerate(labels.price_level)}  # highest first
    quantity_order = {c: i for i, c in enumerate(reversed(labels.quantity_level))}  # lowest first
    frame = pd.DataFrame(
        {
            "price_level": vmap["price_level"].astype(str).to_numpy(),
            "quantity_level": vmap["quantity_level"].astype(str).to_numpy(),
            "value_class": vmap["value_class"].astype(str).to_numpy(),
        }
    )
    frame["price_label"] = label(frame["price_level"], labels.price_level)
    frame["quantity_label"] = label(frame["quantity_level"], labels.quantity_level)
    frame["class_label"] = label(frame["value_class"], labels.value_class)
    frame["price_order"] = frame["price_level"].map(price_order).fillna(len(price_order)).astype("int64")
    frame["quantity_order"] = frame["quantity_level"].map(quantity_order).fillna(len(quantity_order)).astype("int64")
    return frame.sort_values(["price_order", "quantity_order"]).reset_index(drop=True)


def value_map_frame(scored: pd.DataFrame, rules: Rules, labels: Labels) -> pd.DataFrame:
    """The 3x3 value map: one row per (price level, quantity level) of r1_value_map, with
    its value class, customers and cooperation (R5 window)."""
    frame = _map_cells(rules, labels)
    amounts = numbers(scored["structure_cooperation"]).fillna(0.0).to_numpy()
    # Each customer's cell by a dict of the map's few (price, quantity) pairs, then counted
    # and summed on the cells' numbers (a groupby of two text columns cost 15 ms at 10,000).
    cells = list(zip(frame["price_level"], frame["quantity_level"], strict=True))
    # A cell with a missing level holds nobody (as a groupby drops missing keys).
    named = [key for key in dict.fromkeys(cells) if all(isinstance(k, str) for k in key)]
    slot = {key: i for i, key in enumerate(named)}
    price, quantity = scored["price_level"].to_numpy(dtype=object), scored["quantity_level"].to_numpy(dtype=object)
    pairs = zip(price, quantity, strict=True)
    at = np.fromiter((slot.get(key, -1) for key in pairs), dtype=np.int64, count=len(scored))
    hit = at >= 0
    count = np.append(np.bincount(at[hit], minlength=len(slot)), 0)  # the last: no cell
    # Summed by pandas on the cells' numbers: the same compensated sum as before, bit for bit.
    sums = pd.Series(amounts[hit]).groupby(at[hit]).sum().reindex(range(len(slot)), fill_value=0.0)
    total = np.append(sums.to_numpy(dtype="float64"), 0.0)
    rows = np.array([slot.get(key, -1) for key in cells], dtype=np.int64)
    frame["customers"] = count[rows].astype("int64")
    frame["cooperation"] = total[rows].astype("float64")
    frame["cooperation_text"] = [labels.money(a) for a in frame["cooperation"]]
    frame["text"] = [
        f"{cls}\n{labels.t('pyramid.count', n=f'{n:,}')} · {labels.money(a)}"
        for cls, n, a in zip(frame["class_label"], frame["customers"], frame["cooperation"], strict=True)
    ]
    top = float(frame["cooperation"].max()) if len(frame) else 0.0
    frame["dark"] = (frame["cooperation"] > top / 2) if top else False
    return frame


def class_share_frame(shape: dict[str, Any], labels: Labels) -> pd.DataFrame:
    """R5 cooperation share by value class (highest class first, unrated last), as texts."""
    by_class = shape["by_value_class"]
    return pd.DataFrame(
        {
            "value_class": [labels.value_class.get(str(c), str(c)) for c in by_class.index],
            "customers": by_class["customers"].to_numpy(),
            "cooperation": [labels.money(a) for a in by_class["cooperation"]],
            "share": [fmt_rate(v) for v in by_class["share"]],
        }
    )


def health_bands_text(rules: Rules, labels: Labels) -> str:
    """The r5_health_bands as one line, e.g. "健康 ≥ 50%；建设中 ≥ 30%；不健康 ≥ 0%"."""
    bands = table(rules, "r5_health_bands").sort_values("min_share", ascending=False)
    return labels.t("pyramid.sep").join(
        labels.t("pyramid.health_band", label=labels.health.get(c, c), min=fmt_rate(float(m)))
        for c, m in zip(bands["code"], bands["min_share"], strict=True)
    )


def pareto_frame(shape: dict[str, Any], points: int = PARETO_POINTS) -> pd.DataFrame:
    """The Pareto curve from the origin: customer_share (x) and cumulative_share (y), at
    most ``points`` of them (issue 17: a chart of 33,000 points at 50,000 customers drew
    nothing a person could tell from 400): evenly spaced over the customers' ranks, the
    origin and the last customer (100%, 100%) always among them."""
    curve = shape["pareto"][["rank", "customer_share", "cumulative_share"]]
    if not len(curve):
        return curve.copy()
    origin = pd.DataFrame({"rank": [0], "customer_share": [0.0], "cumulative_share": [0.0]})
    full = pd.concat([origin, curve], ignore_index=True)
    if len(full) <= points:
        return full
    keep = np.unique(np.linspace(0, len(full) - 1, points).round().astype("int64"))
    return full.iloc[keep].reset_index(drop=True)


def focus_options(rules: Rules, labels: Labels) -> dict[str, str]:
    """Focus code -> label, for the selector beside the grid (all, each tier, each map
    cell, the upgrade targets, the mismatched owners)."""
    out = {ALL: labels.t("pyramid.focus.all")}
    for code, label in labels.tier.items():
        out[f"tier:{code}"] = labels.t("pyramid.focus.tier", tier=label)
    for r in _map_cells(rules, labels).itertuples(index=False):
        out[f"cell:{r.price_level}:{r.quantity_level}"] = labels.t(
            "pyramid.focus.cell", price=r.price_label, quantity=r.quantity_label, cls=r.class_label
        )
    out[UPGRADE] = labels.t("pyramid.focus.upgrade")
    out[MISMATCH] = labels.t("pyramid.focus.mismatch")
    return out


def focus_mask(scored: pd.DataFrame, focus: str) -> pd.Series:
    """The customers a focus code selects (all for "" or an unknown code)."""
    parts = (focus or ALL).split(":")
    if parts[0] == "tier" and len(parts) == 2:
        return scored["tier"] == parts[1]
    if parts[0] == "cell" and len(parts) == 3:
        return (scored["price_level"] == parts[1]) & (scored["quantity_level"] == parts[2])
    if focus == UPGRADE:
        return scored["upgrade_target"].astype(bool)
    if focus == MISMATCH:
        return scored["owner_mismatch"].astype(bool)
    return pd.Series(True, index=scored.index)


def focus_of_tier_pick(points: list[dict[str, Any]]) -> str:
    """The focus a click on the tier chart asks for ("" when the click cleared it)."""
    tiers = [p.get("tier") for p in points or [] if p.get("tier")]
    return f"tier:{tiers[0]}" if tiers else ALL


def focus_of_cell_pick(points: list[dict[str, Any]]) -> str:
    """The focus a click on the value map asks for ("" when the click cleared it)."""
    cells = [p for p in points or [] if p.get("price_level") and p.get("quantity_level")]
    return f"cell:{cells[0]['price_level']}:{cells[0]['quantity_level']}" if cells else ALL
