"""Column specs of every table edited in a grid: types, ranges, references.

The grid editor, validation and the audit trail all read these; a page never
describes a column itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kam.defaults import DEFAULT_HONORS, HONOR_RECIPIENTS, HONOR_SCOPES, ROLES, RULE_RANKS
from kam.rules.periods import PERIOD_KINDS
from kam.rules.portraits import CONTACT_ROLES, FIELD_KINDS
from kam.types import ColumnSpec, TableSpec

C = ColumnSpec
LANGS = ("zh", "en")


def _ro(name: str, kind: str = "text", **kw) -> ColumnSpec:
    return C(name, kind, editable=False, **kw)  # type: ignore[arg-type]


LABELS = (C("label_zh", "text", required=True), C("label_en", "text", required=True))
# A fixed row's code is what code refers to; people know the row by its labels.
CODE = _ro("code", hidden=True)


def _by(column: str, kinds: dict[str, str], default: str = "number") -> Callable[[Mapping[str, Any]], str]:
    """A row's display kind read from its ``column`` (see ColumnSpec.row_kind)."""
    return lambda row: kinds.get(str(row.get(column)), default)


# r3_criteria.threshold by the customer field it tests: yuan, a count or a 0-5 rating.
CRITERION_KINDS = {
    "customer_revenue": "money",
    "profit": "money",
    "learning_spend_year": "money",
    "expected_cooperation_36m": "money",
    "employees": "int",
    "study_sessions_year": "int",
    "people_sent_year": "int",
    "cooperating_institutions": "int",
    "winnability": "int",
    "demonstration": "int",
}
# The unit of rule_params.value by its ``kind``.
PARAM_KINDS = {"money": "money", "rate": "rate", "count": "int", "days": "int", "months": "int", "number": "number"}
# r9_star_thresholds.min_value: sales in yuan for the performance star, counts otherwise.
STAR_KINDS = {"performance": "money", "process": "int", "clearance": "int"}
# r10_honors.threshold: places for a ranked honor ("top"), else the metric's unit.
HONOR_METRICS = ("sales", "million_star_months", "new_key_customers", "recruits", "cleared_hires", "camp_points")


def _honor_kind(row: Mapping[str, Any]) -> str:
    if row.get("comparison") == "top":
        return "int"
    return "money" if row.get("metric") == "sales" else "int"


def _fixed(table: str, *columns: ColumnSpec, pk: str = "code", order_by: tuple[str, ...] = ()) -> TableSpec:
    cols = ((CODE,) if pk == "code" else ()) + columns
    if not order_by:
        # Show levels in their own order, not alphabetically by code.
        order_by = next(((c.name,) for c in columns if c.name.endswith("_order")), ())
    return TableSpec(table, pk, cols, fixed_rows=True, order_by=order_by)


# Choice: a window or a deadline spans at most a century (1,200 months, 36,600 days): more
# than any rule needs, and every date computed from one stays within what pandas holds
# (to 2262). Money, counts and other numbers are bounded by their kind (kam.validate).
MAX_MONTHS = 1_200
MAX_DAYS = 36_600


def months(name: str, **kw) -> ColumnSpec:
    return C(name, "int", minimum=1, maximum=MAX_MONTHS, **kw)


def days(name: str, **kw) -> ColumnSpec:
    return C(name, "int", minimum=0, maximum=MAX_DAYS, **kw)


def money(name: str, **kw) -> ColumnSpec:
    return C(name, "money", minimum=0, **kw)


def count(name: str, **kw) -> ColumnSpec:
    return C(name, "int", minimum=0, **kw)


def rate(name: str, **kw) -> ColumnSpec:
    return C(name, "rate", minimum=0, maximum=1, **kw)


RANK_FK = {"fk_table": "ranks", "fk_label": "label_zh"}

