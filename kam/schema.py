"""Numbered migrations. Never edit an applied migration: add the next number.

Each migration runs in its own transaction and is recorded in ``_sqlite_migrations``
(sqlite-utils' migrations module), so an existing database upgrades in place.
Every editable table has a ``version`` column for optimistic concurrency.
"""

from __future__ import annotations

import unicodedata

import sqlite_utils

from kam import defaults
from kam.db import UNTRACKED, migrations, track_changes

V = "version INTEGER NOT NULL DEFAULT 1"

CORE_TABLES = [
    f"""CREATE TABLE branches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        region TEXT,
        {V})""",
    f"""CREATE TABLE teams (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        branch_id INTEGER NOT NULL REFERENCES branches(id),
        {V})""",
    f"""CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        rank TEXT NOT NULL REFERENCES ranks(code),
        command_rank TEXT CHECK (command_rank IN ('regiment', 'division', 'army')),
        branch_id INTEGER REFERENCES branches(id),
        team_id INTEGER REFERENCES teams(id),
        manager_id INTEGER REFERENCES people(id),
        join_date TEXT NOT NULL,
        left_date TEXT,
        {V})""",
    f"""CREATE TABLE customers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        industry TEXT,
        region TEXT,
        branch_id INTEGER REFERENCES branches(id),
        customer_revenue INTEGER CHECK (customer_revenue >= 0),
        profit INTEGER,
        employees INTEGER CHECK (employees >= 0),
        industry_top100 INTEGER NOT NULL DEFAULT 0,
        regional_top100 INTEGER NOT NULL DEFAULT 0,
        study_sessions_year INTEGER,
        people_sent_year INTEGER,
        learning_spend_year INTEGER,
        cooperating_institutions INTEGER,
        segment_leader INTEGER NOT NULL DEFAULT 0,
        wants_no1 INTEGER NOT NULL DEFAULT 0,
        ten_billion_strategy INTEGER NOT NULL DEFAULT 0,
        winnability INTEGER CHECK (winnability BETWEEN 0 AND 5),
        demonstration INTEGER CHECK (demonstration BETWEEN 0 AND 5),
        expected_cooperation_36m INTEGER CHECK (expected_cooperation_36m >= 0),
        owner_id INTEGER REFERENCES people(id),
        developed_by INTEGER REFERENCES people(id),
        {V})""",
    f"""CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        owner_id INTEGER REFERENCES people(id),
        stage TEXT NOT NULL REFERENCES r7_stages(code),
        amount INTEGER NOT NULL CHECK (amount >= 0),
        lock_date TEXT NOT NULL,
        close_date TEXT,
        renew_of INTEGER REFERENCES orders(id),
        reviewer_id INTEGER REFERENCES people(id),
        review_date TEXT,
        paused_until TEXT,
        pause_reason TEXT,
        {V})""",
    f"""CREATE TABLE order_key_messages (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        message_id INTEGER NOT NULL REFERENCES r7_key_messages(id),
        value TEXT,
        {V},
        UNIQUE (order_id, message_id))""",
    f"""CREATE TABLE order_milestones (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        milestone_code TEXT NOT NULL REFERENCES r7_milestones(code),
        done_date TEXT,
        {V},
        UNIQUE (order_id, milestone_code))""",
    f"""CREATE TABLE stuck_analyses (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        analysis_date TEXT NOT NULL,
        blocker TEXT,
        next_action TEXT,
        who_id INTEGER REFERENCES people(id),
        {V})""",
    f"""CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        customer_id INTEGER REFERENCES customers(id),
        meeting_date TEXT NOT NULL,
        activity_type TEXT NOT NULL REFERENCES r8_activity_types(code),
        note TEXT,
        {V})""",
    f"""CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        entity_type TEXT NOT NULL CHECK (entity_type IN ('company', 'branch', 'team', 'person')),
        entity_id INTEGER,
        period TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount >= 0),
        {V},
        UNIQUE (entity_type, entity_id, period))""",
    f"""CREATE TABLE ka_plan (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL UNIQUE,
        ka_revenue_target INTEGER,
        ka_count_target INTEGER,
        ka_share_target REAL,
        growth_rate REAL,
        {V})""",
    f"""CREATE TABLE camp_enrolments (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        camp_code TEXT NOT NULL REFERENCES r9_camps(code),
        start_date TEXT NOT NULL,
        end_date TEXT,
        status TEXT NOT NULL CHECK (status IN ('enrolled', 'completed', 'dropped')),
        {V})""",
    f"""CREATE TABLE clearance_results (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        clearance_code TEXT NOT NULL REFERENCES r9_clearances(code),
        result_date TEXT NOT NULL,
        score REAL,
        passed INTEGER NOT NULL DEFAULT 0,
        note TEXT,
        {V},
        UNIQUE (person_id, clearance_code))""",
    f"""CREATE TABLE hr_assessments (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        assessment_date TEXT NOT NULL,
        virtue INTEGER CHECK (virtue BETWEEN 0 AND 100),
        talent INTEGER CHECK (talent BETWEEN 0 AND 100),
        post INTEGER CHECK (post BETWEEN 0 AND 100),
        decision TEXT NOT NULL DEFAULT 'pending'
            CHECK (decision IN ('pending', 'approved', 'rejected')),
        note TEXT,
        {V})""",
    f"""CREATE TABLE honors (
        id INTEGER PRIMARY KEY,
        honor_code TEXT NOT NULL REFERENCES r10_honors(code),
        period TEXT NOT NULL,
        person_id INTEGER REFERENCES people(id),
        team_id INTEGER REFERENCES teams(id),
        branch_id INTEGER REFERENCES branches(id),
        rank_no INTEGER,
        figure INTEGER,
        frozen_at TEXT,
        {V})""",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_key TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        column_name TEXT,
        old_value TEXT,
        new_value TEXT,
        user TEXT NOT NULL,
        at TEXT NOT NULL)""",
]

INDEXES = [
    "CREATE INDEX idx_teams_branch ON teams(branch_id)",
    "CREATE INDEX idx_people_team ON people(team_id)",
    "CREATE INDEX idx_people_branch ON people(branch_id)",
    "CREATE INDEX idx_people_manager ON people(manager_id)",
    "CREATE INDEX idx_customers_owner ON customers(owner_id)",
    "CREATE INDEX idx_customers_branch ON customers(branch_id)",
    "CREATE INDEX idx_customers_developed_by ON customers(developed_by)",
    "CREATE INDEX idx_orders_customer ON orders(customer_id)",
    "CREATE INDEX idx_orders_owner ON orders(owner_id)",
    "CREATE INDEX idx_orders_renew ON orders(renew_of)",
    "CREATE INDEX idx_orders_reviewer ON orders(reviewer_id)",
    "CREATE INDEX idx_orders_stage_close ON orders(stage, close_date)",
    "CREATE INDEX idx_okm_order ON order_key_messages(order_id)",
    "CREATE INDEX idx_okm_message ON order_key_messages(message_id)",
    "CREATE INDEX idx_oms_order ON order_milestones(order_id)",
    "CREATE INDEX idx_stuck_order ON stuck_analyses(order_id)",
    "CREATE INDEX idx_meetings_person ON meetings(person_id, meeting_date)",
    "CREATE INDEX idx_meetings_customer ON meetings(customer_id)",
    "CREATE INDEX idx_enrol_person ON camp_enrolments(person_id)",
    "CREATE INDEX idx_honors_person ON honors(person_id)",
    "CREATE INDEX idx_audit_row ON audit(table_name, row_key)",
]


def _insert_default(db: sqlite_utils.Database, table: str, row: dict, verb: str = "INSERT") -> None:
    # Row by row with only the row's own keys, so column DEFAULTs apply.
    cols = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"{verb} INTO [{table}] ({cols}) VALUES ({marks})", list(row.values()))


def _create_rules_tables(db: sqlite_utils.Database) -> None:
    for table, ddl in defaults.RULES_DDL.items():
        db.execute(ddl)
        for row in defaults.RULES_DEFAULTS.get(table, []):
            _insert_default(db, table, row)


@migrations(name="001_initial")
def m001_initial(db: sqlite_utils.Database) -> None:
    # Rules tables first: core tables reference some of them (stages, camps, ...).
    _create_rules_tables(db)
    for ddl in CORE_TABLES:
        db.execute(ddl)
    for ddl in INDEXES:
        db.execute(ddl)


@migrations(name="002_relationship_maps")
def m002_relationship_maps(db: sqlite_utils.Database) -> None:
    """R3 relationship and competitor maps; group orders (R9), stuck dates (R7), team leaders."""
    db.execute(
        f"""CREATE TABLE customer_contacts (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        name TEXT NOT NULL,
        title TEXT,
        decision_role TEXT NOT NULL CHECK (decision_role IN ('decision_maker', 'influencer', 'supporter',
            'insider', 'beneficiary', 'opponent', 'user')),
        stance TEXT NOT NULL DEFAULT 'neutral' CHECK (stance IN ('support', 'neutral', 'against')),
        closeness INTEGER CHECK (closeness BETWEEN 1 AND 5),
        reviewed_on TEXT,
        {V})"""
    )
    db.execute(
        f"""CREATE TABLE customer_competitors (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        competitor TEXT NOT NULL,
        offer TEXT,
        price INTEGER CHECK (price >= 0),
        price_date TEXT,
        relationship_strength INTEGER CHECK (relationship_strength BETWEEN 1 AND 5),
        {V})"""
    )
    db.execute("CREATE INDEX idx_contacts_customer ON customer_contacts(customer_id)")
    db.execute("CREATE INDEX idx_competitors_customer ON customer_competitors(customer_id)")
    db.execute("ALTER TABLE orders ADD COLUMN group_order INTEGER NOT NULL DEFAULT 0")
    # R7: the 7-day stuck analysis counts from the day an order became stuck.
    db.execute("ALTER TABLE orders ADD COLUMN stuck_since TEXT")
    # R6/R9: a team's leader (a director) counts towards the team and commands it.
    db.execute("ALTER TABLE teams ADD COLUMN leader_id INTEGER REFERENCES people(id)")


@migrations(name="003_plan_drivers")
def m003_plan_drivers(db: sqlite_utils.Database) -> None:
    """R6: the drivers and the growth-formula calculator inputs per plan year; one company target a period."""
    for ddl in (
        "unit_price_target INTEGER CHECK (unit_price_target >= 0)",
        "frequency_target REAL CHECK (frequency_target >= 0)",
        "headcount INTEGER CHECK (headcount >= 0)",
        "customers_per_person REAL CHECK (customers_per_person >= 0)",
        "cooperation_per_customer INTEGER CHECK (cooperation_per_customer >= 0)",
    ):
        db.execute(f"ALTER TABLE ka_plan ADD COLUMN {ddl}")
    # UNIQUE (entity_type, entity_id, period) lets NULL ids repeat: one company target a period.
    db.execute("CREATE UNIQUE INDEX idx_targets_company_period ON targets(period) WHERE entity_type = 'company'")


@migrations(name="004_audit_append_only")
def m004_audit_append_only(db: sqlite_utils.Database) -> None:
    """The audit table is append-only and read newest first (by id): make appends cheap.

    Every save appends a row per changed cell, so the table is rebuilt (rows kept):
    - Choice: no index on (table_name, row_key). It made each append also write into a
      second B-tree at a random place; no page looks a row's history up, and such a
      lookup scans (tens of ms at a million rows).
    - ``action IN (...)`` became ORs: SQLite evaluated the IN list as a small temporary
      table on every insert, which cost more than the insert itself.
    """
    db.execute("""
    CREATE TABLE audit_new (
        id INTEGER PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_key TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'),
        column_name TEXT,
        old_value TEXT,
        new_value TEXT,
        user TEXT NOT NULL,
        at TEXT NOT NULL)""")
    db.execute(
        "INSERT INTO audit_new SELECT id, table_name, row_key, action, column_name, old_value, new_value, "
        "user, at FROM audit"
    )
    db.execute("DROP TABLE audit")
    db.execute("ALTER TABLE audit_new RENAME TO audit")


@migrations(name="005_change_counters")
def m005_change_counters(db: sqlite_utils.Database) -> None:
    """A write counter per table, kept by triggers: the grid's table cache asks "changed
    since I read it?" with one row read instead of scanning 100,000 rows, and sees writes
    made outside the app too."""
    db.execute("CREATE TABLE table_changes (name TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0)")
    for table in db.table_names():
        if table not in UNTRACKED and not table.startswith("sqlite_"):
            track_changes(db, table)


@migrations(name="006_reviewer_rank_and_windows")
def m006_reviewer_rank_and_windows(db: sqlite_utils.Database) -> None:
    """Thresholds that were still code or missing become rules data (domain.md: every
    threshold is data): the rank from which a lock review counts (R7, a column of the
    stages table, so it is edited beside the stage), R3's "at most 3 focus industries",
    and the 12-month comparison periods of R11 and R12. The unused duplicate
    ``r10_new_key_top`` goes: the award's places are ``r10_honors.new_key_customer.threshold``."""
    db.execute("ALTER TABLE r7_stages ADD COLUMN reviewer_rank TEXT REFERENCES ranks(code)")
    for stage, rank in defaults.STAGE_REVIEWERS.items():
        db.execute(
            "UPDATE r7_stages SET reviewer_rank = ? WHERE code = ? AND EXISTS (SELECT 1 FROM ranks WHERE code = ?)",
            [rank, stage, rank],
        )
    for row in defaults.LATER_PARAMS:  # a new database has them from 001
        _insert_default(db, "rule_params", row, "INSERT OR IGNORE")
    db.execute("DELETE FROM rule_params WHERE code = 'r10_new_key_top'")


