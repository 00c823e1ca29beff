"""Date, time and date-time inputs that take what people type as well as a calendar.

A cadre copying a paper form types 2024/12/1, 2024.12.01, 20241201 or 2024年12月1日; all
become 2024-12-01 when the field is left. Times take 9:30, 0930, 9点30 or 21:05:10. A
calendar pops up from the button or with Alt+Down / F4. Values are ODK strings:
``YYYY-MM-DD``, ``HH:MM:SS`` and ``YYYY-MM-DDTHH:MM:SS.000+08:00`` (local offset).
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton,
                               QWidget, QWidgetAction)

from fieldkit.core.i18n import N_, tr
from fieldkit.core.typed_dates import parse_date, parse_time  # noqa: F401 (used by tests too)
from fieldkit.ui.runner.inputs import AnswerInput

def local_offset(day: date | None = None) -> str:
    moment = datetime.combine(day or date.today(), time(12)).astimezone()
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def time_value(moment: time, day: date | None = None) -> str:
    return moment.strftime("%H:%M:%S") + ".000" + local_offset(day)


class _CalendarButton(QToolButton):
    def __init__(self, edit: QLineEdit, on_pick) -> None:
        super().__init__()
        self.setText(tr("Calendar"))
        self.setToolTip(tr("Pick a date (Alt+Down)"))
        self.setFocusPolicy(Qt.NoFocus)
        self.edit = edit
        self.on_pick = on_pick
        self.clicked.connect(self.popup)

    def popup(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        current = parse_date(self.edit.text())
        calendar.setSelectedDate(QDate(current) if current else QDate.currentDate())
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(qdate: QDate) -> None:
            menu.close()
            self.on_pick(qdate.toPython())
        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        calendar.setFocus()
        menu.exec(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.edit.setFocus()


class _TypedInput(AnswerInput):
    """A line edit that accepts what people type, checks it while they type with ``parse``
    and tidies it to ``shown(parsed)`` when they leave; the answer is ``stored(parsed)``."""

    placeholder = ""
    width = 150
    problem_text = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(tr(self.placeholder))
        self.edit.setFixedWidth(self.width)
        self.row.addWidget(self.edit)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)
        self.watch(self.edit)

    def parse(self, text: str):
        raise NotImplementedError

    def shown(self, parsed) -> str:
        raise NotImplementedError

    def stored(self, parsed) -> str:
        raise NotImplementedError

    def _typed(self) -> None:
        text = self.edit.text().strip()
        self.problem = "" if not text or self.parse(text) else tr(self.problem_text)
        self._changed()

    def _tidy(self) -> None:
        parsed = self.parse(self.edit.text())
        if parsed and self.edit.text() != self.shown(parsed):
            self.edit.setText(self.shown(parsed))

    def value(self) -> str:
        parsed = self.parse(self.edit.text())
        return self.stored(parsed) if parsed else ""

    def parse_stored(self, value: str):
        return self.parse(value)

    def _show(self, value: str) -> None:
        parsed = self.parse_stored(value) if value else None
        self.edit.setText(self.shown(parsed) if parsed else value)
        self.problem = ""

    def focus_targets(self) -> list[QWidget]:
        return [self.edit]


class DateInput(_TypedInput):
    placeholder = N_("YYYY-MM-DD")
    problem_text = N_("Type a date as YYYY-MM-DD, e.g. 2024-12-01.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = _CalendarButton(self.edit, self._picked)
        self.row.addWidget(self.button)
        self.row.addStretch(1)

    def parse(self, text: str) -> date | None:
        return parse_date(text)

    def shown(self, day: date) -> str:
        return day.isoformat()

    stored = shown

    def _picked(self, day: date) -> None:
        self.edit.setText(day.isoformat())
        self._typed()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.button.setEnabled(not read_only)

    def handle_key(self, target: QObject, event: QEvent) -> bool:
        if event.key() == Qt.Key_F4 or (event.key() == Qt.Key_Down
                                        and event.modifiers() & Qt.AltModifier):
            self.button.popup()
            return True
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and event.modifiers() & Qt.AltModifier \
                and event.key() == Qt.Key_Down and not self.read_only:
            self.button.popup()
            return True
        return super().eventFilter(obj, event)


class TimeInput(_TypedInput):
    placeholder = N_("HH:MM")
    width = 110
    problem_text = N_("Type a time as HH:MM, e.g. 09:30.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row.addStretch(1)

    def parse(self, text: str) -> time | None:
        return parse_time(text)

    def parse_stored(self, value: str) -> time | None:
        return parse_time(value[:8])  # HH:MM:SS of "HH:MM:SS.000+08:00"

    def shown(self, moment: time) -> str:
        return moment.strftime("%H:%M" if not moment.second else "%H:%M:%S")

    def stored(self, moment: time) -> str:
        return moment.strftime("%H:%M:%S")


class DateTimeInput(AnswerInput):
    """A date and a time side by side, and a Now button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.date = DateInput()
        self.time = TimeInput()
        self.now = QToolButton()
        self.now.setText(tr("Now"))
        self.now.setFocusPolicy(Qt.NoFocus)
        layout.addWidget(self.date)
        layout.addWidget(self.time)
        layout.addWidget(self.now)
        layout.addStretch(1)
        for part in (self.date, self.time):
            part.edited.connect(self._part_edited)
            part.advance.connect(self.advance)
        self.now.clicked.connect(self._now)

    def _part_edited(self) -> None:
        has_date, has_time = bool(self.date.value()), bool(self.time.value())
        self.problem = self.date.problem or self.time.problem
        if not self.problem and has_date != has_time:
            self.problem = tr("Give both the date and the time.")
        self._changed()

    def _now(self) -> None:
        moment = datetime.now()
        self.date.set_value(moment.date().isoformat())
        self.time.set_value(moment.strftime("%H:%M"))
        self._part_edited()

    def value(self) -> str:
        day, moment = parse_date(self.date.edit.text()), parse_time(self.time.edit.text())
        if not (day and moment):
            return ""
        return f"{day.isoformat()}T{time_value(moment, day)}"

    def _show(self, value: str) -> None:
        day_text, _, time_text = value.partition("T")
        self.date.set_value(day_text)
        self.time.set_value(time_text)
        self.problem = ""

    def focus_targets(self) -> list[QWidget]:
        return [self.date.edit, self.time.edit]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.date.set_read_only(read_only)
        self.time.set_read_only(read_only)
        self.now.setEnabled(not read_only)
