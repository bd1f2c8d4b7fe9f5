"""The grid editor's Save callback and its late-edit rescue, without a browser.

The browser returns an edited grid's cells under the component key ``<key>__<nonce>``;
here a test puts those returns into ``st.session_state`` (Streamlit's bare mode) as the
browser would, then calls the callbacks the buttons run.
"""

from __future__ import annotations

import pytest
import streamlit as st

from kam import edit
from kam.i18n import translate
from kam.specs import SPECS
from kam.store.access import unrestricted
from kam.store.frames import loaded_frame
from kam.store.refs import fk_options
from kam.store.save import save_changes
from kam.ui import grid
from kam.ui import grid_state as grid_state_module
from kam.ui.grid_state import GridState, grid_state, rescue_late_edits
from kam.ui.signin import ACCOUNT
from tests.conftest import signed_in_as

SPEC = SPECS["r1_price_levels"]
KEY = "g"


@pytest.fixture(autouse=True)
def _fresh_session(db) -> None:  # noqa: ANN001 - the db fixture
    """A clean session, signed in (the Save callback checks the session first)."""
    for name in list(st.session_state.keys()):
        del st.session_state[name]
    st.session_state[ACCOUNT] = signed_in_as(db, "tester")


@pytest.mark.parametrize("why", ["signed_out", "deactivated", "idle"])
def test_a_save_clicked_after_the_session_ended_writes_nothing(db, why: str) -> None:  # noqa: ANN001
    """Streamlit runs the Save callback before the page script, so before the sign-in gate:
    the callback checks the session itself."""
    import datetime as dt

    from kam.ui.signin import SEEN

    if why == "signed_out":
        del st.session_state[ACCOUNT]
    elif why == "deactivated":
        db.execute("UPDATE users SET active = 0")
    else:
        st.session_state[SEEN] = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)  # idle 60 minutes by default
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    click_save(db)
    assert label(db, "low") != "Cheap"


def browser_returns(nonce: int, seq: int, *edits: tuple[str, int, dict], gen: int | dict = 0) -> None:
    """What the grid instance ``nonce`` sent last: its edited cells, accumulated, each with
    the generation of the rows it was typed on (``gen``: one for all, or column -> gen)."""
    st.session_state[f"{KEY}__{nonce}"] = {
        "edits": [
            {
                "rid": rid,
                "version": version,
                "values": values,
                "gens": {c: gen.get(c, 0) if isinstance(gen, dict) else gen for c in values},
            }
            for rid, version, values in edits
        ],
        "selected": [],
        "seq": seq,
    }


def merge_return(db, nonce: int) -> GridState:  # noqa: ANN001
    """The page's next run merging instance ``nonce``'s return (as ``_grid`` does)."""
    state = grid_state(KEY)
    if grid.merge(state, st.session_state[f"{KEY}__{nonce}"], loaded_frame(db, SPEC)):
        grid.retire(state)  # values typed on replaced rows: a new grid shows them
    return state


def click_save(db) -> GridState:
    loaded = loaded_frame(db, SPEC)
    grid._on_save(db, SPEC, loaded, KEY, fk_options(db, SPEC), unrestricted("测试员"), None)
    return grid_state(KEY)


def label(db, code: str) -> str:
    return db["r1_price_levels"].get(code)["label_en"]


def test_save_merges_the_return_that_came_with_the_click(db) -> None:
    """The click's own run has not been through the page script: the callback merges."""
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    assert label(db, "low") == "Cheap"
    # The same grid instance takes the saved rows on its next draw (server_wins, once): a
    # new grid would cost the browser half a second to a second.
    assert state.changes.empty and state.nonce == 0 and state.pull == 0 and state.gen == 1
    assert state.message == ("success", translate("grid.saved", "zh", n=1))


def test_an_edit_arriving_after_the_save_click_is_kept_pending_not_lost(db) -> None:
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    # The grid's next return carries a cell typed just before the click (new), the saved
    # one (unchanged) and a second edit of a saved row (new value), all typed on the rows
    # before the save (generation 0): the saved rows replaced them in the browser.
    browser_returns(0, 2, ("low", 1, {"label_en": "Cheaper"}), ("high", 1, {"label_en": "Dear"}))
    state = merge_return(db, 0)
    assert state.changes.updates == {"low": {"label_en": "Cheaper"}, "high": {"label_en": "Dear"}}
    # "low" was written by the save (version 2): the late edit builds on it, no conflict.
    assert state.changes.versions == {"low": 2, "high": 1}
    assert state.message[0] == "warning" and translate("grid.late_kept", "zh", n=2) in state.message[1]
    assert state.nonce == 1  # a new grid instance shows them as pending
    # The same return seen again in a later run (the replaced instance's: the rescue's)
    # adds nothing twice.
    message = state.message
    rescue_late_edits(state, KEY, loaded_frame(db, SPEC))
    assert state.changes.count == 2 and state.nonce == 1 and state.message == message
    state.message = None
    state = click_save(db)
    assert (label(db, "low"), label(db, "high")) == ("Cheaper", "Dear")
    assert state.problems == []