@migrations(name="007_accounts")
def m007_accounts(db: sqlite_utils.Database) -> None:
    """Sign-in (issue 12): the users, every sign-in event, and the account settings.

    - Choice: a login is unique whatever its case ("Wang" and "wang" are one account).
    - ``password_hash`` holds an argon2 hash only (kam/auth.py); no read of the generic
      table verbs returns it (kam/store/users.py keeps it to itself).
    - ``sign_ins`` is append-only, like the audit: who tried, when, and what happened;
      never a password.
    """
    roles = ", ".join(f"'{r}'" for r in defaults.ROLES)
    db.execute(f"""
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(login)) > 0),
        display_name TEXT NOT NULL,
        person_id INTEGER REFERENCES people(id),
        role TEXT NOT NULL CHECK (role IN ({roles})),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
        created_at TEXT NOT NULL,
        last_sign_in_at TEXT,
        failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until TEXT,
        lang TEXT CHECK (lang IN ('zh', 'en')), {V})""")
    db.execute("""
    CREATE TABLE sign_ins (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        login TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        event TEXT NOT NULL CHECK (event IN ('signed_in', 'failed', 'locked', 'lock_expired', 'signed_out',
            'password_changed', 'password_reset', 'first_admin')))""")
    db.execute(f"""
    CREATE TABLE account_settings (
        code TEXT PRIMARY KEY,
        value REAL NOT NULL CHECK (value >= 0),
        label_zh TEXT NOT NULL,
        label_en TEXT NOT NULL, {V})""")
    for row in defaults.ACCOUNT_SETTINGS:
        _insert_default(db, "account_settings", row)
    for table in ("users", "sign_ins", "account_settings"):
        track_changes(db, table)


