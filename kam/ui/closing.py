"""The close and reopen controls of a period (kam.views.closing), shared by the honor rolls
and the talent page's star history: its state (closed by whom and when, or open and live),
a close button once it has ended, a reopen that asks for a reason. Drawn only for the roles
that close periods of its kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from kam.i18n import plain
from kam.rules.periods import period_bounds, period_kind
from kam.store.names import acting_name
from kam.ui.common import t
from kam.ui.page import Page
from kam.ui.widgets import flash, show_table
from kam.views import closing


def report(problems: list, done: str, flash_key: str, *, later: bool = False) -> None:
    """An action's refusal shown now, or its result shown after the page is drawn again.

    :param later: show a refusal after the page is drawn again too (an action in a popover,
      which closes on the rerun: an error drawn inside it would not be seen)."""
    if problems and not later:
        p = problems[0]
        st.error(t(p.reason, **dict(p.params)))
        return
    if problems:
        p = problems[0]
        flash(flash_key, ("error", t(p.reason, **dict(p.params))))
    else:
        flash(flash_key, ("success", done))
    st.rerun()


def state_caption(period: str, close: Mapping[str, Any] | None, closed_key: str = "closing.is_closed") -> str:
    """ "2026-10 is closed (王丹, 2026-11-01)" or "2026-11 is open: live figures"; a week
    with its days ("2026-W27 (2026-06-29 to 2026-07-05)")."""
    shown = period
    if period_kind(period) == "week":
        first, last = period_bounds(period)
        shown = t("closing.week", period=period, first=first.isoformat(), last=last.isoformat())
    if close is None:
        return t("closing.is_open", period=shown)
    who = plain(acting_name(close["closed_by"]))  # a caption is Markdown: the name inert, no account id
    return t(closed_key, period=shown, who=who, at=str(close["closed_at"])[:10])


def close_history(page: Page, period: str) -> None:
    """The period's earlier closes and reopens (who, when, why), when it was ever reopened."""
    h = closing.history(page.db, period)
    if not (h["reopened_at"] != "").any():
        return
    with st.expander(t("closing.history", period=period, n=len(h))):
        labels = {c: t(f"closing.col.{c}") for c in h.columns}
        show_table(h, labels, max_rows=10)


def close_controls(
    page: Page,
    period: str,
    close: Mapping[str, Any] | None,
    today: dt.date,
    flash_key: str,
    kept: str,
    closed_key: str = "closing.is_closed",
    as_of: dt.date | None = None,
) -> None:
    """The state of ``period`` and, for those who may, the button that closes it or reopens it.

    :param close: the period's open row of ``closed_periods`` (None: it is open).
    :param kept: what a close keeps, in words (the reopen warning names it).
    :param closed_key: the text of a closed period's state (where what was kept is shown).
    :param as_of: the page's as-of date: before the period's last day the page shows part of
      it, while a close keeps all of it, so the close is offered only from the last day on.
    """
    st.caption(state_caption(period, close, closed_key))
    close_history(page, period)
    if not closing.may_close(page.access, period):
        return
    if close is None:
        if today <= period_bounds(period)[1]:
            st.caption(t("closing.not_ended", period=period))
            return
        if as_of is not None and as_of < period_bounds(period)[1]:
            st.caption(t("closing.as_of_first", period=period, last=period_bounds(period)[1].isoformat()))
            return
        st.caption(t("closing.company_wide", period=period, kept=kept))
        if st.button(t("closing.close", period=period), type="primary", key=f"close_{flash_key}_{period}"):
            report(closing.close(page.db, page.access, period, today), t("closing.done", period=period), flash_key)
        return
    # A form: the reason and the confirmation reach the server together (a typed reason
    # not yet sent when the button is clicked is never lost, Enter does not rerun).
    with st.popover(t("closing.reopen", period=period)), st.form(f"reopen_{flash_key}_{period}", border=False):
        st.warning(t("closing.reopen_warning", period=period, kept=kept))
        reason = st.text_input(t("closing.reason"), key=f"reopen_reason_{flash_key}_{period}")
        if st.form_submit_button(t("closing.reopen_confirm", period=period)):
            done = t("closing.reopened", period=period)
            report(closing.reopen(page.db, page.access, period, reason), done, flash_key, later=True)
