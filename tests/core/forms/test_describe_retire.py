"""A form's logic in words (the preview), and retiring forms (archive or delete)."""

import pytest

from fieldkit_testing import build_survey_form


@pytest.fixture
def survey(workspace, tmp_path):
    from fieldkit.core.forms import store

    store.import_form(workspace, build_survey_form(tmp_path / "needs.xlsx"))
    return store.get_form(workspace, "needs_survey")


def _logic(form, name, language):
    from fieldkit.core.forms.describe import describe_logic

    return describe_logic(form.find(name), form, language)


def test_relevance_and_constraint_in_words(survey):
    from fieldkit.core import i18n

    assert _logic(survey, "childcare", "en") == [
        "Shown only when “Number of children” is greater than 0"]
    assert _logic(survey, "age", "en") == [
        "Required", "The answer must satisfy: this answer is at least 16 and this answer is "
        "at most 70 (年龄应在16到70岁之间)"]
    i18n.set_language("zh_CN")
    assert _logic(survey, "childcare", "zh") == ["仅当“子女人数”大于0时显示"]
    assert _logic(survey, "age", "zh")[1].startswith("答案须满足：本题答案不小于16并且本题答案不大于70")


def test_choices_named_by_their_labels(survey):
    from fieldkit.core import i18n
    from fieldkit.core.forms.describe import describe_expression, type_words

    i18n.set_language("zh_CN")
    assert describe_expression("selected(${needs}, 'childcare')", survey, "zh") == \
        "“您最需要的服务”中选了“暑期托管难”"
    assert describe_expression("${work_type} = 'port' or ${notes} != ''", survey, "zh") == \
        "“您的工作类型”为“港口装卸”或者“其他意见”已填写"
    assert describe_expression("not(${kids} = '')", survey, "zh") == "并非（“子女人数”未填写）"
    # what is not understood keeps its formula, with labels put in; broken text stays as is
    assert describe_expression("round(${hours}, 1)", survey, "zh") == "round(“每天工作小时数”, 1)"
    assert describe_expression("${hours} >", survey, "zh") == "${hours} >"
    assert type_words(survey.find("needs")) == "多选题"
    assert type_words(survey.find("kids")) == "整数"
    from fieldkit.core.forms.model import Question

    assert type_words(Question("dateTime", "when")) == "日期和时间"


def test_retire_deletes_an_unused_form_and_archives_a_used_one(workspace, survey):
    from fieldkit.core import responses
    from fieldkit.core.forms import retire, store

    assert retire.retire_plan(workspace, "needs_survey")["action"] == "delete"
    assert retire.retire_form(workspace, "needs_survey")["action"] == "delete"
    assert "needs_survey" not in [f["form_id"] for f in store.list_forms(workspace, True)]
    assert workspace.scalar("SELECT count(*) FROM journal WHERE table_name = 'forms' AND"
                            " operation = 'delete'") == 1

    store.import_form(workspace, build_survey_form(workspace.path.parent / "again.xlsx"))
    response_id = responses.start(workspace, "needs_survey")
    responses.save_draft(workspace, response_id, {"worker_name": "王师傅"})
    plan = retire.retire_form(workspace, "needs_survey")
    assert plan["action"] == "archive" and plan["responses"] == 1
    assert "needs_survey" not in [f["form_id"] for f in store.list_forms(workspace)]
    assert responses.get(workspace, response_id)["answers"]["worker_name"] == "王师傅"
    assert retire.retire_form(workspace, "needs_survey")["archived"]  # twice: harmless
    retire.restore_form(workspace, "needs_survey")
    assert "needs_survey" in [f["form_id"] for f in store.list_forms(workspace)]


def test_builtin_forms_are_only_archived(workspace):
    from fieldkit.core.forms import retire, store

    store.load_builtin_forms(workspace)
    builtin = next(f["form_id"] for f in store.list_forms(workspace) if f["builtin"])
    assert retire.retire_form(workspace, builtin)["action"] == "archive"
    store.load_builtin_forms(workspace)  # the next start does not bring it back
    assert builtin not in [f["form_id"] for f in store.list_forms(workspace)]


def test_retiring_an_unknown_form_says_so(workspace):
    from fieldkit.core.errors import FieldkitError
    from fieldkit.core.forms import retire

    with pytest.raises(FieldkitError, match="no form"):
        retire.retire_form(workspace, "nope")


def test_deleting_an_unused_form_takes_its_files_with_it(workspace, tmp_path):
    from fieldkit.core.forms import retire, store
    from fieldkit_testing import write_xlsx

    form = write_xlsx(tmp_path / "wells.xlsx", [["type", "name", "label"],
                                                ["select_one_from_file wells.csv", "well", "Which well?"]],
                      title="survey")
    (tmp_path / "wells.csv").write_text("name,label\nw1,一号井\n", encoding="utf-8")
    result = store.import_form(workspace, form)
    assert workspace.scalar("SELECT count(*) FROM form_media") == 1
    assert retire.retire_form(workspace, result.form_id)["action"] == "delete"
    assert workspace.scalar("SELECT count(*) FROM form_media") == 0
    assert workspace.scalar("SELECT count(*) FROM forms WHERE form_id = ?", (result.form_id,)) == 0
