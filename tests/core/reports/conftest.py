"""A small survey with answers whose every figure is worked out by hand in the tests.

Eight responses count (four at each of two sites); a deleted one and a superseded one must
never be counted. The form is tests/fieldkit_testing.build_survey_form with ``worker_name``
marked personal.
"""

import json

import openpyxl
import pytest

from fieldkit.core.forms.store import import_form
from fieldkit_testing import build_survey_form

#  site, status, age, work_type, needs, join_date, hours, kids, childcare, notes, worker_name
ANSWERS = [
    ("A", "complete", "20", "construction", "rest meals", "2024-01-05", "8", "0", None,
     "希望食堂增加夜班热饭", "张三"),
    ("A", "complete", "30", "construction", "rest", "2024-01-20", "10", "1", "yes",
     "电话13812345678", "李四"),
    ("A", "complete", "40", "port", "meals childcare", "2024-02-03", "9.5", "2", "yes",
     "希望食堂增加夜班热饭", None),
    ("A", "draft", "50", "port", None, "2024-03-15", "12", "1", "no", None, None),
    ("B", "complete", "25", "garment", "childcare training", "2024-03-01", "8", "0", None, None,
     None),
    ("B", "complete", "35", "garment", "rest childcare training", None, "11", "3", "yes", None,
     None),
    ("B", "complete", "45", "delivery", "training", None, None, None, None, None, None),
    ("B", "complete", None, "delivery", "rest", "2024-02-28", "7", "2", "no", None, None),
]
NAMES = ("age", "work_type", "needs", "join_date", "hours", "kids", "childcare", "notes",
         "worker_name")


def personal_form(path):
    build_survey_form(path)
    book = openpyxl.load_workbook(path)
    survey = book["survey"]
    column = survey.max_column + 1
    survey.cell(row=1, column=column, value="personal")
    survey.cell(row=2, column=column, value="yes")   # worker_name
    book.save(path)
    return path


def add_responses(ws, answers=ANSWERS, *, day0=1, batch_id=None):
    record = ws.query("SELECT id, version FROM forms WHERE form_id = 'needs_survey'")[0]
    sites = {}
    with ws.transaction():
        for name in ("A", "B"):
            found = ws.query("SELECT id FROM sites WHERE name = ?", (f"站点{name}",))
            sites[name] = found[0][0] if found else ws.insert("sites", {"name": f"站点{name}",
                                                                       "kind": "project"})
        ids = []
        for i, (site, status, *values) in enumerate(answers):
            data = {k: v for k, v in zip(NAMES, values) if v is not None}
            ids.append(ws.insert("responses", {
                "form_record_id": record["id"], "form_id": "needs_survey",
                "form_version": record["version"], "status": status, "site_id": sites[site],
                "started_at": f"2024-05-{day0 + i:02d}T09:00:00+08:00",
                "answers": json.dumps(data, ensure_ascii=False),
                "import_batch_id": batch_id}))
    return ids


@pytest.fixture
def report_ws(workspace, tmp_path):
    import_form(workspace, personal_form(tmp_path / "needs_survey.xlsx"))
    add_responses(workspace)
    # never counted: a deleted response and one superseded by a later revision
    extra = add_responses(workspace, ANSWERS[:2], day0=20)
    with workspace.transaction():
        workspace.update("responses", extra[0], {"deleted": 1})
        workspace.update("responses", extra[1], {"superseded_by": extra[0]})
    return workspace


@pytest.fixture
def add_answers():
    """``add_responses`` for tests (importing it from ``conftest`` clashes with the other
    conftest modules when tests of several folders run in one session)."""
    return add_responses
