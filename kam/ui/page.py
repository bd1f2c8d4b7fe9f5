"""The one setup every page calls first: database, page config, the sign-in gate
(kam/ui/signin.py), the sidebar (language, links from one page list, the signed-in user),
and the state that must outlive a page switch.

With Streamlit's ``pages/`` folder, a page opened by its URL runs without ``app.py``, so
everything a page needs happens here (``tests/test_layout.py`` checks that every page
calls :func:`setup` before anything else), the sign-in gate included: a page opened by
any URL shows only the sign-in form until the user is signed in.

State across pages: Streamlit drops a widget's value when the next page does not draw the
same widget, so the language and the signed-in account live in session-state keys of their
own that no widget owns (``lang``, ``_kam_*``); each run copies them into the widgets and a widget's
``on_change`` copies the user's pick back. A new session (a reload) takes the language
from the ``?lang=`` query parameter, which every sidebar link carries.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlite_utils
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from kam import db as kamdb
from kam import demo
from kam.auth import audit_name
from kam.i18n import DEFAULT_LANG, LANGS, plain
from kam.rules.params import RuleInputError
from kam.store.access import Access, access_for
from kam.store.counters import row_count
from kam.store.frames import db_file
from kam.store.users import Account
from kam.ui import quiet_gc
from kam.ui.common import LANG, lang, select, t
from kam.ui.signin import account_box, signed_in

LANG_NAMES = {"zh": "中文", "en": "English"}
ACCESS = "_kam_access"  # this run's rights (set by setup before any link is drawn)

# Every page of the app: (script, title key, icon, the tables it cannot work without). The
# sidebar and the home page list the pages the user's role can read those tables of; a page
# opened by its URL without them says so and stops. (Streamlit's own page list shows file
# names and is switched off in .streamlit/config.toml.)
NAV: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("app.py", "nav.home", ":material/home:", ()),
    ("pages/settings.py", "nav.settings", ":material/tune:", ()),
    ("pages/pyramid.py", "nav.pyramid", ":material/change_history:", ("customers",)),
    ("pages/portraits.py", "nav.portraits", ":material/person_search:", ("customers",)),
    ("pages/board.py", "nav.board", ":material/view_kanban:", ("orders",)),
    ("pages/targets.py", "nav.targets", ":material/flag:", ("targets",)),
    ("pages/talent.py", "nav.talent", ":material/school:", ("people", "clearance_results")),
    ("pages/honors.py", "nav.honors", ":material/military_tech:", ("honors",)),
    ("pages/users.py", "nav.users", ":material/group:", ("users",)),
]
TITLES = {"app.title": "nav.home", **{f"{s.split('/')[-1][:-3]}.title": k for s, k, _, _ in NAV[1:]}}


@dataclass(frozen=True)
class Page:
    """What a page script works with: this run's database connection, the UI language, the
    signed-in account and its rights (kam.store.access), which every view and save takes."""

    db: sqlite_utils.Database
    lang: str
    account: Account
    access: Access

    @property
    def user(self) -> str:
        """The audit trail's name of the signed-in account (kam.auth.audit_name)."""
        return self.access.user


def setup(title_key: str) -> Page:
    """Start a page: language state, page config, database (demo data on first start),
    sidebar. Call it first in every page script."""
    quiet_gc.busy()
    _init_lang()
    title = t("app.title") if title_key == "app.title" else f"{t(title_key)} · {t('app.title')}"
    st.set_page_config(page_title=title, layout="wide")
    db = open_db()
    with st.sidebar:
        links = st.container()  # filled once signed in: no page is offered before
        _language_picker()
    account = signed_in(db)  # the sign-in form until signed in: the page stops there
    access = access_for(db, account, audit_name(account))
    st.session_state[ACCESS] = access
    with links:
        nav_links()
        st.divider()
    with st.sidebar:
        account_box(db, account)
    needs = next((n for _, k, _, n in NAV if k == TITLES.get(title_key)), ())
    if not all(access.reads(table) for table in needs):
        st.title(t(title_key))
        st.warning(t("access.page_denied", role=t(f"auth.role.{access.role}")))
        nav_links([NAV[0]])
        st.stop()
    return Page(db, lang(), account, access)


