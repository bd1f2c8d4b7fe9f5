"""Read-only tables (kam/ui/widgets.py): as tall as their rows, so the last row is never cut
off (the targets page's fixed-height table cut it), then scrolling; rates in percent."""

from __future__ import annotations

import pytest

from kam.ui.widgets import ROW_PX, money_columns, table_height


@pytest.mark.parametrize(("rows", "height"), [(0, "content"), (1, "content"), (15, "content"), (16, ROW_PX * 16 + 3)])
def test_a_table_shows_every_row_up_to_its_limit_then_scrolls(rows: int, height: object) -> None:
    assert table_height(rows) == height


def test_rates_show_as_percentages_with_one_decimal() -> None:
    config = money_columns({"share": "Share", "amount": "Amount", "bar": "Bar"}, ("amount",), ("share",), ("bar",))
    assert config["share"]["type_config"]["format"] == "%.1f%%"
    assert config["bar"]["type_config"]["format"] == "%.1f%%" and config["bar"]["type_config"]["max_value"] == 100
    assert config["amount"]["type_config"]["format"] == "%,d"
