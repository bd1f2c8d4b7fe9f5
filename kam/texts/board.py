"""Texts of the order board (issue 13, domain.md R7): its moves and their rules."""

TEXT = {
    "table.r7_transitions": ("订单流转规则", "Moves between stages"),
    "col.from_stage": ("从阶段", "From stage"),
    "col.to_stage": ("到阶段", "To stage"),
    "col.needs_valid_lock": ("需有效锁单", "Needs a valid lock"),
    "col.needs_close_date": ("需成交日期", "Needs a close date"),
    "col.needs_reason": ("需填写原因", "Needs a reason"),
    "col.manager_only": ("仅经理可操作", "Managers only"),
    "col.stage_since": ("进入本阶段日期", "In this stage since"),
    "col.lost_reason": ("丢单原因", "Reason lost"),
    "move.not_allowed": ("不能从“{frm}”移到“{to}”", "an order cannot move from {frm} to {to}"),
    "move.same_stage": ("订单已在“{to}”", "the order is in {to} already"),
    "move.needs_valid_lock": (
        "需要有效锁单：缺 {missing} 项关键信息，或没有有效审核（审核人职级不够或是负责人本人）",
        "needs a valid lock: {missing} key messages missing, or no review that counts (by the reviewer "
        "rank or above, and not by the owner)",
    ),
    "move.needs_close_date": ("需要成交日期", "needs a close date"),
    "move.close_before_lock": ("成交日期不能早于锁单日期", "the close date cannot be before the lock date"),
    "move.needs_reason": ("需要填写丢单原因", "needs the reason the order was lost"),
    "move.manager_only": ("只有经理可以重新打开已成交或已丢失的订单", "only a manager can reopen a won or lost order"),
}
