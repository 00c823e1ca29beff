"""XLSX and CSV exports, opened with the real readers and compared cell by cell."""

import csv

import openpyxl
import pytest

from export_testing import add
from fieldkit.core import responses
from fieldkit.core.errors import Cancelled
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.progress import CancelToken
from fieldkit.core.responses.query import ResponseFilter
from fieldkit.core.spreadsheet_out import OutputFileError

HOSTILE = ["=HYPERLINK(\"http://x\",\"click\")", "+1", "@SUM(1,2)", "-2+3", "第一行\n第二行",
           "工友们好😀🚧", "字" * 10_000, "\tTab", "=1+2"]


def export(ws, target, **options):
    return export_responses(ws, ResponseFilter("family_survey"), target,
                            ExportOptions(**options))


def sheet_rows(path, index):
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[index]
    return book, sheet, [list(r) for r in sheet.iter_rows(values_only=True)]


def by_name(rows):
    """Data rows as {column name: value}, from the name row (row 2)."""
    names = rows[1]
    return [dict(zip(names, r)) for r in rows[2:]]


def read_csv(path, encoding="utf-8-sig"):
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_zero_responses_give_headers_only(export_ws, tmp_path):
    result = export(export_ws, tmp_path / "none.xlsx")
    assert result.responses == 0
    _, sheet, rows = sheet_rows(tmp_path / "none.xlsx", 1)
    assert len(rows) == 2
    assert "age" in rows[1] and "needs/training" in rows[1]
    result = export(export_ws, tmp_path / "none.csv", format="csv")
    assert [len(read_csv(f)) for f in result.files] == [1, 1, 1]


def test_one_response_cell_by_cell(export_ws, tmp_path):
    rid = add(export_ws, "2", {"worker_name": "李四", "age": 41, "work_type": "port",
                               "needs": "rest childcare", "hours": 8.5, "notes": "夜班多"},
              final=True)
    export(export_ws, tmp_path / "one.xlsx")
    book, sheet, rows = sheet_rows(tmp_path / "one.xlsx", 1)
    assert sheet.freeze_panes == "B3"
    assert sheet.auto_filter.ref.startswith("A2:")
    [row] = by_name(rows)
    stored = responses.get(export_ws, rid)
    assert row["_id"] == rid and row["_form_version"] == "2"
    assert row["_site"] == "高原铁路项目部"
    assert row["_started"] == stored["started_at"] and row["_finalised"] == stored["finished_at"]
    assert row["_started"][-6] in "+-" and row["_started"][-3] == ":"  # ISO 8601 with offset
    assert row["_status"] == "Complete" and row["_review"] == "Received"
    assert row["age"] == 41 and row["hours"] == 8.5
    assert row["work_type"] == "Port"  # labels in the interface language
    assert row["needs"] == "Resting, Summer childcare"
    assert (row["needs/rest"], row["needs/meals"], row["needs/childcare"],
            row["needs/training"]) == (1, 0, 1, 0)
    assert row["notes"] == "夜班多"
    assert "worker_name" not in rows[1]  # personal: left out by default
    assert rows[0][rows[1].index("age")] == "Age"


def test_chinese_labels_and_headers(export_ws, tmp_path):
    from fieldkit.core import i18n

    i18n.set_language("zh_CN")
    add(export_ws, "2", {"work_type": "port", "needs": "rest childcare"})
    export(export_ws, tmp_path / "zh.xlsx")
    book, sheet, rows = sheet_rows(tmp_path / "zh.xlsx", 1)
    [row] = by_name(rows)
    assert row["work_type"] == "港口装卸" and row["needs"] == "休息难、暑期托管难"
    assert rows[0][rows[1].index("age")] == "年龄" and rows[0][0] == "答卷编号"
    assert book.worksheets[0].title == "说明"
    assert sheet.column_dimensions["A"].width >= 38


def test_codes(export_ws, tmp_path):
    add(export_ws, "2", {"work_type": "port", "needs": "rest childcare"})
    export(export_ws, tmp_path / "codes.xlsx", codes=True)
    [row] = by_name(sheet_rows(tmp_path / "codes.xlsx", 1)[2])
    assert row["work_type"] == "port" and row["needs"] == "rest childcare"
    assert row["_status"] == "draft"
    assert row["needs/childcare"] == 1


