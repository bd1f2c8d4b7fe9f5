"""The talent page's drawing (issue 14): one function per tab; the tables are built in
kam.views.talent.tables. User text (names) is data: shown in tables and charts as values,
made inert for Markdown where a label shows it, escaped in the graph's DOT."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from kam.dot import dot_text
from kam.edit import action_text
from kam.i18n import fmt_money, plain
from kam.rules.params import int_param, param, table
from kam.specs import SPECS
from kam.ui.cache import load_table
from kam.ui.charts.bars import grouped_bars
from kam.ui.charts.spec import show
from kam.ui.closing import close_controls
from kam.ui.common import lang, select, t
from kam.ui.grid import edit_table
from kam.ui.page import Page
from kam.ui.widgets import downloads, flash, show_frame
from kam.views import talent
from kam.views.talent import actions
from kam.views.talent import tables as tt

# Fill colours of the command ranks by their command_order (lowest first), darker upwards.
RANK_COLOURS = ("#c6dbef", "#6baed6", "#2171b5", "#08519c")
DARK_FROM = 2  # from this place in RANK_COLOURS the label is white
NO_RANK_COLOUR = "#f4f4f4"
LACKS_COLOUR = "#d62728"  # the border of a holder whose team lacks the structure
READY_COLOUR = "#2ca02c"  # the border of someone whose team qualifies them for the next rank
_LACKS = f', color="{LACKS_COLOUR}", penwidth=2.5'
_READY = f', color="{READY_COLOUR}", penwidth=2.5, style="rounded,filled,dashed"'
FLASH = "talent"  # the key of the message an action leaves for the next run
PIPE_COLOURS = {"in_camp": "#2171b5", "entered": "#6baed6", "completed": "#9e9e9e"}


def _height(rows: int, most: int = 560) -> int:
    """A read-only table's height: every row up to ``most`` pixels, then it scrolls."""
    return min(most, 38 + 35 * max(rows, 1))


def draw_pipeline(page: Page, m: talent.TalentModel, quarter: str) -> None:
    long = tt.pipeline(m, quarter)
    st.subheader(f"{t('talent.pipe.chart')} · {quarter}")
    order = list(dict.fromkeys(long["camp"]))
    whats = [t(f"talent.pipe.{k}") for k in PIPE_COLOURS]
    colours = dict(zip(whats, PIPE_COLOURS.values(), strict=True))
    show(st, grouped_bars(long, x="camp", group="what", y="value", x_order=order, colours=colours, height=260))
    st.subheader(t("talent.pipe.path"))
    options = {int(i): m.name(i) for i in m.ids}
    if options:
        pick = select(st, t("talent.pipe.pick"), list(options), format_func=options.get, key="talent_path_pick")
        show_frame(tt.path(m, pick), t("talent.pipe.no_path"))
    else:
        st.caption(t("talent.cmd.empty"))
    st.subheader(t("talent.pipe.grid"))
    spec = SPECS["camp_enrolments"]
    rows = load_table(page.db, spec, page.access)
    insert = {"start_date": m.as_of.isoformat(), "status": "enrolled"}
    edit_table(page.db, spec, rows, key="talent_enrolments", access=page.access, insert_defaults=insert, height=320)


def draw_clearances(page: Page, m: talent.TalentModel) -> None:
    st.caption(t("talent.clr.help", year=int_param(m.figures.rules, "r9_records_began_year")))
    st.subheader(t("talent.clr.due"))
    show_frame(tt.due_table(m), t("talent.clr.none_due"))
    waiting = m.clearances().loc[m.unentered()]
    if len(waiting):
        year = int_param(m.figures.rules, "r9_records_began_year")
        st.caption(t("talent.clr.to_enter", n=len(waiting), people=waiting["person_id"].nunique(), year=year))
    st.subheader(t("talent.clr.matrix"))
    wide = tt.clearance_matrix(m)
    if len(wide):
        st.dataframe(wide, hide_index=True, width="stretch", height=_height(len(wide)))
    else:
        st.caption(t("talent.cmd.empty"))
    sellers = {int(i): m.name(i) for i in m.sellers}
    if sellers:
        st.subheader(t("talent.clr.person"))
        who = select(st, t("talent.pipe.pick"), list(sellers), format_func=sellers.get, key="talent_clr_pick")
        show_frame(tt.person_clearances(m, who), t("talent.cmd.empty"))
    st.subheader(t("talent.clr.grid"))
    spec = SPECS["clearance_results"]
    rows = load_table(page.db, spec, page.access)
    insert = {"result_date": m.as_of.isoformat(), "passed": False}
    edit_table(page.db, spec, rows, key="talent_results", access=page.access, insert_defaults=insert, height=320)