def test_nothing_late_nothing_kept(db) -> None:
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    browser_returns(0, 2, ("low", 1, {"label_en": "Cheap"}))  # a resend of what was saved
    state = merge_return(db, 0)
    assert state.changes.empty and state.nonce == 0 and state.message[0] == "success"


def test_an_edit_typed_on_the_saved_rows_is_pending_in_the_same_grid(db) -> None:
    """After the save the grid shows the saved rows (generation 1, "low" at version 2): a
    cell typed there is an ordinary pending edit on top of the save, the saved cell a
    resend, and the next Save writes it with no conflict."""
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    state.message = None
    browser_returns(0, 2, ("low", 2, {"label_en": "Cheap", "label_zh": "便宜"}), gen={"label_en": 0, "label_zh": 1})
    state = merge_return(db, 0)
    assert state.changes.updates == {"low": {"label_zh": "便宜"}} and state.changes.versions == {"low": 2}
    assert state.nonce == 0 and state.message is None
    state = click_save(db)
    assert state.problems == [] and db["r1_price_levels"].get("low")["label_zh"] == "便宜"
    assert state.nonce == 0 and state.gen == 2
    # A resend of both saves' cells adds nothing.
    browser_returns(0, 3, ("low", 2, {"label_en": "Cheap", "label_zh": "便宜"}), gen={"label_en": 0, "label_zh": 1})
    assert merge_return(db, 0).changes.empty


def test_a_rejected_save_keeps_the_edits_and_the_grid_instance(db) -> None:
    browser_returns(0, 1, ("high", 1, {"min_unit_price": 50_000}))  # below "medium"
    state = click_save(db)
    assert db["r1_price_levels"].get("high")["min_unit_price"] == 500_000
    assert state.problems and state.changes.updates == {"high": {"min_unit_price": 50_000}}
    # A new grid instance, so that the browser draws the refused cell red (its own copy
    # kept the yellow mark); the edit stays pending and an edit sent late is still rescued.
    assert state.nonce == 1 and state.retired is not None and state.retired.nonce == 0


def test_add_and_discard_callbacks(db) -> None:
    loaded = loaded_frame(db, SPECS["branches"])
    grid._on_add(KEY, loaded, {"region": "华东"})
    state = grid_state(KEY)
    assert state.changes.inserts == {-1: {"region": "华东"}} and state.nonce == 1
    grid._on_discard(KEY)
    assert state.changes.empty and state.nonce == 2


def test_problems_name_the_row_beside_its_key() -> None:
    """An id alone means little: a row's name (or a plan's year) follows the key."""
    import pandas as pd

    from kam.types import ChangeSet, Problem

    customers = SPECS["customers"]
    loaded = pd.DataFrame(
        {"id": [12, 13], "name": ["上海华信食品有限公司", "苏州鼎盛物流有限公司"], "version": [1, 1]}
    ).set_index("id", drop=False)
    changes = ChangeSet(updates={13: {"name": "苏州鼎盛供应链有限公司"}}, inserts={-1: {"name": "新客户甲"}})
    problems = [Problem(row, "employees", "v.min", (("minimum", 0),)) for row in (12, 13, -1)]
    names = edit.row_names(customers, loaded, changes, [p.row for p in problems])
    label = translate("col.employees", "zh")
    reason = translate("v.min", "zh", minimum=0)
    assert [edit.problem_text(customers, p, names, "zh") for p in problems] == [
        f"“上海华信食品有限公司”，{label}：{reason}",
        f"“苏州鼎盛供应链有限公司”，{label}：{reason}",  # the name as edited
        f"新行“新客户甲”，{label}：{reason}",
    ]
    plan = SPECS["ka_plan"]
    assert plan.row_label == "year" and SPECS["r1_price_levels"].row_label is None  # a code names itself
    frame = pd.DataFrame({"id": [5], "year": [2031], "version": [1]}).set_index("id", drop=False)
    problem = Problem(5, "growth_rate", "v.min", (("minimum", 0),))
    text = edit.problem_text(plan, problem, edit.row_names(plan, frame, ChangeSet(), [5], "en"), "en")
    assert text.startswith("“2031”, column ")