@migrations(name="008_session_epoch")
def m008_session_epoch(db: sqlite_utils.Database) -> None:
    """A password change or reset ends the account's other sessions (issue 12): each session
    keeps the epoch it signed in at, and a new password moves the epoch on."""
    db.execute("ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0")


@migrations(name="009_order_moves")
def m009_order_moves(db: sqlite_utils.Database) -> None:
    """The order board's moves (issue 13): the transitions as rules data, the date an order
    entered its stage (for "days in the stage"; an existing order's is its close date when
    closed, its stuck date when stuck, else its lock date) and the reason an order was lost."""
    for table, ddl in defaults.LATER_RULES_DDL.items():
        db.execute(ddl)
        for row in defaults.LATER_RULES_DEFAULTS.get(table, []):
            _insert_default(db, table, row)
        track_changes(db, table)
    db.execute("ALTER TABLE orders ADD COLUMN stage_since TEXT")
    db.execute("ALTER TABLE orders ADD COLUMN lost_reason TEXT")
    db.execute(defaults.STAGE_SINCE_BACKFILL)


# The tables whose writes name the order they touch in ``order_changes`` (migration 010).
ORDER_LOGGED = {
    "orders": "id",
    "order_key_messages": "order_id",
    "order_milestones": "order_id",
    "stuck_analyses": "order_id",
}
ORDER_LOG_KEPT = 20000  # changes the log keeps; a cache further behind scores every order again


