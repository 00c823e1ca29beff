"""The import wizard: choose a file and a form, check the column mapping, preview the
rows and their problems, import in one transaction, undo.

The wizard holds the state (the file, the edited mapping, the latest preview, the result)
and sends all work to the database thread; its pages only show it and report what the
user changed. Reading and checking never writes anything; the import is one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWizard

from fieldkit.core.i18n import tr
from fieldkit.core.importing.mapping import Mapping, Target
from fieldkit.ui.import_wizard import ops
from fieldkit.ui.import_wizard.done_page import DonePage
from fieldkit.ui.import_wizard.file_page import FilePage
from fieldkit.ui.import_wizard.mapping_page import MappingPage
from fieldkit.ui.import_wizard.preview_page import PreviewPage
from fieldkit.ui.import_wizard.targets import CHOSEN_BY_YOU
from fieldkit.ui.tasks import error_text

RECHECK_DELAY_MS = 350     # let a few quick changes of the mapping go into one re-check


class ImportWizard(QWizard):
    FILE, MAPPING, PREVIEW, DONE = range(4)
    imported = Signal(dict)        # the counts of pipeline.commit, once written
    undone = Signal(str, int)      # batch id, responses taken back

    def __init__(self, window, path: Path | None = None, form_id: str | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.tasks = window.tasks
        self.prepared: ops.Prepared | None = None   # the latest preview and its form
        self.mapping: Mapping | None = None         # as edited; newer than the preview's
        self.samples: dict[int, list[str]] = {}
        self.result: dict | None = None
        self.busy = False
        self.run = None                   # the ProgressRun of the work in progress
        self._advance = False             # the next validatePage() lets the wizard move on
        self._advance_when_checked = False
        self._generation = 0
        self.setWindowTitle(tr("Import survey answers"))
        self.setWindowModality(Qt.WindowModal)
        self.setOption(QWizard.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.NextButton, tr("&Next >")),
                             (QWizard.BackButton, tr("< &Back")),
                             (QWizard.CancelButton, tr("Cancel")),
                             (QWizard.FinishButton, tr("&Finish")),
                             (QWizard.CommitButton, tr("&Import"))):
            self.setButtonText(button, text)
        self.resize(1100, 680)
        self.file_page = FilePage(path)
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.done_page = DonePage()
        for page_id, page in enumerate((self.file_page, self.mapping_page, self.preview_page,
                                        self.done_page)):
            self.setPage(page_id, page)
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._recheck_timer.timeout.connect(self.recheck)
        self.tasks.run(ops.list_forms, lambda forms: self.file_page.set_forms(forms, form_id),
                       self._forms_failed)
        self.tasks.run(ops.list_directory, self.mapping_page.set_directory, self._forms_failed)

    # -- state ---------------------------------------------------------------------------

    @property
    def preview(self):
        return self.prepared.preview if self.prepared else None

    def stale(self) -> bool:
        """The mapping was edited since the preview was made."""
        return bool(self.prepared) and self.prepared.preview.mapping is not self.mapping

    def _move_on(self) -> None:
        self._advance = True
        self.next()
        self._advance = False

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for page in (self.file_page, self.mapping_page, self.preview_page):
            page.completeChanged.emit()

    def _forms_failed(self, exc: BaseException) -> None:
        self.file_page.show_message(error_text(exc), error=True)

    # -- step 2: reading and checking ------------------------------------------------------

    def leave_file_page(self) -> bool:
        if self._advance:
            return True
        if self.busy:
            return False
        path, form_id = self.file_page.path(), self.file_page.form_id()
        if path is None or not form_id:
            return False
        same = self.prepared is not None and (self.prepared.path, self.prepared.form_id) == \
            (path, form_id)
        self.file_page.show_message("")
        self._start_prepare(path, form_id, self.mapping if same else None, True,
                            self._first_checked, self._first_failed)
        return False

    def _start_prepare(self, path, form_id, mapping, with_samples, on_done, on_error) -> None:
        self._generation += 1
        generation = self._generation
        self._set_busy(True)

        def done(prepared):
            self._set_busy(False)
            if generation == self._generation:
                on_done(prepared)

        def failed(exc):
            self._set_busy(False)
            if generation == self._generation:
                on_error(exc)

        self.run = self.tasks.run_with_progress(
            self, tr("Reading and checking “{file}”…", file=path.name), ops.prepare, done,
            failed, path, form_id, mapping, with_samples)

    def _first_checked(self, prepared: ops.Prepared) -> None:
        self.prepared, self.mapping = prepared, prepared.preview.mapping
        self.samples = prepared.samples or {}
        self.mapping_page.load(prepared, self.samples)
        self._move_on()

    def _first_failed(self, exc: BaseException) -> None:
        self.file_page.show_message(error_text(exc), error=True)

    # -- step 3: the mapping ---------------------------------------------------------------

    def set_target(self, position: int, target: Target) -> None:
        """The user gave column ``position`` of the mapping a new target: check again."""
        columns = list(self.mapping.columns)
        columns[position] = replace(columns[position], target=target, confidence=1.0,
                                    reason=CHOSEN_BY_YOU)
        self.mapping = Mapping(columns, self.mapping.layout, list(self.mapping.notes))
        self.mapping_page.show_checking()
        self._recheck_timer.start()

    def recheck(self) -> None:
        self._recheck_timer.stop()
        if self.busy:  # a check is running; it is followed by another when it ends
            self._recheck_timer.start()
            return
        if not self.stale():
            return
        self._start_prepare(self.prepared.path, self.prepared.form_id, self.mapping, False,
                            self._rechecked, self._recheck_failed)

    def _rechecked(self, prepared: ops.Prepared) -> None:
        self.prepared = prepared
        if self.stale():  # edited again while this check ran
            self._recheck_timer.start()
            return
        self.mapping_page.show_counts(prepared.preview)
        if self._advance_when_checked:
            self._advance_when_checked = False
            self._move_on()

    def _recheck_failed(self, exc: BaseException) -> None:
        self._advance_when_checked = False
        self.mapping_page.show_message(error_text(exc), error=True)

    def leave_mapping_page(self) -> bool:
        if self._advance:
            return True
        if self.busy or self.stale() or self._recheck_timer.isActive():
            self._advance_when_checked = True
            if not self.busy:
                self.recheck()
            return False
        return True

    # -- step 4: preview, problems report --------------------------------------------------

    def save_report(self, target: Path | None = None) -> None:
        if self.busy or self.prepared is None:
            return
        source = self.prepared.path
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self, tr("Save problems"), str(source.with_name(source.stem + "-problems.xlsx")),
                tr("Excel workbook") + " (*.xlsx)")
            if not name:
                return
            target = Path(name)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self._set_busy(True)

        def done(written: Path) -> None:
            self._set_busy(False)
            self.preview_page.show_message(tr("Problems saved to {path}", path=str(written)))

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.preview_page.show_message(error_text(exc), error=True)

        self.tasks.run(ops.save_report, done, failed, self.preview, source, target)

    # -- step 5: import, undo ------------------------------------------------------------

    def start_commit(self) -> bool:
        if self._advance:
            return True
        if self.busy or self.prepared is None:
            return False
        self._set_busy(True)
        self.preview_page.show_message("")

        def done(result: dict) -> None:
            self._set_busy(False)
            self.result = result
            self.done_page.show_result(result, self.prepared.preview)
            self._move_on()
            self.imported.emit(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.preview_page.show_message(error_text(exc), error=True)

        self.run = self.tasks.run_with_progress(
            self, tr("Importing answers from “{file}”…", file=self.prepared.path.name),
            ops.commit, done, failed, self.preview, self.preview_page.include_warnings(),
            *self.mapping_page.origin())
        return False

    def undo_import(self) -> None:
        batch = (self.result or {}).get("batch_id")
        if not batch or self.busy:
            return
        self._set_busy(True)
        self.done_page.undo_button.setEnabled(False)

        def done(count: int) -> None:
            self._set_busy(False)
            self.done_page.show_undone(count)
            self.undone.emit(batch, count)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self.done_page.undo_button.setEnabled(True)
            self.done_page.show_message(error_text(exc), error=True)

        self.tasks.run(ops.undo, done, failed, batch)

    # -- closing -----------------------------------------------------------------------

    def reject(self) -> None:
        if self.busy:  # the work in progress has its own Cancel button
            return
        self._recheck_timer.stop()
        super().reject()

    def closeEvent(self, event) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
