"""People are listed by name as a Chinese roster lists them: by pinyin, not by code point
(kam.i18n.name_key, used by every person picker)."""

from __future__ import annotations

import pandas as pd

from kam.i18n import by_name, name_key


def test_chinese_names_sort_by_pinyin_not_by_code_point():
    names = ["王丹", "梁波", "张伟", "安娜", "刘旭"]
    assert sorted(names) != sorted(names, key=name_key)  # by code point: 刘 安 张 梁 王
    assert sorted(names, key=name_key) == ["安娜", "梁波", "刘旭", "王丹", "张伟"]


def test_latin_names_are_case_blind_and_mix_with_pinyin():
    assert sorted(["bob", "Alice", "王丹", "Wang Dan"], key=name_key) == ["Alice", "bob", "王丹", "Wang Dan"]


def test_namesakes_keep_their_id_order():
    frame = pd.DataFrame({"id": [3, 1, 2], "name": ["王丹", "王丹", "梁波"]})
    assert by_name(frame)["id"].tolist() == [2, 1, 3]
