"""Bulk entry of targets: paste cells or import a file -> one preview marking every refused
line and cell -> one audited save, or nothing (domain.md R6).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.i18n import plain
from kam.types import TableSpec
from kam.ui import grid
from kam.ui.common import lang, t
from kam.ui.widgets import flash, money_columns
from kam.views.targets import bulk


def bulk_entry(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    ents: pd.DataFrame,
    user: str,
    template: Callable[[], bytes],
    template_name: str,
) -> None:
    """Paste box and file import -> one preview -> one audited save, or nothing."""
    flash("bulk")
    st.caption(t("targets.bulk.help"))
    left, right = st.columns([3, 2], gap="large")
    # A new key after a save empties the paste box and the file picker.
    nonce = st.session_state.get("_bulk_nonce", 0)
    text = left.text_area(
        t("targets.bulk.paste"), height=180, key=f"bulk_paste_{nonce}", placeholder=t("targets.bulk.placeholder")
    )
    with right:
        upload = st.file_uploader(t("targets.bulk.file"), type=["xlsx", "csv"], key=f"bulk_file_{nonce}")
        st.download_button(
            t("targets.bulk.template"),
            data=template,
            file_name=template_name,
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            icon=":material/download:",
            key="bulk_template",
        )
    cells: list[list[Any]] = []
    try:
        if upload is not None:
            cells = bulk.read_file(upload.name, upload.getvalue())
        elif text and text.strip():
            cells = bulk.read_text(text)
    except ValueError as err:
        st.error(t("targets.bulk.unreadable", reason=plain(err)))
        return
    if not cells:
        return
    preview = bulk.preview(cells, spec, loaded, ents, lang())
    _show_preview(spec, preview)
    n = int(preview.rows["action"].isin(["new", "update"]).sum())
    if st.button(t("targets.bulk.save", n=n), type="primary", disabled=not preview.ok, key="bulk_save"):
        ok, message = grid.save_message(db, spec, loaded, preview.changes, user)
        if ok:
            flash("bulk", ("success", message))
            st.session_state["_bulk_nonce"] = nonce + 1
            grid.reset("targets_tree")
            st.rerun()
        st.error(message)


def _show_preview(spec: TableSpec, preview: bulk.Preview) -> None:
    rows = preview.rows.copy()
    counts = rows["action"].value_counts()
    st.markdown(
        f"**{t('targets.bulk.preview')}** "
        + t(
            "targets.bulk.counts",
            new=int(counts.get("new", 0)),
            update=int(counts.get("update", 0)),
            same=int(counts.get("same", 0)),
            refused=int(counts.get("refused", 0)),
        )
    )
    rows["action"] = rows["action"].map(lambda a: t(f"targets.bulk.action.{a}"))
    invalid = preview.invalid

    def mark(row: pd.Series) -> list[str]:
        bad = invalid.get(int(row["line"]), set())
        return [
            "background-color: #ffd9d9; color: #8a1f1f" if c in bad or (c == "action" and bad) else ""
            for c in row.index
        ]

    labels = {
        "line": t("targets.bulk.line"),
        "entity_type": t("col.entity_type"),
        "entity": t("targets.col.entity"),
        "period": t("col.period"),
        "amount": t("col.amount"),
        "name": t("targets.bulk.found"),
        "current": t("targets.bulk.current"),
        "action": t("targets.bulk.action"),
    }
    st.dataframe(
        rows[list(labels)].style.apply(mark, axis=1),
        hide_index=True,
        column_config=money_columns(labels, ("current",)),
        height=min(400, 38 + 35 * len(rows)),
    )
    if preview.problems:
        lines = "\n".join(f"- {plain(grid.problem_text(spec, p))}" for p in preview.problems)
        st.error(t("targets.bulk.refused") + "\n\n" + lines)
