"""The scored customers (the pyramid's and the portraits' stage) follow writes to the
customers by scoring only the customers the change log (migration 020) names: after an
update that moves a customer's tier, an owner change, an insert and a delete, what they hand
out equals scoring everyone from scratch; a write elsewhere scores everyone again."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

import kam.views.pyramid as pyramid_module
from kam.views.memo import views
from kam.views.pyramid import _score_all, scored_customers, tables

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def scored_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many customers every scoring scored."""
    seen: list[int] = []
    real = pyramid_module.score_customers

    def spy(customers: pd.DataFrame, *args: object, **kw: object) -> pd.DataFrame:
        seen.append(len(customers))
        return real(customers, *args, **kw)

    monkeypatch.setattr(pyramid_module, "score_customers", spy)
    views().clear()
    yield seen
    views().clear()


def one(db: sqlite_utils.Database, sql: str, *params: object) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def _same_as_scoring_everyone(db: sqlite_utils.Database, patched_grid: bool = True) -> None:
    patched = scored_customers(db, as_of=AS_OF, lang="zh")
    fresh = _score_all(db, as_of=AS_OF, lang="zh")
    pd.testing.assert_frame_equal(patched.customers, fresh.customers)
    pd.testing.assert_frame_equal(patched.scored, fresh.scored)
    # The grid's rows, built before the write, are patched with the scores (not built again).
    assert ("grid_rows" in patched.__dict__) == patched_grid
    pd.testing.assert_frame_equal(patched.grid_rows, tables.grid_frame(fresh.customers, fresh.scored, fresh.labels))


def test_customer_writes_are_patched_from_the_log_and_equal_scoring_everyone(
    demo_db: sqlite_utils.Database, scored_rows: list[int]
) -> None:
    total = demo_db["customers"].count
    first = scored_customers(demo_db, as_of=AS_OF, lang="zh")
    assert scored_rows == [total]
    assert len(first.grid_rows) == total  # the grid drawn once: its rows are kept with the scores
    assert scored_customers(demo_db, as_of=AS_OF, lang="zh") is first  # nothing written: kept

    regular = one(demo_db, "SELECT id FROM customers ORDER BY id LIMIT 1")
    before = first.scored.loc[regular, "tier"]
    # Revenue far above every threshold: the customer's tier and points move.
    demo_db.execute("UPDATE customers SET customer_revenue = 9e12, winnability = 5 WHERE id = ?", [regular])
    other = one(demo_db, "SELECT id FROM customers WHERE owner_id IS NOT NULL ORDER BY id DESC LIMIT 1")
    demo_db.execute("UPDATE customers SET owner_id = NULL WHERE id = ?", [other])
    scored_rows.clear()
    _same_as_scoring_everyone(demo_db)
    assert scored_rows[0] == 2  # the patch scored the two customers written, then the fresh scoring all
    after = scored_customers(demo_db, as_of=AS_OF, lang="zh")
    assert (
        after.scored.loc[regular, "tier"] != before
        or after.scored.loc[regular, "score"] != first.scored.loc[regular, "score"]
    )

    copy = dict(next(demo_db["customers"].rows_where("id = ?", [regular])), id=None)
    new = [int(demo_db["customers"].insert({**copy, "name": f"新客户{n}"}).last_pk) for n in (1, 2)]
    scored_rows.clear()
    _same_as_scoring_everyone(demo_db)
    assert scored_rows[0] == 2  # the two new customers
    demo_db.execute("DELETE FROM customers WHERE id = ?", [new[0]])  # a scored row goes
    demo_db.execute("UPDATE customers SET winnability = 1 WHERE id = ?", [new[1]])
    scored_rows.clear()
    _same_as_scoring_everyone(demo_db)
    assert scored_rows[0] == 1  # the one still there scored again; the deleted one dropped
    got = scored_customers(demo_db, as_of=AS_OF, lang="zh")
    assert new[1] in got.scored.index and new[0] not in got.scored.index
    assert len(got.scored) == total + 1


def test_a_write_elsewhere_scores_everyone_again(demo_db: sqlite_utils.Database, scored_rows: list[int]) -> None:
    total = demo_db["customers"].count
    scored_customers(demo_db, as_of=AS_OF, lang="zh")
    won = one(demo_db, "SELECT id FROM orders WHERE stage = 'won' ORDER BY id LIMIT 1")
    demo_db.execute("UPDATE orders SET amount = amount + 1000000 WHERE id = ?", [won])
    demo_db.execute("UPDATE customers SET customer_revenue = customer_revenue + 1 WHERE id = 1")
    scored_rows.clear()
    _same_as_scoring_everyone(demo_db, patched_grid=False)  # scored again: its grid rows built when drawn
    assert scored_rows[0] == total  # an order changed too: not a customers-only write


