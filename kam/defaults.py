"""The rules tables of ../shared/domain.md (R1-R14): their DDL and shipped defaults.

Every threshold, weight, window, cap and factor lives here only as the *default row* of
a rules table; scoring code reads the table. Codes (``high``, ``KA``, ``won`` ...) are
the stable keys that code refers to; labels and numbers are the user's to edit.
"""

from __future__ import annotations

V = "version INTEGER NOT NULL DEFAULT 1"
LABELS = "label_zh TEXT NOT NULL, label_en TEXT NOT NULL"

RULES_DDL: dict[str, str] = {
    # Scalar parameters of every rule (windows, caps, factors, day counts).
    "rule_params": f"""CREATE TABLE rule_params (
        code TEXT PRIMARY KEY, rule TEXT NOT NULL, kind TEXT NOT NULL
            CHECK (kind IN ('money', 'count', 'rate', 'days', 'months', 'number')),
        value REAL NOT NULL, {LABELS}, {V})""",
    "ranks": f"""CREATE TABLE ranks (
        code TEXT PRIMARY KEY, rank_order INTEGER, {LABELS}, {V})""",
    "r1_price_levels": f"""CREATE TABLE r1_price_levels (
        code TEXT PRIMARY KEY, level_order INTEGER NOT NULL UNIQUE,
        min_unit_price INTEGER NOT NULL CHECK (min_unit_price >= 0), {LABELS}, {V})""",
    "r1_quantity_levels": f"""CREATE TABLE r1_quantity_levels (
        code TEXT PRIMARY KEY, level_order INTEGER NOT NULL UNIQUE,
        min_orders INTEGER NOT NULL CHECK (min_orders >= 0), {LABELS}, {V})""",
    "r1_value_classes": f"""CREATE TABLE r1_value_classes (
        code TEXT PRIMARY KEY, class_order INTEGER NOT NULL UNIQUE,
        owner_allowed INTEGER NOT NULL DEFAULT 1,
        min_rank TEXT REFERENCES ranks(code), or_min_stars INTEGER,
        min_tenure_years REAL, max_tenure_years REAL, {LABELS}, {V})""",
    "r1_value_map": f"""CREATE TABLE r1_value_map (
        id INTEGER PRIMARY KEY,
        price_level TEXT NOT NULL REFERENCES r1_price_levels(code),
        quantity_level TEXT NOT NULL REFERENCES r1_quantity_levels(code),
        value_class TEXT NOT NULL REFERENCES r1_value_classes(code), {V},
        UNIQUE (price_level, quantity_level))""",
    "r2_tiers": f"""CREATE TABLE r2_tiers (
        code TEXT PRIMARY KEY, tier_order INTEGER NOT NULL UNIQUE,
        min_customer_revenue INTEGER NOT NULL CHECK (min_customer_revenue >= 0),
        min_cooperation INTEGER NOT NULL CHECK (min_cooperation >= 0),
        principal_rank TEXT REFERENCES ranks(code),
        key_account INTEGER NOT NULL DEFAULT 0, {LABELS}, {V})""",
    "r3_portraits": f"""CREATE TABLE r3_portraits (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, year INTEGER NOT NULL,
        valid_from TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 0, {V})""",
    "r3_forces": f"""CREATE TABLE r3_forces (
        id INTEGER PRIMARY KEY, portrait_id INTEGER NOT NULL REFERENCES r3_portraits(id),
        {LABELS}, {V})""",
    "r3_criteria": f"""CREATE TABLE r3_criteria (
        id INTEGER PRIMARY KEY, force_id INTEGER NOT NULL REFERENCES r3_forces(id),
        field TEXT NOT NULL, test TEXT NOT NULL CHECK (test IN ('at_least', 'flag', 'rating')),
        threshold REAL, weight REAL NOT NULL DEFAULT 1 CHECK (weight > 0), {LABELS}, {V})""",
    "r3_focus_industries": f"""CREATE TABLE r3_focus_industries (
        code TEXT PRIMARY KEY, list TEXT NOT NULL CHECK (list IN ('three_high', 'advantage')),
        {LABELS}, {V})""",
    "r4_dimensions": f"""CREATE TABLE r4_dimensions (
        code TEXT PRIMARY KEY, dim_order INTEGER NOT NULL UNIQUE,
        weight REAL NOT NULL CHECK (weight >= 0 AND weight <= 1),
        cap_amount INTEGER, window_months INTEGER, rating_factor REAL, {LABELS}, {V})""",
    "r4_priorities": f"""CREATE TABLE r4_priorities (
        code TEXT PRIMARY KEY, min_score REAL NOT NULL CHECK (min_score >= 0), {LABELS}, {V})""",
    "r5_health_bands": f"""CREATE TABLE r5_health_bands (
        code TEXT PRIMARY KEY, min_share REAL NOT NULL CHECK (min_share >= 0 AND min_share <= 1),
        {LABELS}, {V})""",
    "r6_drivers": f"""CREATE TABLE r6_drivers (
        code TEXT PRIMARY KEY, department TEXT NOT NULL, {LABELS}, {V})""",
    "r7_stages": f"""CREATE TABLE r7_stages (
        code TEXT PRIMARY KEY, stage_order INTEGER NOT NULL UNIQUE,
        probability REAL NOT NULL CHECK (probability >= 0 AND probability <= 1), {LABELS}, {V})""",
    "r7_key_messages": f"""CREATE TABLE r7_key_messages (
        id INTEGER PRIMARY KEY, sort_order INTEGER NOT NULL, {LABELS}, {V})""",
    "r7_milestones": f"""CREATE TABLE r7_milestones (
        code TEXT PRIMARY KEY, due_day INTEGER NOT NULL CHECK (due_day >= 0), {LABELS}, {V})""",
    "r7_grades": f"""CREATE TABLE r7_grades (
        code TEXT PRIMARY KEY, min_amount INTEGER NOT NULL CHECK (min_amount >= 0),
        delivery_team INTEGER NOT NULL DEFAULT 0, {LABELS}, {V})""",
    "r8_activity_types": f"""CREATE TABLE r8_activity_types (
        code TEXT PRIMARY KEY, counts INTEGER NOT NULL DEFAULT 0,
        value_per_meeting INTEGER NOT NULL DEFAULT 0 CHECK (value_per_meeting >= 0),
        {LABELS}, {V})""",
    "r9_camps": f"""CREATE TABLE r9_camps (
        code TEXT PRIMARY KEY, camp_order INTEGER NOT NULL UNIQUE, {LABELS},
        audience_zh TEXT, audience_en TEXT, {V})""",
    "r9_clearances": f"""CREATE TABLE r9_clearances (
        code TEXT PRIMARY KEY, clearance_order INTEGER NOT NULL UNIQUE,
        window_start_day INTEGER NOT NULL DEFAULT 0, due_day INTEGER NOT NULL CHECK (due_day >= 0),
        min_score REAL, min_orders_won INTEGER, min_precise_customers INTEGER,
        {LABELS}, {V})""",
    "r9_command_ranks": f"""CREATE TABLE r9_command_ranks (
        code TEXT PRIMARY KEY, command_order INTEGER NOT NULL UNIQUE,
        min_direct_partners INTEGER NOT NULL CHECK (min_direct_partners >= 0),
        sub_rank TEXT REFERENCES r9_command_ranks(code), min_sub_rank INTEGER NOT NULL DEFAULT 0,
        {LABELS}, {V})""",
    "r9_star_thresholds": f"""CREATE TABLE r9_star_thresholds (
        id INTEGER PRIMARY KEY,
        indicator TEXT NOT NULL CHECK (indicator IN ('performance', 'process', 'clearance')),
        stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
        min_value REAL NOT NULL CHECK (min_value >= 0), {V},
        UNIQUE (indicator, stars))""",
    "r9_star_salary": f"""CREATE TABLE r9_star_salary (
        stars INTEGER PRIMARY KEY CHECK (stars BETWEEN 1 AND 5),
        base_salary INTEGER NOT NULL CHECK (base_salary >= 0),
        salary_cap INTEGER NOT NULL CHECK (salary_cap >= 0), {V})""",
    "r10_honors": f"""CREATE TABLE r10_honors (
        code TEXT PRIMARY KEY, honor_order INTEGER NOT NULL UNIQUE,
        period TEXT NOT NULL CHECK (period IN ('week', 'month', 'quarter', 'year')),
        metric TEXT NOT NULL, comparison TEXT NOT NULL CHECK (comparison IN ('>=', '>', 'top')),
        threshold REAL, {LABELS}, {V})""",
    "r11_states": f"""CREATE TABLE r11_states (
        code TEXT PRIMARY KEY, state_order INTEGER NOT NULL UNIQUE, {LABELS},
        strategy_zh TEXT, strategy_en TEXT, {V})""",
    "r11_evaluations": f"""CREATE TABLE r11_evaluations (
        code TEXT PRIMARY KEY, every_months INTEGER NOT NULL CHECK (every_months >= 1),
        {LABELS}, {V})""",
    "r12_processes": f"""CREATE TABLE r12_processes (
        code TEXT PRIMARY KEY, process_order INTEGER NOT NULL UNIQUE, {LABELS}, {V})""",
    "r13_service_levels": f"""CREATE TABLE r13_service_levels (
        code TEXT PRIMARY KEY, level_order INTEGER NOT NULL UNIQUE,
        window_months INTEGER NOT NULL CHECK (window_months >= 1),
        min_cooperation INTEGER NOT NULL CHECK (min_cooperation >= 0), {LABELS}, {V})""",
    "r14_commission_bands": f"""CREATE TABLE r14_commission_bands (
        id INTEGER PRIMARY KEY, from_amount INTEGER NOT NULL UNIQUE CHECK (from_amount >= 0),
        rate REAL NOT NULL CHECK (rate >= 0 AND rate <= 1), {V})""",
}


