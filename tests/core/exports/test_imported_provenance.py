"""Responses imported from a spreadsheet export with their file, sheet, row and batch, and
``--batch`` exports one import only."""

import openpyxl

from fieldkit.core.exports.filters import build_filter
from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.importing import pipeline
from fieldkit_testing import write_xlsx


def test_import_columns_and_batch_filter(export_ws, tmp_path):
    first = write_xlsx(tmp_path / "第一批.xlsx", [["age", "notes"], [30, "+甲"], [31, "乙"]],
                       title="答卷")
    second = write_xlsx(tmp_path / "second.xlsx", [["age", "notes"], [40, "丙"]])
    one = pipeline.commit(export_ws, pipeline.prepare(export_ws, first, "family_survey"))
    two = pipeline.commit(export_ws, pipeline.prepare(export_ws, second, "family_survey"))
    assert one["imported"] == 2 and two["imported"] == 1
    export_responses(export_ws, build_filter(export_ws, "family_survey")[0], tmp_path / "a.xlsx")
    rows = [list(r) for r in openpyxl.load_workbook(tmp_path / "a.xlsx").worksheets[1]
            .iter_rows(values_only=True)]
    data = [dict(zip(rows[1], r)) for r in rows[2:]]
    by_note = {r["notes"]: r for r in data}
    assert by_note["+甲"]["_import_file"] == "第一批.xlsx"
    assert by_note["+甲"]["_import_sheet"] == "答卷" and by_note["+甲"]["_import_row"] == 2
    assert by_note["乙"]["_import_row"] == 3
    assert by_note["+甲"]["_import_batch"] == one["batch_id"]
    assert by_note["丙"]["_import_batch"] == two["batch_id"]
    flt, shown = build_filter(export_ws, "family_survey", batch=two["batch_id"])
    result = export_responses(export_ws, flt, tmp_path / "b.xlsx",
                              ExportOptions(batch_id=two["batch_id"], filters=shown))
    assert result.responses == 1
    about = [list(r) for r in openpyxl.load_workbook(tmp_path / "b.xlsx").worksheets[0]
             .iter_rows(values_only=True)]
    assert ["Filter: Import batch", two["batch_id"]] in about