RULES_SPECS: dict[str, TableSpec] = {
    s.table: s
    for s in [
        _fixed(
            "rule_params",
            _ro("rule"),
            _ro("kind", "enum", choices=tuple(PARAM_KINDS)),
            C("value", "number", required=True, minimum=0, row_kind=_by("kind", PARAM_KINDS)),
            *LABELS,
        ),
        TableSpec(
            "ranks",
            "code",
            (C("code", "text", required=True, unique=True), C("rank_order", "int", minimum=1, unique=True), *LABELS),
            protected=frozenset(RULE_RANKS),
        ),
        _fixed("r1_price_levels", _ro("level_order", "int"), money("min_unit_price", required=True), *LABELS),
        _fixed("r1_quantity_levels", _ro("level_order", "int"), count("min_orders", required=True), *LABELS),
        _fixed(
            "r1_value_classes",
            _ro("class_order", "int"),
            C("owner_allowed", "bool", required=True),
            C("min_rank", "fk", **RANK_FK),
            C("or_min_stars", "int", minimum=1, maximum=5),
            C("min_tenure_years", "number", minimum=0),
            C("max_tenure_years", "number", minimum=0),
            *LABELS,
        ),
        _fixed(
            "r1_value_map",
            _ro("id", "int", hidden=True),
            _ro("price_level", "fk", fk_table="r1_price_levels", fk_label="label_zh"),
            _ro("quantity_level", "fk", fk_table="r1_quantity_levels", fk_label="label_zh"),
            C("value_class", "fk", required=True, fk_table="r1_value_classes", fk_label="label_zh"),
            pk="id",
        ),
        _fixed(
            "r2_tiers",
            _ro("tier_order", "int"),
            money("min_customer_revenue", required=True),
            money("min_cooperation", required=True),
            C("principal_rank", "fk", **RANK_FK),
            C("key_account", "bool", required=True),
            *LABELS,
        ),
        TableSpec(
            "r3_portraits",
            "id",
            (
                _ro("id", "int"),
                C("name", "text", required=True),
                C("year", "int", required=True, minimum=2000, maximum=2100),
                C("valid_from", "date", required=True),
                C("active", "bool", required=True),
            ),
        ),
        TableSpec(
            "r3_forces",
            "id",
            (
                _ro("id", "int"),
                C("portrait_id", "fk", required=True, fk_table="r3_portraits", fk_label="name"),
                *LABELS,
            ),
        ),
        TableSpec(
            "r3_criteria",
            "id",
            (
                _ro("id", "int"),
                C("force_id", "fk", required=True, fk_table="r3_forces", fk_label="label_zh"),
                C("field", "enum", required=True, choices=tuple(FIELD_KINDS)),
                C("test", "enum", required=True, choices=("at_least", "flag", "rating")),
                C("threshold", "number", row_kind=_by("field", CRITERION_KINDS)),
                C("weight", "number", required=True, minimum=0.000001),
                *LABELS,
            ),
        ),
        TableSpec(
            "r3_focus_industries",
            "code",
            (
                C("code", "text", required=True, unique=True),
                C("list", "enum", required=True, choices=("three_high", "advantage")),
                *LABELS,
                C("keywords", "text"),
            ),
        ),
        _fixed(
            "r4_dimensions",
            _ro("dim_order", "int"),
            rate("weight", required=True),
            money("cap_amount"),
            months("window_months"),
            C("rating_factor", "number", minimum=0),
            *LABELS,
        ),
        _fixed("r4_priorities", C("min_score", "number", required=True, minimum=0, maximum=100), *LABELS),
        _fixed("r5_health_bands", rate("min_share", required=True), *LABELS),
        _fixed(
            "r6_drivers",
            C("department", "enum", required=True, choices=("sales", "marketing", "customer_service")),
            *LABELS,
        ),
        _fixed(
            "r7_stages",
            _ro("stage_order", "int"),
            rate("probability", required=True),
            C("reviewer_rank", "fk", **RANK_FK),
            *LABELS,
        ),
        TableSpec(
            "r7_transitions",
            "id",
            (
                _ro("id", "int"),
                C("from_stage", "fk", required=True, fk_table="r7_stages", fk_label="label_zh"),
                C("to_stage", "fk", required=True, fk_table="r7_stages", fk_label="label_zh"),
                C("needs_valid_lock", "bool", required=True),
                C("needs_close_date", "bool", required=True),
                C("needs_reason", "bool", required=True),
                C("manager_only", "bool", required=True),
            ),
        ),
        TableSpec("r7_key_messages", "id", (_ro("id", "int"), count("sort_order", required=True), *LABELS)),
        _fixed("r7_milestones", days("due_day", required=True), *LABELS),
        _fixed("r7_grades", money("min_amount", required=True), C("delivery_team", "bool", required=True), *LABELS),
        TableSpec(
            "r8_activity_types",
            "code",
            (
                C("code", "text", required=True, unique=True),
                C("counts", "bool", required=True),
                money("value_per_meeting", required=True),
                *LABELS,
            ),
            protected=frozenset({"face_to_face"}),
        ),
        _fixed("r9_camps", _ro("camp_order", "int"), *LABELS, C("audience_zh", "text"), C("audience_en", "text")),
        _fixed(
            "r9_clearances",
            _ro("clearance_order", "int"),
            days("window_start_day", required=True),
            days("due_day", required=True),
            C("min_score", "number", minimum=0),
            count("min_orders_won"),
            count("min_precise_customers"),
            *LABELS,
        ),
        _fixed(
            "r9_command_ranks",
            _ro("command_order", "int"),
            count("min_direct_partners", required=True),
            _ro("sub_rank", "fk", fk_table="r9_command_ranks", fk_label="label_zh"),
            count("min_sub_rank", required=True),
            *LABELS,
        ),
        _fixed(
            "r9_star_thresholds",
            _ro("id", "int", hidden=True),
            _ro("indicator", "enum", choices=tuple(STAR_KINDS)),
            _ro("stars", "int"),
            C("min_value", "number", required=True, minimum=0, row_kind=_by("indicator", STAR_KINDS)),
            pk="id",
        ),
        _fixed(
            "r9_star_salary",
            _ro("stars", "int"),
            money("base_salary", required=True),
            money("salary_cap", required=True),
            pk="stars",
        ),
        # A new honor of an existing kind (another club, period or scope) is a new row
        # (issue 15); the honors the method names stay (the rules refer to some by code).
        TableSpec(
            "r10_honors",
            "code",
            (
                C("code", "text", required=True, unique=True),
                C("honor_order", "int", required=True, minimum=1, unique=True),
                C("period", "enum", required=True, choices=PERIOD_KINDS),
                C("metric", "enum", required=True, choices=HONOR_METRICS),
                C("comparison", "enum", required=True, choices=(">=", ">", "top")),
                C("threshold", "number", required=True, minimum=0, row_kind=_honor_kind),
                C("scope", "enum", required=True, choices=HONOR_SCOPES),
                C("awarded_to", "enum", required=True, choices=HONOR_RECIPIENTS),
                C("shows_last", "bool"),
                *LABELS,
            ),
            protected=frozenset(DEFAULT_HONORS),
            order_by=("honor_order",),
        ),
        _fixed("r11_states", _ro("state_order", "int"), *LABELS, C("strategy_zh", "text"), C("strategy_en", "text")),
        _fixed("r11_evaluations", months("every_months", required=True), *LABELS),
        _fixed("r12_processes", _ro("process_order", "int"), *LABELS),
        _fixed(
            "r13_service_levels",
            _ro("level_order", "int"),
            months("window_months", required=True),
            money("min_cooperation", required=True),
            *LABELS,
        ),
        TableSpec(
            "r14_commission_bands",
            "id",
            (_ro("id", "int"), money("from_amount", required=True, unique=True), rate("rate", required=True)),
        ),
    ]
}

