"""The talent pipeline page's drawing (issue 14): one function per tab. User text (names)
is data: shown in tables and charts as values, escaped in the graph's DOT."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from kam.edit import problems_text
from kam.i18n import fmt_money, plain
from kam.rules.params import int_param, param
from kam.specs import SPECS
from kam.ui.cache import load_table
from kam.ui.common import lang, select, t
from kam.ui.grid import edit_table
from kam.ui.page import Page
from kam.ui.widgets import downloads, show_frame
from kam.views import talent
from kam.views.talent import actions

RANK_COLOURS = {"regiment": "#9ecae1", "division": "#4292c6", "army": "#08519c"}


def _status(code: object) -> str:
    return t(f"talent.status.{code}")


def draw_pipeline(page: Page, m: talent.TalentModel, quarter: str) -> None:
    first, last = talent.quarter_bounds(quarter)
    from kam.rules.camps import camp_paths, camp_pipeline

    mine = m.figures.enrolments.loc[m.figures.enrolments["person_id"].isin(m.ids)]
    pipe = camp_pipeline(mine, m.figures.rules, m.as_of, first, last)
    camps = m.labels("r9_camps")
    pipe["camp"] = pipe["camp_code"].map(camps)
    long = pipe.melt(id_vars=["camp", "camp_order"], value_vars=["in_camp", "entered", "completed"])
    long["what"] = long["variable"].map(
        {
            "in_camp": t("talent.pipe.in_camp"),
            "entered": t("talent.pipe.entered"),
            "completed": t("talent.pipe.completed"),
        }
    )
    st.subheader(t("talent.pipe.chart"))
    order = list(pipe.sort_values("camp_order")["camp"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("camp:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("what:N"),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("camp:N"), alt.Tooltip("what:N"), alt.Tooltip("value:Q")],
        )
        .properties(height=260)
    )
    st.altair_chart(chart, width="stretch")
    st.subheader(t("talent.pipe.path"))
    options = {int(i): m.name(i) for i in m.ids}
    who = select(st, t("talent.pipe.pick"), list(options), format_func=lambda i: options[i], key="talent_path_pick")
    path = camp_paths(mine.loc[mine["person_id"] == who], m.figures.rules) if who is not None else mine.iloc[0:0]
    if len(path):
        path = path.assign(
            camp=path["camp_code"].map(camps), status=path["status"].map(lambda s: t(f"enum.status.{s}"))
        )
        show_frame(
            path[["camp", "start_date", "end_date", "status"]].rename(
                columns={
                    "camp": t("col.camp_code"),
                    "start_date": t("col.start_date"),
                    "end_date": t("col.end_date"),
                    "status": t("col.status"),
                }
            ),
            "",
        )
    else:
        st.caption(t("talent.pipe.no_path"))
    st.subheader(t("talent.pipe.grid"))
    spec = SPECS["camp_enrolments"]
    rows = load_table(page.db, spec, page.access)
    insert = {"start_date": m.as_of.isoformat(), "status": "enrolled"}
    edit_table(page.db, spec, rows, key="talent_enrolments", access=page.access, insert_defaults=insert, height=320)


def draw_clearances(page: Page, m: talent.TalentModel) -> None:
    clr = m.labels("r9_clearances")
    st.caption(t("talent.clr.help"))
    st.subheader(t("talent.clr.due"))
    due = m.due_list()
    shown = pd.DataFrame(
        {
            t("col.manager_id"): due["manager_id"].map(m.name),
            t("col.person_id"): due["person_id"].map(m.name),
            t("col.clearance_code"): due["clearance_code"].map(clr),
            t("talent.col.due_date"): due["due_date"],
            t("col.status"): due["status"].map(_status),
            t("talent.col.days_overdue"): due["days_overdue"],
            t("talent.col.figures"): [_figures(r) for r in due.itertuples()],
        }
    )
    show_frame(shown, t("talent.clr.none_due"))
    st.subheader(t("talent.clr.matrix"))
    c = m.clearances()
    if len(c):
        wide = c.pivot_table(index="person_id", columns="clearance_code", values="status", aggfunc="last")
        wide = wide.reindex(columns=[k for k in clr if k in wide.columns]).map(_status)
        wide.columns = [clr[k] for k in wide.columns]
        wide.insert(0, t("col.person_id"), [m.name(i) for i in wide.index])
        st.dataframe(wide, hide_index=True, width="stretch", height=300)
    else:
        st.caption(t("talent.cmd.empty"))
    st.subheader(t("talent.clr.grid"))
    spec = SPECS["clearance_results"]
    rows = load_table(page.db, spec, page.access)
    insert = {"result_date": m.as_of.isoformat(), "passed": False}
    edit_table(page.db, spec, rows, key="talent_results", access=page.access, insert_defaults=insert, height=320)


def _figures(r: object) -> str:
    """What decided a clearance: the score, or the precise customers and orders won."""
    parts = []
    if not pd.isna(r.min_score):
        score = r.score
        parts.append(f"{t('col.score_result')} {'—' if pd.isna(score) else f'{score:g}'} / {r.min_score:g}")
    if r.min_precise_customers:
        parts.append(f"{t('talent.col.precise')} {r.precise_customers} / {r.min_precise_customers}")
    if r.min_orders_won:
        parts.append(f"{t('talent.col.won')} {r.orders_won} / {r.min_orders_won}")
    return "；".join(parts) if lang() == "zh" else "; ".join(parts)


def cadre_frame(m: talent.TalentModel) -> pd.DataFrame:
    """The cadre standard with its figures, for the page and the HR export."""
    cad = m.cadre()
    stars = m.stars()
    fails = [
        "、".join(t(f"talent.fail.{f}") for f in str(v).split(";") if f) if isinstance(v, str) else ""
        for v in cad["failed"]
    ]
    return pd.DataFrame(
        {
            t("col.person_id"): [m.name(i) for i in cad.index],
            t("talent.col.sales"): cad["cadre_sales"].round().astype("int64"),
            t("talent.col.customers"): cad["cadre_customers"],
            t("talent.col.new_self"): cad["cadre_new_self"],
            t("talent.col.eligible"): cad["eligible"],
            t("talent.col.failed"): fails,
            t("col.virtue"): cad["virtue"],
            t("col.talent"): cad["talent"],
            t("col.post"): cad["post"],
            t("col.decision"): cad["decision"].map(lambda d: t(f"enum.decision.{d}") if isinstance(d, str) else ""),
            t("col.star"): stars["star"].reindex(cad.index).to_numpy(),
            t("col.clearances_passed"): stars["clearances_passed"].reindex(cad.index).to_numpy(),
        }
    )


def draw_cadre(page: Page, m: talent.TalentModel) -> None:
    rules = m.figures.rules
    st.caption(
        t(
            "talent.cadre.help",
            sales=fmt_money(param(rules, "r9_cadre_min_sales"), lang()),
            customers=int_param(rules, "r9_cadre_min_customers"),
            new_self=int_param(rules, "r9_cadre_min_new_self"),
            bar=int_param(rules, "r9_assessment_pass"),
        )
    )
    frame = cadre_frame(m)
    st.subheader(t("talent.cadre.list"))
    cols = st.columns([4, 1, 1])
    downloads(cols[1:], lambda: frame, f"{t('talent.cadre.file')}_{m.as_of.isoformat()}", t("talent.tab.cadre"))
    st.dataframe(
        frame.sort_values([t("talent.col.eligible"), t("talent.col.sales")], ascending=False),
        hide_index=True,
        width="stretch",
        height=320,
        column_config={t("talent.col.sales"): st.column_config.NumberColumn(format="localized")},
    )
    if page.access.reads("hr_assessments"):
        st.subheader(t("talent.cadre.grid"))
        spec = SPECS["hr_assessments"]
        rows = load_table(page.db, spec, page.access)
        insert = {"assessment_date": dt.date.today().isoformat(), "decision": "pending"}
        edit_table(
            page.db, spec, rows, key="talent_assessments", access=page.access, insert_defaults=insert, height=280
        )
        _enrol_approved(page, m)


def _enrol_approved(page: Page, m: talent.TalentModel) -> None:
    if not page.access.writes("camp_enrolments"):
        return
    cad = m.cadre()
    e = m.figures.enrolments
    inside = set(e.loc[(e["camp_code"] == actions.PEGASUS) & (e["status"] != "dropped"), "person_id"])
    waiting = [int(i) for i in cad.index[(cad["decision"] == "approved").fillna(False)] if int(i) not in inside]
    if not waiting:
        st.caption(t("talent.cadre.enrol_none"))
        return
    names = "、".join(m.name(i) for i in waiting)
    if st.button(f"{t('talent.cadre.enrol')}（{names}）", key="talent_enrol"):
        ok, problems = actions.enrol_pegasus(page.db, page.access, waiting, dt.date.today())
        if ok:
            st.success(t("talent.cadre.enrolled", names=names))
        else:
            st.error(problems_text(SPECS["camp_enrolments"], problems, lang()))


def _dot_text(text: str) -> str:
    """A name as a DOT string's content: quotes and backslashes escaped, no line break."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")


