"""Moving an order to another stage (issue 13): one action, through the one save path.

The rules decide first (:func:`kam.rules.moves.move_refusals`, from ``r7_transitions``, with
the order's lock validity of :func:`kam.rules.orders.lock_validity`); a move they allow is a
change set of the order's row (:func:`kam.rules.moves.move_values`) saved by
:func:`kam.edit.save_change_set`: version-checked, scope-checked, audited, in one
transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam import edit
from kam.i18n import DEFAULT_LANG
from kam.order_checks import MANAGES, move_params
from kam.rules.moves import LOST, WON, move_refusals, move_values
from kam.rules.orders import lock_validity
from kam.specs import SPECS
from kam.store.access import Access
from kam.store.frames import rows_of
from kam.store.orders import read_key_messages
from kam.store.people import read_org
from kam.store.rules import load_rules
from kam.store.save import SaveResult
from kam.types import ChangeSet, Problem
from kam.views import signed

ORDERS = SPECS["orders"]


def move_order(
    db: sqlite_utils.Database,
    access: Access | None,
    order_id: int,
    version: int,
    to_stage: str,
    *,
    as_of: dt.date,
    close_date: dt.date | None = None,
    reason: str | None = None,
    lang: str = DEFAULT_LANG,
) -> tuple[SaveResult | None, list[Problem]]:
    """Move order ``order_id`` (at ``version``, as the user saw it) to ``to_stage``.

    :param close_date: for won (default the as-of date) or lost.
    :returns: (the save's result, []) or (None, why: a ``move.*`` reason on the order's
      stage, or the save path's problems); nothing is written then.
    :raises kam.store.access.AccessDenied: nobody signed in, or a role that reads no order.
    """
    access = signed(access, "orders")
    stored = rows_of(db, ORDERS, [order_id])
    # An order the user may not read answers as one that is gone: the rules' reasons would
    # tell them about it (its lock, its stage).
    if stored.empty or not access.mask("orders", stored).all():
        return None, [Problem(None, None, "grid.stale", (("rows", str(order_id)),))]
    order = stored.set_axis(pd.Index(stored["id"].to_numpy()), axis=0)
    rules = load_rules(db)
    valid = lock_validity(order, read_key_messages(db, [order_id]), read_org(db).people, rules, as_of)
    closing = to_stage in (WON, LOST)
    day = (close_date or as_of) if closing else None
    request = pd.DataFrame(
        [
            {
                "from_stage": order.at[order_id, "stage"],
                "to_stage": to_stage,
                "lock_valid": bool(valid["valid"].iloc[0]),
                "lock_date": order.at[order_id, "lock_date"],
                "close_date": day.isoformat() if day else None,
                "reason": reason,
                "by_manager": access.role in MANAGES,
            }
        ]
    )
    why = move_refusals(request, rules).iloc[0]
    if why is not None:
        params = move_params(str(order.at[order_id, "stage"]), to_stage, valid.iloc[0], rules, lang)
        return None, [Problem(order_id, "stage", why, params)]
    values = move_values(to_stage, as_of, close_date=day, reason=reason)
    changes = ChangeSet(updates={order_id: values}, versions={order_id: int(version)})
    return edit.save_change_set(db, ORDERS, order, changes, access, lang=lang)
