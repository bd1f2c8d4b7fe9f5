"""Linked charts: a click on a chart sets one focus (e.g. which customers a grid shows),
and a picker beside the grid sets the same focus and clears the charts' selections.

Each chart names one point selection (``param``) and a function turning the
selected points into a focus code. A chart is drawn under a key with a nonce, so that
clearing its selection is drawing a new instance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from kam.ui.charts.spec import Chart, show
from kam.ui.common import lang_key, select


@dataclass(frozen=True)
class LinkedCharts:
    """:param focus: the session-state name of the focus (kept per language by lang_key).
    :param charts: chart name -> (selection param, selected points -> focus code).
    :param none: the focus code of "everything"."""

    focus: str
    charts: dict[str, tuple[str, Callable[[list[dict[str, Any]]], str]]]
    none: str = ""

    def _key(self, name: str) -> str:
        return f"{self.charts[name][0]}_{st.session_state.get(f'_{name}_nonce', 0)}"

    def clear(self, *names: str) -> None:
        """Charts get a new instance (no selection) and forget their last pick."""
        for name in names or tuple(self.charts):
            st.session_state[f"_{name}_nonce"] = st.session_state.get(f"_{name}_nonce", 0) + 1
            st.session_state[f"_{name}_pick"] = self.none

    def follow(self) -> None:
        """Call before any chart is drawn: a new click on one chart sets the focus and
        clears the other charts' selections."""
        for name, (selection, to_focus) in self.charts.items():
            state = st.session_state.get(self._key(name)) or {}
            picked = to_focus((state.get("selection") or {}).get(selection, []))
            if picked != st.session_state.get(f"_{name}_pick", self.none):
                st.session_state[lang_key(self.focus)] = picked
                self.clear(*(other for other in self.charts if other != name))
                st.session_state[f"_{name}_pick"] = picked
                return

    def draw(self, name: str, chart: Chart) -> None:
        show(st, chart, on_select="rerun", selection_mode=self.charts[name][0], key=self._key(name))

    def picker(self, col: Any, label: str, options: dict[str, str]) -> str:
        """The focus picker: the same focus as a click; picking clears the charts."""
        key = lang_key(self.focus)
        if st.session_state.get(key) not in options:
            st.session_state[key] = self.none
        return select(col, label, list(options), format_func=options.get, key=key, on_change=self.clear)
