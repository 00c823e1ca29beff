"""Names in pinyin order, in Python and in SQL; the English interface shows a site's
English name where one is recorded."""

from fieldkit.core.collation import pinyin_key

NAMES = ["张伟", "安娜", "王芳", "李娜", "陈静", "卫国强", "郑丽娟", "冯海涛", "韩秀兰",
         "沈宏伟", "蒋春燕", "Lagos office", "abc", "拉萨驿站", "鄂州港"]
PINYIN = ["abc", "Lagos office", "安娜", "陈静", "鄂州港", "冯海涛", "韩秀兰", "蒋春燕",
          "拉萨驿站", "李娜", "沈宏伟", "王芳", "卫国强", "张伟", "郑丽娟"]


def test_pinyin_key_orders_names():
    assert sorted(NAMES, key=pinyin_key) == PINYIN
    # a rare character comes after the common ones, never lost or crashing
    assert sorted(["𠀀", "褚", "安"], key=pinyin_key)[0] == "安"
    assert pinyin_key(None) == b""


def test_sql_orders_by_pinyin_and_shows_english_names(workspace):
    from fieldkit.core import i18n
    from fieldkit.core.work import directory

    with workspace.transaction():
        unit = workspace.insert("org_units", {"name": "总工会", "kind": "city"})
        for name in NAMES:
            workspace.insert("cadres", {"name": name, "org_unit_id": unit})
        workspace.insert("sites", {"name": "拉各斯项目部", "name_en": "Lagos project",
                                   "kind": "project", "timezone": "Africa/Lagos"})
        workspace.insert("sites", {"name": "西宁驿站", "kind": "station",
                                   "timezone": "Asia/Shanghai"})
    assert [name for _, name in directory.choices_for(workspace, "cadres")] == PINYIN
    i18n.set_language("zh_CN")
    assert [n for _, n in directory.choices_for(workspace, "sites")] == ["拉各斯项目部", "西宁驿站"]
    i18n.set_language("en")
    assert [n for _, n in directory.choices_for(workspace, "sites")] == ["Lagos project", "西宁驿站"]
