"""The ten-year key-account plan, its drivers and the growth formula (domain.md R6).

The plan is the ``ka_plan`` table, one row per year; the first year is the base year. Year
y's KA revenue target = year y-1's x (1 + year y's growth rate): :func:`follow_plan` keeps
the stored targets on that chain whenever the plan is saved.
"""

from __future__ import annotations

import copy
import math
from dataclasses import replace
from typing import Any

import pandas as pd

from kam.i18n import fmt_money, translate
from kam.rules.params import Rules, table
from kam.rules.plan import (
    DRIVERS,
    DriverError,
    compound_targets,
    implied_rates,
    solve_driver,
    whole_yuan,
    work_back_rate,
)
from kam.types import ChangeSet, ColumnSpec, RowKey, TableSpec
from kam.validate import apply_changes, is_missing

# Choice: a new plan is the base year (the last complete year) and the ten years after it.
PLAN_YEARS = 10
DRIVER_COMPUTED = [
    "solved",
    "solved_value",
    "count_rounded_up",
    "drivers_revenue",
    "driver_note",
    "actual_ka_count",
    "actual_unit_price",
    "actual_frequency",
]


def _ro(name: str, kind: str) -> ColumnSpec:
    return ColumnSpec(name, kind, label=f"targets.col.{name}", editable=False)  # type: ignore[arg-type]


PLAN_COMPUTED: tuple[ColumnSpec, ...] = (
    _ro("role", "text"),
    _ro("actual_ka_revenue", "money"),
    _ro("revenue_gap", "money"),
    _ro("actual_ka_count", "int"),
    _ro("actual_ka_share", "rate"),
)
PLAN_ORDER = (
    "year",
    "role",
    "growth_rate",
    "ka_revenue_target",
    "actual_ka_revenue",
    "revenue_gap",
    "ka_count_target",
    "actual_ka_count",
    "ka_share_target",
    "actual_ka_share",
    "id",
)
DRIVERS_COMPUTED: tuple[ColumnSpec, ...] = (
    _ro("solved", "text"),
    _ro("solved_value", "number"),
    _ro("count_rounded_up", "int"),
    _ro("drivers_revenue", "money"),
    ColumnSpec("driver_note", "text", label="targets.col.driver_note", editable=False, width=260),
    _ro("actual_ka_count", "int"),
    _ro("actual_unit_price", "money"),
    _ro("actual_frequency", "number"),
)
DRIVERS_ORDER = (
    "year",
    "ka_revenue_target",
    "ka_count_target",
    "unit_price_target",
    "frequency_target",
    "solved",
    "solved_value",
    "count_rounded_up",
    "driver_note",
    "drivers_revenue",
    "actual_ka_count",
    "actual_unit_price",
    "actual_frequency",
    "id",
)


def plan_spec(spec: TableSpec) -> TableSpec:
    """``ka_plan`` as the plan grid edits it: year, growth rate and the three targets."""
    keep = ("id", "year", "growth_rate", "ka_revenue_target", "ka_count_target", "ka_share_target")
    return replace(spec, columns=tuple(c for c in spec.columns if c.name in keep))


def drivers_spec(spec: TableSpec) -> TableSpec:
    """``ka_plan`` as the drivers grid edits it: the three drivers of each plan year
    (the year and its revenue target read-only; years are added on the plan)."""
    editable = ("ka_count_target", "unit_price_target", "frequency_target")
    cols = tuple(
        c if c.name in editable else replace(c, editable=False)
        for c in spec.columns
        if c.name in ("id", "year", "ka_revenue_target", *editable)
    )
    return replace(spec, columns=cols, fixed_rows=True)


