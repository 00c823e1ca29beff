"""The codebook to and from .xlsx: real workbooks written and read back."""

import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from fieldkit.core import i18n
from fieldkit.core.errors import FieldkitError
from fieldkit.core.interviews import codes
from fieldkit.core.interviews.codebook_xlsx import export_codebook_xlsx, import_codebook_xlsx
from fieldkit.core.interviews.errors import CodebookError
from fieldkit.core.store.workspace import Workspace


def _book(path, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_export_then_import_into_another_workspace(interviews_ws, tmp_path):
    ws = interviews_ws
    codes.update_code(ws, ws.ids["safety"], description="=SUM(A1:A3) 不是公式")
    target = tmp_path / "codebook.xlsx"
    assert export_codebook_xlsx(ws, target) == 4
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]] == ["Code path", "Description", "Colour"]
    assert sheet["A5"].value == "安全/高原反应" and sheet["C5"].value == "#8ecae6"
    assert sheet["B4"].data_type == "s" and sheet["B4"].value.startswith("=SUM")
    other = Workspace.open(tmp_path / "other.fieldkit", create=True)
    try:
        result = import_codebook_xlsx(other, target)
        assert (result.added, result.updated, result.unchanged) == (4, 0, 0)
        assert [(c.path, c.colour, c.description) for c in codes.codebook(other)] == [
            (c.path, c.colour, c.description) for c in codes.codebook(ws)]
        again = import_codebook_xlsx(other, target)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
        assert len(codes.codebook(other)) == 4
    finally:
        other.close()


def test_chinese_headers_and_updates_by_path(interviews_ws, tmp_path):
    ws = interviews_ws
    i18n.set_language("zh_CN")
    target = tmp_path / "zh.xlsx"
    export_codebook_xlsx(ws, target)
    assert [c.value for c in load_workbook(target).active[1]] == ["编码路径", "说明", "颜色"]
    i18n.set_language("en")
    path = _book(tmp_path / "draft.xlsx", [
        ["编码表草稿"], [], ["编码路径", "颜色", "说明"],
        ["安全/高原反应", "#FF0000", "头痛、失眠"], ["工资/拖欠", "", ""], ["", "", ""],
        ["工资", "", "劳动报酬"]])
    result = import_codebook_xlsx(ws, path)
    assert (result.added, result.updated, result.unchanged) == (2, 2, 0)
    assert codes.code_by_path(ws, "工资").description == "劳动报酬"
    code = codes.code_by_path(ws, "安全/高原反应")
    assert (code.colour, code.description) == ("#ff0000", "头痛、失眠")
    assert codes.code_by_path(ws, "工资/拖欠") is not None


def test_bad_rows_are_all_reported_and_nothing_written(interviews_ws, tmp_path):
    ws = interviews_ws
    path = _book(tmp_path / "bad.xlsx", [
        ["Code path", "Description", "Colour"], ["新/好的", "", ""], ["x", "", "red"],
        ["/ /", "无路径", ""], ["y" * 101, "", ""]])
    with pytest.raises(CodebookError) as err:
        import_codebook_xlsx(ws, path)
    text = err.value.message("en")
    assert "row 3, column C" in text and "row 4, column A" in text and "row 5, column A" in text
    assert "bad.xlsx" in err.value.message("zh_CN") and "第" in err.value.message("zh_CN")
    assert codes.code_by_path(ws, "新") is None


def test_formulas_missing_headers_and_fake_files_are_refused(interviews_ws, tmp_path):
    ws = interviews_ws
    path = _book(tmp_path / "f.xlsx", [["Code path"], ["=\"安\"&\"全\""]])
    with pytest.raises(CodebookError) as err:
        import_codebook_xlsx(ws, path)
    assert "A2" in err.value.message("en") and "formula" in err.value.message("en")
    path = _book(tmp_path / "noheader.xlsx", [["安全"], ["家庭"]])
    with pytest.raises(CodebookError) as err:
        import_codebook_xlsx(ws, path)
    assert "Code path" in err.value.message("en")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("安全,家庭", encoding="utf-8")
    with pytest.raises(FieldkitError) as err:
        import_codebook_xlsx(ws, fake)
    assert "fake.xlsx" in err.value.message("en")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (80 * 1024 * 1024))
    with pytest.raises(FieldkitError) as err:
        import_codebook_xlsx(ws, bomb)
    assert "bomb.xlsx" in err.value.message("en")
    assert len(codes.codebook(ws)) == 4


def test_one_code_on_two_rows_that_disagree_is_refused(tmp_path):
    """The same path twice with another description: which one is meant? The import says so
    and writes nothing (it used to let the second row overwrite the first); the same row
    twice is taken once."""
    ws = Workspace.open(tmp_path / "w.fieldkit", create=True)
    try:
        book = _book(tmp_path / "dup.xlsx", [["Code path", "Description", "Colour"],
                                             ["工资/拖欠", "按月发放", ""],
                                             ["安全", "", ""],
                                             ["工资 / 拖欠", "年底才发", ""]])
        with pytest.raises(FieldkitError) as caught:
            import_codebook_xlsx(ws, book)
        text = caught.value.message("zh_CN")
        assert "第 2 行" in text and "工资/拖欠" in text, text
        assert codes.codebook(ws) == []
        same = _book(tmp_path / "same.xlsx", [["Code path", "Description", "Colour"],
                                              ["工资/拖欠", "按月发放", ""],
                                              ["工资/拖欠", "按月发放", ""]])
        result = import_codebook_xlsx(ws, same)
        assert result.added == 2 and [c.description for c in codes.codebook(ws)] == ["", "按月发放"]
    finally:
        ws.close()