def test_a_late_edit_of_a_row_saved_from_an_earlier_instance_takes_the_saved_version(db) -> None:
    """The save wrote "low" from instance 0's edit; instance 1's late edit of "low" builds
    on that save (version 2), so the next Save is no conflict."""
    loaded = loaded_frame(db, SPEC)
    state = grid_state(KEY)
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    grid.merge(state, st.session_state[f"{KEY}__0"], loaded)
    grid.retire(state)  # e.g. another page: instance 1 shows "low" pending
    state = click_save(db)
    assert label(db, "low") == "Cheap"
    assert state.nonce == 1  # the save kept instance 1
    browser_returns(1, 1, ("low", 1, {"label_zh": "便宜"}))  # typed in instance 1 before the save, arrived late
    state = merge_return(db, 1)
    assert state.changes.updates == {"low": {"label_zh": "便宜"}} and state.changes.versions == {"low": 2}
    state.message = None
    state = click_save(db)
    assert state.problems == [] and db["r1_price_levels"].get("low")["label_zh"] == "便宜"


def test_a_late_edit_of_a_row_someone_else_saved_is_still_a_conflict(db) -> None:
    """The rescue takes the saved version only for rows this save wrote."""
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    other = loaded_frame(db, SPEC)  # another session saves "high" meanwhile
    save_changes(
        db,
        SPEC,
        grid.ChangeSet(updates={"high": {"label_en": "Posh"}}, versions={"high": int(other.at["high", "version"])}),
        "其他人",
    )
    browser_returns(0, 2, ("low", 1, {"label_en": "Cheap"}), ("high", 1, {"label_en": "Dear"}))
    state = merge_return(db, 0)
    assert state.changes.versions == {"high": 1}
    state.message = None
    state = click_save(db)
    assert state.problems and state.problems[0].reason == "grid.stale"
    assert label(db, "high") == "Posh"


@pytest.mark.parametrize("click", ["add", "confirm_page"])
def test_an_edit_arriving_after_add_or_a_new_page_is_kept(db, click: str) -> None:
    spec = SPECS["branches"]
    db.execute("INSERT INTO branches (name) VALUES ('华东分公司')")
    loaded = loaded_frame(db, spec)
    state = grid_state(KEY)
    if click == "add":
        grid._on_add(KEY, loaded, {})  # the click reaches the server first
    else:
        grid.retire(state)  # what a page change or a confirmed delete does
    browser_returns(0, 1, ("1", 1, {"name": "华东一分公司"}))  # the edit typed just before it
    rescue_late_edits(state, KEY, loaded)
    assert state.changes.updates == {1: {"name": "华东一分公司"}} and state.changes.versions == {1: 1}


def test_a_late_edit_of_a_new_row_not_yet_saved_stays_on_that_row(db) -> None:
    loaded = loaded_frame(db, SPECS["branches"])
    grid._on_add(KEY, loaded, {})
    state = grid_state(KEY)
    grid._on_add(KEY, loaded, {})  # a second Add while the first new row is being typed
    browser_returns(1, 1, ("-1", None, {"name": "西南分公司"}))
    rescue_late_edits(state, KEY, loaded)
    assert state.changes.inserts == {-1: {"name": "西南分公司"}, -2: {}}


def test_the_save_result_tells_each_written_rows_version(db) -> None:
    spec = SPECS["branches"]
    db.execute("INSERT INTO branches (name) VALUES ('华东分公司')")
    db.execute("INSERT INTO branches (name) VALUES ('华北分公司')")
    result = save_changes(
        db,
        spec,
        grid.ChangeSet(
            updates={1: {"name": "华东一分公司"}, 2: {"name": "华北分公司"}},  # 2 unchanged: no new version
            versions={1: 1, 2: 1},
            inserts={-1: {"name": "华南分公司"}},
        ),
        "测试员",
    )
    assert result.versions == {1: 2, 2: 1, 3: 1}
    assert {r["id"]: r["version"] for r in db["branches"].rows} == result.versions