def _num(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


# --- the plan grid --------------------------------------------------------------------


def plan_frame(plan: pd.DataFrame, actuals: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The plan rows plus the actual figures of past years beside them and the gap
    (actual - target; below 0 is behind the plan)."""
    out = plan.copy()
    years = pd.to_numeric(out["year"], errors="coerce") if len(out) else pd.Series(dtype="float64")
    got = actuals.reindex(years.to_numpy())
    out["actual_ka_revenue"] = pd.array(got["ka_revenue"].round().to_numpy(), dtype="Int64") if len(out) else []
    out["actual_ka_count"] = pd.array(got["ka_count"].to_numpy(), dtype="Int64") if len(out) else []
    out["actual_ka_share"] = got["ka_share"].to_numpy() if len(out) else []
    target = pd.to_numeric(out["ka_revenue_target"], errors="coerce") if len(out) else pd.Series(dtype="float64")
    out["revenue_gap"] = (
        (out["actual_ka_revenue"].astype("Float64") - target).round().astype("Int64") if len(out) else []
    )
    base = years.min() if len(out) else None
    out["role"] = [translate("targets.plan.base_year", lang) if y == base else "" for y in years]
    return out


def plan_chart_frame(plan: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """``year``, ``target`` (the plan's KA revenue target) and ``actual`` (KA revenue of
    complete years) for every year of either, in order."""
    target = pd.Series(
        pd.to_numeric(plan["ka_revenue_target"], errors="coerce").to_numpy(),
        index=pd.to_numeric(plan["year"], errors="coerce").to_numpy(),
        dtype="float64",
    )
    years = sorted({int(y) for y in target.index if y == y} | {int(y) for y in actuals.index})
    return pd.DataFrame(
        {
            "year": years,
            "target": target.groupby(level=0).first().reindex(years).to_numpy(),
            "actual": actuals["ka_revenue"].reindex(years).to_numpy() if len(actuals) else [float("nan")] * len(years),
        }
    )


def base_year(plan: pd.DataFrame) -> int | None:
    years = pd.to_numeric(plan["year"], errors="coerce").dropna() if len(plan) else pd.Series(dtype="float64")
    return int(years.min()) if len(years) else None


def _set(out: ChangeSet, loaded: pd.DataFrame, key: RowKey, column: str, value: Any) -> None:
    key = key.item() if hasattr(key, "item") else key  # a numpy integer from an index: a plain key
    if isinstance(key, int) and key < 0:
        out.inserts.setdefault(key, {})[column] = value
        return
    out.updates.setdefault(key, {})[column] = value
    if key not in out.versions and key in loaded.index:
        out.versions[key] = int(loaded.at[key, "version"])


def follow_plan(spec: TableSpec, loaded: pd.DataFrame, changes: ChangeSet) -> ChangeSet:
    """R6 compound growth on save: the change set plus the targets (and rates) that follow.

    From the base year (the first year) on, each year's KA revenue target = the year
    before's x (1 + its growth rate), by :func:`kam.rules.plan.compound_targets`
    (compounded unrounded, rounded to whole yuan). A target typed for a later year is kept
    and its rate follows (:func:`kam.rules.plan.implied_rates`: target / the year before's
    - 1), so the years after it follow it. The chain stops at a year without a rate, at a
    missing year, or when the base year has no target: those rows keep what they hold.

    :param loaded: the plan as loaded, indexed by id; ``changes``: typed values.
    """
    # Choice: growth rates are 0-100% (the ``rate`` kind); a typed target below the year
    # before implies a negative rate, which the save refuses on that year's rate.
    out = copy.deepcopy(changes)
    after = apply_changes(spec, loaded, changes)
    if after.empty:
        return out
    after = after.reindex(columns=list(dict.fromkeys([*after.columns, "year", "ka_revenue_target", "growth_rate"])))
    after = after.assign(_year=pd.to_numeric(after["year"], errors="coerce")).dropna(subset=["_year"])
    after = after.sort_values("_year", kind="stable")
    if after.empty:
        return out
    base = _num(after["ka_revenue_target"].iloc[0])
    # Choice: a negative base (refused by the save anyway) derives nothing, like no base.
    if base is None or base < 0:
        return out
    # Choice: a missing year ends the chain: it runs over the rows whose years follow the
    # base year's one by one.
    offset = after["_year"] - after["_year"].iloc[0]
    consecutive = offset == pd.Series(range(len(after)), index=after.index, dtype="float64")
    chain = after[consecutive.astype("int64").cummin().astype(bool)]
    first = int(chain["_year"].iloc[0])
    body = chain.iloc[1:]
    years = body["_year"].astype("int64").to_numpy()
    target = pd.to_numeric(body["ka_revenue_target"], errors="coerce").astype("float64")
    rate = pd.to_numeric(body["growth_rate"], errors="coerce").astype("float64")
    # Choice: a typed target wins over a rate typed in the same row (the rate follows it).
    typed = {k for k, v in changes.updates.items() if "ka_revenue_target" in v}
    typed |= {k for k, v in changes.inserts.items() if not is_missing(v.get("ka_revenue_target"))}
    anchored = pd.Series(body.index.isin(list(typed)), index=body.index) & target.notna()
    rates = pd.Series(rate.to_numpy(), index=years)
    anchors = pd.Series(target.to_numpy(), index=years)[anchored.to_numpy()]
    planned = compound_targets(base, first, rates, anchors).reindex(years)
    implied = implied_rates(base, first, rates, anchors).reindex(years)
    for key, year in zip(body.index, years, strict=True):
        if anchored[key]:
            new_rate = implied[year]
            if pd.notna(new_rate) and (pd.isna(rate[key]) or abs(new_rate - rate[key]) > 1e-12):
                _set(out, loaded, key, "growth_rate", float(new_rate))
        elif pd.notna(planned[year]):
            value = int(planned[year])
            if pd.isna(target[key]) or int(target[key]) != value:
                _set(out, loaded, key, "ka_revenue_target", value)
    return out


def work_back(plan: pd.DataFrame, goal: float, goal_year: int) -> tuple[float, ChangeSet]:
    """R6 working back (倒推): the constant rate from the base year's target to ``goal`` in
    ``goal_year``, and the change set giving every year up to ``goal_year`` that rate.

    :raises DriverError: no base target, a goal year not after the base year, a bad goal.
    """
    plan = plan.sort_values("year")
    base_yr = base_year(plan)
    base = _num(plan["ka_revenue_target"].iloc[0]) if base_yr is not None else None
    rate = work_back_rate(base, goal, (goal_year - base_yr) if base_yr is not None else None)  # type: ignore[arg-type]
    out = ChangeSet()
    for key, year in zip(plan.index, pd.to_numeric(plan["year"]), strict=True):
        if base_yr < year <= goal_year:  # type: ignore[operator]
            _set(out, plan, key, "growth_rate", rate)
    return rate, out


def prefill_base(plan: pd.DataFrame, actuals: pd.DataFrame) -> ChangeSet:
    """The base year's KA revenue, count and share targets set to its actual figures
    (empty when the base year has none)."""
    out = ChangeSet()
    year = base_year(plan)
    if year is None or year not in actuals.index:
        return out
    key = plan.index[pd.to_numeric(plan["year"]) == year][0]
    for column, value in _actual_targets(actuals.loc[year]).items():
        _set(out, plan, key, column, value)
    return out


def _actual_targets(actual: pd.Series) -> dict[str, Any]:
    share = actual["ka_share"]
    return {
        "ka_revenue_target": int(whole_yuan(actual["ka_revenue"])),
        "ka_count_target": int(actual["ka_count"]),
        "ka_share_target": None if pd.isna(share) else round(float(share), 4),
    }


def new_plan(base: int, actuals: pd.DataFrame, years: int = PLAN_YEARS) -> ChangeSet:
    """Rows of a new plan: the base year (prefilled from its actual figures when there
    are some) and the ``years`` years after it, with no rates yet."""
    out = ChangeSet()
    out.inserts[-1] = {"year": base, **(_actual_targets(actuals.loc[base]) if base in actuals.index else {})}
    for i in range(1, years + 1):
        out.inserts[-1 - i] = {"year": base + i}
    return out


# --- drivers --------------------------------------------------------------------------


def driver_labels(rules: Rules, lang: str = "zh") -> dict[str, str]:
    """Each driver's label with its department, e.g. ``客户数（多来）· 销售部``."""
    drivers = table(rules, "r6_drivers")
    col = "label_zh" if lang == "zh" else "label_en"
    return {
        str(r["code"]): f"{r[col]} · {translate('targets.dept.' + str(r['department']), lang)}"
        for _, r in drivers.iterrows()  # three rows
    }


def driver_message(err: DriverError, lang: str = "zh") -> str:
    """A :class:`DriverError` in the UI language."""
    field = translate(f"targets.field.{err.field}", lang)
    return translate(f"targets.err.{err.reason}", lang, field=field)


def _driver_row(revenue: float | None, drivers: dict[str, float | None], lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "solved": "",
        "solved_value": None,
        "count_rounded_up": None,
        "drivers_revenue": None,
        "driver_note": "",
    }
    given = {d: v for d, v in drivers.items() if v is not None}
    if given.get("count") is not None:
        out["count_rounded_up"] = math.ceil(round(given["count"], 9))
    if len(given) == len(DRIVERS):
        product = int(whole_yuan(math.prod(given.values())))
        out["drivers_revenue"] = product
        if revenue is None:
            out["driver_note"] = translate("targets.drivers.no_revenue", lang)
        else:
            gap = product - revenue
            out["driver_note"] = (
                translate("targets.drivers.matches", lang)
                if abs(gap) < 1
                else translate("targets.drivers.all_given", lang, gap=fmt_money(gap, lang))
            )
        return out
    if revenue is None:
        out["driver_note"] = translate("targets.drivers.no_revenue", lang)
        return out
    missing = [d for d in DRIVERS if d not in given]
    if len(missing) > 1:
        names = translate("targets.or", lang).join(translate(f"targets.field.{d}", lang) for d in missing)
        out["driver_note"] = translate("targets.drivers.need_more", lang, n=len(missing) - 1, fields=names)
        return out
    try:
        got = solve_driver(revenue=revenue, **given)
    except DriverError as err:
        out["driver_note"] = driver_message(err, lang)
        return out
    solved = got["solved"]
    out.update(
        solved=translate(f"targets.field.{solved}", lang),
        solved_value=round(got[solved], 2),
        count_rounded_up=got["count_rounded_up"],
        drivers_revenue=int(whole_yuan(revenue)),
        driver_note=translate("targets.drivers.solved", lang, field=translate(f"targets.field.{solved}", lang)),
    )
    return out


def drivers_frame(plan: pd.DataFrame, actuals: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """R6 drivers per plan year: KA revenue = count x unit price x frequency. Given the
    revenue target and two drivers the third is computed (``solved``, ``solved_value``
    with decimals, ``count_rounded_up``); all three given shows their product
    (``drivers_revenue``) against the target; a missing or zero driver is a message in
    ``driver_note``, never an error. Actual drivers of past years stand beside.
    """
    # Choice: the computed driver is shown, never stored: the stored drivers are what the
    # departments commit to, and the blank one follows the revenue target as it changes.
    out = plan.copy()
    columns = {"count": "ka_count_target", "unit_price": "unit_price_target", "frequency": "frequency_target"}
    rows = [
        _driver_row(_num(r["ka_revenue_target"]), {d: _num(r[c]) for d, c in columns.items()}, lang)
        for _, r in plan.iterrows()  # one row per plan year
    ]
    computed = pd.DataFrame(rows, index=plan.index, columns=DRIVER_COMPUTED[:5])
    for col in computed.columns:
        out[col] = computed[col]
    years = pd.to_numeric(plan["year"], errors="coerce") if len(plan) else pd.Series(dtype="float64")
    got = actuals.reindex(years.to_numpy())
    out["actual_ka_count"] = pd.array(got["ka_count"].to_numpy(), dtype="Int64") if len(out) else []
    out["actual_unit_price"] = pd.array(got["unit_price"].round().to_numpy(), dtype="Int64") if len(out) else []
    out["actual_frequency"] = got["frequency"].round(2).to_numpy() if len(out) else []
    return out


def growth_inputs(plan: pd.DataFrame, year: int) -> dict[str, float | None]:
    """The growth-formula calculator's saved inputs of ``year`` (None when not saved)."""
    row = plan[pd.to_numeric(plan["year"], errors="coerce") == year]
    names = ("headcount", "customers_per_person", "cooperation_per_customer")
    if row.empty:
        return dict.fromkeys(names)
    return {n: _num(row[n].iloc[0]) for n in names}


def growth_changes(plan: pd.DataFrame, year: int, values: dict[str, float | None]) -> ChangeSet:
    """The change set saving the calculator's inputs on ``year``'s plan row."""
    out = ChangeSet()
    key = plan.index[pd.to_numeric(plan["year"], errors="coerce") == year][0]
    for name, value in values.items():
        _set(out, plan, key, name, value)
    return out
