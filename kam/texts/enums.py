"""Labels of the codes shown in grids (``enum.<column>.<code>``): a code is stored, its
label in the user's language is shown (kam/ui/grid_view.py ``refData``)."""

TEXT = {
    # rule_params.kind: the unit of a parameter's value
    "enum.kind.money": ("金额（元）", "Amount (yuan)"),
    "enum.kind.rate": ("比例", "Rate"),
    "enum.kind.count": ("个数", "Count"),
    "enum.kind.days": ("天", "Days"),
    "enum.kind.months": ("月", "Months"),
    "enum.kind.number": ("数值", "Number"),
    # r9_star_thresholds.indicator
    "enum.indicator.performance": ("业绩（元）", "Sales (yuan)"),
    "enum.indicator.process": ("过程绩效（次）", "Process (meetings)"),
    "enum.indicator.clearance": ("通关（项）", "Clearances passed"),
    # r10_honors
    "enum.period.week": ("周", "Week"),
    "enum.period.month": ("月", "Month"),
    "enum.period.quarter": ("季度", "Quarter"),
    "enum.period.year": ("年", "Year"),
    "enum.metric.sales": ("业绩（元）", "Sales (yuan)"),
    "enum.metric.million_star_months": ("百万之星月数", "Million Star months"),
    "enum.metric.new_key_customers": ("新增大客户数", "New key customers"),
    "enum.metric.recruits": ("招聘人数", "Recruits"),
    "enum.metric.cleared_hires": ("通关新人数", "Cleared new hires"),
    "enum.metric.camp_points": ("将军营积分", "General camp points"),
    "enum.comparison.>=": ("不低于", "At least"),
    "enum.comparison.>": ("高于", "Above"),
    "enum.comparison.top": ("前 N 名", "Top N"),
    # r3_criteria.field: the customer field a criterion tests
    "enum.field.customer_revenue": ("客户营收", "Customer revenue"),
    "enum.field.profit": ("利润", "Profit"),
    "enum.field.employees": ("员工数", "Employees"),
    "enum.field.industry_top100": ("行业百强", "Industry top 100"),
    "enum.field.regional_top100": ("区域百强", "Regional top 100"),
    "enum.field.study_sessions_year": ("年度学习次数", "Study sessions a year"),
    "enum.field.people_sent_year": ("年度派学人数", "People sent to study a year"),
    "enum.field.learning_spend_year": ("年度学习投入", "Learning spend a year"),
    "enum.field.cooperating_institutions": ("合作培训机构数", "Cooperating institutions"),
    "enum.field.segment_leader": ("细分领域龙头", "Segment leader"),
    "enum.field.wants_no1": ("想做第一", "Wants to be No. 1"),
    "enum.field.ten_billion_strategy": ("百亿战略", "Ten-billion strategy"),
    "enum.field.winnability": ("能赢能交付", "Winnability"),
    "enum.field.demonstration": ("示范效应", "Demonstration"),
}
