from PySide6.QtWidgets import (QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget,
                               QMenuBar, QWidget)


def visible_texts(root: QWidget) -> list[str]:
    """Texts a person can see in ``root``: labels, buttons, placeholders, list items, menus."""
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text().replace("&", ""))
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QMenuBar):
            texts += [a.text().replace("&", "") for a in widget.actions()]
    return [t for t in texts if t]


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` as a person would; Chinese arrives as committed input-method text
    (QTest can only synthesise ASCII key presses)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyPress, Qt.Key_unknown,
                                                     Qt.NoModifier, ch))
            QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyRelease, Qt.Key_unknown,
                                                     Qt.NoModifier, ch))


def open_main_window(qtbot, path):
    """The main window on the workspace at ``path``, with the database on its own thread;
    returns the window and the executor to shut down."""
    from fieldkit.core.executor import WorkspaceExecutor
    from fieldkit.ui.app import create_application
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.tasks import Tasks

    create_application()
    executor = WorkspaceExecutor()
    tasks = Tasks(executor)
    ws = executor.open(path).result(10)
    window = MainWindow(tasks, ws.path, ws.workspace_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.idle = lambda: qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    return window, executor
