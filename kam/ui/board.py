"""The order board's own widgets (pages/board.py): its filters, the kanban columns with
drag and drop (``streamlit-dnd``), the move dialog and the card detail dialog.

Drag and drop: each stage is a keyed container ``stage_<code>``, each card a keyed
container ``card_<id>_<gen>`` inside it. A refused move bumps ``gen`` (part of every card's
key) so that the card that bounced back can be dragged again (streamlit-dnd's one trap,
../shared/ecosystem-notes.md). A move to a stage that needs more than a drop can say (a
reason for lost) opens the move dialog instead.

User text (customer, owner names, reasons) is shown through :func:`kam.i18n.plain`, never
as HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_dnd import dnd

from kam.i18n import plain
from kam.order_checks import MANAGES, derive_moves
from kam.rules.metrics import METRICS
from kam.rules.moves import LOST, WON
from kam.rules.periods import period_of
from kam.specs import SPECS
from kam.ui import charts
from kam.ui.cache import after_save, load_table
from kam.ui.common import lang, lang_key, money, select, t, user_zone
from kam.ui.grid import edit_table
from kam.ui.page import ACCESS, Page, rules_guard
from kam.ui.widgets import downloads, flash, metrics_row, show_table
from kam.views import board
from kam.views.board import activities
from kam.views.board import detail as cards
from kam.views.board import metrics as bm
from kam.views.board.moves import move_order

TABS = ("board", "alerts", "metrics", "activities", "grid")  # the page's tabs, in order
GEN = "_kam_board_gen"  # the cards' generation (bumped on a refused drop)
SHOWN = "_kam_board_shown"  # stage -> cards shown (show more)
DIALOG = "_kam_board_dialog"  # ("card", id) or ("move", id, to_stage): the dialog open
PICKED = "_kam_board_alert_pick"  # the alert row picked last (its card opened once)
_STATE = "_kam_board_f_"  # the board's own filters, kept across pages
FLASH = "board"
# The outcome of the last move: shown on every run until the next move or filter change (a
# flash would be gone after the extra run streamlit-dnd makes when the cards are redrawn).
MESSAGE = "_kam_board_message"
DOTS = {"done": ":green[●]", "late": ":orange[●]", "overdue": ":red[●]", "paused": ":blue[●]", "closed": ":gray[●]"}
PENDING_DOT = ":gray[○]"


# --- filters ---------------------------------------------------------------------------


def _keep(name: str, widget: str) -> None:
    st.session_state[_STATE + name] = st.session_state[widget]
    st.session_state.pop(MESSAGE, None)


def _widget(name: str, default: Any) -> str:
    key = f"_w_board_{name}_{lang()}"
    st.session_state[key] = st.session_state.get(_STATE + name, default)
    return key


def board_filters(m_options: dict[str, str], grades: dict[str, str], default_period: str) -> dict[str, Any]:
    """The period, grade, alerts-only and search filters (kept across page switches)."""
    cols = st.columns([2, 1, 2, 1], vertical_alignment="bottom")
    if st.session_state.get(_STATE + "period", default_period) not in m_options:
        st.session_state[_STATE + "period"] = default_period
    key = _widget("period", default_period)
    period = select(
        cols[0],
        t("board.period"),
        list(m_options),
        key=key,
        format_func=m_options.get,
        on_change=_keep,
        args=("period", key),
    )
    if st.session_state.get(_STATE + "grade", board.ALL) not in grades:
        st.session_state[_STATE + "grade"] = board.ALL
    key = _widget("grade", board.ALL)
    grade = select(
        cols[1], t("board.grade"), list(grades), key=key, format_func=grades.get, on_change=_keep, args=("grade", key)
    )
    key = _widget("search", "")
    search = cols[2].text_input(t("board.search"), key=key, on_change=_keep, args=("search", key))
    key = _widget("alerts_only", False)
    alerts_only = cols[3].toggle(t("board.alerts_only"), key=key, on_change=_keep, args=("alerts_only", key))
    return {"period": period, "grade": grade, "search": search, "alerts_only": alerts_only}


def default_period(as_of: dt.date) -> str:
    """This quarter: the open orders and what was locked or closed lately."""
    return period_of("quarter", as_of)


# --- the board -------------------------------------------------------------------------


def _gen() -> int:
    return int(st.session_state.get(GEN, 0))


def _dots(statuses: Any) -> str:
    if statuses is None or isinstance(statuses, float):
        return ""
    return "".join(DOTS.get(str(s), PENDING_DOT) for s in statuses)


def _card(m: board.BoardModel, row: Any, alerts: pd.DataFrame, gen: int) -> None:
    # One Markdown element for the card's three lines and the badges' row only when there
    # is a badge: sixty cards of elements were most of a board run (issue 17).
    with st.container(key=f"card_{row.id}_{gen}", border=True):
        owner = plain(row.owner) if pd.notna(row.owner) else "—"
        grade = f" · {plain(row.grade)}" if pd.notna(row.grade) else ""
        line = t("board.card.days", n=int(row.days_in_stage) if pd.notna(row.days_in_stage) else 0)
        dots = _dots(row.milestones)
        st.markdown(
            f"**{plain(row.customer if pd.notna(row.customer) else '—')}**  \n"
            f":gray[:small[\\#{row.id} · {owner} · {money(row.amount)}{grade}]]  \n"
            + (f"{dots} {line}" if dots else line)
        )
        overdue: dict[str, list[int]] = {}  # each kind of alert's days overdue, kinds as they come
        for kind, days in zip(alerts["kind"].tolist(), alerts["days_overdue"].tolist(), strict=True):
            overdue.setdefault(str(kind), []).append(int(days))
        badges = []
        for kind, days in overdue.items():
            n = f" ×{len(days)}" if len(days) > 1 else ""
            badges.append((t("board.card.alert", what=t(f"board.alert.{kind}"), n=n, days=max(days)), "red"))
        if row.paused:
            badges.append((t("board.card.paused", date=row.paused_until), "blue"))
        if row.open and row.messages_missing:
            badges.append((t("board.card.lock_missing", n=int(row.messages_missing)), "orange"))
        elif row.open and not row.reviewed and "review" not in overdue:
            badges.append((t("board.card.unreviewed"), "orange"))
        if badges:
            shelf = st.container(horizontal=True, gap="small")
            for text, color in badges:
                shelf.badge(text, color=color)
        actions = st.container(horizontal=True, gap="small")
        actions.button(
            t("board.card.open"),
            key=f"open_{row.id}_{gen}",
            on_click=_open,
            args=(("card", int(row.id)),),
            type="tertiary",
            icon=":material/open_in_new:",
        )
        # A won or lost order is final but for a manager's reopen: nobody else gets "Move".
        can_move = bool(row.open) or page_role() in MANAGES
        actions.button(
            t("board.card.move"),
            disabled=not can_move,
            key=f"move_{row.id}_{gen}",
            on_click=_open,
            args=(("move", int(row.id), None),),
            type="tertiary",
            icon=":material/swap_horiz:",
        )


def page_role() -> str:
    access = st.session_state.get(ACCESS)
    return access.role if access is not None else ""


def _open(what: tuple) -> None:
    st.session_state[DIALOG] = what


def _close() -> None:
    st.session_state.pop(DIALOG, None)


def _more(code: str) -> None:
    shown = dict(st.session_state.get(SHOWN, {}))
    shown[code] = shown.get(code, board.CARDS_SHOWN) + board.CARDS_SHOWN
    st.session_state[SHOWN] = shown


def draw_board(page: Page, m: board.BoardModel) -> None:
    """The columns, their cards and drag and drop; applies a drop."""
    flash(FLASH)
    if MESSAGE in st.session_state:
        level, text = st.session_state[MESSAGE]
        getattr(st, level)(text)
    if m.orders.empty:
        st.info(t("board.no_orders"))
    gen = _gen()
    columns = m.columns(st.session_state.get(SHOWN))
    shown_ids = pd.concat([c.cards["id"] for c in columns]) if columns else pd.Series(dtype="int64")
    alerts = m.base.alerts[m.base.alerts["order_id"].isin(shown_ids)]
    by_order = {k: g for k, g in alerts.groupby("order_id")}
    none = alerts.iloc[:0]
    keys = []
    for col, c in zip(st.columns(len(columns), gap="small"), columns, strict=True):
        with col:
            st.markdown(f"**{plain(c.label)}**")
            st.caption(c.header(lang()))
            key = f"stage_{c.code}"
            keys.append(key)
            with st.container(key=key, border=False, height="content"):
                if c.cards.empty:  # an empty container is not drawn at all: nowhere to drop
                    st.caption(t("board.empty_column"))
                for row in c.cards.itertuples():
                    _card(m, row, by_order.get(row.id, none), gen)
            if c.hidden:
                st.caption(t("board.not_shown", n=f"{c.hidden:,}"))
                st.button(t("board.show_more"), key=f"more_{c.code}", on_click=_more, args=(c.code,))
    event = dnd(*keys, key="board_dnd", placeholder=t("board.drop_here"))
    if event is not None and event.from_container != event.to_container and event.item_key:
        _drop(page, m, event.item_key, event.to_container.removeprefix("stage_"))
    _dialogs(page, m)


def _drop(page: Page, m: board.BoardModel, item_key: str, to: str) -> None:
    try:
        order_id = int(item_key.split("_")[1])
    except (IndexError, ValueError):
        return
    row = m.orders[m.orders["id"] == order_id]
    if row.empty:
        return
    if to == LOST:  # a lost order needs its reason: ask for it
        st.session_state[GEN] = _gen() + 1
        st.session_state[DIALOG] = ("move", order_id, to)
        st.rerun()
    ok = _move(page, m, order_id, int(row["version"].iloc[0]), to, None, None)
    if not ok:
        st.session_state[GEN] = _gen() + 1
    st.rerun()


def _move(
    page: Page, m: board.BoardModel, order_id: int, version: int, to: str, close: dt.date | None, reason: str | None
) -> bool:
    """Move through the one save path; leave the outcome for the next run to show."""
    result, problems = move_order(
        page.db, page.access, order_id, version, to, as_of=m.as_of, close_date=close, reason=reason, lang=lang()
    )
    if result is None:
        why = cards.problem_texts(problems, lang=lang())
        st.session_state[MESSAGE] = ("error", t("board.move.refused", id=order_id, why=why))
        return False
    after_save(page.db, SPECS["orders"], result)
    st.session_state[MESSAGE] = ("success", t("board.move.done", id=order_id, to=m.stages.get(to, to)))
    return True


# --- the dialogs -------------------------------------------------------------------------


def _dialogs(page: Page, m: board.BoardModel) -> None:
    what = st.session_state.get(DIALOG)
    if not what:
        return
    if what[0] == "move":
        st.dialog(t("board.move.do"), on_dismiss=_close)(_move_dialog)(page, m, what[1], what[2])
    elif what[0] == "card":
        st.dialog(t("board.detail.title", id=what[1]), width="large", on_dismiss=_close)(_card_dialog)(page, m, what[1])


def _move_dialog(page: Page, m: board.BoardModel, order_id: int, to: str | None) -> None:
    row = m.base.orders[m.base.orders["id"] == order_id]
    if row.empty:
        st.warning(t("board.detail.gone"))
        return
    r = row.iloc[0]
    stage = plain(m.stages.get(r["stage"], r["stage"]))
    st.markdown(f"**{plain(r['customer'])}** · \\#{order_id} · {money(r['amount'])} · {stage}")
    targets = [s for s in m.stages if s != r["stage"]]
    start = targets.index(to) if to in targets else 0
    chosen = select(st, t("board.move.to"), targets, index=start, format_func=m.stages.get, key=f"move_to_{order_id}")
    close = reason = None
    if chosen in (WON, LOST):
        close = st.date_input(t("board.move.close_date"), value=m.as_of, key=f"move_close_{order_id}")
    if chosen == LOST:
        reason = st.text_input(t("board.move.reason"), key=f"move_reason_{order_id}")
    if st.button(t("board.move.do"), type="primary", key=f"move_do_{order_id}"):
        if _move(page, m, order_id, int(r["version"]), chosen, close, reason):
            _close()
        else:
            st.session_state[GEN] = _gen() + 1
            _close()
        st.rerun()


def _saved(page: Page, result: Any, problems: list, table_name: str) -> bool:
    """Show a refused action's reasons in the dialog; after a save, patch the table cache
    and leave "saved" for the next run."""
    if result is None and problems:
        st.error(cards.problem_texts(problems, table_name, lang()))
        return False
    if result is not None:
        after_save(page.db, SPECS[table_name], result)
        flash(FLASH, ("success", t("board.detail.saved")))
    return True


def _card_dialog(page: Page, m: board.BoardModel, order_id: int) -> None:
    d = cards.card_detail(page.db, page.access, order_id, as_of=m.as_of, lang=lang(), tz=user_zone())
    if d is None:
        st.warning(t("board.detail.gone"))
        return
    o = d.order
    st.markdown(
        t(
            "board.detail.summary",
            customer=plain(d.customer),
            owner=plain(d.owner),
            amount=money(o["amount"]),
            stage=plain(d.stage_label),
        )
    )
    if not d.writable:
        st.info(t("board.detail.read_only"))
    tabs = st.tabs(
        [
            t("board.detail.messages", n=int(d.messages["filled"].sum()), total=len(d.messages)),
            t("board.detail.review"),
            t("board.detail.milestones"),
            t("board.detail.stuck"),
            t("board.detail.pause"),
            t("board.detail.meeting"),
            t("board.detail.history"),
        ]
    )
    with tabs[0]:
        _messages_tab(page, d, order_id)
    with tabs[1]:
        _review_tab(page, m, d, order_id)
    with tabs[2]:
        _milestones_tab(page, d, order_id)
    with tabs[3]:
        _stuck_tab(page, m, d, order_id)
    with tabs[4]:
        _pause_tab(page, m, d, order_id)
    with tabs[5]:
        _meeting_tab(page, m, d, order_id)
    with tabs[6]:
        if d.history.empty:
            st.caption(t("board.detail.no_history"))
        else:
            st.dataframe(d.history, hide_index=True, width="stretch")


def _messages_tab(page: Page, d: cards.CardDetail, order_id: int) -> None:
    missing = d.missing
    if missing:
        st.warning(
            t(
                "board.detail.missing",
                names="、".join(plain(x) for x in missing) if lang() == "zh" else ", ".join(plain(x) for x in missing),
            )
        )
    else:
        st.success(t("board.detail.all_filled"))
    with st.form(f"messages_{order_id}", border=False):
        values = {}
        for row in d.messages.itertuples():
            values[int(row.message_id)] = st.text_input(
                str(row.label), value="" if pd.isna(row.value) else str(row.value), disabled=not d.writable
            )
        if st.form_submit_button(t("board.detail.save_messages"), disabled=not d.writable):
            result, problems = cards.save_messages(page.db, page.access, order_id, d, values, lang())
            if _saved(page, result, problems, "order_key_messages"):
                st.rerun()


def _review_tab(page: Page, m: board.BoardModel, d: cards.CardDetail, order_id: int) -> None:
    o = d.order
    if d.reviewer:
        st.write(t("board.detail.reviewed_by", who=plain(d.reviewer), date=o.get("review_date") or "—"))
        if d.review_status not in ("reviewed", "reviewed_late"):
            st.warning(t("board.detail.review_does_not_count", rank=plain(d.review_rank)))
    else:
        st.write(t("board.detail.not_reviewed", rank=plain(d.review_rank)))
    st.caption(t(f"board.status.{d.review_status}"))
    if d.can_review and st.button(t("board.detail.review_now"), type="primary", key=f"review_{order_id}"):
        result, problems = cards.review(page.db, page.access, order_id, int(o["version"]), as_of=m.as_of, lang=lang())
        if _saved(page, result, problems, "orders"):
            st.rerun()


def _milestones_tab(page: Page, d: cards.CardDetail, order_id: int) -> None:
    for row in d.milestones.itertuples():
        cols = st.columns([3, 2, 2, 1], vertical_alignment="bottom")
        cols[0].markdown(f"{DOTS.get(row.status, PENDING_DOT)} **{plain(row.label)}** · {row.due_date}")
        cols[0].caption(t(f"board.status.{row.status}"))
        done = None if pd.isna(row.done_date) else dt.date.fromisoformat(str(row.done_date)[:10])
        picked = cols[1].date_input(
            t("board.detail.done_on"), value=done, key=f"ms_{order_id}_{row.code}", disabled=not d.writable
        )
        if cols[2].button(
            t("board.detail.save_milestone"), key=f"ms_save_{order_id}_{row.code}", disabled=not d.writable
        ):
            result, problems = cards.mark_milestone(page.db, page.access, order_id, d, row.code, picked, lang())
            if _saved(page, result, problems, "order_milestones"):
                st.rerun()


def _stuck_tab(page: Page, m: board.BoardModel, d: cards.CardDetail, order_id: int) -> None:
    o = d.order
    if d.stuck_status is not None:
        st.write(
            t(
                "board.detail.stuck_due",
                since=o.get("stuck_since") or o.get("lock_date"),
                due=d.stuck_due,
                status=t(f"board.status.{d.stuck_status}"),
            )
        )
    if not d.analyses.empty:
        st.dataframe(
            d.analyses.rename(columns={c: t(f"board.detail.{c}") for c in d.analyses.columns}),
            hide_index=True,
            width="stretch",
        )
    staff = m.base.org.people
    staff = staff if page.access.reads_all("people") else page.access.visible("people", staff)
    staff = staff[staff["left_date"].isna()]
    people = {int(i): str(n) for i, n in zip(staff["id"], staff["name"], strict=True)}
    with st.form(f"stuck_{order_id}", border=False):
        blocker = st.text_input(t("board.detail.blocker"))
        action = st.text_input(t("board.detail.next_action"))
        who = select(st, t("board.detail.who"), list(people), format_func=people.get, index=None)
        day = st.date_input(t("board.detail.analysis_date"), value=m.as_of)
        if st.form_submit_button(t("board.detail.add_analysis"), disabled=not d.writable):
            result, problems = cards.add_analysis(
                page.db, page.access, order_id, day=day, blocker=blocker, next_action=action, who_id=who, lang=lang()
            )
            if _saved(page, result, problems, "stuck_analyses"):
                st.rerun()


def _meeting_tab(page: Page, m: board.BoardModel, d: cards.CardDetail, order_id: int) -> None:
    if page.access.person_id is None:
        st.caption(t("board.detail.meeting_no_person"))
        return
    if not d.can_log_meeting:
        st.caption(t("board.detail.meeting_not_your_customer"))
        return
    types = m.base.rules["r8_activity_types"]
    kinds = {
        str(c): str(n) for c, n in zip(types["code"], types["label_zh" if lang() == "zh" else "label_en"], strict=True)
    }
    with st.form(f"meeting_{order_id}", border=False):
        day = st.date_input(t("board.detail.meeting_date"), value=m.as_of)
        kind = select(st, t("board.detail.meeting_kind"), list(kinds), format_func=kinds.get)
        note = st.text_input(t("board.detail.meeting_note"))
        if st.form_submit_button(t("board.detail.meeting_save")):
            result, problems = cards.log_meeting(page.db, page.access, d, day=day, kind=kind, note=note, lang=lang())
            if _saved(page, result, problems, "meetings"):
                st.rerun()


def _pause_tab(page: Page, m: board.BoardModel, d: cards.CardDetail, order_id: int) -> None:
    o = d.order
    until = o.get("paused_until")
    with st.form(f"pause_{order_id}", border=False):
        picked = st.date_input(
            t("board.detail.pause_until"), value=dt.date.fromisoformat(str(until)[:10]) if until else m.as_of
        )
        reason = st.text_input(t("board.detail.pause_reason"), value=o.get("pause_reason") or "")
        cols = st.columns(2)
        go = cols[0].form_submit_button(t("board.detail.pause_save"), disabled=not d.writable)
        end = cols[1].form_submit_button(t("board.detail.pause_end"), disabled=not (d.writable and until))
        if go or end:
            result, problems = cards.pause(
                page.db,
                page.access,
                order_id,
                int(o["version"]),
                until=None if end else picked,
                reason=reason,
                as_of=m.as_of,
                lang=lang(),
            )
            if _saved(page, result, problems, "orders"):
                st.rerun()


# --- the alerts list ---------------------------------------------------------------------

ALERT_HEADERS = ("order_id", "customer", "owner", "stage", "alert", "due_date", "days_overdue")
PAUSE_HEADERS = ("order_id", "customer", "owner", "paused_until", "pause_reason", "silenced")


def _headers(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame[list(columns)].rename(columns={c: t(f"board.col.{c}") for c in columns})


def draw_alerts(page: Page, m: board.BoardModel) -> None:
    """What a manager works through on Monday: every alert, most days overdue first (a row
    picked opens its order's card), and the paused orders apart."""
    alerts = m.alerts()
    if alerts.empty:
        st.caption(t("board.alerts.none"))
    else:
        st.caption(t("board.alerts.intro", n=f"{len(alerts):,}", orders=f"{alerts['order_id'].nunique():,}"))
        picked = st.dataframe(
            _headers(alerts, ALERT_HEADERS),
            hide_index=True,
            width="stretch",
            height=min(36 * (len(alerts) + 1) + 3, 500),
            on_select="rerun",
            selection_mode="single-row",
            key="board_alerts",
        )
        rows = picked.selection.rows if picked else []
        chosen = int(alerts["order_id"].iloc[rows[0]]) if rows and rows[0] < len(alerts) else None
        # Open the card once per pick (the selection stays while the dialog is closed).
        if chosen != st.session_state.get(PICKED):
            st.session_state[PICKED] = chosen
            if chosen is not None:
                st.session_state[DIALOG] = ("card", chosen)
    st.subheader(t("board.alerts.paused"))
    paused = m.paused()
    if paused.empty:
        st.caption(t("board.alerts.no_paused"))
    else:
        st.dataframe(_headers(paused, PAUSE_HEADERS), hide_index=True, width="stretch")
    _dialogs(page, m)


# --- metrics and leaderboards --------------------------------------------------------------

BOARD_LABELS = ("rank", "name", *METRICS)


def draw_metrics(page: Page, m: board.BoardModel) -> None:
    """A period's metrics, the ranked boards of branches, teams and people, and the won
    amount against the target."""
    cols = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
    kinds = {k: t(f"board.k.kind.{k}") for k in bm.KINDS}
    kind = select(
        cols[0], t("board.k.period_kind"), list(kinds), index=1, format_func=kinds.get, key=lang_key("board_kind")
    )
    options = bm.periods(kind, m.as_of)
    period = select(cols[1], t("board.k.period"), options, key=lang_key(f"board_period_{kind}"))
    metric_names = {k: t(f"board.k.{'weighted' if k == 'weighted_pipeline' else k}") for k in METRICS}
    by = select(
        cols[2],
        t("board.k.rank_by"),
        list(metric_names),
        index=2,
        format_func=metric_names.get,
        key=lang_key("board_by"),
    )
    with rules_guard():
        k = board.load_metrics(page.db, page.access, m, period, by)
    metrics_row(k.metrics)
    left, right = st.columns([3, 2], gap="large")
    with left:
        tabs = st.tabs([t(f"board.k.level.{level}") for level in bm.LEVELS])
        labels = {c: t(f"board.col.{c}") if c in ("rank", "name") else metric_names[c] for c in BOARD_LABELS}
        for tab, level in zip(tabs, bm.LEVELS, strict=True):
            with tab:
                rows = k.boards[level]
                if rows.empty:
                    st.caption(t("board.k.no_rows"))
                else:
                    show_table(rows, labels, money=("won_amount", "weighted_pipeline"), rates=("order_rate",))
        st.caption(t("board.k.ratios_note"))
    with right:
        st.markdown(f"**{t('board.k.chart')}**")
        chart = k.chart.rename(columns={"bucket": "label", "won": "actual"})
        # A bucket under way, or without a target, is neither met nor missed.
        chart = chart.assign(open=(chart["start"] >= m.as_of.isoformat()) | chart["target"].isna())
        if chart["target"].isna().all():
            st.caption(t("board.k.no_target"))
        charts.show(
            st,
            charts.monthly_chart(
                chart,
                lang=lang(),
                target_title=t("board.k.target"),
                actual_title=t("board.k.won"),
                month_title=t("board.k.bucket"),
                met_title=t("targets.chart.met"),
                behind_title=t("targets.chart.behind"),
                open_title=t("targets.chart.open"),
            ),
        )


# --- activities (R8) -----------------------------------------------------------------------


def draw_activities(page: Page, m: board.BoardModel, branch: int | None, team: int | None, owner: int | None) -> None:
    """Weekly meeting compliance, who is below target or behind pace, a chart per team, and
    the meetings grid."""
    a = activities.load(page.db, page.access, as_of=m.as_of, lang=lang(), branch=branch, team=team, owner=owner)
    st.caption(t("board.a.intro", target=a.target, money=money(_meeting_value(m))))
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t('board.a.last_week')}**")
        if a.last_week.empty:
            st.caption(t("board.a.none_last_week"))
        else:
            show_table(a.last_week, {c: t(f"board.col.{c}") for c in a.last_week.columns}, max_rows=10)
        st.markdown(f"**{t('board.a.behind')}**")
        if a.behind.empty:
            st.caption(t("board.a.none_behind"))
        else:
            show_table(a.behind, {c: t(f"board.col.{c}") for c in a.behind.columns}, max_rows=10)
        st.metric(t("board.a.money_week"), money(a.money_week))
        if not a.money.empty:
            labels = {c: t(f"board.col.{c}") for c in a.money.columns}
            show_table(a.money, labels, money=("money",), max_rows=10)
    with right:
        st.markdown(f"**{t('board.a.chart')}**")
        if a.chart.empty:
            st.caption(t("board.a.none_behind"))
        else:
            charts.show(
                st,
                charts.share_lines(
                    a.chart,
                    x="week",
                    y="met",
                    color="team",
                    x_title=t("board.a.week"),
                    y_title=t("board.a.share"),
                    color_title=t("board.col.team"),
                ),
            )
    st.markdown(f"**{t('board.a.grid', weeks=activities.WEEKS)}**")
    spec = SPECS["meetings"]
    rows = load_table(page.db, spec, page.access)
    since = (m.as_of - dt.timedelta(weeks=activities.WEEKS)).isoformat()
    people = set(a.weeks["person_id"].dropna().astype(int))
    shown = rows[(rows["meeting_date"].astype(str) > since) & rows["person_id"].isin(people)]
    insert = {"meeting_date": m.as_of.isoformat(), "activity_type": "face_to_face"}
    if page.access.person_id is not None:
        insert["person_id"] = page.access.person_id
    edit_table(page.db, spec, shown, key="board_meetings", access=page.access, insert_defaults=insert, height=320)


