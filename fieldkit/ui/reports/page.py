"""The reports page: choose the form, filters, grouping and sections, write the findings,
preview the pages, print them, and save the report as PDF, Excel or Word.

Building and writing run on the database thread behind a progress dialog with Cancel
(``Tasks.run_with_progress``), so the window stays responsive; the preview shows the PDF's
own pages, rendered by PDFium (``core/reports/preview.py``)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFileDialog, QFormLayout,
                               QGridLayout, QHBoxLayout, QInputDialog, QLabel, QLayout, QLineEdit,
                               QMessageBox, QPlainTextEdit, QPushButton, QScrollArea, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from fieldkit.core import i18n
from fieldkit.core.i18n import N_, tr
from fieldkit.core.reports.spec import ReportFilters, SurveyReportSpec
from fieldkit.core.reports.work_spec import WorkReportSpec
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES
from fieldkit.ui.reports import ops
from fieldkit.ui.reports.printing import paint_pages
from fieldkit.ui.reports.saved import SavedReports
from fieldkit.ui.reports.work_options import WorkOptions

NO_DATE = QDate(2000, 1, 1)
SECTIONS = (("cover", N_("Cover")), ("contents", N_("Table of contents")),
            ("overview", N_("Overview")), ("questions", N_("Results by question")),
            ("crosstabs", N_("Cross-tabulations")), ("findings", N_("Findings and recommendations")),
            ("quotes", N_("Interview quotes")), ("appendix", N_("Appendix")),
            ("data", N_("Data sheets (Excel only)")))
SAVE_AS = (("pdf", N_("Save as PDF…"), N_("PDF (*.pdf)")),
           ("xlsx", N_("Save as Excel…"), N_("Excel workbook (*.xlsx)")),
           ("docx", N_("Save as Word…"), N_("Word document (*.docx)")))
PREVIEW_DPI = 60
KINDS = (("survey", N_("Survey report")), ("work", N_("Work report")))


def _combo(first: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    return combo


class ReportsPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self._pdf: str | None = None
        self._generation = 0
        self._pending: SurveyReportSpec | None = None      # a saved spec waiting for options
        self.kind = QComboBox()
        self.kind.setObjectName("report_kind")
        for value, text in KINDS:
            self.kind.addItem(tr(text), value)
        self.work = WorkOptions()
        self.saved = SavedReports()
        self.form = QComboBox()
        self.form.setObjectName("report_form")
        self.version, self.site, self.cadre = (_combo(tr("All versions")), _combo(tr("All sites")),
                                               _combo(tr("All cadres")))
        self.status = _combo(tr("Any status"))
        for value, text in STATUSES:
            self.status.addItem(tr(text), value)
        self.review = _combo(tr("Any review state"))
        for value, text in REVIEW_STATES:
            self.review.addItem(tr(text), value)
        self.date_from, self.date_to = self._date(), self._date()
        self.group_by = _combo(tr("No grouping"))
        self.group_by.setObjectName("report_group_by")
        self.sections = {}
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("Default: the form's title"))
        self.issuer, self.authors = QLineEdit(), QLineEdit()
        self.findings, self.recommendations = QPlainTextEdit(), QPlainTextEdit()
        self.findings.setObjectName("report_findings")
        for box, hint in ((self.findings, tr("Main findings, in your words. A blank line "
                                             "starts a new paragraph.")),
                          (self.recommendations, tr("Recommendations, in your words."))):
            box.setPlaceholderText(hint)
            box.setFixedHeight(80)
        self._build()
        self.form.currentIndexChanged.connect(self._form_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.saved.save_requested.connect(self.save_definition)
        self.saved.rebuild_requested.connect(self.rebuild)
        self.saved.rename_requested.connect(self.rename_definition)
        self.saved.delete_requested.connect(self.delete_definition)

    def _date(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(NO_DATE)
        return edit

    def _build(self) -> None:
        survey = QFormLayout()
        survey.setContentsMargins(0, 0, 0, 0)
        self._survey_options(survey)
        survey_widget = QWidget()
        survey_widget.setLayout(survey)
        self.options = QStackedWidget()
        self.options.addWidget(survey_widget)
        self.options.addWidget(self.work)
        form = QFormLayout()
        form.addRow(tr("Report"), self.kind)
        form.addRow(self.options)
        self._texts_and_buttons(form)
        form.addRow(self.saved)
        self._layout(form)

    def _survey_options(self, form: QFormLayout) -> None:
        form.addRow(tr("Form"), self.form)
        filters = QGridLayout()
        for i, combo in enumerate((self.version, self.site, self.cadre, self.status,
                                   self.review)):
            filters.addWidget(combo, i // 2, i % 2)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        filters.addLayout(dates, 2, 1)
        form.addRow(tr("Filters"), filters)
        form.addRow(tr("Group by"), self.group_by)
        boxes = QGridLayout()
        for i, (key, text) in enumerate(SECTIONS):
            box = QCheckBox(tr(text))
            box.setChecked(key not in ("data", "quotes"))   # those two only when asked for
            self.sections[key] = box
            boxes.addWidget(box, i // 2, i % 2)
        form.addRow(tr("Sections"), boxes)

    def _texts_and_buttons(self, form: QFormLayout) -> None:
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Issued by"), self.issuer)
        form.addRow(tr("Authors"), self.authors)
        form.addRow(tr("Findings"), self.findings)
        form.addRow(tr("Recommendations"), self.recommendations)
        self.preview_button = QPushButton(tr("Preview"))
        self.preview_button.setObjectName("report_preview")
        self.print_button = QPushButton(tr("Print…"))
        self.print_button.setEnabled(False)
        buttons = QGridLayout()
        buttons.addWidget(self.preview_button, 0, 0)
        buttons.addWidget(self.print_button, 0, 1)
        self.save_buttons = {}
        for i, (fmt, text, _) in enumerate(SAVE_AS):
            button = QPushButton(tr(text))
            button.clicked.connect(lambda _=False, f=fmt: self.save(f))
            self.save_buttons[fmt] = button
            buttons.addWidget(button, 1 + i // 2, i % 2)
        self.ledger_button = QPushButton(tr("Save the ledger (Excel)…"))
        self.ledger_button.setToolTip(tr("One row per problem of the period with its whole "
                                         "history, for filtering in Excel"))
        self.ledger_button.clicked.connect(lambda: self.save_ledger())
        self.ledger_button.setVisible(False)
        buttons.addWidget(self.ledger_button, 2, 1)
        form.addRow(buttons)

    def _layout(self, form: QFormLayout) -> None:
        left = QWidget()
        left.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(520)
        self.pages_label = QLabel(tr("Choose a form and press Preview to see the pages."))
        self.pages_label.setWordWrap(True)
        self.pages = QVBoxLayout()
        self.pages.setSizeConstraint(QLayout.SetMinimumSize)   # grows with the pages
        holder = QWidget()
        holder.setLayout(self.pages)
        self.preview_area = QScrollArea()
        self.preview_area.setWidget(holder)
        self.preview_area.setWidgetResizable(True)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.pages_label)
        column.addWidget(self.preview_area, 1)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.preview_button.clicked.connect(lambda: self.preview())
        self.print_button.clicked.connect(self.print_report)

    # -- data -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.window_.tasks.run(ops.forms, self._forms_loaded, None)
        self.window_.tasks.run(ops.work_scopes, self.work.set_scopes, None)
        self.window_.tasks.run(ops.definitions, self.saved.show_definitions, None)

    def _kind_changed(self) -> None:
        work = self.kind.currentData() == "work"
        self.options.setCurrentIndex(1 if work else 0)
        self.ledger_button.setVisible(work)
        self.title.setPlaceholderText(tr("Default: “Work report: period”") if work
                                      else tr("Default: the form's title"))

    def _forms_loaded(self, forms) -> None:
        current = self.form.currentData()
        self.form.blockSignals(True)
        self.form.clear()
        for form_id, title in forms:
            self.form.addItem(f"{title} ({form_id})", form_id)
        index = max(0, self.form.findData(current))
        self.form.setCurrentIndex(index)
        self.form.blockSignals(False)
        self._form_changed()

    def _form_changed(self) -> None:
        form_id = self.form.currentData()
        if form_id:
            self.window_.tasks.run(ops.form_options, self._options_loaded, None, form_id,
                                   i18n.current_language())

    def _options_loaded(self, options) -> None:
        for combo, items in ((self.version, options["versions"]), (self.site, options["sites"]),
                             (self.cadre, options["cadres"]), (self.group_by, options["groups"])):
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in items:
                combo.addItem(text, value)
        if self._pending is not None and self._pending.form_id == self.form.currentData():
            self._fill_survey(self._pending)
            self._pending = None

    def spec(self) -> SurveyReportSpec | WorkReportSpec:
        """What the page is set to build: a survey or a work report."""
        if self.kind.currentData() == "work":
            return self.work.spec(
                title=self.title.text().strip(), issuer=self.issuer.text().strip(),
                authors=self.authors.text().strip(), findings=self.findings.toPlainText(),
                recommendations=self.recommendations.toPlainText())
        return self.survey_spec()

    def survey_spec(self) -> SurveyReportSpec:
        def day(edit: QDateEdit):
            return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")

        filters = ReportFilters(version=self.version.currentData(), site_id=self.site.currentData(),
                                cadre_id=self.cadre.currentData(),
                                status=self.status.currentData(),
                                review_state=self.review.currentData(),
                                date_from=day(self.date_from), date_to=day(self.date_to))
        return SurveyReportSpec(
            self.form.currentData(), filters=filters, group_by=self.group_by.currentData(),
            sections=tuple(k for k, box in self.sections.items() if box.isChecked()),
            title=self.title.text().strip(), issuer=self.issuer.text().strip(),
            authors=self.authors.text().strip(), findings=self.findings.toPlainText(),
            recommendations=self.recommendations.toPlainText())

    # -- actions ----------------------------------------------------------------------------

    def _ready(self) -> bool:
        return self.kind.currentData() == "work" or bool(self.form.currentData())

    def preview(self, spec: SurveyReportSpec | WorkReportSpec | None = None) -> None:
        if spec is None and not self._ready():
            return
        self._generation += 1
        generation = self._generation
        self.window_.tasks.run_with_progress(
            self, tr("Building the report…"), ops.preview,
            lambda result: self._show_pages(generation, result), None, spec or self.spec(),
            i18n.current_language(), PREVIEW_DPI)

    def _show_pages(self, generation: int, result) -> None:
        if generation != self._generation:
            return
        while self.pages.count():
            item = self.pages.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for page in result["pages"]:
            image = QImage(page.data, page.width, page.height, page.stride,
                           QImage.Format_RGB888).copy()
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(image.width() + 2, image.height() + 2)   # never squeezed
            label.setStyleSheet("border: 1px solid #b0b0b0; background: white;")
            self.pages.addWidget(label, 0, Qt.AlignHCenter)
        self._pdf = result["pdf"]
        self.print_button.setEnabled(True)
        self.pages_label.setText(tr("{n} pages", n=len(result["pages"])))
        # landscape pages make the column wider than the view: centre it on the portrait ones
        self.preview_area.widget().adjustSize()
        bar = self.preview_area.horizontalScrollBar()
        bar.setValue((bar.minimum() + bar.maximum()) // 2)

    def print_report(self) -> None:
        if not self._pdf:
            return
        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.title.text().strip() or "fieldkit")
        if QPrintDialog(printer, self).exec() != QPrintDialog.Accepted:
            return
        self.window_.tasks.run_with_progress(self, tr("Preparing pages for the printer…"),
                                             ops.print_pages,
                                             lambda pages: self._paint(printer, pages), None,
                                             self._pdf, 200)

    def _paint(self, printer: QPrinter, pages) -> None:
        paint_pages(printer, pages)

    def save(self, fmt: str, target: str | None = None) -> None:
        if not self._ready():
            return
        if target is None:
            caption, pattern = next((tr(c), tr(p)) for f, c, p in SAVE_AS if f == fmt)
            target, _ = QFileDialog.getSaveFileName(self, caption, "", pattern)
            if not target:
                return
            if not target.lower().endswith("." + fmt):
                target += "." + fmt
        self.window_.tasks.run_with_progress(
            self, tr("Writing the report…"), ops.write, self._saved, None, self.spec(),
            i18n.current_language(), fmt, target)

    def _saved(self, path: str) -> None:
        self.pages_label.setText(tr("Report written to {path}", path=path))
        self.saved_path = path

    def save_ledger(self, target: str | None = None) -> None:
        """The period's problem ledger as an Excel workbook (work reports only)."""
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, tr("Save the ledger (Excel)…"), "",
                                                    tr("Excel workbook (*.xlsx)"))
            if not target:
                return
            if not target.lower().endswith(".xlsx"):
                target += ".xlsx"
        spec = self.spec()
        self.window_.tasks.run_with_progress(
            self, tr("Writing the ledger…"), ops.ledger, self._saved, None, spec,
            i18n.current_language(), target)

    # -- saved report definitions ----------------------------------------------------------

    def save_definition(self, name: str | None = None) -> None:
        if not self._ready():
            return
        if name is None:
            current = self.saved.list.currentItem()
            suggested = current.data(Qt.UserRole)["name"] if current else self.title.text()
            name, ok = QInputDialog.getText(self, tr("Save definition…"),
                                            tr("Name of the saved report:"), text=suggested)
            if not ok or not name.strip():
                return
        self.window_.tasks.run(ops.save_definition,
                               lambda rows: self._definitions_changed(rows, name.strip()), None,
                               name, self.spec())

    def _definitions_changed(self, rows: list[dict], select: str | None = None) -> None:
        self.saved.show_definitions(rows)
        if select:
            self.saved.select(select)

    def rename_definition(self, definition: dict, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, tr("Rename…"), tr("Name of the saved report:"),
                                            text=definition["name"])
            if not ok or not name.strip():
                return
        self.window_.tasks.run(ops.rename_definition,
                               lambda rows: self._definitions_changed(rows, name.strip()), None,
                               definition["id"], name)

    def delete_definition(self, definition: dict, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(
                self, tr("Delete"), tr("Delete the saved report “{name}”? Reports already "
                                       "written are kept.", name=definition["name"])) \
                != QMessageBox.Yes:
            return
        self.window_.tasks.run(ops.delete_definition, self._definitions_changed, None,
                               definition["id"])

    def rebuild(self, definition: dict) -> None:
        """One click: fill the page with the saved choices and preview the report they make
        with today's data."""
        spec = ops.spec_of(definition)
        self.load_spec(spec)
        self.preview(spec)

    def load_spec(self, spec: SurveyReportSpec | WorkReportSpec) -> None:
        for edit, value in ((self.title, spec.title), (self.issuer, spec.issuer),
                            (self.authors, spec.authors)):
            edit.setText(value)
        self.findings.setPlainText(spec.findings)
        self.recommendations.setPlainText(spec.recommendations)
        if isinstance(spec, WorkReportSpec):
            self.kind.setCurrentIndex(self.kind.findData("work"))
            self.work.set_spec(spec)
            return
        self.kind.setCurrentIndex(self.kind.findData("survey"))
        if self.form.currentData() == spec.form_id:
            self._fill_survey(spec)
        else:
            self._pending = spec          # filled in when the form's options have loaded
            self.form.setCurrentIndex(max(0, self.form.findData(spec.form_id)))

    def _fill_survey(self, spec: SurveyReportSpec) -> None:
        f = spec.filters
        for combo, value in ((self.version, f.version), (self.site, f.site_id),
                             (self.cadre, f.cadre_id), (self.status, f.status),
                             (self.review, f.review_state), (self.group_by, spec.group_by)):
            combo.setCurrentIndex(max(0, combo.findData(value)) if value else 0)
        for edit, value in ((self.date_from, f.date_from), (self.date_to, f.date_to)):
            edit.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else NO_DATE)
        for key, box in self.sections.items():
            box.setChecked(key in spec.sections)
