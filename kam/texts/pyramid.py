"""Texts of the customer pyramid page (pages/pyramid.py): key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.pyramid": ("客户金字塔", "Customer pyramid"),
    "pyramid.title": ("客户金字塔", "Customer pyramid"),
    "pyramid.intro": (
        "分公司的合作从哪里来、哪些客户该升级、负责人是否匹配。合作额 = 近 {months} 个月成单金额；"
        "层级取客户实力和合作额两者中较低的一级。",
        "Where the branch's cooperation comes from, which customers to upgrade, and whether owners fit. "
        "Cooperation = won orders over the last {months} months; the tier is the lower of strength and cooperation.",
    ),
    "pyramid.scope_help": (
        "按客户当前负责人所在的分公司、团队筛选；没有负责人的客户按客户所属分公司。",
        "Customers are selected by their current owner's branch and team; unowned customers by their own branch.",
    ),
    # key figures
    "pyramid.m.customers": ("客户数", "Customers"),
    "pyramid.m.key_accounts": ("大客户", "Key accounts"),
    "pyramid.m.key_accounts_help": (
        "层级为 KA 及以上（KA、MLA、VLA）的客户。",
        "Customers of tier KA or above (KA, MLA, VLA).",
    ),
    "pyramid.m.cooperation": ("合作额", "Cooperation"),
    "pyramid.m.cooperation_help": (
        "这些客户近 {months} 个月的成单金额（不论订单归谁）。",
        "Won orders of these customers over the last {months} months, whoever owns them.",
    ),
    "pyramid.m.ka_share": ("大客户贡献", "KA share"),
    "pyramid.m.ka_share_help": (
        "大客户贡献的合作额占比，决定结构健康度。",
        "Share of cooperation from key accounts; it sets the structure health.",
    ),
    "pyramid.m.top_share": ("前 {pct} 客户贡献", "Top {pct} of customers give"),
    "pyramid.m.top_share_help": (
        "有合作的客户中头部 {n} 家（向上取整）贡献的合作额占比。",
        "Share of cooperation from the top {n} customers with cooperation (rounded up).",
    ),
    "pyramid.m.top_n": ("前 {n} 名客户贡献", "Top {n} customers give"),
    "pyramid.m.upgrade": ("升级目标", "Upgrade targets"),
    "pyramid.m.upgrade_help": (
        "客户实力高于合作等级：多合作就能升级的客户。",
        "Strength above cooperation level: more cooperation lifts their tier.",
    ),
    "pyramid.m.mismatch": ("负责人不匹配", "Mismatches"),
    "pyramid.m.mismatch_help": (
        "负责人不符合价值分类或层级的要求。",
        "The owner does not meet what the value class or the tier needs.",
    ),
    "pyramid.m.incomplete": (
        "{n} 家客户资料不全（缺失值按 0 计算），请在下方客户表中补齐。",
        "Customers with missing fields (counted as 0): {n}. Fill them in the grid below.",
    ),
    # sections
    "pyramid.s.pyramid": ("客户金字塔：客户数与合作额", "Pyramid: customers and cooperation by tier"),
    "pyramid.s.value_map": ("价值矩阵：单价 × 数量", "Value map: unit price x quantity"),
    "pyramid.s.pareto": ("帕累托曲线", "Pareto curve"),
    "pyramid.s.health": ("结构健康度", "Structure health"),
    "pyramid.s.shares": ("各价值分类的客户数与合作占比", "Customers and cooperation share by value class"),
    "pyramid.s.upgrade": ("升级目标 {n}（差距从小到大）", "Upgrade targets {n} (smallest gap first)"),
    "pyramid.s.mismatch": ("负责人不匹配 {n}", "Owner mismatches {n}"),
    # The lists' tabs (their labels stay put when a save changes a count: a tab whose label
    # changes is a new tab, and the open one would fall back to the first).
    "pyramid.tab.upgrade": ("升级目标", "Upgrade targets"),
    "pyramid.tab.mismatch": ("负责人不匹配", "Owner mismatches"),
    "pyramid.lists_hint": (
        "在下方“客户表显示”中选择升级目标或负责人不匹配，即可在客户表中逐个处理。",
        "Choose upgrade targets or owner mismatches in “Grid shows” below to work through them.",
    ),
    "pyramid.s.grid": ("客户表", "Customers"),
    # charts
    "pyramid.chart.tier": ("层级", "Tier"),
    "pyramid.chart.customer_share": ("← 客户数占比", "← share of customers"),
    "pyramid.chart.cooperation_share": ("合作额占比 →", "share of cooperation →"),
    "pyramid.chart.customers": ("客户数", "Customers"),
    "pyramid.chart.cooperation": ("合作额", "Cooperation"),
    "pyramid.chart.price": ("单价", "Unit price"),
    "pyramid.chart.quantity": ("数量（成单数）", "Quantity (won orders)"),
    "pyramid.chart.class": ("价值分类", "Value class"),
    "pyramid.chart.customer_axis": (
        "客户累计占比（按合作额从高到低）",
        "Share of customers (largest cooperation first)",
    ),
    "pyramid.chart.cumulative": ("合作额累计占比", "Cumulative share of cooperation"),
    "pyramid.chart.line": ("80% 线", "80% line"),
    "pyramid.chart.top_line": ("前 {pct} 客户", "top {pct} of customers"),
    "pyramid.click_hint": (
        "点击柱条或格子，下方客户表只显示对应的客户。",
        "Click a bar or a cell: the customers grid below shows just those customers.",
    ),
    "pyramid.unrated_caption": (
        "未评级（近 {months} 个月无成单）的 {n} 家客户不在矩阵中。",
        "{n} unrated customers (no won order in the last {months} months) are not on the map.",
    ),
    "pyramid.pareto_empty": ("还没有合作额，画不出帕累托曲线。", "No cooperation yet: no Pareto curve to draw."),
    # structure health
    "pyramid.health_text": (
        "大客户（KA 及以上）贡献 {share} 的合作额。健康区间：{bands}。",
        "Key accounts (KA and above) give {share} of cooperation. Bands: {bands}.",
    ),
    "pyramid.health_no_data": (
        "还没有合作额，无法判断结构健康度。健康区间：{bands}。",
        "No cooperation yet, so no structure health. Bands: {bands}.",
    ),
    "pyramid.health_band": ("{label} ≥ {min}", "{label} ≥ {min}"),
    "pyramid.no_data": ("暂无数据", "No data"),
    "pyramid.unrated": ("未评级", "Unrated"),
    "pyramid.share": ("占比", "Share"),
    # lists
    "pyramid.l.customer": ("客户", "Customer"),
    "pyramid.l.owner": ("负责人", "Owner"),
    "pyramid.l.tier": ("层级", "Tier"),
    "pyramid.l.strength_level": ("实力等级", "Strength level"),
    "pyramid.l.cooperation": ("合作额", "Cooperation"),
    "pyramid.l.next_level": ("下一级", "Next level"),
    "pyramid.l.gap": ("还差", "Gap"),
    "pyramid.l.value_class": ("价值分类", "Value class"),
    "pyramid.l.owner_rank": ("负责人职级", "Owner's rank"),
    "pyramid.l.owner_star": ("负责人星级", "Owner's stars"),
    "pyramid.l.reason": ("原因", "Reason"),
    "pyramid.none_upgrade": ("没有升级目标。", "No upgrade targets."),
    "pyramid.none_mismatch": ("所有负责人都匹配。", "Every owner fits."),
    # click-through
    "pyramid.focus": ("客户表显示", "Grid shows"),
    "pyramid.focus.all": ("全部客户", "All customers"),
    "pyramid.focus.tier": ("层级：{tier}", "Tier: {tier}"),
    "pyramid.focus.cell": (
        "价值矩阵：单价{price} × 数量{quantity}（{cls}）",
        "Value map: price {price} x quantity {quantity} ({cls})",
    ),
    "pyramid.focus.upgrade": ("升级目标", "Upgrade targets"),
    "pyramid.focus.mismatch": ("负责人不匹配", "Mismatched owners"),
    "pyramid.count": ("{n} 家", "{n}"),
    "pyramid.n_customers": ("{n} 个客户", "{n} customers"),
    "pyramid.grid_help": (
        "层级、价值分类、合作额、积分、优先级、服务等级和提示由规则计算，只读。修改客户营收、评分、潜力或负责人并保存，"
        "计算列和图表立即更新。",
        "Tier, value class, cooperation, score, priority, service level and flags are computed and read-only. "
        "Edit customer revenue, ratings, potential or owner and save: the computed columns and charts follow at once.",
    ),
    "pyramid.sheet": ("客户", "customers"),
    "pyramid.file": ("客户金字塔", "customer_pyramid"),
    # flags and reasons
    "pyramid.sep": ("；", "; "),
    "pyramid.flag.upgrade": ("升级目标", "upgrade target"),
    "pyramid.flag.mismatch": ("负责人不匹配", "owner mismatch"),
    "pyramid.flag.incomplete": ("资料不全", "incomplete"),
    "pyramid.reason.no_owner": ("{cls}客户没有负责人", "{cls} without an owner"),
    "pyramid.reason.owned": ("{cls}客户应释放到公海（不设负责人）", "{cls}: release to the public pool (no owner)"),
    "pyramid.reason.needs_rank_or_stars": (
        "{cls}客户需由{rank}及以上或 {stars} 星及以上的人负责",
        "{cls} needs an owner of rank {rank} or above, or with {stars} stars or more",
    ),
    "pyramid.reason.needs_rank": ("{cls}客户需由{rank}及以上的人负责", "{cls} needs an owner of rank {rank} or above"),
    "pyramid.reason.needs_stars": (
        "{cls}客户需由 {stars} 星及以上的人负责",
        "{cls} needs an owner with {stars} stars or more",
    ),
    "pyramid.reason.needs_tenure": (
        "{cls}客户需由司龄满 {years} 年的人负责",
        "{cls} needs an owner with at least {years} years of tenure",
    ),
    "pyramid.reason.needs_new": (
        "{cls}客户应由司龄不满 {years} 年的新人负责",
        "{cls} needs new staff (tenure under {years} years)",
    ),
    "pyramid.reason.principal": ("{tier}需由{rank}及以上负责", "{tier} needs an owner of rank {rank} or above"),
    "pyramid.reason.key_account_unowned": ("{tier}没有负责人", "{tier} without an owner"),
    # computed and exported columns
    "col.tier": ("层级", "Tier"),
    "col.cooperation": ("合作额（元）", "Cooperation (yuan)"),
    "col.score": ("综合积分", "Score"),
    "col.priority": ("优先级", "Priority"),
    "col.service_level": ("服务等级", "Service level"),
    "col.upgrade_gap": ("升级还差（元）", "Upgrade gap (yuan)"),
    "col.flags": ("提示", "Flags"),
    "col.unit_price": ("单价（元）", "Unit price (yuan)"),
    "col.quantity": ("成单数", "Won orders"),
    "col.strength_level": ("实力等级", "Strength level"),
    "col.cooperation_level": ("合作等级", "Cooperation level"),
    "col.owner_mismatch_reason": ("负责人不匹配原因", "Owner mismatch reason"),
    "col.missing_fields": ("待补资料", "Missing fields"),
    "col.sales_points": ("销售额得分", "Sales points"),
    "col.potential_points": ("潜力得分", "Potential points"),
    "col.winnability_points": ("能赢能交付得分", "Winnability points"),
    "col.demonstration_points": ("示范效应得分", "Demonstration points"),
}
