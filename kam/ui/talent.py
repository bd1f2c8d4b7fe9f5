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
from kam.ui.widgets import downloads, show_frame, whole_or_dash
from kam.views import talent
from kam.views.talent import actions

RANK_COLOURS = {"regiment": "#c6dbef", "division": "#6baed6", "army": "#2171b5"}
NO_RANK_COLOUR = "#f4f4f4"
LACKS_COLOUR = "#d62728"  # the border of a holder whose team lacks the structure
PIPE_COLOURS = {"in_camp": "#2171b5", "entered": "#6baed6", "completed": "#9e9e9e"}


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
    whats = {k: t(f"talent.pipe.{k}") for k in PIPE_COLOURS}
    long["what"] = long["variable"].map(whats)
    st.subheader(t("talent.pipe.chart"))
    order = list(pipe.sort_values("camp_order")["camp"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("camp:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("what:N"),
            y=alt.Y("value:Q", title=None),
            color=alt.Color(
                "what:N",
                title=None,
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=[whats[k] for k in PIPE_COLOURS], range=list(PIPE_COLOURS.values())),
            ),
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
        order = c.drop_duplicates("clearance_code").sort_values("clearance_order")["clearance_code"]
        wide = wide.reindex(columns=[k for k in order if k in wide.columns]).map(_status)
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
            t("col.virtue"): cad["virtue"].astype("Int64"),
            t("col.talent"): cad["talent"].astype("Int64"),
            t("col.post"): cad["post"].astype("Int64"),
            t("col.decision"): cad["decision"].map(lambda d: t(f"enum.decision.{d}") if isinstance(d, str) else ""),
            t("col.star"): stars["star"].reindex(cad.index).to_numpy(),
            t("col.clearances_passed"): stars["clearances_passed"].reindex(cad.index).to_numpy(),
        }
    )


def export_frame(m: talent.TalentModel) -> pd.DataFrame:
    """The HR export: the cadre standard's figures, each clearance's status and due date,
    the three stars behind the star and the base salary, one row per person."""
    out = cadre_frame(m)
    c = m.clearances()
    clr = m.labels("r9_clearances")
    ids = m.cadre().index
    for code, rows in sorted(c.groupby("clearance_code"), key=lambda kv: int(kv[1]["clearance_order"].iloc[0])):
        by = rows.set_index("person_id").reindex(ids)
        out[clr.get(str(code), str(code))] = (
            by["status"].map(lambda v: _status(v) if isinstance(v, str) else "").to_numpy()
        )
        out[f"{clr.get(str(code), str(code))} · {t('talent.col.due_date')}"] = by["due_date"].fillna("").to_numpy()
    s = m.stars().reindex(ids)
    for col in ("performance_stars", "process_stars", "clearance_stars", "base_salary"):
        out[t(f"col.{col}")] = s[col].astype("Int64").to_numpy()
    return out


def draw_cadre(page: Page, m: talent.TalentModel, today: dt.date) -> None:
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
    downloads(
        cols[1:], lambda: export_frame(m), f"{t('talent.cadre.file')}_{m.as_of.isoformat()}", t("talent.tab.cadre")
    )
    shown = frame.sort_values([t("talent.col.eligible"), t("talent.col.sales")], ascending=False)
    for col in ("virtue", "talent", "post"):
        shown[t(f"col.{col}")] = whole_or_dash(shown[t(f"col.{col}")])
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={t("talent.col.sales"): st.column_config.NumberColumn(format="localized")},
    )
    if page.access.reads("hr_assessments"):
        st.subheader(t("talent.cadre.grid"))
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
    cad = m.cadre()
    e = m.figures.enrolments
    inside = set(e.loc[(e["camp_code"] == actions.PEGASUS) & (e["status"] != "dropped"), "person_id"])
    waiting = [int(i) for i in cad.index[(cad["decision"] == "approved").fillna(False)] if int(i) not in inside]
    if not waiting:
        st.caption(t("talent.cadre.enrol_none"))
        return
    names = "、".join(m.name(i) for i in waiting)
    if st.button(f"{t('talent.cadre.enrol')}（{names}）", key="talent_enrol"):
        ok, problems = actions.enrol_pegasus(page.db, page.access, waiting, today)
        if ok:
            st.success(t("talent.cadre.enrolled", names=names))
        else:
            st.error(problems_text(SPECS["camp_enrolments"], problems, lang()))


