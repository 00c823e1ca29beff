"""Every workbook fieldkit writes keeps user and form text as text, is written whole or not
at all, and never creates a missing folder (a USB drive that is not there)."""

import errno
import os
import subprocess
import zipfile

import openpyxl
import pytest

from fieldkit.core.forms.xlsform_reader import read_xlsform
from fieldkit.core.forms.xlsform_writer import write_xlsform
from fieldkit.core.errors import FieldkitError
from fieldkit.core.importing import pipeline
from fieldkit.core.importing.report import write_report
from fieldkit.core.importing.template import write_template
from fieldkit.core.spreadsheet_out import (EXCEL_CELL_LIMIT, OutputFileError, save_workbook,
                                           write_atomically, write_row)

HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "=cmd|' /C calc'!A0", "+1", "@SUM(A1)",
           "-2+3"]


def formula_cells(path):
    """Every <f> element in the workbook's sheets: a cell Excel would calculate."""
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and (b"<f>" in archive.read(name)
                                                          or b"<f " in archive.read(name))]


def write_text_book(path, sheets):
    """A workbook whose every cell is a text cell (openpyxl alone would make '=...' formulas)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for number, values in enumerate(rows, start=1):
            write_row(sheet, number, values)
    book.save(path)
    return path


def hostile_form(tmp_path):
    path = tmp_path / "hostile.xlsx"
    write_text_book(path, {
        "survey": [["type", "name", "label::中文 (zh)", "hint::中文 (zh)"],
                   ["text", "q1", HOSTILE[0], HOSTILE[1]],
                   ["select_one yn", "q2", HOSTILE[2], ""],
                   ["integer", "q3", HOSTILE[3], ""]],
        "choices": [["list_name", "name", "label::中文 (zh)"],
                    ["yn", "yes", HOSTILE[4]], ["yn", "no", "=1+1"]],
        "settings": [["form_id", "version", "form_title"], ["hostile", "1", "=TITLE()"]],
    })
    return path


def test_template_keeps_formula_like_labels_as_text(tmp_path):
    definition = read_xlsform(hostile_form(tmp_path))
    target = write_template(definition, tmp_path / "template.xlsx")
    assert formula_cells(target) == []
    book = openpyxl.load_workbook(target)
    answers = book.worksheets[1]
    headers = [answers.cell(1, c).value for c in range(1, 4)]
    assert headers == [f"{HOSTILE[0]} [q1]", f"{HOSTILE[2]} [q2]", f"{HOSTILE[3]} [q3]"]
    assert answers.cell(1, 1).comment.text == HOSTILE[1]
    choices = book["choices"]
    assert [choices.cell(r, 1).value for r in (1, 2)] == [HOSTILE[4], "=1+1"]
    assert all(choices.cell(r, 1).data_type == "s" for r in (1, 2))


def test_template_to_a_missing_drive_is_refused_and_creates_nothing(tmp_path):
    definition = read_xlsform(hostile_form(tmp_path))
    missing = tmp_path / "usb" / "forms"
    with pytest.raises(OutputFileError) as caught:
        write_template(definition, missing / "template.xlsx")
    assert str(missing) in caught.value.message("en")
    assert "U盘" in caught.value.message("zh_CN") or "USB" in caught.value.message("zh_CN")
    assert not (tmp_path / "usb").exists()


def test_problem_report_shows_formulas_exactly_as_typed(survey_ws, tmp_path):
    data = tmp_path / "answers.csv"
    data.write_text("姓名,年龄\n" + "".join(f'"{text.replace(chr(34), chr(34) * 2)}",200\n'
                                         for text in HOSTILE), encoding="utf-8")
    preview = pipeline.prepare(survey_ws, data, "needs_survey")
    report = write_report(preview, data, tmp_path / "problems.xlsx")
    assert formula_cells(report) == []
    sheet = openpyxl.load_workbook(report).worksheets[1]
    assert [sheet.cell(r, 1).value for r in range(2, 2 + len(HOSTILE))] == HOSTILE
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, 2 + len(HOSTILE)))


def test_form_export_refuses_a_text_longer_than_a_cell_naming_it(tmp_path):
    definition = read_xlsform(hostile_form(tmp_path))
    language = next(iter(definition.questions[2].label))
    definition.questions[2].label[language] = "长" * (EXCEL_CELL_LIMIT + 1)
    target = tmp_path / "export.xlsx"
    with pytest.raises(FieldkitError) as caught:
        write_xlsform(definition, target)
    message = caught.value.message("en")
    assert "survey" in message and "C4" in message and str(EXCEL_CELL_LIMIT + 1) in message
    assert "C4" in caught.value.message("zh_CN")
    assert not target.exists() and list(tmp_path.glob(".fieldkit-*")) == []
    definition.questions[2].label[language] = "长" * EXCEL_CELL_LIMIT  # the most a cell holds
    write_xlsform(definition, target)
    assert read_xlsform(target).questions[2].label[language] == "长" * EXCEL_CELL_LIMIT


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the old report")

    def fails_half_way(temp):
        with open(temp, "wb") as handle:
            handle.write(b"half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputFileError) as caught:
        write_atomically(target, fails_half_way)
    assert "No space" not in caught.value.message("zh_CN") and "空间" in caught.value.message("zh_CN")
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 64 KB file system (tmpfs), where a workbook does not fit."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                                            str(mount)], capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=False)


def test_a_full_disk_gets_a_clear_message_and_no_partial_file(tiny_disk):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in range(1, 3000):  # incompressible text, far more than 64 KB once zipped
        sheet.cell(row, 1).value = os.urandom(60).hex()
    with pytest.raises(OutputFileError) as caught:
        save_workbook(book, tiny_disk / "big.xlsx")
    assert "空间" in caught.value.message("zh_CN") and "Space" not in caught.value.message("zh_CN")
    assert list(tiny_disk.iterdir()) == []