def test_hostile_texts_stay_literal(export_ws, tmp_path):
    ids = [add(export_ws, "2", {"notes": text, "work_type": "port"}) for text in HOSTILE]
    export(export_ws, tmp_path / "h.xlsx")
    book, sheet, rows = sheet_rows(tmp_path / "h.xlsx", 1)
    notes = rows[1].index("notes")
    by_id = {r[0]: r for r in rows[2:]}
    for rid, text in zip(ids, HOSTILE):
        assert by_id[rid][notes] == text
    for cells in sheet.iter_rows(min_row=3):
        assert cells[notes].data_type == "s"  # never a formula
    result = export(export_ws, tmp_path / "h.csv", format="csv")
    table = read_csv(result.files[0])
    header = table[0]
    col = header.index("Comments (notes)")
    by_id = {r[0]: r for r in table[1:]}
    for rid, text in zip(ids, HOSTILE):
        expected = "'" + text if text[0] in "=+-@\t" else text
        assert by_id[rid][col] == expected


def test_plain_negative_number_text_gets_no_apostrophe(export_ws, tmp_path):
    add(export_ws, "2", {"notes": "-5"})
    result = export(export_ws, tmp_path / "n.csv", format="csv")
    assert read_csv(result.files[0])[1][-1] == "-5"


