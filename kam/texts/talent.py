"""Texts of the talent pipeline page (issue 14, domain.md R9)."""

TEXT = {
    "nav.talent": ("人才梯队", "Talent pipeline"),
    "talent.title": ("人才梯队", "Talent pipeline"),
    "talent.intro": (
        "训练营路径、新人通关、新干部标准（飞马营资格）、指挥体系和星级，全部由订单和拜访数据算出，"
        "人力资源部不必另做表格。",
        "Camps, new hires' clearances, the new-cadre standard (Pegasus eligibility), the command structure and the "
        "stars, all computed from the orders and meetings: HR keeps no second spreadsheet.",
    ),
    "talent.tab.pipeline": ("训练营", "Camps"),
    "talent.tab.clearances": ("通关", "Clearances"),
    "talent.tab.cadre": ("新干部标准", "Cadre standard"),
    "talent.tab.command": ("指挥体系", "Command structure"),
    "talent.tab.stars": ("星级", "Stars"),
    "talent.tab.points": ("将军营积分", "General camp points"),
    "talent.tab.people": ("人员", "People"),
    "talent.people.help": (
        "人员档案：职级、分公司、团队、上级、入职与离职日期、招聘人。调团队的日期以保存当天为准（记入审计），"
        "荣誉按每期最后一天所在的分公司和团队计入；调到其他分公司的团队时请同时修改分公司。招聘人用于人才奖。",
        "The people: rank, branch, team, manager, join and leave dates, recruiter. A move to another team dates "
        "from the day it is saved (audited), and each period's honors count a person in the branch and team of its "
        "last day; moving to another branch's team, change the branch too. The recruiter is credited by the talent "
        "awards.",
    ),
    "talent.m.people": ("在职人数", "People on the team"),
    "talent.m.overdue": ("逾期通关", "Clearances overdue"),
    "talent.m.overdue_help": (
        "到期日已过仍未通过的通关（到期当天不算逾期；记录开始前入职、尚未录入的不算）",
        "Past the due date and not passed (not on the due day itself; not those of people who joined before records "
        "began that wait to be entered)",
    ),
    "talent.m.passed": ("已通关", "Clearances passed"),
    "talent.m.passed_help": ("按时或逾期通过的通关 / 全部", "Passed on time or late, of all"),
    "talent.m.eligible": ("符合飞马营资格", "Eligible for Pegasus"),
    "talent.m.eligible_help": ("满足新干部标准的人数", "People who meet the new-cadre standard"),
    "talent.m.warning": ("淘汰预警", "Elimination warnings"),
    "talent.m.warning_help": ("连续 {n} 个已关账季度为一星", "{n} closed quarters in a row at 1 star"),
    "talent.quarter": ("季度", "Quarter"),
    "talent.pipe.chart": ("各训练营人数", "People per camp"),
    "talent.pipe.in_camp": ("在营", "In the camp now"),
    "talent.pipe.entered": ("本季度进入", "Entered this quarter"),
    "talent.pipe.completed": ("本季度结业", "Completed this quarter"),
    "talent.pipe.path": ("个人成长路径", "A person's path"),
    "talent.pipe.pick": ("人员", "Person"),
    "talent.pipe.no_path": ("此人还没有参加训练营。", "This person has not been in a camp yet."),
    "talent.pipe.grid": ("训练营报名", "Camp enrolments"),
    "talent.clr.due": ("本周到期、已逾期和未通过（按经理）", "Due this week, overdue and failed (by manager)"),
    "talent.clr.to_enter": (
        "另有 {people} 位 {year} 年以前入职的人的 {n} 项通关还没有录入（记录开始之前的通关，在下面的通关记录里录入）。",
        "{n} clearances of {people} people who joined before {year} are not entered yet (passed before records "
        "began: enter them in the clearance results below).",
    ),
    "talent.clr.none_due": (
        "本周没有到期、逾期或未通过的通关。",
        "Nothing falls due this week, nothing is overdue and nothing failed.",
    ),
    "talent.clr.person": ("一个人的通关明细", "One person's clearances"),
    "talent.clr.matrix": ("每人通关状态", "Clearance status per person"),
    "talent.clr.grid": (
        "通关记录（考试成绩、总部培训考核）",
        "Clearance results (exam scores, HQ training)",
    ),
    "talent.clr.help": (
        "到期日 = 入职日 + N 天；到期当天仍为待完成，次日起逾期。订单条件读取本人负责的订单"
        "（入职日起锁单的不同客户数、成交的团购单）。成绩低于门槛即为未通过；补考改写成绩，旧成绩留在审计记录里。"
        "“是否通过”由成绩和门槛算出；{year} 年以前入职的人（记录开始之前）按录入的结果，日期填当初通关的日期"
        "（星级按日期计入），之后入职的人只能录入成绩。",
        "Due date = join date + N days; on the due day it is still pending, overdue from the next day. Order criteria "
        "read the orders the person owns (distinct customers locked from the join date, group orders won). A score "
        "below the bar is failed; a retake overwrites the score, the old one stays in the audit. “Passed” follows "
        "from the score and the bar; people who joined before {year} (before records began) are entered with the "
        "result they had, dated when they passed (the stars count it from that date), later hires only with a "
        "score.",
    ),
    "talent.status.passed": ("已通过", "Passed"),
    "talent.status.passed_late": ("逾期通过", "Passed late"),
    "talent.status.pending": ("待完成", "Pending"),
    "talent.status.overdue": ("已逾期", "Overdue"),
    "talent.status.failed": ("未通过", "Failed"),
    "talent.cadre.help": (
        "近 {months} 个月业绩 > {sales}，成交客户 ≥ {customers} 个，其中自主开发的新客户 ≥ {new_self} 个"
        "（新客户：该客户第一次成交落在窗口内）。人力资源部录入画像评估（德、才、岗各 ≥ {bar} 分为通过）并审批。",
        "Sales over the last {months} months > {sales}, at least {customers} customers won, at least {new_self} of "
        "them self-developed and new (the customer's first won order falls in the window). HR records the portrait "
        "assessment (virtue, talent and post each at least {bar}) and decides.",
    ),
    "talent.cadre.judged_on": (
        "审批按 {day} 的数据判断是否符合标准（上表按统计日期 {as_of}）。",
        "Approvals are judged on the data of {day} (the table above: as of {as_of}).",
    ),
    "talent.cadre.empty": ("这个范围里没有销售人员。", "No salesperson in this scope."),
    "talent.cadre.list": ("新干部标准", "Cadre standard"),
    "talent.cadre.grid": ("画像评估与审批", "Portrait assessments and decisions"),
    "talent.cadre.enrol": ("把已批准的人编入飞马营（{names}）", "Enrol the approved in the Pegasus camp ({names})"),
    "talent.cadre.enrol_none": ("没有待编入飞马营的已批准人员。", "Nobody approved waits to join the Pegasus camp."),
    "talent.cadre.enrolled": ("已编入飞马营：{names}", "Enrolled in the Pegasus camp: {names}"),
    "talent.cadre.export": ("导出晋升候选人", "Export promotion candidates"),
    "talent.cadre.file": ("晋升候选人", "promotion_candidates"),
    "talent.fail.sales": ("业绩", "sales"),
    "talent.fail.customers": ("客户数", "customers"),
    "talent.fail.new_self": ("自主新客户", "new self-developed"),
    "talent.cmd.branch": ("分公司", "Branch"),
    "talent.cmd.graph": ("汇报关系（按指挥职务着色）", "Reporting tree (coloured by command rank)"),
    "talent.cmd.top": ("从此人往下", "From this person down"),
    "talent.cmd.whole_branch": ("整个分公司", "The whole branch"),
    "talent.cmd.legend": ("图例", "Legend"),
    "talent.cmd.truncated": (
        "人数较多，只画了上面 {levels} 层（{n} 人）；在“从此人往下”里选一位负责人看更深的层级。",
        "A large tree: only its top {levels} levels ({n} people) are drawn; pick a leader under “From this person "
        "down” to see deeper.",
    ),
    "talent.cmd.ready_short": ("可晋升下一职务", "ready for the next rank"),
    "talent.cmd.none": ("（无职务）", "(no rank)"),
    "talent.cmd.flags": ("需要关注", "To look at"),
    "talent.cmd.lacks": ("团队结构不足", "team lacks the structure"),
    "talent.cmd.ready": ("已具备晋升下一职务的团队", "team qualifies for the next rank"),
    "talent.cmd.no_flags": ("没有需要关注的指挥职务。", "No command rank needs a look."),
    "talent.cmd.empty": ("这个范围里没有人。", "Nobody in this scope."),
    "talent.stars.help": (
        "星级 = 业绩星、过程星、通关星中最低的一项（截至所选日期）。"
        "底薪按星级表，且不超过该行的封顶（规则表“星级底薪”的“封顶”是该星级底薪能达到的最高值）。",
        "Star = the lowest of the performance, process and clearance stars (at the as-of date). Base salary comes "
        "from the rules table “Base salary by star”, never above its “Cap” (the most that star's base salary can "
        "reach).",
    ),
    "talent.stars.kept": ("星级和季度荣誉", "stars and quarterly honors"),
    "talent.list_sep": ("、", ", "),
    "talent.stars.close_help": (
        "关账时把每个人在季度末的星级写入历史，之后订单变动不会改写；重新打开会删除该季度的历史，并记入审计。",
        "Closing writes everyone's stars at the quarter's end into the history, which later order edits never "
        "rewrite; reopening removes that quarter's history, audited.",
    ),
    "talent.stars.close_title": ("季度关账", "Closing a quarter"),
    "talent.stars.quarter": ("季度", "Quarter"),
    "talent.stars.is_closed": ("已关账", "closed"),
    "talent.stars.is_open": ("未关账", "open"),
    "talent.stars.warned": (
        "淘汰预警：连续 {n} 个已关账季度为 1 星：{names}",
        "Elimination warning, {n} closed quarters in a row at 1 star: {names}",
    ),
    "talent.stars.history": ("季度星级历史（关账时保存）", "Quarterly stars (kept when a quarter closed)"),
    "talent.stars.no_history": ("还没有关账的季度。", "No quarter has been closed yet."),
    "talent.points.help": (
        "将军营学员每周（ISO 周，如 2026-W27）的作业分和出勤分；荣誉榜按这些积分排名。",
        "Homework and attendance points per ISO week (e.g. 2026-W27) per General camp participant; the honor rolls "
        "rank them.",
    ),
    "talent.approve_assessment_fails": (
        "画像评估未通过（德、才、岗都需达到及格分），不能批准",
        "the portrait assessment does not pass (virtue, talent and post must each reach the pass mark): cannot approve",
    ),
    "talent.approve_not_eligible": (
        "此人不符合新干部标准（或已离职、不在销售职级），不能批准",
        "this person does not meet the new-cadre standard (or has left, or is not in a sales rank): cannot approve",
    ),
    "talent.pass_needs_score": (
        "此人 {year} 年起入职，通关由成绩决定：请填写成绩（只有更早入职的人直接录入结果）",
        "this person joined in {year} or later, so the score decides: enter the score (only earlier hires are entered "
        "with a result)",
    ),
    "talent.decided_by_orders": (
        "此人 {year} 年起入职，这项通关由本人的订单决定，不录入结果",
        "this person joined in {year} or later: this clearance follows from their orders, no result is entered",
    ),
    "talent.week_bad": (
        "“{week}”不是一个 ISO 周（写作 2026-W27，周 01 到 52 或 53）",
        "“{week}” is not an ISO week (written 2026-W27, weeks 01 to 52 or 53)",
    ),
    "talent.not_in_general_camp": ("此人 {week} 不在将军营", "this person is not in the General camp in {week}"),
    "table.star_snapshots": ("季度星级", "quarterly stars"),
    "table.camp_points": ("将军营积分", "General camp points"),
    "table.closed_periods": ("已关账期间", "closed periods"),
    "col.camp_code": ("训练营", "Camp"),
    "col.start_date": ("开始日期", "Start"),
    "col.end_date": ("结束日期", "End"),
    "col.status": ("状态", "Status"),
    "col.clearance_code": ("通关", "Clearance"),
    "col.result_date": ("记录日期", "Result date"),
    "col.passed": ("通过", "Passed"),
    "col.assessment_date": ("评估日期", "Assessed on"),
    "col.virtue": ("德", "Virtue"),
    "col.talent": ("才", "Talent"),
    "col.post": ("岗", "Post"),
    "col.decision": ("审批", "Decision"),
    "col.decided_by": ("审批人", "Decided by"),
    "col.decided_at": ("审批时间", "Decided at"),
    "col.week": ("周", "Week"),
    "col.homework": ("作业分", "Homework"),
    "col.attendance": ("出勤分", "Attendance"),
    "col.closed_at": ("关账时间", "Closed at"),
    "col.closed_by": ("关账人", "Closed by"),
    "col.performance_sales": ("业绩（近12月）", "Sales (T12M)"),
    "col.process_meetings": ("面访（近90天）", "Meetings (90 days)"),
    "col.clearances_passed": ("已通关数", "Clearances passed"),
    "col.performance_stars": ("业绩星", "Performance"),
    "col.process_stars": ("过程星", "Process"),
    "col.clearance_stars": ("通关星", "Clearance"),
    "col.star": ("星级", "Star"),
    "col.principal_order": ("一把手参与", "Principal takes part"),
    "col.score_result": ("成绩", "Score"),
    "enum.status.enrolled": ("在营", "Enrolled"),
    "enum.status.completed": ("已结业", "Completed"),
    "enum.status.dropped": ("已退出", "Dropped"),
    "enum.decision.pending": ("待审批", "Pending"),
    "enum.decision.approved": ("已批准", "Approved"),
    "enum.decision.rejected": ("已拒绝", "Rejected"),
}
TEXT.update(
    {
        "talent.col.due_date": ("到期日", "Due"),
        "talent.col.days_overdue": ("逾期天数", "Days overdue"),
        "talent.col.figures": ("依据", "Figures"),
        "talent.col.opens": ("开始日", "Opens"),
        "talent.col.met": ("达成日", "Met on"),
        "talent.col.by_due": ("截至到期日", "By the due date"),
        "talent.col.figures_now": ("截至统计日", "As of"),
        "talent.col.precise": ("精准客户", "precise customers"),
        "talent.col.won": ("成交团购单", "group orders won"),
        "talent.col.won_principal": ("一把手参与的成交团购单", "the principal's group orders won"),
        "talent.col.won_any": ("成交订单", "orders won"),
        "talent.col.sales": ("近{months}月业绩（元）", "Sales, last {months} months (yuan)"),
        "talent.col.star_sales": ("业绩（近{months}月）", "Sales ({months} months)"),
        "talent.col.star_meetings": ("面访（近{days}天）", "Meetings ({days} days)"),
        "talent.col.customers": ("成交客户数", "Customers won"),
        "talent.col.new_self": ("自主开发新客户", "New self-developed"),
        "talent.col.eligible": ("符合资格", "Eligible"),
        "talent.col.failed": ("未达条件", "Not met"),
        "talent.col.partners": ("直属合伙人", "Direct partners"),
        "talent.col.subs": ("下属指挥员", "Sub-commanders"),
    }
)
