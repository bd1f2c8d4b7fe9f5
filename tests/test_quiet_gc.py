"""kam.ui.quiet_gc: the full garbage collection Streamlit ran after every run (turned off in
.streamlit/config.toml) happens once the server has been quiet instead."""

from __future__ import annotations

import gc

import pytest

from kam.ui import quiet_gc


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    done: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *a: done.append(1) or 0)
    monkeypatch.setattr(quiet_gc, "_state", {"last": 0.0, "dirty": False})
    return done


def test_nothing_is_collected_before_any_run(collections: list[int]) -> None:
    assert not quiet_gc.collect_if_quiet(1_000.0) and not collections


@pytest.mark.parametrize(("after", "collects"), [(quiet_gc.QUIET_S - 0.01, False), (quiet_gc.QUIET_S, True)])
def test_a_run_is_followed_by_a_collection_once_quiet(collections: list[int], after: float, collects: bool) -> None:
    quiet_gc._state.update(last=100.0, dirty=True)
    assert quiet_gc.collect_if_quiet(100.0 + after) is collects
    assert len(collections) == int(collects)


def test_one_collection_per_quiet_spell_and_a_new_run_asks_for_the_next(collections: list[int]) -> None:
    quiet_gc._state.update(last=100.0, dirty=True)
    assert quiet_gc.collect_if_quiet(110.0) and not quiet_gc.collect_if_quiet(120.0)
    quiet_gc._state.update(last=130.0, dirty=True)  # what busy() records
    assert not quiet_gc.collect_if_quiet(130.5) and quiet_gc.collect_if_quiet(133.0)
    assert len(collections) == 2


def test_the_config_leaves_the_collection_to_this_module() -> None:
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
