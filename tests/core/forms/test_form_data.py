"""The data a form is imported as, checked and stored: it must say exactly what the
``FormDefinition`` says, and its stored text must be the same whichever encoder writes it."""

from __future__ import annotations

import json

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms import form_data
from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.xlsform_reader import read_form, read_xlsform
from fieldkit.core.paths import builtin_forms_dir
from fieldkit_testing import SHARED

FORMS = sorted(builtin_forms_dir().glob("*.xlsx")) + sorted((SHARED / "corpus" / "xlsform").glob("*.xlsx"))


def _stdlib_text(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_read_data_is_what_the_definition_says():
    checked = 0
    for path in FORMS:
        try:
            form = read_form(path)
        except FieldkitError:
            continue  # refused on purpose: test_xlsform_corpus checks those
        definition = read_xlsform(path)
        # The data the importer stores is the definition's own data, and reads back to it.
        assert form.data == form_data.definition_data(definition), path.name
        assert FormDefinition.from_dict(json.loads(form_data.encode(form.data))) == definition, path.name
        # Its questions in form order are the dicts of the tree, walked depth first.
        assert [id(q) for q in form.questions] == [id(q) for q in form_data.in_form_order(form.data["questions"])]
        # Every question keeps its row, for messages and the preview.
        walked = [q for top in definition.questions for q in top.walk()]
        assert all(q.row > 0 for q in walked), path.name
        assert [form.rows[id(q)] for q in form.questions] == [q.row for q in walked]
        assert form_data.encode(form.data) == _stdlib_text(form.data), path.name
        checked += 1
    assert checked == 4 + 20  # the built-in forms and the corpus forms fieldkit accepts


def test_data_nested_deeper_than_orjson_allows_is_written_by_the_json_module():
    inner = Question(type="text", name="q", label={"": "深处的问题"})
    for i in range(200):  # 400 levels of dicts and lists: orjson stops at 254
        inner = Question(type="group", name=f"g{i}", children=[inner])
    data = form_data.definition_data(FormDefinition(form_id="deep", questions=[inner]))
    assert form_data.encode(data) == _stdlib_text(data)