# Which rules tables belong to which rule of domain.md (settings page order).
RULE_TABLES: dict[str, tuple[str, ...]] = {
    "R1": ("r1_price_levels", "r1_quantity_levels", "r1_value_map", "r1_value_classes"),
    "R2": ("r2_tiers", "ranks"),
    "R3": ("r3_portraits", "r3_forces", "r3_criteria", "r3_focus_industries"),
    "R4": ("r4_dimensions", "r4_priorities"),
    "R5": ("r5_health_bands",),
    "R6": ("r6_drivers",),
    "R7": ("r7_stages", "r7_transitions", "r7_key_messages", "r7_milestones", "r7_grades"),
    "R8": ("r8_activity_types",),
    "R9": ("r9_star_thresholds", "r9_clearances", "r9_command_ranks", "r9_camps", "r9_star_salary"),
    "R10": ("r10_honors",),
    "R11": ("r11_states", "r11_evaluations"),
    "R12": ("r12_processes",),
    "R13": ("r13_service_levels",),
    "R14": ("r14_commission_bands",),
}

BRANCH_FK = {"fk_table": "branches", "fk_label": "name"}
PERSON_FK = {"fk_table": "people", "fk_label": "name"}


def _kept_for(*, person_required: bool = True) -> tuple[ColumnSpec, ...]:
    """The period of a row kept by a close and whose it is: the person, and the branch and
    team they were in at the close (kept with the row, so that a later move changes nothing)."""
    return (
        C("period", "text", required=True),
        C("person_id", "fk", required=person_required, **PERSON_FK),
        C("branch_id", "fk", **BRANCH_FK),
        C("team_id", "fk", fk_table="teams", fk_label="name"),
    )


