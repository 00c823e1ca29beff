"""The main window: a navigation sidebar on the left, the chosen page on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QStackedWidget, QVBoxLayout, QWidget)

from fieldkit.core import i18n, settings
from fieldkit.core.i18n import tr
from fieldkit.core.work import directory
from fieldkit.ui.style import style_window
from fieldkit.ui.tasks import Tasks


def _page_factory(module: str, name: str, *args):
    """Build a page class from fieldkit.ui.pages.<module> only when it is needed."""
    def build(window):
        from importlib import import_module

        cls = getattr(import_module(f"fieldkit.ui.pages.{module}"), name)
        return cls(window, *args)
    return build


def _activities_page(window):
    from fieldkit.ui.activities.page import ActivitiesPage

    return ActivitiesPage(window)


def _dashboard_page(window):
    from fieldkit.ui.dashboard.page import DashboardPage

    return DashboardPage(window)


def page_shortcut(index: int) -> str | None:
    """The page's key: Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth, none after."""
    if index < 9:
        return f"Ctrl+{index + 1}"
    return "Ctrl+0" if index == 9 else None


def _ledger_page(window):
    from fieldkit.ui.work.ledger_page import LedgerPage

    return LedgerPage(window)


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
            ("dashboard", tr("Dashboard"), _dashboard_page),
            ("forms", tr("Forms"), _page_factory("forms_page", "FormsPage")),
            ("responses", tr("Responses"), _page_factory("responses_page", "ResponsesPage")),
            ("activities", tr("Activities"), _activities_page),
            ("ledger", tr("Problem ledger"), _ledger_page),
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
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFrameShape(QFrame.NoFrame)
        self.stack = QStackedWidget()
        for index, (key, title, _) in enumerate(self.pages):
            item = QListWidgetItem(title)
            keys = page_shortcut(index)
            if keys:
                item.setToolTip(tr("Ctrl+{n}", n=keys.removeprefix("Ctrl+")))
            item.setSizeHint(QSize(0, 36))
            self.sidebar.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until the page is first shown
        self.sidebar.currentRowChanged.connect(self._show_page)
        central = QWidget()
        style_window(central)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._sidebar_panel())
        page_area = QWidget()
        page_layout = QVBoxLayout(page_area)
        page_layout.setContentsMargins(6, 4, 4, 0)
        page_layout.addWidget(self.stack)
        layout.addWidget(page_area, 1)
        self.setCentralWidget(central)
        self._build_menu()
        self.sidebar.setCurrentRow(current)
        self.update_status()
        QTimer.singleShot(0, self._draw_icons)  # once the window is on screen: starts sooner

    def _draw_icons(self) -> None:
        from PySide6.QtWidgets import QApplication

        from fieldkit.ui.style import decorate, page_icon

        for index, (key, _, _) in enumerate(self.pages):
            item = self.sidebar.item(index)
            if item is not None:
                item.setIcon(page_icon(key))
        decorate(QApplication.instance())

    def _sidebar_panel(self) -> QWidget:
        """The brand on top, the page list, and the app's purpose in a line at the bottom."""
        panel = QWidget()
        panel.setObjectName("sidebarPanel")
        panel.setAttribute(Qt.WA_StyledBackground, True)
        panel.setFixedWidth(188)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        brand = QWidget()
        brand.setObjectName("brand")
        brand.setAttribute(Qt.WA_StyledBackground, True)
        brand_layout = QVBoxLayout(brand)
        brand_layout.setContentsMargins(14, 10, 10, 10)
        brand_layout.setSpacing(0)
        name = QLabel("fieldkit")
        name.setObjectName("brandName")
        tagline = QLabel(tr("Union field work"))
        tagline.setObjectName("brandTagline")
        brand_layout.addWidget(name)
        brand_layout.addWidget(tagline)
        column.addWidget(brand)
        column.addWidget(self.sidebar, 1)
        return panel

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
        edit_menu = bar.addMenu(tr("&Edit"))
        search_all = QAction(tr("&Search everything…"), self)
        search_all.setShortcut(QKeySequence("Ctrl+Shift+F"))
        search_all.triggered.connect(self.search_everything)
        edit_menu.addAction(search_all)
        help_menu = bar.addMenu(tr("&Help"))
        first_steps = QAction(tr("&First steps…"), self)
        first_steps.triggered.connect(self.show_first_steps)
        help_menu.addAction(first_steps)
        for index in range(len(self.pages)):
            keys = page_shortcut(index)
            if keys is None:
                break
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
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

    def show_problems(self, **criteria) -> None:
        """Switch to the problem ledger showing the problems that match ``criteria``:
        ``status`` (a status code, "open" or "done"), ``overdue`` (bool), ``period``
        (2024-05, 2024-Q2, 2024-H1, 2024 or a range) with ``period_of`` (the day it applies
        to: registered, resolved, replied, closed, escalated), ``grade``, ``category``,
        ``site_id``, ``org_unit_id`` (with its sub-units), ``cadre_id``, ``text``. Criteria
        not given are cleared."""
        self.show_page("ledger")
        self.page("ledger").show_filter(**criteria)

    def register_problem(self, **prefill) -> None:
        """Switch to the problem ledger and open the register dialog, pre-filled with what
        is known where the problem arose: ``site_id``, ``activity_id``, ``response_id``,
        ``interview_id``, ``title``, ``description``."""
        self.show_page("ledger")
        self.page("ledger").new_problem(**prefill)

    def show_problem(self, problem_id: str):
        """Switch to the problem ledger and open one problem's view (its details, timeline
        and next steps); returns the view."""
        self.show_page("ledger")
        return self.page("ledger").open_problem(problem_id)

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

    def search_everything(self, text: str = "") -> None:
        """One search box over interview notes, answers and problems (Ctrl+Shift+F)."""
        from fieldkit.ui.search.dialog import SearchDialog

        self.search_dialog = SearchDialog(self)
        if text:
            self.search_dialog.box.setText(text)
        self.search_dialog.open()

    def show_first_steps(self, only_if_new: bool = False) -> None:
        """The first-steps guide (on start-up: only for a workspace nobody has set up)."""
        from fieldkit.ui.welcome import show_first_steps

        show_first_steps(self, only_if_new=only_if_new)

    def current_cadre_id(self) -> str | None:
        return settings.load().cadre_for(self.workspace_id)

    def update_status(self, cadre_name: str | None = None) -> None:
        text = tr("Workspace: {path}", path=str(self.workspace_path))
        if cadre_name:
            text += "    " + tr("Current cadre: {name}", name=cadre_name)
        self.statusBar().showMessage(text)