def _p(code: str, rule: str, kind: str, value: float, zh: str, en: str) -> dict:
    return {"code": code, "rule": rule, "kind": kind, "value": value, "label_zh": zh, "label_en": en}


def _l(code: str, zh: str, en: str, **extra) -> dict:
    return {"code": code, **extra, "label_zh": zh, "label_en": en}


# Parameters added after the first release: migration 006 inserts them into an existing
# database, a new database gets them with the rest of rule_params below.
LATER_PARAMS = [
    _p(
        "r3_max_focus_industries", "R3", "count", 3, "每个分公司最多重点行业数", "Focus industries per branch (at most)"
    ),
    _p(
        "r11_compare_months",
        "R11",
        "months",
        12,
        "成长/风险：对比的前期月数",
        "Growing / at risk: prior period (months)",
    ),
    _p(
        "r12_compare_months",
        "R12",
        "months",
        12,
        "下滑整改：对比的前期月数",
        "Decline rectification: prior period (months)",
    ),
]

# Parameters of the talent pipeline added after migration 011: migration 012 inserts them.
TALENT_PARAMS = [
    _p(
        "r9_records_began_year",
        "R9",
        "count",
        2026,
        "通关记录起始年份（此前入职者按录入的通关结果）",
        "Year clearance records began (earlier hires: passes as entered)",
    ),
]

