"""Customer pyramid (domain.md R1, R2, R4, R5, R13): where the branch's cooperation comes
from, which customers to upgrade, which owners do not fit. Load -> rules -> charts and
grid; the logic is in kam/pyramid.py, the charts in kam/ui/charts.py."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kam import export, store
from kam import pyramid as pyr
from kam import pyramid_tables as tables
from kam.i18n import fmt_rate
from kam.rules.params import int_param, param
from kam.rules.scoring import score_customers
from kam.specs import SPECS
from kam.store import customers as customer_store
from kam.ui import charts
from kam.ui.common import lang, lang_key, load_table, money, open_db, page_setup, rules_guard, t
from kam.ui.grid import edit_table

FOCUS = "pyramid_focus"  # the grid's click-through focus (a kam.pyramid focus code)
CHARTS = {"tier": ("pyramid_tier", pyr.focus_of_tier_pick), "cell": ("pyramid_cell", pyr.focus_of_cell_pick)}


def _select(col: DeltaGenerator, label: str, options: dict[int, str], name: str) -> int | None:
    choices, key = [pyr.ANY, *options], lang_key(name)
    if st.session_state.get(key) not in choices:
        st.session_state.pop(key, None)
    value = col.selectbox(
        label, choices, key=key, format_func=lambda v: t("pyramid.all") if v == pyr.ANY else options[v]
    )
    return None if value == pyr.ANY else value


def _clear_charts(*names: str) -> None:
    """Charts get a new instance (no selection) and forget their last pick."""
    for name in names:
        st.session_state[f"_{name}_nonce"] = st.session_state.get(f"_{name}_nonce", 0) + 1
        st.session_state[f"_{name}_pick"] = pyr.ALL


def _chart_key(name: str) -> str:
    return f"{CHARTS[name][0]}_{st.session_state.get(f'_{name}_nonce', 0)}"


def _follow_clicks() -> None:
    """Before any chart is drawn: a new click on one chart sets the grid's focus and clears
    the other chart's selection."""
    for name, (selection, to_focus) in CHARTS.items():
        state = st.session_state.get(_chart_key(name)) or {}
        picked = to_focus((state.get("selection") or {}).get(selection, []))
        if picked != st.session_state.get(f"_{name}_pick", pyr.ALL):
            st.session_state[lang_key(FOCUS)] = picked
            _clear_charts(*(other for other in CHARTS if other != name))
            st.session_state[f"_{name}_pick"] = picked
            return


def _chart(name: str, chart: alt.LayerChart) -> None:
    st.altair_chart(chart, on_select="rerun", selection_mode=CHARTS[name][0], key=_chart_key(name), width="stretch")


db = open_db()
user = page_setup("pyramid.title", db)
rules = store.load_rules(db)
labels = pyr.Labels.from_rules(rules, lang())
months = int_param(rules, "r2_window_months")
st.title(t("pyramid.title"))
st.caption(t("pyramid.intro", months=months))

org = customer_store.org(db)
customers = load_table(db, SPECS["customers"])  # cached until a customer is saved
cols = st.columns(4)
branch = _select(
    cols[0], t("pyramid.branch"), dict(zip(org.branches["id"], org.branches["name"], strict=True)), "pyramid_branch"
)
team = _select(cols[1], t("pyramid.team"), pyr.team_options(org.teams, branch), "pyramid_team")
owner = _select(
    cols[2], t("pyramid.owner"), pyr.owner_options(org.people, org.teams, customers, branch, team), "pyramid_owner"
)
as_of = cols[3].date_input(t("pyramid.as_of"), value=dt.date.today(), key="pyramid_as_of")
st.caption(t("pyramid.scope_help"))

inputs = customer_store.scoring_inputs(db, customers, org.people, pyr.meetings_after(rules, as_of))
with rules_guard():
    scored = score_customers(
        inputs.customers, inputs.orders, inputs.people, inputs.meetings, inputs.clearance_results, rules, as_of
    )
scored = scored[pyr.in_scope(customers, org.people, org.teams, pyr.Scope(branch, team, owner)).to_numpy()]
shape = pyr.shape_of(scored, rules)
s = pyr.summary(scored, shape)

top_share = param(rules, "r5_top_share")
top_pct = f"{top_share * 100:g}%"
health = {
    "delta": labels.health.get(s.health, s.health),
    "delta_color": pyr.HEALTH_COLORS.get(s.health, "gray"),
    "delta_arrow": "off",
}
figures = [  # (label, value, help, extra)
    (t("pyramid.m.customers"), f"{s.customers:,}", None, {}),
    (t("pyramid.m.key_accounts"), f"{s.key_accounts:,}", t("pyramid.m.key_accounts_help"), {}),
    (t("pyramid.m.cooperation"), money(s.total_cooperation), t("pyramid.m.cooperation_help", months=months), {}),
    (t("pyramid.m.ka_share"), fmt_rate(s.key_account_share), t("pyramid.m.ka_share_help"), health),
    (t("pyramid.m.upgrade"), f"{s.upgrade_targets:,}", t("pyramid.m.upgrade_help"), {}),
    (t("pyramid.m.mismatch"), f"{s.mismatched:,}", t("pyramid.m.mismatch_help"), {}),
]
row = st.container(horizontal=True)
for label, value, help_text, extra in figures:
    row.metric(label, value, help=help_text, border=True, width="stretch", **extra)
if s.incomplete:
    st.caption(t("pyramid.m.incomplete", n=f"{s.incomplete:,}"))

