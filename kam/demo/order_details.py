"""What hangs off orders: the 13 key messages, milestones and stuck-order analyses (R7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import sqlite_utils

from kam.demo._common import Ctx, add_months, clamp, iso
from kam.demo.orders import FOLLOWING, OPEN_STAGES, STUCK, WON, Order
from kam.store.bulk import insert_rows

LARGE_SCALE = 5.0  # above it, key messages only for open orders locked in the last 6 months
RECENT_MONTHS = 6
INCOMPLETE_SHARE = 0.3
BLOCKERS = ("预算未批", "决策人变更", "竞品低价", "需求不清晰", "内部意见分歧", "付款条件未谈妥")
NEXT_ACTIONS = ("约一把手面谈", "总监陪访", "提供成功案例", "调整方案报价", "邀请参加体验课")
NEEDS = ("中高层管理能力提升", "销售团队打造", "战略解码落地", "接班人培养", "组织变革", "数字化转型")
PAINS = ("业绩增长乏力", "人才梯队断层", "执行力不足", "利润下滑", "跨部门协同差", "新业务难突破")
STATUS = ("稳步增长", "高速扩张", "利润承压", "转型期", "平稳经营")
PLANS = ("三年内上市", "全国市场扩张", "数字化转型", "百亿营收规划", "海外布局")
NEXT_STEPS = ("约一把手面谈", "安排体验课", "提交方案", "商务谈判", "准备签约")
TITLES = ("董事长", "总经理", "总裁", "创始人", "人力资源总监", "培训经理")
CHAINS = ("董事长 → 总经理 → 人力总监", "创始人 → 人力总监 → 培训经理", "总裁 → 运营副总 → 培训经理")


def _message_texts(ctx: Ctx) -> list[Callable[[], str]]:
    """One text maker per default key message, in sort order (pools drawn once)."""
    rng = ctx.rng
    names = [ctx.fake.name() for _ in range(60)]
    suppliers = [ctx.fake.company() for _ in range(30)]
    return [
        lambda: f"{rng.choice(names)}（{rng.choice(TITLES[:4])}）",
        lambda: rng.choice(CHAINS),
        lambda: f"约 {rng.randint(5, 300)} 万元",
        lambda: rng.choice(NEEDS),
        lambda: rng.choice(PAINS),
        lambda: f"{rng.randint(1, 6)} 个月内决策",
        lambda: f"员工约 {rng.randint(1, 200) * 50} 人",
        lambda: rng.choice(STATUS),
        lambda: rng.choice(PLANS),
        lambda: rng.choice(suppliers),
        lambda: f"{rng.choice(suppliers)}等 {rng.randint(1, 3)} 家",
        lambda: f"{rng.choice(names)}（{rng.choice(TITLES[3:])}）",
        lambda: rng.choice(NEXT_STEPS),
    ]


def key_message_rows(ctx: Ctx, orders: list[Order]) -> Iterator[tuple]:
    """Key messages of open orders; some orders miss a few (no row, or a blank value)."""
    ids = [m["id"] for m in ctx.rules["r7_key_messages"]]
    texts = _message_texts(ctx)
    since = add_months(ctx.anchor, -RECENT_MONTHS) if ctx.scale > LARGE_SCALE else dt.date.min
    for order in orders:
        if order.stage not in OPEN_STAGES or order.lock_date <= since:
            continue
        missing: list[int] = []
        if ctx.rng.random() < INCOMPLETE_SHARE:
            missing = ctx.rng.sample(ids, ctx.rng.randint(1, 5))
        for i, message_id in enumerate(ids):
            if message_id not in missing:
                maker = texts[i] if i < len(texts) else (lambda: "已确认")
                yield (order.id, message_id, maker())
            elif ctx.rng.random() < 0.5:
                yield (order.id, message_id, None)


def milestone_rows(ctx: Ctx, orders: list[Order]) -> Iterator[tuple]:
    """Every milestone of following, stuck and won orders: some late, some overdue."""
    milestones = [(m["code"], m["due_day"]) for m in ctx.rules["r7_milestones"]]
    rng = ctx.rng
    for order in orders:
        if order.stage not in (FOLLOWING, STUCK, WON):
            continue
        end = min(order.close_date or ctx.anchor, ctx.anchor)
        for code, due_day in milestones:
            due = order.lock_date + dt.timedelta(days=due_day)
            if order.stage == WON:
                chance = 0.9
            elif due <= ctx.anchor:
                chance = 0.6 if order.stage == FOLLOWING else 0.4
            else:
                chance = 0.25
            done = None
            if rng.random() < chance:
                late = rng.random() < 0.2
                delta = rng.randint(4, 20) if late else rng.randint(-12, 3)
                done = clamp(due + dt.timedelta(days=delta), order.lock_date, end)
            yield (order.id, code, iso(done))


def stuck_analysis_rows(ctx: Ctx, orders: list[Order]) -> Iterator[tuple]:
    rng = ctx.rng
    for order in orders:
        if order.stage != STUCK or rng.random() >= 0.7:
            continue
        day = clamp(order.lock_date + dt.timedelta(days=rng.randint(10, 60)), order.lock_date, ctx.anchor)
        who = order.owner.id if order.owner else order.reviewer_id
        yield (order.id, iso(day), rng.choice(BLOCKERS), rng.choice(NEXT_ACTIONS), who)


def insert_order_details(db: sqlite_utils.Database, ctx: Ctx, orders: list[Order]) -> None:
    insert_rows(db, "order_key_messages", ("order_id", "message_id", "value"), key_message_rows(ctx, orders))
    insert_rows(db, "order_milestones", ("order_id", "milestone_code", "done_date"), milestone_rows(ctx, orders))
    insert_rows(
        db,
        "stuck_analyses",
        ("order_id", "analysis_date", "blocker", "next_action", "who_id"),
        stuck_analysis_rows(ctx, orders),
    )
