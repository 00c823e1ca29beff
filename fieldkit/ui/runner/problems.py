"""What stops a response from being finalised: a list under the form. Enter (or a double
click) on a problem jumps to its question and puts the cursor there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from fieldkit.core.i18n import tr
from fieldkit.ui.runner.style import CHROME_STYLE, look


def problem_place(session, path) -> str:
    """Where a problem is, for people: "Reading 2 › Pulse (beats per minute)"."""
    parts = []
    for end in range(1, len(path) + 1):
        sub = tuple(path[:end])
        if isinstance(sub[-1], int) or end == len(path):
            try:
                item = session.item(sub)
            except Exception:
                continue
            parts.append(item.label or item.name)
    return " › ".join(p for p in parts if p)


class ProblemsPanel(QFrame):
    jump = Signal(object)          # the path of the question to go to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.setStyleSheet(CHROME_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        self.summary = QLabel()
        look(self.summary, "problemsSummary")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(150)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(lambda item: self.jump.emit(item.data(Qt.UserRole)))
        self.hide()

    def show_problems(self, session, problems) -> None:
        self.list.clear()
        if not problems:
            self.hide()
            return
        self.summary.setText(tr("This questionnaire cannot be finalised yet: {count} problem(s) "
                                "to fix. Press Enter on one to go to its question.",
                                count=len(problems)))
        self.list.show()
        for problem in problems:
            text = f"{problem_place(session, problem.path)} — {problem.message}"
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, problem.path)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.show()

    def refresh(self, session) -> None:
        """Keep the list true while the person fixes things."""
        if not self.isVisible():
            return
        problems = session.problems()
        if problems:
            current = self.list.currentRow()
            self.show_problems(session, problems)
            self.list.setCurrentRow(min(max(current, 0), len(problems) - 1))
        else:
            self.list.clear()
            self.list.hide()
            self.summary.setText(tr("All problems fixed. Press Ctrl+Enter to finalise."))

    def problems_shown(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