def draw_cadre(page: Page, m: talent.TalentModel, today: dt.date) -> None:
    flash(FLASH)
    rules = m.figures.rules
    st.caption(
        t(
            "talent.cadre.help",
            months=int_param(rules, "r9_cadre_window_months"),
            sales=fmt_money(param(rules, "r9_cadre_min_sales"), lang()),
            customers=int_param(rules, "r9_cadre_min_customers"),
            new_self=int_param(rules, "r9_cadre_min_new_self"),
            bar=int_param(rules, "r9_assessment_pass"),
        )
    )
    st.subheader(t("talent.cadre.list"))
    cols = st.columns([4, 1, 1])
    name = f"{t('talent.cadre.file')}_{m.as_of.isoformat()}"
    downloads(cols[1:], lambda: tt.export_frame(m), name, t("talent.tab.cadre"))
    frame = tt.cadre_table(m)
    if frame.empty:
        st.caption(t("talent.cadre.empty"))
    else:
        money = {tt.sales_label(m): st.column_config.NumberColumn(format="localized")}
        st.dataframe(frame, hide_index=True, width="stretch", height=_height(len(frame)), column_config=money)
    if page.access.reads("hr_assessments"):
        st.subheader(t("talent.cadre.grid"))
        if page.access.writes("hr_assessments"):
            day = actions.approval_day(page.db, today)
            st.caption(t("talent.cadre.judged_on", day=day.isoformat(), as_of=m.as_of.isoformat()))
        spec = SPECS["hr_assessments"]
        rows = load_table(page.db, spec, page.access)
        insert = {"assessment_date": today.isoformat(), "decision": "pending"}
        edit_table(
            page.db, spec, rows, key="talent_assessments", access=page.access, insert_defaults=insert, height=280
        )
        _enrol_approved(page, m, today)


def _enrol_approved(page: Page, m: talent.TalentModel, today: dt.date) -> None:
    if not page.access.writes("camp_enrolments"):
        return
    waiting = m.waiting_for_pegasus(actions.PEGASUS)
    if not waiting:
        st.caption(t("talent.cadre.enrol_none"))
        return
    names = plain(t("talent.list_sep").join(m.name(i) for i in waiting))  # a label is Markdown: names inert
    if st.button(t("talent.cadre.enrol", names=names), key="talent_enrol"):
        ok, problems = actions.enrol_pegasus(page.db, page.access, waiting, today)
        if ok:
            flash(FLASH, ("success", t("talent.cadre.enrolled", names=names)))
            st.rerun()
        else:
            st.error(action_text(SPECS["camp_enrolments"], problems, lang(), page.db))


def _rank_colours(m: talent.TalentModel) -> dict[str, tuple[str, bool]]:
    """Command rank code -> (fill colour, dark) by the rank's command_order (rules data)."""
    ranks = table(m.figures.rules, "r9_command_ranks").sort_values("command_order", kind="stable")
    out = {}
    for i, code in enumerate(ranks["code"].astype(str)):
        place = min(i, len(RANK_COLOURS) - 1)
        out[code] = (RANK_COLOURS[place], place >= DARK_FROM)
    return out


def _command_dot(m: talent.TalentModel, people: pd.DataFrame) -> str:
    """The reporting tree in DOT, coloured by command rank, flagged holders outlined: every
    name and label escaped as a DOT string (user text is data)."""
    cm = m.command()
    ranks = m.labels("r9_command_ranks")
    colours = _rank_colours(m)
    none = t("talent.cmd.none")
    lines = [
        'digraph G { rankdir=TB; nodesep=0.25; node [shape=box, style="rounded,filled", '
        'fontname="Noto Sans CJK SC", fontsize=11];'
    ]
    for pid in people.index:
        rank = cm["command_rank"].get(pid)
        held = pd.notna(rank) and str(rank) in colours
        colour, dark = colours[str(rank)] if held else (NO_RANK_COLOUR, False)
        font = ', fontcolor="white"' if dark else ""
        border = ""
        if bool(cm["lacks_structure"].get(pid, False)):
            border = _LACKS
        elif bool(cm["ready_for_next"].get(pid, False)):
            border = _READY
        label = f"{dot_text(m.name(pid))}\\n{dot_text(ranks.get(str(rank), none) if held else none)}"
        lines.append(f'  p{int(pid)} [label="{label}", fillcolor="{colour}"{font}{border}];')
    for pid, row in people.iterrows():
        boss = row["manager_id"]
        if pd.notna(boss) and int(boss) in people.index:
            lines.append(f"  p{int(boss)} -> p{int(pid)};")
    lines.append("}")
    return "\n".join(lines)


