"""Python's full garbage collection off the user's path.

Streamlit collects every generation after every script run (``runner.postScriptGC``), on
the script thread: measured at 10,200 customers it costs about 0.13 s, and the session's
next run waits for it: the Save clicked right after an edit, the whole page's run a grid
fragment asks for after a save. ``.streamlit/config.toml`` turns it off; this module
collects instead once the server has been quiet for :data:`QUIET_S` (no page or grid run
started), from one background thread per server process. Between quiet spells Python's own
collector still runs (by allocation counts), so memory is held no longer than a busy
moment; the README's memory figures are measured with this in place.
"""

from __future__ import annotations

import gc
import threading
import time

import streamlit as st

QUIET_S = 2.0  # seconds without a run start before the full collection

_state = {"last": 0.0, "dirty": False}


def busy() -> None:
    """A page or grid run starts: collect only after the next quiet spell."""
    _state["last"] = time.monotonic()
    _state["dirty"] = True
    _collector()


@st.cache_resource(show_spinner=False)
def _collector() -> threading.Thread:
    """One collecting thread per server process (daemon: it ends with the server)."""
    thread = threading.Thread(target=_loop, daemon=True, name="kam-quiet-gc")
    thread.start()
    return thread


def _loop() -> None:
    while True:
        time.sleep(QUIET_S / 2)
        collect_if_quiet(time.monotonic())


def collect_if_quiet(now: float) -> bool:
    """One full collection when a run started since the last and none in the last
    :data:`QUIET_S` seconds; whether it collected."""
    if not _state["dirty"] or now - _state["last"] < QUIET_S:
        return False
    _state["dirty"] = False
    gc.collect()
    return True
