"""Streamlit sections of the targets page (domain.md R6) that need more than a few lines:
saving a change set outside a grid, the plan's actions, the drivers' growth-formula
calculator and the bulk entry with its preview. The logic is in :mod:`kam.targets`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Mapping
from typing import Any

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.i18n import fmt_rate
from kam.invariants import known_entities
from kam.rules.plan import DriverError, growth_formula
from kam.targets import bulk
from kam.targets import plan as kplan
from kam.types import ChangeSet, TableSpec
from kam.ui import grid
from kam.ui.common import lang, money, t

_MARKDOWN = set("\\`*_{}[]()#+-.!|~:<>$")
MONEY_FORMAT = "%,d"


def plain(text: object) -> str:
    """User text made inert for Streamlit's Markdown (messages, captions)."""
    return "".join("\\" + ch if ch in _MARKDOWN else ch for ch in str(text))


def big_money(amount: float | None) -> str:
    """A key figure: 万/亿 in Chinese; in English millions (a card is too narrow for
    1,001,590,000; the exact yuan go in the card's help)."""
    if lang() == "zh" or amount is None or abs(amount) < 1_000_000:
        return money(amount)
    return f"{amount / 1_000_000:,.1f}M"


def flash(key: str, message: tuple[str, str] | None = None) -> None:
    """Show (and forget) the message left for ``key`` by the run before; or leave one."""
    skey = f"_flash_{key}"
    if message is not None:
        st.session_state[skey] = message
        return
    if skey in st.session_state:
        level, text = st.session_state.pop(skey)
        getattr(st, level)(text)


def save(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    changes: ChangeSet,
    user: str,
    *,
    derive: Callable[[pd.DataFrame, ChangeSet], ChangeSet] | None = None,
    entities: Mapping[str, Collection[int]] | None = None,
) -> tuple[bool, str]:
    """Validate and save a change set made outside a grid, as the grid editor's Save
    does (one transaction, audited, version-checked).

    :returns: (saved, the message to show).
    """
    with known_entities(entities) if entities is not None else contextlib.nullcontext():
        result, problems = grid.save_change_set(db, spec, loaded, changes, user, derive=derive)
    if result is None:
        names = grid.row_names(spec, loaded, changes, {p.row for p in problems if p.row is not None})
        lines = "\n".join(f"- {plain(grid.problem_text(spec, p, names))}" for p in problems)
        return False, t("grid.rejected") + "\n\n" + lines
    return True, t("grid.saved", n=result.total)


def money_columns(
    labels: Mapping[str, str],
    money_cols: Collection[str] = (),
    rate_cols: Collection[str] = (),
    bar_cols: Collection[str] = (),
) -> dict[str, Any]:
    """column_config for a read-only table: headers, money in yuan, rates as % (as a bar
    from 0 to 100% for ``bar_cols``)."""
    config: dict[str, Any] = {}
    for name, label in labels.items():
        if name in bar_cols:
            config[name] = st.column_config.ProgressColumn(label, format="percent", min_value=0.0, max_value=1.0)
        elif name in money_cols:
            config[name] = st.column_config.NumberColumn(label, format=MONEY_FORMAT)
        elif name in rate_cols:
            config[name] = st.column_config.NumberColumn(label, format="percent")
        else:
            config[name] = st.column_config.Column(label)
    return config


# --- the ten-year plan ----------------------------------------------------------------


