"""The main window: a navigation sidebar on the left, the chosen page on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QWidget)

from fieldkit.core import directory, i18n, settings
from fieldkit.core.i18n import tr
from fieldkit.ui.tasks import Tasks


def _page_factory(module: str, name: str, *args):
    """Build a page class from fieldkit.ui.pages.<module> only when it is needed."""
    def build(window):
        from importlib import import_module

        cls = getattr(import_module(f"fieldkit.ui.pages.{module}"), name)
        return cls(window, *args)
    return build


def _interviews_page(window):
    from fieldkit.ui.interviews.page import InterviewsPage

    return InterviewsPage(window)


def _reports_page(window):
    from fieldkit.ui.reports.page import ReportsPage

    return ReportsPage(window)


class MainWindow(QMainWindow):
    def __init__(self, tasks: Tasks, workspace_path: Path, workspace_id: str) -> None:
        super().__init__()
        self.tasks = tasks
        self.workspace_path = Path(workspace_path)
        self.workspace_id = workspace_id
        self.resize(1180, 760)
        self.setAcceptDrops(True)
        self._build()

    # Pages are rebuilt when the language changes, so every text is retranslated. Each page
    # is created the first time it is shown, which keeps start-up quick.
    def _build(self, current: int = 0) -> None:
        self.setWindowTitle(tr("fieldkit — {name}", name=self.workspace_path.name))
        self.pages = [
            ("dashboard", tr("Dashboard"), _page_factory("dashboard", "DashboardPage")),
            ("forms", tr("Forms"), _page_factory("forms_page", "FormsPage")),
            ("responses", tr("Responses"), _page_factory("responses_page", "ResponsesPage")),
            ("interviews", tr("Interviews"), _interviews_page),
            ("org_units", tr(directory.ORG_UNITS.plural),
             _page_factory("directory_page", "DirectoryPage", directory.ORG_UNITS)),
            ("cadres", tr(directory.CADRES.plural),
             _page_factory("directory_page", "DirectoryPage", directory.CADRES)),
            ("sites", tr(directory.SITES.plural),
             _page_factory("directory_page", "DirectoryPage", directory.SITES)),
            ("reports", tr("Reports"), _reports_page),
            ("settings", tr("Settings"), _page_factory("settings_page", "SettingsPage")),
        ]
        self._built: dict[int, QWidget] = {}
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(180)
        self.stack = QStackedWidget()
        for index, (_, title, _) in enumerate(self.pages):
            item = QListWidgetItem(title)
            item.setToolTip(tr("Ctrl+{n}", n=index + 1))
            self.sidebar.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until the page is first shown
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
        for text, method, keys in (
                (tr("&Open workspace…"), "open_workspace", QKeySequence.Open),
                (tr("&New workspace…"), "new_workspace", QKeySequence("Ctrl+Shift+N")),
                (tr("&Back up…"), "backup", QKeySequence("Ctrl+B"))):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(lambda _=False, m=method: getattr(self.page("settings"), m)())
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
        """A page by its key ("forms", "settings", ...) or its position; created on first use."""
        index = key if isinstance(key, int) else [k for k, _, _ in self.pages].index(key)
        page = self._built.get(index)
        if page is None:
            page = self.pages[index][2](self)
            self._built[index] = page
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return page

    def show_page(self, key: str) -> None:
        self.sidebar.setCurrentRow([k for k, _, _ in self.pages].index(key))

    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        page = self.page(index)
        self.stack.setCurrentIndex(index)
        if hasattr(page, "refresh"):
            page.refresh()

    def retranslate(self, language: str) -> None:
        from PySide6.QtWidgets import QApplication

        from fieldkit.ui.app import install_qt_translations

        i18n.set_language(language)
        install_qt_translations(QApplication.instance(), language)
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

    def open_response(self, response_id: str) -> None:
        """Show a response in the questionnaire runner (to read, review or edit)."""
        self._open_runner(response_id=response_id)

    def new_response(self, form_id: str) -> None:
        """Start a new response to ``form_id`` in the questionnaire runner."""
        self._open_runner(form_id=form_id)

    def _open_runner(self, **what) -> None:
        try:
            from fieldkit.ui.runner import open_runner  # on first use: not needed at start-up
        except ImportError:
            self.statusBar().showMessage(
                tr("Filling in questionnaires is not available in this version yet."), 10000)
            return
        open_runner(self, **what)

    # A spreadsheet dropped anywhere but on the forms page is survey answers to import.
    def dragEnterEvent(self, event) -> None:
        from fieldkit.ui.import_wizard import accepts_import_drop

        if accepts_import_drop(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        from fieldkit.ui.import_wizard import accepts_import_drop

        paths = accepts_import_drop(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.show_page("responses")
            self.page("responses").start_import(paths[0])

    def current_cadre_id(self) -> str | None:
        return settings.load().cadre_for(self.workspace_id)

    def update_status(self, cadre_name: str | None = None) -> None:
        text = tr("Workspace: {path}", path=str(self.workspace_path))
        if cadre_name:
            text += "    " + tr("Current cadre: {name}", name=cadre_name)
        self.statusBar().showMessage(text)
