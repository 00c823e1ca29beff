"""Step 3: every column of the file, what it goes to, how sure the match is and why.

Each column's target is a combo (all combos share one list of targets); changing one makes
the wizard check the whole file again with the edited mapping, and the counts below update.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWizardPage)

from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import translate, tr
from fieldkit.core.importing.mapping import Target
from fieldkit.core.importing.pipeline import maps_a_question
from fieldkit.ui.import_wizard.style import TEXT, confidence_colour, message_style
from fieldkit.ui.import_wizard.targets import CHOSEN_BY_YOU, TargetNames, same

WIDTHS = (None, 150, 150, 250, None)   # None: as wide as its contents
UNSURE = 0.9


def column_titles() -> list[str]:
    return [tr("Column"), tr("Header in the file"), tr("First values"), tr("Goes to"),
            tr("Match"), tr("Why")]


class TargetCombo(QComboBox):
    """A combo that the mouse wheel scrolls past unless it has the focus (the table scrolls)."""

    def __init__(self, model: QStandardItemModel, position: int) -> None:
        super().__init__()
        self.position = position
        self.setModel(model)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMinimumContentsLength(18)
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def target(self) -> Target:
        return self.currentData(Qt.UserRole)


class MappingPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Check where each column goes"))
        self.setSubTitle(tr("fieldkit matched the columns of the file to the questions. Check "
                            "the amber and red ones; choose “Skip” for columns that are not "
                            "answers."))
        self.names: TargetNames | None = None
        self.combos: list[TargetCombo] = []
        self._model: QStandardItemModel | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(WIDTHS) + 1)
        self.table.setObjectName("mapping_table")
        self.table.setHorizontalHeaderLabels(column_titles())
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.NoSelection)  # keeps the colours
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setFocusPolicy(Qt.NoFocus)   # the keyboard goes from combo to combo
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for index, width in enumerate(WIDTHS):
            if width is None:
                header.setSectionResizeMode(index, QHeaderView.ResizeToContents)
            else:
                header.resizeSection(index, width)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        origin = QHBoxLayout()
        self.site_box, self.cadre_box = QComboBox(), QComboBox()
        for caption, box, name in ((tr("Site of every response:"), self.site_box, "site_box"),
                                   (tr("Cadre of every response:"), self.cadre_box, "cadre_box")):
            box.setObjectName(name)
            box.addItem(tr("— none (or from a column) —"), None)
            box.setMinimumContentsLength(16)
            label = QLabel(caption)
            label.setBuddy(box)
            origin.addWidget(label)
            origin.addWidget(box)
        origin.addStretch(1)
        layout.addLayout(origin)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setObjectName("mapping_counts")
        layout.addWidget(self.counts)
        self._focus_watch = _FocusWatch(self)

    # -- filling -------------------------------------------------------------------------

    def load(self, prepared, samples: dict[int, list[str]]) -> None:
        """A new file or form: one row per column of the file."""
        self.names = TargetNames(prepared.definition)
        mapping = prepared.preview.mapping
        if self._model is not None:
            self._model.deleteLater()
        model = self._model = QStandardItemModel(self)
        targets = self.names.choices()
        for column in mapping.columns:  # a target the form no longer has stays visible
            if not any(same(column.target, t) for t in targets):
                targets.append(column.target)
        for target in targets:
            item = QStandardItem(self.names.text(target))
            item.setData(target, Qt.UserRole)
            item.setToolTip(item.text())
            model.appendRow(item)
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(model.item(i).text())
                      for i in range(model.rowCount())), default=0) + 40
        self.table.setRowCount(0)
        self.table.setRowCount(len(mapping.columns))
        self.combos = []
        height = self.fontMetrics().height() + 14
        for row, column in enumerate(mapping.columns):
            header = column.header.strip() or tr("(no header)")
            values = " · ".join(samples.get(column.index, []))
            for col, text in ((0, column_letter(column.index)), (1, header), (2, values)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
            combo = TargetCombo(model, row)
            combo.view().setMinimumWidth(widest)   # the list shows whole texts
            combo.setCurrentIndex(next(i for i, t in enumerate(targets)
                                       if same(t, column.target)))
            combo.setAccessibleName(tr("Column {letter} goes to", letter=column_letter(column.index)))
            combo.currentIndexChanged.connect(lambda _, c=combo: self._changed(c))
            combo.installEventFilter(self._focus_watch)
            self.table.setCellWidget(row, 3, combo)
            self._show_confidence(row, column.confidence, column.reason)
            self.table.setRowHeight(row, height)
            if self.combos:
                QWizardPage.setTabOrder(self.combos[-1], combo)
            self.combos.append(combo)
        if self.combos:  # the columns first, then “the same for every row”
            QWizardPage.setTabOrder(self.combos[-1], self.site_box)
            QWizardPage.setTabOrder(self.site_box, self.cadre_box)
        chosen = max((metrics.horizontalAdvance(c.currentText()) for c in self.combos),
                     default=0)
        self.table.horizontalHeader().resizeSection(3, max(220, min(chosen + 56, 420)))
        self._show_summary(prepared.preview)
        self.show_counts(prepared.preview)

    def set_directory(self, found: dict) -> None:
        """The directory's sites and cadres, offered as one value for the whole file."""
        for box, key in ((self.site_box, "sites"), (self.cadre_box, "cadres")):
            for record_id, name in found.get(key, []):
                box.addItem(name, record_id)

    def origin(self) -> tuple[str | None, str | None]:
        """The site and cadre chosen for every row that names none in a column."""
        return self.site_box.currentData(), self.cadre_box.currentData()

    def _show_confidence(self, row: int, confidence: float, reason: str) -> None:
        match = QTableWidgetItem(f"{round(confidence * 100)}%")
        match.setTextAlignment(Qt.AlignCenter)
        match.setBackground(confidence_colour(confidence))
        match.setForeground(TEXT)
        self.table.setItem(row, 4, match)
        why = QTableWidgetItem(translate(reason) if reason else "")
        why.setToolTip(why.text())
        self.table.setItem(row, 5, why)

    def _show_summary(self, preview) -> None:
        columns = preview.mapping.columns
        going = sum(1 for c in columns if c.target.kind != "skip")
        unsure = sum(1 for c in columns if c.confidence < UNSURE)
        rows = ", ".join(str(n) for n in preview.header_rows)
        place = tr("“{file}”, sheet “{sheet}”", file=preview.file_name, sheet=preview.sheet) \
            if preview.sheet else tr("“{file}”", file=preview.file_name)
        lines = [tr("{place}: headers in row {rows}; {going} of {total} columns go into the "
                    "form, {unsure} need a look.", place=place, rows=rows, going=going,
                    total=len(columns), unsure=unsure)]
        for found in getattr(preview, "repeat_sheets", ()):   # a Kobo / ODK export's repeats
            group = self.names.group_label(found.repeat) if found.repeat else "—"
            lines.append(tr("Sheet “{sheet}”: {rows} rows of the repeated group “{group}”, "
                            "{linked} of them go into their answer sheets.", sheet=found.sheet,
                            rows=found.rows, group=group, linked=found.linked))
        self.summary.setText("\n".join(lines))

    def show_counts(self, preview) -> None:
        counts = preview.counts()
        # the same count the preview page calls "will be imported" (warnings are imported
        # unless the user says otherwise there)
        lines = [tr("Rows: {importable} can be imported ({warning} of them with warnings), "
                    "{rejected} rejected, {duplicate} already imported.",
                    importable=counts["clean"] + counts["warning"], **counts)]
        for letters, target in self._clashes(preview.mapping):
            lines.append(tr("Columns {columns} all go to “{target}”: keep one and skip the "
                            "others.", columns=", ".join(letters), target=self.names.text(target)))
        if not maps_a_question(preview.mapping):
            lines.append(tr("No column goes to a question yet: choose the question of at least "
                            "one column, or nothing can be imported."))
        self.counts.setStyleSheet(message_style(len(lines) > 1))
        self.counts.setText("\n".join(lines))

    @staticmethod
    def _clashes(mapping) -> list[tuple[list[str], Target]]:
        """Columns that go to the same question (or the same option of one)."""
        seen: dict[tuple, list] = {}
        for column in mapping.columns:
            target = column.target
            if target.kind not in ("skip", ""):
                key = (target.kind, target.name, target.choice)
                seen.setdefault(key, [[], target])[0].append(column_letter(column.index))
        return [(letters, target) for letters, target in seen.values() if len(letters) > 1]

    def show_checking(self) -> None:
        self.counts.setText(tr("Checking the rows again with the new columns…"))

    def show_message(self, text: str, error: bool = False) -> None:
        self.counts.setStyleSheet(message_style(error))
        self.counts.setText(text)

    # -- editing -------------------------------------------------------------------------

    def _changed(self, combo: TargetCombo) -> None:
        self._show_confidence(combo.position, 1.0, CHOSEN_BY_YOU)
        self.wizard().set_target(combo.position, combo.target())

    def target_texts(self) -> list[str]:
        return [combo.currentText() for combo in self.combos]

    def initializePage(self) -> None:
        unsure = [c for c, col in zip(self.combos, self.wizard().mapping.columns)
                  if col.confidence < UNSURE]
        first = (unsure or self.combos or [None])[0]
        if first is not None:
            first.setFocus()

    def cleanupPage(self) -> None:
        """Going back keeps the edits (the wizard reuses them for the same file and form)."""

    def validatePage(self) -> bool:
        """Next while a check runs (or is about to) moves on once it is done."""
        return self.wizard().leave_mapping_page()


class _FocusWatch(QObject):
    """Show the row of the combo that has the keyboard focus."""

    def __init__(self, page: MappingPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.FocusIn and isinstance(watched, TargetCombo):
            self.page.table.setCurrentCell(watched.position, 3)
            self.page.table.scrollTo(self.page.table.model().index(watched.position, 0))
        return False
