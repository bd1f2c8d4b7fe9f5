"""The portraits page's tabs (R3, issue 16): the model is kam/views/portraits; every grid
saves through the one save path, every name reaches the graph only as escaped DOT text."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from kam.edit import action_text
from kam.i18n import plain
from kam.specs import SPECS
from kam.ui.cache import load_table
from kam.ui.common import lang, select, t
from kam.ui.grid import edit_table
from kam.ui.page import Page
from kam.ui.paged import paged_table
from kam.ui.widgets import flash, metrics_row
from kam.views.paging import Listing
from kam.views.portraits import FACT_COLUMNS, PortraitsModel, actions

FLASH = "portraits_flash"
CUSTOMER = "portraits_customer"  # the customer the maps and competitor tabs show (one pick)


def _table(
    frame: pd.DataFrame, empty: str, key: str, *, money: tuple[str, ...] = (), wide: tuple[str, ...] = ()
) -> None:
    """A list whose headers are translated already, a page at a time; money columns by their
    translated key, the cooperation totalled."""
    coop = t("portraits.col.coop")
    listing = Listing(frame, totals=(coop,) if coop in frame.columns else ())
    paged_table(listing, key, empty, money_cols=[t(k) for k in money], wide=[t(k) for k in wide])


def draw_fit(page: Page, m: PortraitsModel) -> None:
    if m.active is not None:
        st.caption(t("portraits.active_is", name=plain(m.label(m.active))))  # a name is user text
    st.subheader(t("portraits.matches"))
    st.caption(t("portraits.fit_vs_match"))
    paged_table(m.matches, "portraits_matches", t("portraits.none_match"), money_cols=m.matches.totals)
    st.subheader(t("portraits.near"))
    wide = (t("portraits.col.missing"),)
    paged_table(m.near, "portraits_near", t("portraits.none_near"), money_cols=m.near.totals, wide=wide)
    st.subheader(t("portraits.spread"))
    st.dataframe(m.spread, hide_index=True)
    st.subheader(t("portraits.facts"))
    st.caption(t("portraits.facts_help"))
    spec = SPECS["customers"]
    facts = dataclasses.replace(spec, columns=tuple(spec.column(c) for c in FACT_COLUMNS))
    rows = load_table(page.db, spec, page.access)
    rows = rows.loc[rows.index.isin(m.frame.index), [*FACT_COLUMNS, "version"]]
    edit_table(page.db, facts, rows, key="portraits_facts", access=page.access, height=380)


def draw_compare(page: Page, m: PortraitsModel) -> None:
    if len(m.portraits) < 2:
        st.info(t("portraits.cmp.need_two"))
        return
    ids = m.portraits["id"].tolist()
    a0, b0 = m.default_pair()
    cols = st.columns(2)
    a = select(
        cols[0],
        t("portraits.cmp.pick_a"),
        ids,
        index=ids.index(a0) if a0 in ids else 1,
        format_func=m.label,
        key="portraits_cmp_a",
    )
    b = select(
        cols[1],
        t("portraits.cmp.pick_b"),
        ids,
        index=ids.index(b0) if b0 in ids else 0,
        format_func=m.label,
        key="portraits_cmp_b",
    )
    if a is None or b is None or a == b:
        st.info(t("portraits.cmp.same"))
        return
    c = m.compare(int(a), int(b))
    if isinstance(c, str):
        st.warning(plain(c))
        return
    for col, pid, n, coop in zip(st.columns(2), (c.earlier, c.later), c.counts, c.cooperation, strict=True):
        with col:
            st.markdown(f"**{plain(m.label(pid))}**")
            metrics_row(m.pair_metrics(n, coop))
    st.subheader(t("portraits.cmp.moved_in", n=len(c.moved_in)))
    _table(c.moved_in, t("portraits.cmp.none"), "portraits_moved_in", money=("portraits.col.coop",))
    st.subheader(t("portraits.cmp.moved_out", n=len(c.moved_out)))
    _table(c.moved_out, t("portraits.cmp.none"), "portraits_moved_out", money=("portraits.col.coop",))


def draw_criteria(page: Page, m: PortraitsModel) -> None:
    st.caption(t("portraits.crit.help"))
    ids = m.portraits["id"].tolist()
    if not ids:
        st.info(t("portraits.no_active"))
    else:
        pick = select(
            st,
            t("portraits.crit.portrait"),
            ids,
            index=ids.index(m.active) if m.active in ids else 0,
            format_func=m.label,
            key="portraits_crit_pick",
        )
        if pick is not None:
            _criteria_of(page, m, int(pick))
    # In the open, not in an expander: a grid drawn hidden has no size to start from.
    st.markdown(f"**{t('portraits.crit.portraits')}**")
    spec = SPECS["r3_portraits"]
    rows = load_table(page.db, spec, page.access)
    edit_table(page.db, spec, rows, key="portraits_all", access=page.access, insert_defaults={"active": 0})


def _criteria_of(page: Page, m: PortraitsModel, pid: int) -> None:
    flash(FLASH)
    if pid == m.active:
        st.success(t("portraits.crit.is_active"))
    else:
        if pid in m.refused:
            st.warning(t("portraits.crit.draft_gap", why=plain(m.refused[pid])))
        if page.access.writes("r3_portraits") and st.button(t("portraits.crit.make_active"), key="portraits_activate"):
            done, problems = actions.make_active(page.db, page.access, pid, lang())
            if done:
                flash(FLASH, ("success", t("portraits.crit.activated", name=plain(m.label(pid).split(" (")[0]))))
                st.rerun()
            st.error(t("portraits.crit.refused", why=action_text(SPECS["r3_portraits"], problems, lang(), page.db)))
    crit_spec = SPECS["r3_criteria"]
    st.markdown(f"**{t('portraits.crit.forces')}**")
    _rows_of(page, "r3_forces", "portrait_id", pid, f"portraits_forces_{pid}")
    forces = load_table(page.db, SPECS["r3_forces"], page.access)
    forces = forces.loc[pd.to_numeric(forces["portrait_id"], errors="coerce") == pid]
    crit = load_table(page.db, crit_spec, page.access)
    crit = crit.loc[pd.to_numeric(crit["force_id"], errors="coerce").isin(forces.index)]
    st.markdown(f"**{t('portraits.crit.criteria')}**")
    first = {"force_id": int(forces.index[0])} if len(forces) else None
    edit_table(page.db, crit_spec, crit, key=f"portraits_criteria_{pid}", access=page.access, insert_defaults=first)


def _customer_pick(m: PortraitsModel, first: str, label: str) -> int | None:
    """One customer of those in scope, by name (pinyin order), those ``first`` names first
    (``gaps``: the key accounts whose map has a gap; ``competitors``: those with competitors)."""
    if not m.names:
        st.info(t("portraits.map.no_customers"))
        return None
    ids = m.customer_ids(first)
    return select(st, t(label), ids, format_func=lambda i: m.names.get(i, str(i)), key=f"{CUSTOMER}_{first}")


def _rows_of(page: Page, table: str, column: str, value: int, key: str, **defaults: object) -> None:
    """The rows of ``table`` whose ``column`` is ``value`` (one customer's key persons, one
    portrait's forces) in the grid editor, that column hidden: every row is that customer's or
    portrait's, and so is a new row."""
    spec = SPECS[table]
    hidden = dataclasses.replace(spec.column(column), hidden=True)
    spec = dataclasses.replace(spec, columns=tuple(hidden if c.name == column else c for c in spec.columns))
    rows = load_table(page.db, spec, page.access)
    rows = rows.loc[pd.to_numeric(rows[column], errors="coerce") == value]
    edit_table(
        page.db,
        spec,
        rows,
        key=key,
        access=page.access,
        insert_defaults={column: value, **defaults},
        empty=t("portraits.rows_empty") if column == "customer_id" else None,
    )


def draw_maps(page: Page, m: PortraitsModel) -> None:
    v = m.maps
    st.subheader(t("portraits.map.flags"))
    st.caption(t("portraits.map.flags_help"))
    _table(
        v.flags,
        t("portraits.map.no_flags"),
        "portraits_flags",
        money=("portraits.col.coop",),
        wide=("portraits.col.gap",),
    )
    customer = _customer_pick(m, "gaps", "portraits.map.pick")
    if customer is not None:
        st.subheader(t("portraits.map.graph"))
        if v.persons(customer):  # else the grid below says how to add the first key person
            st.caption(t("portraits.map.legend"))
            st.graphviz_chart(v.dot(customer), width="content")
        st.markdown(f"**{t('portraits.map.persons')}**")
        _rows_of(page, "customer_contacts", "customer_id", customer, f"portraits_contacts_{customer}", stance="neutral")
    st.subheader(t("portraits.map.overdue"))
    st.caption(t("portraits.map.overdue_help", n=m.review_months))
    _table(v.overdue, t("portraits.map.no_overdue"), "portraits_overdue")


def draw_competitors(page: Page, m: PortraitsModel) -> None:
    v = m.maps
    st.subheader(t("portraits.comp.summary"))
    st.caption(t("portraits.comp.summary_help"))
    _table(v.competitors, t("portraits.comp.none"), "portraits_competitors", money=("portraits.col.price",))
    customer = _customer_pick(m, "competitors", "portraits.comp.pick")
    if customer is not None:
        for title, table, key in (
            ("portraits.comp.of_customer", "customer_competitors", "links"),
            ("portraits.comp.prices", "competitor_prices", "prices"),
        ):
            st.markdown(f"**{t(title)}**")
            _rows_of(page, table, "customer_id", customer, f"portraits_{key}_{customer}")
    st.subheader(t("portraits.comp.list"))
    st.caption(t("portraits.comp.list_help"))
    spec = SPECS["competitors"]
    edit_table(page.db, spec, load_table(page.db, spec, page.access), key="portraits_rivals", access=page.access)


def draw_focus(page: Page, m: PortraitsModel) -> None:
    v = m.maps
    st.caption(t("portraits.focus.help", n=m.focus_limit))
    st.subheader(t("portraits.focus.chosen"))
    spec = SPECS["branch_focus_industries"]
    edit_table(page.db, spec, load_table(page.db, spec, page.access), key="portraits_focus", access=page.access)
    st.subheader(t("portraits.focus.by_industry"))
    _table(
        v.focus,
        t("portraits.map.no_customers"),
        "portraits_focus_customers",
        money=("portraits.col.coop",),
        wide=("portraits.col.chosen_by",),
    )
    if v.unplaced:
        st.caption(t("portraits.focus.unplaced", n=v.unplaced))


__all__ = ["draw_fit", "draw_compare", "draw_criteria", "draw_maps", "draw_competitors", "draw_focus"]
