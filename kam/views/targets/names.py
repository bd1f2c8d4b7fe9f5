"""Who and when a bulk-entry line names (domain.md R6): the entity of a type and a name or
id as people write them, and the period of a cell as Excel leaves it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd

from kam.i18n import translate
from kam.validate import is_missing
from kam.views.targets.sheet import norm
from kam.views.targets.tree import ENTITY_TYPES

# An entity type as written -> its code (the app's own labels in both languages too).
TYPE_WORDS = {
    "company": "company",
    "公司": "company",
    "全公司": "company",
    "branch": "branch",
    "分公司": "branch",
    "team": "team",
    "团队": "team",
    "部门": "team",
    "person": "person",
    "people": "person",
    "个人": "person",
    "人员": "person",
    "员工": "person",
    "销售": "person",
}

# (field at fault, reason, params), or None.
Fault = tuple[str, str, dict[str, Any]] | None
Found = tuple[str | None, int | None, str, Fault]


def period_of(value: Any) -> Any:
    """A period cell as Excel leaves it: ``2026-03`` may have become a date, ``2026`` a number.

    Choice: a date in the period column means its month.
    """
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if is_missing(value):
        return None
    text = str(value).strip().upper().replace("/", "-").replace(".", "-")
    m = re.fullmatch(r"(\d{4})-?Q([1-4])", text)
    if m:
        return f"{m.group(1)}-Q{m.group(2)}"
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return text


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().lstrip("#")
    return int(text) if text.isdigit() and len(text) < 19 else None


def type_of(raw: Any) -> str | None:
    """An entity type as written (``团队``, ``person``, ``Branch``), or None."""
    key = norm(raw)
    if key in TYPE_WORDS:
        return TYPE_WORDS[key]
    for code in ENTITY_TYPES:
        if key in {norm(translate(f"targets.type.{code}", lang)) for lang in ("zh", "en")}:
            return code
    return None


def entity_of(
    raw_type: Any, raw: Any, ents: pd.DataFrame, lang: str, context: Mapping[str, Any] | None = None
) -> Found:
    """(type, id, name found, None), or a fault on the line's type or entity cell.

    :param raw_type: the type as written, or a type code where the column says it (``姓名``).
    :param context: the line's team and branch names, which tell namesakes apart.
    """
    entity_type = None
    if not is_missing(raw_type):
        entity_type = type_of(raw_type)
        if entity_type is None:
            return None, None, "", ("entity_type", "v.not_choice", {"value": raw_type})
    company = translate("targets.company", lang)
    if entity_type == "company" or (entity_type is None and not is_missing(raw) and type_of(raw) == "company"):
        # Choice: on a company line the entity cell is ignored (the company has no id).
        return "company", None, company, None
    if is_missing(raw):
        return None, None, "", ("entity", "v.required", {})
    ident = _as_id(raw)
    if ident is not None:
        if entity_type is None:
            return None, None, "", ("entity_type", "targets.bulk.type_for_id", {})
        hit = ents[(ents["entity_type"] == entity_type) & (ents["entity_id"] == ident)]
        if hit.empty:
            return None, None, "", ("entity", f"v.no_{entity_type}", {"value": ident})
        return entity_type, ident, str(hit["name"].iloc[0]), None
    return _by_name(str(raw).strip(), entity_type, ents, context or {})


def _by_name(name: str, entity_type: str | None, ents: pd.DataFrame, context: Mapping[str, Any]) -> Found:
    # Choice: a name matches exactly (someone who left also without the "(left)" mark); a
    # name two entities share is told apart by the line's team or branch, else the line is
    # refused rather than guessed.
    pool = ents[ents["entity_type"] != "company"]
    if entity_type is not None:
        pool = pool[pool["entity_type"] == entity_type]
    plain = pool["name"].astype(str)
    hit = pool[(plain == name) | (plain.str.replace(r"[（(].*[）)]$", "", regex=True).str.strip() == name)]
    if hit.empty:
        reason = f"targets.bulk.unknown_{entity_type}" if entity_type is not None else "targets.bulk.unknown_name"
        return None, None, "", ("entity", reason, {"value": name})
    if len(hit) > 1:
        hit = _narrow(hit, ents, context)
    if len(hit) > 1:
        found = ", ".join(f"{t} {i}" for t, i in zip(hit["entity_type"], hit["entity_id"], strict=True))
        return None, None, "", ("entity", "targets.bulk.ambiguous_name", {"value": name, "ids": found})
    return str(hit["entity_type"].iloc[0]), int(hit["entity_id"].iloc[0]), str(hit["name"].iloc[0]), None


def _narrow(hit: pd.DataFrame, ents: pd.DataFrame, context: Mapping[str, Any]) -> pd.DataFrame:
    """Namesakes kept by the team and branch the line names (``部门``, ``分公司`` columns)."""
    for kind, column in (("team", "team_id"), ("branch", "branch_id")):
        given = context.get(kind)
        if is_missing(given) or column not in hit.columns:
            continue
        named = ents.loc[(ents["entity_type"] == kind) & (ents["name"].astype(str) == str(given).strip()), "entity_id"]
        kept = hit[pd.to_numeric(hit[column], errors="coerce").isin(list(named))]
        if len(kept):
            hit = kept
    return hit


def known_ids(ents: pd.DataFrame) -> dict[str, Collection[int]]:
    """Entity type -> ids, for :func:`kam.invariants.known_entities`."""
    return {t: set(ents.loc[ents["entity_type"] == t, "entity_id"].dropna().astype(int)) for t in ENTITY_TYPES[1:]}
