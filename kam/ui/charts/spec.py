"""Chart specs compiled once per shape (issue 17).

Building an altair chart and turning it into Vega-Lite validates every channel against the
Vega-Lite schema: 0.05-0.1 s a chart, on every run, at every size (0.36 s of a pyramid
rerun's 0.5-0.8 s). So a chart is split in two: its *shape* (marks, encodings, titles, sort
orders: a function of hashable values, reading its rows by dataset name with
:func:`named`) is compiled and validated once per process, and its *rows* are handed to
Streamlit on every run as named datasets, beside the compiled spec. A click on a chart
reruns the page with the same shape: nothing is built again.

Texts in the rows are data (Streamlit sends them as Arrow, Vega draws them as text
marks); the shape's texts are titles of our own (translations, rules' labels).
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd

SHAPES_KEPT = 256  # compiled shapes (charts x languages x a few filters' orders)


@dataclass(frozen=True)
class Chart:
    """A chart to draw: ``shape(**params)`` builds its altair chart (compiled once per
    params), ``data`` its rows by the dataset names the shape reads."""

    shape: Callable[..., alt.TopLevelMixin]
    params: tuple[tuple[str, Any], ...]
    data: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec with the rows: the compiled shape (a copy: Streamlit moves
        the datasets out of what it is given) and this run's datasets."""
        out = copy.deepcopy(_compiled(self.shape, self.params))
        out["datasets"] = dict(self.data)
        return out


def chart(shape: Callable[..., alt.TopLevelMixin], data: Mapping[str, pd.DataFrame], **params: Any) -> Chart:
    """:param params: the shape's keyword values; lists become tuples (hashable)."""
    return Chart(shape, tuple(sorted((k, _hashable(v)) for k, v in params.items())), dict(data))


def named(name: str) -> alt.NamedData:
    """The rows of dataset ``name`` (:attr:`Chart.data`)."""
    return alt.NamedData(name=name)


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


_LOCK = threading.Lock()  # the altair theme is global to every thread


@functools.lru_cache(maxsize=SHAPES_KEPT)
def _compiled(shape: Callable[..., alt.TopLevelMixin], params: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    built = shape(**dict(params))
    with _LOCK, alt.theme.enable("none"):  # as st.altair_chart does: no default width/height
        return built.to_dict()


def show(container: Any, drawn: Chart, **kwargs: Any) -> Any:
    """Draw ``drawn`` in ``container`` (``st`` or a column) at the container's width;
    ``kwargs`` as :func:`st.vega_lite_chart` (key, on_select, selection_mode)."""
    return container.vega_lite_chart(spec=drawn.spec(), width="stretch", **kwargs)
