"""Fixtures for the rules tests; the frame builders are in :mod:`tests.rules.frames`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from tests.rules.frames import set_rule


@pytest.fixture
def edit(rules: dict[str, pd.DataFrame]) -> Callable[..., dict[str, pd.DataFrame]]:
    """``edit(table, key, column, value)`` edits the ``rules`` fixture, returns it."""

    def _edit(table: str, key: Any, column: str, value: Any, key_column: str = "code"):
        set_rule(rules, table, key, column, value, key_column)
        return rules

    return _edit
