"""Honor rolls (issue 15) on the demo data: closing a period (an empty one too, never one
that has not ended), the freeze of a closed roll against later edits and back-dated orders
with the live figures beside it, reopening with a reason, a rules threshold edit, who may
close what, the year's commission kept by the year's close, its scope and payroll export,
and the talent page's quarter close being the honors' quarter close."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

from kam.closing import close_period
from kam.i18n import translate
from kam.rules.commission import commission, commission_by_person
from kam.rules.honors import MILLION_STAR
from kam.specs import SPECS
from kam.store.names import acting_name
from kam.store.orders import read_people_orders
from kam.store.people import read_moves
from kam.store.rules import load_rules
from kam.store.save import save_changes
from kam.types import ChangeSet
from kam.views import closing, honors, talent
from kam.views.honors import commission as pay
from kam.views.honors.figures import period_roll
from kam.views.memo import memo
from tests.accounts import ADMIN, login, save

AS_OF = dt.date(2026, 6, 30)  # the template's anchor date
OPEN_MONTH = "2026-05"  # the demo's last ended month: open (2026-01 to 2026-04 are closed)
CLOSED_MONTH = "2026-04"


def model(db: sqlite_utils.Database, period: str, access=ADMIN) -> honors.HonorsModel:
    return honors.load(db, access, as_of=AS_OF, lang="en", period=period)


def kept_rows(db: sqlite_utils.Database, period: str) -> list[tuple]:
    """The honors a close kept for ``period``, as stored."""
    return db.execute(
        "SELECT honor_code, scope, person_id, team_id, branch_id, rank_no, figure, last_place FROM honors "
        "WHERE period = ? ORDER BY honor_code, person_id, team_id, branch_id",
        [period],
    ).fetchall()


def live_roll(db: sqlite_utils.Database, period: str) -> pd.DataFrame:
    return memo(period_roll, db, as_of=AS_OF, period=period, live=True)


def stars_of(roll: pd.DataFrame) -> dict[int, float]:
    r = roll.loc[roll["honor_code"] == MILLION_STAR]
    return {int(p): float(f) for p, f in zip(r["person_id"], r["figure"], strict=True)}


def raise_order(db: sqlite_utils.Database, order: int, by: int) -> None:
    amount, version = db.execute("SELECT amount, version FROM orders WHERE id = ?", [order]).fetchone()
    changes = ChangeSet(updates={order: {"amount": str(amount + by)}}, versions={order: version})
    result, problems = save(db, "orders", changes)
    assert result is not None, problems


def insert_won(db: sqlite_utils.Database, person: int, amount: int, close_date: str) -> None:
    customer = db.execute(
        "SELECT id FROM customers ORDER BY owner_id = ? DESC, id LIMIT 1",
        [person],
    ).fetchone()[0]
    order = {
        "customer_id": str(customer),
        "owner_id": str(person),
        "stage": "won",
        "amount": str(amount),
        "lock_date": close_date[:8] + "01",
        "close_date": close_date,
        "group_order": "0",
        "principal_order": "0",
    }
    result, problems = save(db, "orders", ChangeSet(inserts={-1: order}))
    assert result is not None, problems


def reasons(problems) -> list[str]:
    return [p.reason for p in problems]


# --- closing --------------------------------------------------------------------------------


def test_a_month_where_nobody_sold_is_closed_with_an_empty_roll(demo_db: sqlite_utils.Database) -> None:
    period = "2019-03"
    assert demo_db.execute("SELECT COUNT(*) FROM orders WHERE close_date LIKE '2019-03%'").fetchone() == (0,)
    assert model(demo_db, period).roll.empty
    assert close_period(demo_db, ADMIN.user, period, dt.date(2026, 7, 1)) == []
    assert demo_db.execute("SELECT kind, closed_by FROM closed_periods WHERE period = ?", [period]).fetchall() == [
        ("month", ADMIN.user)
    ]
    assert kept_rows(demo_db, period) == []
    m = model(demo_db, period)
    assert m.close() is not None, "a period with no winners shows as closed too"
    assert m.roll.empty
    assert reasons(close_period(demo_db, ADMIN.user, period, dt.date(2026, 7, 2))) == ["closing.closed"]


def test_a_year_with_no_orders_is_closed_with_no_honors_and_no_commission(demo_db: sqlite_utils.Database) -> None:
    assert demo_db.execute("SELECT COUNT(*) FROM orders WHERE close_date LIKE '2019%'").fetchone() == (0,)
    assert closing.close(demo_db, ADMIN, "2019", dt.date(2026, 7, 1)) == []
    assert demo_db.execute("SELECT kind FROM closed_periods WHERE period = '2019'").fetchall() == [("year",)]
    assert kept_rows(demo_db, "2019") == []
    assert demo_db.execute("SELECT COUNT(*) FROM commission_snapshots WHERE period = '2019'").fetchone() == (0,)
    c = pay.load(demo_db, ADMIN, year=2019, as_of=AS_OF, lang="en")
    assert c.kept and c.people.empty
    assert model(demo_db, "2019").close() is not None


def test_a_quarter_closed_before_the_honors_were_kept_is_computed_live_and_says_so(
    demo_db: sqlite_utils.Database,
) -> None:
    quarter = "2025-Q4"  # closed by the demo, with winners
    assert model(demo_db, quarter).kept and not model(demo_db, quarter).roll.empty
    with demo_db.conn:  # as migration 016 marks a close of the talent page made before 013
        demo_db.execute("DELETE FROM honors WHERE period = ?", [quarter])
        demo_db.execute("UPDATE closed_periods SET honors_kept = 0, honor_rules = NULL WHERE period = ?", [quarter])
    m = model(demo_db, quarter)
    assert m.close() is not None and not m.kept
    assert not m.roll.empty, "computed live, not an empty snapshot"
    pd.testing.assert_frame_equal(m.roll, live_roll(demo_db, quarter))
    assert set(m.roll["honor_code"]) >= {"new_key_customer"}


def test_a_period_is_closed_from_the_day_after_its_last_day_and_only_once(demo_db: sqlite_utils.Database) -> None:
    manager = login(demo_db, "manager")
    assert reasons(close_period(demo_db, manager.user, "2026-06", dt.date(2026, 6, 30))) == ["closing.not_ended"]
    assert reasons(closing.close(demo_db, manager, "2026-06", dt.date(2026, 6, 15))) == ["closing.not_ended"]
    assert demo_db.execute("SELECT COUNT(*) FROM closed_periods WHERE period = '2026-06'").fetchone() == (0,)
    assert model(demo_db, "2026-06").close() is None
    assert close_period(demo_db, manager.user, "2026-06", dt.date(2026, 7, 1)) == []
    assert model(demo_db, "2026-06").close() is not None
    assert reasons(close_period(demo_db, manager.user, "2026-06", dt.date(2026, 7, 2))) == ["closing.closed"]
    assert demo_db.execute("SELECT COUNT(*) FROM closed_periods WHERE period = '2026-06'").fetchone() == (1,)


def test_a_closed_month_keeps_its_roll_through_edits_and_back_dated_orders_until_reopened(
    demo_db: sqlite_utils.Database,
) -> None:
    manager = login(demo_db, "manager")
    before = model(demo_db, OPEN_MONTH)
    assert before.close() is None
    stars = stars_of(before.roll)
    assert stars, "the demo's last ended month has Million Stars"
    assert closing.close(demo_db, manager, OPEN_MONTH, dt.date(2026, 6, 1)) == []
    closed = model(demo_db, OPEN_MONTH)
    assert closed.close() is not None and closed.close()["closed_by"] == manager.user
    pd.testing.assert_frame_equal(
        closed.roll.sort_values(["honor_code", "person_id", "team_id"]).reset_index(drop=True),
        before.roll.sort_values(["honor_code", "person_id", "team_id"]).reset_index(drop=True),
        check_dtype=False,
    )
    assert honors.changes(demo_db, closed).empty, "nothing changed since the close"
    kept = kept_rows(demo_db, OPEN_MONTH)
    roll = closed.roll
    assert len(kept) == len(roll)

    # (a) an order of the month raised; (b) a back-dated won order makes a new Million Star.
    star = sorted(stars, key=stars.get)[len(stars) // 2]
    order = demo_db.execute(
        "SELECT id FROM orders WHERE stage = 'won' AND owner_id = ? AND close_date LIKE ? ORDER BY id LIMIT 1",
        [star, OPEN_MONTH + "%"],
    ).fetchone()[0]
    raise_order(demo_db, order, 500_000)
    sales = demo_db.execute(
        "SELECT owner_id, SUM(amount) FROM orders WHERE stage = 'won' AND close_date LIKE ? AND owner_id IS NOT NULL "
        "GROUP BY owner_id ORDER BY SUM(amount), owner_id",
        [OPEN_MONTH + "%"],
    ).fetchall()
    newcomer, had = next((p, s) for p, s in sales if p not in stars)
    assert had < 1_000_000
    insert_won(demo_db, newcomer, 1_000_000, OPEN_MONTH + "-20")

    after = model(demo_db, OPEN_MONTH)
    assert after.close() is not None
    assert kept_rows(demo_db, OPEN_MONTH) == kept
    pd.testing.assert_frame_equal(after.roll, roll)  # to the yuan
    assert newcomer not in stars_of(after.roll)

    live = stars_of(live_roll(demo_db, OPEN_MONTH))
    assert live[star] == stars[star] + 500_000
    assert live[newcomer] == had + 1_000_000
    names = after.person_name(pd.Series([star, newcomer]))
    moved = honors.changes(demo_db, after)
    label = after.label(MILLION_STAR)
    mine = moved.loc[(moved["honor"] == label) & (moved["name"] == names[0])]
    assert len(mine) == 1 and mine["kept"].iloc[0] == stars[star] and mine["live"].iloc[0] == stars[star] + 500_000
    new = moved.loc[(moved["honor"] == label) & (moved["name"] == names[1])]
    assert len(new) == 1, moved
    assert pd.isna(new["kept"].iloc[0]) and pd.isna(new["kept_rank"].iloc[0])
    assert new["live"].iloc[0] == had + 1_000_000 and pd.notna(new["live_rank"].iloc[0])

    # (c) the star moves team after the close: still one row; (d) a kept star's orders of the
    # month lost after all: the live figure says 0, not blank.
    team = demo_db.execute("SELECT team_id FROM people WHERE id = ?", [star]).fetchone()[0]
    other = demo_db.execute("SELECT id FROM teams WHERE id IS NOT ? ORDER BY id LIMIT 1", [team]).fetchone()[0]
    low = min((p for p in stars if p != star), key=stars.get)
    with demo_db.conn:
        demo_db.execute("UPDATE people SET team_id = ?, version = version + 1 WHERE id = ?", [other, star])
        demo_db.execute(
            "UPDATE orders SET stage = 'lost', version = version + 1 WHERE owner_id = ? AND stage = 'won' "
            "AND close_date LIKE ?",
            [low, OPEN_MONTH + "%"],
        )
    moved = honors.changes(demo_db, model(demo_db, OPEN_MONTH))
    assert len(moved.loc[(moved["honor"] == label) & (moved["name"] == names[0])]) == 1, moved
    gone = moved.loc[(moved["honor"] == label) & (moved["name"] == after.person_name(pd.Series([low]))[0])]
    assert len(gone) == 1 and gone["kept"].iloc[0] == stars[low] and gone["live"].iloc[0] == 0.0, gone
    assert pd.isna(gone["live_rank"].iloc[0])
    live = stars_of(live_roll(demo_db, OPEN_MONTH))

    # Reopen: a reason is needed; then the roll is live and holds the changes.
    assert reasons(closing.reopen(demo_db, manager, OPEN_MONTH, "   ")) == ["closing.reason_needed"]
    assert kept_rows(demo_db, OPEN_MONTH) == kept and model(demo_db, OPEN_MONTH).close() is not None
    assert closing.reopen(demo_db, manager, OPEN_MONTH, "a May order was entered late") == []
    reopened = model(demo_db, OPEN_MONTH)
    assert reopened.close() is None
    assert kept_rows(demo_db, OPEN_MONTH) == []
    assert stars_of(reopened.roll) == live and newcomer in stars_of(reopened.roll)
    assert honors.changes(demo_db, reopened).empty  # open: nothing kept to compare with
    record = demo_db.execute(
        "SELECT closed_by, reopened_by, reopen_reason FROM closed_periods WHERE period = ? AND reopened_at IS NOT NULL",
        [OPEN_MONTH],
    ).fetchall()
    assert record == [(manager.user, manager.user, "a May order was entered late")]
    deleted = demo_db.execute(
        "SELECT COUNT(DISTINCT row_key), MIN(user), MAX(user) FROM audit WHERE table_name = 'honors' "
        "AND action = 'delete'"
    ).fetchone()
    assert deleted == (len(kept), manager.user, manager.user)
    why = demo_db.execute(
        "SELECT column_name, new_value, user FROM audit WHERE table_name = 'closed_periods' AND action = 'update' "
        "AND column_name IN ('reopened_by', 'reopen_reason') ORDER BY column_name"
    ).fetchall()
    assert why == [
        ("reopen_reason", "a May order was entered late", manager.user),
        ("reopened_by", manager.user, manager.user),
    ]

    # Closed again, from the data as it is now.
    assert closing.close(demo_db, manager, OPEN_MONTH, dt.date(2026, 7, 1)) == []
    again = model(demo_db, OPEN_MONTH)
    assert again.close() is not None
    assert stars_of(again.roll) == live
    assert newcomer in {r[2] for r in kept_rows(demo_db, OPEN_MONTH) if r[0] == MILLION_STAR}
    closes = closing.history(demo_db, OPEN_MONTH)  # what the page lists under the state: newest first
    assert list(closes["reopened_at"] == "") == [True, False]
    assert list(closes["reopen_reason"]) == ["", "a May order was entered late"]
    name = acting_name(manager.user)
    assert "#" not in name and set(closes["closed_by"]) == {name} and closes.at[1, "reopened_by"] == name
    once = closing.history(demo_db, CLOSED_MONTH)  # closed by the demo, never reopened: one row, no reopen
    assert len(once) == 1 and once.at[0, "reopened_at"] == "" and once.at[0, "closed_by"] != ""
    assert closing.history(demo_db, "2026-06").empty  # never closed


def test_a_threshold_edited_in_the_rules_grid_moves_the_open_month_not_the_closed_one(
    demo_db: sqlite_utils.Database,
) -> None:
    open_before = stars_of(model(demo_db, OPEN_MONTH).roll)
    closed_before = model(demo_db, CLOSED_MONTH).roll
    assert model(demo_db, CLOSED_MONTH).close() is not None
    assert any(f < 2_000_000 for f in stars_of(closed_before).values()), "a kept star the new bar would drop"
    assert any(f < 2_000_000 for f in open_before.values()), "a live star the new bar drops"
    version = demo_db.execute("SELECT version FROM r10_honors WHERE code = ?", [MILLION_STAR]).fetchone()[0]
    changes = ChangeSet(updates={MILLION_STAR: {"threshold": "2000000"}}, versions={MILLION_STAR: version})
    result, problems = save(demo_db, "r10_honors", changes)
    assert result is not None, problems
    assert demo_db.execute("SELECT threshold FROM r10_honors WHERE code = ?", [MILLION_STAR]).fetchone() == (2_000_000,)
    open_after = stars_of(model(demo_db, OPEN_MONTH).roll)
    assert open_after == {p: f for p, f in open_before.items() if f >= 2_000_000}
    assert open_after != open_before
    pd.testing.assert_frame_equal(model(demo_db, CLOSED_MONTH).roll, closed_before)

    # the closed month's caption says the bar its winners met, the open month's today's
    def star_rule(m: honors.HonorsModel) -> str:
        h = m.honors()
        return m.rule_text(h.loc[h["code"] == MILLION_STAR].iloc[0])

    assert "1.00M" in star_rule(model(demo_db, CLOSED_MONTH)) and "2.00M" in star_rule(model(demo_db, OPEN_MONTH))


# --- who closes --------------------------------------------------------------------------------


def test_salespeople_close_nothing_managers_close_months_hr_only_quarters(demo_db: sqlite_utils.Database) -> None:
    at = dt.date(2026, 7, 1)
    sales, manager, hr = (login(demo_db, n) for n in ("sales", "manager", "hr"))
    assert reasons(closing.close(demo_db, sales, OPEN_MONTH, at)) == ["access.no_write"]
    assert reasons(closing.reopen(demo_db, sales, CLOSED_MONTH, "why")) == ["access.no_write"]
    assert reasons(closing.close(demo_db, sales, "2026-Q2", at)) == ["access.no_write"]
    assert model(demo_db, OPEN_MONTH).close() is None and model(demo_db, CLOSED_MONTH).close() is not None
    assert reasons(closing.close(demo_db, hr, OPEN_MONTH, at)) == ["access.no_write"]
    assert reasons(closing.reopen(demo_db, hr, CLOSED_MONTH, "why")) == ["access.no_write"]
    assert model(demo_db, OPEN_MONTH).close() is None and model(demo_db, CLOSED_MONTH).close() is not None
    assert closing.close(demo_db, manager, OPEN_MONTH, at) == []
    assert model(demo_db, OPEN_MONTH).close()["closed_by"] == manager.user
    assert closing.close(demo_db, hr, "2026-Q2", at) == []
    assert model(demo_db, "2026-Q2").close()["closed_by"] == hr.user


# --- commission --------------------------------------------------------------------------------


def person_commission(c: pay.Commission) -> dict[int, int]:
    return {int(p): int(x) for p, x in zip(c.people["person_id"], c.people["commission"], strict=True)}


def test_closing_a_year_keeps_its_commission_per_person_and_band(demo_db: sqlite_utils.Database) -> None:
    year = 2025
    assert demo_db.execute("SELECT COUNT(*) FROM orders WHERE stage = 'won' AND close_date LIKE '2025%'").fetchone()[0]
    rules = load_rules(demo_db)
    expected = commission_by_person(read_people_orders(demo_db), rules, year)
    live = pay.load(demo_db, ADMIN, year=year, as_of=AS_OF, lang="en")
    assert not live.kept
    assert closing.close(demo_db, ADMIN, str(year), dt.date(2026, 1, 1)) == []  # a year: admins only
    bands = len(rules["r14_commission_bands"])
    rows = demo_db.execute(
        "SELECT person_id, COUNT(*), COUNT(DISTINCT band) FROM commission_snapshots WHERE period = ? GROUP BY 1",
        [str(year)],
    ).fetchall()
    assert {r[0] for r in rows} == set(expected["person_id"].astype(int))
    assert all(n == bands and d == bands for _, n, d in rows)

    c = pay.load(demo_db, ADMIN, year=year, as_of=AS_OF, lang="en")
    assert c.kept
    want = {int(p): int(x) for p, x in zip(expected["person_id"], expected["commission"], strict=True)}
    assert person_commission(c) == want
    assert person_commission(c) == person_commission(live)

    # Team totals: sums of the people's commissions, not the ladder on the team's sales.
    for team, t in c.teams.set_index("team").iterrows():
        members = c.people.loc[c.people["team"] == team]
        assert t["commission"] == members["commission"].sum()
        assert t["people"] == len(members)
    big = c.people.loc[(c.people["sales"] > 1_000_000) & (c.people["team"] != "—")].groupby("team").size()
    team = big.index[big >= 2][0]
    members = c.people.loc[c.people["team"] == team]
    total = c.teams.set_index("team").loc[team]
    assert total["commission"] != commission(float(members["sales"].sum()), rules)
    for branch, b in c.branches.set_index("branch").iterrows():
        assert b["commission"] == c.people.loc[c.people["branch"] == branch, "commission"].sum()

    # An order of the closed year raised afterwards: the kept commission stays.
    top = int(c.people["person_id"].iloc[0])
    order = demo_db.execute(
        "SELECT id FROM orders WHERE stage = 'won' AND owner_id = ? AND close_date LIKE '2025%' ORDER BY id LIMIT 1",
        [top],
    ).fetchone()[0]
    raise_order(demo_db, order, 2_000_000)
    after = pay.load(demo_db, ADMIN, year=year, as_of=AS_OF, lang="en")
    assert after.kept
    pd.testing.assert_frame_equal(after.people, c.people)
    pd.testing.assert_frame_equal(after.teams, c.teams)
    moved = commission_by_person(read_people_orders(demo_db), rules, year).set_index("person_id")["commission"]
    assert moved[top] > want[top], "the live figure moves, the kept one does not"


def test_commission_shows_a_salesperson_their_own_a_manager_their_subtree_admin_everyone(
    demo_db: sqlite_utils.Database,
) -> None:
    year = 2025
    sellers = set(commission_by_person(read_people_orders(demo_db), load_rules(demo_db), year)["person_id"].astype(int))
    sales, manager = login(demo_db, "sales"), login(demo_db, "manager")
    assert sales.person_id in sellers
    own = pay.load(demo_db, sales, year=year, as_of=AS_OF, lang="en")
    assert list(own.people["person_id"]) == [sales.person_id]
    assert list(own.teams["people"]) == [1] and own.teams["commission"].sum() == own.people["commission"].sum()
    mine = set(pay.load(demo_db, manager, year=year, as_of=AS_OF, lang="en").people["person_id"].astype(int))
    assert mine == sellers & set(manager.people)
    assert mine and mine != sellers
    everyone = pay.load(demo_db, ADMIN, year=year, as_of=AS_OF, lang="en")
    assert set(everyone.people["person_id"].astype(int)) == sellers
    assert set(pay.load(demo_db, login(demo_db, "hr"), year=year, as_of=AS_OF, lang="en").people["person_id"]) == (
        sellers
    )


def test_commission_follows_the_filter_bars_branch_and_team(demo_db: sqlite_utils.Database) -> None:
    year = 2025
    everyone = pay.load(demo_db, ADMIN, year=year, as_of=AS_OF, lang="en").people
    branch = int(everyone["branch_id"].dropna().mode().iloc[0])
    one = pay.load(demo_db, ADMIN, year=year, as_of=AS_OF, lang="en", branch=branch)
    assert set(one.people["person_id"]) == set(everyone.loc[everyone["branch_id"] == branch, "person_id"])
    assert 0 < len(one.people) < len(everyone)
    assert list(one.branches["branch_id"]) == [branch]
    assert one.branches["commission"].sum() == one.people["commission"].sum()
    team = int(one.people["team_id"].dropna().iloc[0])
    crew = pay.load(demo_db, ADMIN, year=year, as_of=AS_OF, lang="en", branch=branch, team=team)
    assert set(crew.people["team_id"]) == {team} and set(crew.teams["team_id"]) == {team}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_payroll_export_has_a_row_per_person_and_the_bands_add_up_to_the_total(
    demo_db: sqlite_utils.Database, lang: str
) -> None:
    c = pay.load(demo_db, ADMIN, year=2025, as_of=AS_OF, lang=lang)
    frame = pay.payroll_frame(c, lang)
    tr = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    ids = frame[tr("honors.pay.person_id")]
    assert len(frame) == len(c.people) and ids.is_unique
    assert set(ids) == set(c.people["person_id"])
    band_sales, band_pay = [], []
    for b in c.bands.itertuples():
        rate = f"{float(b.rate) * 100:g}%"
        band_sales.append(tr("honors.pay.band_sales", n=int(b.band), rate=rate))
        band_pay.append(tr("honors.pay.band_commission", n=int(b.band), rate=rate))
    assert len(band_sales) == 3 and set(band_sales + band_pay) <= set(frame.columns)
    assert len(set(band_sales + band_pay)) == 6
    total = frame[tr("honors.pay.commission")]
    by_person = dict(zip(c.people["person_id"], c.people["commission"], strict=True))
    assert list(total) == [by_person[i] for i in ids]
    sold = frame[tr("honors.pay.sales")]
    rates = [float(b.rate) for b in c.bands.itertuples()]
    for i in range(len(frame)):
        assert sum(int(frame[col].iloc[i]) for col in band_pay) == total.iloc[i], frame.iloc[i]  # to the yuan
        for col, sales_col, rate in zip(band_pay, band_sales, rates, strict=True):
            assert abs(frame[col].iloc[i] - rate * frame[sales_col].iloc[i]) < 1  # each band's own, in whole yuan
        assert sum(float(frame[col].iloc[i]) for col in band_sales) == pytest.approx(float(sold.iloc[i]))
    expected = commission_by_person(read_people_orders(demo_db), load_rules(demo_db), 2025).set_index("person_id")
    assert all(total.iloc[i] == expected.at[ids.iloc[i], "commission"] for i in range(len(frame)))
    assert set(frame[tr("honors.pay.state")]) == {tr("honors.state.live")}
    assert set(frame[tr("honors.pay.as_of")]) == {dt.date(2025, 12, 31)}  # an ended year: its last day


def test_the_payroll_file_names_the_year_the_filter_and_the_day_of_live_figures(demo_db: sqlite_utils.Database) -> None:
    branch, name = demo_db.execute("SELECT id, name FROM branches ORDER BY id LIMIT 1").fetchone()
    live = pay.load(demo_db, ADMIN, year=2026, as_of=AS_OF, lang="en", branch=branch)
    assert pay.payroll_file(live, "en") == f"commission-2026-{name}-live-2026-06-30"
    assert set(pay.payroll_frame(live, "en")[translate("honors.pay.as_of", "en")]) == {AS_OF}
    everyone = pay.load(demo_db, ADMIN, year=2026, as_of=AS_OF, lang="zh")
    assert pay.payroll_file(everyone, "zh") == "提成-2026-实时-截至2026-06-30"
    sales = login(demo_db, "sales")  # a salesperson's own line: named by them
    own = pay.load(demo_db, sales, year=2026, as_of=AS_OF, lang="en")
    me = demo_db.execute("SELECT name FROM people WHERE id = ?", [sales.person_id]).fetchone()[0]
    assert pay.payroll_file(own, "en") == f"commission-2026-{me}-live-2026-06-30"
    assert closing.close(demo_db, ADMIN, "2025", dt.date(2026, 1, 1)) == []
    kept = pay.load(demo_db, ADMIN, year=2025, as_of=AS_OF, lang="en")
    assert pay.payroll_file(kept, "en") == "commission-2025"
    with demo_db.conn:
        demo_db.execute("UPDATE branches SET name = '../East/二部' WHERE id = ?", [branch])
    odd = pay.load(demo_db, ADMIN, year=2026, as_of=AS_OF, lang="en", branch=branch)
    assert "/" not in pay.payroll_file(odd, "en") and "二部" in pay.payroll_file(odd, "en")


# --- the talent page's quarter is the honors' quarter ------------------------------------------


def test_a_quarter_closed_by_hr_keeps_the_stars_and_the_quarters_honors_in_one_close(
    demo_db: sqlite_utils.Database,
) -> None:
    hr = login(demo_db, "hr")
    quarter = "2026-Q2"
    live = live_roll(demo_db, quarter)
    assert "2026-Q2" not in talent.load(demo_db, ADMIN, as_of=AS_OF, lang="zh").closed_quarters()
    assert closing.close(demo_db, hr, quarter, dt.date(2026, 7, 1)) == []
    assert demo_db.execute(
        "SELECT kind, closed_by FROM closed_periods WHERE period = ? AND reopened_at IS NULL", [quarter]
    ).fetchall() == [("quarter", hr.user)]
    assert demo_db.execute("SELECT COUNT(*) FROM star_snapshots WHERE period = ?", [quarter]).fetchone()[0] > 0
    kept = kept_rows(demo_db, quarter)
    assert {r[0] for r in kept} <= {"new_key_customer", "legion_award"}
    assert len(kept) == len(live)
    assert {(r[0], r[2], r[3]) for r in kept} == {
        (str(h), None if pd.isna(p) else int(p), None if pd.isna(t) else int(t))
        for h, p, t in zip(live["honor_code"], live["person_id"], live["team_id"], strict=True)
    }
    assert "2026-Q2" in talent.load(demo_db, ADMIN, as_of=AS_OF, lang="zh").closed_quarters()
    m = model(demo_db, quarter)
    assert m.close() is not None and m.close()["closed_by"] == hr.user
    assert len(m.roll) == len(kept)
    # One close: the honors page's reopen removes the stars the talent page kept too.
    assert closing.reopen(demo_db, hr, quarter, "a June order was entered late") == []
    assert demo_db.execute("SELECT COUNT(*) FROM star_snapshots WHERE period = ?", [quarter]).fetchone() == (0,)
    assert kept_rows(demo_db, quarter) == []
    assert "2026-Q2" not in talent.load(demo_db, ADMIN, as_of=AS_OF, lang="zh").closed_quarters()


def test_a_closed_years_team_totals_keep_the_teams_people_were_in_at_the_close(demo_db: sqlite_utils.Database) -> None:
    manager = login(demo_db, "manager")
    assert reasons(closing.close(demo_db, manager, "2025", dt.date(2026, 1, 1))) == ["access.no_write"]  # payroll
    assert closing.close(demo_db, ADMIN, "2025", dt.date(2026, 1, 1)) == []
    before = pay.load(demo_db, ADMIN, year=2025, as_of=AS_OF, lang="zh")
    moved = int(before.people.loc[before.people["team_id"].notna(), "person_id"].iloc[0])
    old_team = int(before.people.set_index("person_id").at[moved, "team_id"])
    new_team = demo_db.execute("SELECT id FROM teams WHERE id <> ? ORDER BY id LIMIT 1", [old_team]).fetchone()[0]
    with demo_db.conn:
        demo_db.execute("UPDATE people SET team_id = ?, version = version + 1 WHERE id = ?", [new_team, moved])
    after = pay.load(demo_db, ADMIN, year=2025, as_of=AS_OF, lang="zh")
    assert after.kept
    pd.testing.assert_frame_equal(after.teams, before.teams)
    assert int(after.people.set_index("person_id").at[moved, "team_id"]) == old_team


def test_a_closed_months_podium_keeps_its_runners_up_which_count_as_no_honor(demo_db: sqlite_utils.Database) -> None:
    before = model(demo_db, OPEN_MONTH)
    places = before.podium("monthly_crown")
    assert places["place"].tolist() == [2, 1, 3]  # the crown's one place and its two runners-up
    assert close_period(demo_db, ADMIN.user, OPEN_MONTH, dt.date(2026, 7, 1)) == []
    kept = demo_db.execute(
        "SELECT rank_no, runner_up FROM honors WHERE period = ? AND honor_code = 'monthly_crown' ORDER BY rank_no",
        [OPEN_MONTH],
    ).fetchall()
    assert kept == [(1, 0), (2, 1), (3, 1)]
    after = model(demo_db, OPEN_MONTH)
    pd.testing.assert_frame_equal(after.podium("monthly_crown"), places)
    crowns = after.roll.loc[after.roll["honor_code"] == "monthly_crown"]
    runners = crowns.loc[crowns["runner_up"], "person_id"].dropna().astype(int).tolist()
    assert len(runners) == 2
    crown = after.label("monthly_crown")
    for p in runners:  # on the podium, not crowned: their history of the month has no crown
        month = honors.history(demo_db, after, p).query("period == @OPEN_MONTH")
        assert crown not in set(month["honor"])
    crowned = crowns.loc[~crowns["runner_up"], "person_id"]
    assert crown in set(honors.history(demo_db, after, int(crowned.iloc[0])).query("period == @OPEN_MONTH")["honor"])
    winners = after.roll.loc[honors.honored(after.roll, after.figures.rules)]
    assert len(winners.loc[winners["honor_code"] == "monthly_crown"]) == 1


def move_person(db: sqlite_utils.Database, person: int, at: str) -> tuple[int, int, int, int]:
    """Move ``person`` to a team of another branch through the store, saved ``at`` (audited):
    (old team, old branch, new team, new branch)."""
    old_team, old_branch, version = db.execute(
        "SELECT team_id, branch_id, version FROM people WHERE id = ?", [person]
    ).fetchone()
    new_team, new_branch = db.execute(
        "SELECT id, branch_id FROM teams WHERE branch_id <> ? ORDER BY id LIMIT 1", [old_branch]
    ).fetchone()
    changes = ChangeSet(updates={person: {"team_id": new_team, "branch_id": new_branch}}, versions={person: version})
    save_changes(db, SPECS["people"], changes, ADMIN.user, at)
    return old_team, old_branch, new_team, new_branch


def test_a_person_moved_after_a_month_keeps_its_honors_in_the_team_and_branch_they_were_in(
    demo_db: sqlite_utils.Database,
) -> None:
    roll = live_roll(demo_db, OPEN_MONTH)
    star = roll.loc[(roll["honor_code"] == MILLION_STAR) & roll["team_id"].notna()].iloc[0]  # a seller in a team
    person = int(star["person_id"])
    old_team, old_branch, new_team, new_branch = move_person(demo_db, person, "2026-06-03T09:00:00+00:00")
    mine = lambda roll: roll.loc[(roll["person_id"] == person) & (roll["honor_code"] == MILLION_STAR)]  # noqa: E731
    may = mine(live_roll(demo_db, OPEN_MONTH))
    assert (int(may["team_id"].iloc[0]), int(may["branch_id"].iloc[0])) == (old_team, old_branch)
    assert close_period(demo_db, ADMIN.user, OPEN_MONTH, dt.date(2026, 7, 1)) == []
    assert [r[3:5] for r in kept_rows(demo_db, OPEN_MONTH) if r[0] == MILLION_STAR and r[2] == person] == [
        (old_team, old_branch)
    ]
    # the branch filter of May finds them in the branch they sold for
    in_old = honors.load(demo_db, ADMIN, as_of=AS_OF, lang="en", period=OPEN_MONTH, branch=old_branch)
    assert person in set(in_old.roll["person_id"].dropna().astype(int))
    # an open year's commission: the place at the year's end (2025: before the move; 2026: after)
    p2025 = pay.load(demo_db, ADMIN, year=2025, as_of=AS_OF, lang="en").people.set_index("person_id")
    p2026 = pay.load(demo_db, ADMIN, year=2026, as_of=AS_OF, lang="en").people.set_index("person_id")
    assert int(p2025.at[person, "team_id"]) == old_team and int(p2026.at[person, "team_id"]) == new_team
    # the hall of 2025 names the team they were in at its end
    m = model(demo_db, OPEN_MONTH)
    name = m.person_name(pd.Series([person])).iloc[0]
    team_names = dict(demo_db.execute("SELECT id, name FROM teams").fetchall())
    hall25 = honors.hall(demo_db, m, 2025).set_index("name")
    hall26 = honors.hall(demo_db, m, 2026).set_index("name")
    assert hall25.at[name, "team"] == team_names[old_team] and hall26.at[name, "team"] == team_names[new_team]


def test_a_move_is_dated_by_the_local_day_it_was_saved_on(demo_db: sqlite_utils.Database) -> None:
    old_team, _, _, _ = move_person(demo_db, 5, "2026-06-30T17:30:00+00:00")  # 1 July, 01:30 in UTC+8
    utc8 = dt.timezone(dt.timedelta(hours=8))
    moved = read_moves(demo_db, utc8)
    assert sorted(moved["column_name"]) == ["branch_id", "team_id"] and set(moved["row_id"]) == {5}
    assert set(moved["day"].dt.date) == {dt.date(2026, 7, 1)}
    assert set(read_moves(demo_db, dt.UTC)["day"].dt.date) == {dt.date(2026, 6, 30)}
    assert old_team in set(moved.loc[moved["column_name"] == "team_id", "old_value"].astype(int))


def test_every_period_of_a_year_in_one_pass_equals_each_period_computed_alone(demo_db: sqlite_utils.Database) -> None:
    """The engine computes all weeks, months, quarters of a year at once (kam.rules.honor_engine
    .period_rolls); each period's roll must be the one it has when computed by itself (the
    page's period), closed periods from their snapshots and open ones live."""
    from kam.rules.honor_engine import period_honors, period_rolls
    from kam.views.honors.figures import honor_figures, year_periods

    as_of = dt.date(2026, 12, 31)
    fig = memo(honor_figures, demo_db, as_of=as_of)
    for year in (2025, 2026):
        labels = year_periods(year, as_of)
        together = period_rolls(labels, fig.data, fig.rules, as_of)
        alone = pd.concat([period_honors(p, fig.data, fig.rules, as_of) for p in labels], ignore_index=True)
        assert len(together) > 100 and together["period"].nunique() > 12  # months, quarters, the year won
        pd.testing.assert_frame_equal(together, alone)