def test_a_text_code_that_looks_like_a_number_stays_text(db) -> None:
    """The browser sends every row id as text; a focus industry coded "2024" is edited
    and selected as the text key it is, an integer id stays an integer."""
    spec = SPECS["r3_focus_industries"]
    db.execute(
        "INSERT INTO r3_focus_industries (code, list, label_zh, label_en) "
        "VALUES ('2024', 'advantage', '二〇二四', 'Twenty-four')"
    )
    loaded = loaded_frame(db, spec)
    state = grid_state(KEY)
    grid.merge(
        state,
        {"edits": [{"rid": "2024", "version": 1, "values": {"label_en": "2024 list"}}], "selected": ["2024"], "seq": 1},
        loaded,
    )
    assert state.changes.updates == {"2024": {"label_en": "2024 list"}} and state.selected == ["2024"]
    branches = SPECS["branches"]
    db.execute("INSERT INTO branches (name) VALUES ('华东分公司')")
    other = grid_state("h")
    grid.merge(
        other,
        {"edits": [{"rid": "1", "version": 1, "values": {"name": "华东一分公司"}}], "selected": ["1"], "seq": 1},
        loaded_frame(db, branches),
    )
    assert other.changes.updates == {1: {"name": "华东一分公司"}} and other.selected == [1]


def test_a_save_uses_the_rights_of_now_not_of_when_the_page_was_drawn(db) -> None:
    """A user demoted between drawing the page and clicking Save saves with the new rights:
    an admin made a salesperson can no longer change the rules."""
    from kam.store.access import access_for

    drawn = access_for(db, st.session_state[ACCOUNT], "tester")
    assert drawn.writes(SPEC.table)
    db.execute("INSERT INTO branches (id, name) VALUES (1, 'B') ON CONFLICT DO NOTHING")
    rank = db.execute("SELECT code FROM ranks LIMIT 1").fetchone()[0]
    db.execute("INSERT INTO people (id, name, rank, branch_id, join_date) VALUES (1, 'P', ?, 1, '2026-01-01')", [rank])
    db.execute("UPDATE users SET role = 'sales', person_id = 1 WHERE login = 'tester'")
    loaded = loaded_frame(db, SPEC)
    key = loaded.index[0]
    state = grid_state(KEY)
    state.changes.updates[key] = {"label_en": "Changed"}
    state.changes.versions[key] = int(loaded.at[key, "version"])
    before = list(db.conn.iterdump())
    grid._on_save(db, SPEC, loaded, KEY, fk_options(db, SPEC), drawn, None)
    assert list(db.conn.iterdump()) == before
    assert [p.reason for p in grid_state(KEY).problems] == ["access.no_write"]


# --- other rows in the same grid instance (a chart click, a filter) ----------------------


def held(nonce: int, seq: int, rids: list[str], *edits: tuple[str, int, dict]) -> None:
    """A return of instance ``nonce`` naming the rows the browser's grid holds."""
    browser_returns(nonce, seq, *edits)
    st.session_state[f"{KEY}__{nonce}"]["rids"] = rids


def test_other_rows_go_to_the_same_instance_while_it_holds_no_edit(db) -> None:
    loaded, state = loaded_frame(db, SPEC), grid_state(KEY)
    grid.switch_rows(state, KEY, loaded, loaded.index[:2])
    assert state.nonce == 0  # the first rows: nothing to replace
    grid.switch_rows(state, KEY, loaded, loaded.index[1:])
    assert state.nonce == 0 and state.in_place == 0  # no return yet: no edit, the rows go in place
    held(0, 1, [str(k) for k in loaded.index[1:]])  # a selection: still no edit
    grid.switch_rows(state, KEY, loaded, loaded.index[:1])
    assert state.nonce == 0 and state.changes.empty


def test_other_rows_replace_an_instance_that_sent_an_edit_and_keep_the_edit(db) -> None:
    loaded, state = loaded_frame(db, SPEC), grid_state(KEY)
    first = loaded.index[:2]
    grid.switch_rows(state, KEY, loaded, first)
    held(0, 1, [str(k) for k in first], (str(first[0]), 1, {"label_en": "Cheap"}))
    grid.switch_rows(state, KEY, loaded, loaded.index[2:])
    assert state.nonce == 1  # the component ignores new rows once edited: a new instance
    assert state.changes.updates == {first[0]: {"label_en": "Cheap"}}