# Parameters of the portraits and relationship maps (issue 16): migration 017 inserts them.
PORTRAIT_PARAMS = [
    _p("r3_review_months", "R3", "months", 1, "关键人回顾周期（月）", "Key person review every (months)"),
]

# The ranks the rules name (R1 owners, R2 principals, R7 reviewers): they cannot be deleted
# and must keep a place in the rank order.
RULE_RANKS = ("partner", "director", "general_manager")

# R7: the lowest rank whose review of an order at this stage counts (migration 006).
STAGE_REVIEWERS = {"locked": "director"}

# Sign-in settings an admin may change (``account_settings``): how many failed attempts in
# a row lock an account, for how long, the idle time after which the app asks again, and
# the shortest password accepted.
ACCOUNT_SETTINGS = [
    {
        "code": "max_failed_attempts",
        "value": 5,
        "label_zh": "连续失败几次后锁定",
        "label_en": "Failed attempts before a lock",
    },
    {"code": "lockout_minutes", "value": 15, "label_zh": "锁定时长（分钟）", "label_en": "Lock time (minutes)"},
    {
        "code": "idle_minutes",
        "value": 60,
        "label_zh": "闲置多久后重新登录（分钟）",
        "label_en": "Idle time before signing in again (minutes)",
    },
    {"code": "min_password_length", "value": 10, "label_zh": "密码最短长度", "label_en": "Shortest password"},
]
ROLES = ("admin", "manager", "hr", "sales")


