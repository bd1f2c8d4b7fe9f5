"""Texts that name rows for people (kam.edit.row_name, row_ref): in refused saves, in
conflicts and in the audit list. key -> (Chinese, English)."""

TEXT: dict[str, tuple[str, str]] = {
    "rows.row": ("第 {row} 行", "row {row}"),  # only where nothing better than the key exists
    "rows.new_named": ("新行“{name}”", "new row “{name}”"),
    "rows.year": ("{year} 年", "{year}"),
    "rows.sep": ("、", ", "),
    "rows.problem_row": ("{row}：{reason}", "{row}: {reason}"),
}
