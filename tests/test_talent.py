"""The talent pipeline's save path and actions (issue 14) on the demo data: a result's
``passed`` follows from its score, an approval needs an eligible person with a passing
assessment and records who decided, General camp points need an ISO week of the camp,
closing a quarter keeps the stars it had, reopening is audited, and each role reads its part."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlite_utils

from kam import edit
from kam.closing import close_period, reopen_period
from kam.specs import SPECS
from kam.store.frames import loaded_frame
from kam.types import ChangeSet
from kam.views import closing, talent
from kam.views.talent import actions
from tests.accounts import ADMIN, login, save

AS_OF = dt.date(2026, 6, 30)  # the template's anchor date


def row(db: sqlite_utils.Database, table: str, key: int) -> dict:
    return dict(db[table].get(key))


def new_hire(db: sqlite_utils.Database, without: str = "entry") -> int:
    """A salesperson on the team who joined in the last year, without a ``without`` result."""
    return db.execute(
        "SELECT id FROM people p WHERE rank = 'partner' AND left_date IS NULL AND join_date > '2025-07-01' "
        "AND NOT EXISTS (SELECT 1 FROM clearance_results r WHERE r.person_id = p.id AND r.clearance_code = ?) "
        "ORDER BY id LIMIT 1",
        [without],
    ).fetchone()[0]


def model(db: sqlite_utils.Database, access=ADMIN) -> talent.TalentModel:
    return talent.load(db, access, as_of=AS_OF, lang="zh")


# --- clearance results ---------------------------------------------------------------------


@pytest.mark.parametrize(("score", "passed"), [("89", 0), ("90", 1), ("91", 1)])
def test_an_entry_exam_passes_from_its_score_at_the_minimum(
    demo_db: sqlite_utils.Database, score: str, passed: int
) -> None:
    person = new_hire(demo_db)
    values = {"person_id": str(person), "clearance_code": "entry", "result_date": "2026-06-01", "score": score}
    # A hand-set flag does not decide: the score does.
    values["passed"] = "0" if passed else "1"
    result, problems = save(demo_db, "clearance_results", ChangeSet(inserts={-1: values}))
    assert result is not None, problems
    key = demo_db.execute("SELECT MAX(id) FROM clearance_results").fetchone()[0]
    assert row(demo_db, "clearance_results", key)["passed"] == passed


def test_a_retake_replaces_the_result_and_the_audit_keeps_the_first(demo_db: sqlite_utils.Database) -> None:
    person = new_hire(demo_db)
    first = {"person_id": str(person), "clearance_code": "entry", "result_date": "2026-06-01", "score": "75"}
    first["passed"] = "0"  # the grid's default of a new row
    assert save(demo_db, "clearance_results", ChangeSet(inserts={-1: first}))[0] is not None
    key = demo_db.execute("SELECT MAX(id) FROM clearance_results").fetchone()[0]
    assert row(demo_db, "clearance_results", key)["passed"] == 0
    m = model(demo_db)
    status = m.clearances().set_index(["person_id", "clearance_code"]).loc[(person, "entry"), "status"]
    assert status == "failed"  # a recorded result below the bar: failed at once
    version = row(demo_db, "clearance_results", key)["version"]
    retake = ChangeSet(updates={key: {"score": "96", "result_date": "2026-06-20"}}, versions={key: version})
    assert save(demo_db, "clearance_results", retake)[0] is not None
    assert row(demo_db, "clearance_results", key)["passed"] == 1
    audit = demo_db.execute(
        "SELECT column_name, old_value, new_value FROM audit WHERE table_name = 'clearance_results' "
        "AND row_key = ? AND action = 'update' ORDER BY id",
        [str(key)],
    ).fetchall()
    assert ("score", "75.0", "96.0") in audit or ("score", "75", "96") in audit, audit
    assert any(c == "passed" for c, *_ in audit)


def veteran(db: sqlite_utils.Database, join_before: str = "2026-01-01") -> int:
    """A salesperson who joined before records began (r9_records_began_year: 2026)."""
    return db.execute(
        "SELECT id FROM people WHERE rank = 'partner' AND left_date IS NULL AND join_date < ? ORDER BY id LIMIT 1",
        [join_before],
    ).fetchone()[0]


def set_join(db: sqlite_utils.Database, person: int, join: str) -> None:
    with db.conn:
        db.execute("DELETE FROM clearance_results WHERE person_id = ?", [person])
        db.execute("UPDATE people SET join_date = ? WHERE id = ?", [join, person])


@pytest.mark.parametrize(("join", "kept"), [("2025-12-31", True), ("2026-01-01", False), ("2026-01-02", False)])
def test_a_result_without_a_score_is_entered_only_for_people_who_joined_before_records_began(
    demo_db: sqlite_utils.Database, join: str, kept: bool
) -> None:
    person = veteran(demo_db)
    set_join(demo_db, person, join)
    before = demo_db["clearance_results"].count
    values = {"person_id": str(person), "clearance_code": "entry", "result_date": "2026-06-01", "passed": "1"}
    result, problems = save(demo_db, "clearance_results", ChangeSet(inserts={-1: values}))
    if kept:
        assert result is not None, problems
        key = demo_db.execute("SELECT MAX(id) FROM clearance_results").fetchone()[0]
        assert row(demo_db, "clearance_results", key)["passed"] == 1
        status = model(demo_db).clearances().set_index(["person_id", "clearance_code"]).loc[(person, "entry")]
        assert status["status"] == "passed"
    else:
        assert result is None
        assert [(p.row, p.column, p.reason) for p in problems] == [(-1, "score", "talent.pass_needs_score")]
        assert dict(problems[0].params)["year"] == 2026
        assert demo_db["clearance_results"].count == before


def test_an_order_based_clearance_of_a_new_hire_takes_no_result(demo_db: sqlite_utils.Database) -> None:
    person = new_hire(demo_db, "ability")
    before = demo_db["clearance_results"].count
    values = {"person_id": str(person), "clearance_code": "ability", "result_date": "2026-06-01", "passed": "1"}
    ok = {
        "person_id": str(person),
        "clearance_code": "entry",
        "result_date": "2026-06-01",
        "score": "95",
        "passed": "0",
    }
    changes = ChangeSet(inserts={-1: values, -2: ok})
    result, problems = save(demo_db, "clearance_results", changes)
    assert result is None
    assert [(p.row, p.column, p.reason) for p in problems] == [(-1, "clearance_code", "talent.decided_by_orders")]
    assert demo_db["clearance_results"].count == before  # the whole save is refused, nothing half-written


def test_a_veterans_recorded_pass_keeps_its_flag_and_its_note(demo_db: sqlite_utils.Database) -> None:
    person = veteran(demo_db)
    set_join(demo_db, person, "2019-04-01")
    values = {"person_id": str(person), "clearance_code": "ability", "result_date": "2026-06-01", "passed": "1"}
    values["note"] = "入职早于系统记录"
    assert save(demo_db, "clearance_results", ChangeSet(inserts={-1: values}))[0] is not None
    key = demo_db.execute("SELECT MAX(id) FROM clearance_results").fetchone()[0]
    assert row(demo_db, "clearance_results", key)["passed"] == 1


# --- assessments: approval, who decided ----------------------------------------------------


def assessment(db: sqlite_utils.Database, decision: str, eligible: bool) -> dict:
    m = model(db)
    cad = m.cadre()
    pick = cad.loc[(cad["decision"] == decision) & (cad["eligible"] == eligible)]
    assert len(pick), f"the demo has a {decision} assessment of someone {'' if eligible else 'not '}eligible"
    return row(db, "hr_assessments", int(pick["assessment_id"].iloc[0]))


def test_hr_approves_an_eligible_candidate_and_the_decision_names_them(demo_db: sqlite_utils.Database) -> None:
    hr = login(demo_db, "hr")
    a = assessment(demo_db, "pending", eligible=True)
    changes = ChangeSet(updates={a["id"]: {"decision": "approved"}}, versions={a["id"]: a["version"]})
    result, problems = save(demo_db, "hr_assessments", changes, hr)
    assert result is not None, problems
    saved = row(demo_db, "hr_assessments", a["id"])
    assert saved["decision"] == "approved" and saved["decided_by"] == hr.user
    assert dt.datetime.fromisoformat(saved["decided_at"]).date() == dt.datetime.now(dt.UTC).date()
    who = demo_db.execute(
        "SELECT user FROM audit WHERE table_name = 'hr_assessments' AND row_key = ? AND column_name = 'decision'",
        [str(a["id"])],
    ).fetchall()
    assert who == [(hr.user,)]
    # Back to pending: nobody decided.
    back = ChangeSet(updates={a["id"]: {"decision": "pending"}}, versions={a["id"]: saved["version"]})
    assert save(demo_db, "hr_assessments", back, hr)[0] is not None
    again = row(demo_db, "hr_assessments", a["id"])
    assert again["decided_by"] is None and again["decided_at"] is None


def test_an_approval_of_an_eligible_candidate_who_has_left_is_refused(demo_db: sqlite_utils.Database) -> None:
    hr = login(demo_db, "hr")
    a = assessment(demo_db, "pending", eligible=True)
    with demo_db.conn:  # left the day before the last day with orders (the as-of date)
        demo_db.execute("UPDATE people SET left_date = '2026-06-29' WHERE id = ?", [a["person_id"]])
    changes = ChangeSet(updates={a["id"]: {"decision": "approved"}}, versions={a["id"]: a["version"]})
    result, problems = save(demo_db, "hr_assessments", changes, hr)
    assert result is None
    assert [(p.row, p.column, p.reason) for p in problems] == [(a["id"], "decision", "talent.approve_not_eligible")]
    assert row(demo_db, "hr_assessments", a["id"])["decision"] == "pending"


def test_a_typed_decider_is_not_kept(demo_db: sqlite_utils.Database) -> None:
    hr = login(demo_db, "hr")
    a = assessment(demo_db, "pending", eligible=True)
    changes = ChangeSet(
        updates={a["id"]: {"decision": "rejected", "decided_by": "someone else"}}, versions={a["id"]: a["version"]}
    )
    result, problems = save(demo_db, "hr_assessments", changes, hr)
    assert result is not None, problems
    assert row(demo_db, "hr_assessments", a["id"])["decided_by"] == hr.user


def test_changing_the_scores_of_a_decided_assessment_decides_it_again(demo_db: sqlite_utils.Database) -> None:
    a = assessment(demo_db, "rejected", eligible=True)
    admin = login(demo_db, "admin")
    assert a["decided_by"] and a["decided_by"] != admin.user
    changes = ChangeSet(updates={a["id"]: {"virtue": 61}}, versions={a["id"]: a["version"]})
    result, problems = save(demo_db, "hr_assessments", changes, admin)
    assert result is not None, problems
    saved = row(demo_db, "hr_assessments", a["id"])
    assert saved["decided_by"] == admin.user and saved["decided_at"] > a["decided_at"]


def test_an_approval_of_someone_not_eligible_is_refused_and_nothing_saved(demo_db: sqlite_utils.Database) -> None:
    a = assessment(demo_db, "pending", eligible=False)
    before = row(demo_db, "hr_assessments", a["id"])
    changes = ChangeSet(updates={a["id"]: {"decision": "approved"}}, versions={a["id"]: a["version"]})
    result, problems = save(demo_db, "hr_assessments", changes, login(demo_db, "hr"))
    assert result is None
    assert [(p.row, p.column, p.reason) for p in problems] == [(a["id"], "decision", "talent.approve_not_eligible")]
    assert row(demo_db, "hr_assessments", a["id"]) == before


@pytest.mark.parametrize("score", ["59", "60"])
def test_an_approval_needs_each_score_at_the_pass_mark(demo_db: sqlite_utils.Database, score: str) -> None:
    a = assessment(demo_db, "pending", eligible=True)
    changes = ChangeSet(
        updates={a["id"]: {"decision": "approved", "post": score, "virtue": "60", "talent": "60"}},
        versions={a["id"]: a["version"]},
    )
    result, problems = save(demo_db, "hr_assessments", changes, login(demo_db, "hr"))
    if score == "59":
        assert result is None
        assert [(p.column, p.reason) for p in problems] == [("decision", "talent.approve_assessment_fails")]
    else:
        assert result is not None, problems


def test_a_lowered_score_of_an_approved_assessment_is_refused(demo_db: sqlite_utils.Database) -> None:
    a = assessment(demo_db, "approved", eligible=True)
    changes = ChangeSet(updates={a["id"]: {"virtue": "40"}}, versions={a["id"]: a["version"]})
    result, problems = save(demo_db, "hr_assessments", changes, login(demo_db, "hr"))
    assert result is None and problems[0].reason == "talent.approve_assessment_fails"
    assert problems[0].column == "virtue"  # the score that fails, where the user typed it


def test_an_approved_candidate_is_enrolled_in_pegasus_in_one_action(demo_db: sqlite_utils.Database) -> None:
    hr = login(demo_db, "hr")
    a = assessment(demo_db, "approved", eligible=True)
    ok, problems = actions.enrol_pegasus(demo_db, hr, [a["person_id"]], AS_OF)
    assert ok, problems
    got = demo_db.execute(
        "SELECT camp_code, start_date, status FROM camp_enrolments WHERE person_id = ? ORDER BY id DESC LIMIT 1",
        [a["person_id"]],
    ).fetchone()
    assert got == ("pegasus", AS_OF.isoformat(), "enrolled")
    sales = login(demo_db, "sales")
    assert not actions.enrol_pegasus(demo_db, sales, [a["person_id"]], AS_OF)[0]


# --- General camp points -------------------------------------------------------------------


def general(db: sqlite_utils.Database) -> tuple[int, str]:
    person, start = db.execute(
        "SELECT person_id, start_date FROM camp_enrolments WHERE camp_code = 'general' AND status <> 'dropped' "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    day = dt.date.fromisoformat(start) + dt.timedelta(days=7)
    while True:  # a week of the camp without points yet
        year, week, _ = day.isocalendar()
        label = f"{year}-W{week:02d}"
        if not db.execute("SELECT 1 FROM camp_points WHERE person_id = ? AND week = ?", [person, label]).fetchone():
            return person, label
        day += dt.timedelta(days=7)


def test_points_for_a_general_camp_week_are_kept(demo_db: sqlite_utils.Database) -> None:
    person, week = general(demo_db)
    values = {"person_id": str(person), "week": week, "homework": "8", "attendance": "10"}
    result, problems = save(demo_db, "camp_points", ChangeSet(inserts={-1: values}))
    assert result is not None, problems
    got = demo_db.execute("SELECT week, homework FROM camp_points WHERE person_id = ? AND week = ?", [person, week])
    assert got.fetchall() == [(week, 8)]


@pytest.mark.parametrize("week", ["2026-27", "2026-W54", "W27", "2026-w2"])
def test_a_week_that_is_not_an_iso_week_is_refused(demo_db: sqlite_utils.Database, week: str) -> None:
    person, _ = general(demo_db)
    before = demo_db.execute("SELECT COUNT(*) FROM camp_points").fetchone()[0]
    values = {"person_id": str(person), "week": week, "homework": "1", "attendance": "1"}
    result, problems = save(demo_db, "camp_points", ChangeSet(inserts={-1: values}))
    assert result is None and [(p.column, p.reason) for p in problems] == [("week", "talent.week_bad")]
    assert dict(problems[0].params)["week"] == week
    assert demo_db.execute("SELECT COUNT(*) FROM camp_points").fetchone()[0] == before


def test_points_of_someone_outside_the_general_camp_that_week_are_refused(demo_db: sqlite_utils.Database) -> None:
    person, week = general(demo_db)
    start = demo_db.execute(
        "SELECT MIN(start_date) FROM camp_enrolments WHERE person_id = ? AND camp_code = 'general'", [person]
    ).fetchone()[0]
    year, number, _ = (dt.date.fromisoformat(start) - dt.timedelta(days=7)).isocalendar()
    values = {"person_id": str(person), "week": f"{year}-W{number:02d}", "homework": "1", "attendance": "1"}
    result, problems = save(demo_db, "camp_points", ChangeSet(inserts={-1: values}))
    assert result is None and [(p.column, p.reason) for p in problems] == [("person_id", "talent.not_in_general_camp")]
    outsider = new_hire(demo_db)
    values = {"person_id": str(outsider), "week": week, "homework": "1", "attendance": "1"}
    assert save(demo_db, "camp_points", ChangeSet(inserts={-1: values}))[0] is None


# --- closing a quarter ---------------------------------------------------------------------


def kept(db: sqlite_utils.Database, quarter: str) -> dict[int, tuple]:
    rows = db.execute(
        "SELECT person_id, performance_sales, star FROM star_snapshots WHERE period = ? ORDER BY person_id", [quarter]
    )
    return {r[0]: r[1:] for r in rows}


def test_the_demo_has_two_closed_quarters_and_a_warning_from_them(demo_db: sqlite_utils.Database) -> None:
    m = model(demo_db)
    assert m.closed_quarters() == ["2026-Q1", "2025-Q4"]
    history = m.history()
    assert list(history.columns) == ["2025-Q4", "2026-Q1"]
    stars = m.stars()
    both = history.index[(history["2025-Q4"] == 1) & (history["2026-Q1"] == 1)]
    assert set(stars.index[stars["warning"]]) == set(both) & set(stars.index)
    assert stars["warning"].any()


def test_closing_keeps_the_stars_and_later_edits_do_not_change_them(demo_db: sqlite_utils.Database) -> None:
    hr = login(demo_db, "hr")
    assert close_period(demo_db, hr.user, "2026-Q2", dt.date(2026, 6, 30))[0].reason == "closing.not_ended"
    assert closing.close(demo_db, hr, "2026-Q2", dt.date(2026, 7, 1)) == []
    stars = talent.load(demo_db, ADMIN, as_of=AS_OF, lang="zh").stars()
    snapshot = kept(demo_db, "2026-Q2")
    assert snapshot == {int(p): (int(round(s["performance_sales"])), int(s["star"])) for p, s in stars.iterrows()}, (
        "the stars at the quarter's last day of everyone on the team in a sales rank"
    )
    assert demo_db.execute("SELECT kind, closed_by FROM closed_periods WHERE period = '2026-Q2'").fetchone() == (
        "quarter",
        hr.user,
    )
    # A big order won late in the quarter, entered after the close: the kept stars stay.
    person = next(iter(snapshot))
    customer = demo_db.execute("SELECT id FROM customers ORDER BY id LIMIT 1").fetchone()[0]
    order = {
        "customer_id": str(customer),
        "owner_id": str(person),
        "stage": "won",
        "amount": "9000000",
        "lock_date": "2026-06-01",
        "close_date": "2026-06-29",
        "group_order": "0",
        "principal_order": "0",
    }
    result, problems = save(demo_db, "orders", ChangeSet(inserts={-1: order}))
    assert result is not None, problems
    assert kept(demo_db, "2026-Q2") == snapshot
    live = talent.load(demo_db, ADMIN, as_of=AS_OF, lang="zh").stars()
    assert live.at[person, "performance_sales"] > snapshot[person][0]
    assert close_period(demo_db, hr.user, "2026-Q2", dt.date(2026, 7, 2))[0].reason == "closing.closed"


def test_reopening_removes_the_kept_stars_and_the_audit_names_who_and_why(demo_db: sqlite_utils.Database) -> None:
    hr = login(demo_db, "hr")
    before = kept(demo_db, "2026-Q1")
    assert before
    assert [p.reason for p in closing.reopen(demo_db, hr, "2026-Q1", "  ")] == ["closing.reason_needed"]
    assert kept(demo_db, "2026-Q1") == before, "a reopen without a reason changes nothing"
    assert closing.reopen(demo_db, hr, "2026-Q1", "a March order was entered late") == []
    assert kept(demo_db, "2026-Q1") == {}
    assert "2026-Q1" not in model(demo_db).closed_quarters()
    deleted = demo_db.execute(
        "SELECT table_name, COUNT(*), MIN(user) FROM audit WHERE action = 'delete' "
        "AND table_name = 'star_snapshots' GROUP BY table_name"
    ).fetchall()
    assert deleted == [("star_snapshots", len(before), hr.user)]
    row = demo_db.execute(
        "SELECT reopened_by, reopen_reason FROM closed_periods WHERE period = '2026-Q1' AND reopened_at IS NOT NULL"
    ).fetchall()
    assert row == [(hr.user, "a March order was entered late")], "the close stays on record with who and why"
    assert reopen_period(demo_db, hr.user, "2026-Q1", "again")[0].reason == "closing.open"
    # Closed again, from the data as it is now.
    assert closing.close(demo_db, hr, "2026-Q1", dt.date(2026, 7, 1)) == []
    assert set(kept(demo_db, "2026-Q1")) == set(before)
    assert demo_db.execute("SELECT COUNT(*) FROM closed_periods WHERE period = '2026-Q1'").fetchone() == (2,)


def test_hr_managers_and_admins_close_a_quarter_salespeople_do_not(demo_db: sqlite_utils.Database) -> None:
    at = dt.date(2026, 7, 1)
    sales = login(demo_db, "sales")
    assert [p.reason for p in closing.close(demo_db, sales, "2026-Q2", at)] == ["access.no_write"]
    assert [p.reason for p in closing.reopen(demo_db, sales, "2026-Q1", "why")] == ["access.no_write"]
    assert "2026-Q1" in model(demo_db).closed_quarters()
    assert closing.close(demo_db, login(demo_db, "manager"), "2026-Q2", at) == []
    assert [p.reason for p in closing.close(demo_db, login(demo_db, "hr"), "2027-01", dt.date(2027, 2, 1))] == [
        "access.no_write"
    ], "HR closes quarters (the stars), not the honor rolls' months"


# --- who reads what ------------------------------------------------------------------------


def test_hr_staff_are_not_listed_as_sellers(demo_db: sqlite_utils.Database) -> None:
    m = model(demo_db)
    hr_people = set(pd.read_sql("SELECT id FROM people WHERE rank = 'hr'", demo_db.conn)["id"])
    assert hr_people
    assert not hr_people & set(m.clearances()["person_id"])
    assert not hr_people & set(m.stars().index) and not hr_people & set(m.cadre().index)
    assert hr_people <= set(m.command().index)  # in the reporting tree all the same


def test_a_salesperson_reads_their_own_figures_only(demo_db: sqlite_utils.Database) -> None:
    sales = login(demo_db, "sales")
    m = model(demo_db, sales)
    assert list(m.ids) == [sales.person_id]
    assert set(m.clearances()["person_id"]) == {sales.person_id}
    assessments = pd.read_sql("SELECT * FROM hr_assessments", demo_db.conn)
    assert not sales.mask("hr_assessments", assessments.loc[assessments["person_id"] != sales.person_id]).any()
    other = int(assessments.loc[assessments["person_id"] != sales.person_id, "id"].iloc[0])
    version = row(demo_db, "hr_assessments", other)["version"]
    changes = ChangeSet(updates={other: {"note": "改"}}, versions={other: version})
    assert save(demo_db, "hr_assessments", changes, sales)[0] is None


def test_a_manager_reads_their_subtree(demo_db: sqlite_utils.Database) -> None:
    manager = login(demo_db, "manager")
    m = model(demo_db, manager)
    assert set(m.ids) == set(manager.people)
    assert set(m.command().index) <= set(manager.people)


def test_the_command_tree_reads_the_ranks_people_hold(demo_db: sqlite_utils.Database) -> None:
    held = dict(demo_db.execute("SELECT id, command_rank FROM people WHERE command_rank IS NOT NULL").fetchall())
    assert held
    cm = model(demo_db).command()
    assert {int(i): str(r) for i, r in cm["command_rank"].dropna().items()} == held
    # A regiment commander's team of at least three direct partners qualifies them.
    regiments = [p for p, r in held.items() if r == "regiment"]
    partners = cm.loc[regiments, "direct_partners"]
    assert (cm.loc[regiments, "lacks_structure"] == (partners < 3)).all()


# --- the page's tables (kam.views.talent.tables) -------------------------------------------


def test_the_command_tree_draws_whole_levels_up_to_the_cap(demo_db: sqlite_utils.Database) -> None:
    m = model(demo_db)
    branch = next(iter(m.branches()))
    whole, levels, truncated = m.command_tree(branch)
    assert not truncated and levels >= 3 and len(whole) > 5
    # A cap just below the whole tree: the deepest level is left out, whole levels only.
    managers = whole["manager_id"]
    depth = {}
    for pid in whole.index:
        d, boss = 0, managers[pid]
        while pd.notna(boss) and int(boss) in whole.index:
            d, boss = d + 1, managers[int(boss)]
        depth[int(pid)] = d
    top_levels = sum(1 for d in depth.values() if d < levels - 1)
    part, drawn, cut = m.command_tree(branch, cap=top_levels)
    assert cut and drawn == levels - 1 and set(part.index) == {p for p, d in depth.items() if d < levels - 1}
    assert m.command_tree(branch, cap=top_levels - 1)[1] < drawn
    # A cap of one still draws the top.
    assert len(m.command_tree(branch, cap=1)[0]) >= 1
    # From a leader down: that leader and everyone under them.
    leader = m.leaders(branch)[-1]
    sub, _, _ = m.command_tree(branch, leader)
    assert leader in sub.index and set(sub.index) <= set(whole.index)
    assert all(int(managers[p]) in sub.index for p in sub.index if p != leader)


def test_a_leaver_is_not_counted_in_a_camp(demo_db: sqlite_utils.Database) -> None:
    from kam.views.talent import tables

    def in_camp(m: talent.TalentModel) -> dict[str, int]:
        long = tables.pipeline(m, talent.quarter_of(AS_OF))
        rows = long.loc[long["series"] == "in_camp"]
        return dict(zip(rows["camp"], rows["value"], strict=True))

    before = in_camp(model(demo_db))
    e = demo_db.execute(
        "SELECT e.person_id, c.label_zh FROM camp_enrolments e JOIN r9_camps c ON c.code = e.camp_code "
        "WHERE e.status = 'enrolled' AND e.end_date IS NULL ORDER BY e.id LIMIT 1"
    ).fetchone()
    assert e, "the demo has someone in a camp now"
    with demo_db.conn:
        demo_db.execute("UPDATE people SET left_date = '2026-06-01' WHERE id = ?", [e[0]])
    after = in_camp(model(demo_db))
    assert after[e[1]] == before[e[1]] - 1


def test_the_hr_export_names_who_decided_and_each_clearance(demo_db: sqlite_utils.Database) -> None:
    from kam.views.talent import tables

    m = model(demo_db)
    frame = tables.export_frame(m)
    assert len(frame) == len(m.sellers)
    decided = frame.loc[frame["审批人"].notna(), ["审批人", "审批时间", "审批"]]
    assert len(decided) and decided["审批人"].str.startswith("人力资源").all()
    for name in ("入职关", "入职关 · 到期日"):
        assert name in frame.columns
    assert frame["符合资格"].iloc[0]  # eligible first


def test_the_page_texts_name_the_rules_values(demo_db: sqlite_utils.Database) -> None:
    from kam.views.talent import tables

    with demo_db.conn:
        demo_db.execute("UPDATE rule_params SET value = 3 WHERE code = 'r9_warning_quarters'")
        demo_db.execute("UPDATE rule_params SET value = 6 WHERE code = 'r9_cadre_window_months'")
    m = model(demo_db)
    warning = next(x for x in m.metrics if x.label == "淘汰预警")
    assert "3" in warning.help
    assert tables.sales_label(m) == "近6月业绩（元）"
    assert "近6月业绩（元）" in tables.cadre_table(m).columns


def test_the_due_list_names_the_figures_that_decided_each_clearance(demo_db: sqlite_utils.Database) -> None:
    from kam.views.talent import tables

    m = model(demo_db)
    due = m.due_list().reset_index(drop=True)
    shown = tables.due_table(m)
    assert len(shown) == len(due) > 0
    for r, text in zip(due.itertuples(), shown["依据"], strict=True):
        if r.clearance_code == "entry":
            score = "—" if pd.isna(r.score) else f"{r.score:g}"
            assert text == f"成绩 {score} / 90"
        elif r.clearance_code == "ability":
            assert text == f"精准客户 {r.precise_customers} / 5；成交团购单 {r.orders_won} / 1"
        elif r.clearance_code == "performance":
            assert text == f"精准客户 {r.precise_customers} / 10；一把手参与的成交团购单 {r.orders_won} / 1"


def test_every_tab_table_builds_with_nothing_due_and_for_one_person(demo_db: sqlite_utils.Database) -> None:
    from kam.views.talent import tables

    with demo_db.conn:  # nothing falls due this week or is overdue: every clearance far off
        demo_db.execute("UPDATE r9_clearances SET due_day = 5000, window_start_day = 0")
        demo_db.execute("UPDATE clearance_results SET score = 100 WHERE score IS NOT NULL")  # no retake due
    for access in (ADMIN, login(demo_db, "sales"), login(demo_db, "manager")):
        m = model(demo_db, access)
        assert tables.due_table(m).empty
        for build in (tables.clearance_matrix, tables.cadre_table, tables.stars_table, tables.history_table):
            build(m)
        tables.pipeline(m, talent.quarter_of(AS_OF))
        tables.path(m, next(iter(m.ids), None))
        tables.command_flags(m, m.ids)
        assert len(tables.export_frame(m)) == len(m.sellers)


def test_a_manager_sees_who_meets_the_cadre_standard_but_not_hrs_assessments(demo_db: sqlite_utils.Database) -> None:
    manager = login(demo_db, "manager")
    assert not manager.reads("hr_assessments")
    everyone = model(demo_db).cadre()
    mine = model(demo_db, manager).cadre()
    assert len(mine) and set(mine.index) <= set(manager.people)
    assert (mine["eligible"] == everyone.loc[mine.index, "eligible"]).all()
    assert everyone.loc[mine.index, "virtue"].notna().any(), "the demo assesses someone of the manager's"
    assert mine[["virtue", "talent", "post", "decision", "decided_by"]].isna().all().all()
    a = demo_db.execute("SELECT id, version FROM hr_assessments ORDER BY id LIMIT 1").fetchone()
    changes = ChangeSet(updates={a[0]: {"note": "改"}}, versions={a[0]: a[1]})
    assert save(demo_db, "hr_assessments", changes, manager)[0] is None
    from kam.views.talent import tables

    shown = tables.cadre_table(model(demo_db, manager))
    assert "德" not in shown.columns and "审批" not in shown.columns
    assert "审批人" not in tables.export_frame(model(demo_db, manager)).columns


def test_hr_closes_quarters_only_through_the_close_action(demo_db: sqlite_utils.Database) -> None:
    hr = login(demo_db, "hr")
    assert hr.closes("quarter") and not hr.writes("closed_periods")
    before = demo_db["closed_periods"].count
    row = {"period": "2026-Q2", "closed_at": "2026-07-01T09:00:00+00:00", "closed_by": hr.user}
    assert save(demo_db, "closed_periods", ChangeSet(inserts={-1: row}), hr)[0] is None
    assert demo_db["closed_periods"].count == before
    assert login(demo_db, "manager").closes("quarter") and not login(demo_db, "sales").closes("quarter")


def test_the_due_list_keeps_failed_clearances_and_leaves_out_veterans_waiting_to_be_entered(
    demo_db: sqlite_utils.Database,
) -> None:
    m = model(demo_db)
    due = m.due_list()
    c = m.clearances()
    failed = c.loc[c["status"] == "failed", ["person_id", "clearance_code"]]
    assert len(failed), "the demo has a failed entry exam"
    listed = set(zip(due["person_id"], due["clearance_code"], strict=True))
    assert set(zip(failed["person_id"], failed["clearance_code"], strict=True)) <= listed  # a retake is due
    # A veteran whose passes were never entered: overdue by the rule, but to enter, not to chase.
    person = veteran(demo_db)
    with demo_db.conn:
        demo_db.execute("DELETE FROM clearance_results WHERE person_id = ?", [person])
    m = model(demo_db)
    c = m.clearances()
    mine = c["person_id"] == person
    late = mine & (c["status"] == "overdue")
    assert late.any()  # (a clearance their orders met reads passed late all the same)
    assert m.unentered()[late].all() and not m.unentered()[~mine & (c["status"] == "overdue")].any()
    assert person not in set(m.due_list()["person_id"])
    overdue = int(((c["status"] == "overdue") & ~m.unentered()).sum())
    assert m.overdue_count() == overdue == int(next(x for x in m.metrics if x.label == "逾期通关").value)


def test_one_persons_clearances_show_due_met_and_the_figures_by_the_due_date(demo_db: sqlite_utils.Database) -> None:
    from kam.views.talent import tables

    m = model(demo_db)
    c = m.clearances()
    late = c.loc[c["status"] == "passed_late"].iloc[0]
    shown = tables.person_clearances(m, int(late["person_id"])).set_index("通关")
    assert len(shown) == 4
    row = shown.loc[m.labels("r9_clearances")[str(late["clearance_code"])]]
    assert row["到期日"] == late["due_date"] and row["达成日"] == late["met_date"] > late["due_date"]
    assert row["状态"] == "逾期通过"
    assert f"精准客户 {late['precise_by_due']}" in row["截至到期日"]
    assert tables.person_clearances(m, None).empty


def test_a_refused_talent_save_names_the_person_not_their_id(demo_db: sqlite_utils.Database) -> None:
    person = new_hire(demo_db)
    name = demo_db["people"].get(person)["name"]
    values = {"person_id": str(person), "clearance_code": "entry", "result_date": "2026-06-01", "passed": "1"}
    spec = SPECS["clearance_results"]
    loaded = loaded_frame(demo_db, spec)
    changes = ChangeSet(inserts={-1: values})
    result, problems = edit.save_change_set(demo_db, spec, loaded, changes, ADMIN)
    assert result is None
    text = edit.refusal_text(spec, loaded, changes, problems, "zh", demo_db)
    assert f"{name} · 入职关" in text and f"“{person}”" not in text
