"""Who a target names, and the targets as a tree (domain.md R6).

Entities are keyed as in :mod:`kam.rules.targets`: ``company``, ``branch:3``, ``team:7``,
``person:42``. The tree is company -> branches -> teams -> people; people with no team
hang under their branch. AgGrid's own tree data is Enterprise-only, so the tree is plain
rows: sorted parent before children, the name indented by level, the path beside it.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from kam.i18n import translate
from kam.rules.params import ids
from kam.rules.periods import parse_periods
from kam.rules.targets import under_allocated
from kam.types import ColumnSpec, TableSpec

ENTITY_TYPES: tuple[str, ...] = ("company", "branch", "team", "person")
_LAST = 1 << 40  # sorts after every id: people with no team after the teams
_KIND_ORDER = {"year": 0, "quarter": 1, "month": 2}
INDENT = "\u3000\u3000"  # two full-width spaces a level: indents Chinese and Latin names alike
BRANCH_MARK = "└ "
SUB_PERIOD_MARK = "· "

ALLOCATION = ["under_allocated", "over_allocated", "excess"]
TREE_COLUMNS = ["name", "path", "level", "children_sum", "shortfall", "flag"]
# The tree's read-only columns beside the editable ones, and the grid's column order.
TREE_COMPUTED: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "text", label="targets.col.name", editable=False, width=230),
    ColumnSpec("children_sum", "money", label="targets.col.children_sum", editable=False),
    ColumnSpec("shortfall", "money", label="targets.col.shortfall", editable=False),
    ColumnSpec("flag", "text", label="targets.col.flag", editable=False),
    ColumnSpec("path", "text", label="targets.col.path", editable=False),
    ColumnSpec("level", "int", label="targets.col.level", editable=False),
)
TREE_ORDER = (
    "name",
    "period",
    "amount",
    "children_sum",
    "shortfall",
    "flag",
    "entity_type",
    "entity_id",
    "path",
    "level",
    "id",
)


def tree_spec(spec: TableSpec) -> TableSpec:
    """The ``targets`` spec as the tree grid shows it: the entity id says it is an id."""
    columns = tuple(replace(c, label="targets.col.entity_id") if c.name == "entity_id" else c for c in spec.columns)
    return replace(spec, columns=columns)


def entity_key(entity_type: object, entity_id: object) -> str:
    """``company`` or ``<type>:<id>``."""
    if entity_type == "company":
        return "company"
    try:
        return f"{entity_type}:{int(entity_id)}"  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return f"{entity_type}:?"


def entities(branches: pd.DataFrame, teams: pd.DataFrame, people: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Every entity a target can name, indexed by entity key.

    :returns: ``entity_type, entity_id, name, path, level, branch_id, team_id, left`` and
      the sort keys ``s1, s2, s3`` (tree order: company, branch, team, person). A person's
      branch is their team's branch, else their own; ``left`` marks people who left.
    """
    company = translate("targets.company", lang)
    sep = " / "
    b = pd.DataFrame({"entity_id": ids(branches["id"]), "name": branches["name"].astype(str)})
    b_name = pd.Series(b["name"].to_numpy(), index=b["entity_id"])
    tm = pd.DataFrame(
        {
            "entity_id": ids(teams["id"]),
            "name": teams["name"].astype(str),
            "branch_id": ids(teams["branch_id"]),
        }
    )
    t_branch = pd.Series(tm["branch_id"].to_numpy(), index=tm["entity_id"])
    t_name = pd.Series(tm["name"].to_numpy(), index=tm["entity_id"])
    pid = ids(people["id"])
    team = ids(people["team_id"]).where(lambda s: s.isin(tm["entity_id"]))
    branch = team.map(t_branch).astype("Int64").fillna(ids(people["branch_id"]))
    left = people["left_date"].notna() if "left_date" in people else pd.Series(False, index=people.index)
    p_name = people["name"].astype(str) + left.map({True: translate("targets.left_suffix", lang), False: ""})
    p_path = pd.Series(company, index=people.index)
    p_path = p_path.where(branch.isna(), company + sep + branch.map(b_name).fillna("?").astype(str))
    p_path = p_path.where(team.isna(), p_path + sep + team.map(t_name).fillna("?").astype(str))
    parts = [
        pd.DataFrame(
            {
                "entity_type": ["company"],
                "entity_id": pd.array([pd.NA], dtype="Int64"),
                "name": [company],
                "path": [company],
                "level": [0],
                "branch_id": pd.array([pd.NA], dtype="Int64"),
                "team_id": pd.array([pd.NA], dtype="Int64"),
                "left": [False],
                "s1": [-1],
                "s2": [-1],
                "s3": [-1],
            }
        ),
        b.assign(
            entity_type="branch",
            path=company + sep + b["name"],
            level=1,
            branch_id=b["entity_id"],
            team_id=pd.array([pd.NA] * len(b), dtype="Int64"),
            left=False,
            s1=b["entity_id"],
            s2=-1,
            s3=-1,
        ),
        tm.assign(
            entity_type="team",
            name=tm["name"],
            path=company + sep + tm["branch_id"].map(b_name).fillna("?").astype(str) + sep + tm["name"],
            level=2,
            team_id=tm["entity_id"],
            left=False,
            s1=tm["branch_id"],
            s2=tm["entity_id"],
            s3=-1,
        ),
        pd.DataFrame(
            {
                "entity_type": "person",
                "entity_id": pid,
                "name": p_name,
                "path": p_path + sep + p_name,
                "level": 1 + branch.notna().astype(int) + team.notna().astype(int),
                "branch_id": branch,
                "team_id": team,
                "left": left.astype(bool),
                "s1": branch.fillna(_LAST),
                "s2": team.fillna(_LAST),
                "s3": pid,
            }
        ),
    ]
    out = pd.concat([p[_ENTITY_COLUMNS] for p in parts], ignore_index=True)
    for col in ("entity_id", "branch_id", "team_id"):
        out[col] = out[col].astype("Int64")
    for col in ("s1", "s2", "s3"):
        out[col] = pd.to_numeric(out[col]).astype("int64")
    out.index = pd.Index([entity_key(t, i) for t, i in zip(out["entity_type"], out["entity_id"], strict=True)])
    return out


