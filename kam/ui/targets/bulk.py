"""Bulk entry of targets: paste cells or import a file -> one preview marking every refused
line and cell, with notes on how a sheet was read -> one audited save, or nothing; amounts
far below the current targets (a unit slip) need a second confirmation (domain.md R6).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

import pandas as pd
import sqlite_utils
import streamlit as st

from kam.i18n import plain
from kam.store.access import Access
from kam.types import TableSpec
from kam.ui import grid
from kam.ui.common import lang, t
from kam.ui.widgets import flash, table_height
from kam.views.targets import bulk

log = logging.getLogger(__name__)

# Each uploaded file at most this many MB (st.file_uploader's own limit, shown in its box).
MAX_UPLOAD_MB = 5
# Preview column -> the fields whose problems mark it.
_MARKED = {
    "entity_type": {"entity_type"},
    "entity": {"entity"},
    "name": {"entity"},
    "period": {"period"},
    "amount": {"amount"},
    "yuan": {"amount"},
}


def bulk_entry(
    db: sqlite_utils.Database,
    spec: TableSpec,
    loaded: pd.DataFrame,
    ents: pd.DataFrame,
    access: Access,
    template: Callable[[], bytes],
    template_name: str,
    year: int | None = None,
) -> None:
    """Paste box and file import -> one preview -> one audited save, or nothing.

    :param year: the year of a sheet's amount columns where neither they nor its title name one.
    """
    flash("bulk")
    st.caption(t("targets.bulk.help"))
    left, right = st.columns([3, 2], gap="large")
    # A new key after a save empties the paste box and the file picker.
    nonce = st.session_state.get("_bulk_nonce", 0)
    text = left.text_area(
        t("targets.bulk.paste"), height=180, key=f"bulk_paste_{nonce}", placeholder=t("targets.bulk.placeholder")
    )
    with right:
        # Streamlit writes the box's own hints ("Drag and drop file here", "5MB per file") in
        # English only: the caption says the same in the user's language.
        st.caption(t("targets.bulk.file_help", mb=MAX_UPLOAD_MB))
        upload = st.file_uploader(
            t("targets.bulk.file"), type=["xlsx", "csv"], key=f"bulk_file_{nonce}", max_upload_size=MAX_UPLOAD_MB
        )
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
    try:
        preview = bulk.preview(cells, spec, loaded, ents, lang(), year)
    except Exception as err:  # whatever the cells hold, a refusal, never a crash
        log.exception("bulk entry: reading the cells failed")
        st.error(t("targets.bulk.unreadable", reason=plain(err)))
        return
    _show_preview(spec, preview)
    confirmed = True
    if preview.slips:
        lines = "\n".join(f"- {plain(s)}" for s in preview.slip_texts(lang()))
        st.warning(t("targets.bulk.slip") + "\n\n" + lines)
        # A new entry asks again: the key follows the cells.
        digest = hashlib.sha1(repr(cells).encode(), usedforsecurity=False).hexdigest()[:12]
        confirmed = st.checkbox(t("targets.bulk.slip_confirm"), key=f"bulk_slip_ok_{nonce}_{digest}")
    n = int(preview.rows["action"].isin(["new", "update"]).sum())
    if st.button(t("targets.bulk.save", n=n), type="primary", disabled=not (preview.ok and confirmed), key="bulk_save"):
        try:
            ok, message = grid.save_message(db, spec, loaded, preview.changes, access)
        except Exception as err:  # the save path refused in a way it does not name: say so
            log.exception("bulk entry: the save failed")
            st.error(t("targets.bulk.save_failed", reason=plain(err)))
            return
        if ok:
            flash("bulk", ("success", message))
            st.session_state["_bulk_nonce"] = nonce + 1
            grid.reset("targets_tree")
            st.rerun()
        st.error(message)


def _show_preview(spec: TableSpec, preview: bulk.Preview) -> None:
    code = lang()
    rows = preview.table(code)
    counts = preview.rows["action"].value_counts()
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
    notes = preview.note_texts(code)
    if notes:
        st.info(t("targets.bulk.notes") + "\n\n" + "\n".join(f"- {plain(n)}" for n in notes))
    marks = preview.marks

    def mark(row: pd.Series) -> list[str]:
        bad = marks.get(int(row.name), set())  # type: ignore[call-overload]
        return [
            "background-color: #ffd9d9; color: #8a1f1f"
            if (_MARKED.get(c, set()) & bad) or (c == "action" and bad)
            else ""
            for c in row.index
        ]

    labels = {
        "line": t("targets.bulk.line"),
        "entity_type": t("col.entity_type"),
        "entity": t("targets.col.entity"),
        "name": t("targets.bulk.found"),
        "period": t("col.period"),
        "amount": t("targets.bulk.written"),
        "yuan": t("col.amount"),
        "current": t("targets.bulk.current"),
        "action": t("targets.bulk.action"),
    }
    right = ("amount", "yuan", "current")
    config = {
        k: st.column_config.TextColumn(v, alignment="right") if k in right else st.column_config.Column(v)
        for k, v in labels.items()
    }
    st.dataframe(
        rows[list(labels)].style.apply(mark, axis=1),
        hide_index=True,
        column_config=config,
        height=table_height(len(rows)),
    )
    if preview.problems:
        lines = "\n".join(f"- {plain(grid.problem_text(spec, p))}" for p in preview.problems)
        st.error(t("targets.bulk.refused") + "\n\n" + lines)