def test_the_payroll_excel_keeps_ids_and_years_plain_and_money_in_its_formats(demo_db: sqlite_utils.Database) -> None:
    """What payroll opens: the year and the person id as plain integers (not "2,026"),
    sales and commissions in whole yuan, the figures' day a date, the values as the page has them."""
    import io

    import openpyxl

    from kam.export import EXCEL_FORMATS, to_csv, to_excel

    c = pay.load(demo_db, ADMIN, year=2025, as_of=AS_OF, lang="en")
    frame = pay.payroll_frame(c, "en")
    sheet = openpyxl.load_workbook(io.BytesIO(to_excel(frame, "Commission", pay.payroll_formats(c, "en")))).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(frame.columns)
    row = {h: cell for h, cell in zip(header, sheet[2], strict=True)}
    assert row["Year"].value == 2025 and row["Year"].number_format == EXCEL_FORMATS["int"]
    assert row["Person id"].value == int(frame["Person id"].iloc[0])
    assert row["Person id"].number_format == EXCEL_FORMATS["int"]
    assert row["Annual sales (yuan)"].number_format == EXCEL_FORMATS["money"]
    assert row["Figures as of"].value.date() == dt.date(2025, 12, 31)
    assert row["Figures as of"].number_format == EXCEL_FORMATS["date"]
    assert row["Commission (yuan)"].value == int(c.people["commission"].iloc[0])
    assert row["Commission (yuan)"].number_format == EXCEL_FORMATS["money"]
    csv = to_csv(frame).decode("utf-8-sig").splitlines()
    first = dict(zip(csv[0].split(","), csv[1].split(","), strict=True))
    assert first["Commission (yuan)"] == str(int(c.people["commission"].iloc[0]))
    assert first["Figures as of"] == "2025-12-31"
    whole = frame["Annual sales (yuan)"] == frame["Annual sales (yuan)"].round()
    assert whole.all() and first["Annual sales (yuan)"] == str(int(frame["Annual sales (yuan)"].iloc[0]))  # no ".0"


