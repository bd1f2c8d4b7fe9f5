"""Customer pyramid (domain.md R1, R2, R4, R5, R13): where the branch's cooperation comes
from, which customers to upgrade, which owners do not fit. The model: kam/views/pyramid."""

import datetime as dt

import streamlit as st

from kam.ui import charts
from kam.ui.common import t
from kam.ui.filters import filter_bar
from kam.ui.grid import edit_table
from kam.ui.linked import LinkedCharts
from kam.ui.page import lazy_tabs, rules_guard, setup
from kam.ui.paged import paged_table
from kam.ui.widgets import downloads, metrics_row
from kam.views import filters, pyramid
from kam.views.pyramid import figures as fig

page = setup("pyramid.title")
st.title(t("pyramid.title"))
bar = filter_bar(filters.load(page.db, page.access), dt.date.today())
with rules_guard():
    m = pyramid.load(
        page.db, page.access, as_of=bar.as_of, lang=page.lang, branch=bar.branch, team=bar.team, owner=bar.owner
    )
s = m.summary
st.caption(m.notes["intro"])
metrics_row(m.metrics)
if "incomplete" in m.notes:
    st.caption(m.notes["incomplete"])

picks = {"tier": (pyramid.TIER_PICK, fig.focus_of_tier_pick), "cell": (pyramid.CELL_PICK, fig.focus_of_cell_pick)}
linked = LinkedCharts("pyramid_focus", picks, fig.ALL)
linked.follow()
left, right = st.columns(2, gap="large")
left.subheader(t("pyramid.s.pyramid"))
with left:
    linked.draw("tier", charts.diverging_bars(**m.tier_chart))
right.subheader(t("pyramid.s.value_map"))
with right:
    linked.draw("cell", charts.heat_grid(**m.cell_chart))
st.caption(m.notes["charts"])

left, right = st.columns(2, gap="large")
left.subheader(t("pyramid.s.pareto"))
if m.pareto_chart:
    charts.show(left, charts.cumulative_curve(**m.pareto_chart))
else:
    left.info(t("pyramid.pareto_empty"))
for col, metric in zip(left.columns(2), m.pareto_metrics, strict=True):
    col.metric(metric.label, metric.value, help=metric.help)
right.subheader(t("pyramid.s.health"))
right.badge(m.health_label, color=m.health_color, icon=":material/monitor_heart:")
right.write(m.health_text)
right.caption(t("pyramid.s.shares"))
right.dataframe(m.class_shares, hide_index=True)


def _upgrade() -> None:
    st.caption(t("pyramid.s.upgrade", n=f"{s.upgrade_targets:,}"))
    paged_table(m.upgrade, "pyramid_upgrade", t("pyramid.none_upgrade"), right=m.upgrade.totals, max_rows=8)


def _mismatch() -> None:
    st.caption(t("pyramid.s.mismatch", n=f"{s.mismatched:,}"))
    paged_table(m.mismatched, "pyramid_mismatch", t("pyramid.none_mismatch"), max_rows=8)


# Only the open list is built and drawn (each is a pass over every customer in scope).
lazy_tabs(page, "pyramid", ("upgrade", "mismatch"), {"upgrade": _upgrade, "mismatch": _mismatch})
st.caption(t("pyramid.lists_hint"))

st.subheader(t("pyramid.s.grid"))
cols = st.columns([2, 2, 1, 1])
focus = linked.picker(cols[0], t("pyramid.focus"), m.focus_options)
cols[1].markdown(f"**{t('pyramid.n_customers', n=f'{len(m.shown(focus)):,}')}**")
file = f"{t('pyramid.file')}_{bar.as_of.isoformat()}"
downloads(cols[2:], lambda: m.export_frame(focus), file, t("pyramid.sheet"))
st.caption(t("pyramid.grid_help"))
edit_table(page.db, m.grid_spec, m.grid_frame(focus), key="pyramid_customers", access=page.access, **m.grid_columns)