def test_an_edit_typed_before_the_rows_changed_replaces_the_instance_when_it_arrives(db) -> None:
    """The rows went in place, but the browser's grid had an edit the server had not seen
    yet, so it ignored them; its return names the old rows: a new instance then."""
    loaded, state = loaded_frame(db, SPEC), grid_state(KEY)
    first, then = loaded.index[:2], loaded.index[2:]
    grid.switch_rows(state, KEY, loaded, first)
    grid.switch_rows(state, KEY, loaded, then)
    assert state.nonce == 0
    held(0, 1, [str(k) for k in first], (str(first[0]), 1, {"label_en": "Cheap"}))
    grid.switch_rows(state, KEY, loaded, then)
    assert state.nonce == 1 and state.changes.updates == {first[0]: {"label_en": "Cheap"}}


def test_an_edit_typed_on_the_new_rows_keeps_the_instance(db) -> None:
    loaded, state = loaded_frame(db, SPEC), grid_state(KEY)
    first, then = loaded.index[:2], loaded.index[2:]
    grid.switch_rows(state, KEY, loaded, first)
    grid.switch_rows(state, KEY, loaded, then)
    state.changes.inserts[-1] = {"label_en": "New"}  # a row added with Add row: the grid holds it too
    held(0, 1, ["-1", *(str(k) for k in then)], (str(then[0]), 1, {"label_en": "Dear"}))
    grid.switch_rows(state, KEY, loaded, then)
    assert state.nonce == 0  # it holds the rows it should: the edit is merged as any other


def test_a_text_key_that_starts_with_a_minus_is_a_row_the_grid_holds(db) -> None:
    """Only pending new rows are left out of the rows the grid names (negative numbers):
    a code such as "-x" is a saved row, so the rows match and the grid is kept."""
    import pandas as pd

    loaded = pd.DataFrame({"code": ["-x", "y", "z"], "version": [1, 1, 1]}).set_index("code", drop=False)
    state = grid_state(KEY)
    grid.switch_rows(state, KEY, loaded, loaded.index[:1])
    grid.switch_rows(state, KEY, loaded, loaded.index[1:])
    held(0, 1, ["y", "z"])
    grid.switch_rows(state, KEY, loaded, loaded.index[1:])
    assert state.nonce == 0
    grid.switch_rows(state, KEY, loaded, loaded.index[:2])
    held(0, 2, ["-x", "y"])
    grid.switch_rows(state, KEY, loaded, loaded.index[:2])
    assert state.nonce == 0
    held(0, 3, ["y", "z"])  # the grid still holds the rows before: replaced
    grid.switch_rows(state, KEY, loaded, loaded.index[:2])
    assert state.nonce == 1


def test_a_late_value_found_by_a_click_makes_one_new_instance_not_two(db) -> None:
    """Add row right after a save, its click carrying a value typed before the save: the
    one new instance the click makes shows it, and the instance it replaced is the one
    drawn (so what it sends later is still rescued)."""
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    browser_returns(0, 2, ("low", 1, {"label_en": "Cheaper"}))
    grid._on_add(KEY, loaded_frame(db, SPEC), {})
    assert state.nonce == 1 and state.retired.nonce == 0
    assert state.changes.updates == {"low": {"label_en": "Cheaper"}} and state.changes.versions == {"low": 2}


def test_a_late_value_the_save_click_finds_is_saved_with_it(db) -> None:
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    click_save(db)
    browser_returns(0, 2, ("low", 1, {"label_en": "Cheaper"}), ("high", 1, {"label_en": "Dear"}))
    state = click_save(db)
    assert (label(db, "low"), label(db, "high")) == ("Cheaper", "Dear") and state.problems == []
    assert state.nonce == 0 and state.pull == 0  # the same grid takes the saved rows again


def test_a_save_of_a_grid_nothing_was_typed_in_pulls_nothing(db) -> None:
    """A new row saved with its defaults from a grid never typed in: that grid takes the
    saved rows as they come (client_wins); a first draw with server_wins would leave it
    never ignoring new rows."""
    spec = SPECS["branches"]
    loaded = loaded_frame(db, spec)
    grid._on_add(KEY, loaded, {"name": "华东分公司"})
    grid._on_save(db, spec, loaded, KEY, fk_options(db, spec), unrestricted("测试员"), None)
    state = grid_state(KEY)
    assert state.problems == [] and state.pull is None and state.gen == 1


def test_a_late_value_on_a_row_someone_else_wrote_since_keeps_the_newer_version(db) -> None:
    """Of the version the row showed where the value was typed and the one this grid's save
    wrote, the newer: a write by someone else that the grid showed is no conflict."""
    import pandas as pd

    loaded = pd.DataFrame({"code": ["low"], "version": [7]}).set_index("code", drop=False)
    edit_ = {"rid": "low", "version": 9, "versions": {"label_en": 5, "label_zh": 6}}
    assert grid_state_module.late_version(edit_, {"label_en": "x"}, {"low": 2}, "low", loaded) == 5
    assert grid_state_module.late_version(edit_, {"label_en": "x", "label_zh": "y"}, {"low": 6}, "low", loaded) == 6
    assert grid_state_module.late_version({"rid": "low"}, {"label_en": "x"}, {}, "low", loaded) == 7


