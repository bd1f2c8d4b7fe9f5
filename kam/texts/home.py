"""Texts of the home page (app.py) and the app's name: key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "app.title": ("大客户管理台", "KAM Console"),
    "app.tagline": (
        "按大客户方法经营分公司：客户金字塔、画像、四单管理、人才梯队、荣誉榜和目标。",
        "Run key account management the way the method teaches: customer pyramid, portraits, "
        "the order board, talent pipeline, honor rolls and targets.",
    ),
    "nav.home": ("首页", "Home"),
    "home.figures": ("关键数字", "Key figures"),
    "home.customers": ("客户数", "Customers"),
    "home.key_accounts": ("大客户数（KA 及以上）", "Key accounts (KA and above)"),
    "home.cooperation": ("合作额", "Cooperation"),
    "home.cooperation_help": (
        "近 {months} 个月成单金额（规则 R2 的统计窗口）",
        "won in the last {months} months (the R2 window)",
    ),
    "home.open_orders": ("在跟订单", "Open orders"),
    "home.people": ("在职人员", "People"),
    "home.pages": ("页面", "Pages"),
    "home.empty": (
        "数据库是空的。可在规则设置中维护规则，或用 `python -m kam.demo` 生成演示数据。",
        "The database is empty. Edit rules on the settings page, or create demo data with `python -m kam.demo`.",
    ),
    "home.as_of": ("统计日期", "As of"),
    "home.recent_changes": ("最近修改", "Recent changes"),
    "home.no_changes": ("还没有修改记录。", "No changes recorded yet."),
    "home.col.when": ("时间", "When"),
    "home.col.who": ("操作人", "Who"),
    "home.col.table": ("表", "Table"),
    "home.col.row": ("哪一行", "Row"),
    "home.col.what": ("修改内容", "Change"),
    "home.col.old": ("原值", "Before"),
    "home.col.new": ("新值", "After"),
    "home.added": ("新增一行", "row added"),
    "home.deleted": ("删除一行", "row deleted"),
    "home.pair": ("{label}：{value}", "{label}: {value}"),
    "home.pairs_sep": ("；", "; "),
}
