"""Texts of the shared page parts (sidebar, filter bar, as-of note): key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "sidebar.language": ("语言", "Language"),
    "filter.branch": ("分公司", "Branch"),
    "filter.team": ("团队", "Team"),
    "filter.owner": ("负责人", "Owner"),
    "filter.as_of": ("统计日期", "As of"),
    "filter.year": ("年度", "Year"),
    "filter.all": ("全部", "All"),
    "widget.choose": ("请选择", "Choose an option"),
    # a long list a page at a time (kam.ui.paged)
    "list.search": ("搜索", "Search"),
    "list.search_hint": ("名称、负责人、层级……", "name, owner, tier…"),
    "list.sort": ("排序", "Sort by"),
    "list.own_order": ("列表默认顺序", "the list's own order"),
    "list.descending": ("降序", "Descending"),
    "list.page": ("页码（共 {pages} 页）", "Page (of {pages})"),
    "list.rows_of": ("第 {first}–{last} 行，共 {n} 行。", "Rows {first}–{last} of {n}."),
    "list.rows_of_found": (
        "第 {first}–{last} 行，共 {n} 行符合搜索（全部 {total} 行）。",
        "Rows {first}–{last} of the {n} found (of {total}).",
    ),
    "list.hint": (
        "这里的搜索和排序覆盖全部行；点击表头只排当前这一页。",
        "Search and sort here cover every row; a header click sorts this page only.",
    ),
    "list.none_found": ("没有包含“{text}”的行。", "No row contains “{text}”."),
    "list.total_of": ("{column}合计 {amount}", "Total {column}: {amount}"),
    "filter.as_of_stops": (
        "数据截至 {date}，统计日期默认取这一天（而不是今天）。",
        "The data stops on {date}, so the as-of date defaults to that day instead of today.",
    ),
    # why the scoring cannot use a rules row (kam/rules raises RuleInputError with these words)
    "rules.why.rules table missing": ("规则表不存在", "the rules table is missing"),
    "rules.why.parameter missing": ("缺少此参数", "the parameter is missing"),
    "rules.why.honor or threshold missing": ("缺少此荣誉或其门槛", "the honor or its threshold is missing"),
    "rules.why.expected >= or >": ("比较应为“不低于”或“高于”", "the comparison must be at least or above"),
    "rules.why.expected >=, > or top": (
        "比较应为“不低于”“高于”或“前几名”",
        "the comparison must be at least, above or top places",
    ),
    "rules.why.unknown metric": ("未知的荣誉指标", "an unknown honor metric"),
    "rules.why.exactly one portrait must be active": (
        "必须有且只有一个启用的画像",
        "exactly one portrait must be active",
    ),
    "rules.why.unknown portrait": ("画像不存在", "the portrait does not exist"),
    "rules.why.a force needs at least one criterion": (
        "每个“力”至少要有一条标准",
        "a force needs at least one criterion",
    ),
    "rules.why.expected at_least, flag or rating": (
        "标准类型应为“数值不低于”“是/否”或“评分不低于”",
        "the kind must be a number at least, a yes/no flag or a rating at least",
    ),
    "rules.why.negative weight": ("权重不能为负", "a weight cannot be negative"),
    "rules.why.the criteria's total weight is 0": ("画像各标准的权重合计为 0", "the criteria's weights add up to 0"),
    "rules.why.unknown customer field": ("客户表没有这个字段", "customers have no such field"),
    "rules.why.reviewer rank missing": ("缺少审核人最低职级", "the lowest reviewer rank is missing"),
    "rules.why.rank missing or without an order": ("职级不存在或没有排序", "the rank is missing or has no order"),
    "rules.why.window needed": ("需要统计窗口（月）", "a window in months is needed"),
    "rules.why.unknown dimension": ("未知的积分维度", "an unknown point dimension"),
    "rules.why.cap or rating factor needed": ("需要封顶金额或评分系数", "a cap or a rating factor is needed"),
}