_follow_clicks()
left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("pyramid.s.pyramid"))
    tiers = pyr.tier_frame(shape, labels)
    _chart(
        "tier",
        charts.diverging_bars(
            tiers,
            category="tier",
            label="label",
            left="customer_share",
            right="cooperation_share",
            left_text="customers_text",
            right_text="cooperation_text",
            left_title=t("pyramid.chart.customer_share"),
            right_title=t("pyramid.chart.cooperation_share"),
            param=CHARTS["tier"][0],
            height=300,
            tooltip=[
                ("label", t("pyramid.chart.tier")),
                ("customers_text", t("pyramid.chart.customers")),
                ("cooperation_text", t("pyramid.chart.cooperation")),
            ],
        ),
    )
with right:
    st.subheader(t("pyramid.s.value_map"))
    cells = pyr.value_map_frame(scored, rules, labels)
    _chart(
        "cell",
        charts.heat_grid(
            cells,
            x="quantity_label",
            y="price_label",
            x_sort=list(dict.fromkeys(cells["quantity_label"])),
            y_sort=list(dict.fromkeys(cells["price_label"])),
            color="cooperation",
            text="text",
            dark="dark",
            fields=["price_level", "quantity_level"],
            param=CHARTS["cell"][0],
            x_title=t("pyramid.chart.quantity"),
            y_title=t("pyramid.chart.price"),
            tooltip=[
                ("class_label", t("pyramid.chart.class")),
                ("customers", t("pyramid.chart.customers")),
                ("cooperation_text", t("pyramid.chart.cooperation")),
            ],
        ),
    )
st.caption(
    t("pyramid.click_hint")
    + " "
    + t("pyramid.unrated_caption", n=f"{s.unrated:,}", months=int_param(rules, "r1_window_months"))
)

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("pyramid.s.pareto"))
    curve = pyr.pareto_frame(shape)
    if len(curve):
        st.altair_chart(
            charts.cumulative_curve(
                curve,
                x="customer_share",
                y="cumulative_share",
                x_title=t("pyramid.chart.customer_axis"),
                y_title=t("pyramid.chart.cumulative"),
                line=pyr.PARETO_LINE,
                line_text=t("pyramid.chart.line"),
                mark_x=top_share,
                mark_text=t("pyramid.chart.top_line", pct=top_pct),
                height=260,
            ),
            width="stretch",
        )
    else:
        st.info(t("pyramid.pareto_empty"))
    c = st.columns(2)
    c[0].metric(
        t("pyramid.m.top_share", pct=top_pct),
        fmt_rate(s.top_share),
        help=t("pyramid.m.top_share_help", n=s.top_share_count),
    )
    c[1].metric(t("pyramid.m.top_n", n=int_param(rules, "r5_top_n")), fmt_rate(s.top_n_share))
with right:
    st.subheader(t("pyramid.s.health"))
    st.badge(
        pyr.plain(labels.health.get(s.health, s.health), keep="[]"),
        color=pyr.HEALTH_COLORS.get(s.health, "gray"),
        icon=":material/monitor_heart:",
    )
    health_text = "pyramid.health_no_data" if s.health == pyr.NO_DATA else "pyramid.health_text"
    st.write(pyr.plain(t(health_text, share=fmt_rate(s.key_account_share), bands=pyr.health_bands_text(rules, labels))))
    st.caption(t("pyramid.s.shares"))
    st.dataframe(tables.with_headers(pyr.class_share_frame(shape, labels), labels), hide_index=True)

upgrade_tab, mismatch_tab = st.tabs(
    [t("pyramid.s.upgrade", n=f"{s.upgrade_targets:,}"), t("pyramid.s.mismatch", n=f"{s.mismatched:,}")]
)
for tab, build, empty_key in (
    (upgrade_tab, tables.upgrade_targets, "pyramid.none_upgrade"),
    (mismatch_tab, tables.mismatched_owners, "pyramid.none_mismatch"),
):
    listed = build(scored, org.people, rules, labels)
    if listed.empty:
        tab.caption(t(empty_key))
    else:
        tab.dataframe(tables.with_headers(listed, labels), hide_index=True, height=300)
st.caption(t("pyramid.lists_hint"))

st.subheader(t("pyramid.s.grid"))
options = pyr.focus_options(rules, labels)
if st.session_state.get(lang_key(FOCUS)) not in options:
    st.session_state[lang_key(FOCUS)] = pyr.ALL
cols = st.columns([2, 2, 1, 1])
focus = cols[0].selectbox(
    t("pyramid.focus"),
    list(options),
    format_func=options.get,
    key=lang_key(FOCUS),
    on_change=_clear_charts,
    args=tuple(CHARTS),
)
shown = scored[pyr.focus_mask(scored, focus).to_numpy()]
cols[1].markdown(f"**{t('pyramid.n_customers', n=f'{len(shown):,}')}**")
name, sheet = f"{t('pyramid.file')}_{as_of.isoformat()}", t("pyramid.sheet")


def _table() -> pd.DataFrame:  # built when a download button is clicked, never on a plain run
    return tables.export_frame(customers, shown, org.people, org.branches, rules, labels)


cols[2].download_button(
    t("pyramid.export_csv"),
    data=lambda: export.to_csv(_table()),
    file_name=f"{name}.csv",
    mime=export.CSV_MIME,
    on_click="ignore",
    icon=":material/download:",
)
cols[3].download_button(
    t("pyramid.export_excel"),
    data=lambda: export.to_excel(_table(), sheet),
    file_name=f"{name}.xlsx",
    mime=export.EXCEL_MIME,
    on_click="ignore",
    icon=":material/download:",
)
st.caption(t("pyramid.grid_help"))
edit_table(
    db,
    tables.grid_spec(SPECS["customers"]),
    tables.grid_frame(customers, shown, labels),
    key="pyramid_customers",
    user=user,
    computed=tables.COMPUTED,
    order=tables.GRID_ORDER,
)