RULES_DEFAULTS: dict[str, list[dict]] = {
    "rule_params": [
        _p("r1_window_months", "R1", "months", 12, "单价/数量统计窗口（月）", "Unit price / quantity window (months)"),
        _p("r2_window_months", "R2", "months", 12, "合作金额统计窗口（月）", "Cooperation window (months)"),
        _p("r5_window_months", "R5", "months", 12, "结构统计窗口（月）", "Structure window (months)"),
        _p("r5_top_share", "R5", "rate", 0.2, "头部客户比例", "Top customers share"),
        _p("r5_top_n", "R5", "count", 10, "前 N 名客户", "Top N customers"),
        _p("r7_lock_review_days", "R7", "days", 7, "锁单审核期限（天）", "Lock review deadline (days)"),
        _p("r7_stuck_analysis_days", "R7", "days", 7, "卡单分析期限（天）", "Stuck analysis deadline (days)"),
        _p("r8_weekly_meetings", "R8", "count", 3, "每周面访目标", "Face-to-face meetings per week"),
        _p("r9_planet_months", "R9", "months", 6, "星球营期限（月）", "Planet camp length (months)"),
        _p("r9_cadre_window_months", "R9", "months", 12, "新干部标准窗口（月）", "New-cadre window (months)"),
        _p("r9_cadre_min_sales", "R9", "money", 1_500_000, "新干部业绩（大于）", "New-cadre sales (more than)"),
        _p("r9_cadre_min_customers", "R9", "count", 3, "新干部成交客户数", "New-cadre customers won"),
        _p("r9_cadre_min_new_self", "R9", "count", 2, "自主开发新客户数", "Self-developed new customers"),
        _p("r9_assessment_pass", "R9", "number", 60, "画像评估及格分", "Assessment pass mark"),
        _p("r9_process_window_days", "R9", "days", 90, "过程星级窗口（天）", "Process star window (days)"),
        _p(
            "r9_performance_window_months", "R9", "months", 12, "业绩星级窗口（月）", "Performance star window (months)"
        ),
        _p("r9_warning_quarters", "R9", "count", 2, "连续一星预警季度数", "Quarters at 1 star before warning"),
        _p(
            "r10_new_key_min",
            "R10",
            "money",
            1_000_000,
            "新增大客户季度合作额",
            "New key customer cooperation in quarter",
        ),
        _p("r11_growth", "R11", "rate", 0.2, "成长：同比增长", "Growing: up on prior 12 months"),
        _p("r11_decline", "R11", "rate", 0.3, "风险：同比下降", "At risk: down on prior 12 months"),
        _p("r11_inactive_days", "R11", "days", 90, "风险：无活动天数", "At risk: days without activity"),
        _p("r11_lost_months", "R11", "months", 24, "流失：无成交月数", "Lost: months without a won order"),
        _p("r12_decline", "R12", "rate", 0.2, "下滑整改触发降幅", "Decline rectification trigger"),
        *LATER_PARAMS,
        *TALENT_PARAMS,
        *PORTRAIT_PARAMS,
    ],
    "ranks": [
        _l("partner", "合伙人", "Partner", rank_order=1),
        _l("director", "总监", "Director", rank_order=2),
        _l("general_manager", "总经理", "General manager", rank_order=3),
        _l("hr", "人力资源", "HR", rank_order=None),
    ],
    "r1_price_levels": [
        _l("high", "高", "High", level_order=3, min_unit_price=500_000),
        _l("medium", "中", "Medium", level_order=2, min_unit_price=100_000),
        _l("low", "低", "Low", level_order=1, min_unit_price=0),
    ],
    "r1_quantity_levels": [
        _l("large", "多", "Large", level_order=3, min_orders=6),
        _l("medium", "中", "Medium", level_order=2, min_orders=3),
        _l("small", "少", "Small", level_order=1, min_orders=0),
    ],
    "r1_value_classes": [
        _l("whale", "鲸鱼", "Whale", class_order=4, owner_allowed=1, min_rank="director", or_min_stars=4),
        _l("dolphin", "海豚", "Dolphin", class_order=3, owner_allowed=1, min_tenure_years=1),
        _l("shark", "鲨鱼", "Shark", class_order=2, owner_allowed=1, max_tenure_years=1),
        _l("small_fish", "小鱼", "Small fish", class_order=1, owner_allowed=0),
    ],
    "r1_value_map": [
        {"price_level": p, "quantity_level": q, "value_class": c}
        for p, q, c in [
            ("high", "large", "whale"),
            ("high", "medium", "dolphin"),
            ("high", "small", "dolphin"),
            ("medium", "large", "dolphin"),
            ("medium", "medium", "dolphin"),
            ("medium", "small", "small_fish"),
            ("low", "large", "shark"),
            ("low", "medium", "small_fish"),
            ("low", "small", "small_fish"),
        ]
    ],
    "r2_tiers": [
        _l(
            "VLA",
            "超大客户",
            "Very large account",
            tier_order=4,
            min_customer_revenue=3_000_000_000,
            min_cooperation=5_000_000,
            principal_rank="general_manager",
            key_account=1,
        ),
        _l(
            "MLA",
            "中大客户",
            "Medium-large account",
            tier_order=3,
            min_customer_revenue=1_000_000_000,
            min_cooperation=3_000_000,
            principal_rank="director",
            key_account=1,
        ),
        _l(
            "KA",
            "大客户",
            "Key account",
            tier_order=2,
            min_customer_revenue=300_000_000,
            min_cooperation=1_000_000,
            principal_rank="partner",
            key_account=1,
        ),
        _l(
            "regular",
            "普通客户",
            "Regular",
            tier_order=1,
            min_customer_revenue=0,
            min_cooperation=0,
            principal_rank=None,
            key_account=0,
        ),
    ],
    "r4_dimensions": [
        _l("sales", "销售额", "Sales", dim_order=1, weight=0.4, cap_amount=10_000_000, window_months=24),
        _l("potential", "潜力", "Potential", dim_order=2, weight=0.3, cap_amount=15_000_000, window_months=36),
        _l("winnability", "能赢能交付", "Winnability", dim_order=3, weight=0.2, rating_factor=20),
        _l("demonstration", "示范效应", "Demonstration effect", dim_order=4, weight=0.1, rating_factor=20),
    ],
    "r4_priorities": [
        _l("A", "A 级", "A", min_score=80),
        _l("B", "B 级", "B", min_score=60),
        _l("C", "C 级", "C", min_score=40),
        _l("D", "D 级", "D", min_score=0),
    ],
    "r5_health_bands": [
        _l("healthy", "健康", "Healthy", min_share=0.5),
        _l("building", "建设中", "Building", min_share=0.3),
        _l("unhealthy", "不健康", "Unhealthy", min_share=0.0),
    ],
    "r6_drivers": [
        _l("count", "客户数（多来）", "Customer count (more customers)", department="sales"),
        _l("unit_price", "客单价（多买）", "Unit price (buy more)", department="marketing"),
        _l("frequency", "购买频次（常来）", "Frequency (come more)", department="customer_service"),
    ],
    "r7_stages": [
        _l("locked", "锁单", "Locked", stage_order=1, probability=0.1),
        _l("following", "跟单", "Following", stage_order=2, probability=0.3),
        _l("stuck", "卡单", "Stuck", stage_order=3, probability=0.4),
        _l("won", "成单", "Won", stage_order=4, probability=1.0),
        _l("lost", "丢单", "Lost", stage_order=5, probability=0.0),
    ],
    "r7_key_messages": [
        {"id": i + 1, "sort_order": i + 1, "label_zh": zh, "label_en": en}
        for i, (zh, en) in enumerate(
            [
                ("决策人", "Decision maker"),
                ("决策链", "Decision chain"),
                ("预算", "Budget"),
                ("需求", "Need"),
                ("痛点", "Pain point"),
                ("时间表", "Timeline"),
                ("公司规模", "Company scale"),
                ("经营状况", "Operating status"),
                ("发展规划", "Development plan"),
                ("现有供应商", "Current supplier"),
                ("竞争对手", "Competitors"),
                ("我方支持者", "Our supporter"),
                ("下一步", "Next step"),
            ]
        )
    ],
    "r7_milestones": [
        _l("leader_study", "一把手来学习", "Top leader studies with us", due_day=15),
        _l("leader_proposal", "一把手方案", "Top leader proposal", due_day=30),
        _l("dual_teacher", "双师体验课", "Dual-teacher experience class", due_day=45),
    ],
    "r7_grades": [
        _l("A", "A 单", "A", min_amount=3_000_000, delivery_team=1),
        _l("B", "B 单", "B", min_amount=1_000_000, delivery_team=1),
        _l("C", "C 单", "C", min_amount=300_000, delivery_team=0),
        _l("D", "D 单", "D", min_amount=0, delivery_team=0),
    ],
    "r8_activity_types": [
        _l("face_to_face", "面访", "Face-to-face meeting", counts=1, value_per_meeting=100),
        _l("phone", "电话", "Phone call", counts=0, value_per_meeting=0),
        _l("online", "线上会议", "Online meeting", counts=0, value_per_meeting=0),
        _l("event", "活动/课程", "Event or class", counts=0, value_per_meeting=0),
    ],
    "r9_camps": [
        _l(
            "planet",
            "星球营",
            "Planet camp",
            camp_order=1,
            audience_zh="新合伙人（前 6 个月）",
            audience_en="New partners (first 6 months)",
        ),
        _l("crown", "皇冠营", "Crown camp", camp_order=2, audience_zh="成熟合伙人", audience_en="Established partners"),
        _l("dark_horse", "黑马营", "Dark Horse camp", camp_order=3, audience_zh="讲师", audience_en="Instructors"),
        _l("pegasus", "飞马营", "Pegasus camp", camp_order=4, audience_zh="储备总监", audience_en="Reserve directors"),
        _l(
            "thousand_mile",
            "千里马营",
            "Thousand-mile Horse camp",
            camp_order=5,
            audience_zh="储备总经理",
            audience_en="Reserve general managers",
        ),
        _l(
            "general",
            "将军营",
            "General camp",
            camp_order=6,
            audience_zh="总监和总经理",
            audience_en="Directors and general managers",
        ),
    ],
    "r9_clearances": [
        _l("entry", "入职关", "Entry", clearance_order=1, due_day=7, min_score=90),
        _l("ability", "能力关", "Ability", clearance_order=2, due_day=30, min_orders_won=1, min_precise_customers=5),
        _l(
            "performance",
            "业绩关",
            "Performance",
            clearance_order=3,
            due_day=90,
            min_orders_won=1,
            min_precise_customers=10,
        ),
        _l("planet", "星球关", "Planet", clearance_order=4, window_start_day=60, due_day=90),
    ],
    "r9_command_ranks": [
        _l(
            "regiment",
            "团长",
            "Regiment commander",
            command_order=1,
            min_direct_partners=3,
            sub_rank=None,
            min_sub_rank=0,
        ),
        _l(
            "division",
            "师长",
            "Division commander",
            command_order=2,
            min_direct_partners=3,
            sub_rank="regiment",
            min_sub_rank=1,
        ),
        _l(
            "army",
            "军长",
            "Army commander",
            command_order=3,
            min_direct_partners=4,
            sub_rank="division",
            min_sub_rank=1,
        ),
    ],
    "r9_star_thresholds": [
        {"indicator": ind, "stars": s + 1, "min_value": v}
        for ind, values in [
            ("performance", [0, 500_000, 1_500_000, 3_000_000, 10_000_000]),
            ("process", [0, 12, 24, 36, 48]),
            ("clearance", [0, 1, 2, 3, 4]),
        ]
        for s, v in enumerate(values)
    ],
    "r9_star_salary": [
        {"stars": s, "base_salary": b, "salary_cap": 30_000}
        for s, b in [(1, 6_000), (2, 8_000), (3, 10_000), (4, 13_000), (5, 16_000)]
    ],
    "r10_honors": [
        _l(
            "million_star",
            "百万之星",
            "Million Star",
            honor_order=1,
            period="month",
            metric="sales",
            comparison=">=",
            threshold=1_000_000,
        ),
        _l(
            "monthly_crown",
            "月度销冠",
            "Monthly Crown",
            honor_order=2,
            period="month",
            metric="sales",
            comparison="top",
            threshold=1,
        ),
        _l(
            "planet_club",
            "星球俱乐部",
            "Planet Club",
            honor_order=3,
            period="year",
            metric="sales",
            comparison=">",
            threshold=2_000_000,
        ),
        _l(
            "crown_club",
            "皇冠俱乐部",
            "Crown Club",
            honor_order=4,
            period="year",
            metric="sales",
            comparison=">",
            threshold=10_000_000,
        ),
        _l(
            "three_million_star",
            "年度三百万之星",
            "Three-Million Star of the Year",
            honor_order=5,
            period="year",
            metric="sales",
            comparison=">=",
            threshold=3_000_000,
        ),
        _l(
            "six_time_million_star",
            "六冠百万之星",
            "Six-time Million Star",
            honor_order=6,
            period="year",
            metric="million_star_months",
            comparison=">=",
            threshold=6,
        ),
        _l(
            "million_star_year",
            "年度百万之星",
            "Million Star of the Year",
            honor_order=7,
            period="year",
            metric="sales",
            comparison=">=",
            threshold=1_000_000,
        ),
        _l(
            "new_key_customer",
            "新增大客户奖",
            "New Key Customer award",
            honor_order=8,
            period="quarter",
            metric="new_key_customers",
            comparison="top",
            threshold=3,
        ),
        _l(
            "talent_recruits",
            "伯乐奖",
            "Most recruits",
            honor_order=9,
            period="month",
            metric="recruits",
            comparison="top",
            threshold=1,
        ),
        _l(
            "talent_clearances",
            "育才奖",
            "Most hires passing all clearances",
            honor_order=10,
            period="month",
            metric="cleared_hires",
            comparison="top",
            threshold=1,
        ),
        _l(
            "general_camp_points",
            "将军营积分",
            "General camp points",
            honor_order=11,
            period="week",
            metric="camp_points",
            comparison=">=",  # the week's whole board: everyone with a point, the last place too
            threshold=1,
        ),
    ],
    "r11_states": [
        _l("prospect", "潜在", "Prospect", state_order=1, strategy_zh="开发", strategy_en="Acquire"),
        _l("acquiring", "开发中", "Acquiring", state_order=2, strategy_zh="开发", strategy_en="Acquire"),
        _l("active", "活跃", "Active", state_order=3, strategy_zh="保持", strategy_en="Retain"),
        _l("growing", "成长", "Growing", state_order=4, strategy_zh="升级", strategy_en="Upgrade"),
        _l("at_risk", "风险", "At risk", state_order=5, strategy_zh="挽回", strategy_en="Win back"),
        _l("lost", "流失", "Lost", state_order=6, strategy_zh="保持联系", strategy_en="Stay in touch"),
    ],
    "r11_evaluations": [
        _l("closeness", "关系亲密度评估", "Relationship closeness", every_months=1),
        _l("needs_capability", "需求与能力匹配评估", "Needs against our capability", every_months=3),
    ],
    "r12_processes": [
        _l("evaluate_open", "评估与开拓", "Evaluate and open", process_order=1),
        _l("dig_potential", "挖掘潜力", "Dig potential", process_order=2),
        _l("decline_rectification", "下滑整改", "Decline rectification", process_order=3),
    ],
    "r13_service_levels": [
        _l("chairman", "董事长服务", "Chairman's service", level_order=3, window_months=24, min_cooperation=10_000_000),
        _l(
            "marketing_head",
            "营销负责人服务",
            "Marketing head's service",
            level_order=2,
            window_months=12,
            min_cooperation=5_000_000,
        ),
        _l(
            "branch_principal",
            "分公司负责人服务",
            "Branch principal's service",
            level_order=1,
            window_months=12,
            min_cooperation=3_000_000,
        ),
    ],
    "r14_commission_bands": [
        {"from_amount": 0, "rate": 0.03},
        {"from_amount": 1_000_000, "rate": 0.05},
        {"from_amount": 3_000_000, "rate": 0.08},
    ],
}


