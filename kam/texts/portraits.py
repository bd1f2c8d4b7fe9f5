"""The portraits page (R3, issue 16): portraits and fit, relationship and competitor maps."""

TEXT = {
    "nav.portraits": ("客户画像", "Portraits"),
    "portraits.title": ("客户画像与关系图", "Portraits and maps"),
    "portraits.intro": (
        "画像回答“这是不是我们要的客户”，关系图回答“谁拍板、谁反对”。口径：每个力至少满足一条就算满足；"
        "所有力都满足才算匹配；缺少的数据按 0 计并标为“资料不全”；合作额为近 12 个月。",
        "A portrait asks: is this the kind of customer we want? The maps ask: who decides there and "
        "who is against us? A force is met by any one of its criteria; a customer matches when every "
        "force is met; a missing value counts as 0 and marks the customer incomplete; cooperation is "
        "the last 12 months.",
    ),
    "portraits.tab.fit": ("匹配客户", "Who fits"),
    "portraits.tab.compare": ("版本对比", "Compare versions"),
    "portraits.tab.criteria": ("画像标准", "Criteria"),
    "portraits.tab.maps": ("关系图", "Relationship maps"),
    "portraits.tab.competitors": ("竞争对手", "Competitors"),
    "portraits.tab.focus": ("重点行业", "Focus industries"),
    "portraits.m.matches": ("匹配当前画像", "Match the active portrait"),
    "portraits.m.matches_help": (
        "每个力都满足的客户数（占范围内客户的比例）。",
        "Customers meeting every force (share of the customers in scope).",
    ),
    "portraits.m.near": ("差一个力", "One force short"),
    "portraits.m.coop": ("匹配客户近 12 个月合作额", "Their cooperation, last 12 months"),
    "portraits.m.incomplete": ("资料不全", "Incomplete records"),
    "portraits.m.incomplete_help": (
        "画像要看的字段有空缺的客户：空缺按 0 计。补齐资料后结果才可靠。",
        "Customers missing a field the portrait tests (counted as 0): fill them in for a fair result.",
    ),
    "portraits.active_is": ("当前画像：{name}", "Active portrait: {name}"),
    "portraits.active_mark": ("当前", "active"),
    "portraits.draft_mark": ("草稿未完成", "incomplete draft"),
    "portraits.no_active": (
        "没有启用的画像：请在“画像标准”中启用一个。",
        "No portrait is active: make one active under Criteria.",
    ),
    "portraits.active_refused": ("当前画像无法计算：{why}", "The active portrait cannot be scored: {why}"),
    "portraits.matches": ("匹配的客户", "Customers who match"),
    "portraits.near": ("差一个力的客户（及缺少的条件）", "One force short (and what they miss)"),
    "portraits.spread": (
        "匹配客户在金字塔中的分布（层级 × 价值类别）",
        "Where they sit in the pyramid (tier × value class)",
    ),
    "portraits.none_match": ("范围内没有客户匹配当前画像。", "No customer in scope matches the active portrait."),
    "portraits.none_near": ("没有差一个力的客户。", "No customer is one force short."),
    "portraits.facts": ("客户画像资料", "Customer facts the portraits test"),
    "portraits.facts_help": (
        "负责人维护：营收、利润、员工、学习投入等。修改后匹配结果随之更新。",
        "Kept by the owners: revenue, profit, staff, learning. Matches follow every saved change.",
    ),
    "portraits.total": ("合计", "Total"),
    "portraits.sep": ("；", "; "),
    "portraits.col.customer": ("客户", "Customer"),
    "portraits.col.tier": ("层级", "Tier"),
    "portraits.col.value_class": ("价值类别", "Value class"),
    "portraits.col.fit": ("画像匹配度", "Portrait fit"),
    "portraits.col.coop": ("近 12 个月合作额", "Cooperation, 12 months"),
    "portraits.col.owner": ("负责人", "Owner"),
    "portraits.col.missing": ("缺少的条件（未满足的力）", "Missing (the force not met)"),
    "portraits.col.gap": ("缺口", "Gap"),
    "portraits.col.persons": ("关键人数", "Key persons"),
    "portraits.col.due_on": ("应回顾日", "Review due"),
    "portraits.col.competitor": ("竞争对手", "Competitor"),
    "portraits.col.key_accounts": ("出现在大客户数", "Key accounts"),
    "portraits.col.customers": ("客户数", "Customers"),
    "portraits.col.strength": ("平均关系强度", "Mean strength"),
    "portraits.col.strongest": ("最强的分公司", "Strongest in branch"),
    "portraits.col.price": ("最新报价中位数", "Latest price (median)"),
    "portraits.col.focus": ("重点行业", "Focus industry"),
    "portraits.col.chosen_by": ("选择的分公司", "Chosen by"),
    "portraits.col.matching": ("其中匹配画像", "Of them matching"),
    # compare
    "portraits.cmp.pick_a": ("较早的版本", "Earlier version"),
    "portraits.cmp.pick_b": ("较新的版本", "Later version"),
    "portraits.cmp.customers": ("选中客户", "Customers selected"),
    "portraits.cmp.coop": ("其近 12 个月合作额", "Their cooperation, 12 months"),
    "portraits.cmp.moved_in": (
        "新进入（新版匹配，旧版不匹配）：{n}",
        "Moved in (match the later, not the earlier): {n}",
    ),
    "portraits.cmp.moved_out": (
        "移出（旧版匹配，新版不匹配）：{n}",
        "Moved out (matched the earlier, not the later): {n}",
    ),
    "portraits.cmp.same": ("请选择两个不同的版本。", "Pick two different versions."),
    "portraits.cmp.refused": ("“{name}”无法计算：{why}", "“{name}” cannot be scored: {why}"),
    "portraits.cmp.need_two": ("至少需要两个画像版本才能对比。", "Comparing needs two portrait versions."),
    "portraits.cmp.none": ("没有。", "None."),
    # criteria
    "portraits.crit.help": (
        "管理员维护。条件的“客户字段”只能选客户已有的字段，且要与判断方式相符（数值≥门槛、是/否、0-5 评分≥最低分）。"
        "旧版画像用了替代字段：2019“老板爱学习”= 年度学习次数 ≥ 1，2021“影响力”= 行业百强，"
        "2022“需求力”与 2023“相关性”用评分；"
        "可把条件改指向更合适的字段。只有当前画像必须每个力都有条件：新版本先作为草稿建好，再一键启用。",
        "Kept by admins. A criterion's field is a customer field of its kind (a number at least a "
        "threshold, a yes/no flag, a 0-5 rating at least a minimum). Older portraits test stand-in "
        "fields: 2019 'boss loves learning' is study sessions a year >= 1, 2021 'influence' is industry "
        "top 100, 2022 'demand' and 2023 'relevance' are ratings; point a criterion at a better field "
        "any time. Only the active portrait must have a criterion in every force: build a new version "
        "as a draft, then make it active in one step.",
    ),
    "portraits.crit.portrait": ("画像版本", "Portrait version"),
    "portraits.crit.make_active": ("启用此版本", "Make this version active"),
    "portraits.crit.activated": ("已启用“{name}”。", "“{name}” is now the active portrait."),
    "portraits.crit.is_active": ("这是当前画像。", "This is the active portrait."),
    "portraits.crit.refused": ("不能启用：{why}", "Cannot make it active: {why}"),
    "portraits.crit.forces": ("力", "Forces"),
    "portraits.crit.criteria": ("条件", "Criteria"),
    "portraits.crit.portraits": ("全部版本", "All versions"),
    "portraits.crit.draft_gap": ("这个版本还是草稿：{why}", "This version is an incomplete draft: {why}"),
    # maps
    "portraits.map.customer": ("客户", "Customer"),
    "portraits.map.pick": ("选择一个客户查看关系图", "Pick a customer to see their map"),
    "portraits.map.graph": ("关系图", "Relationship map"),
    "portraits.map.legend": (
        "颜色表示立场（绿：支持，灰：中立，红：反对）；框越大、线越粗越亲密（1-5）；双框表示回顾已逾期。",
        "Colour is the stance (green support, grey neutral, red against); bigger boxes and thicker "
        "lines are closer (1-5); a double border is an overdue review.",
    ),
    "portraits.map.empty": (
        "这个客户还没有关键人：在下表新增一行。",
        "No key person on this map yet: add one in the grid below.",
    ),
    "portraits.map.persons": ("关键人", "Key persons"),
    "portraits.map.flags": ("大客户关系图缺口", "Gaps in the key accounts' maps"),
    "portraits.map.flags_help": (
        "KA 及以上客户：关系图上没有决策者，或有反对者却没有支持者。"
        "立场为反对、或角色为反对者且立场不是支持，算反对者；"
        "立场为支持、或角色为支持者且立场不是反对，算支持者（角色与立场不一致时以当前立场为准）；决策者只看角色。",
        "Tier KA or above: no decision maker on the map, or an opponent and no supporter. An "
        "opponent stands against us, or has the role opponent and does not support us; a supporter "
        "supports us, or has the role supporter and is not against us (where role and stance "
        "disagree, today's stance decides); a decision maker by role only.",
    ),
    "portraits.map.no_flags": ("范围内的大客户关系图没有缺口。", "No gap in the key accounts' maps in scope."),
    "portraits.map.overdue": ("回顾逾期的关键人", "Key persons overdue for review"),
    "portraits.map.overdue_help": (
        "每位关键人在上次回顾后 {n} 个月内应再回顾（1 月 31 日 + 1 个月 = 2 月 28 日），次日起逾期；从未回顾的算逾期。",
        "Each key person is due for review {n} month(s) after the last one (31 January + 1 month = "
        "28 February), overdue from the day after; never reviewed counts as overdue.",
    ),
    "portraits.map.no_overdue": ("没有逾期的回顾。", "No review is overdue."),
    "portraits.map.no_customers": ("范围内没有客户。", "No customer in scope."),
    "portraits.flag.no_decision_maker": ("没有决策者", "No decision maker"),
    "portraits.flag.opponent_without_supporter": ("有反对者、无支持者", "Opponent, no supporter"),
    # competitors
    "portraits.comp.summary": ("竞争对手在大客户中的分布", "Competitors across our key accounts"),
    "portraits.comp.summary_help": (
        "按出现在大客户（KA 及以上）的数量排序；同一对手只算一次（名称按统一写法归并）。",
        "By the number of key accounts (tier KA or above) each is met at; one competitor counts once "
        "(names compared in one normalised spelling).",
    ),
    "portraits.comp.none": ("范围内的客户还没有记录竞争对手。", "No competitor is recorded at the customers in scope."),
    "portraits.comp.of_customer": ("这个客户的竞争对手", "This customer's competitors"),
    "portraits.comp.prices": ("报价记录", "Price history"),
    "portraits.comp.list": ("竞争对手名录", "The competitors list"),
    "portraits.comp.list_help": (
        "一家对手一行：新对手先在这里加一行，再在客户下选它。写法不同但实为同一家（全角/半角、大小写、空格、标点）会被拒绝。",
        "One row per competitor: add a new one here, then pick it at the customer. A second spelling "
        "of one already listed (full-width, case, spaces, punctuation) is refused.",
    ),
    # focus
    "portraits.focus.help": (
        "每个分公司最多选 {n} 个重点行业（“三高”与“八大优势行业”）。客户的行业是自由文字，按各重点行业的关键词归类。",
        "Each branch chooses at most {n} focus industries (the three-high and eight advantageous "
        "lists). A customer's free-text industry is placed by each focus industry's keywords.",
    ),
    "portraits.focus.chosen": ("各分公司选择的重点行业", "Each branch's focus industries"),
    "portraits.focus.by_industry": ("重点行业的客户", "Customers by focus industry"),
    "portraits.focus.unplaced": (
        "{n} 个客户的行业不属于任何重点行业（可在规则 R3 的重点行业表中补充关键词）。",
        "{n} customers' industries fall in no focus industry (add keywords in rule R3's focus industries table).",
    ),
    "pyramid.matches_yes": ("是", "Yes"),
    "pyramid.matches_no": ("否", "No"),
    # tables and columns
    "table.competitors": ("竞争对手名录", "competitors"),
    "table.competitor_prices": ("竞争对手报价", "competitor prices"),
    "table.branch_focus_industries": ("分公司重点行业", "branch focus industries"),
    "col.title": ("职务", "Title"),
    "col.decision_role": ("决策角色", "Decision role"),
    "col.stance": ("立场", "Stance"),
    "col.closeness": ("亲密度（1-5）", "Closeness (1-5)"),
    "col.reviewed_on": ("上次回顾", "Last review"),
    "col.keywords": ("行业关键词", "Industry keywords"),
    "col.competitor_id": ("竞争对手", "Competitor"),
    "col.offer": ("对方方案", "Their offer"),
    "col.relationship_strength": ("关系强度（1-5）", "Relationship strength (1-5)"),
    "col.price_date": ("报价日期", "Price date"),
    "col.price": ("报价（元）", "Price (yuan)"),
    "col.industry_top100": ("行业百强", "Industry top 100"),
    "col.regional_top100": ("区域百强", "Regional top 100"),
    "col.study_sessions_year": ("年学习次数", "Study sessions a year"),
    "col.people_sent_year": ("年外派学习人数", "People sent to study a year"),
    "col.learning_spend_year": ("年学习投入（元）", "Learning spend a year (yuan)"),
    "col.cooperating_institutions": ("合作机构数", "Cooperating institutions"),
    "col.segment_leader": ("细分领域第一或接近第一", "First or nearly first in its segment"),
    "col.wants_no1": ("想做第一", "Wants to be No. 1"),
    "col.ten_billion_strategy": ("百亿以上清晰战略", "Clear ten-billion strategy"),
    "col.fit_score": ("画像匹配度", "Portrait fit"),
    "col.matches": ("匹配画像", "Matches portrait"),
    "enum.field.expected_cooperation_36m": ("未来 36 个月预计合作额", "Expected cooperation, 36 months"),
    "enum.decision_role.decision_maker": ("决策者", "Decision maker"),
    "enum.decision_role.influencer": ("影响者", "Influencer"),
    "enum.decision_role.supporter": ("支持者", "Supporter"),
    "enum.decision_role.insider": ("内线", "Insider"),
    "enum.decision_role.beneficiary": ("受益者", "Beneficiary"),
    "enum.decision_role.opponent": ("反对者", "Opponent"),
    "enum.decision_role.user": ("使用者", "User"),
    "enum.stance.support": ("支持", "Support"),
    "enum.stance.neutral": ("中立", "Neutral"),
    "enum.stance.against": ("反对", "Against"),
    # refusals
    "access.insert_only": (
        "这张共享名录只能新增：改名或删除会影响所有分公司，请联系管理员",
        "this shared list only takes new rows: renaming or deleting changes every branch's maps (ask an admin)",
    ),
    "v.focus_twice": ("这个分公司已选了这个重点行业", "the branch has chosen this focus industry already"),
    "portraits.rows_empty": (
        "这个客户还没有记录：点“新增一行”添加。",
        "Nothing recorded for this customer yet: use “Add row”.",
    ),
    "portraits.fit_vs_match": (
        "匹配度是满足的条件按权重占比；是否匹配只看每个力是否至少满足一条，与匹配度高低无关。",
        "The fit score is the weighted share of criteria met; a match needs every force met, whatever the score.",
    ),
    "portraits.comp.pick": ("选择一个客户查看竞争对手", "Pick a customer to see their competitors"),
    "col.person_name": ("姓名", "Name"),
    "rules.why.the portrait has no force yet": (
        "这个画像还没有力：先新增一个力",
        "the portrait has no force yet: add one",
    ),
    "v.rating_range": ("评分门槛应在 0 到 5 之间", "a rating's minimum is between 0 and 5"),
    "v.criterion_kind": (
        "判断方式与字段不符：数值字段用“不低于”，是/否字段用“是/否”，0-5 评分字段用“评分”",
        "the test does not fit the field: a number is tested 'at least', a yes/no field as a flag, "
        "a 0-5 rating as a rating",
    ),
    "v.same_competitor": ("与已有的“{value}”是同一家竞争对手", "the same competitor as {value}, already listed"),
    "v.focus_limit": ("每个分公司最多 {max} 个重点行业", "a branch chooses at most {max} focus industries"),
    "v.force_no_criteria": (
        "当前画像的每个力至少要有一条条件（新版本请先作为草稿建好再启用）",
        "every force of the active portrait needs at least one criterion (build a new version as a "
        "draft, then make it active)",
    ),
    "v.portrait_no_weight": (
        "当前画像没有任何条件（总权重为 0）",
        "the active portrait has no criterion (a total weight of 0)",
    ),
}
