"""Drawing the honor rolls page (issue 15): the period picker, the period's state and its
close, the stage (a podium per ranked honor, the clubs' members, the camp board with its
last place), the full rolls, what changed since a close, a person's history, the hall of
the year and the commission. The model: kam.views.honors; names are data in tables and
text marks, never markup."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from kam.i18n import fmt_money, name_key, plain
from kam.ui.charts.podium import podium_chart
from kam.ui.charts.spec import show
from kam.ui.closing import close_controls
from kam.ui.common import lang, select, t
from kam.ui.page import Page
from kam.ui.widgets import downloads, flash, metrics_row, show_table
from kam.views import Metric, honors
from kam.views.honors import commission

FLASH = "honors"
STAGE_ROWS = 8  # a stage card's list: the full roll is on the rolls tab
_STATE = "_kam_honors_"


def _keep(name: str, widget: str) -> None:
    """Remember a picker's choice; a segmented control clicked again on its choice gives
    None (it deselects): the choice stays."""
    if st.session_state.get(widget) is not None:
        st.session_state[_STATE + name] = st.session_state[widget]


def period_picker(as_of: dt.date) -> str:
    """The period type and the period (newest first: the one holding the as-of date is
    live); both outlive a page switch. The labels never change with a close (a changed
    label would make Streamlit reset the picker)."""
    cols = st.columns([3, 2, 3], vertical_alignment="bottom")
    kind = st.session_state.get(_STATE + "kind", "month")
    key = f"_w_honors_kind_{lang()}"
    st.session_state[key] = kind
    cols[0].segmented_control(
        t("honors.kind"),
        honors.KINDS,
        key=key,
        format_func=lambda k: t(f"enum.period.{k}"),
        on_change=_keep,
        args=("kind", key),
    )
    kind = st.session_state.get(key) or kind
    options = honors.period_options(kind, as_of)
    chosen = st.session_state.get(_STATE + f"period_{kind}", honors.default_period(kind, as_of))
    if chosen not in options:
        chosen = honors.default_period(kind, as_of)
    pkey = f"_w_honors_period_{kind}_{lang()}"
    st.session_state[pkey] = chosen
    select(cols[1], t("honors.period"), options, key=pkey, on_change=_keep, args=(f"period_{kind}", pkey))
    return str(st.session_state.get(pkey) or chosen)


def draw_state(page: Page, m: honors.HonorsModel, today: dt.date) -> None:
    """Closed or live, by whom and when, and the close / reopen for those who may."""
    flash(FLASH)
    close_controls(page, m.period, m.close(), today, FLASH, t(f"honors.kept.{m.kind}"), as_of=m.as_of)
    if m.close() is not None and not m.kept:
        st.caption(t("honors.not_kept", period=m.period))
    closed = [p for p in honors.period_options(m.kind, m.as_of) if p in m.figures.data.closed]
    if closed:  # the picker's labels never change with a close: the closed ones are named here
        st.caption(t(f"honors.closed.{m.kind}", periods=t("honors.list_sep").join(closed)))


def _columns(*keys: str) -> dict[str, str]:
    """The headers of the columns ``keys`` (``honors.col.<key>``), in this order."""
    return {key: t(f"honors.col.{key}") for key in keys}


def _figure_text(honor: pd.Series, value: float) -> str:
    if pd.isna(value):
        return ""
    return fmt_money(value, lang()) if honor["metric"] == "sales" else f"{int(round(value)):,}"


def _roll_table(
    m: honors.HonorsModel, honor: pd.Series, winners: pd.DataFrame, max_rows: int = 10, exact: bool = False
) -> None:
    """One honor's winners; ``exact``: sales in whole yuan (the full roll, to the yuan), else
    as a summary figure (the stage's cards)."""
    shown = winners.assign(figure_text=[_figure_text(honor, v) for v in winners["figure"]])
    labels = _columns("rank", "name")
    if honor["awarded_to"] == "person":
        labels["team"] = t("honors.col.team")
    else:  # a team's honor (the legion award): the name is the team's
        labels["name"] = t("honors.col.team")
    labels["branch"] = t("honors.col.branch")  # a per-branch or per-team honor's group is its branch or team
    money = exact and honor["metric"] == "sales"
    if money:
        labels["figure"] = t("enum.metric.sales")  # in whole yuan, as the header says
    elif honor["metric"] == "sales":
        labels["figure_text"] = t("honors.col.sales")  # a summary figure (万, M): no "(yuan)"
    else:
        labels["figure_text"] = t(f"enum.metric.{honor['metric']}")
    note = pd.Series("", index=shown.index, dtype="string")
    note = note.mask(shown["runner_up"], t("honors.runner_up")).mask(shown["last_place"], t("honors.last_place"))
    if (note != "").any():  # the camp board's last place, a podium's runners-up
        shown["note"] = note
        labels["note"] = t("honors.col.note")
    show_table(shown, labels, money=("figure",) if money else (), right=("figure_text",), max_rows=max_rows)


def _nobody(m: honors.HonorsModel, code: str) -> str:
    """No winner: in the period, or only in the branch or team the filter shows (someone
    elsewhere won it)."""
    elsewhere = (m.branch is not None or m.team is not None) and code in m.won_anywhere
    return t("honors.nobody_filtered" if elsewhere else "honors.nobody")


def draw_stage(m: honors.HonorsModel) -> None:
    """A card per honor: what wins it, then a podium (a company-wide ranked honor), or its
    members (a club, a per-branch crown), or the camp board with its last place."""
    rows = m.honors()
    if rows.empty:
        st.info(t("honors.no_honors", kind=t(f"enum.period.{m.kind}")))
        return
    cols = st.columns(2) if len(rows) > 1 else [st.container()]  # one honor (the week's board): full width
    for i, (_, honor) in enumerate(rows.iterrows()):
        with cols[i % len(cols)].container(border=True):
            st.subheader(plain(m.label(str(honor["code"]))), anchor=False)  # a rules label: Markdown-inert
            st.caption(m.rule_text(honor))
            winners = m.winners(str(honor["code"]))
            won = winners.loc[~winners["last_place"] & ~winners["runner_up"]]
            if winners.empty or (won.empty and not m.is_board(honor)):  # a board shows its last place alone too
                st.caption(_nobody(m, str(honor["code"])))
                continue
            if m.has_podium(honor):
                places = m.podium(str(honor["code"]))
                places["figure_text"] = [_figure_text(honor, v) for v in places["figure"]]
                show(st, podium_chart(places))
                if winners["runner_up"].any():
                    st.caption(t("honors.runners_up_note"))
            else:
                winners = winners.loc[~winners["runner_up"]].reset_index(drop=True)  # the podium's, not the honor's
                _roll_table(m, honor, winners, max_rows=STAGE_ROWS)
                if len(winners) > STAGE_ROWS:
                    st.caption(t("honors.more", shown=STAGE_ROWS, n=len(winners)))


def draw_rolls(page: Page, m: honors.HonorsModel) -> None:
    """Every honor's full roll with the figures; for a closed period, what the live figures
    would give now beside what was kept."""
    for _, honor in m.honors().iterrows():
        code = str(honor["code"])
        winners = m.winners(code)
        won = winners.loc[~winners["last_place"] & ~winners["runner_up"]]
        st.subheader(f"{plain(m.label(code))} · {len(won)}", anchor=False)
        st.caption(m.rule_text(honor))
        if won.empty:
            st.caption(_nobody(m, code))
        if not winners.empty:  # a board's last place, a podium's runners-up: listed as on the stage
            _roll_table(m, honor, winners, max_rows=15, exact=True)
    if m.close() is not None:
        st.subheader(t("honors.changes"), anchor=False)
        st.caption(t("honors.changes_help"))
        diff = honors.changes(page.db, m)
        if diff.empty:
            st.caption(t("honors.no_changes"))
        else:
            labels = _columns("honor", "name", "kept_rank", "kept", "live_rank", "live")
            show_table(diff, labels, money=("kept", "live"))


def draw_history(page: Page, m: honors.HonorsModel) -> None:
    """One person's honors across periods (kept ones and live ones)."""
    people = m.figures.org.people
    names = dict(zip(people["id"].astype(int), people["name"].astype(str), strict=True))
    if not names:
        st.info(t("honors.no_people"))
        return
    mine = page.account.person_id
    ids = sorted(names, key=lambda i: (i != mine, name_key(names[i]), i))  # their own first, then by pinyin
    person = select(st, t("honors.person"), ids, format_func=lambda i: names[i], key=f"honors_person_{lang()}")
    if person is None:
        return
    frame = honors.history(page.db, m, int(person))
    if frame.empty:
        st.caption(t("honors.no_history", name=plain(names[int(person)])))
        return
    labels = {"period": t("honors.period"), **_columns("honor", "rank", "figure", "measure", "state")}
    show_table(frame, labels, right=("figure",), max_rows=20)


def draw_hall(page: Page, m: honors.HonorsModel) -> None:
    """The year's hall, company-wide: who won most, and the year's own honors."""
    year = int(m.period[:4])
    n, closed = honors.hall_periods(m, year)
    st.caption(t("honors.hall_help", year=year) + " " + t("honors.hall_state", n=n, closed=closed))
    frame = honors.hall(page.db, m, year)
    if frame.empty:
        st.caption(t("honors.no_hall", year=year))
        return
    # Company-wide: each person by branch (their team is on their history); room for the year's honors.
    labels = _columns("name", "branch", "honors", "months_star", "year_honors")
    show_table(frame, labels, wide=("year_honors",), max_rows=20)


def draw_commission(page: Page, m: honors.HonorsModel) -> None:
    """R14 of the period's year: the ladder per person, team and branch totals, the export."""
    year = int(m.period[:4])
    c = commission.load(page.db, page.access, year=year, as_of=m.as_of, lang=page.lang, branch=m.branch, team=m.team)
    st.caption(t("honors.pay.kept" if c.kept else "honors.pay.live", year=year))
    st.caption(t("honors.pay.bands", bands=_bands_text(c.bands)))
    if c.people.empty:
        st.info(t("honors.pay.empty", year=year))
        return
    metrics_row(
        (
            Metric(t("honors.pay.m_people"), f"{len(c.people):,}"),
            Metric(t("honors.pay.m_sales"), fmt_money(c.people["sales"].sum(), lang())),
            Metric(t("honors.pay.m_commission"), fmt_money(c.people["commission"].sum(), lang())),
        )
    )
    labels = {**_columns("name", "team", "branch"), "sales": t("honors.pay.sales")}
    for b in c.bands.itertuples():
        labels[f"band_{int(b.band)}_commission"] = t("honors.pay.band_short", n=int(b.band), rate=f"{b.rate * 100:g}%")
    labels["commission"] = t("honors.pay.commission")
    show_table(c.people, labels, money=[k for k in labels if k not in ("name", "team", "branch")], max_rows=15)
    if len(c.people) < 2:  # a salesperson's own line: no team or branch totals to compare
        _payroll_downloads(page, c)
        return
    cols = st.columns(2)
    totals = {
        "people": t("honors.pay.people"),
        "sales": t("honors.pay.sales"),
        "commission": t("honors.pay.commission"),
    }
    with cols[0]:
        st.subheader(t("honors.pay.by_team"), anchor=False)
        show_table(c.teams, {"team": t("honors.col.team"), **totals}, money=("sales", "commission"), max_rows=10)
    with cols[1]:
        st.subheader(t("honors.pay.by_branch"), anchor=False)
        show_table(c.branches, {"branch": t("honors.col.branch"), **totals}, money=("sales", "commission"))
    _payroll_downloads(page, c)


def _payroll_downloads(page: Page, c: commission.Commission) -> None:
    dl = st.columns([1, 1, 4])
    downloads(
        dl[:2],
        lambda: commission.payroll_frame(c, page.lang),
        commission.payroll_file(c, page.lang),
        t("honors.pay.sheet"),
        commission.payroll_formats(c, page.lang),
    )


def _bands_text(bands: pd.DataFrame) -> str:
    parts = []
    for b in bands.itertuples():
        rate = f"{b.rate * 100:g}%"
        if pd.isna(b.to_amount):
            parts.append(t("honors.pay.band_top", rate=rate, low=fmt_money(b.from_amount, lang())))
        else:
            parts.append(
                t(
                    "honors.pay.band",
                    rate=rate,
                    low=fmt_money(b.from_amount, lang()),
                    high=fmt_money(b.to_amount, lang()),
                )
            )
    return t("honors.list_sep").join(parts)
