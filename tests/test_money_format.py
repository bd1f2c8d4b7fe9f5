"""The one number format (kam/i18n.py): summary money scaled to 万/亿 in Chinese and K/M
in English with the same decimals, the unit chosen on the rounded figure; exact cells in
whole yuan with separators; chart axes in the unit their largest figure is shown in;
rates as percentages with one decimal (issue 11, item 1)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kam.i18n import fmt_money, fmt_rate, fmt_yuan, money_axis

WAN = 10_000
YI = 100_000_000
K = 1_000
M = 1_000_000


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (1, "1"),
        (WAN - 1, "9,999"),  # just below 万: plain yuan with a separator
        (9_999.4, "9,999"),
        (9_999.5, "1.00 万"),  # rounds to 10,000: shown in 万
        (WAN, "1.00 万"),
        (WAN + 1, "1.00 万"),
        (15_000, "1.50 万"),
        (12_345_678, "1,234.57 万"),
        (YI - 10_000_000, "9,000.00 万"),
        (99_994_999, "9,999.50 万"),
        (YI, "1.00 亿"),
        (YI + 1, "1.00 亿"),
        (123_456_789, "1.23 亿"),
        (1_234_567_890_000, "12,345.68 亿"),
    ],
)
def test_zh_switches_to_wan_and_yi(amount: float, text: str) -> None:
    assert fmt_money(amount, "zh") == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (K - 1, "999"),
        (999.5, "1.00K"),
        (K, "1.00K"),
        (K + 1, "1.00K"),
        (12_345, "12.35K"),
        (M - 1_000, "999.00K"),
        (M - 1, "1.00M"),  # 999.999K rounds to 1,000.00K: shown as 1.00M
        (M, "1.00M"),
        (M + 1, "1.00M"),
        (1_001_590_000, "1,001.59M"),
    ],
)
def test_en_switches_to_k_and_m(amount: float, text: str) -> None:
    assert fmt_money(amount, "en") == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (-(WAN - 1), "-9,999"),
        (-WAN, "-1.00 万"),
        (-(WAN + 1), "-1.00 万"),
        (-(YI - 10_000_000), "-9,000.00 万"),
        (-YI, "-1.00 亿"),
        (-(YI + 1), "-1.00 亿"),
    ],
)
def test_zh_negatives_switch_on_their_size(amount: int, text: str) -> None:
    """A shortfall of -10,000 is 万 like +10,000: the switch uses the absolute value."""
    assert fmt_money(amount, "zh") == text


@pytest.mark.parametrize("amount", [YI - 1, YI - 49])
def test_zh_just_below_yi_never_reads_ten_thousand_wan(amount: int) -> None:
    """A figure that rounds to 10,000.00 万 is 1 亿 written in the smaller unit: shown as 亿."""
    assert fmt_money(amount, "zh") == "1.00 亿"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("amount", [15_000, 3.4 * YI, 12_345_678, 2 * M])
def test_every_scaled_figure_has_the_same_decimals(lang: str, amount: float) -> None:
    """9,937.3 万 beside 3.40 亿 was the defect: two decimals in every unit."""
    number = fmt_money(amount, lang).rstrip("KM万亿 ")
    assert len(number.split(".")[1]) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("amount", "text"), [(123.4, "123"), (123.6, "124"), (-123.6, "-124")])
def test_below_the_first_unit_rounds_to_whole_yuan(lang: str, amount: float, text: str) -> None:
    assert fmt_money(amount, lang) == text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("missing", [None, math.nan, np.nan, np.float64("nan")])
def test_missing_amount_is_a_dash(lang: str, missing: object) -> None:
    assert fmt_money(missing, lang) == "—"  # type: ignore[arg-type]
    assert fmt_yuan(missing) == "—"  # type: ignore[arg-type]
    assert fmt_rate(missing) == "—"  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_zero_is_zero_not_missing(lang: str) -> None:
    assert fmt_money(0, lang) == "0"
    assert fmt_money(0.0, lang) == "0"


def test_numpy_integers_format_like_ints() -> None:
    """Sums out of pandas are numpy scalars."""
    assert fmt_money(np.int64(WAN), "zh") == fmt_money(WAN, "zh") == "1.00 万"
    assert fmt_money(np.int64(YI), "en") == "100.00M"


def test_default_language_is_chinese() -> None:
    assert fmt_money(YI) == "1.00 亿"


@pytest.mark.parametrize(("amount", "text"), [(10_000_000, "10,000,000"), (999.6, "1,000"), (-1_234_567, "-1,234,567")])
def test_exact_yuan_keeps_every_digit(amount: float, text: str) -> None:
    assert fmt_yuan(amount) == text


@pytest.mark.parametrize(
    ("largest", "lang", "axis"),
    [
        (WAN - 1, "zh", (1, "元")),
        (WAN, "zh", (WAN, "万元")),
        (YI - 1, "zh", (YI, "亿元")),  # its figure reads 1.00 亿: so does the axis
        (99_994_999, "zh", (WAN, "万元")),
        (YI, "zh", (YI, "亿元")),
        (K - 1, "en", (1, "yuan")),
        (K, "en", (K, "thousand yuan")),
        (M - 1, "en", (M, "million yuan")),
        (M, "en", (M, "million yuan")),
        (math.nan, "zh", (1, "元")),
    ],
)
def test_a_chart_axis_takes_the_unit_of_its_largest_rounded_figure(largest: float, lang: str, axis: tuple) -> None:
    assert money_axis(largest, lang) == axis


@pytest.mark.parametrize(("rate", "text"), [(0.5660, "56.6%"), (0.42524, "42.5%"), (0.0, "0.0%"), (1.0, "100.0%")])
def test_rates_have_one_decimal(rate: float, text: str) -> None:
    assert fmt_rate(rate) == text


@pytest.mark.parametrize(("largest", "unit"), [(99_999_999, "亿元"), (99_994_999, "万元"), (9_999, "元")])
def test_a_charts_axis_and_its_labels_agree_on_the_unit(largest: float, unit: str) -> None:
    """The axis used to pick 万 on the unrounded maximum while its label read "1.00 亿"."""
    import pandas as pd

    from kam.ui.charts.style import scaled

    data, axis = scaled(pd.DataFrame({"a": [largest, 1.0]}), ["a"], "zh")
    assert axis == unit
    assert data["a_t"].iloc[0] == fmt_money(largest, "zh")
    assert data["a_t"].iloc[0].endswith(unit[:-1]) or unit == "元"


@pytest.mark.parametrize(
    ("x", "text"),
    [(50_000_001.0, "50,000,001"), (25_000_000, "25,000,000"), (0.5, "0.5"), (1_234.125, "1,234.125"), (0, "0")],
)
def test_a_plain_number_has_separators_and_never_an_exponent(x: float, text: str) -> None:
    from kam.i18n import fmt_number

    assert fmt_number(x) == text
