"""Texts of closing and reopening a period (kam.ui.closing), shared by the honor rolls and the
talent page."""

TEXT = {
    "closing.close": ("关账 {period}", "Close {period}"),
    "closing.done": ("{period} 已关账：结果已保存", "{period} is closed: what it awarded is kept"),
    "closing.reopen": ("重新打开 {period}…", "Reopen {period}…"),
    "closing.reopen_warning": (
        "重新打开会删除 {period} 保存的{kept}（审计留痕），之后按实时数据计算；再次关账时按当时的数据重新保存。",
        "Reopening removes the {kept} kept for {period} (audited); it is computed live again, and closing it "
        "again keeps the data as it is then.",
    ),
    "closing.reason": ("重新打开的原因（必填，记入审计）", "Why it is reopened (required, audited)"),
    "closing.reopen_confirm": ("确认重新打开 {period}", "Reopen {period}"),
    "closing.reopened": ("{period} 已重新打开：按实时数据计算", "{period} is open again: computed live"),
    "closing.is_closed": (
        "{period} 已关账（{who}，{at}）：显示关账时保存的结果",
        "{period} is closed ({who}, {at}): showing what was kept at the close",
    ),
    "closing.is_closed_below": (
        "{period} 已关账（{who}，{at}）：保存的星级见下方季度星级历史",
        "{period} is closed ({who}, {at}): the stars it kept are in the history below",
    ),
    "closing.is_open": ("{period} 未关账：实时计算", "{period} is open: live figures"),
    "closing.as_of_first": (
        "统计日期早于 {period} 的最后一天：页面只显示到该日期为止的数据，而关账保存的是整个期间。"
        "请把统计日期设为 {last} 或之后再关账。",
        "The as-of date is before {period}'s last day: the page shows it only up to that date, while a close "
        "keeps all of it. Set the as-of date to {last} or later to close it.",
    ),
    "closing.not_ended": (
        "{period} 尚未结束，结束后的第二天起可以关账。",
        "{period} has not ended: it can be closed from the day after its last day.",
    ),
    "closing.closed": ("{period} 已经关账。", "{period} is closed already."),
    "closing.open": ("{period} 没有关账，无需重新打开。", "{period} is not closed: there is nothing to reopen."),
    "closing.week": ("{period}（{first} 至 {last}）", "{period} ({first} to {last})"),
    "closing.company_wide": (
        "关账对全公司生效：保存所有分公司、团队和人员的{kept}，不只是当前筛选的范围。",
        "Closing applies to the whole company: it keeps the {kept} of every branch, team and person, "
        "not only those the filter shows.",
    ),
    "closing.history": ("{period} 的关账记录（{n} 次）", "Closes of {period} ({n})"),
    "closing.col.closed_at": ("关账时间", "Closed at"),
    "closing.col.closed_by": ("关账人", "Closed by"),
    "closing.col.reopened_at": ("重新打开时间", "Reopened at"),
    "closing.col.reopened_by": ("重新打开人", "Reopened by"),
    "closing.col.reopen_reason": ("原因", "Reason"),
    "closing.reason_needed": ("请填写重新打开 {period} 的原因。", "Say why {period} is reopened."),
}