def _meeting_value(m: board.BoardModel) -> int:
    types = m.base.rules["r8_activity_types"]
    counted = types[types["counts"] == 1]
    return int(counted["value_per_meeting"].max()) if len(counted) else 0


# --- the orders grid -----------------------------------------------------------------------

GRID_ROWS = 5_000  # rows the orders grid holds at most (the newest): the board's filters narrow it


def draw_grid(page: Page, m: board.BoardModel) -> None:
    """The orders grid for bulk work, filtered like the board, with its export."""
    st.caption(t("board.g.intro"))
    spec = SPECS["orders"]
    rows = load_table(page.db, spec, page.access)
    shown = rows[rows["id"].isin(m.orders["id"])]
    cols = st.columns([3, 1, 1])
    cols[0].markdown(f"**{t('board.g.count', n=f'{len(shown):,}')}**")
    if len(shown) > GRID_ROWS:
        st.caption(t("board.g.too_many", n=f"{len(shown):,}", shown=f"{GRID_ROWS:,}"))
        shown = shown.sort_values("id", ascending=False).head(GRID_ROWS).sort_values("id")
    downloads(cols[1:], lambda: board_export(m), f"{t('board.g.file')}_{m.as_of.isoformat()}", t("board.g.sheet"))
    insert = {"stage": "locked", "lock_date": m.as_of.isoformat(), "group_order": False}
    if page.access.person_id is not None:
        insert["owner_id"] = page.access.person_id
    edit_table(
        page.db,
        spec,
        shown,
        key="board_orders",
        access=page.access,
        insert_defaults=insert,
        derive=derive_moves(m.as_of),
        height=420,
    )


EXPORT_COLUMNS = (
    "id",
    "customer",
    "owner",
    "stage",
    "grade",
    "amount",
    "weighted",
    "lock_date",
    "close_date",
    "stage_since",
    "days_in_stage",
    "alerts",
    "paused_until",
    "lost_reason",
)


def board_export(m: board.BoardModel) -> pd.DataFrame:
    """The orders the board shows, as people read them (headers and stages translated)."""
    out = m.orders[list(EXPORT_COLUMNS)].assign(stage=m.orders["stage"].map(m.stages))
    return out.rename(columns={c: t(f"board.x.{c}") for c in EXPORT_COLUMNS})
