"""Imported responses can be told apart: their own survey date, site and cadre, and where
they came from; import batches are listed and any of them can be undone later."""

import json

import pytest

from fieldkit.core.work import directory
from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.store import import_form
from fieldkit.core.importing import batches, pipeline
from fieldkit.core.importing.origin import source_text
from fieldkit_testing import write_xlsx
from test_import_rules import build_visit_form


@pytest.fixture
def visit_ws(workspace, tmp_path):
    import_form(workspace, build_visit_form(tmp_path / "visits_form.xlsx"))
    org = directory.create(workspace, directory.ORG_UNITS, {"name": "河西区总工会",
                                                            "kind": "district"})
    for name, name_en in (("天津港集装箱码头", "Tianjin Port"), ("新开口镇服装加工厂", "")):
        directory.create(workspace, directory.SITES, {"name": name, "name_en": name_en,
                                                      "kind": "project", "org_unit_id": org})
    for name in ("王丽", "张强"):
        directory.create(workspace, directory.CADRES, {"name": name, "org_unit_id": org})
    return workspace


def ids(ws, table):
    return {r["name"]: r["id"] for r in ws.query(f"SELECT id, name FROM {table}")}


HEADER = ["所在区", "街道", "年龄", "走访日期", "站点", "干部"]


def visits(tmp_path):
    return write_xlsx(tmp_path / "走访.xlsx", [
        HEADER,
        ["河西区", "友谊路街道", 30, "2024-06-01", "天津港集装箱码头", "王丽"],
        ["河西区", "尖山街道", 41, "2024/6/3", "tianjin port", "张强"],
        ["南开区", "兴南街道", 52, "2024年6月5日", "不存在的站点", "王丽"],
    ], title="走访")


def test_survey_date_site_and_cadre_come_from_the_sheet(visit_ws, tmp_path):
    preview = pipeline.prepare(visit_ws, visits(tmp_path), "visits", site_column="站点",
                               cadre_column="F")
    unknown = [p for p in preview.rows[2].problems if p.column == "E"][0]
    assert unknown.severity == "warning" and "不存在的站点" in unknown.message("en")
    assert "目录中没有站点" in unknown.message("zh_CN")
    result = pipeline.commit(visit_ws, preview)
    sites, cadres = ids(visit_ws, "sites"), ids(visit_ws, "cadres")
    got = [tuple(r) for r in visit_ws.query(
        "SELECT started_at, site_id, cadre_id, source FROM responses ORDER BY started_at")]
    assert [g[:3] for g in got] == [
        ("2024-06-01", sites["天津港集装箱码头"], cadres["王丽"]),
        ("2024-06-03", sites["天津港集装箱码头"], cadres["张强"]),
        ("2024-06-05", None, cadres["王丽"])]
    assert json.loads(got[1][3]) == {"file": "走访.xlsx", "sheet": "走访", "row": 3,
                                     "batch": result["batch_id"]}
    assert source_text(got[1][3], "zh_CN") == "导入自 走访.xlsx · 走访 第 3 行"
    assert source_text(got[1][3], "en") == "Imported from 走访.xlsx · 走访, row 3"
    assert source_text("", "en") == ""


def test_one_site_and_cadre_for_the_whole_file(visit_ws, tmp_path):
    preview = pipeline.prepare(visit_ws, visits(tmp_path), "visits", site="新开口镇服装加工厂",
                               cadre=ids(visit_ws, "cadres")["张强"])
    pipeline.commit(visit_ws, preview)
    assert {tuple(r) for r in visit_ws.query("SELECT site_id, cadre_id FROM responses")} == \
        {(ids(visit_ws, "sites")["新开口镇服装加工厂"], ids(visit_ws, "cadres")["张强"])}
    with pytest.raises(FieldkitError) as error:
        pipeline.prepare(visit_ws, visits(tmp_path), "visits", site="火星站")
    assert "火星站" in error.value.message("zh_CN")


def test_batches_are_listed_and_any_can_be_undone_later_twice_safely(visit_ws, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", [HEADER[:4], ["河西区", "友谊路街道", 30, "2024-06-01"]])
    second = write_xlsx(tmp_path / "b.xlsx", [HEADER[:4], ["河西区", "尖山街道", 31, "2024-06-02"],
                                              ["南开区", "万兴街道", 32, "2024-06-02"]])
    a = pipeline.commit(visit_ws, pipeline.prepare(visit_ws, first, "visits"))
    b = pipeline.commit(visit_ws, pipeline.prepare(visit_ws, second, "visits"))
    again = pipeline.commit(visit_ws, pipeline.prepare(visit_ws, second, "visits"))
    assert again["batch_id"] is None  # nothing new: no empty batch
    listed = batches.list_batches(visit_ws)
    assert [(x["file"], x["imported"], x["undone"]) for x in listed] == \
        [("b.xlsx", 2, False), ("a.xlsx", 1, False)]
    assert batches.undo(visit_ws, a["batch_id"][:8]) == 1      # the older one, later on
    assert batches.undo(visit_ws, a["batch_id"]) == 0          # twice: nothing more
    listed = {x["id"]: x for x in batches.list_batches(visit_ws)}
    assert listed[a["batch_id"]]["undone"] and listed[a["batch_id"]]["remaining"] == 0
    assert listed[b["batch_id"]]["remaining"] == 2
    assert visit_ws.scalar("SELECT count(*) FROM responses WHERE deleted = 0") == 2
    with pytest.raises(FieldkitError):
        batches.undo(visit_ws, "nope")
    # the undone rows can be imported again
    assert pipeline.commit(visit_ws, pipeline.prepare(visit_ws, first, "visits"))["imported"] == 1


def test_start_and_end_columns_give_the_response_its_times(workspace, tmp_path):
    """A Kobo export of a form with start/end: the response keeps when it was filled in."""
    import openpyxl

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    for row in (["start", "start", ""], ["end", "end", ""], ["text", "worker_name", "姓名"]):
        survey.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append(["kobo_times", "1"])
    book.save(tmp_path / "kobo_form.xlsx")
    import_form(workspace, tmp_path / "kobo_form.xlsx")
    path = write_xlsx(tmp_path / "kobo.xlsx", [
        ["start", "end", "worker_name", "_uuid"],
        ["2024-06-01T09:00:00.000+08:00", "2024-06-01T09:12:30.000+08:00", "李海花", "u-1"]])
    pipeline.commit(workspace, pipeline.prepare(workspace, path, "kobo_times"))
    started, finished = workspace.query("SELECT started_at, finished_at FROM responses")[0]
    assert started.startswith("2024-06-01T09:00") and finished.startswith("2024-06-01T09:12")