_ENTITY_COLUMNS = [
    "entity_type",
    "entity_id",
    "name",
    "path",
    "level",
    "branch_id",
    "team_id",
    "left",
    "s1",
    "s2",
    "s3",
]


def target_entities(targets: pd.DataFrame, ents: pd.DataFrame) -> pd.DataFrame:
    """For each target row (same index): its entity's columns; unknown entities get the
    name ``#<id>?`` and sort last."""
    keys = [entity_key(t, i) for t, i in zip(targets["entity_type"], targets["entity_id"], strict=True)]
    found = ents.reindex(keys)
    found.index = targets.index
    unknown = found["name"].isna()
    if unknown.any():
        found.loc[unknown, "name"] = [f"#{k.split(':', 1)[-1]}?" for k, u in zip(keys, unknown, strict=True) if u]
        found.loc[unknown, "path"] = found.loc[unknown, "name"]
        found.loc[unknown, "level"] = 1
        found.loc[unknown, ["s1", "s2", "s3"]] = _LAST
    return found


def tree_frame(
    targets: pd.DataFrame,
    branches: pd.DataFrame,
    teams: pd.DataFrame,
    people: pd.DataFrame,
    lang: str = "zh",
    ents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The targets as a tree: the loaded rows (indexed by target id) plus ``name``
    (indented), ``path``, ``level``, ``children_sum`` and ``shortfall`` (parents only),
    ``flag`` (under-allocated parents), and ``year``, ``period_kind``, ``branch_id`` for
    filtering; sorted parent before children, a year's quarters and months under it.
    ``ents``: :func:`entities` of the same organisation and language, when the caller keeps them.
    """
    frame = targets.copy()
    if frame.empty:
        for col in [*TREE_COLUMNS, "year", "period_kind", "branch_id", "team_id", "entity_name", *ALLOCATION]:
            frame[col] = pd.Series(dtype="object")
        return frame
    if ents is None:
        ents = entities(branches, teams, people, lang)
    found = target_entities(frame, ents)
    periods = parse_periods(frame["period"])
    sub = periods["kind"].isin(["quarter", "month"]).fillna(False).astype(bool)
    level = found["level"].astype(int)
    marks = [
        (INDENT * lvl + SUB_PERIOD_MARK + str(p)) if s else (INDENT * (lvl - 1) + BRANCH_MARK + n if lvl else n)
        for lvl, s, n, p in zip(level, sub, found["name"], frame["period"], strict=True)
    ]
    frame["name"] = marks
    frame["entity_name"] = found["name"]
    # The company's path would only repeat its name beside it: left blank.
    frame["path"] = found["path"].where(frame["entity_type"] != "company", "")
    frame["level"] = level
    frame["branch_id"] = found["branch_id"].astype("Int64")
    frame["team_id"] = found["team_id"].astype("Int64")
    frame["year"] = periods["year"].astype("Int64")
    frame["period_kind"] = periods["kind"]
    under = under_allocated(frame.reset_index(drop=True), branches, teams, people).set_index("target_id")
    keys = pd.to_numeric(frame["id"], errors="coerce")
    frame["children_sum"] = keys.map(under["children_sum"]).astype("Int64")
    frame["shortfall"] = keys.map(under["shortfall"]).astype("Int64")
    frame["under_allocated"] = keys.map(under["under_allocated"]).fillna(False).astype(bool)
    # Choice: children adding up to more than their parent is allowed (a stretch goal below
    # a cautious one), shown as information, not as a problem to fix.
    excess = frame["children_sum"].astype("Float64") - pd.to_numeric(frame["amount"], errors="coerce")
    frame["excess"] = excess.clip(lower=0).fillna(0).round().astype("Int64")
    frame["over_allocated"] = (frame["excess"] > 0).fillna(False).astype(bool)
    flags = {"under": translate("targets.flag_under", lang), "over": translate("targets.flag_over", lang)}
    frame["flag"] = [
        flags["under"] if u else flags["over"] if o else ""
        for u, o in zip(frame["under_allocated"], frame["over_allocated"], strict=True)
    ]
    order = pd.DataFrame(
        {
            "year": frame["year"].fillna(_LAST),
            "s1": found["s1"],
            "s2": found["s2"],
            "s3": found["s3"],
            "kind": periods["kind"].map(_KIND_ORDER).fillna(3),
            "period": frame["period"].astype(str),
        },
        index=frame.index,
    )
    return frame.loc[order.sort_values(list(order.columns), kind="stable").index]


def filter_tree(
    tree: pd.DataFrame, year: int | None = None, branch_id: int | None = None, sub_periods: bool = True
) -> pd.DataFrame:
    """The rows of one year, one branch's subtree (the company row only without a branch),
    with or without the quarter and month rows."""
    keep = pd.Series(True, index=tree.index)
    if year is not None:
        keep &= (tree["year"] == year).fillna(False).astype(bool)
    if branch_id is not None:
        keep &= (tree["branch_id"] == branch_id).fillna(False).astype(bool)
    if not sub_periods:
        keep &= (tree["period_kind"] == "year").fillna(False).astype(bool)
    return tree[keep]


def _named(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows listed on their own: the company, whose path is blank in the tree, by its name."""
    if not len(rows):
        return rows
    return rows.assign(path=rows["path"].where(rows["path"].astype(str) != "", rows["entity_name"]))


def over_allocated_rows(tree: pd.DataFrame) -> pd.DataFrame:
    """The parents whose children's targets add up to more than their own, in tree order:
    path, period, amount, children's sum, excess."""
    rows = tree[tree["over_allocated"].astype(bool)] if len(tree) else tree
    return _named(rows)[["path", "period", "amount", "children_sum", "excess"]].reset_index(drop=True)


def under_allocated_rows(tree: pd.DataFrame) -> pd.DataFrame:
    """The under-allocated parents of a tree, in tree order: path, period, amount,
    children's sum, shortfall."""
    rows = tree[tree["under_allocated"].astype(bool)] if len(tree) else tree
    return _named(rows)[["path", "period", "amount", "children_sum", "shortfall"]].reset_index(drop=True)
