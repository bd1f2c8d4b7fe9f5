"""One order's card detail (issue 13, domain.md R7) and the actions on it, each a change set
through the one save path (version-checked, scope-checked, audited, in one transaction).

- the key-message checklist (the rows of ``r7_key_messages``), the missing ones named;
- the review: reviewer and date; only a person of the reviewer rank of ``r7_stages`` or above
  reviews, as the signed-in user, never the order's owner;
- the following milestones with their done dates and status;
- the stuck analysis (blocker, next action, who, date), due within the rules' days of
  ``stuck_since``;
- the pause (reason, until-date) that silences the order's alerts up to and including it;
- the order's history (its own audit rows and those of its checklist, milestones and
  analyses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam import edit
from kam.i18n import DEFAULT_LANG, translate
from kam.rules.orders import _min_rank_order, _reviewer_rank, lock_review_alerts, milestone_status, stuck_alerts
from kam.rules.params import table
from kam.specs import SPECS
from kam.store.access import Access, AccessDenied
from kam.store.customers import name_of
from kam.store.frames import rows_of
from kam.store.orders import empty_rows, read_order_children
from kam.store.people import read_org
from kam.store.save import SaveResult
from kam.types import STUCK, ChangeSet, Problem
from kam.views import signed
from kam.views.changes import recent_changes
from kam.views.ruleset import current_rules

HISTORY = 30  # changes the card's history lists


@dataclass(frozen=True)
class CardDetail:
    order: dict[str, object]  # the order as stored (version for the saves)
    customer: str
    owner: str
    stage_label: str
    messages: pd.DataFrame  # message_id, label, value, row_id, version, filled
    reviewer: str | None
    review_status: str  # a status code of kam.rules.orders.lock_review_alerts
    can_review: bool  # the signed-in person may review this lock now
    can_log_meeting: bool  # the signed-in user has a person and the order's customer is in their scope
    review_rank: str  # the label of the lowest rank whose review counts
    milestones: pd.DataFrame  # code, label, due_date, done_date, status, row_id, version
    analyses: pd.DataFrame  # analysis_date, blocker, next_action, who
    stuck_status: str | None  # None unless the order is stuck
    stuck_due: str | None
    history: pd.DataFrame
    writable: bool  # the signed-in user may change this order

    @property
    def missing(self) -> list[str]:
        return self.messages.loc[~self.messages["filled"], "label"].tolist()


def _label(lang: str) -> str:
    return "label_zh" if lang == "zh" else "label_en"


def card_detail(
    db: sqlite_utils.Database,
    access: Access | None,
    order_id: int,
    *,
    as_of: dt.date,
    lang: str = DEFAULT_LANG,
    tz: dt.tzinfo | None = None,
) -> CardDetail | None:
    """The card of ``order_id`` as ``access`` may see it; None when it is gone.

    :raises kam.store.access.AccessDenied: an order the user does not read.
    """
    access = signed(access, "orders")
    stored = rows_of(db, SPECS["orders"], [order_id])
    if stored.empty:
        return None
    if not access.mask("orders", stored).all():
        raise AccessDenied("orders", access.role)
    order = stored.iloc[0].to_dict()
    rules = current_rules(db)
    org = read_org(db)
    children = read_order_children(db, order_id)
    names = dict(zip(org.people["id"], org.people["name"], strict=True))
    customer = name_of(db, int(order["customer_id"]))
    if access.customers is not None and _num_key(order.get("customer_id")) not in access.customers:
        customer = translate("scope.colleagues_customer", lang, id=int(order["customer_id"]))

    km = table(rules, "r7_key_messages").sort_values(["sort_order", "id"], kind="stable")
    have = children["order_key_messages"].set_index("message_id")
    messages = pd.DataFrame(
        {
            "message_id": km["id"].astype("int64").to_numpy(),
            "label": km[_label(lang)].astype("string").to_numpy(),
            "value": have["value"].reindex(km["id"]).astype("string").to_numpy(),
            "row_id": have["id"].reindex(km["id"]).astype("Int64").to_numpy(),
            "version": have["version"].reindex(km["id"]).astype("Int64").to_numpy(),
        }
    )
    messages["filled"] = messages["value"].fillna("").str.strip() != ""

    review = lock_review_alerts(stored, org.people, rules, as_of).iloc[0]
    me = access.person_id
    my_rank = org.people.loc[org.people["id"] == me, "rank"] if me is not None else pd.Series(dtype="string")
    ranks = table(rules, "ranks").set_index("code")
    level = ranks["rank_order"].get(str(my_rank.iloc[0])) if len(my_rank) else None
    needed = _reviewer_rank(rules)
    writable = bool(access.writable("orders", stored).all())
    can_review = (
        writable
        and me is not None
        and level is not None
        and float(level) >= _min_rank_order(rules, needed)
        and me != order.get("owner_id")
        and order["stage"] not in ("won", "lost")
        # A review that counts is final: another one would replace it and could turn an
        # on-time review into a late one (or hand it to someone who did not do it).
        and str(review["status"]) not in ("reviewed", "reviewed_late")
    )
    miles = milestone_status(stored, children["order_milestones"], rules, as_of)
    ms = table(rules, "r7_milestones").set_index("code")
    recorded = children["order_milestones"].set_index("milestone_code")
    milestones = pd.DataFrame(
        {
            "code": miles["milestone_code"].to_numpy(),
            "label": miles["milestone_code"].map(ms[_label(lang)]).to_numpy(),
            "due_day": miles["due_day"].to_numpy(),
            "due_date": miles["due_date"].to_numpy(),
            "done_date": recorded["done_date"].reindex(miles["milestone_code"]).to_numpy(),
            "status": miles["status"].to_numpy(),
            "row_id": recorded["id"].reindex(miles["milestone_code"]).astype("Int64").to_numpy(),
            "version": recorded["version"].reindex(miles["milestone_code"]).astype("Int64").to_numpy(),
        }
    )
    an = children["stuck_analyses"].sort_values(["analysis_date", "id"], ascending=False, kind="stable")
    analyses = pd.DataFrame(
        {
            "analysis_date": an["analysis_date"].to_numpy(),
            "blocker": an["blocker"].fillna("").to_numpy(),
            "next_action": an["next_action"].fillna("").to_numpy(),
            "who": an["who_id"].map(names).fillna("—").to_numpy(),
        }
    )
    stuck_status = stuck_due = None
    if order["stage"] == STUCK:
        s = stuck_alerts(stored, children["stuck_analyses"], rules, as_of).iloc[0]
        stuck_status, stuck_due = str(s["status"]), str(s["due_date"])
    rows = [("orders", str(order_id))] + [(t, str(i)) for t, frame in children.items() for i in frame["id"].tolist()]
    stages = table(rules, "r7_stages").set_index("code")[_label(lang)]
    return CardDetail(
        order=order,
        customer=customer or "—",
        owner=str(names.get(order.get("owner_id"), "—")),
        stage_label=str(stages.get(order["stage"], order["stage"])),
        messages=messages,
        reviewer=names.get(order.get("reviewer_id")),
        review_status=str(review["status"]),
        can_review=can_review,
        # An order of theirs on a colleague's customer: its meetings are the customer
        # owner's to log (a meeting names a customer the user may read).
        can_log_meeting=me is not None
        and (access.customers is None or _num_key(order.get("customer_id")) in access.customers),
        review_rank=str(ranks[_label(lang)].get(needed, needed)),
        milestones=milestones,
        analyses=analyses,
        stuck_status=stuck_status,
        stuck_due=stuck_due,
        history=recent_changes(db, lang, tz, access, limit=HISTORY, rows=rows),
        writable=writable,
    )


# --- the actions ----------------------------------------------------------------------

Result = tuple[SaveResult | None, list[Problem]]


def _save(db: sqlite_utils.Database, access: Access, name: str, changes: ChangeSet, lang: str) -> Result:
    spec = SPECS[name]
    keys = [*changes.updates, *changes.deletes]
    loaded = rows_of(db, spec, keys) if keys else empty_rows(db, name)
    loaded = loaded.set_axis(pd.Index(loaded[spec.pk].to_numpy()), axis=0)
    return edit.save_change_set(db, spec, loaded, changes, access, lang=lang)


def save_messages(
    db: sqlite_utils.Database,
    access: Access | None,
    order_id: int,
    detail: CardDetail,
    values: dict[int, str],
    lang: str = DEFAULT_LANG,
) -> Result:
    """Write the checklist's changed values (message id -> text) in one save."""
    access = signed(access, "orders")
    changes = ChangeSet()
    new = -1
    for row in detail.messages.itertuples():
        value = (values.get(int(row.message_id)) or "").strip()
        old = "" if pd.isna(row.value) else str(row.value).strip()
        if value == old:
            continue
        if pd.isna(row.row_id):
            changes.inserts[new] = {"order_id": order_id, "message_id": int(row.message_id), "value": value}
            new -= 1
        else:
            changes.updates[int(row.row_id)] = {"value": value or None}
            changes.versions[int(row.row_id)] = int(row.version)
    if changes.empty:
        return None, []
    return _save(db, access, "order_key_messages", changes, lang)