def _legend_dot(m: talent.TalentModel) -> str:
    """The tree's legend, one row of sample boxes (a graph of its own: inside the tree's
    graph it would widen the tree and shrink every name)."""
    ranks = m.labels("r9_command_ranks")
    colours = _rank_colours(m)
    legend = [(c, ranks.get(code, code), ', fontcolor="white"' if dark else "") for code, (c, dark) in colours.items()]
    legend.reverse()
    legend += [
        (NO_RANK_COLOUR, t("talent.cmd.none"), ""),
        ("white", t("talent.cmd.lacks"), _LACKS),
        ("white", t("talent.cmd.ready_short"), _READY),
    ]
    lines = [
        'digraph L { rankdir=TB; nodesep=0.15; node [shape=box, style="rounded,filled", '
        'fontname="Noto Sans CJK SC", fontsize=10, height=0.3, margin="0.18,0.06"];'
    ]
    for i, (colour, text, extra) in enumerate(legend):
        lines.append(f'  legend{i} [label="{dot_text(text)}", fillcolor="{colour}"{extra}];')
    lines.append("  { rank=same; " + " ".join(f"legend{i};" for i in range(len(legend))) + " }")
    lines.append("}")
    return "\n".join(lines)


def draw_command(page: Page, m: talent.TalentModel) -> None:
    branches = m.branches()
    if not branches:
        st.info(t("talent.cmd.empty"))
        return
    cols = st.columns(2)
    pick = select(
        cols[0], t("talent.cmd.branch"), list(branches), format_func=lambda b: branches[b], key="talent_cmd_branch"
    )
    if pick is None:
        return
    top = select(
        cols[1],
        t("talent.cmd.top"),
        m.leaders(pick),
        index=None,
        format_func=m.name,
        key=f"talent_cmd_top_{pick}",
        placeholder=t("talent.cmd.whole_branch"),
    )
    people, levels, truncated = m.command_tree(pick, top)
    st.subheader(t("talent.cmd.graph"))
    if truncated:
        st.caption(t("talent.cmd.truncated", levels=levels, n=len(people)))
    st.graphviz_chart(_legend_dot(m), width="content")
    st.graphviz_chart(_command_dot(m, people), width="stretch")
    st.subheader(t("talent.cmd.flags"))
    show_frame(tt.command_flags(m, people.index), t("talent.cmd.no_flags"))


def _close_section(page: Page, m: talent.TalentModel, today: dt.date) -> None:
    """Close or reopen a quarter that has ended (kam.closing), the as-of date's first. The
    picker's options and labels never change with a close (a changed label would make
    Streamlit reset the picker, and the button would act on another quarter)."""
    st.subheader(t("talent.stars.close_title"))
    st.caption(t("talent.stars.close_help"))
    ended = m.ended_quarters(today)
    cols = st.columns([2, 3], vertical_alignment="bottom")
    quarter = select(
        cols[0],
        t("talent.stars.quarter"),
        ended,
        index=ended.index(m.quarter_to_close(today)),
        key="talent_close_quarter",
    )
    if quarter is None:
        return
    with cols[1]:
        close_controls(
            page, quarter, m.close_of(quarter), today, FLASH, t("talent.stars.kept"), "closing.is_closed_below"
        )


def draw_stars(page: Page, m: talent.TalentModel, today: dt.date) -> None:
    flash(FLASH)
    st.caption(t("talent.stars.help"))
    labels = tt.star_labels(m)
    frame = tt.stars_table(m)
    if frame.empty:
        st.caption(t("talent.cadre.empty"))
    else:
        money = {
            labels[c]: st.column_config.NumberColumn(format="localized") for c in ("performance_sales", "base_salary")
        }
        st.dataframe(frame, hide_index=True, width="stretch", height=_height(len(frame)), column_config=money)
    warned = tt.warned_names(m)
    if warned:
        n = int_param(m.figures.rules, "r9_warning_quarters")
        st.warning(t("talent.stars.warned", n=n, names=plain(t("talent.list_sep").join(warned))))
    if page.access.closes("quarter"):
        _close_section(page, m, today)
    st.subheader(t("talent.stars.history"))
    h = tt.history_table(m)
    if h.empty:
        st.caption(t("talent.stars.no_history"))
    else:
        st.dataframe(h, hide_index=True, width="stretch", height=_height(len(h), 420))


def draw_points(page: Page, m: talent.TalentModel) -> None:
    st.caption(t("talent.points.help"))
    spec = SPECS["camp_points"]
    rows = load_table(page.db, spec, page.access)
    week = m.as_of.isocalendar()
    insert = {"week": f"{week[0]}-W{week[1]:02d}", "homework": 0, "attendance": 0}
    edit_table(page.db, spec, rows, key="talent_points", access=page.access, insert_defaults=insert, height=320)


def draw_people(page: Page) -> None:
    """The people: their rank, branch, team, manager, dates and recruiter (HR keeps them; a
    manager their subtree's, not rank or dates; a salesperson reads their own). A move to
    another team is saved with its day (the audit), which places the person's honors."""
    st.caption(t("talent.people.help"))
    spec = SPECS["people"]
    rows = load_table(page.db, spec, page.access)
    edit_table(page.db, spec, rows, key="talent_people", access=page.access, height=420)


__all__ = [
    "draw_pipeline",
    "draw_clearances",
    "draw_cadre",
    "draw_command",
    "draw_stars",
    "draw_points",
    "draw_people",
]