def draw_command(page: Page, m: talent.TalentModel) -> None:
    ranks = m.labels("r9_command_ranks")
    branches = {
        int(i): str(n) for i, n in zip(m.figures.org.branches["id"], m.figures.org.branches["name"], strict=True)
    }
    here = sorted({int(b) for b in m.people["branch_id"].dropna()})
    if not here:
        st.info(t("talent.cmd.empty"))
        return
    pick = select(
        st, t("talent.cmd.branch"), here, format_func=lambda b: branches.get(b, str(b)), key="talent_cmd_branch"
    )
    people = m.people.loc[(m.people["branch_id"] == pick) & m.people["active"]]
    cm = m.command()
    lines = ['digraph G { rankdir=TB; node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC"];']
    none = t("talent.cmd.none")
    for pid in people.index:
        rank = cm["command_rank"].get(pid)
        colour = RANK_COLOURS.get(str(rank), "#f0f0f0") if pd.notna(rank) else "#f0f0f0"
        rank_text = ranks.get(str(rank), none) if pd.notna(rank) else none
        border = ', color="#d62728", penwidth=2' if bool(cm["lacks_structure"].get(pid, False)) else ""
        label = f"{_dot_text(m.name(pid))}\\n{_dot_text(rank_text)}"
        lines.append(f'  p{int(pid)} [label="{label}", fillcolor="{colour}"{border}];')
    for pid, row in people.iterrows():
        boss = row["manager_id"]
        if pd.notna(boss) and int(boss) in people.index:
            lines.append(f"  p{int(boss)} -> p{int(pid)};")
    lines.append("}")
    st.subheader(t("talent.cmd.graph"))
    st.graphviz_chart("\n".join(lines), width="stretch")
    st.caption(" · ".join(f"{ranks[c]}: {RANK_COLOURS[c]}" for c in ranks if c in RANK_COLOURS))
    st.subheader(t("talent.cmd.flags"))
    flagged = cm.loc[cm.index.isin(people.index) & (cm["lacks_structure"] | cm["ready_for_next"])]
    show_frame(
        pd.DataFrame(
            {
                t("col.person_id"): [m.name(i) for i in flagged.index],
                t("col.command_rank"): [
                    ranks.get(str(r), "—") if pd.notna(r) else "—" for r in flagged["command_rank"]
                ],
                t("talent.col.partners"): flagged["direct_partners"],
                t("talent.col.subs"): flagged["sub_commanders"],
                t("talent.cmd.flags"): [
                    t("talent.cmd.lacks") if lk else t("talent.cmd.ready") + f" → {ranks.get(str(n), n)}"
                    for lk, n in zip(flagged["lacks_structure"], flagged["next_rank"], strict=True)
                ],
            }
        ),
        t("talent.cmd.no_flags"),
    )