@migrations(name="010_order_changes")
def m010_order_changes(db: sqlite_utils.Database) -> None:
    """The orders' change log (issue 13, speed): every write to an order or to its key
    messages, milestones or stuck analyses adds the order's id, by trigger, whoever wrote.
    The board's cache re-scores just those orders after a move instead of all of them (at
    company size, 380,000 orders: seconds). The log keeps its last ORDER_LOG_KEPT entries;
    a cache further behind than that recomputes everything."""
    db.execute("CREATE TABLE order_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL)")
    db.execute(
        "CREATE TRIGGER order_changes_trim AFTER INSERT ON order_changes "
        f"BEGIN DELETE FROM order_changes WHERE seq <= NEW.seq - {ORDER_LOG_KEPT}; END"
    )
    for table, column in ORDER_LOGGED.items():
        log = "INSERT INTO order_changes (order_id) SELECT {}"
        db.execute(
            f"CREATE TRIGGER [order_log_{table}_insert] AFTER INSERT ON [{table}] "
            f"BEGIN {log.format(f'NEW.{column}')}; END"
        )
        db.execute(
            f"CREATE TRIGGER [order_log_{table}_update] AFTER UPDATE ON [{table}] "
            f"BEGIN {log.format(f'NEW.{column} UNION SELECT OLD.{column}')}; END"
        )
        db.execute(
            f"CREATE TRIGGER [order_log_{table}_delete] AFTER DELETE ON [{table}] "
            f"BEGIN {log.format(f'OLD.{column}')}; END"
        )


# The talent pipeline's own tables (migration 011), each with a version and a change counter.
TALENT_TABLES = {
    "closed_periods": f"""CREATE TABLE closed_periods (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL UNIQUE,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        {V})""",
    "star_snapshots": f"""CREATE TABLE star_snapshots (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id),
        branch_id INTEGER REFERENCES branches(id),
        team_id INTEGER REFERENCES teams(id),
        performance_sales INTEGER NOT NULL,
        process_meetings INTEGER NOT NULL,
        clearances_passed INTEGER NOT NULL,
        performance_stars INTEGER NOT NULL,
        process_stars INTEGER NOT NULL,
        clearance_stars INTEGER NOT NULL,
        star INTEGER NOT NULL CHECK (star BETWEEN 1 AND 5),
        base_salary INTEGER,
        {V},
        UNIQUE (period, person_id))""",
    "camp_points": f"""CREATE TABLE camp_points (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        week TEXT NOT NULL,
        homework INTEGER NOT NULL DEFAULT 0 CHECK (homework >= 0),
        attendance INTEGER NOT NULL DEFAULT 0 CHECK (attendance >= 0),
        {V},
        UNIQUE (person_id, week))""",
}


