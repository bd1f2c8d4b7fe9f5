"""The UI language and the translation shortcuts every UI module uses."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kam.i18n import DEFAULT_LANG, LANGS, fmt_money, translate
from kam.views.changes import zone_of

LANG = "lang"  # session-state key of the chosen language, owned by no widget (kam.ui.page keeps it)


def lang() -> str:
    return st.session_state.get(LANG, DEFAULT_LANG)


def t(key: str, **params: Any) -> str:
    return translate(key, lang(), **params)


def user_zone() -> Any:
    """The browser's time zone (None: the server's), for times shown to the user."""
    return zone_of(st.context.timezone, st.context.timezone_offset)


def select(where: Any, label: str, options: Any, **kwargs: Any) -> Any:
    """``where.selectbox`` with Streamlit's own texts in the user's language (its
    placeholder says "Choose an option" in English otherwise). Every picker goes through here."""
    kwargs.setdefault("placeholder", t("widget.choose"))
    return where.selectbox(label, options, **kwargs)


def lang_key(name: str) -> str:
    """A widget key per language (Streamlit keeps the shown label of a keyed selectbox
    across a language switch); the choice carries over from the other language."""
    key = f"{name}_{lang()}"
    if key not in st.session_state:
        for other in LANGS:
            if f"{name}_{other}" in st.session_state:
                st.session_state[key] = st.session_state[f"{name}_{other}"]
                break
    return key


def money(amount: float | None) -> str:
    return fmt_money(amount, lang())


def fragment_rerun() -> bool:
    """Whether this run is a fragment's alone (``st.fragment``: a widget inside it used),
    not the whole page's. Streamlit's run context lists the fragments a run is for; a whole
    page's run lists none."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and getattr(ctx, "fragment_ids_this_run", None))