def plan_actions(
    db: sqlite_utils.Database, spec: TableSpec, plan: pd.DataFrame, actuals: pd.DataFrame, user: str, base_default: int
) -> None:
    """Create a plan, work back a rate from a goal, prefill the base year from the orders."""
    follow = lambda loaded, ch: kplan.follow_plan(spec, loaded, ch)  # noqa: E731
    if plan.empty:
        st.info(t("targets.plan.empty"))
        if st.button(t("targets.plan.create", year=base_default), type="primary", key="plan_create"):
            _act(db, spec, plan, kplan.new_plan(base_default, actuals), user, follow)
        return
    base = kplan.base_year(plan)
    years = [int(y) for y in plan["year"] if int(y) > base]
    with st.container(border=True):
        st.markdown(f"**{t('targets.plan.work_back')}**")
        st.caption(t("targets.plan.work_back_help"))
        cols = st.columns([1, 1.4, 1.2, 1.6])
        if not years:
            cols[0].caption(t("targets.plan.no_years"))
            return
        goal_year = cols[0].selectbox(t("targets.plan.goal_year"), years, index=len(years) - 1, key="plan_goal_year")
        stored = plan.loc[plan["year"] == goal_year, "ka_revenue_target"].iloc[0]
        goal = cols[1].number_input(
            t("targets.plan.goal"),
            min_value=0,
            step=10_000_000,
            key=f"plan_goal_{goal_year}",
            value=int(stored) if pd.notna(stored) else None,
        )
        try:
            rate, changes = kplan.work_back(plan, goal, goal_year)
        except DriverError as err:
            cols[2].metric(t("targets.plan.rate_needed"), "—")
            cols[3].caption(kplan.driver_message(err, lang()))
            rate, changes = None, None
        else:
            cols[2].metric(
                t("targets.plan.rate_needed"),
                fmt_rate(rate),
                help=t(
                    "targets.plan.rate_help",
                    base=money(plan["ka_revenue_target"].iloc[0]),
                    goal=money(goal),
                    years=goal_year - base,
                ),
            )
        if cols[3].button(
            t("targets.plan.apply_rate", first=base + 1, last=goal_year),
            disabled=changes is None,
            key="plan_apply_rate",
        ):
            _act(db, spec, plan, changes, user, follow)
    if base in actuals.index:
        actual = actuals.loc[base, "ka_revenue"]
        target = plan["ka_revenue_target"].iloc[0]
        cols = st.columns([3, 1])
        cols[0].caption(t("targets.plan.base_actual", year=base, actual=money(actual), target=money(target)))
        if cols[1].button(
            t("targets.plan.prefill", year=base),
            key="plan_prefill",
            disabled=pd.notna(target) and int(target) == round(actual),
        ):
            _act(db, spec, plan, kplan.prefill_base(plan, actuals), user, follow)


def _act(
    db: sqlite_utils.Database,
    spec: TableSpec,
    plan: pd.DataFrame,
    changes: ChangeSet,
    user: str,
    follow: Callable[[pd.DataFrame, ChangeSet], ChangeSet],
) -> None:
    ok, text = save(db, spec, plan, changes, user, derive=follow)
    if ok:
        grid.reset("ka_plan", ("success", text))
        grid.reset("ka_drivers")
        st.rerun()
    st.error(text)


def growth_calculator(
    db: sqlite_utils.Database,
    spec: TableSpec,
    plan: pd.DataFrame,
    company_targets: pd.Series,
    user: str,
    default_year: int,
) -> None:
    """R6 growth formula: sales = headcount x customers per person x cooperation per
    customer, with its inputs saved on the plan year's row."""
    years = [int(y) for y in plan["year"]]
    if not years:
        st.caption(t("targets.plan.empty"))
        return
    flash("growth")
    cols = st.columns([1, 1, 1, 1.3])
    year = cols[0].selectbox(
        t("col.year"), years, key="growth_year", index=years.index(default_year) if default_year in years else 0
    )
    saved = kplan.growth_inputs(plan, year)
    values = {
        "headcount": cols[1].number_input(
            t("col.headcount"),
            min_value=0,
            step=1,
            key=f"growth_h_{year}",
            value=None if saved["headcount"] is None else int(saved["headcount"]),
        ),
        "customers_per_person": cols[2].number_input(
            t("col.customers_per_person"),
            min_value=0.0,
            step=0.5,
            key=f"growth_c_{year}",
            value=saved["customers_per_person"],
        ),
        "cooperation_per_customer": cols[3].number_input(
            t("col.cooperation_per_customer"),
            min_value=0,
            step=100_000,
            key=f"growth_p_{year}",
            value=None if saved["cooperation_per_customer"] is None else int(saved["cooperation_per_customer"]),
        ),
    }
    try:
        got = growth_formula(values["headcount"], values["customers_per_person"], values["cooperation_per_customer"])
    except DriverError as err:
        st.caption(kplan.driver_message(err, lang()))
        got = None
    m = st.columns(4)
    m[0].metric(t("targets.growth.sales"), money(got["sales"]) if got else "—", border=True)
    m[1].metric(t("targets.growth.per_person"), money(got["sales_per_person"]) if got else "—", border=True)
    company = company_targets.get(str(year))
    m[2].metric(
        t("targets.growth.company_target", year=year),
        money(company),
        border=True,
        delta=money(got["sales"] - company) if got and company is not None else None,
    )
    if m[3].button(t("targets.growth.save", year=year), key="growth_save", type="primary", disabled=values == saved):
        ok, text = save(db, spec, plan, kplan.growth_changes(plan, year, values), user)
        if ok:
            flash("growth", ("success", text))
            grid.reset("ka_drivers")
            st.rerun()
        st.error(text)


