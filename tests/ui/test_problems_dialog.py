"""The form-import problems dialog shows each problem and its fix in full, wrapped."""

import pytest
from PySide6.QtCore import QRect, Qt

from fieldkit.core.forms.problems import FormProblem
from fieldkit.ui.pages.problems_dialog import ProblemsDialog
from fieldkit_testing import save_shot

LONG = "Expression is nested too deeply (more than {limit} levels) at character {column}: {expression}"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_problem_reads_in_full(qtbot, main_window, language):
    main_window.retranslate(language)
    expression = " + ".join(f"if(${{q{i}}} > {i}, {i}, 0)" for i in range(14))
    problems = [FormProblem("survey", 12, "calculation", LONG,
                            {"limit": 100, "column": 37, "expression": expression},
                            hint_msgid=LONG),
                FormProblem("choices", 3, "label", "Expression is nested too deeply to evaluate")]
    dialog = ProblemsDialog(main_window, "2 problems", problems)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.textElideMode() == Qt.ElideNone and table.wordWrap()
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in (3, 4):
            text = table.item(row, column).text()
            width = table.columnWidth(column) - 8          # the cell's own margins
            needed = metrics.boundingRect(QRect(0, 0, width, 100000),
                                          Qt.TextWordWrap, text).height()
            assert table.rowHeight(row) >= needed, (row, column, text)
    assert "{limit}" not in table.item(0, 3).text() and expression in table.item(0, 3).text()
    save_shot(dialog, f"polish_problems_dialog_{language}")
    dialog.reject()
