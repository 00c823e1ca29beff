"""What the interviews page does to whole notes and their files: a new note, importing
note files, deleting a note, attaching, detaching and opening attachments. A part of
``InterviewsPage`` (a mixin: it uses the page's ``_run``, ``save_now``, ``reload`` and
widgets), kept apart so the page itself holds the list, the editor and the codes."""

from __future__ import annotations

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from fieldkit.core.i18n import tr
from fieldkit.ui.interviews import dialogs, ops
from fieldkit.ui.tasks import show_error


class NoteActions:
    # -- notes ------------------------------------------------------------------------------

    def new_note(self, title: str | None = None) -> None:
        if title is None:
            title, ok = QInputDialog.getText(self, tr("New note"), tr("Title of the note:"))
            if not ok:
                return
        title = title.strip() or tr("Interview note")
        self.save_now()
        self._run(ops.create_note, self._note_created, None, title,
                               self.site_filter.currentData(),
                               QDate.currentDate().toString("yyyy-MM-dd"))

    def _note_created(self, note_id: str) -> None:
        self.notes.clear_filters()
        self.reload(select=note_id)
        self.note_tabs.setCurrentIndex(0)
        self.editor.text_edit.setFocus()

    def import_files(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self, tr("Import interview notes"), "",
                tr("Notes (*.txt *.md *.docx);;All files (*)"))
            if not paths:
                return
        self.save_now()
        self.window_.tasks.run_with_progress(self, tr("Importing notes…"), ops.import_files,
                                             self._imported, self._import_failed, list(paths),
                                             self.site_filter.currentData())

    def _import_failed(self, exc: BaseException) -> None:
        problems = getattr(exc, "problems", None)
        if problems:
            self.import_problems = dialogs.import_problems_message(self, problems)
        else:
            show_error(self, exc)

    def _imported(self, result: dict) -> None:
        text = tr("{n} notes imported.", n=len(result["created"]))
        if result["skipped"]:
            text += " " + tr("Already imported before, skipped: {files}",
                             files="、".join(name for name, _ in result["skipped"]))
        self.import_message = text
        self.window_.statusBar().showMessage(text, 15000)
        self.refresh()
        if result["created"]:
            self.reload(select=result["created"][0])

    def delete_note(self) -> None:
        if self.note_id is None or self.note is None:
            return
        answer = QMessageBox.question(self, tr("Delete note"),
                                      tr("Delete the note “{title}”?",
                                         title=self.note.get("title", "")),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        self.save_now()
        note_id, self.note_id, self.note = self.note_id, None, None
        self._run(ops.delete_note, lambda _: self.reload(), None, note_id)

    # -- attachments ------------------------------------------------------------------------

    def attach(self, paths: list[str]) -> None:
        if self.note_id is not None:
            self._run(ops.attach, self.details.set_attachments, None,
                                   self.note_id, paths)

    def detach(self, ref: str) -> None:
        if self.note_id is not None:
            self._run(ops.detach, self.details.set_attachments, None,
                                   self.note_id, ref)

    def open_attachment(self, ref: str) -> None:
        self._run(ops.attachment_to_temp, self._open_file, None, ref)

    def _open_file(self, path: str) -> None:
        self.opened_path = path
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            QMessageBox.information(self, tr("Open attachment"),
                                    tr("No program on this computer opens this file. It was "
                                       "saved as {path}", path=path))
