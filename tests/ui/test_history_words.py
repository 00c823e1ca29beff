"""The history reads in the form's order, with labels (not names) and options' labels."""

from types import SimpleNamespace

from fieldkit_testing import build_survey_form


def test_changes_in_form_order_and_in_words(workspace, tmp_path):
    from fieldkit.core import i18n
    from fieldkit.core.forms import store
    from fieldkit.ui.runner.history import AnswerWords

    store.import_form(workspace, build_survey_form(tmp_path / "needs.xlsx"))
    definition = store.get_form(workspace, "needs_survey")
    words = AnswerWords(SimpleNamespace(definition=definition, language="中文 (zh)"))
    assert words.in_form_order(["notes", "zzz_unknown", "age", "worker_name"]) == \
        ["worker_name", "age", "notes", "zzz_unknown"]
    i18n.set_language("zh_CN")
    assert words.change("work_type", "", "port") == "您的工作类型：由 （空） 改为 港口装卸"
    assert words.change("needs", "rest", "rest childcare") == \
        "您最需要的服务：由 休息难 改为 休息难、暑期托管难"