def test_a_persons_history_is_newest_first_longest_period_first_and_formats_each_figure(
    demo_db: sqlite_utils.Database,
) -> None:
    from kam.rules.periods import period_bounds, period_kind
    from kam.views.honors import KINDS_LONGEST_FIRST
    from kam.views.honors.figures import year_roll

    m = model(demo_db, OPEN_MONTH)
    roll = memo(year_roll, demo_db, as_of=AS_OF, year=2025)
    year_winners = roll.loc[(roll["period"] == "2025") & roll["person_id"].notna(), "person_id"].astype(int)
    person = int(year_winners.value_counts().index[0])
    h = honors.history(demo_db, m, person)
    ends = [period_bounds(p)[1] for p in h["period"]]
    kinds = [KINDS_LONGEST_FIRST.index(period_kind(p)) for p in h["period"]]
    assert ends == sorted(ends, reverse=True)
    for i in range(1, len(h)):  # the same last day: the year, then its quarter, its month
        if ends[i] == ends[i - 1]:
            assert kinds[i] >= kinds[i - 1], h.iloc[i - 1 : i + 1]
    at_year_end = list(h.loc[[e == dt.date(2025, 12, 31) for e in ends], "period"])
    assert at_year_end[0] == "2025"
    rules = load_rules(demo_db)["r10_honors"].set_index("code")
    label = {m.label(c): c for c in rules.index}
    for honor, figure in zip(h["honor"], h["figure"], strict=True):
        if rules.at[label[honor], "metric"] == "sales":
            assert "," in figure and "." not in figure  # whole yuan with separators
        else:
            assert figure.isdigit()  # a count, never money