DATA_SPECS: dict[str, TableSpec] = {
    s.table: s
    for s in [
        TableSpec(
            "branches", "id", (_ro("id", "int"), C("name", "text", required=True, unique=True), C("region", "text"))
        ),
        TableSpec(
            "teams",
            "id",
            (
                _ro("id", "int"),
                C("name", "text", required=True),
                C("branch_id", "fk", required=True, **BRANCH_FK),
                # A team's leader heads its members in the reporting tree (kam.invariants.org_problems).
                C("leader_id", "fk", **PERSON_FK),
            ),
        ),
        TableSpec(
            "people",
            "id",
            (
                _ro("id", "int"),
                C("name", "text", required=True),
                C("rank", "fk", required=True, **RANK_FK),
                C("command_rank", "enum", choices=("regiment", "division", "army")),
                C("branch_id", "fk", **BRANCH_FK),
                C("team_id", "fk", fk_table="teams", fk_label="name"),
                C("manager_id", "fk", **PERSON_FK),
                C("join_date", "date", required=True),
                C("left_date", "date"),
                # Who recruited the person (the talent awards credit the recruiter, R10).
                C("recruited_by", "fk", **PERSON_FK),
            ),
        ),
        TableSpec(
            "customers",
            "id",
            (
                _ro("id", "int"),
                C("name", "text", required=True),
                C("industry", "text"),
                C("region", "text"),
                C("branch_id", "fk", **BRANCH_FK),
                money("customer_revenue"),
                C("profit", "money"),
                count("employees"),
                C("winnability", "rating", minimum=0, maximum=5),
                C("demonstration", "rating", minimum=0, maximum=5),
                money("expected_cooperation_36m"),
                C("owner_id", "fk", **PERSON_FK),
                C("developed_by", "fk", **PERSON_FK),
                # What the portraits test (R3; kam.rules.portraits.FIELD_KINDS): the portraits
                # page edits them.
                C("industry_top100", "bool"),
                C("regional_top100", "bool"),
                count("study_sessions_year"),
                count("people_sent_year"),
                money("learning_spend_year"),
                count("cooperating_institutions"),
                C("segment_leader", "bool"),
                C("wants_no1", "bool"),
                C("ten_billion_strategy", "bool"),
            ),
        ),
        # The relationship and competitor maps (R3, issue 16).
        TableSpec(
            "customer_contacts",
            "id",
            (
                _ro("id", "int"),
                C("customer_id", "fk", required=True, fk_table="customers", fk_label="name"),
                C("name", "text", required=True, label="col.person_name"),
                C("title", "text"),
                C("decision_role", "enum", required=True, choices=CONTACT_ROLES),
                C("stance", "enum", required=True, choices=("support", "neutral", "against")),
                C("closeness", "rating", minimum=1, maximum=5),
                C("reviewed_on", "date"),
            ),
        ),
        TableSpec(
            "competitors",
            "id",
            (_ro("id", "int"), C("name", "text", required=True), C("note", "text")),
        ),
        TableSpec(
            "customer_competitors",
            "id",
            (
                _ro("id", "int"),
                C("customer_id", "fk", required=True, fk_table="customers", fk_label="name"),
                C("competitor_id", "fk", required=True, fk_table="competitors", fk_label="name"),
                C("offer", "text"),
                C("relationship_strength", "rating", minimum=1, maximum=5),
            ),
        ),
        TableSpec(
            "competitor_prices",
            "id",
            (
                _ro("id", "int"),
                C("customer_id", "fk", required=True, fk_table="customers", fk_label="name"),
                C("competitor_id", "fk", required=True, fk_table="competitors", fk_label="name"),
                C("price_date", "date", required=True),
                money("price", required=True),
            ),
            order_by=("price_date",),
        ),
        TableSpec(
            "branch_focus_industries",
            "id",
            (
                _ro("id", "int"),
                C("branch_id", "fk", required=True, **BRANCH_FK),
                C("industry", "fk", required=True, fk_table="r3_focus_industries", fk_label="label_zh"),
            ),
        ),
        TableSpec(
            "targets",
            "id",
            (
                _ro("id", "int"),
                C("entity_type", "enum", required=True, choices=("company", "branch", "team", "person")),
                C("entity_id", "int"),
                C("period", "text", required=True),
                money("amount", required=True),
            ),
        ),
        TableSpec(
            "orders",
            "id",
            (
                _ro("id", "int"),
                C("customer_id", "fk", required=True, fk_table="customers", fk_label="name"),
                C("owner_id", "fk", **PERSON_FK),
                C("stage", "fk", required=True, fk_table="r7_stages", fk_label="label_zh"),
                money("amount", required=True),
                C("lock_date", "date", required=True),
                C("close_date", "date"),
                C("renew_of", "fk", fk_table="orders", fk_label="id"),
                C("reviewer_id", "fk", **PERSON_FK),
                C("review_date", "date"),
                C("paused_until", "date"),
                C("pause_reason", "text"),
                C("group_order", "bool", required=True),
                C("principal_order", "bool", required=True),
                C("stuck_since", "date"),
                C("stage_since", "date"),
                C("lost_reason", "text"),
            ),
            label_column="id",
        ),
        # The order's card (issue 13): its key messages, milestones and stuck analyses, and the
        # meetings of R8, saved through the one save path like any grid.
        TableSpec(
            "order_key_messages",
            "id",
            (
                _ro("id", "int"),
                C("order_id", "fk", required=True, fk_table="orders", fk_label="id"),
                C("message_id", "fk", required=True, fk_table="r7_key_messages", fk_label="label_zh"),
                C("value", "text"),
            ),
            label_column="order_id",
        ),
        TableSpec(
            "order_milestones",
            "id",
            (
                _ro("id", "int"),
                C("order_id", "fk", required=True, fk_table="orders", fk_label="id"),
                C("milestone_code", "fk", required=True, fk_table="r7_milestones", fk_label="label_zh"),
                C("done_date", "date"),
            ),
            label_column="order_id",
        ),
        TableSpec(
            "stuck_analyses",
            "id",
            (
                _ro("id", "int"),
                C("order_id", "fk", required=True, fk_table="orders", fk_label="id"),
                C("analysis_date", "date", required=True),
                C("blocker", "text", required=True),
                C("next_action", "text", required=True),
                C("who_id", "fk", required=True, **PERSON_FK),
            ),
            label_column="order_id",
        ),
        TableSpec(
            "meetings",
            "id",
            (
                _ro("id", "int"),
                C("person_id", "fk", required=True, **PERSON_FK),
                C("customer_id", "fk", fk_table="customers", fk_label="name"),
                C("meeting_date", "date", required=True),
                C("activity_type", "fk", required=True, fk_table="r8_activity_types", fk_label="label_zh"),
                C("note", "text"),
            ),
            order_by=("meeting_date",),
            label_column="meeting_date",
        ),
        TableSpec(
            "ka_plan",
            "id",
            (
                _ro("id", "int"),
                C("year", "int", required=True, unique=True, minimum=2000, maximum=2100),
                rate("growth_rate"),
                money("ka_revenue_target"),
                count("ka_count_target"),
                rate("ka_share_target"),
                money("unit_price_target"),
                C("frequency_target", "number", minimum=0),
                count("headcount"),
                C("customers_per_person", "number", minimum=0),
                money("cooperation_per_customer"),
            ),
            order_by=("year",),
            label_column="year",
        ),
    ]
}

