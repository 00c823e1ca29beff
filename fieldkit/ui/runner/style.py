"""How the runner looks.

Inside the form, looks are set with shared fonts and palettes, not a style sheet: a style
sheet on the window makes Qt restyle every one of a long form's thousand widgets as it
appears, which tripled the time to open a 500-question form. Only the header and the
button bar use a (small) style sheet. The focus is shown by one ``FocusRing`` drawn around
whatever has the focus, and the current question by its row's own painting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QWidget

FOCUS = QColor("#1565c0")
CURRENT_BG = QColor("#e8f1fc")
PROBLEM = QColor("#b00020")
PROBLEM_BG = QColor("#fdecee")

# role: (point size increase, bold, text colour, background)
ROLES = {
    "formTitle": (5, True, None, None),
    "stateLabel": (0, False, "#455a64", None),
    "groupTitle": (4, True, "#0d47a1", None),
    "subgroupTitle": (2, True, "#1565c0", None),
    "instanceTitle": (0, True, "#37474f", None),
    "questionLabel": (1, False, None, None),
    "noteLabel": (0, False, "#37474f", "#fff8e1"),
    "hintLabel": (0, False, "#607d8b", None),
    "messageLabel": (0, True, "#b00020", None),
    "progressLabel": (1, True, None, None),
    "problemsSummary": (0, True, "#b00020", None),
}
PAPER_INCREASE = 4
_cache: dict[tuple, tuple[QFont, QPalette | None]] = {}


def look(widget: QWidget, role: str, paper: bool = False) -> None:
    """Give ``widget`` the font and colours of ``role`` (and its objectName, for tests)."""
    widget.setObjectName(role)
    key = (role, paper, QApplication.font().key())
    cached = _cache.get(key)
    if cached is None:
        grow, bold, colour, background = ROLES[role]
        font = QFont(QApplication.font())
        if grow or paper:
            font.setPointSizeF(font.pointSizeF() + grow +
                               (PAPER_INCREASE if paper and role == "questionLabel" else 0))
        font.setBold(bold)
        palette = None
        if colour or background:
            palette = QPalette(QApplication.palette())
            if colour:
                palette.setColor(QPalette.WindowText, QColor(colour))
            if background:
                palette.setColor(QPalette.Window, QColor(background))
        cached = _cache[key] = (font, palette)
    font, palette = cached
    widget.setFont(font)
    if palette is not None:
        widget.setPalette(palette)
        if ROLES[role][3]:
            widget.setAutoFillBackground(True)
            if isinstance(widget, QLabel):
                widget.setMargin(6)


def keep_legible(widget: QWidget) -> None:
    """Draw ``widget`` when disabled as it is drawn when enabled. A finalised answer is shown
    with its widgets disabled (nothing can be changed), but the chosen option must read as
    clearly as on an editable form, not in the style's faint grey."""
    palette = QPalette(widget.palette())
    for role in QPalette.ColorRole:
        if role == QPalette.NColorRoles:
            continue
        palette.setColor(QPalette.Disabled, role, palette.color(QPalette.Active, role))
    widget.setPalette(palette)


def paint_row(widget: QWidget, current: bool, problem: bool) -> None:
    """The current question is tinted with a bar on its left; one with a problem, red."""
    if not (current or problem):
        return
    painter = QPainter(widget)
    rect = widget.rect()
    if current:
        painter.fillRect(rect, PROBLEM_BG if problem else CURRENT_BG)
    painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()),
                     PROBLEM if problem else FOCUS)
    painter.end()


class FocusRing(QWidget):
    """A clear 2-pixel frame around the widget that has the keyboard focus in ``area``
    (except inside ``skip``, which has a ring of its own)."""

    MARGIN = 3

    def __init__(self, area: QWidget, skip: QWidget | None = None) -> None:
        super().__init__(area)
        self.area = area
        self.skip = skip
        self.target: QWidget | None = None
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.NoFocus)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.follow)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        area.installEventFilter(self)

    def _focus_changed(self, _old, new) -> None:
        inside = new is not None and self.area.isAncestorOf(new)
        if inside and self.skip is not None and (new is self.skip or self.skip.isAncestorOf(new)):
            inside = False
        self.target = new if inside else None
        self.follow()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.LayoutRequest, QEvent.Resize):
            self.schedule()
        return False

    def schedule(self) -> None:
        self._timer.start(0)

    def follow(self) -> None:
        target = self.target
        try:
            visible = target is not None and target.isVisible()
        except RuntimeError:      # the widget was deleted
            self.target, visible = None, False
        if not visible:
            self.hide()
            return
        top_left = target.mapTo(self.area, target.rect().topLeft())
        m = self.MARGIN
        # Each of these does nothing when nothing changed, and moving or showing the ring
        # repaints it: no update() of its own, which after every re-layout (a question shown
        # or hidden) cost a second paint of the page beneath the ring.
        self.setGeometry(QRect(top_left, target.size()).adjusted(-m, -m, m, m))
        self.raise_()
        self.show()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(FOCUS, 2))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 3, 3)
        painter.end()


CHROME_STYLE = """
#runnerHeader { background: #f3f6fa; border-bottom: 1px solid #d5dde8; }
#problemsPanel { background: #fdecee; border-top: 1px solid #e57373; }
#runnerBar { border-top: 1px solid #d5dde8; }
#saveStatus[problem="true"] { color: #b00020; font-weight: bold; }
"""