def test_no_close_is_offered_while_the_as_of_date_shows_only_part_of_the_period(
    run_page, template_db, tmp_path
) -> None:
    """The page shows a period up to its as-of date, a close keeps all of it: with the as-of
    date inside the period, the close waits for a later as-of date, and says so."""
    import shutil

    path = tmp_path / "kam.db"
    shutil.copy(template_db, path)
    session = {"_kam_filter_as_of": dt.date(2026, 5, 20), "_kam_honors_period_month": OPEN_MONTH}
    at = run_page("pages/honors.py", path, session=session)
    buttons = [b.label for b in at.button]
    assert translate("closing.close", "zh", period=OPEN_MONTH) not in buttons
    note = translate("closing.as_of_first", "zh", period=OPEN_MONTH, last="2026-05-31")
    assert note in [c.value for c in at.caption]
    later = run_page("pages/honors.py", path, session={**session, "_kam_filter_as_of": dt.date(2026, 6, 1)})
    assert translate("closing.close", "zh", period=OPEN_MONTH) in [b.label for b in later.button]


def test_a_filter_says_nobody_here_only_for_an_honor_someone_elsewhere_won(demo_db: sqlite_utils.Database) -> None:
    crowned = model(demo_db, OPEN_MONTH).roll.pipe(
        lambda r: r.loc[(r["honor_code"] == "monthly_crown") & ~r["runner_up"], "branch_id"]
    )
    elsewhere = demo_db.execute(
        "SELECT id FROM branches WHERE id <> ? ORDER BY id LIMIT 1", [int(crowned.iloc[0])]
    ).fetchone()[0]
    m = honors.load(demo_db, ADMIN, as_of=AS_OF, lang="en", period=OPEN_MONTH, branch=elsewhere)
    crown = m.winners("monthly_crown")
    assert crown.loc[~crown["runner_up"]].empty and "monthly_crown" in m.won_anywhere
    assert "talent_clearances" not in m.won_anywhere  # nobody in the company: "nobody won it", not "choose All"
    assert "million_star" in m.won_anywhere