# The talent pipeline (issue 14, R9): camps, clearance results, HR's portrait assessments,
# the General camp's weekly points; the closed periods and the stars kept when a quarter
# closed are written by the close action only (read-only here).
CAMP_FK = {"fk_table": "r9_camps", "fk_label": "label_zh"}
TALENT_SPECS: dict[str, TableSpec] = {
    s.table: s
    for s in [
        TableSpec(
            "camp_enrolments",
            "id",
            (
                _ro("id", "int"),
                C("person_id", "fk", required=True, **PERSON_FK),
                C("camp_code", "fk", required=True, **CAMP_FK),
                C("start_date", "date", required=True),
                C("end_date", "date"),
                C("status", "enum", required=True, choices=("enrolled", "completed", "dropped")),
            ),
            order_by=("person_id", "start_date"),
            label_column="person_id",
        ),
        TableSpec(
            "clearance_results",
            "id",
            (
                _ro("id", "int"),
                C("person_id", "fk", required=True, **PERSON_FK),
                C("clearance_code", "fk", required=True, fk_table="r9_clearances", fk_label="label_zh"),
                C("result_date", "date", required=True),
                C("score", "number", label="col.score_result", minimum=0, maximum=100),
                # Follows from the score and the clearance's minimum (kam.talent_checks); only a
                # result without a score (a pass recorded for who joined before records began)
                # is entered as passed or not.
                C("passed", "bool", required=True),
                C("note", "text"),
            ),
            order_by=("person_id", "clearance_code"),
            label_column="person_id",
        ),
        TableSpec(
            "hr_assessments",
            "id",
            (
                _ro("id", "int"),
                C("person_id", "fk", required=True, **PERSON_FK),
                C("assessment_date", "date", required=True),
                C("virtue", "int", minimum=0, maximum=100),
                C("talent", "int", minimum=0, maximum=100),
                C("post", "int", minimum=0, maximum=100),
                C("decision", "enum", required=True, choices=("pending", "approved", "rejected")),
                C("note", "text"),
                _ro("decided_by"),
                _ro("decided_at"),
            ),
            order_by=("assessment_date",),
            label_column="person_id",
        ),
        TableSpec(
            "camp_points",
            "id",
            (
                _ro("id", "int"),
                C("person_id", "fk", required=True, **PERSON_FK),
                C("week", "text", required=True),
                count("homework", required=True),
                count("attendance", required=True),
            ),
            order_by=("week", "person_id"),
            label_column="person_id",
        ),
        TableSpec(
            "closed_periods",
            "id",
            (
                _ro("id", "int"),
                _ro("kind", "enum", choices=PERIOD_KINDS),
                C("period", "text", required=True),
                _ro("closed_at"),
                _ro("closed_by"),
                _ro("reopened_at"),
                _ro("reopened_by"),
                _ro("reopen_reason"),
                _ro("honors_kept", "bool"),
                C("honor_rules", "text", hidden=True),
            ),
            label_column="period",
        ),
        # Written only by closing a period (kam.closing): the honors and the commission kept.
        TableSpec(
            "honors",
            "id",
            (
                _ro("id", "int"),
                C("honor_code", "fk", required=True, fk_table="r10_honors", fk_label="label_zh"),
                *_kept_for(person_required=False),  # a team award names the team only
                C("scope", "enum", choices=HONOR_SCOPES),
                C("rank_no", "int", minimum=1),
                C("figure", "number"),
                C("last_place", "bool"),
                C("runner_up", "bool"),
                _ro("frozen_at"),
            ),
            order_by=("period", "honor_code", "rank_no"),
            label_column="person_id",
        ),
        TableSpec(
            "commission_snapshots",
            "id",
            (
                _ro("id", "int"),
                *_kept_for(),
                C("band", "int", required=True, minimum=1),
                money("from_amount", required=True),
                money("to_amount"),
                rate("rate", required=True),
                C("sales_in_band", "number", required=True),
                C("commission_in_band", "number", required=True),
            ),
            order_by=("period", "person_id", "band"),
            label_column="person_id",
        ),
        TableSpec(
            "star_snapshots",
            "id",
            (
                _ro("id", "int"),
                *_kept_for(),
                money("performance_sales", required=True),
                count("process_meetings", required=True),
                count("clearances_passed", required=True),
                C("performance_stars", "int", required=True, minimum=1, maximum=5),
                C("process_stars", "int", required=True, minimum=1, maximum=5),
                C("clearance_stars", "int", required=True, minimum=1, maximum=5),
                C("star", "int", required=True, minimum=1, maximum=5),
                money("base_salary"),
            ),
            order_by=("period", "person_id"),
            label_column="person_id",
        ),
    ]
}