def _portraits() -> tuple[list[dict], list[dict], list[dict]]:
    """R3 portraits: 2024 three forces (active) and the earlier ones as history."""
    portraits, forces, criteria = [], [], []
    spec = [
        (
            2019,
            "2019 画像",
            "2019-01-01",
            [
                (
                    "实力",
                    "Strength",
                    [("customer_revenue", "at_least", 50_000_001, "营业额 > 5000 万", "Turnover > 50,000,000")],
                ),
                (
                    "老板爱学习",
                    "Boss loves learning",
                    [("study_sessions_year", "at_least", 1, "老板参加学习", "Boss attends study")],
                ),
                (
                    "团队学习",
                    "Team learning",
                    [("people_sent_year", "at_least", 1, "团队外派学习", "Team sent to study")],
                ),
            ],
        ),
        (
            2021,
            "2021 四力",
            "2021-01-01",
            [
                (
                    "实力",
                    "Strength",
                    [("customer_revenue", "at_least", 500_000_001, "营业额 > 5 亿", "Turnover > 500,000,000")],
                ),
                (
                    "学习投入",
                    "Learning invested",
                    [("learning_spend_year", "at_least", 1_000_001, "学习投入 > 100 万", "Learning spend > 1,000,000")],
                ),
                ("影响力", "Influence", [("industry_top100", "flag", None, "行业百强", "Industry top 100")]),
                (
                    "变革力",
                    "Transformation power",
                    [("ten_billion_strategy", "flag", None, "有清晰战略", "Clear strategy")],
                ),
            ],
        ),
        (
            2022,
            "2022 三力",
            "2022-01-01",
            [
                (
                    "学习力",
                    "Learning ability",
                    [("study_sessions_year", "at_least", 4, "年学习次数", "Study sessions a year")],
                ),
                (
                    "购买力",
                    "Purchasing power",
                    [
                        ("customer_revenue", "at_least", 200_000_001, "营业额 > 2 亿", "Revenue > 200,000,000"),
                        (
                            "learning_spend_year",
                            "at_least",
                            1_000_001,
                            "学习预算 > 100 万",
                            "Learning budget > 1,000,000",
                        ),
                    ],
                ),
                ("需求力", "Demand power", [("winnability", "rating", 3, "需求明确（评分）", "Clear demand (rating)")]),
            ],
        ),
        (
            2023,
            "2023 画像",
            "2023-01-01",
            [
                ("梦想力", "Dream power", [("wants_no1", "flag", None, "想做第一", "Wants to be No. 1")]),
                (
                    "学习力",
                    "Learning ability",
                    [("study_sessions_year", "at_least", 4, "年学习次数", "Study sessions a year")],
                ),
                ("相关性", "Relevance", [("demonstration", "rating", 3, "示范相关性（评分）", "Relevance (rating)")]),
            ],
        ),
        (
            2024,
            "2024 三力",
            "2024-01-01",
            [
                (
                    "实力",
                    "Strength",
                    [
                        (
                            "customer_revenue",
                            "at_least",
                            300_000_000,
                            "营业额 ≥ 3 亿",
                            "Customer revenue >= 300,000,000",
                        ),
                        ("profit", "at_least", 30_000_000, "利润 ≥ 3000 万", "Profit >= 30,000,000"),
                        ("employees", "at_least", 300, "员工 ≥ 300 人", "Employees >= 300"),
                        ("industry_top100", "flag", None, "行业百强", "Industry top 100"),
                        ("regional_top100", "flag", None, "区域百强", "Regional top 100"),
                    ],
                ),
                (
                    "学习力",
                    "Learning ability",
                    [
                        ("study_sessions_year", "at_least", 4, "年学习 ≥ 4 次", "Study sessions a year >= 4"),
                        ("people_sent_year", "at_least", 20, "年外派学习 ≥ 20 人", "People sent to study >= 20"),
                        (
                            "learning_spend_year",
                            "at_least",
                            1_000_000,
                            "年学习投入 ≥ 100 万",
                            "Learning spend >= 1,000,000",
                        ),
                        ("cooperating_institutions", "at_least", 2, "合作机构 ≥ 2 家", "Cooperating institutions >= 2"),
                    ],
                ),
                (
                    "梦想力",
                    "Dream power",
                    [
                        (
                            "segment_leader",
                            "flag",
                            None,
                            "细分领域第一或接近第一",
                            "First or nearly first in its segment",
                        ),
                        ("wants_no1", "flag", None, "想做第一", "Wants to be No. 1"),
                        (
                            "ten_billion_strategy",
                            "flag",
                            None,
                            "百亿以上清晰战略",
                            "Clear strategy of ten billion or more",
                        ),
                    ],
                ),
            ],
        ),
    ]
    force_id = criterion_id = 0
    for pid, (year, name, valid_from, force_list) in enumerate(spec, start=1):
        portraits.append({"id": pid, "name": name, "year": year, "valid_from": valid_from, "active": int(year == 2024)})
        for fzh, fen, crits in force_list:
            force_id += 1
            forces.append({"id": force_id, "portrait_id": pid, "label_zh": fzh, "label_en": fen})
            for field, test, threshold, czh, cen in crits:
                criterion_id += 1
                criteria.append(
                    {
                        "id": criterion_id,
                        "force_id": force_id,
                        "field": field,
                        "test": test,
                        "threshold": threshold,
                        "weight": 1.0,
                        "label_zh": czh,
                        "label_en": cen,
                    }
                )
    return portraits, forces, criteria