def test_the_portraits_fits_follow_customer_writes_as_fitting_everyone(
    demo_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fit of every portrait (the portraits page's stage) is patched from the same log:
    # after a write that changes what a portrait tests, an insert and a delete it equals
    # fitting every customer again.
    import kam.views.portraits as portraits_module
    from kam.views.portraits import _all_fits, fits

    fitted: list[int] = []
    real = portraits_module.portrait_fit
    monkeypatch.setattr(portraits_module, "portrait_fit", lambda c, *a: fitted.append(len(c)) or real(c, *a))
    views().clear()
    first = fits(demo_db, as_of=AS_OF, lang="zh")
    assert first.fit, "the demo has portraits to fit"
    some = one(demo_db, "SELECT id FROM customers ORDER BY id LIMIT 1")
    demo_db.execute(
        "UPDATE customers SET customer_revenue = 9e12, winnability = 5, industry = NULL WHERE id = ?", [some]
    )
    copy = dict(next(demo_db["customers"].rows_where("id = ?", [some])), id=None)
    new, gone = (int(demo_db["customers"].insert({**copy, "name": f"新客户{n}"}).last_pk) for n in (1, 2))
    demo_db.execute("DELETE FROM customers WHERE id = ?", [gone])
    fitted.clear()
    patched = fits(demo_db, as_of=AS_OF, lang="zh")
    assert fitted and max(fitted) == 2  # each portrait fitted the two customers written, not all
    fresh = _all_fits(demo_db, as_of=AS_OF, lang="zh")
    assert patched is not first and set(patched.fit) == set(fresh.fit)
    for pid, frame in fresh.fit.items():
        pd.testing.assert_frame_equal(patched.fit[pid], frame)
    assert new in patched.fit[next(iter(patched.fit))].index
    assert gone not in patched.fit[next(iter(patched.fit))].index


def test_the_portraits_fits_after_edits_alone_are_set_in_place_and_equal_fitting_everyone(
    demo_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Edits without an insert or a delete keep every customer in its place: the changed rows
    # are set by position (kam.views.portraits._set_rows), the rest kept as they were.
    import kam.views.portraits as portraits_module
    from kam.views.portraits import _all_fits, fits

    placed: list[int] = []
    real = portraits_module._set_rows
    monkeypatch.setattr(portraits_module, "_set_rows", lambda f, at, rows: placed.append(len(at)) or real(f, at, rows))
    views().clear()
    first = fits(demo_db, as_of=AS_OF, lang="zh")
    low, high = one(demo_db, "SELECT MIN(id) FROM customers"), one(demo_db, "SELECT MAX(id) FROM customers")
    demo_db.execute("UPDATE customers SET customer_revenue = 9e12, winnability = 5 WHERE id = ?", [low])
    demo_db.execute("UPDATE customers SET customer_revenue = 0, wants_no1 = 0, winnability = NULL WHERE id = ?", [high])
    patched = fits(demo_db, as_of=AS_OF, lang="zh")
    assert placed and set(placed) == {2}  # every portrait: the two rows edited, set in place
    fresh = _all_fits(demo_db, as_of=AS_OF, lang="zh")
    assert patched is not first
    changed = 0
    for pid, frame in fresh.fit.items():
        pd.testing.assert_frame_equal(patched.fit[pid], frame)
        changed += int((first.fit[pid].loc[[low, high]] != frame.loc[[low, high]]).to_numpy().any())
    assert changed, "the edits change some portrait's fit"


def test_the_portraits_maps_follow_customer_writes_as_building_them_again(
    demo_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The maps (each customer's focus industry, each key account's gaps) are patched from
    the customers' log: after writes that change two customers' industries and drop a key
    account's revenue (no longer a key account: its gaps go), an insert and a delete they
    equal building them again, and the key persons' reviews (a pass over every key person)
    are not computed again."""
    from kam.views.portraits import _all_maps, maps
    from kam.views.portraits import mp as maps_module

    reviewed: list[int] = []
    real = maps_module.contact_reviews
    monkeypatch.setattr(maps_module, "contact_reviews", lambda c, *a: reviewed.append(len(c)) or real(c, *a))
    views().clear()
    first = maps(demo_db, as_of=AS_OF, lang="zh")
    assert len(first.flags) and first.placed.notna().any(), "the demo has key accounts with gaps and placed customers"
    flagged = int(first.flags.index[0])
    some = one(
        demo_db, "SELECT id FROM customers WHERE id != ? AND id IN (SELECT customer_id FROM customer_contacts)", flagged
    )
    demo_db.execute("UPDATE customers SET customer_revenue = 9e12, industry = '汽车制造' WHERE id = ?", [some])
    demo_db.execute("UPDATE customers SET industry = NULL, customer_revenue = 0 WHERE id = ?", [flagged])
    copy = dict(next(demo_db["customers"].rows_where("id = ?", [some])), id=None)
    new, gone = (int(demo_db["customers"].insert({**copy, "name": f"新客户{n}"}).last_pk) for n in (1, 2))
    demo_db.execute("DELETE FROM customers WHERE id = ?", [gone])
    reviewed.clear()
    patched = maps(demo_db, as_of=AS_OF, lang="zh")
    assert reviewed == [] and patched is not first
    fresh = _all_maps(demo_db, as_of=AS_OF, lang="zh")
    pd.testing.assert_series_equal(patched.placed, fresh.placed)
    pd.testing.assert_frame_equal(patched.flags, fresh.flags)
    pd.testing.assert_frame_equal(patched.contacts, fresh.contacts)
    assert new in patched.placed.index and gone not in patched.placed.index
    assert not patched.placed.equals(first.placed.reindex(patched.placed.index))  # the writes show
    assert flagged not in patched.flags.index  # no longer a key account (its revenue gone): no gap to show


def test_the_new_hires_clearances_are_kept_across_order_writes_no_new_hire_owns(
    demo_db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The honors' cleared hires read the new hires' clearance status: a write to an order
    nobody new owns keeps it (nothing judged again); an order a new hire owns or owned (an
    update, a move to someone else, an insert) judges it again, equal to judging it from
    scratch."""
    from kam.rules.honor_metrics import new_hires
    from kam.store.people import read_org
    from kam.store.rules import load_rules
    from kam.views.honors import figures

    judged: list[int] = []
    real = figures.clearance_status
    monkeypatch.setattr(figures, "clearance_status", lambda p, *a: judged.append(len(p)) or real(p, *a))
    views().clear()
    hires = [int(i) for i in new_hires(read_org(demo_db).people, load_rules(demo_db))["id"]]
    assert hires, "the demo has new hires"
    marks = ",".join("?" * len(hires))
    theirs = one(demo_db, f"SELECT MIN(id) FROM orders WHERE owner_id IN ({marks})", *hires)
    other = one(demo_db, f"SELECT MIN(id) FROM orders WHERE owner_id NOT IN ({marks})", *hires)
    veteran = one(demo_db, "SELECT owner_id FROM orders WHERE id = ?", other)
    first = figures.hire_status(demo_db, as_of=AS_OF)
    assert judged == [len(hires)]

    def fresh() -> pd.DataFrame:
        return figures._hire_status(demo_db, as_of=AS_OF)[0]

    won = "UPDATE orders SET amount = amount + 1, stage = 'won', close_date = '2026-06-01' WHERE id = ?"
    demo_db.execute(won, [other])
    assert figures.hire_status(demo_db, as_of=AS_OF) is first and judged == [len(hires)]  # nobody new owns it

    for sql, params in (
        ("UPDATE orders SET stage = 'won', close_date = '2026-06-02', lock_date = '2026-05-01' WHERE id = ?", [theirs]),
        ("UPDATE orders SET owner_id = ? WHERE id = ?", [veteran, theirs]),  # no longer a new hire's
    ):
        demo_db.execute(sql, params)
        judged.clear()
        patched = figures.hire_status(demo_db, as_of=AS_OF)
        assert judged, sql
        pd.testing.assert_frame_equal(patched, fresh())
    copy = dict(next(demo_db["orders"].rows_where("id = ?", [other])), id=None, owner_id=hires[0])
    demo_db["orders"].insert(copy)
    judged.clear()
    pd.testing.assert_frame_equal(figures.hire_status(demo_db, as_of=AS_OF), fresh())
    assert judged  # a new hire's new order
