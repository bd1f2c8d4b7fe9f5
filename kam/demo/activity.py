"""People's activity: meetings (R8), camps, clearances and HR assessments (R9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import sqlite_utils

from kam.demo._common import Ctx, iso
from kam.demo.customers import Customer
from kam.demo.people import Org, Person
from kam.store.bulk import insert_rows

MEETING_DAYS = 365
FACE_TO_FACE = "face_to_face"
TYPE_WEIGHTS = {FACE_TO_FACE: 0.7, "phone": 0.15, "online": 0.1, "event": 0.05}
WEEKLY_FACE_TO_FACE = (0.8, 4.5)  # per person: from 1 star to 5 stars on the process indicator
NOTES = ("拜访一把手", "需求调研", "方案汇报", "回访", "商务洽谈", "体验课邀约", None)
CAMP_DAYS = 180
ASSESSED = 4
SENIOR_DAYS = 700
POINT_WEEKS = 8  # weeks of General camp points before the anchor


def meeting_rows(ctx: Ctx, org: Org, customers: list[Customer]) -> list[tuple]:
    """Meetings over the last year, by every seller, in date order."""
    codes = [t["code"] for t in ctx.rules["r8_activity_types"]]
    weights = [TYPE_WEIGHTS.get(c, 0.05) for c in codes]
    f2f_share = TYPE_WEIGHTS[FACE_TO_FACE] / sum(weights)
    by_owner: dict[int, list[int]] = {}
    by_branch: dict[int, list[int]] = {}
    for c in customers:
        by_branch.setdefault(c.branch_id, []).append(c.id)
        if c.owner is not None:
            by_owner.setdefault(c.owner.id, []).append(c.id)
    rows = []
    for p in org.people:
        first = max(p.join_date, ctx.days_ago(MEETING_DAYS - 1))
        last = min(p.left_date or ctx.anchor, ctx.anchor)
        if not p.is_seller or first > last:
            continue
        weeks = ((last - first).days + 1) / 7
        count = round(weeks * ctx.rng.uniform(*WEEKLY_FACE_TO_FACE) * ctx.scale / f2f_share)
        branch = by_branch.get(p.branch_id, [])
        own = by_owner.get(p.id) or branch
        for activity in ctx.rng.choices(codes, weights, k=count):
            day = ctx.date_between(first, last)
            day -= dt.timedelta(days=max(0, day.weekday() - 4))  # weekend -> Friday
            pool = own if ctx.rng.random() < 0.8 else branch
            customer = ctx.rng.choice(pool) if pool and activity != "event" else None
            rows.append((p.id, customer, iso(max(day, first)), activity, ctx.rng.choice(NOTES)))
    rows.sort(key=lambda r: r[2])
    return rows


def _enrol(ctx: Ctx, p: Person, camp: str, start: dt.date, days: int = CAMP_DAYS) -> tuple:
    end = start + dt.timedelta(days=days)
    last = min(p.left_date or ctx.anchor, ctx.anchor)
    if end <= last:
        status = "dropped" if ctx.rng.random() < 0.08 else "completed"
    elif p.left_date is not None:
        status, end = "dropped", p.left_date
    else:
        status, end = "enrolled", None
    return (p.id, camp, iso(start), iso(end), status)


def camp_rows(ctx: Ctx, org: Org) -> Iterator[tuple]:
    """Camps along the cultivation path (codes of r9_camps)."""
    rng = ctx.rng
    for p in org.people:
        tenure = (ctx.anchor - p.join_date).days
        later = ctx.date_between  # a start date after joining
        if p.rank == "partner":
            yield _enrol(ctx, p, "planet", p.join_date)
            if p.left_date is not None:
                continue
            if tenure > 730 and rng.random() < 0.5:
                yield _enrol(ctx, p, "crown", later(p.join_date + dt.timedelta(days=365), ctx.days_ago(30)))
            if tenure > 900 and rng.random() < 0.15:
                yield _enrol(ctx, p, "dark_horse", later(p.join_date + dt.timedelta(days=540), ctx.anchor))
            if tenure > 1000 and rng.random() < 0.2:
                yield _enrol(ctx, p, "pegasus", ctx.days_ago(rng.randint(20, 400)))
        elif p.rank == "director":
            if rng.random() < 0.35:
                yield _enrol(ctx, p, "thousand_mile", ctx.days_ago(rng.randint(20, 500)))
            if rng.random() < 0.8:
                yield _enrol(ctx, p, "general", ctx.days_ago(rng.randint(20, 700)), 365)
        elif p.rank == "general_manager":
            yield _enrol(ctx, p, "general", ctx.days_ago(rng.randint(400, 900)), 365)


def _records_began(ctx: Ctx) -> dt.date:
    """1 January of ``r9_records_began_year`` (the anchor's year when the rules lack it)."""
    year = next((r["value"] for r in ctx.rules.get("rule_params", []) if r["code"] == "r9_records_began_year"), None)
    return dt.date(int(year) if year else ctx.anchor.year, 1, 1)


def clearance_rows(ctx: Ctx, org: Org) -> Iterator[tuple]:
    """Sellers who joined before records began (``r9_records_began_year``) have a recorded
    pass of every clearance; new hires have the
    scored clearances (the entry exam, the training assessment) that fell due, most passed,
    one entry exam failed; their order-based clearances come from the orders they locked and
    won."""
    clearances = sorted(ctx.rules["r9_clearances"], key=lambda c: c["clearance_order"])
    entry = clearances[0]  # the exam with a minimum score
    sellers = [p for p in org.people if p.is_seller]

    began = _records_began(ctx)
    veterans = {p.id for p in sellers if p.join_date < began}
    fresh = [
        p for p in sellers if p.id not in veterans and p.join_date + dt.timedelta(days=entry["due_day"]) <= ctx.anchor
    ]
    failer = ctx.rng.choice(fresh) if fresh else None
    for p in sellers:
        veteran = p.id in veterans
        for c in clearances:
            due = p.join_date + dt.timedelta(days=c["due_day"])
            if veteran:
                day = due - dt.timedelta(days=ctx.rng.randint(0, min(3, c["due_day"])))
                yield (p.id, c["code"], iso(day), None, 1, "入职早于系统记录")
            elif not c["min_score"]:
                continue  # judged from the orders
            elif p is failer and c is entry:
                low = float(ctx.rng.randint(60, int(c["min_score"]) - 1))
                yield (p.id, c["code"], iso(due), low, 0, "入职考试未达标")
            elif due <= ctx.anchor and ctx.rng.random() < 0.85:
                start = p.join_date + dt.timedelta(days=c["window_start_day"])
                score = float(ctx.rng.randint(int(c["min_score"]), 100))
                yield (p.id, c["code"], iso(ctx.date_between(start, due)), score, 1, None)


def assessment_rows(ctx: Ctx, org: Org, eligible: list[int], decided_by: str) -> Iterator[tuple]:
    """Portrait assessments of the candidates who meet the cadre standard: approved,
    pending (for HR to decide), rejected (one score below the bar), approved; and a pending
    one of a senior partner who does not meet it (an approval HR cannot make)."""
    people = {p.id: p for p in org.people}
    candidates = [people[i] for i in ctx.rng.sample(eligible, min(ASSESSED, len(eligible)))]
    seniors = [
        p
        for p in org.people
        if p.rank == "partner"
        and p.active_on(ctx.anchor)
        and p.id not in eligible
        and (ctx.anchor - p.join_date).days > 700
    ]
    plan = list(zip(candidates, ("approved", "pending", "rejected", "approved"), strict=False))
    if seniors:
        plan.append((ctx.rng.choice(seniors), "pending"))
    for p, decision in plan:
        scores = [ctx.rng.randint(62, 95) for _ in range(3)]
        if decision == "rejected":
            scores[ctx.rng.randrange(3)] = ctx.rng.randint(35, 59)
        day = ctx.days_ago(ctx.rng.randint(10, 150))
        decided = decision != "pending"
        at = dt.datetime.combine(day + dt.timedelta(days=3), dt.time(10, 0), tzinfo=dt.UTC)
        who, when = (decided_by, at.isoformat(timespec="seconds")) if decided else (None, None)
        yield (p.id, iso(day), *scores, decision, who, when, "飞马营画像评估")


def camp_point_rows(ctx: Ctx, camps: list[tuple]) -> Iterator[tuple]:
    """The General camp's homework and attendance points of its last weeks (ISO weeks
    ending on or before the anchor), for everyone in it that week."""
    last_sunday = ctx.anchor - dt.timedelta(days=(ctx.anchor.weekday() + 1) % 7)
    for person, camp, start, end, status in camps:
        if camp != "general" or status == "dropped":
            continue
        for back in range(POINT_WEEKS):
            sunday = last_sunday - dt.timedelta(weeks=back)
            monday = sunday - dt.timedelta(days=6)
            if start > iso(sunday) or (end is not None and end < iso(monday)):
                continue
            year, week, _ = monday.isocalendar()
            yield (person, f"{year}-W{week:02d}", ctx.rng.randint(4, 10), ctx.rng.choice((6, 8, 10, 10)))


def insert_activity(
    db: sqlite_utils.Database, ctx: Ctx, org: Org, customers: list[Customer], eligible: list[int], hr_user: str
) -> None:
    """:param eligible: the people who meet the cadre standard at the anchor (they get the
    assessments). :param hr_user: the audit name of the HR account (who decided)."""
    insert_rows(
        db,
        "meetings",
        ("person_id", "customer_id", "meeting_date", "activity_type", "note"),
        meeting_rows(ctx, org, customers),
    )
    camps = list(camp_rows(ctx, org))
    insert_rows(db, "camp_enrolments", ("person_id", "camp_code", "start_date", "end_date", "status"), camps)
    insert_rows(db, "camp_points", ("person_id", "week", "homework", "attendance"), camp_point_rows(ctx, camps))
    insert_rows(
        db,
        "clearance_results",
        ("person_id", "clearance_code", "result_date", "score", "passed", "note"),
        clearance_rows(ctx, org),
    )
    insert_rows(
        db,
        "hr_assessments",
        ("person_id", "assessment_date", "virtue", "talent", "post", "decision", "decided_by", "decided_at", "note"),
        assessment_rows(ctx, org, eligible, hr_user),
    )
