"""The one translation layer: Simplified Chinese (default) and English.

``translate(key, lang, **params)`` looks a key up and fills ``{placeholders}``; an
unknown key comes back as itself, so a missing translation is visible, never a crash.
Money in summaries: 万/亿 in Chinese, thousands separators in English. Grid cells are
always typed and shown in whole yuan.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import pandas as pd

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

T: dict[str, tuple[str, str]] = {
    # grid editor
    "grid.save": ("保存", "Save"),
    "grid.export_csv": ("导出 CSV", "Export CSV"),
    "grid.export_excel": ("导出 Excel", "Export Excel"),
    "grid.discard": ("放弃修改", "Discard changes"),
    "grid.add_row": ("新增一行", "Add row"),
    "grid.delete_selected": ("删除选中行（{n}）", "Delete selected ({n})"),
    "grid.confirm_delete": ("确认删除 {n} 行？保存后生效。", "Delete {n} rows? They are removed when you save."),
    "grid.confirm": ("确认删除", "Confirm delete"),
    "grid.cancel": ("取消", "Cancel"),
    "grid.pending": ("{n} 处未保存的修改", "{n} unsaved changes"),
    "grid.no_changes": ("没有修改。", "No changes."),
    "scope.colleagues_customer": ("非本人负责的客户 #{id}", "A customer you do not own #{id}"),
    "grid.saved": ("已保存 {n} 处修改。", "Changes saved: {n}."),
    "grid.late_kept": (
        "保存时还在输入的 {n} 处修改没有一起保存，已保留在表格中：请再点一次保存。",
        "{n} edits still being typed when Save was clicked were not in that save; they are kept "
        "in the grid: click Save again.",
    ),
    "grid.rejected": (
        "未保存：请修正以下问题（其他修改都保留在表格中）。",
        "Not saved: fix these problems (your other edits are kept in the grid).",
    ),
    "grid.stale": (
        "{rows}：在你打开后已被他人修改或删除。请放弃修改并重新加载后再改。",
        "{rows}: changed or deleted by someone else since you loaded it. "
        "Discard your changes to reload, then edit again.",
    ),
    "grid.dependents": ("不能删除{row}：{deps}。", "{row} cannot be deleted: {deps}."),
    "grid.dependent_rows": ("{table} 中有 {n} 行引用它", "{n} rows in {table} depend on it"),
    "grid.fixed_rows": (
        "此表的行是固定的：可以修改数值，不能新增或删除。",
        "The rows of this table are fixed: edit values, do not add or delete.",
    ),
    "grid.protected": ("{row}是必需的，不能删除。", "{row} is required and cannot be deleted."),
    "grid.empty": ("还没有数据。点“新增一行”开始。", "No rows yet. Use “Add row” to start."),
    "grid.empty_fixed": ("这张表还没有数据。", "This table has no rows yet."),
    "grid.empty_scope": ("您的权限范围内没有这张表的数据。", "Nothing of this table is in your scope."),
    "grid.search": ("搜索", "Search"),
    "grid.find_ref": ("查找{column}", "Find {column}"),
    "grid.find_ref_hint": ("输入名称或编号", "Type a name or number"),
    "grid.find_ref_help": (
        "选项太多，无法全部列出：下拉框提供搜索到的前 {n} 项和表中已有的值。",
        "Too many to list: the dropdown offers the first {n} found and the values already in the table.",
    ),
    "grid.find_ref_none": ("没有找到“{text}”", "Nothing found for “{text}”"),
    "grid.find_ref_found": (
        "找到 {n} 个：在表格的“{column}”下拉框中选择",
        "{n} found: pick one in the grid's {column} dropdown",
    ),
    "grid.find_ref_more": (
        "只列出前 {n} 个：在表格的“{column}”下拉框中选择，或输入更多文字缩小范围",
        "The first {n} only: pick one in the grid's {column} dropdown, or type more to narrow it",
    ),
    "grid.page": ("页", "Page"),
    "grid.rows_of": ("第 {first}–{last} 行，共 {total} 行", "Rows {first}–{last} of {total}"),
    "grid.deleted_pending": ("待删除：{rows}", "To be deleted: {rows}"),
    "grid.problem": ("{row}，{column}：{reason}", "{row}, column {column}: {reason}"),
    "grid.problem_table": ("{column}：{reason}", "{column}: {reason}"),
    "grid.text": ("{text}", "{text}"),
    # enum codes shown in grids (stored as codes)
    "enum.entity_type.company": ("公司", "Company"),
    "enum.entity_type.branch": ("分公司", "Branch"),
    "enum.entity_type.team": ("团队", "Team"),
    "enum.entity_type.person": ("个人", "Person"),
    "enum.department.sales": ("销售部", "Sales"),
    "enum.department.marketing": ("市场部", "Marketing"),
    "enum.department.customer_service": ("客服部", "Customer service"),
    "enum.list.three_high": ("三高行业", "Three-high industries"),
    "enum.list.advantage": ("八大优势行业", "Eight advantageous industries"),
    "enum.test.at_least": ("不低于门槛", "At least the threshold"),
    "enum.test.flag": ("是/否", "Yes/no flag"),
    "enum.test.rating": ("评分不低于", "Rating at least"),
    "enum.command_rank.regiment": ("团长", "Regiment commander"),
    "enum.command_rank.division": ("师长", "Division commander"),
    "enum.command_rank.army": ("军长", "Army commander"),
    "grid.new_row": ("新行", "new row"),
    "grid.row_named": ("“{name}”", "“{name}”"),
    "grid.no_user": (
        "请先在侧边栏选择当前操作人，再保存。",
        "Choose who you are acting as in the sidebar before saving.",
    ),
    # validation reasons
    "v.required": ("必填", "required"),
    "v.not_integer": ("应为整数，收到 “{value}”", "must be a whole number, got “{value}”"),
    "v.not_number": ("应为数字，收到 “{value}”", "must be a number, got “{value}”"),
    "v.not_date": ("应为日期 YYYY-MM-DD，收到 “{value}”", "must be a date YYYY-MM-DD, got “{value}”"),
    "v.not_bool": ("应为是/否，收到 “{value}”", "must be yes or no, got “{value}”"),
    "v.below_min": ("不能小于 {min}", "must be at least {min}"),
    "v.above_max": ("不能大于 {max}", "must be at most {max}"),
    "v.rate_range": (
        "比例应在 0 到 1 之间（如 0.3 表示 30%），收到 {value}",
        "a rate is a fraction from 0 to 1 (0.3 for 30%), got {value}",
    ),
    "v.not_choice": ("“{value}” 不在可选值中", "“{value}” is not one of the allowed values"),
    "v.unknown_ref": ("引用的记录 {value} 不存在", "refers to {value}, which does not exist"),
    "v.jscode": ("不能包含 “::JSCODE::”", "must not contain “::JSCODE::”"),
    "v.duplicate": ("“{value}” 与其他行重复", "“{value}” is used by another row"),
    "v.order": ("门槛应随等级递增：{value}", "thresholds must rise with the level: {value}"),
    "v.weights_sum": ("权重合计应为 1，现为 {value}", "weights must add up to 1, they add up to {value}"),
    "v.map_incomplete": ("价值矩阵缺少组合：{value}", "the value map lacks combinations: {value}"),
    "v.map_duplicate": ("价值矩阵组合重复：{value}", "the value map repeats a combination: {value}"),
    "v.honor_period": ("此指标的周期只能是：{value}", "this metric is counted per: {value}"),
    "v.honor_places": ("“前几名”应为 1 以上的整数", "the number of top places must be a whole number of at least 1"),
    "v.honor_team_scope": (
        "团队奖按公司或分公司排名，不能按团队",
        "a team award ranks teams company-wide or per branch",
    ),
    "v.lowest_zero": ("最低一级的门槛应为 0", "the lowest level must start at 0"),
    "v.stars_complete": ("每个指标都要有 1–5 星的门槛", "each indicator needs thresholds for 1 to 5 stars"),
    "v.dim_scale": ("需要封顶金额（大于 0）或评分系数之一", "needs a cap amount above 0 or a rating factor"),
    "v.dim_window": ("销售额按统计窗口累计，需要月数", "sales are summed over a window: months needed"),
    "v.threshold_needed": ("“至少”和“评分”类条件需要门槛", "an “at least” or “rating” test needs a threshold"),
    "v.reviewer_needed": ("锁单需要填写审核人最低职级", "the locked stage needs the lowest rank whose review counts"),
    "v.rank_order_needed": ("规则用到此职级，需要排序", "the rules use this rank: it needs an order"),
    "v.one_active": (
        "只能有一个当前使用的画像，现有 {value} 个",
        "exactly one portrait must be active, there are {value}",
    ),
    "v.entity": ("对象类型与对象不匹配", "the entity does not fit the entity type"),
    "v.period": (
        "期间应为 2026、2026-Q4 或 2026-10，收到 “{value}”",
        "a period is 2026, 2026-Q4 or 2026-10, got “{value}”",
    ),
    "v.close_date": (
        "成单和丢单需要结单日期，其他阶段不应有",
        "won and lost orders need a close date, other stages none",
    ),
    "v.date_order": ("不能早于 {other}", "must not be before {other}"),
    "v.self_ref": ("不能引用自己", "must not refer to itself"),
    "rules.unusable": (
        "规则表 {table} 第 {row} 行“{column}”无法用于计算（{reason}），请在规则设置中改正。",
        "The rules table {table}, row {row}, column {column} cannot be used ({reason}): "
        "correct it on the settings page.",
    ),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}


def translate(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    pair = _ALL.get(key)
    if pair is None:
        text = key
    else:
        text = pair[0] if lang == "zh" else pair[1]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


# One money format for every page, card, chart, list and export (issue 11):
# - a summary figure is scaled: 万 and 亿 in Chinese, K and M in English, always with
#   MONEY_DECIMALS decimals ("9,937.30 万" beside "3.40 亿", "12.35K" beside "1.25M");
#   below the first unit it is whole yuan with separators ("9,999");
# - the unit is chosen on the figure as it will be shown (rounded), so 99,999,999 is
#   "1.00 亿", never "10,000.00 万";
# - a cell of a grid or an export holds exact whole yuan with thousands separators
#   (:func:`fmt_yuan`): a grid cell is typed and read in yuan (domain.md: units);
# - a chart axis takes its unit the same way, on its largest rounded value (:func:`money_axis`).
MONEY_DECIMALS = 2
RATE_DECIMALS = 1
MONEY_UNITS: dict[str, tuple[tuple[int, str], ...]] = {
    # (divisor, suffix), smallest first; a figure takes the largest unit it reaches.
    "zh": ((10_000, " 万"), (100_000_000, " 亿")),
    "en": ((1_000, "K"), (1_000_000, "M")),
}
AXIS_UNITS: dict[str, tuple[str, ...]] = {
    # the axis title of each unit above, after the plain yuan one
    "zh": ("元", "万元", "亿元"),
    "en": ("yuan", "thousand yuan", "million yuan"),
}


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def money_unit(amount: float, lang: str = DEFAULT_LANG) -> int:
    """Which unit ``amount`` is shown in: 0 = yuan, 1 = 万/K, 2 = 亿/M (on the rounded figure)."""
    units = MONEY_UNITS["zh" if lang == "zh" else "en"]
    a = abs(float(amount))
    level = 0
    if round(a) < units[0][0]:
        return 0
    for i, (divisor, _) in enumerate(units, start=1):
        # Rounded at the precision of the unit below: 9,999.996 万 shows as 1.00 亿.
        below = units[i - 2][0] if i > 1 else 1
        shown = round(a / below, MONEY_DECIMALS if i > 1 else 0) * below
        if shown >= divisor:
            level = i
    return level


def fmt_money(amount: float | None, lang: str = DEFAULT_LANG) -> str:
    """A summary figure: "9,999", "1.00 万", "3.40 亿" in Chinese; "999", "1.00K",
    "1,001.59M" in English; "—" when missing."""
    if _missing(amount):
        return "—"
    assert amount is not None
    level = money_unit(amount, lang)
    if level == 0:
        return f"{amount:,.0f}"
    divisor, suffix = MONEY_UNITS["zh" if lang == "zh" else "en"][level - 1]
    return f"{amount / divisor:,.{MONEY_DECIMALS}f}{suffix}"


def fmt_yuan(amount: float | None) -> str:
    """An exact figure in whole yuan with thousands separators ("10,000,000"); "—" when missing."""
    return "—" if _missing(amount) else f"{amount:,.0f}"


def money_axis(largest: float, lang: str = DEFAULT_LANG) -> tuple[int, str]:
    """(divisor, axis title) of a money axis whose largest absolute value is ``largest``:
    the unit that figure is shown in by :func:`fmt_money`."""
    level = money_unit(0.0 if _missing(largest) else largest, lang)
    key = "zh" if lang == "zh" else "en"
    divisor = MONEY_UNITS[key][level - 1][0] if level else 1
    return divisor, AXIS_UNITS[key][level]


_MARKDOWN = set("\\`*_{}[]()#+-.!|~:<>$")


_LINE_BREAKS = dict.fromkeys(map(ord, "\r\n\x0b\x0c\x85\u2028\u2029"), " ")


def plain(text: object, keep: str = "") -> str:
    """Text from a rules table or a user made inert for Streamlit's Markdown (st.write,
    st.badge), on one line: a line break is a space (a name with a blank line in it would end
    a card's or a list item's paragraph and start another).

    :param keep: characters left alone (``st.badge`` escapes ``[]`` itself).
    """
    one_line = str(text).translate(_LINE_BREAKS)
    return "".join("\\" + ch if ch in _MARKDOWN and ch not in keep else ch for ch in one_line)


def fmt_number(x: float | None) -> str:
    """A plain number as a grid and a message show it: thousands separators, whole numbers
    without decimals, others with up to six ("50,000,001", "0.5"), never "5e+07"."""
    if _missing(x):
        return "—"
    assert x is not None
    if isinstance(x, int) or float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def enum_label(column: str, code: object, lang: str = DEFAULT_LANG) -> str:
    """A stored code's label in ``lang`` (``enum.<column>.<code>``), else the code itself."""
    key = f"enum.{column}.{code}"
    label = translate(key, lang)
    return str(code) if label == key else label


