"""The first-steps guide: shown when a workspace nobody has set up yet is opened, and
from Help → First steps… at any time. Each step says whether it is done and takes the
user to the page where it is done; the guide holds no rules of its own (the state comes
from ``overview.first_steps``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QPushButton, QVBoxLayout)

from fieldkit.core import overview, ui_prefs
from fieldkit.core.i18n import N_, tr
from fieldkit.ui.style import icon

PREFS_SECTION = "first_steps_hidden"

# (page key, title, what it is for, the done test on overview.first_steps)
STEPS = (
    ("cadres", N_("Add yourself and your colleagues as cadres"),
     N_("Every record is signed by the cadre who made it."), lambda s: s["cadres"] > 0),
    ("settings", N_("Tell fieldkit who you are"),
     N_("Settings → Current cadre: your name goes on what you record."),
     lambda s: s["actor_known"]),
    ("sites", N_("Add the sites you work at"),
     N_("Projects, enterprises, service stations: with their time zone if abroad."),
     lambda s: s["sites"] > 0),
    ("forms", N_("Pick or import a questionnaire"),
     N_("Built-in questionnaires are ready; import your own XLSForm workbook."),
     lambda s: s["own_forms"] > 0 or s["responses"] > 0),
    ("responses", N_("Fill in a questionnaire or import a spreadsheet"),
     N_("Type answers from paper, or import an Excel sheet or a KoboToolbox / ODK export."),
     lambda s: s["responses"] > 0),
)


class FirstStepsDialog(QDialog):
    def __init__(self, window, state: dict) -> None:
        super().__init__(window)
        self.window_ = window
        self.chosen: str | None = None
        self.setWindowTitle(tr("First steps"))
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Welcome to fieldkit"))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        intro = QLabel(tr("Five steps set up this workspace. Everything stays on this laptop "
                          "until you choose to share it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        self.step_buttons: dict[str, QPushButton] = {}
        first_open = None
        for row, (key, title, note, done) in enumerate(STEPS):
            finished = bool(done(state))
            mark = QLabel()
            mark.setPixmap(icon("user-check" if finished else "player-play",
                                "#2e7d32" if finished else "#b8312a").pixmap(20, 20))
            mark.setToolTip(tr("Done") if finished else tr("To do"))
            text = QLabel(f"<b>{row + 1}. {tr(title)}</b><br>{tr(note)}"
                          + (f" <i>({tr('done')})</i>" if finished else ""))
            text.setWordWrap(True)
            text.setTextFormat(Qt.RichText)
            button = QPushButton(tr("Go there"))
            button.clicked.connect(lambda _=False, k=key: self._go(k))
            if not finished and first_open is None:
                first_open = button
                button.setProperty("primary", True)
            self.step_buttons[key] = button
            grid.addWidget(mark, row, 0, Qt.AlignTop)
            grid.addWidget(text, row, 1)
            grid.addWidget(button, row, 2, Qt.AlignTop)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.hide_next_time = QCheckBox(tr("Don't show this when the workspace opens"))
        layout.addWidget(self.hide_next_time)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if first_open is not None:
            first_open.setFocus()
        self.setMinimumWidth(560)
        self.finished.connect(self._remember)

    def _go(self, key: str) -> None:
        self.chosen = key
        self.accept()
        self.window_.show_page(key)

    def _remember(self) -> None:
        if self.hide_next_time.isChecked():
            ui_prefs.put(PREFS_SECTION, self.window_.workspace_id, True)


def show_first_steps(window, *, only_if_new: bool = False) -> None:
    """Read the workspace's state on the database thread, then show the guide (when
    ``only_if_new``: only for a workspace nobody has set up, unless hidden for it)."""
    if only_if_new and ui_prefs.get(PREFS_SECTION, window.workspace_id, False):
        return

    def shown(state: dict) -> None:
        if only_if_new and not state["empty"]:
            return
        window.first_steps_dialog = FirstStepsDialog(window, state)
        window.first_steps_dialog.open()

    window.tasks.run(overview.first_steps, shown, None, window.current_cadre_id())
