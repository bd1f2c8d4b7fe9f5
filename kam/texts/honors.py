"""Texts of the honor rolls page (issue 15, R10, R14)."""

TEXT = {
    "enum.scope.company": ("全公司", "Company-wide"),
    "enum.scope.branch": ("每个分公司", "Per branch"),
    "enum.scope.team": ("每个团队", "Per team"),
    "enum.awarded_to.person": ("个人", "A person"),
    "enum.awarded_to.team": ("团队", "A team"),
    "enum.kind.week": ("周", "Week"),
    "enum.kind.month": ("月", "Month"),
    "enum.kind.quarter": ("季度", "Quarter"),
    "enum.kind.year": ("年", "Year"),
    "table.commission_snapshots": ("年度提成（关账时保存）", "annual commission (kept at the close)"),
}