def fmt_rate(rate: float | None) -> str:
    """A fraction as a percentage with RATE_DECIMALS decimals ("56.6%"); "—" when missing."""
    if _missing(rate):
        return "—"
    assert rate is not None
    return f"{rate * 100:.{RATE_DECIMALS}f}%"


# Column headers: one label per column name across tables (the same word everywhere).
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    f"col.{k}": v
    for k, v in {
        "id": ("编号", "ID"),
        "code": ("代码", "Code"),
        "name": ("名称", "Name"),
        "region": ("区域", "Region"),
        "branch_id": ("分公司", "Branch"),
        "team_id": ("团队", "Team"),
        "rank": ("职级", "Rank"),
        "rank_order": ("职级顺序", "Rank order"),
        "command_rank": ("指挥职务", "Command rank"),
        "manager_id": ("上级", "Manager"),
        "join_date": ("入职日期", "Join date"),
        "left_date": ("离职日期", "Left date"),
        "industry": ("行业", "Industry"),
        "customer_revenue": ("客户营收（元/年）", "Customer revenue (yuan/yr)"),
        "profit": ("利润（元）", "Profit (yuan)"),
        "employees": ("员工数", "Employees"),
        "winnability": ("能赢能交付（0-5）", "Winnability (0-5)"),
        "demonstration": ("示范效应（0-5）", "Demonstration (0-5)"),
        "expected_cooperation_36m": ("未来 36 个月预计合作（元）", "Expected cooperation 36m (yuan)"),
        "owner_id": ("负责人", "Owner"),
        "developed_by": ("开发人", "Developed by"),
        "label_zh": ("中文名称", "Chinese label"),
        "label_en": ("英文名称", "English label"),
        "rule": ("规则", "Rule"),
        "kind": ("单位", "Unit"),
        "value": ("数值", "Value"),
        "level_order": ("等级顺序", "Level order"),
        "min_unit_price": ("最低单价（元）", "Min unit price (yuan)"),
        "min_orders": ("最少成单数", "Min won orders"),
        "class_order": ("排序", "Order"),
        "owner_allowed": ("可有负责人", "May have an owner"),
        "min_rank": ("最低职级", "Min rank"),
        "or_min_stars": ("或最低星级", "Or min stars"),
        "min_tenure_years": ("最短司龄（年）", "Min tenure (years)"),
        "max_tenure_years": ("司龄低于（年）", "Tenure under (years)"),
        "price_level": ("单价等级", "Price level"),
        "quantity_level": ("数量等级", "Quantity level"),
        "value_class": ("价值分类", "Value class"),
        "tier_order": ("层级顺序", "Tier order"),
        "min_customer_revenue": ("最低客户营收（元）", "Min customer revenue (yuan)"),
        "min_cooperation": ("最低合作额（元）", "Min cooperation (yuan)"),
        "principal_rank": ("负责人职级", "Principal rank"),
        "key_account": ("属大客户", "Key account"),
        "year": ("年份", "Year"),
        "valid_from": ("生效日期", "Valid from"),
        "active": ("当前使用", "Active"),
        "portrait_id": ("画像", "Portrait"),
        "force_id": ("力", "Force"),
        "field": ("客户字段", "Customer field"),
        "test": ("判断方式", "Test"),
        "threshold": ("门槛", "Threshold"),
        "weight": ("权重", "Weight"),
        "list": ("清单", "List"),
        "dim_order": ("排序", "Order"),
        "cap_amount": ("封顶金额（元）", "Cap (yuan)"),
        "window_months": ("窗口（月）", "Window (months)"),
        "rating_factor": ("评分系数", "Rating factor"),
        "min_score": ("最低分", "Min score"),
        "min_share": ("最低占比", "Min share"),
        "department": ("负责部门", "Department"),
        "stage_order": ("阶段顺序", "Stage order"),
        "probability": ("成交概率", "Probability"),
        "reviewer_rank": ("审核人最低职级", "Lowest reviewer rank"),
        "sort_order": ("排序", "Order"),
        "due_day": ("截止天数", "Due day"),
        "min_amount": ("最低金额（元）", "Min amount (yuan)"),
        "delivery_team": ("交付团队负责", "Delivery team"),
        "counts": ("计入过程绩效", "Counts"),
        "value_per_meeting": ("每次价值（元）", "Value per meeting (yuan)"),
        "camp_order": ("顺序", "Order"),
        "audience_zh": ("对象（中文）", "Audience (Chinese)"),
        "audience_en": ("对象（英文）", "Audience (English)"),
        "clearance_order": ("顺序", "Order"),
        "window_start_day": ("窗口起始天", "Window start day"),
        "min_orders_won": ("最少成单数", "Min orders won"),
        "min_precise_customers": ("最少精准客户", "Min precise customers"),
        "command_order": ("顺序", "Order"),
        "min_direct_partners": ("最少直属合伙人", "Min direct partners"),
        "sub_rank": ("下级职务", "Sub-command rank"),
        "min_sub_rank": ("最少下级职务人数", "Min sub-commanders"),
        "indicator": ("指标", "Indicator"),
        "stars": ("星级", "Stars"),
        "min_value": ("最低值", "Min value"),
        "base_salary": ("底薪（元）", "Base salary (yuan)"),
        "salary_cap": ("封顶（元）", "Cap (yuan)"),
        "honor_order": ("顺序", "Order"),
        "period": ("期间", "Period"),
        "metric": ("指标", "Metric"),
        "comparison": ("比较", "Comparison"),
        "state_order": ("顺序", "Order"),
        "strategy_zh": ("策略（中文）", "Strategy (Chinese)"),
        "strategy_en": ("策略（英文）", "Strategy (English)"),
        "every_months": ("周期（月）", "Every (months)"),
        "process_order": ("顺序", "Order"),
        "from_amount": ("起点金额（元）", "From amount (yuan)"),
        "rate": ("提成比例", "Rate"),
        "version": ("版本", "Version"),
        "entity_type": ("对象类型", "Entity type"),
        "entity_id": ("对象", "Entity"),
        "amount": ("金额（元）", "Amount (yuan)"),
        "to_amount": ("上限金额（元）", "To amount (yuan)"),
        "band": ("档位", "Band"),
        "sales_in_band": ("本档业绩（元）", "Sales in band (yuan)"),
        "commission_in_band": ("本档提成（元）", "Commission in band (yuan)"),
        "leader_id": ("团队负责人", "Team leader"),
        "scope": ("评选范围", "Scope"),
        "awarded_to": ("授予对象", "Awarded to"),
        "honor_code": ("荣誉", "Honor"),
        "rank_no": ("名次", "Place"),
        "figure": ("获奖成绩", "Figure awarded on"),
        "last_place": ("是否末位", "Is last place"),
        "runner_up": ("是否入围", "Is runner-up"),
        "frozen_at": ("冻结时间", "Kept at"),
        "reopened_at": ("重新打开时间", "Reopened at"),
        "reopened_by": ("重新打开人", "Reopened by"),
        "reopen_reason": ("重新打开原因", "Reason for reopening"),
        "recruited_by": ("招聘人", "Recruited by"),
        "shows_last": ("榜单（列出末位）", "Board (shows the last place)"),
        "honors_kept": ("已保存荣誉", "Honors kept"),
        "honor_rules": ("关账时的荣誉规则", "Honor rules at the close"),
    }.items()
}

