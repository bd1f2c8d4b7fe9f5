"""Texts of the rules settings page (pages/settings.py): key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.settings": ("规则设置", "Rules settings"),
    "settings.title": ("规则设置", "Rules settings"),
    "settings.intro": (
        "这里的每个门槛、权重和窗口都是数据：修改保存后，所有页面的计算立即按新规则进行，无需改代码。",
        "Every threshold, weight and window here is data: once saved, every page computes with "
        "the new rule, with no code change.",
    ),
    "settings.rule": ("规则", "Rule"),
    "settings.table": ("规则表", "Rules table"),
    "settings.params": ("参数", "Parameters"),
    "settings.audit": ("此表的修改记录", "Changes to this table"),
}
