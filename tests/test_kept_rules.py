"""What the rules parse of their tables is kept only with the read-only rules every page run
shares (kam.rules.params.KeptRules, from kam.views.ruleset.current_rules): kept until the
rules change, parsed afresh from a plain dict (an edited frame is never judged by a stale
parse), a refused parse never kept."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlite_utils

from kam.rules.params import KeptRules, RuleInputError, parsed
from kam.rules.portraits import active_fit, active_portrait
from kam.rules.value import ValueRules
from kam.views.memo import views
from kam.views.ruleset import current_rules
from tests.rules.frames import DEFAULT_RULES, set_rule

CALLS: list[object] = []


def _count(rules, *args) -> tuple:
    CALLS.append(args)
    return (len(rules), *args)


def test_kept_rules_parse_once_per_arguments_and_cannot_be_edited() -> None:
    CALLS.clear()
    kept = KeptRules(DEFAULT_RULES)
    assert parsed(kept, _count, 1) == parsed(kept, _count, 1) == (len(DEFAULT_RULES), 1)
    assert parsed(kept, _count, 2)[1] == 2 and CALLS == [(1,), (2,)]
    with pytest.raises(TypeError):
        kept["r1_price_levels"] = DEFAULT_RULES["r1_price_levels"]  # type: ignore[index]
    assert dict(kept).keys() == DEFAULT_RULES.keys() and kept["rule_params"] is DEFAULT_RULES["rule_params"]


def test_a_plain_dict_is_parsed_every_time_so_an_edit_counts() -> None:
    rules = {k: v.copy() for k, v in DEFAULT_RULES.items()}
    before = parsed(rules, ValueRules.from_tables)
    low = rules["r1_price_levels"].sort_values("level_order")["code"].iloc[-1]
    set_rule(rules, "r1_price_levels", low, "min_unit_price", 123_456.0)  # in place, as tests edit
    after = parsed(rules, ValueRules.from_tables)
    assert after.price_minimums[-1] == 123_456.0 != before.price_minimums[-1]


def test_a_refused_parse_is_not_kept() -> None:
    none_active = KeptRules({**DEFAULT_RULES, "r3_portraits": DEFAULT_RULES["r3_portraits"].assign(active=0)})
    for _ in range(2):
        with pytest.raises(RuleInputError):
            parsed(none_active, active_portrait)
    customers = pd.DataFrame({"id": [1]})
    assert active_fit(customers, none_active)["fit_score"].isna().all()  # the pyramid's choice, kept rules too


def test_current_rules_are_shared_until_the_rules_change(demo_db: sqlite_utils.Database) -> None:
    views().clear()
    first = current_rules(demo_db)
    assert current_rules(demo_db) is first and isinstance(first, KeptRules)
    old = parsed(first, ValueRules.from_tables)
    code = first["r1_price_levels"].sort_values("level_order")["code"].iloc[-1]
    demo_db.execute("UPDATE r1_price_levels SET min_unit_price = 987654 WHERE code = ?", [code])
    fresh = current_rules(demo_db)
    assert fresh is not first and parsed(fresh, ValueRules.from_tables).price_minimums[-1] == 987_654.0
    assert parsed(first, ValueRules.from_tables) is old  # a run holding the old state keeps its parse