# One line per rule for the settings page.
RULE_TEXT: dict[str, tuple[str, str]] = {
    "rule.R1": (
        "R1 价值象限：按统计窗口内的单价和数量把客户分为鲸鱼、海豚、鲨鱼、小鱼，并匹配负责人。",
        "R1 Value quadrant: whale, dolphin, shark, small fish by unit price and quantity over the window, and owner matching.",
    ),
    "rule.R2": (
        "R2 客户分级：客户实力和合作额分别定级，取较低者；职级顺序也在这里。",
        "R2 Rating tiers: strength and cooperation levels, the tier is the lower; the rank order lives here too.",
    ),
    "rule.R3": (
        "R3 客户画像：带版本的理想客户标准（力与条件）和重点行业。",
        "R3 Portraits: versioned ideal-customer criteria (forces and criteria) and focus industries.",
    ),
    "rule.R4": (
        "R4 综合积分：四个维度的封顶、窗口、系数和权重（合计为 1），以及 A-D 优先级。",
        "R4 Comprehensive points: caps, windows, factors and weights (adding up to 1), and A-D priority.",
    ),
    "rule.R5": (
        "R5 客户结构：大客户合作占比的健康区间和头部客户口径。",
        "R5 Customer structure: health bands of the key-account share and the top-customer measures.",
    ),
    "rule.R6": (
        "R6 目标分解：收入驱动因素及其负责部门。",
        "R6 Targets: the revenue drivers and the departments that own them.",
    ),
    "rule.R7": (
        "R7 四单管理：阶段概率、锁单审核职级、关键信息清单、跟单里程碑、订单分级和审核期限。",
        "R7 Order board: stage probabilities, the lock reviewer rank, the key messages, milestones, grades and review deadlines.",
    ),
    "rule.R8": (
        "R8 过程激励：哪些活动计入过程绩效、每次的价值和每周目标。",
        "R8 Activities: which activities count, their value and the weekly target.",
    ),
    "rule.R9": (
        "R9 人才梯队：训练营、新人通关、指挥职务、星级门槛和底薪。",
        "R9 Talent pipeline: camps, clearances, command ranks, star thresholds and base salary.",
    ),
    "rule.R10": (
        "R10 荣誉榜：各项荣誉的期间、指标和门槛。",
        "R10 Honor rolls: each honor's period, metric and threshold.",
    ),
    "rule.R11": (
        "R11 客户生命周期：状态、策略和评估周期。",
        "R11 Customer lifecycle: states, strategies and evaluation cadence.",
    ),
    "rule.R12": (
        "R12 “113” 项目管理：三个流程和下滑整改触发线。",
        "R12 Project management 113: the three processes and the decline trigger.",
    ),
    "rule.R13": ("R13 战略合作服务等级：合作额门槛和窗口。", "R13 Service levels: cooperation thresholds and windows."),
    "rule.R14": ("R14 阶梯提成：按年度业绩分段累进。", "R14 Tiered commission: progressive bands on annual sales."),
    "table.branches": ("分公司", "branches"),
    "table.teams": ("团队", "teams"),
    "table.people": ("人员", "people"),
    "table.customers": ("客户", "customers"),
    "table.orders": ("订单", "orders"),
    "table.order_key_messages": ("订单关键信息", "order key messages"),
    "table.order_milestones": ("订单里程碑", "order milestones"),
    "table.stuck_analyses": ("卡单分析", "stuck analyses"),
    "table.meetings": ("拜访记录", "meetings"),
    "table.targets": ("目标", "targets"),
    "table.camp_enrolments": ("训练营报名", "camp enrolments"),
    "table.clearance_results": ("通关记录", "clearance results"),
    "table.hr_assessments": ("人力评估", "HR assessments"),
    "table.honors": ("荣誉", "honors"),
    "table.ka_plan": ("十年规划", "ten-year plan"),
    "table.rule_params": ("参数", "Parameters"),
    "table.ranks": ("职级顺序", "Rank order"),
    "table.r1_price_levels": ("单价等级", "Price levels"),
    "table.r1_quantity_levels": ("数量等级", "Quantity levels"),
    "table.r1_value_classes": ("价值分类与负责人要求", "Value classes and owner requirements"),
    "table.r1_value_map": ("3×3 价值矩阵", "3x3 value map"),
    "table.r2_tiers": ("客户层级", "Tiers"),
    "table.r3_portraits": ("画像版本", "Portraits"),
    "table.r3_forces": ("力", "Forces"),
    "table.r3_criteria": ("条件", "Criteria"),
    "table.r3_focus_industries": ("重点行业", "Focus industries"),
    "table.r4_dimensions": ("积分维度", "Point dimensions"),
    "table.r4_priorities": ("优先级", "Priorities"),
    "table.r5_health_bands": ("健康区间", "Health bands"),
    "table.r6_drivers": ("收入驱动因素", "Revenue drivers"),
    "table.r7_stages": ("订单阶段", "Stages"),
    "table.r7_key_messages": ("关键信息清单", "Key messages"),
    "table.r7_milestones": ("跟单里程碑", "Milestones"),
    "table.r7_grades": ("订单分级", "Grades"),
    "table.r8_activity_types": ("活动类型", "Activity types"),
    "table.r9_camps": ("训练营", "Camps"),
    "table.r9_clearances": ("通关", "Clearances"),
    "table.r9_command_ranks": ("指挥职务", "Command ranks"),
    "table.r9_star_thresholds": ("星级门槛", "Star thresholds"),
    "table.r9_star_salary": ("星级底薪", "Base salary by star"),
    "table.r10_honors": ("荣誉", "Honors"),
    "table.r11_states": ("生命周期状态", "Lifecycle states"),
    "table.r11_evaluations": ("评估周期", "Evaluations"),
    "table.r12_processes": ("三个流程", "Processes"),
    "table.r13_service_levels": ("服务等级", "Service levels"),
    "table.r14_commission_bands": ("提成阶梯", "Commission bands"),
}