def draw_stars(page: Page, m: talent.TalentModel) -> None:
    st.caption(t("talent.stars.help"))
    s = m.stars()
    frame = pd.DataFrame(
        {
            t("col.person_id"): [m.name(i) for i in s.index],
            t("col.performance_sales"): s["performance_sales"].round().astype("int64"),
            t("col.process_meetings"): s["process_meetings"],
            t("col.clearances_passed"): s["clearances_passed"],
            t("col.performance_stars"): s["performance_stars"],
            t("col.process_stars"): s["process_stars"],
            t("col.clearance_stars"): s["clearance_stars"],
            t("col.star"): s["star"],
            t("col.base_salary"): s["base_salary"],
            t("talent.m.warning"): s["warning"],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            t("col.performance_sales"): st.column_config.NumberColumn(format="localized"),
            t("col.base_salary"): st.column_config.NumberColumn(format="localized"),
        },
    )
    quarter = talent.previous_quarter(talent.quarter_of(dt.date.today()))
    closed = m.closed_quarters()
    if page.access.writes("closed_periods"):
        st.caption(t("talent.stars.close_help"))
        if quarter in closed:
            st.write(t("talent.stars.closed", q=quarter))
            if st.button(t("talent.stars.reopen", q=quarter), key="talent_reopen"):
                _report(actions.reopen_period(page.db, page.access, quarter))
        else:
            st.write(t("talent.stars.open", q=quarter))
            if st.button(t("talent.stars.close", q=quarter), type="primary", key="talent_close"):
                _report(actions.close_period(page.db, page.access, quarter, dt.datetime.now(dt.UTC)))
    st.subheader(t("talent.stars.history"))
    h = m.history()
    if h.empty:
        st.caption(t("talent.stars.no_history"))
    else:
        h = h[sorted(h.columns, reverse=True)]
        h.insert(0, t("col.person_id"), [m.name(i) for i in h.index])
        st.dataframe(h, hide_index=True, width="stretch", height=280)


def _report(problems: list) -> None:
    if problems:
        p = problems[0]
        st.error(t(p.reason, **dict(p.params)))
    else:
        st.rerun()


def draw_points(page: Page, m: talent.TalentModel) -> None:
    st.caption(t("talent.points.help"))
    spec = SPECS["camp_points"]
    rows = load_table(page.db, spec, page.access)
    week = m.as_of.isocalendar()
    insert = {"week": f"{week[0]}-W{week[1]:02d}", "homework": 0, "attendance": 0}
    edit_table(page.db, spec, rows, key="talent_points", access=page.access, insert_defaults=insert, height=320)


__all__ = ["draw_pipeline", "draw_clearances", "draw_cadre", "draw_command", "draw_stars", "draw_points", "plain"]