# --- bulk entry -----------------------------------------------------------------------


def bulk_entry(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    ents: pd.DataFrame,
    user: str,
    template: bytes,
    template_name: str,
) -> None:
    """Paste box and file import -> one preview -> one audited save, or nothing."""
    flash("bulk")
    st.caption(t("targets.bulk.help"))
    left, right = st.columns([3, 2], gap="large")
    # A new key after a save empties the paste box and the file picker.
    nonce = st.session_state.get("_bulk_nonce", 0)
    text = left.text_area(
        t("targets.bulk.paste"), height=180, key=f"bulk_paste_{nonce}", placeholder=t("targets.bulk.placeholder")
    )
    with right:
        upload = st.file_uploader(t("targets.bulk.file"), type=["xlsx", "csv"], key=f"bulk_file_{nonce}")
        st.download_button(
            t("targets.bulk.template"),
            data=template,
            file_name=template_name,
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            icon=":material/download:",
            key="bulk_template",
        )
    cells: list[list[Any]] = []
    try:
        if upload is not None:
            cells = bulk.read_file(upload.name, upload.getvalue())
        elif text and text.strip():
            cells = bulk.read_text(text)
    except ValueError as err:
        st.error(t("targets.bulk.unreadable", reason=plain(err)))
        return
    if not cells:
        return
    preview = bulk.preview(cells, spec, loaded, ents, lang())
    _show_preview(spec, preview)
    n = int(preview.rows["action"].isin(["new", "update"]).sum())
    if st.button(t("targets.bulk.save", n=n), type="primary", disabled=not preview.ok, key="bulk_save"):
        ok, message = save(db, spec, loaded, preview.changes, user, entities=bulk.known_ids(ents))
        if ok:
            flash("bulk", ("success", message))
            st.session_state["_bulk_nonce"] = nonce + 1
            grid.reset("targets_tree")
            st.rerun()
        st.error(message)


def _show_preview(spec: TableSpec, preview: bulk.Preview) -> None:
    rows = preview.rows.copy()
    counts = rows["action"].value_counts()
    st.markdown(
        f"**{t('targets.bulk.preview')}** "
        + t(
            "targets.bulk.counts",
            new=int(counts.get("new", 0)),
            update=int(counts.get("update", 0)),
            same=int(counts.get("same", 0)),
            refused=int(counts.get("refused", 0)),
        )
    )
    rows["action"] = rows["action"].map(lambda a: t(f"targets.bulk.action.{a}"))
    invalid = preview.invalid

    def mark(row: pd.Series) -> list[str]:
        bad = invalid.get(int(row["line"]), set())
        return [
            "background-color: #ffd9d9; color: #8a1f1f" if c in bad or (c == "action" and bad) else ""
            for c in row.index
        ]

    labels = {
        "line": t("targets.bulk.line"),
        "entity_type": t("col.entity_type"),
        "entity": t("targets.col.entity"),
        "period": t("col.period"),
        "amount": t("col.amount"),
        "name": t("targets.bulk.found"),
        "current": t("targets.bulk.current"),
        "action": t("targets.bulk.action"),
    }
    st.dataframe(
        rows[list(labels)].style.apply(mark, axis=1),
        hide_index=True,
        column_config=money_columns(labels, ("current",)),
        height=min(400, 38 + 35 * len(rows)),
    )
    if preview.problems:
        lines = "\n".join(f"- {plain(grid.problem_text(spec, p))}" for p in preview.problems)
        st.error(t("targets.bulk.refused") + "\n\n" + lines)
