"""What the portraits page writes besides its grids: making a portrait the active one."""

from __future__ import annotations

import sqlite_utils

from kam.edit import save_change_set
from kam.specs import SPECS
from kam.store.access import Access
from kam.store.frames import loaded_frame
from kam.types import ChangeSet, Problem


def make_active(db: sqlite_utils.Database, access: Access, portrait_id: int, lang: str) -> tuple[bool, list[Problem]]:
    """Make ``portrait_id`` the one active portrait in one audited save: it becomes active and
    the one active before does not (a switch in two saves would be refused by the
    one-active invariant, whichever save came first). Refused like a grid save: an admin's
    right, a portrait that cannot be scored (a force without criteria)."""
    spec = SPECS["r3_portraits"]
    loaded = loaded_frame(db, spec)
    if portrait_id not in loaded.index:
        return False, [Problem(portrait_id, "id", "v.unknown_ref", (("value", portrait_id),))]
    updates = {int(k): {"active": 0} for k in loaded.index[loaded["active"].fillna(0).astype(int) == 1]}
    updates[int(portrait_id)] = {"active": 1}
    versions = {k: int(loaded.at[k, "version"]) for k in updates}
    result, problems = save_change_set(
        db, spec, loaded, ChangeSet(updates=updates, versions=versions), access, lang=lang
    )
    return result is not None, problems
