"""Texts of the shared page parts (sidebar, filter bar, as-of note): key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "sidebar.language": ("语言", "Language"),
    "sidebar.acting_as": ("当前操作人", "Acting as"),
    "sidebar.acting_as_help": (
        "登录功能上线前，修改记录以此人名义写入审计日志。",
        "Until sign-in exists, changes are recorded in the audit log under this name.",
    ),
    "sidebar.nobody": ("（未选择）", "(nobody)"),
    "filter.branch": ("分公司", "Branch"),
    "filter.team": ("团队", "Team"),
    "filter.owner": ("负责人", "Owner"),
    "filter.as_of": ("统计日期", "As of"),
    "filter.year": ("年度", "Year"),
    "filter.all": ("全部", "All"),
    "widget.choose": ("请选择", "Choose an option"),
    "filter.as_of_stops": (
        "数据截至 {date}，统计日期默认取这一天（而不是今天）。",
        "The data stops on {date}, so the as-of date defaults to that day instead of today.",
    ),
}