def test_gb18030(export_ws, tmp_path):
    add(export_ws, "2", {"notes": "工友😀", "work_type": "construction"})
    result = export(export_ws, tmp_path / "gb.csv", format="csv", encoding="gb18030")
    raw = (tmp_path / "gb.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    table = read_csv(result.files[0], "gb18030")
    assert table[1][-1] == "工友😀" and "Construction" in table[1]
    bom = export(export_ws, tmp_path / "bom.csv", format="csv")
    assert (tmp_path / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert bom.responses == 1


def test_repeats_in_their_own_sheets_linked_by_id(export_ws, tmp_path):
    rid = add(export_ws, "2", {"family": [
        {"member": "儿子", "member_age": 9, "schools": [{"school": "一小"}, {"school": "=二小"}]},
        {"member": "女儿"}]})
    result = export(export_ws, tmp_path / "r.xlsx")
    assert result.entries == {"family": 2, "schools": 2}
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert [s.title for s in book.worksheets] == ["About", "职工家庭调查", "Family members", "Schools"]
    family = by_name([list(r) for r in book.worksheets[2].iter_rows(values_only=True)])
    schools = by_name([list(r) for r in book.worksheets[3].iter_rows(values_only=True)])
    assert [(f["_parent_id"], f["_response_id"], f["_index"], f["member"], f["member_age"])
            for f in family] == [(rid, rid, 1, "儿子", 9), (rid, rid, 2, "女儿", None)]
    assert [(s["_parent_id"], s["school"]) for s in schools] == [
        (family[0]["_id"], "一小"), (family[0]["_id"], "=二小")]
    csvs = export(export_ws, tmp_path / "r.csv", format="csv").files
    assert [p.rsplit("/", 1)[-1] for p in csvs] == ["r.csv", "r-family.csv", "r-schools.csv"]
    assert read_csv(csvs[2])[2][-1] == "'=二小"


def test_versions_export_together(export_ws, tmp_path):
    old = add(export_ws, "1", {"age": 30, "old_only": "只在旧版", "needs": "meals"})
    new = add(export_ws, "2", {"age": 31, "hours": 9, "needs": "training"})
    export(export_ws, tmp_path / "v.xlsx")
    rows = sheet_rows(tmp_path / "v.xlsx", 1)[2]
    names = rows[1]
    # form order of the newest version; the old version's question after the one it followed
    assert names.index("work_type") < names.index("old_only") < names.index("needs")
    data = {r["_id"]: r for r in by_name(rows)}
    assert data[old]["old_only"] == "只在旧版" and data[old]["hours"] is None
    assert data[new]["old_only"] is None and data[new]["hours"] == 9
    assert data[old]["needs/training"] == 0 and data[new]["needs/training"] == 1
    assert data[old]["_form_version"] == "1"


def test_personal_left_out_unless_asked_and_first_sheet_says_so(export_ws, tmp_path):
    add(export_ws, "2", {"worker_name": "王五", "phone": "13800000000", "age": 33})
    export(export_ws, tmp_path / "p.xlsx")
    book, about, rows = sheet_rows(tmp_path / "p.xlsx", 0)
    assert "worker_name" not in sheet_rows(tmp_path / "p.xlsx", 1)[2][1]
    assert rows[0][0] == "Personal data" and "left out" in rows[0][1] and "phone" in rows[0][1]
    result = export(export_ws, tmp_path / "p2.xlsx", include_personal=True)
    assert result.personal_included == ["worker_name", "phone"]
    book, about, rows = sheet_rows(tmp_path / "p2.xlsx", 0)
    assert book.worksheets[0].title == "About"
    assert "contains personal data" in rows[0][1] and "worker_name" in rows[0][1]
    [row] = by_name(sheet_rows(tmp_path / "p2.xlsx", 1)[2])
    assert row["worker_name"] == "王五" and row["phone"] == "13800000000"
    csv_default = read_csv(export(export_ws, tmp_path / "p.csv", format="csv").files[0])
    assert not any("phone" in h for h in csv_default[0])


def test_too_long_for_a_cell_is_refused_naming_it(export_ws, tmp_path):
    rid = add(export_ws, "2", {"notes": "长" * 40_000})
    with pytest.raises(ExportError) as caught:
        export(export_ws, tmp_path / "long.xlsx")
    assert rid in caught.value.message() and "notes" in caught.value.message()
    assert not (tmp_path / "long.xlsx").exists()
    assert list(tmp_path.glob(".fieldkit-*")) == []
    result = export(export_ws, tmp_path / "long.csv", format="csv")
    assert read_csv(result.files[0])[1][-1] == "长" * 40_000


def test_filters_and_missing_folder(export_ws, tmp_path):
    a = add(export_ws, "1", {"age": 1}, final=False)
    add(export_ws, "2", {"age": 2}, final=True)
    flt = ResponseFilter("family_survey", version="1")
    result = export_responses(export_ws, flt, tmp_path / "f.xlsx")
    assert result.responses == 1
    assert by_name(sheet_rows(tmp_path / "f.xlsx", 1)[2])[0]["_id"] == a
    with pytest.raises(OutputFileError):
        export(export_ws, tmp_path / "missing" / "x.xlsx")


def test_cancel_leaves_no_file(export_ws, tmp_path):
    for n in range(5):
        add(export_ws, "2", {"age": n})
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        export_responses(export_ws, ResponseFilter("family_survey"), tmp_path / "c.xlsx",
                         cancel=token)
    assert list(tmp_path.glob("c*")) == [] and list(tmp_path.glob(".fieldkit-*")) == []


def test_superseded_and_deleted_are_not_exported(export_ws, tmp_path):
    first = add(export_ws, "2", {"age": 20}, final=True)
    revision = responses.revise(export_ws, first)
    responses.finalise(export_ws, revision, {"age": 21})
    gone = add(export_ws, "2", {"age": 99})
    responses.delete(export_ws, gone)
    export(export_ws, tmp_path / "s.xlsx")
    data = by_name(sheet_rows(tmp_path / "s.xlsx", 1)[2])
    assert [(r["_id"], r["age"], r["_revision"]) for r in data] == [(revision, 21, 2)]


def test_control_characters_are_left_out_and_the_about_sheet_says_so(export_ws, tmp_path):
    add(export_ws, "2", {"notes": "前\x01后", "work_type": "port"})
    export(export_ws, tmp_path / "c.xlsx")
    [row] = by_name(sheet_rows(tmp_path / "c.xlsx", 1)[2])
    assert row["notes"] == "前后"
    about = sheet_rows(tmp_path / "c.xlsx", 0)[2]
    assert any("control characters" in (r[1] or "") and "1 answers" in r[1] for r in about)
    result = export(export_ws, tmp_path / "c.csv", format="csv")
    assert read_csv(result.files[0])[1][-1] == "前\x01后"