def review(
    db: sqlite_utils.Database,
    access: Access | None,
    order_id: int,
    version: int,
    *,
    as_of: dt.date,
    lang: str = DEFAULT_LANG,
) -> Result:
    """Record the signed-in person's review of the lock, dated today (refused unless
    :attr:`CardDetail.can_review`)."""
    access = signed(access, "orders")
    detail = card_detail(db, access, order_id, as_of=as_of, lang=lang)
    if detail is None or not detail.can_review:
        rank = detail.review_rank if detail else "—"
        return None, [Problem(order_id, "reviewer_id", "board.review_refused", (("rank", rank),))]
    changes = ChangeSet(
        # Dated today, whatever as-of date the page shows: a review is an act done now (an
        # earlier as-of date must not make a late review look on time).
        updates={order_id: {"reviewer_id": access.person_id, "review_date": dt.date.today().isoformat()}},
        versions={order_id: int(version)},
    )
    return _save(db, access, "orders", changes, lang)


def mark_milestone(
    db: sqlite_utils.Database,
    access: Access | None,
    order_id: int,
    detail: CardDetail,
    code: str,
    done: dt.date | None,
    lang: str = DEFAULT_LANG,
) -> Result:
    """Record (or clear, with None) a milestone's done date."""
    access = signed(access, "orders")
    row = detail.milestones.set_index("code").loc[code]
    value = done.isoformat() if done else None
    if pd.isna(row["row_id"]):
        if value is None:
            return None, []
        changes = ChangeSet(inserts={-1: {"order_id": order_id, "milestone_code": code, "done_date": value}})
    else:
        key = int(row["row_id"])
        changes = ChangeSet(updates={key: {"done_date": value}}, versions={key: int(row["version"])})
    return _save(db, access, "order_milestones", changes, lang)


