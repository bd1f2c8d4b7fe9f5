"""Helpers of the tests that act as a signed-in user on the demo data: the access of a demo
account (as kam.auth gives it at sign-in) and a save through the one save path."""

from __future__ import annotations

import sqlite_utils

from kam import edit
from kam.auth import audit_name
from kam.specs import SPECS
from kam.store.access import Access, access_for, unrestricted
from kam.store.frames import loaded_frame
from kam.store.users import credentials
from kam.types import ChangeSet

ADMIN = unrestricted("admin #u1")


def login(db: sqlite_utils.Database, name: str) -> Access:
    """The access of the demo account ``name`` (admin, manager, sales, hr)."""
    account = credentials(db, name)[0]
    return access_for(db, account, audit_name(account))


def save(db: sqlite_utils.Database, table: str, changes: ChangeSet, access: Access = ADMIN):
    """``changes`` to ``table`` saved as the grid saves them, on the rows as loaded now."""
    spec = SPECS[table]
    return edit.save_change_set(db, spec, loaded_frame(db, spec), changes, access)
