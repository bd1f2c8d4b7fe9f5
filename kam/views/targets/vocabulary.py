"""The header vocabulary of a targets sheet (domain.md R6), as data in one place: the words
people write for each column, Chinese and English, quarters and months, units, and the
words of a total row. Read by :mod:`kam.views.targets.sheet`; compared after
:func:`kam.views.targets.sheet.norm` (full-width folded, lower case, no spaces)."""

from __future__ import annotations

# Field -> the words people write as its header (compared after :func:`norm`).
# ``person``/``team``/``branch``: a name column that also says the entity type.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "entity_type": ("对象类型", "类型", "层级", "entity type", "type", "level"),
    "entity": ("对象", "名称", "对象名称", "对象编号", "编号", "entity", "entity id", "id"),
    "person": (
        "姓名",
        "人员",
        "人员姓名",
        "销售",
        "销售人员",
        "销售员",
        "业务员",
        "员工",
        "员工姓名",
        "个人",
        "name",
        "person",
        "salesperson",
        "sales rep",
        "employee",
        "staff",
    ),
    "team": ("部门", "团队", "部门名称", "团队名称", "小组", "team", "department", "dept"),
    "branch": ("分公司", "分公司名称", "子公司", "branch", "branch office"),
    "period": ("期间", "周期", "period"),
    "amount": (
        "金额",
        "目标",
        "目标金额",
        "年度目标",
        "全年目标",
        "年目标",
        "销售目标",
        "年度销售目标",
        "全年销售目标",
        "业绩目标",
        "amount",
        "target",
        "target amount",
        "annual target",
        "annual",
        "year target",
        "yearly target",
        "full year",
        "full year target",
        "sales target",
    ),
}
# The app's own column labels (translation keys), so that an export reads back in either language.
OWN_LABELS: dict[str, tuple[str, ...]] = {
    "entity_type": ("col.entity_type",),
    "entity": ("col.entity_id", "targets.col.entity", "targets.col.name", "targets.col.entity_id"),
    "period": ("col.period",),
    "amount": ("col.amount", "targets.col.target"),
}
_CN_DIGITS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTHS_LONG = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ORDINALS = ("1st", "2nd", "3rd", "4th")
QUARTER_WORDS: dict[int, tuple[str, ...]] = {
    q: (
        f"q{q}",
        f"{_CN_DIGITS[q - 1]}季度",
        f"第{_CN_DIGITS[q - 1]}季度",
        f"{q}季度",
        f"第{q}季度",
        f"{_CN_DIGITS[q - 1]}季",
        f"第{_CN_DIGITS[q - 1]}季",
        f"quarter {q}",
        f"{_ORDINALS[q - 1]} quarter",
        f"qtr{q}",
    )
    for q in range(1, 5)
}
MONTH_WORDS: dict[int, tuple[str, ...]] = {
    m: (
        f"{m}月",
        f"{m}月份",
        f"{_CN_DIGITS[m - 1]}月",
        f"{_CN_DIGITS[m - 1]}月份",
        f"m{m}",
        f"month {m}",
        _EN_MONTHS[m - 1],
        _EN_MONTHS_LONG[m - 1],
    )
    for m in range(1, 13)
}
# What may follow a quarter or a month in its header: ``Q1目标``, ``一月 target``.
PART_SUFFIXES = ("销售目标", "目标", "target")
# Yuan per unit of an amount column's unit (written in brackets in its header, or as
# ``单位：万元`` in a title row). A sheet import is the one place where 万 is an input unit.
UNITS: dict[str, int] = {
    "元": 1,
    "人民币": 1,
    "人民币元": 1,
    "yuan": 1,
    "rmb": 1,
    "cny": 1,
    "¥": 1,
    "千元": 1_000,
    "千": 1_000,
    "k": 1_000,
    "kyuan": 1_000,
    "万元": 10_000,
    "万": 10_000,
    "万yuan": 10_000,
    "10k": 10_000,
    "10kyuan": 10_000,
    "10,000yuan": 10_000,
    "tenthousandyuan": 10_000,
    "百万": 1_000_000,
    "百万元": 1_000_000,
    "millionyuan": 1_000_000,
    "亿": 100_000_000,
    "亿元": 100_000_000,
}
# A row whose text says it is a total. Choice: a Chinese word anywhere at the start or the
# end of a text cell (``合计``, ``华东一部小计``), an English one as the whole cell or its start
# (``Total``, ``Total:``, ``Subtotal East``); amount columns are not looked at.
TOTAL_WORDS: tuple[str, ...] = ("合计", "总计", "小计", "共计", "总和", "汇总")
TOTAL_WORDS_EN: tuple[str, ...] = ("total", "subtotal", "grandtotal", "sum")

HEADER_SCAN = 10  # the header is looked for among the first rows
NAME_FIELDS = ("person", "team", "branch")
IDENTITY_FIELDS = ("entity_type", "entity", *NAME_FIELDS)
AMOUNT_FIELDS = ("amount", "quarter", "month")
