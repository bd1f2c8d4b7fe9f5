"""Branches, teams and people: a proper manager tree of every rank (domain.md R2, R9)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import sqlite_utils

from kam.demo._common import SELLER_RANKS, Ctx, iso
from kam.store.bulk import insert_rows
from kam.store.people import PEOPLE_COLUMNS


@dataclass(frozen=True)
class Branch:
    """A branch; its region names its teams; customers sit in its cities."""

    name: str
    region: str
    city_pairs: str  # "city province city province ..."

    @property
    def cities(self) -> tuple[tuple[str, str], ...]:
        words = self.city_pairs.split()
        return tuple(zip(words[::2], words[1::2], strict=True))


BRANCHES: tuple[Branch, ...] = (
    Branch(
        "华东分公司",
        "华东",
        "上海 上海 苏州 江苏 南京 江苏 无锡 江苏 杭州 浙江 宁波 浙江 温州 浙江 合肥 安徽 济南 山东 青岛 山东",
    ),
    Branch(
        "华南分公司",
        "华南",
        "广州 广东 深圳 广东 佛山 广东 东莞 广东 珠海 广东 厦门 福建 福州 福建 泉州 福建 南宁 广西 海口 海南",
    ),
    Branch(
        "华北分公司",
        "华北",
        "北京 北京 天津 天津 石家庄 河北 唐山 河北 保定 河北 廊坊 河北 太原 山西 大同 山西 呼和浩特 内蒙古 包头 内蒙古",
    ),
)
TEAM_NUMERALS = ("一", "二", "三")
PARTNERS_PER_BRANCH = (15, 16, 15)  # 46 partners; 华南's general manager leads 3 directly
GM_DIRECT_PARTNERS = {2: 3}
NEW_HIRES_PER_BRANCH = 2  # joined in the last 90 days
RECENT_HIRES_PER_BRANCH = 2  # joined 90 days to a year ago
LEAVERS = 2
RECRUIT_SEED = 10
HR_BRANCHES = (1, 2)


@dataclass
class Person:
    id: int
    name: str
    rank: str
    branch_id: int
    team_id: int | None
    manager_id: int | None
    join_date: dt.date
    left_date: dt.date | None = None
    command_rank: str | None = None
    recruited_by: int | None = None

    @property
    def is_seller(self) -> bool:
        return self.rank in SELLER_RANKS

    def active_on(self, day: dt.date) -> bool:
        return self.join_date <= day and (self.left_date is None or day <= self.left_date)


@dataclass
class Org:
    """The generated organisation, with the lookups other generators need."""

    people: list[Person]
    teams: dict[int, tuple[int, str]]  # team id -> (branch id, name)

    def by_id(self, person_id: int) -> Person:
        return self.people[person_id - 1]

    def sellers(self, branch_id: int, *, current_on: dt.date | None = None) -> list[Person]:
        return [
            p
            for p in self.people
            if p.is_seller and p.branch_id == branch_id and (current_on is None or p.active_on(current_on))
        ]

    def reviewer_for(self, owner: Person) -> Person:
        """The nearest director or above up the manager chain (the owner if at the top)."""
        person = owner
        while person.manager_id is not None:
            person = self.by_id(person.manager_id)
            if person.rank in ("director", "general_manager"):
                return person
        return owner


def build_org(ctx: Ctx) -> Org:
    people: list[Person] = []
    teams: dict[int, tuple[int, str]] = {}
    names = _NamePool(ctx)
    for b, branch in enumerate(BRANCHES, start=1):
        _add(people, names, "general_manager", b, None, None, ctx.days_ago(ctx.rng.randint(1650, 2180)))
        for t, numeral in enumerate(TEAM_NUMERALS):
            team_id = (b - 1) * len(TEAM_NUMERALS) + t + 1
            teams[team_id] = (b, f"{branch.region}{numeral}部")
    for b in range(1, len(BRANCHES) + 1):
        gm_id = b
        directors = [
            _add(people, names, "director", b, team_id, gm_id, ctx.days_ago(ctx.rng.randint(900, 2150)))
            for team_id in _branch_teams(teams, b)
        ]
        _add_partners(ctx, people, names, b, directors)
    for b in HR_BRANCHES:
        _add(people, names, "hr", b, None, b, ctx.days_ago(ctx.rng.randint(400, 2000)))
    _set_command_ranks(ctx, people)
    _set_leavers(ctx, people)
    _set_recruiters(people)
    return Org(people=people, teams=teams)


def _set_recruiters(people: list[Person]) -> None:
    """Who recruited each partner (R10's talent awards): their manager mostly, else a
    colleague of the branch who joined before them. A random stream of its own, so that the
    rest of the demo stays as it was."""
    rng = random.Random(RECRUIT_SEED)
    for p in people:
        if p.rank != "partner":
            continue
        earlier = [
            q
            for q in people
            if q.branch_id == p.branch_id and q.is_seller and q.join_date < p.join_date and q.id < p.id
        ]
        if p.manager_id is not None and (not earlier or rng.random() < 0.6):
            p.recruited_by = p.manager_id
        elif earlier:
            p.recruited_by = rng.choice(earlier).id


class _NamePool:
    """Unique Chinese person names from the seeded Faker."""

    def __init__(self, ctx: Ctx) -> None:
        self._fake = ctx.fake
        self._seen: set[str] = set()

    def next(self) -> str:
        name = self._fake.name()
        while name in self._seen:
            name = self._fake.name()
        self._seen.add(name)
        return name


def _add(
    people: list[Person],
    names: _NamePool,
    rank: str,
    branch_id: int,
    team_id: int | None,
    manager_id: int | None,
    join_date: dt.date,
) -> Person:
    person = Person(len(people) + 1, names.next(), rank, branch_id, team_id, manager_id, join_date)
    people.append(person)
    return person


def _branch_teams(teams: dict[int, tuple[int, str]], branch_id: int) -> list[int]:
    return [tid for tid, (b, _) in teams.items() if b == branch_id]


def _add_partners(ctx: Ctx, people: list[Person], names: _NamePool, b: int, directors: list[Person]) -> None:
    count = PARTNERS_PER_BRANCH[b - 1]
    direct = GM_DIRECT_PARTNERS.get(b, 0)
    for i in range(count):
        if i < NEW_HIRES_PER_BRANCH:
            days = ctx.rng.randint(10, 85)
        elif i < NEW_HIRES_PER_BRANCH + RECENT_HIRES_PER_BRANCH:
            days = ctx.rng.randint(100, 360)
        else:
            days = ctx.rng.randint(400, 2190)
        if i >= count - direct:
            _add(people, names, "partner", b, None, b, ctx.days_ago(days))
        else:
            lead = directors[i % len(directors)]
            _add(people, names, "partner", b, lead.team_id, lead.id, ctx.days_ago(days))


def _set_command_ranks(ctx: Ctx, people: list[Person]) -> None:
    """Directors mostly regiment commanders; one general manager a division, one an army
    commander, so that some hold a rank their team supports and some do not."""
    for p in people:
        if p.rank == "director" and ctx.rng.random() < 0.65:
            p.command_rank = "regiment"
    people[0].command_rank = "army"
    people[1].command_rank = "division"


def _set_leavers(ctx: Ctx, people: list[Person]) -> None:
    veterans = [p for p in people if p.rank == "partner" and (ctx.anchor - p.join_date).days > 600]
    for p in ctx.rng.sample(veterans, LEAVERS):
        p.left_date = ctx.days_ago(ctx.rng.randint(30, 300))


def insert_org(db: sqlite_utils.Database, org: Org) -> None:
    branch_rows = [(b, br.name, br.region) for b, br in enumerate(BRANCHES, start=1)]
    insert_rows(db, "branches", ("id", "name", "region"), branch_rows)
    insert_rows(db, "teams", ("id", "name", "branch_id"), [(tid, name, b) for tid, (b, name) in org.teams.items()])
    insert_rows(
        db,
        "people",
        PEOPLE_COLUMNS,
        [
            (
                p.id,
                p.name,
                p.rank,
                p.command_rank,
                p.branch_id,
                p.team_id,
                p.manager_id,
                iso(p.join_date),
                iso(p.left_date),
                p.recruited_by,
            )
            for p in org.people
        ],
    )