@migrations(name="011_talent")
def m011_talent(db: sqlite_utils.Database) -> None:
    """The talent pipeline (issue 14, R9, R10):

    - ``orders.principal_order``: the customer's principal (its top leader) takes part in the
      order; the performance clearance needs such a group order won;
    - ``r9_clearances.order_kind``: which orders a clearance's "orders won" counts;
    - the planet clearance's assessment passes at a score (kam.defaults.PLANET_MIN_SCORE);
    - ``hr_assessments.decided_by`` / ``decided_at``: who approved or rejected, and when;
    - ``closed_periods``: the one table of closed periods (quarters for the stars, and the
      honor rolls' periods), closed and reopened by an audited action;
    - ``star_snapshots``: the stars written when a quarter is closed, never recomputed;
    - ``camp_points``: the General camp's homework and attendance points per ISO week.
    """
    db.execute("ALTER TABLE orders ADD COLUMN principal_order INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "ALTER TABLE r9_clearances ADD COLUMN order_kind TEXT CHECK (order_kind IN ('group', 'principal_group'))"
    )
    for code, kind in defaults.CLEARANCE_ORDER_KINDS.items():
        db.execute("UPDATE r9_clearances SET order_kind = ? WHERE code = ?", [kind, code])
    db.execute(
        "UPDATE r9_clearances SET min_score = ? WHERE code = 'planet' AND min_score IS NULL",
        [defaults.PLANET_MIN_SCORE],
    )
    db.execute("ALTER TABLE hr_assessments ADD COLUMN decided_by TEXT")
    db.execute("ALTER TABLE hr_assessments ADD COLUMN decided_at TEXT")
    for table, ddl in TALENT_TABLES.items():
        db.execute(ddl)
        track_changes(db, table)
    db.execute("CREATE INDEX idx_snapshots_person ON star_snapshots(person_id)")
    db.execute("CREATE INDEX idx_camp_points_week ON camp_points(week)")
    db.execute("CREATE INDEX idx_clearance_person ON clearance_results(person_id)")
    db.execute("CREATE INDEX idx_assessments_person ON hr_assessments(person_id)")


@migrations(name="012_records_began")
def m012_records_began(db: sqlite_utils.Database) -> None:
    """``r9_records_began_year``: a clearance result without a score (a recorded pass) stands
    only for people who joined before 1 January of that year; for later hires the score or
    their orders decide (issue 14)."""
    for row in defaults.TALENT_PARAMS:  # a new database has them from 001
        _insert_default(db, "rule_params", row, "INSERT OR IGNORE")


@migrations(name="013_honor_rolls")
def m013_honor_rolls(db: sqlite_utils.Database) -> None:
    """The honor rolls (issue 15, R10, R14):

    - ``r10_honors.scope`` (company, branch, team) and ``awarded_to`` (person, team): a new
      honor of an existing kind is a row of the rules grid; the branch's Monthly Crown and
      the legion award become rows of their own (kam.defaults.LATER_HONORS);
    - ``people.recruited_by``: who recruited a person (the talent awards credit the recruiter);
    - ``closed_periods`` keeps every close: its kind, who closed it and when, and a reopen's
      who, when and why (a reopened row stays; a period is closed while it has a row that was
      not reopened, at most one: a partial unique index). Rebuilt, rows kept;
    - ``honors.scope`` and ``last_place`` (the General camp board's last place is kept with
      the week), and ``commission_snapshots``: a closed year's commission per person and band.
    """
    db.execute(
        "ALTER TABLE r10_honors ADD COLUMN scope TEXT NOT NULL DEFAULT 'company' "
        "CHECK (scope IN ('company', 'branch', 'team'))"
    )
    db.execute(
        "ALTER TABLE r10_honors ADD COLUMN awarded_to TEXT NOT NULL DEFAULT 'person' "
        "CHECK (awarded_to IN ('person', 'team'))"
    )
    for row in defaults.LATER_HONORS:
        if db.execute("SELECT 1 FROM r10_honors WHERE honor_order = ?", [row["honor_order"]]).fetchone() is None:
            _insert_default(db, "r10_honors", row, "INSERT OR IGNORE")
    db.execute("ALTER TABLE people ADD COLUMN recruited_by INTEGER REFERENCES people(id)")
    db.execute("CREATE INDEX idx_people_recruiter ON people(recruited_by)")
    db.execute(f"""CREATE TABLE closed_periods_new (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('week', 'month', 'quarter', 'year')),
        period TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        reopened_at TEXT,
        reopened_by TEXT,
        reopen_reason TEXT,
        {V})""")
    db.execute(
        "INSERT INTO closed_periods_new (id, kind, period, closed_at, closed_by, version) "
        "SELECT id, CASE WHEN period LIKE '%-W%' THEN 'week' WHEN period LIKE '%-Q%' THEN 'quarter' "
        "WHEN length(period) = 4 THEN 'year' ELSE 'month' END, period, closed_at, closed_by, version "
        "FROM closed_periods"
    )
    db.execute("DROP TABLE closed_periods")
    db.execute("ALTER TABLE closed_periods_new RENAME TO closed_periods")
    db.execute("CREATE UNIQUE INDEX idx_closed_open ON closed_periods(period) WHERE reopened_at IS NULL")
    track_changes(db, "closed_periods")
    db.execute("ALTER TABLE honors ADD COLUMN scope TEXT")
    db.execute("ALTER TABLE honors ADD COLUMN last_place INTEGER NOT NULL DEFAULT 0 CHECK (last_place IN (0, 1))")
    db.execute("CREATE INDEX idx_honors_period ON honors(period)")
    db.execute(f"""CREATE TABLE commission_snapshots (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id),
        branch_id INTEGER REFERENCES branches(id),
        team_id INTEGER REFERENCES teams(id),
        band INTEGER NOT NULL CHECK (band >= 1),
        from_amount INTEGER NOT NULL,
        to_amount INTEGER,
        rate REAL NOT NULL,
        sales_in_band REAL NOT NULL,
        commission_in_band REAL NOT NULL,
        {V},
        UNIQUE (period, person_id, band))""")
    track_changes(db, "commission_snapshots")


