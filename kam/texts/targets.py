"""Texts of the targets page (pages/targets.py): key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.targets": ("目标与分解", "Targets"),
    "targets.title": ("目标与分解", "Targets and decomposition"),
    "targets.intro": (
        "目标 = 成单金额（所有客户）。进度 = 截至统计日期的实际成单 ÷ 目标；应达 = 期间已过去的比例"
        "（按月拆分的目标按已过月份的目标加本月按天折算）。进度低于应达即为落后。",
        "A target is an amount of won sales (all customers). Progress = won sales to date ÷ target; expected = the "
        "share of the period gone by (with a monthly split: the months already over plus this month by days). "
        "Behind when progress is below expected.",
    ),
    "targets.company": ("公司", "Company"),
    "targets.left_suffix": ("（已离职）", " (left)"),
    "targets.flag_under": ("⚠ 未分配完", "⚠ under-allocated"),
    "targets.flag_over": ("ℹ 下级合计超出", "ℹ children add up to more"),
    "targets.month": ("{m}月", "{name}"),
    "targets.or": ("、", ", "),
    "targets.type.company": ("公司", "company"),
    "targets.type.branch": ("分公司", "branch"),
    "targets.type.team": ("团队", "team"),
    "targets.type.person": ("个人", "person"),
    # key figures
    "targets.m.target": ("{year} 年目标", "Target {year}"),
    "targets.m.actual": ("已成单", "Won so far"),
    "targets.m.progress": ("进度", "Progress"),
    "targets.m.yuan": ("{amount} 元", "{amount} yuan"),
    "targets.m.actual_help": ("截至 {date} 的成单：{amount} 元", "Won up to {date}: {amount} yuan"),
    "targets.m.vs_expected": ("应达 {expected}", "expected {expected}"),
    "targets.m.behind": ("落后的目标", "Targets behind"),
    "targets.m.behind_help": (
        "落后 / 有目标的对象数（公司、分公司、团队和个人的年度目标）。",
        "Behind / entities with a target (year targets of company, branches, teams, people).",
    ),
    "targets.m.under": ("未分配完的上级", "Under-allocated parents"),
    "targets.m.short": ("缺 {amount}", "short by {amount}"),
    # tabs
    "targets.tab.progress": ("进度", "Progress"),
    "targets.tab.tree": ("目标分解", "Targets tree"),
    "targets.tab.bulk": ("批量录入", "Bulk entry"),
    "targets.tab.plan": ("十年规划", "Ten-year plan"),
    "targets.tab.drivers": ("驱动因素", "Drivers"),
    # progress
    "targets.chart.monthly": ("{who} · {year} 年每月成单与目标", "{who} · won sales and target per month, {year}"),
    "targets.chart.cumulative": ("{who} · {year} 年累计成单与目标", "{who} · cumulative won sales and target, {year}"),
    "targets.chart.actual": ("实际成单", "Won sales"),
    "targets.chart.target": ("目标", "Target"),
    "targets.chart.month": ("月份", "Month"),
    "targets.chart.met": ("当月达标", "Met"),
    "targets.chart.behind": ("当月未达标", "Missed"),
    "targets.chart.open": ("本月进行中", "Under way"),
    "targets.chart.source.month": ("每月目标来自按月拆分。", "Monthly targets from the monthly split."),
    "targets.chart.source.quarter": (
        "每月目标按季度目标的天数折算。",
        "Monthly targets spread from the quarters by days.",
    ),
    "targets.chart.source.year": (
        "每月目标按年度目标的天数折算（没有按月拆分）。",
        "Monthly targets spread from the year by days (no monthly split).",
    ),
    "targets.chart.source.none": ("这一年没有目标。", "No target for this year."),
    "targets.progress.empty": (
        "{year} 年还没有目标和成单。在“目标分解”里逐行新增目标，或在“批量录入”里粘贴、导入。",
        "No targets and no won sales in {year} yet. Add targets row by row in “Targets tree”, "
        "or paste or import them in “Bulk entry”.",
    ),
    "targets.behind_only": ("只看落后的", "Behind only"),
    "targets.behind_caption": (
        "{n} 个对象（至 {date}）。点表头排序；“还差”是追上应达进度还需的成单额。",
        "Listed: {n} (to {date}). Click a header to sort; “to catch up” is the won sales still needed to be on track.",
    ),
    "targets.status.on_track": ("正常", "On track"),
    "targets.status.behind": ("落后", "Behind"),
    "targets.status.no_data": ("无数据", "No data"),
    "targets.col.name": ("对象", "Entity"),
    "targets.col.path": ("路径", "Path"),
    "targets.col.level": ("层级", "Level"),
    "targets.col.target": ("目标（元）", "Target (yuan)"),
    "targets.col.actual": ("实际（元）", "Actual (yuan)"),
    "targets.col.progress": ("进度", "Progress"),
    "targets.col.expected": ("应达", "Expected"),
    "targets.col.gap": ("还差（元）", "To catch up (yuan)"),
    "targets.col.status": ("状态", "Status"),
    # targets tree
    "targets.tree.splits": ("显示季度和月度拆分", "Show quarter and month splits"),
    "targets.tree.under": (
        "{n} 个上级目标未分配完：下级目标之和小于自身目标。",
        "Under-allocated parent targets (their children's targets add up to less): {n}",
    ),
    "targets.tree.over": (
        "{n} 个上级目标的下级合计超出自身目标（允许，仅供参考）：",
        "Parent targets whose children add up to more (allowed, for information): {n}",
    ),
    "targets.tree.over_line": (
        "{path} · {period}：目标 {amount}，下级合计 {children}，多 {excess}",
        "{path} · {period}: target {amount}, children {children}, {excess} more",
    ),
    "targets.tree.under_line": (
        "{path} · {period}：目标 {amount}，下级合计 {children}，缺 {short}",
        "{path} · {period}: target {amount}, children {children}, short by {short}",
    ),
    "targets.tree.help": (
        "按层级缩进：公司 → 分公司 → 团队 → 个人（无团队的人挂在分公司下）。改金额、新增或删除后点“保存”；"
        "对象编号见下方查询。灰色列是计算结果。",
        "Indented by level: company → branches → teams → people (people with no team under their branch). Edit an "
        "amount, add or delete rows, then Save; look entity ids up below. Grey columns are computed.",
    ),
    "targets.tree.lookup": ("对象编号查询", "Look up entity ids"),
    "targets.col.entity_id": ("对象编号", "Entity id"),
    "targets.col.children_sum": ("下级合计（元）", "Children's sum (yuan)"),
    "targets.col.shortfall": ("缺口（元）", "Shortfall (yuan)"),
    "targets.col.flag": ("标记", "Flag"),
    "v.company_no_id": ("公司目标不填对象编号", "a company target has no entity id"),
    "v.entity_needs_id": ("需要对象编号", "needs an entity id"),
    "v.no_branch": ("没有编号为 {value} 的分公司", "no branch with id {value}"),
    "v.no_team": ("没有编号为 {value} 的团队", "no team with id {value}"),
    "v.no_person": ("没有编号为 {value} 的人员", "no person with id {value}"),
    "v.target_duplicate": ("同一对象在 {value} 已有目标", "the entity already has a target for {value}"),
    # bulk entry
    "targets.bulk.help": (
        "从 Excel 复制单元格粘贴到左边，或导入 Excel/CSV 文件。列：对象类型（公司/分公司/团队/个人）、"
        "对象（名称或编号）、期间（2026、2026-Q1 或 2026-03）、金额（元）；也可以是分公司发来的表："
        "姓名/部门/分公司、年度目标、Q1–Q4 或 1月–12月，表头写明单位如“年度目标（万元）”，上面可以有标题行。"
        "空行和合计行会跳过。已有的目标会更新金额，新的会新增。先看预览：有任何一行不合格就不会写入。",
        "Paste cells copied from Excel on the left, or import an Excel/CSV file. Columns: entity type (company/branch/"
        "team/person), entity (name or id), period (2026, 2026-Q1 or 2026-03), amount (yuan); or a sheet as a branch "
        "sends it: name/team/branch, annual target, Q1–Q4 or 1月–12月, the unit in the header, e.g. “Target (万元)”, "
        "title rows above it. Blank and total rows are skipped. Existing targets get the new amount, others are "
        "added. Check the preview: if any line is refused, nothing is written.",
    ),
    "targets.bulk.paste": ("粘贴单元格", "Paste cells"),
    "targets.bulk.placeholder": (
        "团队\t华东一部\t2026\t50000000\n个人\t李敏\t2026-07\t800000",
        "team\t华东一部\t2026\t50000000\nperson\t李敏\t2026-07\t800000",
    ),
    "targets.bulk.file": ("或导入 Excel / CSV 文件", "Or import an Excel / CSV file"),
    "targets.bulk.template": ("下载当前目标（Excel，可改后导入）", "Download current targets (Excel, edit and import)"),
    "targets.bulk.sheet": ("目标", "targets"),
    "targets.bulk.file_name": ("目标", "targets"),
    "targets.bulk.unreadable": ("无法读取文件：{reason}", "Cannot read the file: {reason}"),
    "targets.bulk.preview": ("预览", "Preview"),
    "targets.bulk.counts": (
        "目标：新增 {new} 个，更新 {update} 个，不变 {same} 个，不合格 {refused} 个。",
        "Targets: {new} new, {update} updated, {same} unchanged, {refused} refused.",
    ),
    "targets.bulk.line": ("行号", "Line"),
    "targets.bulk.found": ("识别为", "Found"),
    "targets.bulk.current": ("现有金额（元）", "Current amount (yuan)"),
    "targets.bulk.action": ("处理", "Action"),
    "targets.bulk.action.new": ("新增", "new"),
    "targets.bulk.action.update": ("更新", "update"),
    "targets.bulk.action.same": ("不变", "unchanged"),
    "targets.bulk.action.refused": ("✗ 不合格", "✗ refused"),
    "targets.bulk.refused": (
        "有不合格的行，什么都没有写入。请修改后再预览：",
        "Some lines are refused, so nothing is written. Fix them and check again:",
    ),
    "targets.bulk.save": ("保存这 {n} 个目标", "Save these {n} targets"),
    "targets.bulk.columns": ("至少需要三列：对象、期间、金额", "needs at least three columns: entity, period, amount"),
    "targets.bulk.repeated": ("与第 {line} 行重复", "repeats line {line}"),
    "targets.bulk.type_for_id": ("用编号时需要填写对象类型", "an entity given by id needs its type"),
    "targets.bulk.unknown_name": (
        "系统中没有名为“{value}”的分公司、团队或人员",
        "“{value}” is not a branch, team or person in the system",
    ),
    "targets.bulk.unknown_person": ("系统中没有名为“{value}”的人员", "{value} is not a person in the system"),
    "targets.bulk.unknown_team": ("系统中没有名为“{value}”的团队", "{value} is not a team in the system"),
    "targets.bulk.unknown_branch": ("系统中没有名为“{value}”的分公司", "{value} is not a branch in the system"),
    "targets.bulk.no_value": (
        "公式 {formula} 在文件里没有保存计算结果（文件不是用 Excel 或 WPS 保存的）：请用 Excel 或 WPS 打开、"
        "保存后再导入，或直接填数值",
        "the formula {formula} has no stored value in the file (it was not saved by Excel or WPS): open and save "
        "it in Excel or WPS, or type the number",
    ),
    "targets.bulk.too_large": ("金额过大，无法保存", "too large to be stored"),
    "targets.bulk.unchecked": ("无法检查这一行，不能保存", "could not be checked, so it cannot be saved"),
    "targets.bulk.bad_unit": (
        "不认识单位“{unit}”：请写 元 或 万元",
        "unit “{unit}” not understood: write 元 (yuan) or 万元 (10,000 yuan)",
    ),
    "targets.bulk.unit_unclear": (
        "没有写单位，而其他金额列的单位不一样：请在表头写明单位，如“（万元）”",
        "no unit, and the other amount columns state different ones: write the unit in the header, e.g. “(万元)”",
    ),
    "targets.bulk.no_year": (
        "不知道是哪一年：请在表头或标题里写上年份，或加一列“期间”",
        "which year? Write the year in the header or in a title row, or add a period column",
    ),
    "targets.bulk.too_many": ("超过 {max} 行：请分成几个文件导入", "more than {max} rows: split the file"),
    "targets.bulk.notes": ("读表说明：", "How the sheet was read:"),
    "targets.bulk.note.header": (
        "表头在第 {row} 行；第 {rows} 行是标题，已跳过。",
        "The header is row {row}; rows above it skipped as titles: {rows}.",
    ),
    "targets.bulk.note.ignored": ("没有读取的列：{columns}。", "Columns not read: {columns}."),
    "targets.bulk.note.unit": (
        "{columns}：单位为{unit}，已乘以 {factor} 换算为元。",
        "{columns}: in {unit}, multiplied by {factor} into yuan.",
    ),
    "targets.bulk.note.year_title": ("年份取自标题：{year} 年。", "The year comes from the title: {year}."),
    "targets.bulk.note.year_page": (
        "表中没有写年份，按页面上选择的 {year} 年读入。",
        "The sheet names no year: read as {year}, the year picked on the page.",
    ),
    "targets.bulk.note.inferred": (
        "没有“对象类型”列，按名称所在的列判断：{columns}。",
        "No entity-type column: the type follows from the name column: {columns}.",
    ),
    "targets.bulk.note.blank": ("第 {rows} 行是空行，已跳过。", "Blank rows skipped: {rows}."),
    "targets.bulk.note.total": (
        "第 {row} 行是合计行（“{value}”），已跳过。",
        "Row {row} skipped: a total row (“{value}”).",
    ),
    "targets.bulk.note.empty": ("第 {row} 行没有金额，已跳过。", "Row {row} skipped: no amounts."),
    "targets.bulk.note.rounded": (
        "第 {rows} 行的金额换算成元后四舍五入到整数。",
        "Amounts rounded to whole yuan after the unit conversion in rows {rows}.",
    ),
    "targets.bulk.slip": (
        "请核对：以下金额不到现有目标的千分之一，是不是把万元当成元填了？（表头没写单位时按元读入，"
        "可在表头写明，如“金额（万元）”。）",
        "Please check: these amounts are under a thousandth of the current targets. Were they written in 万 "
        "(10,000 yuan) in a yuan column? (Without a unit in the header amounts are read in yuan; write it there, "
        "e.g. “Amount (万元)”.)",
    ),
    "targets.bulk.slip_line": (
        "第 {line} 行，{column}：{name} {period} 的目标将从 {current} 元改为 {amount} 元",
        "row {line}, column {column}: {name}'s {period} target would go from {current} to {amount} yuan",
    ),
    "targets.bulk.slip_confirm": (
        "已核对：这些金额确实以元为单位，照样保存",
        "Checked: these amounts really are in yuan, save them",
    ),
    "targets.bulk.file_help": (
        "选择或拖入一个 .xlsx 或 .csv 文件（CSV 为 UTF-8 或 GB18030 编码），不超过 {mb} MB。",
        "Pick or drop one .xlsx or .csv file (CSV in UTF-8 or GB18030), at most {mb} MB.",
    ),
    "targets.bulk.written": ("表中数值", "In the sheet"),
    "targets.bulk.save_failed": (
        "保存出错，什么都没有写入：{reason}",
        "The save failed, nothing was written: {reason}",
    ),
    "targets.bulk.ambiguous_name": (
        "“{value}” 不唯一（{ids}），请改用编号",
        "“{value}” is not unique ({ids}): use the id",
    ),
    "targets.col.entity": ("对象（名称或编号）", "Entity (name or id)"),
    # ten-year plan
    "targets.plan.empty": ("还没有十年规划。", "There is no ten-year plan yet."),
    "targets.drivers.empty": (
        "还没有十年规划：先在“十年规划”里新增年份，这里再填三个驱动因素。",
        "There is no ten-year plan yet: add its years under “Ten-year plan”, then fill the three drivers here.",
    ),
    "targets.plan.create": (
        "以 {year} 年为基年创建十年规划（基年数据取自订单）",
        "Create a ten-year plan from base year {year} (base figures from the orders)",
    ),
    "targets.plan.base_year": ("基年", "base year"),
    "targets.plan.work_back": ("倒推增长率", "Work back the growth rate"),
    "targets.plan.work_back_help": (
        "从目标年份的大客户收入目标倒推每年需要的固定增长率：(目标 ÷ 基年)^(1 ÷ 年数) − 1。",
        "The constant yearly rate that takes the base year to the goal: (goal ÷ base)^(1 ÷ years) − 1.",
    ),
    "targets.plan.goal_year": ("目标年份", "Goal year"),
    "targets.plan.goal": ("大客户收入目标（元）", "KA revenue goal (yuan)"),
    "targets.plan.rate_needed": ("需要的年增长率", "Growth rate needed"),
    "targets.plan.rate_help": (
        "从基年 {base} 到 {goal}，共 {years} 年。",
        "From {base} in the base year to {goal} in {years} years.",
    ),
    "targets.plan.apply_rate": ("把这个增长率填入 {first}–{last} 年", "Use this rate for {first}–{last}"),
    "targets.plan.no_years": (
        "规划里只有基年：先新增以后的年份。",
        "The plan has only its base year: add later years.",
    ),
    "targets.plan.base_actual": (
        "基年 {year} 的大客户实际收入（订单，年末层级）：{actual}；规划基数：{target}。",
        "Base year {year}'s actual KA revenue (orders, tiers at year end): {actual}; plan base: {target}.",
    ),
    "targets.plan.prefill": ("用 {year} 年实际数作基数", "Use {year}'s actual as the base"),
    "targets.plan.help": (
        "基年（第一行）的大客户收入来自订单，可以改。改某年的增长率，之后各年的收入目标按复利跟着变；直接改某年的收入目标，"
        "该年的增长率随之算出。保存时一起写入。灰色列是订单中的实际数和差距（实际 − 目标）。",
        "The base year's (first row's) KA revenue comes from the orders and can be changed. Change a year's growth "
        "rate and the revenue targets of the years after it follow by compound growth; type a year's revenue target "
        "and its rate follows. Both are written on Save. Grey columns are the actual figures and the gap "
        "(actual − target).",
    ),
    "targets.chart.plan_target": ("规划：大客户收入目标", "Plan: KA revenue target"),
    "targets.chart.plan_actual": ("实际：大客户收入", "Actual KA revenue"),
    "col.growth_rate": ("增长率", "Growth rate"),
    "col.ka_revenue_target": ("大客户收入目标（元）", "KA revenue target (yuan)"),
    "col.ka_count_target": ("大客户数目标", "KA count target"),
    "col.ka_share_target": ("大客户占比目标", "KA share target"),
    "col.unit_price_target": ("客单价目标（元）", "Unit price target (yuan)"),
    "col.frequency_target": ("购买频次目标（次/年）", "Frequency target (orders/yr)"),
    "col.headcount": ("人数", "Headcount"),
    "col.customers_per_person": ("人均客户数", "Customers per person"),
    "col.cooperation_per_customer": ("每客户合作额（元）", "Cooperation per customer (yuan)"),
    "targets.col.role": ("说明", "Note"),
    "targets.col.actual_ka_revenue": ("实际大客户收入（元）", "Actual KA revenue (yuan)"),
    "targets.col.revenue_gap": ("差距（元）", "Gap (yuan)"),
    "targets.col.actual_ka_count": ("实际大客户数", "Actual KA count"),
    "targets.col.actual_ka_share": ("实际大客户占比", "Actual KA share"),
    # drivers
    "targets.drivers.help": (
        "大客户收入 = 客户数 × 客单价 × 购买频次。{count}，{unit_price}，{frequency}。"
        "填两个驱动因素、留空一个，第三个由当年的收入目标算出。",
        "KA revenue = count × unit price × frequency. {count}; {unit_price}; {frequency}. "
        "Fill in two drivers and leave one blank: the third follows from the year's revenue target.",
    ),
    "targets.dept.sales": ("销售部", "sales"),
    "targets.dept.marketing": ("市场部", "marketing"),
    "targets.dept.customer_service": ("客服部", "customer service"),
    "targets.field.revenue": ("收入目标", "revenue target"),
    "targets.field.count": ("客户数", "customer count"),
    "targets.field.unit_price": ("客单价", "unit price"),
    "targets.field.frequency": ("购买频次", "frequency"),
    "targets.field.base": ("基年大客户收入", "base year's KA revenue"),
    "targets.field.goal": ("目标", "goal"),
    "targets.field.years": ("年数", "number of years"),
    "targets.field.headcount": ("人数", "headcount"),
    "targets.field.customers_per_person": ("人均客户数", "customers per person"),
    "targets.field.cooperation_per_customer": ("每客户合作额", "cooperation per customer"),
    "targets.err.missing": ("请填写{field}。", "Enter the {field}."),
    "targets.err.zero": (
        "{field}为 0，无法计算：请填写大于 0 的{field}。",
        "The {field} is 0, nothing can be computed from it: enter a {field} above 0.",
    ),
    "targets.err.negative": ("{field}不能为负数。", "The {field} cannot be negative."),
    "targets.err.too_many": ("留空一项，才能算出它。", "Leave one blank to compute it."),
    "targets.drivers.no_revenue": ("这一年没有大客户收入目标。", "No KA revenue target for this year."),
    "targets.drivers.need_more": (
        "在{fields}中再填 {n} 项，即可算出余下一项",
        "Enter {n} more of the {fields} to compute the last one",
    ),
    "targets.drivers.solved": ("{field}由收入目标算出", "{field} computed from the revenue target"),
    "targets.drivers.matches": ("三项相乘正好等于收入目标", "the three multiply to the revenue target"),
    "targets.drivers.all_given": (
        "三项都已填写：相乘与收入目标差 {gap}（留空一项即可算出它）",
        "all three given: their product differs from the target by {gap} (leave one blank to compute it)",
    ),
    "targets.col.solved": ("算出的因素", "Computed driver"),
    "targets.col.solved_value": ("算出的值", "Computed value"),
    "targets.col.count_rounded_up": ("客户数（向上取整）", "Count (rounded up)"),
    "targets.col.drivers_revenue": ("相乘结果（元）", "Product (yuan)"),
    "targets.col.driver_note": ("说明", "Note"),
    "targets.col.actual_unit_price": ("实际客单价（元）", "Actual unit price (yuan)"),
    "targets.col.actual_frequency": ("实际购买频次", "Actual frequency"),
    # growth formula
    "targets.growth.title": ("增长公式", "Growth formula"),
    "targets.growth.help": (
        "业绩 = 人数 × 人均客户数 × 每客户合作额（例：3 亿 = 100 人 × 3 个 × 100 万）。输入按年份保存。",
        "Sales = headcount × customers per person × cooperation per customer (e.g. 300,000,000 "
        "= 100 × 3 × 1,000,000). Inputs are saved per year.",
    ),
    "targets.growth.sales": ("业绩", "Sales"),
    "targets.growth.per_person": ("人均业绩", "Sales per person"),
    "targets.growth.company_target": ("{year} 年公司目标", "Company target {year}"),
    "targets.growth.save": ("保存 {year} 年的输入", "Save the inputs for {year}"),
}
