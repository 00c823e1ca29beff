"""Interview dates a new user may mistype: year 0001 is refused like the work wing's dates,
and a retrieval filter of 9999-99-99 is refused rather than silently matching nothing."""

import pytest

from fieldkit.core.interviews import notes
from fieldkit.core.interviews.errors import InterviewError
from fieldkit.core.interviews.queries import SegmentFilter, retrieve_segments


def test_a_note_dated_year_one_is_refused(workspace):
    with pytest.raises(InterviewError) as caught:
        notes.create_note(workspace, title="老李", body="暑期托管难", on_date="0001-01-01")
    assert "1900-01-01" in caught.value.message()
    assert "超出" in caught.value.message("zh_CN")
    assert workspace.scalar("SELECT COUNT(*) FROM interview_notes") == 0


@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_a_retrieval_filter_that_is_not_a_date_is_refused(workspace, field):
    with pytest.raises(InterviewError) as caught:
        retrieve_segments(workspace, SegmentFilter(**{field: "9999-99-99"}))
    assert "9999-99-99" in caught.value.message()


def test_several_problems_read_as_one_chinese_sentence(workspace, tmp_path):
    """“…格式。; 第 3 行…”: problems were joined with an English “; ” after a full stop."""
    from openpyxl import Workbook

    from fieldkit.core.interviews.codebook_xlsx import import_codebook_xlsx
    from fieldkit.core.interviews.errors import CodebookError

    book = Workbook()
    sheet = book.active
    sheet.title = "Codebook"
    sheet.append(["Code path", "Description", "Colour"])
    sheet.append(["颜色", "", "red"])
    sheet.append(["颜色2", "", "#12345g"])
    book.save(tmp_path / "cb.xlsx")
    with pytest.raises(CodebookError) as caught:
        import_codebook_xlsx(workspace, tmp_path / "cb.xlsx")
    chinese = caught.value.message("zh_CN")
    assert "格式；第 3 行" in chinese and "; " not in chinese.replace("red; ", ""), chinese
    assert "#f2c14e; row 3" in caught.value.message("en")


def test_a_qdpx_note_dated_year_one_comes_in_without_its_date(workspace, tmp_path):
    """One odd date in a project (written by another program, or a note from before dates
    were checked) used to refuse the whole import; the note now comes in undated, said so."""
    import zipfile

    from fieldkit.core.interviews.qdpx import export_qdpx, import_qdpx
    from fieldkit.core.store.workspace import Workspace

    notes.create_note(workspace, title="老李", body="暑期托管难", on_date="2024-07-15")
    exported = export_qdpx(workspace, tmp_path / "p.qdpx").output
    odd = tmp_path / "odd.qdpx"
    with zipfile.ZipFile(exported) as old, zipfile.ZipFile(odd, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "project.qde":
                assert b"2024-07-15" in data
                data = data.replace(b"2024-07-15", b"0001-01-01")
            new.writestr(info, data)
    fresh = Workspace.open(tmp_path / "fresh.fieldkit", create=True)
    try:
        result = import_qdpx(fresh, odd)
        assert result.notes_created == 1
        assert any("0001-01-01" in w for w in result.warnings)
        assert notes.get_note(fresh, result.note_ids[0]).on_date is None
    finally:
        fresh.close()