def open_db() -> sqlite_utils.Database:
    """A connection for this script run (never shared across users' threads).

    The first run on an empty database seeds demo data unless ``KAM_DEMO=0``.
    """
    db = kamdb.connect()
    if not st.session_state.get("_demo_checked"):
        with st.spinner("…"):
            demo.ensure_demo(db, dt.date.today())
        st.session_state["_demo_checked"] = True
    path = db_file(db)
    if path and row_count(db, "orders") >= WARM_FROM:
        _warm_up(path)
    return db


log = logging.getLogger(__name__)
WARM_FROM = 50_000  # orders from which the first open of the board is worth warming up


@st.cache_resource(show_spinner=False)
def _warm_up(path: str) -> threading.Thread:
    """Once per server process and database: the order board's stored rows read in the
    background (at 380,000 orders the first open after a start would wait 3 s for them)."""
    thread = threading.Thread(target=_warm, args=(path,), daemon=True, name="kam-warm-up")
    thread.start()
    return thread


def _warm(path: str) -> None:
    from kam.views.board.cards import stored  # the board's, on first use only

    db = None
    try:
        db = kamdb.connect(path)
        stored(db)
    except Exception:  # a warm-up that fails costs only the time it would have saved
        log.warning("warming the board's cache failed", exc_info=True)
    finally:
        if db is not None:
            db.conn.close()


def pages_for(access: Access) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """The entries of :data:`NAV` whose tables ``access`` can read (the sidebar's links)."""
    return [entry for entry in NAV if all(access.reads(table) for table in entry[3])]


def nav_links(pages: list[tuple[str, str, str, tuple[str, ...]]] | None = None) -> None:
    """Links to the app's pages the user's role can use, keeping the language in the URL;
    none when a page script runs alone (e.g. under AppTest)."""
    access = st.session_state.get(ACCESS)
    for script, label, icon, needs in NAV if pages is None else pages:
        if access is None or not all(access.reads(table) for table in needs):
            continue
        try:
            st.page_link(script, label=t(label), icon=icon, query_params={"lang": lang()})
        except StreamlitPageNotFoundError:
            return


# --- the language ---------------------------------------------------------------------


def _init_lang() -> None:
    """A new session takes ``?lang=`` (a link, a bookmark), else the default."""
    if LANG not in st.session_state:
        asked = st.query_params.get("lang")
        st.session_state[LANG] = asked if asked in LANGS else DEFAULT_LANG
    if st.query_params.get("lang") != st.session_state[LANG]:
        st.query_params["lang"] = st.session_state[LANG]


def _pick(state: str, widget: str) -> None:
    """A widget's on_change: keep the user's pick where no widget owns it."""
    st.session_state[state] = st.session_state[widget]
    if state == LANG:
        st.query_params["lang"] = st.session_state[LANG]


def _language_picker() -> None:
    key = f"_w_lang_{lang()}"  # a key per language: the label is translated
    st.session_state[key] = st.session_state[LANG]
    select(
        st, t("sidebar.language"), LANGS, key=key, format_func=LANG_NAMES.__getitem__, on_change=_pick, args=(LANG, key)
    )


@contextmanager
def rules_guard() -> Iterator[None]:
    """Rules the scoring cannot use (a database edited outside the app: the settings grid
    refuses such saves) stop the page with a message naming the table, row and column,
    and a link to the settings page, instead of a traceback."""
    try:
        yield
    except RuleInputError as e:
        column = t(f"col.{e.column}") if e.column else "—"
        why = t(f"rules.why.{e.message}")
        reason = e.message if why == f"rules.why.{e.message}" else why
        row = "—" if e.row_id is None else e.row_id
        # The row's code and the reason come from the database: inert for Markdown.
        st.error(t("rules.unusable", table=t(f"table.{e.table}"), row=plain(row), column=column, reason=plain(reason)))
        nav_links([NAV[1]])
        st.stop()


def lazy_tabs(page: Page, prefix: str, names: tuple[str, ...], draw: dict[str, Callable[[], None]]) -> None:
    """Tabs labelled ``{prefix}.tab.{name}`` of which only the open one runs (the grids of
    the others would cost seconds a run); the open tab survives a rerun and a language
    switch keeps its own state key."""
    tabs = st.tabs([t(f"{prefix}.tab.{name}") for name in names], key=f"{prefix}_tab_{page.lang}", on_change="rerun")
    for name, tab in zip(names, tabs, strict=True):
        if tab.open:
            with tab:
                draw[name]()