def add_analysis(
    db: sqlite_utils.Database,
    access: Access | None,
    order_id: int,
    *,
    day: dt.date,
    blocker: str,
    next_action: str,
    who_id: int | None,
    lang: str = DEFAULT_LANG,
) -> Result:
    """Add a stuck-order analysis (all of blocker, next action and who are required)."""
    access = signed(access, "orders")
    values = {
        "order_id": order_id,
        "analysis_date": day.isoformat(),
        "blocker": blocker,
        "next_action": next_action,
        "who_id": who_id,
    }
    return _save(db, access, "stuck_analyses", ChangeSet(inserts={-1: values}), lang)


def pause(
    db: sqlite_utils.Database,
    access: Access | None,
    order_id: int,
    version: int,
    *,
    until: dt.date | None,
    reason: str,
    as_of: dt.date,
    lang: str = DEFAULT_LANG,
) -> Result:
    """Pause the order's alerts up to and including ``until`` for ``reason``; ``until``
    None ends the pause. A pause needs a reason and a date from as_of on."""
    access = signed(access, "orders")
    if until is not None:
        if not reason.strip():
            return None, [Problem(order_id, "pause_reason", "board.pause_needs_reason", ())]
        if until < as_of:
            return None, [Problem(order_id, "paused_until", "board.pause_in_past", (("date", as_of.isoformat()),))]
    values = {
        "paused_until": until.isoformat() if until else None,
        "pause_reason": (reason.strip() or None) if until else None,
    }
    return _save(db, access, "orders", ChangeSet(updates={order_id: values}, versions={order_id: int(version)}), lang)


def _num_key(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def log_meeting(
    db: sqlite_utils.Database,
    access: Access | None,
    detail: CardDetail,
    *,
    day: dt.date,
    kind: str,
    note: str,
    lang: str = DEFAULT_LANG,
) -> Result:
    """Log a meeting with the order's customer (R8), as the signed-in person."""
    access = signed(access, "meetings")
    if access.person_id is None:
        return None, [Problem(None, "person_id", "board.detail.meeting_no_person", ())]
    values = {
        "person_id": access.person_id,
        "customer_id": detail.order["customer_id"],
        "meeting_date": day.isoformat(),
        "activity_type": kind,
        "note": note.strip() or None,
    }
    return _save(db, access, "meetings", ChangeSet(inserts={-1: values}), lang)


def problem_texts(problems: list[Problem], table_name: str = "orders", lang: str = DEFAULT_LANG) -> str:
    """A refused action's problems in words, one line each ("order 12, column Stage: ...")."""
    spec = SPECS[table_name]
    # The board's own reasons (a move, a review, a pause) are about the order the card
    # shows: said alone; the save path's are named by row and column.
    own = ("move.", "board.")
    texts = [
        translate(p.reason, lang, **dict(p.params))
        if p.reason.startswith(own)
        else edit.problem_text(spec, p, lang=lang)
        for p in problems
    ]
    return "\n\n".join(texts)
