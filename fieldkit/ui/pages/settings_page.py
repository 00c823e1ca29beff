"""Settings: interface language, who is using this laptop, the workspace file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from fieldkit.core import i18n, settings
from fieldkit.core.work import directory
from fieldkit.core.store import maintenance
from fieldkit.core.i18n import tr
from fieldkit.ui.tasks import show_error

WORKSPACE_FILTER = "fieldkit (*.fieldkit *.sqlite *.db);;* (*)"
COMBO_MAX_WIDTH = 360


class SettingsPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        layout = QVBoxLayout(self)
        title = QLabel(tr("Settings"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(title)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.addItem(tr("Follow the system ({language})",
                                 language=i18n.LANGUAGES[i18n.system_language()]), "")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        # show the language in use: a session started with --lang uses another language
        # than the saved choice, and the box must not claim "follow the system" then
        saved = settings.load().language or ""
        in_use = i18n.current_language()
        if in_use != (saved or i18n.system_language()):
            saved = in_use
        self.language.setCurrentIndex(max(0, self.language.findData(saved)))
        self.language.currentIndexChanged.connect(self._language_changed)
        form.addRow(tr("Interface language"), self.language)

        self.cadre = QComboBox()
        self.cadre.currentIndexChanged.connect(self._cadre_changed)
        form.addRow(tr("Current cadre (who am I on this laptop)"), self.cadre)
        from fieldkit.ui.work.deadline_setting import DeadlineSetting

        self.deadline_days = DeadlineSetting(window)
        form.addRow(tr("Default deadline of short-term problems"), self.deadline_days)
        for combo in (self.language, self.cadre):     # a short choice, not a 1,000 px bar
            combo.setMaximumWidth(COMBO_MAX_WIDTH)
            combo.setMinimumContentsLength(12)

        self.path_label = QLabel(str(window.workspace_path))
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        row = QHBoxLayout()
        self.open_button = QPushButton(tr("Open another…"))
        self.new_button = QPushButton(tr("New workspace…"))
        self.backup_button = QPushButton(tr("Back up…"))
        self.restore_button = QPushButton(tr("Restore…"))
        self.restore_button.setToolTip(tr("Put a backup back in place of this workspace. The "
                                          "workspace as it is now is kept under a dated name."))
        for button in (self.open_button, self.new_button, self.backup_button,
                       self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        self.open_button.clicked.connect(self.open_workspace)
        self.new_button.clicked.connect(self.new_workspace)
        self.backup_button.clicked.connect(self.backup)
        self.restore_button.clicked.connect(self.restore)
        form.addRow(tr("Workspace file"), self.path_label)
        form.addRow("", self._wrap(row))
        layout.addLayout(form)
        layout.addStretch(1)
        self._loading = False

    @staticmethod
    def _wrap(row: QHBoxLayout) -> QWidget:
        box = QWidget()
        box.setLayout(row)
        return box

    def refresh(self) -> None:
        self.window_.tasks.run(lambda ws: directory.choices_for(ws, "cadres"), self._fill_cadres)

    def _fill_cadres(self, choices: list[tuple[str, str]]) -> None:
        self._loading = True
        self.cadre.clear()
        self.cadre.addItem(tr("(not set)"), None)
        for cadre_id, name in choices:
            self.cadre.addItem(name, cadre_id)
        current = self.window_.current_cadre_id()
        self.cadre.setCurrentIndex(max(0, self.cadre.findData(current)))
        self._loading = False

    def _language_changed(self) -> None:
        code = self.language.currentData()
        prefs = settings.load()
        prefs.language = code
        settings.save(prefs)
        self.window_.retranslate(code or i18n.system_language())

    def _cadre_changed(self) -> None:
        if self._loading:
            return
        cadre_id = self.cadre.currentData()
        prefs = settings.load()
        if cadre_id:
            prefs.current_cadre[self.window_.workspace_id] = cadre_id
        else:
            prefs.current_cadre.pop(self.window_.workspace_id, None)
        settings.save(prefs)

        def set_actor(ws):
            ws.actor_id = cadre_id
        self.window_.tasks.run(set_actor, lambda _: self.window_.update_status(
            self.cadre.currentText() if cadre_id else None))

    # -- workspace file ------------------------------------------------------------------

    def open_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open workspace"), "", WORKSPACE_FILTER)
        if path:
            self._switch(Path(path), create=False)

    def new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("New workspace"), "workspace.fieldkit",
                                              WORKSPACE_FILTER)
        if path:
            if Path(path).exists():
                QMessageBox.warning(self, tr("fieldkit"),
                                    tr("{path} already exists; fieldkit will not overwrite it.",
                                       path=path))
                return
            self._switch(Path(path), create=True)

    def _switch(self, path: Path, create: bool) -> None:
        def opened(ws) -> None:
            ws.actor_id = settings.load().cadre_for(ws.workspace_id)
            self.window_.switch_workspace(ws.path, ws.workspace_id)

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            # the old workspace was closed by the attempt: reopen it
            self.window_.tasks.open_workspace(self.window_.workspace_path)

        self.window_.tasks.open_workspace(path, opened, failed, create=create)

    def backup(self) -> None:
        suggested = self.window_.workspace_path.with_suffix(".backup.fieldkit").name
        path, _ = QFileDialog.getSaveFileName(self, tr("Back up workspace"), suggested,
                                              WORKSPACE_FILTER)
        if path:
            self.start_backup(Path(path))

    def start_backup(self, path: Path):
        """Back up to ``path`` (overwriting: the file dialog has asked) with progress and Cancel."""
        def done(target) -> None:
            self.window_.statusBar().showMessage(tr("Backup written to {path}", path=str(target)),
                                                 15000)
        self.backup_run = self.window_.tasks.run_with_progress(
            self, tr("Backing up the workspace…"), maintenance.backup, done, None, path, True)
        return self.backup_run

    def restore(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Restore from a backup"), "",
                                              WORKSPACE_FILTER)
        if not path:
            return
        answer = QMessageBox.question(
            self, tr("fieldkit"),
            tr("Replace the workspace {path} with the backup {backup}? The workspace as it is "
               "now is kept beside it under a dated name.",
               path=str(self.window_.workspace_path), backup=path))
        if answer == QMessageBox.Yes:
            self.start_restore(Path(path))

    def start_restore(self, backup: Path):
        """Close the workspace, restore ``backup`` over it through core, open it again."""
        from fieldkit.core.store.restore import restore

        target = self.window_.workspace_path

        def done(outcome) -> None:
            result, ws = outcome
            text = tr("Restored {backup} into {path}.", backup=str(result.backup),
                      path=str(result.path))
            if result.kept:
                text += " " + tr("The workspace as it was before is kept as {kept}.",
                                 kept=str(result.kept))
            self.restored_text = text
            window = self.window_
            ws.actor_id = settings.load().cadre_for(ws.workspace_id)
            window.switch_workspace(ws.path, ws.workspace_id)  # rebuilds the pages
            QMessageBox.information(window, tr("fieldkit"), text)

        def failed(exc: BaseException) -> None:
            self.restored_text = None
            show_error(self, exc)

        return self.window_.tasks.reopen_after(lambda: restore(backup, target), target,
                                               done, failed)
