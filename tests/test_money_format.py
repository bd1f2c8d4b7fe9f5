"""Money in summary figures (kam/i18n.py ``fmt_money``): 万 from 10,000 and 亿 from
100,000,000 in Chinese, thousands separators in English, whole yuan (domain.md: units)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kam.i18n import fmt_money

WAN = 10_000
YI = 100_000_000


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (1, "1"),
        (WAN - 1, "9,999"),  # just below 万: plain yuan with a separator
        (WAN, "1.0 万"),
        (WAN + 1, "1.0 万"),
        (15_000, "1.5 万"),
        (12_345_678, "1,234.6 万"),
        (YI - 10_000_000, "9,000.0 万"),
        (YI, "1.00 亿"),
        (YI + 1, "1.00 亿"),
        (123_456_789, "1.23 亿"),
        (1_234_567_890_000, "12,345.68 亿"),
    ],
)
def test_zh_switches_to_wan_and_yi(amount: int, text: str) -> None:
    assert fmt_money(amount, "zh") == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (-(WAN - 1), "-9,999"),
        (-WAN, "-1.0 万"),
        (-(WAN + 1), "-1.0 万"),
        (-(YI - 10_000_000), "-9,000.0 万"),
        (-YI, "-1.00 亿"),
        (-(YI + 1), "-1.00 亿"),
    ],
)
def test_zh_negatives_switch_on_their_size(amount: int, text: str) -> None:
    """A shortfall of -10,000 is 万 like +10,000: the switch uses the absolute value."""
    assert fmt_money(amount, "zh") == text


@pytest.mark.parametrize("amount", [YI - 1, YI - 500])
def test_zh_just_below_yi_never_reads_ten_thousand_wan(amount: int) -> None:
    """99,999,999 rounds to 1 亿 at the shown precision; "10,000.0 万" is 1 亿 written in
    the smaller unit. A figure below the 亿 switch that rounds up to it shows as 亿."""
    assert fmt_money(amount, "zh") == "1.00 亿"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (WAN - 1, "9,999"),
        (WAN, "10,000"),
        (WAN + 1, "10,001"),
        (YI - 1, "99,999,999"),
        (YI, "100,000,000"),
        (YI + 1, "100,000,001"),
        (-1_234_567, "-1,234,567"),
        (-(YI + 1), "-100,000,001"),
    ],
)
def test_en_whole_yuan_with_separators_at_every_size(amount: int, text: str) -> None:
    """English has no unit switch: the same points as 万/亿 show every digit."""
    assert fmt_money(amount, "en") == text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("amount", "text"), [(1_234.4, "1,234"), (1_234.6, "1,235"), (-1_234.6, "-1,235")])
def test_below_wan_rounds_to_whole_yuan(lang: str, amount: float, text: str) -> None:
    assert fmt_money(amount, lang) == text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("missing", [None, math.nan, np.nan, np.float64("nan")])
def test_missing_amount_is_a_dash(lang: str, missing: object) -> None:
    assert fmt_money(missing, lang) == "—"  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_zero_is_zero_not_missing(lang: str) -> None:
    assert fmt_money(0, lang) == "0"
    assert fmt_money(0.0, lang) == "0"


def test_numpy_integers_format_like_ints() -> None:
    """Sums out of pandas are numpy scalars."""
    assert fmt_money(np.int64(WAN), "zh") == fmt_money(WAN, "zh") == "1.0 万"
    assert fmt_money(np.int64(YI), "en") == "100,000,000"


def test_default_language_is_chinese() -> None:
    assert fmt_money(YI) == "1.00 亿"