RULES_DEFAULTS["r3_portraits"], RULES_DEFAULTS["r3_forces"], RULES_DEFAULTS["r3_criteria"] = _portraits()
# The words that place a customer's free-text industry in a focus industry (migration 018;
# kam.rules.portraits.industry_focus): comma separated, matched as parts of the text.
FOCUS_KEYWORDS = {
    "high_growth": "新能源, 储能, 光伏, 锂电, 新材料, new energy, solar",
    "high_competition": "零售, 汽车, 电商, 快消, retail, automotive, e-commerce",
    "high_tech": "软件, 信息, 芯片, 半导体, 人工智能, 互联网, software, semiconductor, internet",
    "food": "食品, 饮料, 餐饮, 酒业, food, beverage",
    "health": "医疗, 医药, 健康, 生物, health, medical, pharma",
    "home": "家居, 家具, 建材, 家电, home, furniture",
    "costume": "服装, 纺织, 服饰, 鞋业, apparel, textile, fashion",
    "logistics": "物流, 供应链, 快递, 运输, logistics, shipping",
    "intelligence": "智能, 机器人, 自动化, robot, automation",
    "farming": "农业, 农牧, 养殖, 种植, farming, agri",
    "construction": "建筑, 施工, 地产, 土木, construction",  # not 工程: 软件工程, 生物工程
}
RULES_DEFAULTS["r3_focus_industries"] = [
    _l(c, zh, en, list=lst)
    for lst, items in [
        (
            "three_high",
            [
                ("high_growth", "高增长", "High growth"),
                ("high_competition", "高竞争", "High competition"),
                ("high_tech", "高科技", "High tech"),
            ],
        ),
        (
            "advantage",
            [
                ("food", "大食品", "Big food"),
                ("health", "大健康", "Great health"),
                ("home", "大家居", "Home"),
                ("costume", "大服装", "Big costume"),
                ("logistics", "大物流", "Big logistics"),
                ("intelligence", "大智能", "Great intelligence"),
                ("farming", "大农业", "Large farming"),
                ("construction", "大建筑", "Big construction"),
            ],
        ),
    ]
    for c, zh, en in items
]