def _merge_texts() -> dict[str, tuple[str, str]]:
    """All texts in one dict: the shared ones above and each page's module in kam/texts/."""
    import importlib
    import pkgutil

    import kam.texts

    merged: dict[str, tuple[str, str]] = {}
    for table in (T, COLUMN_LABELS, RULE_TEXT):
        merged.update(table)
    for info in sorted(pkgutil.iter_modules(kam.texts.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"kam.texts.{info.name}")
        for key, pair in getattr(module, "TEXT", {}).items():
            if key in merged and merged[key] != pair:
                raise ValueError(f"translation key {key!r} defined twice with different texts")
            merged[key] = pair
    return merged


_ALL = _merge_texts()


@functools.lru_cache(maxsize=65_536)
def name_key(name: str) -> str:
    """A name as people look it up in a list: Chinese characters by their pinyin (梁波
    "liang bo" before 王丹 "wang dan", as a Chinese phone book or HR roster orders them,
    where code-point order put 王 before 梁 by chance), other text as it is, case-blind.
    pypinyin (README: why) is imported on first use: its dictionaries take a third of a
    second to load, which a page that lists no names should not pay."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(str(name))).casefold()


def by_name(frame: pd.DataFrame, column: str = "name", then: str = "id") -> pd.DataFrame:
    """``frame`` sorted by :func:`name_key` of ``column``, then ``then`` (namesakes)."""
    return frame.sort_values([column, then], key=lambda s: s.map(name_key) if s.name == column else s, kind="stable")