def _dot_text(text: str) -> str:
    """A name as a DOT string's content: quotes and backslashes escaped, no line break."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")


def _subtree(managers: pd.Series, top: int) -> set[int]:
    """``top`` and everyone under them (``managers``: person id -> manager id)."""
    out, frontier = {top}, {top}
    while frontier:
        frontier = {int(i) for i in managers.index[managers.isin(frontier)]} - out
        out |= frontier
    return out


def _command_dot(m: talent.TalentModel, people: pd.DataFrame, cm: pd.DataFrame, ranks: dict[str, str]) -> str:
    """The reporting tree in DOT, coloured by command rank, with its legend: every name and
    label escaped as a DOT string (user text is data)."""
    none = t("talent.cmd.none")
    lines = [
        'digraph G { rankdir=TB; nodesep=0.25; node [shape=box, style="rounded,filled", '
        'fontname="Noto Sans CJK SC", fontsize=11];'
    ]
    for pid in people.index:
        rank = cm["command_rank"].get(pid)
        held = pd.notna(rank)
        colour = RANK_COLOURS.get(str(rank), NO_RANK_COLOUR) if held else NO_RANK_COLOUR
        font = ', fontcolor="white"' if held and str(rank) == "army" else ""
        border = f', color="{LACKS_COLOUR}", penwidth=2' if bool(cm["lacks_structure"].get(pid, False)) else ""
        label = f"{_dot_text(m.name(pid))}\\n{_dot_text(ranks.get(str(rank), none) if held else none)}"
        lines.append(f'  p{int(pid)} [label="{label}", fillcolor="{colour}"{font}{border}];')
    for pid, row in people.iterrows():
        boss = row["manager_id"]
        if pd.notna(boss) and int(boss) in people.index:
            lines.append(f"  p{int(boss)} -> p{int(pid)};")
    legend = [(RANK_COLOURS[c], ranks[c], "") for c in reversed(list(RANK_COLOURS)) if c in ranks]
    legend += [(NO_RANK_COLOUR, none, ""), ("white", t("talent.cmd.lacks"), f', color="{LACKS_COLOUR}", penwidth=2')]
    lines.append(
        f'  subgraph cluster_legend {{ label="{_dot_text(t("talent.cmd.legend"))}"; fontsize=10; color="#cccccc";'
    )
    for i, (colour, text, extra) in enumerate(legend):
        font = ', fontcolor="white"' if colour == RANK_COLOURS.get("army") else ""
        lines.append(
            f'    legend{i} [label="{_dot_text(text)}", fillcolor="{colour}", fontsize=9, width=1.3{font}{extra}];'
        )
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines)


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
    leaders = [int(i) for i in people.index if (people["manager_id"] == i).any()]
    top = select(
        st,
        t("talent.cmd.top"),
        leaders,
        index=None,
        format_func=m.name,
        key=f"talent_cmd_top_{pick}",
        placeholder=t("talent.cmd.whole_branch"),
    )
    if top is not None:
        people = people.loc[sorted(_subtree(people["manager_id"], top))]
    cm = m.command()
    st.subheader(t("talent.cmd.graph"))
    st.graphviz_chart(_command_dot(m, people, cm, ranks), width="stretch")
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


def _close_section(page: Page, m: talent.TalentModel, today: dt.date) -> None:
    """Close or reopen a quarter that has ended (kam.closing), the as-of date's first."""
    st.subheader(t("talent.stars.close_title"))
    st.caption(t("talent.stars.close_help"))
    ended = m.ended_quarters(today)
    closed = set(m.closed_quarters())
    cols = st.columns([2, 3])
    quarter = select(
        cols[0],
        t("talent.stars.quarter"),
        ended,
        index=ended.index(m.quarter_to_close(today)),
        format_func=lambda q: f"{q} · {t('talent.stars.is_closed') if q in closed else t('talent.stars.is_open')}",
        key="talent_close_quarter",
    )
    if quarter is None:
        return
    with cols[1]:
        st.write("")
        if quarter in closed:
            if st.button(t("talent.stars.reopen", q=quarter), key="talent_reopen"):
                _report(actions.reopen_period(page.db, page.access, quarter))
        elif st.button(t("talent.stars.close", q=quarter), type="primary", key="talent_close"):
            _report(actions.close_period(page.db, page.access, quarter, today))


def draw_stars(page: Page, m: talent.TalentModel, today: dt.date) -> None:
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
    warned = s.index[s["warning"]]
    if len(warned):
        st.warning(t("talent.stars.warned", names=plain("、".join(m.name(i) for i in warned))))
    if page.access.writes("closed_periods"):
        _close_section(page, m, today)
    st.subheader(t("talent.stars.history"))
    h = m.history()
    if h.empty:
        st.caption(t("talent.stars.no_history"))
    else:
        h = h[sorted(h.columns, reverse=True)].apply(whole_or_dash)
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