# Rules tables added after the first release, each created (with its defaults) by the
# migration that brought it, for new and existing databases alike (kam/schema.py).
LATER_RULES_DDL: dict[str, str] = {
    # R7 / issue 13: the moves of the order board, as data: from a stage to another, and what
    # the move needs (a valid lock: key messages all filled and a review by the reviewer
    # rank; a close date; a reason; a manager: a reopen of a won or lost order).
    "r7_transitions": f"""CREATE TABLE r7_transitions (
        id INTEGER PRIMARY KEY,
        from_stage TEXT NOT NULL REFERENCES r7_stages(code),
        to_stage TEXT NOT NULL REFERENCES r7_stages(code),
        needs_valid_lock INTEGER NOT NULL DEFAULT 0 CHECK (needs_valid_lock IN (0, 1)),
        needs_close_date INTEGER NOT NULL DEFAULT 0 CHECK (needs_close_date IN (0, 1)),
        needs_reason INTEGER NOT NULL DEFAULT 0 CHECK (needs_reason IN (0, 1)),
        manager_only INTEGER NOT NULL DEFAULT 0 CHECK (manager_only IN (0, 1)),
        {V},
        CHECK (from_stage <> to_stage),
        UNIQUE (from_stage, to_stage))""",
}


def _move(frm: str, to: str, **needs: int) -> dict:
    return {"from_stage": frm, "to_stage": to, **needs}


