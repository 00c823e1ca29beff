import re

from fieldkit.core import i18n
from fieldkit.core.i18n_extract import marked_strings, placeholders

HAN = re.compile(r"[\u4e00-\u9fff]")
# strings that read the same in both languages
SAME_IN_BOTH = {"fieldkit", "fieldkit — {name}", "Ctrl+{n}", "fieldkit: {message}"}


def test_every_marked_string_has_a_chinese_translation():
    catalogue = i18n.load_catalogue("zh_CN")
    marked = marked_strings()
    assert len(marked) > 100
    missing = {m: places[0] for m, places in marked.items() if not catalogue.get(m)}
    assert missing == {}
    for msgid in marked:
        assert placeholders(catalogue[msgid]) == placeholders(msgid), msgid
        words = re.sub(r"\{\w+\}", "", msgid)
        if not re.search(r"[A-Za-z]", words):
            continue  # only placeholders and punctuation: nothing to translate
        if msgid not in SAME_IN_BOTH and HAN.search(msgid) is None:
            assert HAN.search(catalogue[msgid]), f"not translated: {msgid!r}"


def test_catalogue_has_no_stale_entries():
    marked = marked_strings()
    stale = [m for m in i18n.load_catalogue("zh_CN") if m not in marked]
    assert stale == []


def test_language_detection(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert i18n.system_language() == "zh_CN"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LC_ALL", "zh_CN.GB18030")
    assert i18n.system_language() == "zh_CN"
    assert i18n.normalise_language("zh-Hans") == "zh_CN"
    assert i18n.normalise_language("fr_FR") == "en"


def test_tr_formats_in_current_language():
    i18n.set_language("zh_CN")
    assert i18n.tr("Backup written to {path}", path="D:/b.fieldkit") == "备份已保存到 D:/b.fieldkit"
    i18n.set_language("en")
    assert i18n.tr("Backup written to {path}", path="x") == "Backup written to x"