@migrations(name="014_camp_board")
def m014_camp_board(db: sqlite_utils.Database) -> None:
    """The General camp points honor is the week's whole board (everyone with a point,
    ranked, the last place marked; domain.md R10 "the board shows the last place too"),
    no longer its winner alone: the row shipped as ``top 1`` becomes ``>= 1``. A row an
    admin has changed is left as they set it."""
    db.execute(
        "UPDATE r10_honors SET comparison = '>=', version = version + 1 "
        "WHERE code = 'general_camp_points' AND comparison = 'top' AND threshold = 1"
    )


@migrations(name="015_podium_runners_up")
def m015_podium_runners_up(db: sqlite_utils.Database) -> None:
    """A ranked honor of fewer than three places (the Monthly Crown) keeps the podium's other
    places with its close, marked as runners-up (not the honor: no count includes them), so
    that a closed period's podium shows what it showed when it was closed (issue 15)."""
    db.execute("ALTER TABLE honors ADD COLUMN runner_up INTEGER NOT NULL DEFAULT 0 CHECK (runner_up IN (0, 1))")


@migrations(name="016_closed_rules")
def m016_closed_rules(db: sqlite_utils.Database) -> None:
    """A closed period keeps the rules it was judged by, and the board is a rules flag (issue 15):

    - ``closed_periods.honor_rules``: the period type's ``r10_honors`` rows at the close (JSON),
      so that a closed roll's caption says the threshold its winners met, not today's; NULL for
      a close made before (its caption uses the rules of today);
    - ``closed_periods.honors_kept``: 0 for a close made before migration 013 kept the honors
      (the talent page's quarters, no ``honors`` rows): such a period's honors are computed
      live, not read from an empty snapshot as "nobody won";
    - ``r10_honors.shows_last``: the honor is a board (everyone on it listed, the last place
      marked, only its first place counted as an honor): the General camp points row, where
      this was the metric's; a club of camp points is then a row like any other.
    """
    db.execute("ALTER TABLE r10_honors ADD COLUMN shows_last INTEGER NOT NULL DEFAULT 0 CHECK (shows_last IN (0, 1))")
    db.execute("UPDATE r10_honors SET shows_last = 1, version = version + 1 WHERE code = 'general_camp_points'")
    db.execute("ALTER TABLE closed_periods ADD COLUMN honor_rules TEXT")
    db.execute(
        "ALTER TABLE closed_periods ADD COLUMN honors_kept INTEGER NOT NULL DEFAULT 1 CHECK (honors_kept IN (0, 1))"
    )
    # Closed before 013 was applied and keeping no honor at all (a close since keeps its
    # winners). A close since of a period nobody won, dated before 013's application (the
    # demo data of a database seeded before it dates its closes in the past), is computed
    # live too: the same winners, none, unless orders were back-dated into it since.
    db.execute(
        "UPDATE closed_periods SET honors_kept = 0 WHERE replace(substr(closed_at, 1, 19), 'T', ' ') < "
        "(SELECT substr(applied_at, 1, 19) FROM _sqlite_migrations WHERE name = '013_honor_rolls') "
        "AND NOT EXISTS (SELECT 1 FROM honors WHERE honors.period = closed_periods.period)"
    )


@migrations(name="017_portrait_params")
def m017_portrait_params(db: sqlite_utils.Database) -> None:
    """``r3_review_months``: a key person's review is due this many calendar months after the
    last one (issue 16; domain.md R3 "reviewed monthly")."""
    for row in defaults.PORTRAIT_PARAMS:  # a new database has them from 001
        _insert_default(db, "rule_params", row, "INSERT OR IGNORE")


def _key_018(name: object) -> str:
    """Migration 018's competitor key, frozen here as it was applied (the saves since use
    kam.rules.portraits.competitor_key, the same rule today, which may change): NFKC, case
    folded, without spaces, punctuation and control characters; symbols kept ("C++" is not
    "C#"). A name with nothing left (blank, "---") keys on its own stripped text, so that
    such names are not merged into one."""
    raw = str(name or "").strip()
    text = unicodedata.normalize("NFKC", raw).casefold()
    key = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZ" and unicodedata.category(ch) != "Cc")
    return key or f"\x00{raw}"


