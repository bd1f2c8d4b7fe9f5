"""Texts of the one save path (kam/validate.py, kam/store/save.py, kam/edit.py): why a value,
a row or a whole save is refused, and the tables a refused delete names. key -> (Chinese, English).
"""

TEXT: dict[str, tuple[str, str]] = {
    # a cell's value
    "v.not_scalar": ("应为单个值，收到 {value}", "must be a single value, got a {value}"),
    "v.bool_not_allowed": ("不能填是/否，收到 “{value}”", "must not be a yes/no value, got “{value}”"),
    "v.bad_text": (
        "含有无法保存的字符（不完整的 Unicode 代理字符），请重新输入",
        "holds a character that cannot be stored (a lone Unicode surrogate): type it again",
    ),
    "v.unreadable": ("无法识别这个值", "this value cannot be read"),
    "v.pk_change": (
        "编码不能修改（其他记录用它引用这一行），收到 “{value}”：请新增一行再删除旧行",
        "the key cannot be changed (other rows refer to the row by it), got “{value}”: add a new row "
        "and delete this one",
    ),
    # what the database refused (its own message goes to the log)
    "v.db_constraint": ("数据库拒绝了这个值", "the database refused this value"),
    "v.db_check": ("这个值不在数据库允许的范围内", "the database does not allow this value"),
    "v.db_missing_ref": ("引用的记录 {value} 不存在", "refers to {value}, which does not exist"),
    "v.db_referenced": (
        "其他记录仍在引用这一行，不能修改它的编码或删除它",
        "other rows still refer to this row: its key cannot change, nor can it be deleted",
    ),
    # the whole save
    "v.unexpected": (
        "保存时发生意外错误，没有保存任何修改（错误已记入日志）。请重试，或联系管理员。",
        "An unexpected error stopped the save: nothing was saved (the error is in the log). "
        "Try again, or tell the administrator.",
    ),
    # tables a refused delete may name (every table on either side of a foreign key has one)
    "table.customer_contacts": ("客户关系人", "customer contacts"),
    "table.customer_competitors": ("客户竞争对手", "customer competitors"),
    # The reporting tree (kam.invariants.org_problems).
    "v.org_cycle": (
        "上级关系成环：此人经由上级又成了自己的上级",
        "the managers go round in a circle back to this person",
    ),
    "v.org_team_branch": (
        "此人的团队属于另一个分公司：调到其他分公司的团队时，请同时修改分公司",
        "the team belongs to another branch: moving to another branch's team, change the branch too",
    ),
    "v.org_self_recruited": ("招聘人不能是本人", "a person cannot be their own recruiter"),
    "v.org_not_under_leader": (
        "此人所在团队的负责人不是其上级（直接或间接）：请改上级或团队",
        "the leader of this person's team is not their manager, directly or through others: change the "
        "manager or the team",
    ),
    "v.org_leader_branch": ("团队负责人不属于该团队的分公司", "the team's leader is not in the team's branch"),
    "v.org_elsewhere": (
        "这次修改会让{table}的“{row}”出错：{reason}",
        "this change would make {table} row {row} wrong: {reason}",
    ),
}
