"""The forms page: questionnaires and their versions, a preview, import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from fieldkit.core.forms import retire, store
from fieldkit.core.forms.problems import FormValidationError
from fieldkit.core.i18n import current_language, tr
from fieldkit.ui.pages.form_preview import FormPreview
from fieldkit.ui.pages.problems_dialog import ProblemsDialog
from fieldkit.ui.tasks import show_error

FORM_FILES = ("*.xlsx", "*.xls", "*.ods")


class FormsPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.forms: list[dict] = []
        self.definition = None
        self.problems_dialog: ProblemsDialog | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        title = QLabel(tr("Forms"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(title)
        bar = QHBoxLayout()
        self.import_button = QPushButton(tr("Import XLSForm… (Ctrl+I)"))
        self.import_button.setShortcut("Ctrl+I")
        self.export_button = QPushButton(tr("Export…"))
        self.fill_button = QPushButton(tr("Fill in (Ctrl+N)"))
        self.fill_button.setProperty("primary", True)
        self.fill_button.setToolTip(tr("Start a new response to this questionnaire"))
        self.retire_button = QPushButton(tr("Retire…"))
        self.retire_button.setToolTip(tr("Archive a questionnaire that has responses; delete "
                                         "one that has none"))
        self.hint = QLabel(tr("You can also drop .xlsx, .xls or .ods files here."))
        self.hint.setWordWrap(True)
        bar.addWidget(self.fill_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.retire_button)
        bar.addWidget(self.hint, 1)
        layout.addLayout(bar)

        splitter = QSplitter()
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.form_list = QListWidget()
        self.version_box = QComboBox()
        left_box.addWidget(QLabel(tr("Questionnaires")))
        left_box.addWidget(self.form_list, 1)
        self.show_archived = QCheckBox(tr("Show archived questionnaires"))
        left_box.addWidget(self.show_archived)
        left_box.addWidget(QLabel(tr("Version")))
        left_box.addWidget(self.version_box)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.preview = FormPreview()
        right_box.addWidget(self.summary)
        right_box.addWidget(self.preview, 1)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([300, 800])
        layout.addWidget(splitter, 1)

        self.import_button.clicked.connect(self.choose_files)
        self.export_button.clicked.connect(self.choose_export)
        self.fill_button.clicked.connect(self.fill_in)
        self.retire_button.clicked.connect(self.retire_or_restore)
        self.show_archived.toggled.connect(lambda _=False: self.refresh())
        fill_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, activated=self.fill_in)
        fill_shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        self.form_list.currentRowChanged.connect(self._form_selected)
        self.version_box.currentIndexChanged.connect(self._version_selected)
        self.export_button.setEnabled(False)

    # -- list and preview ----------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        current = select or self.current_form_id()
        self.window_.tasks.run(store.list_forms, lambda forms: self._show(forms, current), None,
                               self.show_archived.isChecked())

    def _show(self, forms: list[dict], select: str | None) -> None:
        self.forms = forms
        self.form_list.blockSignals(True)
        self.form_list.clear()
        for form in forms:
            text = f"{form['title'] or form['form_id']}\n{form['form_id']} · " + \
                tr("{count} questions", count=form["question_count"])
            archived = not any(v["active"] for v in form["versions"])
            if archived:
                text += " · " + tr("archived")
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, form["form_id"])
            item.setData(Qt.UserRole + 1, archived)
            if archived:
                item.setForeground(QBrush(QColor("#6b7380")))
            self.form_list.addItem(item)
        self.form_list.blockSignals(False)
        ids = [f["form_id"] for f in forms]
        row = ids.index(select) if select in ids else (0 if ids else -1)
        self.form_list.setCurrentRow(row)
        if row == -1:
            self._form_selected(-1)

    def current_form_id(self) -> str | None:
        item = self.form_list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def current_is_archived(self) -> bool:
        item = self.form_list.currentItem()
        return bool(item.data(Qt.UserRole + 1)) if item else False

    def _form_selected(self, row: int) -> None:
        self.version_box.blockSignals(True)
        self.version_box.clear()
        if 0 <= row < len(self.forms):
            for version in self.forms[row]["versions"]:
                self.version_box.addItem(tr("{version} ({count} questions)",
                                            version=version["version"],
                                            count=version["question_count"]), version["version"])
        self.version_box.blockSignals(False)
        self._version_selected()

    def _version_selected(self) -> None:
        form_id, version = self.current_form_id(), self.version_box.currentData()
        self.export_button.setEnabled(bool(form_id))
        archived = self.current_is_archived()
        self.fill_button.setEnabled(bool(form_id) and not archived)
        self.retire_button.setEnabled(bool(form_id))
        self.retire_button.setText(tr("Restore") if archived else tr("Retire…"))
        if not form_id:
            self.definition = None
            self.summary.setText(tr("No forms yet. Import an XLSForm workbook to start."))
            self.preview.show_form(None, current_language())
            return
        self.window_.tasks.run(store.get_form, self._show_definition, None, form_id, version)

    def _show_definition(self, definition) -> None:
        self.definition = definition
        languages = ", ".join(lang or tr("(no language)") for lang in definition.languages)
        self.summary.setText(tr("“{title}” — form_id {form_id}, version {version}; languages: "
                                "{languages}", title=definition.title, form_id=definition.form_id,
                                version=definition.version, languages=languages))
        self.preview.show_form(definition, current_language())

    # -- fill in, retire -----------------------------------------------------------------

    def fill_in(self) -> None:
        form_id = self.current_form_id()
        if form_id and not self.current_is_archived():
            self.window_.new_response(form_id)

    def retire_or_restore(self) -> None:
        form_id = self.current_form_id()
        if not form_id:
            return
        if self.current_is_archived():
            self.window_.tasks.run(retire.restore_form, lambda _: self._retired(form_id, None),
                                   None, form_id)
            return
        self.window_.tasks.run(retire.retire_plan, self._confirm_retire, None, form_id)

    def _confirm_retire(self, plan: dict) -> None:
        title = self.definition.title if self.definition else plan["form_id"]
        if plan["action"] == "delete":
            text = tr("Delete the questionnaire “{title}”? Nobody has answered it; its {count} "
                      "version(s) are removed (the workspace's history keeps a record).",
                      title=title, count=plan["versions"])
        elif plan["builtin"]:
            text = tr("Archive the built-in questionnaire “{title}”? It leaves the lists; tick "
                      "“Show archived questionnaires” to bring it back.", title=title)
        else:
            text = tr("Archive the questionnaire “{title}”? Its {count} response(s) are kept; it "
                      "leaves the lists and can be restored.", title=title,
                      count=plan["responses"])
        self.retire_box = QMessageBox(QMessageBox.Question, tr("Retire questionnaire"), text,
                                      QMessageBox.Yes | QMessageBox.Cancel, self)
        self.retire_box.setDefaultButton(QMessageBox.Cancel)
        confirm = self.retire_box.button(QMessageBox.Yes)
        confirm.setText(tr("Delete") if plan["action"] == "delete" else tr("Archive"))
        confirm.clicked.connect(
            lambda: self.window_.tasks.run(retire.retire_form,
                                           lambda done: self._retired(plan["form_id"], done),
                                           None, plan["form_id"]))
        self.retire_box.open()

    def _retired(self, form_id: str, plan: dict | None) -> None:
        if plan is None:
            text = tr("The questionnaire “{form_id}” is back in the lists.", form_id=form_id)
        elif plan["action"] == "delete":
            text = tr("The questionnaire “{form_id}” was deleted.", form_id=form_id)
        else:
            text = tr("The questionnaire “{form_id}” was archived.", form_id=form_id)
        self.window_.statusBar().showMessage(text, 15000)
        self.refresh(select=form_id)

    # -- import --------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Import XLSForm"), "",
                                                tr("Spreadsheets") + f" ({' '.join(FORM_FILES)})")
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> None:
        for path in paths:
            self.window_.tasks.run_with_progress(
                self, tr("Importing {name}…", name=path.name), store.import_form,
                self._imported, lambda exc, p=path: self._import_failed(p, exc), path)

    def _imported(self, result) -> None:
        if result.status == "unchanged":
            text = tr("Form “{form_id}” version {version} is already in this workspace; nothing "
                      "changed.", form_id=result.form_id, version=result.version)
        else:
            text = tr("Imported form “{title}” ({form_id}), version {version}: {count} questions.",
                      title=result.title or result.form_id, form_id=result.form_id,
                      version=result.version, count=result.question_count)
        self.window_.statusBar().showMessage(text, 15000)
        self.refresh(select=result.form_id)

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        if isinstance(exc, FormValidationError):
            summary = tr("The form “{file}” was not imported: {count} problem(s) found.",
                         file=path.name, count=len(exc.problems))
            self.problems_dialog = ProblemsDialog(self, summary, exc.problems)
            self.problems_dialog.open()
        else:
            show_error(self, exc)

    def dragEnterEvent(self, event) -> None:
        if any(Path(u.toLocalFile()).suffix.lower() in (".xlsx", ".xls", ".ods")
               for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls()
                 if Path(u.toLocalFile()).suffix.lower() in (".xlsx", ".xls", ".ods")]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # -- export --------------------------------------------------------------------------

    def choose_export(self) -> None:
        form_id, version = self.current_form_id(), self.version_box.currentData()
        if not form_id:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Export XLSForm"),
                                              f"{form_id}-{version}.xlsx", "XLSForm (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        form_id, version = self.current_form_id(), self.version_box.currentData()
        self.window_.tasks.run(
            store.export_form,
            lambda target: self.window_.statusBar().showMessage(
                tr("Form written to {path}", path=str(target)), 15000),
            lambda exc: show_error(self, exc), form_id, path, version)
