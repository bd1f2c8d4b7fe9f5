"""Texts of the shared page parts (filter bar, as-of note): key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "filter.branch": ("分公司", "Branch"),
    "filter.team": ("团队", "Team"),
    "filter.owner": ("负责人", "Owner"),
    "filter.as_of": ("统计日期", "As of"),
    "filter.year": ("年度", "Year"),
    "filter.all": ("全部", "All"),
    "filter.as_of_stops": (
        "数据截至 {date}，统计日期默认取这一天（而不是今天）。",
        "The data stops on {date}, so the as-of date defaults to that day instead of today.",
    ),
}
