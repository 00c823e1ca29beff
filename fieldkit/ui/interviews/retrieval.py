"""Coded segments across notes (编码片段检索): choose a code (with or without its child
codes), narrow by site, occupation, coder and interview date, or to quotes or important
segments; each row shows the segment's words with their source. Double-click (or Enter)
opens the note with the segment's words selected (``open_requested(note_id, start, end)``).

The interviewee's name and other personal data are left out, as in reports (the analysis
wing's ``retrieve_segments`` redacts them by default).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core import i18n
from fieldkit.core.i18n import tr
from fieldkit.ui.interviews import ops
from fieldkit.ui.interviews.editor import swatch
from fieldkit.ui.interviews.note_form import NO_DATE, date_edit, occupation_choices

COLUMNS = ((lambda: tr("Code"), "code_path"), (lambda: tr("Segment"), "text"),
           (lambda: tr("Interview note"), "note_title"), (lambda: tr("Site"), "site_name"),
           (lambda: tr("Occupation"), "occupation"), (lambda: tr("Date"), "on_date"),
           (lambda: tr("Coder"), "coder"))


def _combo(first: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    return combo


class RetrievalView(QWidget):
    open_requested = Signal(str, int, int)

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.rows: list[dict] = []
        self._generation = 0
        self.code = _combo(tr("All codes"))
        self.code.setObjectName("retrieve_code")
        self.with_children = QCheckBox(tr("With child codes"))
        self.with_children.setChecked(True)
        self.site, self.occupation = _combo(tr("All sites")), _combo(tr("All occupations"))
        self.coder = _combo(tr("All coders"))
        self.date_from, self.date_to = self._date(), self._date()
        self.quotes = QCheckBox(tr("Quotes only"))
        self.important = QCheckBox(tr("Important only"))
        self.count = QLabel()
        self.export_button = QPushButton(tr("Export these segments…"))
        self.export_button.setToolTip(tr("Save the segments listed here as an Excel workbook"))
        self.export_button.clicked.connect(lambda: self.export_segments())
        self.by = QComboBox()
        for value, text in (("site", tr("by site")), ("occupation", tr("by occupation")),
                            ("age_band", tr("by age band"))):
            self.by.addItem(text, value)
        self.frequencies_button = QPushButton(tr("Export code frequencies…"))
        self.frequencies_button.setToolTip(tr("How often each code occurs (segments and "
                                              "notes) and which codes occur together, as an "
                                              "Excel workbook"))
        self.frequencies_button.clicked.connect(lambda: self.export_frequencies())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("retrieved_segments")
        self.table.setHorizontalHeaderLabels([title() for title, _ in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for column, width in ((0, 150), (2, 150), (3, 140), (4, 110), (5, 90), (6, 70)):
            self.table.setColumnWidth(column, width)
        self.table.setToolTip(tr("Double-click or press Enter to open the note at this "
                                 "segment"))
        self.table.itemActivated.connect(self._activated)
        grid = QGridLayout()
        grid.addWidget(self.code, 0, 0, 1, 2)
        grid.addWidget(self.with_children, 0, 2)
        grid.addWidget(self.quotes, 0, 3)
        grid.addWidget(self.important, 0, 4)
        grid.addWidget(self.site, 1, 0)
        grid.addWidget(self.occupation, 1, 1)
        grid.addWidget(self.coder, 1, 2)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to, 1)
        grid.addLayout(dates, 1, 3, 1, 2)
        for column in range(5):
            grid.setColumnStretch(column, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.by)
        actions.addWidget(self.frequencies_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.retrieve)
        for combo in (self.code, self.site, self.occupation, self.coder):
            combo.currentIndexChanged.connect(self._timer.start)
        for box in (self.with_children, self.quotes, self.important):
            box.toggled.connect(self._timer.start)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._timer.start)

    def _date(self) -> QDateEdit:
        return date_edit()

    def refresh(self) -> None:
        self.window_.tasks.run(ops.retrieval_choices, self._choices_loaded, None)

    def _choices_loaded(self, choices: dict) -> None:
        if not isValid(self.code):
            return        # the page was rebuilt (language switched) meanwhile
        occupations = list(dict.fromkeys(occupation_choices() + choices["occupations"]))
        for combo, items in ((self.code, [(c["id"], c["path"], c["colour"])
                                          for c in choices["codes"]]),
                             (self.site, [(v, t, None) for v, t in choices["sites"]]),
                             (self.occupation, [(o, o, None) for o in occupations]),
                             (self.coder, [(v, t, None) for v, t in choices["cadres"]])):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text, colour in items:
                if colour:
                    combo.addItem(swatch(colour), text, value)
                else:
                    combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.retrieve()

    def filters(self) -> dict:
        def day(edit: QDateEdit):
            return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")
        code = self.code.currentData()
        return {"code_ids": [code] if code else [], "include_children": self.with_children.isChecked(),
                "site_id": self.site.currentData(), "occupation": self.occupation.currentData(),
                "coder_id": self.coder.currentData(), "date_from": day(self.date_from),
                "date_to": day(self.date_to), "quotes_only": self.quotes.isChecked(),
                "important_only": self.important.isChecked()}

    def retrieve(self) -> None:
        self._generation += 1
        generation = self._generation
        self.window_.tasks.run(ops.retrieve, lambda rows: self._show(generation, rows), None,
                               self.filters())

    def _show(self, generation: int, rows: list[dict]) -> None:
        if generation != self._generation or not isValid(self.table):   # gone meanwhile
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (_, key) in enumerate(COLUMNS):
                value = row.get(key) or ""
                item = QTableWidgetItem(" ".join(str(value).split()))
                if key == "code_path":
                    item.setIcon(swatch(row.get("colour") or "#f2c14e"))
                if key == "text":
                    item.setToolTip(str(value))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.count.setText(tr("{n} segments found", n=len(rows)))

    def _target(self, caption: str, target: str | None) -> str | None:
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, caption, "",
                                                    tr("Excel workbook (*.xlsx)"))
            if not target:
                return None
            if not target.lower().endswith(".xlsx"):
                target += ".xlsx"
        return target

    def export_segments(self, target: str | None = None) -> None:
        target = self._target(tr("Export these segments…"), target)
        if target:
            self.window_.tasks.run(ops.export_segments, self._exported, None, self.filters(),
                                   target, i18n.current_language())

    def export_frequencies(self, target: str | None = None) -> None:
        target = self._target(tr("Export code frequencies…"), target)
        if target:
            self.window_.tasks.run(ops.export_frequencies, self._exported, None,
                                   self.by.currentData(), self.with_children.isChecked(),
                                   target, i18n.current_language())

    def _exported(self, result: dict) -> None:
        self.exported = result
        self.window_.statusBar().showMessage(tr("Written to {path}", path=result["output"]),
                                             15000)

    def _activated(self, item) -> None:
        row = self.rows[item.row()]
        self.open_requested.emit(row["note_id"], row["start"], row["end"])