def test_the_home_feed_shows_a_close_as_one_change_not_its_kept_honors(demo_db: sqlite_utils.Database) -> None:
    from kam.views.changes import recent_changes

    assert close_period(demo_db, ADMIN.user, OPEN_MONTH, dt.date(2026, 7, 1)) == []
    assert closing.reopen(demo_db, ADMIN, OPEN_MONTH, "entered late") == []
    feed = recent_changes(demo_db, "en", dt.UTC, ADMIN)
    tables = set(feed[translate("home.col.table", "en")])
    assert translate("table.honors", "en").capitalize() not in tables
    closes = feed.loc[feed[translate("home.col.table", "en")] == translate("table.closed_periods", "en").capitalize()]
    assert len(closes) >= 2  # the close and the reopen
    texts = " ".join(closes.astype(str).to_numpy().ravel())
    assert "#u" not in texts and "entered late" in texts
    kept = recent_changes(demo_db, "en", dt.UTC, ADMIN, "honors")
    assert len(kept) > 0  # the honors' own list still has them


def test_a_podium_joins_a_tie_leaves_the_step_below_it_empty_and_stands_per_group_in_roll_order(
    demo_db: sqlite_utils.Database,
) -> None:
    m = model(demo_db, OPEN_MONTH)
    people = m.figures.org.people.sort_values("id")
    a, b, c, d = (int(i) for i in people["id"].iloc[:4])
    name = dict(zip(people["id"].astype(int), people["name"], strict=True))
    branches = [int(i) for i in m.figures.org.branches.sort_values("id")["id"].iloc[:2]]

    def row(group: int, rank: int, who: int, figure: float, runner: bool = False) -> dict:
        return {
            "honor_code": "x", "scope": "branch", "group_id": group, "rank": rank, "person_id": who,
            "team_id": None, "branch_id": group, "figure": figure, "last_place": False, "runner_up": runner,
        }  # fmt: skip

    # The second branch first in the roll: its podium stands first. In it a tie at 1 (no 2),
    # a runner-up at 3; in the other branch one place 1, a place 4 left off.
    roll = pd.DataFrame(
        [
            row(branches[1], 1, a, 900.0),
            row(branches[1], 1, b, 900.0),
            row(branches[1], 3, c, 500.0, runner=True),
            row(branches[0], 1, d, 700.0),
            row(branches[0], 4, c, 100.0),
        ]
    )
    places = dataclasses.replace(m, roll=roll).podium("x")
    group = m.branch_name(pd.Series(branches))
    sep = m.tr("honors.list_sep")
    assert places["group"].tolist() == [group[1]] * 3 + [group[0]] * 3
    assert places["place"].tolist() == [2, 1, 3, 2, 1, 3]
    assert places["names"].tolist() == ["", f"{name[a]}{sep}{name[b]}", name[c], "", name[d], ""]
    assert places["figure"].fillna(-1).tolist() == [-1, 900.0, 500.0, -1, 700.0, -1]
    assert places["shade"].tolist() == [0.15, 1.0, 0.5, 0.15, 1.0, 0.15]  # empty faint, runner-up lighter
    assert places["height"].tolist() == [2.0, 3.0, 1.4] * 2
    assert dataclasses.replace(m, roll=roll.iloc[4:]).podium("x").empty  # only a place 4: no podium
