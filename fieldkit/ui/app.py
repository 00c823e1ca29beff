"""Start the desktop application."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldkit.core import i18n, settings
from fieldkit.core.i18n import tr
from fieldkit.ui.fonts import install_fonts
from fieldkit.ui.opening import Opening, start_opening
from fieldkit.ui.style import install_style
from fieldkit.ui.tasks import Tasks, error_text


def create_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        # Fusion named on Qt's command line rather than set afterwards: asking for the style
        # object from Python makes PySide build the Python types of QStyle and its enums
        # (several milliseconds of start-up spent on nothing the first screen needs)
        app = QApplication((sys.argv[:1] or ["fieldkit"]) + ["-style", "Fusion"])
        app.setProperty("fieldkitStyled", True)
    app.setApplicationName("fieldkit")
    app.setOrganizationName("fieldkit")
    install_fonts(app)
    install_style(app)
    install_qt_translations(app, i18n.current_language())
    return app


_qt_translator = None


def resume_gc() -> None:
    """Python's cyclic garbage collector is paused while the app starts (``fieldkit.cli``):
    start-up creates a few hundred thousand objects (modules, classes, Qt's enum types,
    widgets) that live as long as the app, and the collector would walk them again and again
    (about a tenth of start-up). Once the window is up they are set aside for good
    (``gc.freeze``) and collection resumes for everything made after."""
    gc.freeze()
    gc.enable()


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own texts (file dialogs, standard buttons) in the interface language."""
    global _qt_translator
    from PySide6.QtCore import QLibraryInfo, QTranslator

    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language == "en":
        return
    translator = QTranslator(app)
    if translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(translator)
        _qt_translator = translator


def run(workspace: Path, language: str | None = None, quit_after_show: bool = False,
        started: float | None = None, explicit_workspace: bool = False,
        opening: Opening | None = None) -> int:
    """Open ``workspace`` (creating it on first run) in the main window; return the exit code.
    ``opening``: the workspace's opening already begun (``fieldkit.ui.opening``), so that it
    ran while Qt was loading."""
    prefs = settings.load()
    i18n.set_language(language or prefs.language or i18n.system_language())
    if opening is None:
        opening = start_opening(workspace, explicit_workspace)
    app = create_application()
    executor = opening.executor
    tasks = Tasks(executor)
    try:
        ws = opening.future.result()  # checked and recovered before any window shows
    except Exception as exc:  # the window shows no half-open workspace: say why and stop
        message = error_text(exc)
        sys.stderr.write(tr("fieldkit: {message}", message=message) + "\n")
        if not quit_after_show:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, tr("fieldkit"), message)
        executor.shutdown()
        gc.enable()
        return 1
    from fieldkit.ui.main_window import MainWindow

    ws.actor_id = prefs.cadre_for(ws.workspace_id)
    if opening.dashboard is not None:  # its figures are being computed already
        tasks.prefetched["dashboard"] = opening.dashboard
    window = MainWindow(tasks, workspace_path=ws.path, workspace_id=ws.workspace_id)
    window.show()
    QTimer.singleShot(0, resume_gc)  # after the first pass of events: icons, layout
    for notice in ws.notices:  # a foreign -wal set aside, an unclean last close, read-only
        sys.stderr.write(tr("fieldkit: {message}", message=notice.message()) + "\n")
    if ws.notices and not quit_after_show:
        text = "\n\n".join(n.message() for n in ws.notices)
        from PySide6.QtWidgets import QMessageBox

        QTimer.singleShot(0, lambda: QMessageBox.information(window, tr("fieldkit"), text))
    if not quit_after_show:  # a crash or power cut left questionnaires unfinished: offer them
        from fieldkit.ui.runner import offer_open_drafts

        QTimer.singleShot(300, lambda: offer_open_drafts(window))
        QTimer.singleShot(350, lambda: window.show_first_steps(only_if_new=True))
    if quit_after_show:
        def report_and_quit() -> None:
            if started is not None:
                sys.stdout.write(f"shown_after_s={time.perf_counter() - started:.3f}\n")
            app.quit()
        QTimer.singleShot(0, report_and_quit)
    code = app.exec()
    executor.shutdown()
    return code