def test_a_pull_is_for_the_instance_it_was_set_for(db) -> None:
    """A save whose callback also found a late value puts it in a new instance; that one is
    drawn as any new grid (client_wins), not pulled (it would then never ignore new rows)."""
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    assert state.pull == state.nonce == 0
    grid.retire(state)
    assert state.pull != state.nonce


def test_a_return_without_generations_after_a_save_is_not_taken_for_a_new_edit(db) -> None:
    """A tab drawn before this version sends no generations: its values count as typed on
    the first rows, so the saved one is a resend (no pending edit, no false conflict)."""
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    click_save(db)
    st.session_state[f"{KEY}__0"] = {"edits": [{"rid": "low", "version": 1, "values": {"label_en": "Cheap"}}], "seq": 2}
    assert merge_return(db, 0).changes.empty


def test_an_instance_replaced_after_a_save_still_places_a_late_value_on_the_saved_row(db) -> None:
    """Add row right after a save replaces the kept instance; a value typed before the save
    that arrives after that click still goes to the row the save wrote, at its version."""
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    loaded = loaded_frame(db, SPEC)
    grid._on_add(KEY, loaded, {})
    browser_returns(0, 2, ("low", 1, {"label_en": "Cheaper"}))
    rescue_late_edits(state, KEY, loaded)
    assert state.changes.updates == {"low": {"label_en": "Cheaper"}} and state.changes.versions == {"low": 2}


def test_other_rows_after_a_save_go_to_the_same_instance_unless_an_edit_is_unsaved(db) -> None:
    """Once typed into, the browser's grid ignores new rows: after a save that took every
    value it sent, other rows are pulled into it (server_wins, a new generation); with a
    value typed since, a new instance (a pull would overwrite the value in the browser)."""
    loaded, state = loaded_frame(db, SPEC), grid_state(KEY)
    grid.switch_rows(state, KEY, loaded, loaded.index)
    browser_returns(0, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    state.pull = None  # drawn
    grid.switch_rows(state, KEY, loaded, loaded.index[:2])
    assert state.nonce == 0 and state.pull == 0 and state.gen == 2
    state.pull = None
    browser_returns(0, 2, ("low", 2, {"label_en": "Cheap", "label_zh": "便宜"}), gen={"label_en": 0, "label_zh": 2})
    grid.switch_rows(state, KEY, loaded, loaded.index[1:])
    assert state.nonce == 1 and state.changes.updates == {"low": {"label_zh": "便宜"}}


@pytest.mark.parametrize("why", ["signed_out", "deactivated", "idle", "role_changed", "none"])
def test_a_grid_run_alone_holds_the_session_only_while_the_gate_would_pass(db, why: str) -> None:  # noqa: ANN001
    """A grid's fragment skips the page's sign-in gate: it asks :func:`session_holds`,
    which sends it to the whole page (False) on anything the gate would act on, and counts
    as activity otherwise."""
    import datetime as dt

    from kam.ui.signin import SEEN, session_holds

    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)  # inside the 60 idle minutes
    st.session_state[SEEN] = long_ago
    if why == "signed_out":
        del st.session_state[ACCOUNT]
    elif why == "deactivated":
        db.execute("UPDATE users SET active = 0")
    elif why == "idle":
        st.session_state[SEEN] = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=61)
    elif why == "role_changed":
        db.execute("UPDATE users SET role = 'hr' WHERE login = 'tester'")
    assert session_holds(db) is (why == "none")
    if why == "none":
        assert st.session_state[SEEN] > long_ago  # an edit is activity: the idle clock starts again


def test_a_save_runs_the_whole_page_next_a_refused_one_only_the_grid(db) -> None:  # noqa: ANN001
    browser_returns(0, 1, ("low", 1, {"min_unit_price": -5}))
    assert click_save(db).problems and not grid_state(KEY).page_stale
    grid._on_discard(KEY)
    browser_returns(grid_state(KEY).nonce, 1, ("low", 1, {"label_en": "Cheap"}))
    state = click_save(db)
    assert label(db, "low") == "Cheap" and state.page_stale
