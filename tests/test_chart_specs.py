"""Charts (issue 17): a shape is compiled once, its rows handed over on every run; a Pareto
curve drawn with a few hundred points, not one per customer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kam.ui import charts
from kam.ui.charts import spec as cs
from kam.ui.charts.podium import podium_chart
from kam.views.pyramid import figures as fig

HOSTILE = '<img src=x onerror=alert(1)>{b|x}"; drop table'


def _bars(shares: list[float], labels: list[str]) -> charts.Chart:
    frame = pd.DataFrame(
        {
            "tier": [f"t{i}" for i in range(len(shares))],
            "label": labels,
            "a": shares,
            "b": shares[::-1],
            "at": [f"{s:.0%}" for s in shares],
            "bt": [f"{s:.0%}" for s in shares[::-1]],
        }
    )
    return charts.diverging_bars(
        frame,
        category="tier",
        label="label",
        left="a",
        right="b",
        left_text="at",
        right_text="bt",
        left_title="L",
        right_title="R",
        param="pick",
    )


def _compiles() -> int:
    return cs._compiled.cache_info().misses


def test_a_rerun_with_other_rows_of_the_same_shape_compiles_nothing() -> None:
    first = _bars([0.1, 0.3, 0.6], ["A", "B", "C"])
    first.spec()
    before = _compiles()
    again = _bars([0.11, 0.29, 0.6], ["A", "B", "C"])  # a save moved two shares a little
    spec = again.spec()
    assert _compiles() == before
    assert spec["datasets"]["bars"]["value"].abs().tolist()[:3] == [0.11, 0.29, 0.6]


def test_another_shape_compiles_once_and_its_spec_names_its_rows() -> None:
    before = _compiles()
    chart = _bars([0.2, 0.8], ["甲", "乙"])
    spec = chart.spec()
    chart.spec()
    assert _compiles() == before + 1
    names = {layer.get("data", {}).get("name") for layer in spec["layer"]}
    assert "bars" in names
    assert set(spec["datasets"]) == {"bars"}


def test_handing_the_spec_to_streamlit_leaves_the_compiled_shape_as_it_was() -> None:
    chart = _bars([0.5, 0.5], ["A", "B"])
    spec = chart.spec()
    spec.pop("datasets")
    spec["layer"].clear()
    assert chart.spec()["layer"] and "bars" in chart.spec()["datasets"]


def test_user_text_is_in_the_rows_and_every_text_mark_reads_a_field() -> None:
    spec = _bars([0.4, 0.6], [HOSTILE, "B"]).spec()
    assert spec["datasets"]["bars"]["label"].iloc[0] == HOSTILE
    texts = [layer["encoding"]["text"] for layer in spec["layer"] if "text" in layer.get("encoding", {})]
    assert texts and all(set(text) >= {"field"} for text in texts)


def test_a_podium_keeps_its_names_as_data() -> None:
    places = pd.DataFrame(
        {"place": [1, 2, 3], "order": [2, 1, 3], "height": [3.0, 2.0, 1.0], "names": [HOSTILE, "b", "c"]}
    ).assign(figure_text=["1", "2", "3"])
    spec = podium_chart(places).spec()
    assert HOSTILE not in str({k: v for k, v in spec.items() if k != "datasets"})
    assert spec["datasets"]["places"]["names"].iloc[0] == HOSTILE


@pytest.mark.parametrize("customers", [1, 399, 400, 401, 33_000])
def test_the_pareto_curve_is_drawn_with_at_most_its_points_from_origin_to_one(customers: int) -> None:
    rank = np.arange(1, customers + 1)
    share = np.sqrt(rank / customers)  # concave, as a cumulative share of sorted customers is
    pareto = pd.DataFrame({"rank": rank, "customer_share": rank / customers, "cumulative_share": share})
    curve = fig.pareto_frame({"pareto": pareto})
    assert len(curve) == min(customers + 1, fig.PARETO_POINTS)
    assert curve.iloc[0][["customer_share", "cumulative_share"]].tolist() == [0.0, 0.0]
    assert curve.iloc[-1][["customer_share", "cumulative_share"]].tolist() == pytest.approx([1.0, 1.0])
    assert curve["customer_share"].is_monotonic_increasing
    if customers + 1 > fig.PARETO_POINTS:  # sampled evenly: no gap wider than a sample's step
        assert curve["customer_share"].diff().max() <= 1.0 / (fig.PARETO_POINTS - 2) + 1.0 / customers
    else:  # every customer drawn
        assert curve["rank"].tolist() == list(range(customers + 1))
