"""The main window: a navigation sidebar on the left, the chosen page on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QWidget)

from fieldkit.core import directory, i18n, settings
from fieldkit.core.i18n import tr
from fieldkit.ui.tasks import Tasks


class MainWindow(QMainWindow):
    def __init__(self, tasks: Tasks, workspace_path: Path, workspace_id: str) -> None:
        super().__init__()
        self.tasks = tasks
        self.workspace_path = Path(workspace_path)
        self.workspace_id = workspace_id
        self.resize(1180, 760)
        self._build()

    # Pages are rebuilt when the language changes, so every text is retranslated.
    def _build(self, current: int = 0) -> None:
        from fieldkit.ui.pages.dashboard import DashboardPage
        from fieldkit.ui.pages.directory_page import DirectoryPage
        from fieldkit.ui.pages.forms_page import FormsPage
        from fieldkit.ui.pages.settings_page import SettingsPage

        self.setWindowTitle(tr("fieldkit — {name}", name=self.workspace_path.name))
        self.pages = [
            ("dashboard", tr("Dashboard"), DashboardPage(self)),
            ("forms", tr("Forms"), FormsPage(self)),
            ("org_units", tr(directory.ORG_UNITS.plural), DirectoryPage(self, directory.ORG_UNITS)),
            ("cadres", tr(directory.CADRES.plural), DirectoryPage(self, directory.CADRES)),
            ("sites", tr(directory.SITES.plural), DirectoryPage(self, directory.SITES)),
            ("settings", tr("Settings"), SettingsPage(self)),
        ]
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        self.stack = QStackedWidget()
        for index, (_, title, page) in enumerate(self.pages):
            item = QListWidgetItem(title)
            item.setToolTip(tr("Ctrl+{n}", n=index + 1))
            self.sidebar.addItem(item)
            self.stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self._show_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menu()
        self.sidebar.setCurrentRow(current)
        self.update_status()

    def _build_menu(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(tr("&File"))
        settings_page = self.page("settings")
        for text, slot, keys in (
                (tr("&Open workspace…"), settings_page.open_workspace, QKeySequence.Open),
                (tr("&New workspace…"), settings_page.new_workspace, QKeySequence("Ctrl+Shift+N")),
                (tr("&Back up…"), settings_page.backup, QKeySequence("Ctrl+B"))):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        for index in range(len(self.pages)):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.sidebar.setCurrentRow(i))
            self.addAction(action)

    def page(self, key: str | int):
        """A page by its key ("forms", "settings", ...) or its position in the sidebar."""
        if isinstance(key, int):
            return self.pages[key][2]
        return next(page for k, _, page in self.pages if k == key)

    def show_page(self, key: str) -> None:
        self.sidebar.setCurrentRow([k for k, _, _ in self.pages].index(key))

    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        page = self.pages[index][2]
        if hasattr(page, "refresh"):
            page.refresh()

    def retranslate(self, language: str) -> None:
        i18n.set_language(language)
        current = self.sidebar.currentRow()
        old = self.centralWidget()
        self._build(current)
        old.deleteLater()

    def switch_workspace(self, path: Path, workspace_id: str) -> None:
        self.workspace_path = Path(path)
        self.workspace_id = workspace_id
        prefs = settings.load()
        prefs.workspace = str(path)
        settings.save(prefs)
        self.retranslate(i18n.current_language())

    def current_cadre_id(self) -> str | None:
        return settings.load().cadre_for(self.workspace_id)

    def update_status(self, cadre_name: str | None = None) -> None:
        text = tr("Workspace: {path}", path=str(self.workspace_path))
        if cadre_name:
            text += "    " + tr("Current cadre: {name}", name=cadre_name)
        self.statusBar().showMessage(text)