# Choice: a move to won needs a valid lock from any stage (a won order was a valid lock);
# lost needs a reason from any open stage; a reopen of won or lost goes back to following,
# by a manager only.
LATER_RULES_DEFAULTS: dict[str, list[dict]] = {
    "r7_transitions": [
        {"id": i + 1, **row}
        for i, row in enumerate(
            [
                _move("locked", "following", needs_valid_lock=1),
                _move("locked", "stuck", needs_valid_lock=1),
                _move("locked", "won", needs_valid_lock=1, needs_close_date=1),
                _move("following", "stuck"),
                _move("following", "won", needs_valid_lock=1, needs_close_date=1),
                _move("stuck", "following"),
                _move("stuck", "won", needs_valid_lock=1, needs_close_date=1),
                _move("locked", "lost", needs_reason=1),
                _move("following", "lost", needs_reason=1),
                _move("stuck", "lost", needs_reason=1),
                _move("won", "following", manager_only=1),
                _move("lost", "following", manager_only=1),
            ]
        )
    ],
}


# The day an order entered its stage, for orders that do not record it (those of before
# migration 009, and rows written without it): its close date when closed, its stuck date
# when stuck, else its lock date.
STAGE_SINCE_BACKFILL = (
    "UPDATE orders SET stage_since = CASE WHEN stage IN ('won', 'lost') THEN COALESCE(close_date, lock_date) "
    "WHEN stage = 'stuck' THEN COALESCE(stuck_since, lock_date) ELSE lock_date END WHERE stage_since IS NULL"
)


# R9 / issue 14: the kind of order a clearance's "orders won" counts (migration 011): any
# group order, or a group order in which the customer's principal (its top leader) takes part.
CLEARANCE_ORDER_KINDS = {"ability": "group", "performance": "principal_group"}
# Choice (ours): the planet clearance's headquarters training assessment is a score too, passed
# at 60 (the pass mark HR uses for the portrait assessment), so that "passed" follows from a
# score and a rule for every recorded clearance, never from a hand-set flag.
PLANET_MIN_SCORE = 60


# R10 honors (issue 15, migration 013): every honor's scope (its winners ranked company-wide,
# or within each branch or team, people placed by their branch and team at the period's end)
# and who receives it (a person, or a team for the legion award: the team's figure is the sum
# of its people's). The Monthly Crown is one honor per scope: company-wide (the first row)
# and per branch (a row of its own); the legion award is a row of its own too.
HONOR_SCOPES = ("company", "branch", "team")
HONOR_RECIPIENTS = ("person", "team")
LATER_HONORS = [
    _l(
        "monthly_crown_branch",
        "分公司月度销冠",
        "Monthly Crown of the branch",
        honor_order=12,
        period="month",
        metric="sales",
        comparison="top",
        threshold=1,
        scope="branch",
        awarded_to="person",
    ),
    _l(
        "legion_award",
        "军团奖",
        "Legion award",
        honor_order=13,
        period="quarter",
        metric="new_key_customers",
        comparison="top",
        threshold=1,
        scope="company",
        awarded_to="team",
    ),
]
# The honors of domain.md: they can be edited (thresholds, labels, scope) but not deleted.
DEFAULT_HONORS = (
    *(row["code"] for row in RULES_DEFAULTS["r10_honors"]),
    *(row["code"] for row in LATER_HONORS),
)