@migrations(name="018_portrait_maps")
def m018_portrait_maps(db: sqlite_utils.Database) -> None:
    """The competitor map, the branches' focus industries and the industry keywords (issue 16):

    - ``competitors``: one row per competitor (its name; two spellings with the same
      :func:`kam.rules.portraits.competitor_key` are refused as one competitor), so that a
      competitor is counted once across customers;
    - ``customer_competitors`` rebuilt: the competitor by reference, one row per customer and
      competitor, with the offer and relationship strength; its one price moves to
    - ``competitor_prices``: the price history of a competitor at a customer (dated prices);
    - ``branch_focus_industries``: each branch's chosen focus industries (at most
      ``r3_max_focus_industries``, checked on save);
    - ``r3_focus_industries.keywords``: the words that place a customer's free-text industry
      in a focus industry.
    """
    db.execute(
        f"""CREATE TABLE competitors (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, {V})"""
    )
    old = db.execute(
        "SELECT id, customer_id, competitor, offer, price, price_date, relationship_strength "
        "FROM customer_competitors ORDER BY id"
    ).fetchall()
    ids: dict[str, int] = {}
    for row in old:
        key = _key_018(row[2])
        if key not in ids:  # the first spelling met names the competitor ("—" for a blank one)
            name = str(row[2] or "").strip() or "—"
            ids[key] = db.execute("INSERT INTO competitors (name) VALUES (?)", [name]).lastrowid
    db.execute("DROP TABLE customer_competitors")
    db.execute(
        f"""CREATE TABLE customer_competitors (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        competitor_id INTEGER NOT NULL REFERENCES competitors(id),
        offer TEXT,
        relationship_strength INTEGER CHECK (relationship_strength BETWEEN 1 AND 5),
        {V},
        UNIQUE (customer_id, competitor_id))"""
    )
    db.execute(
        f"""CREATE TABLE competitor_prices (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        competitor_id INTEGER NOT NULL REFERENCES competitors(id),
        price_date TEXT,
        price INTEGER NOT NULL CHECK (price >= 0),
        {V},
        UNIQUE (customer_id, competitor_id, price_date))"""
    )
    # One row per customer and competitor: the first row's id, offer and strength, a later
    # row's where the first has none; a later different offer is appended ("A; B"), so no
    # offer typed before is lost (a later strength is not: one rating per pair).
    kept: dict[tuple[int, int], list] = {}
    prices: list[list] = []
    for rid, customer, name, offer, price, day, strength in old:
        pair = (customer, ids[_key_018(name)])
        if pair not in kept:
            kept[pair] = [rid, offer, strength]
        else:
            first = kept[pair]
            first[1] = first[1] if first[1] is not None else offer
            first[2] = first[2] if first[2] is not None else strength
            if offer is not None and offer != first[1]:
                first[1] = f"{first[1]}; {offer}"
        if price is not None:  # an undated price is kept undated
            prices.append([*pair, day, price])
    for (customer, competitor), (rid, offer, strength) in kept.items():
        db.execute(
            "INSERT INTO customer_competitors (id, customer_id, competitor_id, offer, relationship_strength) "
            "VALUES (?, ?, ?, ?, ?)",
            [rid, customer, competitor, offer, strength],
        )
    for row in prices:  # two prices of one day: the later row's (the one typed last)
        db.execute(
            "INSERT OR REPLACE INTO competitor_prices (customer_id, competitor_id, price_date, price) "
            "VALUES (?, ?, ?, ?)",
            row,
        )
    db.execute("CREATE INDEX idx_competitors_customer ON customer_competitors(customer_id)")
    db.execute("CREATE INDEX idx_competitor_prices_customer ON competitor_prices(customer_id)")
    db.execute(
        f"""CREATE TABLE branch_focus_industries (
        id INTEGER PRIMARY KEY,
        branch_id INTEGER NOT NULL REFERENCES branches(id),
        industry TEXT NOT NULL REFERENCES r3_focus_industries(code),
        {V},
        UNIQUE (branch_id, industry))"""
    )
    db.execute("ALTER TABLE r3_focus_industries ADD COLUMN keywords TEXT")
    for code, words in defaults.FOCUS_KEYWORDS.items():
        db.execute("UPDATE r3_focus_industries SET keywords = ? WHERE code = ? AND keywords IS NULL", [words, code])
    for table in ("competitors", "customer_competitors", "competitor_prices", "branch_focus_industries"):
        track_changes(db, table)
    _split_purchasing_power(db)