# The accounts an admin manages on the users page: never a password column (a new account
# and a reset get a one-time password from kam/auth.py); rows are added there, never
# deleted (an account is deactivated: its sign-ins and audit rows keep naming it).
ACCOUNT_SPECS: dict[str, TableSpec] = {
    s.table: s
    for s in [
        TableSpec(
            "users",
            "id",
            (
                _ro("id", "int"),
                C("login", "text", required=True, unique=True),
                C("display_name", "text", required=True),
                C("role", "enum", required=True, choices=ROLES),
                C("person_id", "fk", **PERSON_FK),
                C("active", "bool", required=True, label="users.col.active"),
                C("must_change_password", "bool", required=True),
                C("lang", "enum", choices=LANGS),
                _ro("last_sign_in_at"),
                _ro("failed_attempts", "int"),
                _ro("locked_until"),
                _ro("created_at"),
            ),
            fixed_rows=True,
            label_column="display_name",
        ),
        TableSpec(
            "account_settings",
            "code",
            (CODE, *LABELS, C("value", "number", required=True, minimum=0)),
            fixed_rows=True,
        ),
    ]
}

SPECS: dict[str, TableSpec] = {**RULES_SPECS, **DATA_SPECS, **TALENT_SPECS, **ACCOUNT_SPECS}