def _split_purchasing_power(db: sqlite_utils.Database) -> None:
    """domain.md R3's 2022 "purchasing power" is revenue > 200,000,000 AND a learning budget >
    1,000,000, but shipped as two criteria of one force (met by either). As shipped (both
    criteria, nothing else in the force), the budget moves to a force of its own, so that a
    match needs both; a force an admin changed is left alone."""
    row = db.execute(
        "SELECT f.id FROM r3_forces f JOIN r3_portraits p ON p.id = f.portrait_id "
        "WHERE p.year = 2022 AND f.label_en = 'Purchasing power'"
    ).fetchone()
    if row is None:
        return
    crit = db.execute("SELECT id, field FROM r3_criteria WHERE force_id = ? ORDER BY id", [row[0]]).fetchall()
    if [f for _, f in crit] != ["customer_revenue", "learning_spend_year"]:
        return
    portrait = db.execute("SELECT portrait_id FROM r3_forces WHERE id = ?", [row[0]]).fetchone()[0]
    db.execute(
        "UPDATE r3_forces SET label_zh = '购买力（营业额）', label_en = 'Purchasing power (revenue)', "
        "version = version + 1 WHERE id = ?",
        [row[0]],
    )
    budget = db.execute(
        "INSERT INTO r3_forces (portrait_id, label_zh, label_en) VALUES (?, '购买力（学习预算）', "
        "'Purchasing power (learning budget)')",
        [portrait],
    ).lastrowid
    db.execute("UPDATE r3_criteria SET force_id = ?, version = version + 1 WHERE id = ?", [budget, crit[1][0]])


@migrations(name="019_won_sums_index")
def m019_won_sums_index(db: sqlite_utils.Database) -> None:
    """The orders' (stage, close_date) index also holds customer_id and amount (issue 17): the
    home page sums each customer's won orders over the R2 window from the index alone
    (0.26 s -> 0.1 s at 380,000 orders), with no read of the table's rows. It keeps the old
    index's order, so every query that used it uses this one."""
    db.execute("DROP INDEX IF EXISTS idx_orders_stage_close")
    db.execute("CREATE INDEX idx_orders_stage_close ON orders(stage, close_date, customer_id, amount)")


CUSTOMER_LOG_KEPT = 20000  # changes the customers' log keeps; a cache further behind scores all


@migrations(name="020_customer_changes")
def m020_customer_changes(db: sqlite_utils.Database) -> None:
    """The customers' change log (issue 17, a save's rerun): every write to a customer adds
    its id, by trigger, whoever wrote. The scored customers (the pyramid's and the portraits'
    stage) are brought up to date by scoring just those customers again (every customer rule
    works on a customer's own fields and orders), instead of all 50,000 after one cell is
    saved. The log keeps its last CUSTOMER_LOG_KEPT entries, as the orders' log (010)."""
    db.execute("CREATE TABLE customer_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL)")
    db.execute(
        "CREATE TRIGGER customer_changes_trim AFTER INSERT ON customer_changes "
        f"BEGIN DELETE FROM customer_changes WHERE seq <= NEW.seq - {CUSTOMER_LOG_KEPT}; END"
    )
    log = "INSERT INTO customer_changes (customer_id) SELECT {}"
    db.execute(f"CREATE TRIGGER customer_log_insert AFTER INSERT ON customers BEGIN {log.format('NEW.id')}; END")
    db.execute(
        "CREATE TRIGGER customer_log_update AFTER UPDATE ON customers "
        f"BEGIN {log.format('NEW.id UNION SELECT OLD.id')}; END"
    )
    db.execute(f"CREATE TRIGGER customer_log_delete AFTER DELETE ON customers BEGIN {log.format('OLD.id')}; END")


ORDER_CUSTOMER_LOG_KEPT = 20000  # as the other change logs


@migrations(name="021_order_customer_changes")
def m021_order_customer_changes(db: sqlite_utils.Database) -> None:
    """The customers whose orders changed (issue 17, a save's rerun): every write to an order
    adds its customer, before and after the write (an order moved to another customer changes
    both), by trigger, whoever wrote; ``0`` stands for an order without a customer. The home
    page's sums and counts per customer are brought up to date by summing again just those
    customers' orders, in SQL, instead of all 380,000. Kept as the other logs (010, 020)."""
    db.execute(
        "CREATE TABLE order_customer_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL)"
    )
    db.execute(
        "CREATE TRIGGER order_customer_changes_trim AFTER INSERT ON order_customer_changes "
        f"BEGIN DELETE FROM order_customer_changes WHERE seq <= NEW.seq - {ORDER_CUSTOMER_LOG_KEPT}; END"
    )
    log = "INSERT INTO order_customer_changes (customer_id) SELECT {}"
    new, old = "COALESCE(NEW.customer_id, 0)", "COALESCE(OLD.customer_id, 0)"
    db.execute(f"CREATE TRIGGER order_customer_log_insert AFTER INSERT ON orders BEGIN {log.format(new)}; END")
    db.execute(
        "CREATE TRIGGER order_customer_log_update AFTER UPDATE ON orders "
        f"BEGIN {log.format(f'{new} UNION SELECT {old}')}; END"
    )
    db.execute(f"CREATE TRIGGER order_customer_log_delete AFTER DELETE ON orders BEGIN {log.format(old)}; END")


@migrations(name="022_orders_lock_index")
def m022_orders_lock_index(db: sqlite_utils.Database) -> None:
    """An index on the orders' lock date (issue 17): the filter bar's latest order day is
    then two index steps, not a scan of 380,000 orders after every write to them (0.1 s)."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_orders_lock ON orders(lock_date)")
