"""Twelve months as bars, drawn with QPainter (no chart library): each month's activities
and problems resolved side by side. Click a month (or choose it with Left/Right and press
Enter) to open what is behind it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from fieldkit.core.i18n import tr

ACTIVITY_COLOUR = "#b8312a"
RESOLVED_COLOUR = "#2f6fb0"
AXIS_COLOUR = "#8a929c"


class MonthChart(QWidget):
    """``set_months([{"month": "2024-05", "activities": n, "resolved": n}, …])``;
    ``month_clicked(str)`` when a month is chosen."""

    month_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[dict[str, Any]] = []
        self.current = -1
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMinimumSize(QSize(320, 170))
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setToolTip(tr("Activities and problems resolved in each of the last twelve "
                           "months. Click a month (or Left/Right and Enter) to list its "
                           "activities."))

    def set_months(self, months: list[dict[str, Any]]) -> None:
        self.months = months
        self.current = len(months) - 1 if months else -1
        self.update()

    # -- geometry --------------------------------------------------------------------------

    def _plot(self) -> QRectF:
        fm = self.fontMetrics()
        return QRectF(8, fm.height() * 2 + 6, self.width() - 16,
                      self.height() - fm.height() * 4 - 12)

    def _slot(self, index: int) -> QRectF:
        plot = self._plot()
        width = plot.width() / max(len(self.months), 1)
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    def month_at(self, x: float) -> int:
        for index in range(len(self.months)):
            if self._slot(index).left() <= x < self._slot(index).right():
                return index
        return -1

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height()
        self._legend(painter, line)
        plot = self._plot()
        if not any(m["activities"] or m["resolved"] for m in self.months):
            painter.setPen(QPen(QColor(AXIS_COLOUR)))
            painter.drawText(plot, Qt.AlignCenter | Qt.TextWordWrap,
                             tr("No activities or resolved problems in the last twelve "
                                "months yet."))
            return
        top = max([1] + [max(m["activities"], m["resolved"]) for m in self.months])
        painter.setPen(QPen(QColor(AXIS_COLOUR)))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7))
        for index, month in enumerate(self.months):
            slot = self._slot(index)
            bar_width = min(slot.width() * 0.32, 26)
            middle = slot.center().x()
            for offset, key, colour in ((-bar_width, "activities", ACTIVITY_COLOUR),
                                        (0, "resolved", RESOLVED_COLOUR)):
                value = month[key]
                height = (plot.height() - line) * value / top
                bar = QRectF(middle + offset, plot.bottom() - height, bar_width, height)
                painter.fillRect(bar, QColor(colour))
                painter.setFont(small)
                painter.setPen(QPen(QColor("#30363f")))
                painter.drawText(QRectF(bar.left() - 8, bar.top() - line, bar_width + 16, line),
                                 Qt.AlignHCenter | Qt.AlignBottom, str(value))
            painter.setFont(self.font())
            painter.setPen(QPen(QColor("#30363f")))
            label_rect = QRectF(slot.left(), plot.bottom() + 2, slot.width(), line)
            painter.drawText(label_rect, Qt.AlignCenter, month["month"][5:])
            if index == 0 or month["month"].endswith("-01"):
                painter.setPen(QPen(QColor(AXIS_COLOUR)))
                painter.drawText(QRectF(slot.left(), plot.bottom() + 2 + line, slot.width() * 2,
                                        line), Qt.AlignLeft, month["month"][:4])
            if index == self.current and self.hasFocus():
                painter.setPen(QPen(QColor(ACTIVITY_COLOUR), 1, Qt.DashLine))
                painter.drawRect(slot.adjusted(1, 1, -1, -1))

    def _legend(self, painter: QPainter, line: int) -> None:
        x = 8.0
        for colour, text in ((ACTIVITY_COLOUR, tr("Activities held")),
                             (RESOLVED_COLOUR, tr("Problems resolved"))):
            painter.fillRect(QRectF(x, 6 + line * 0.2, line * 0.8, line * 0.8), QColor(colour))
            painter.setPen(QPen(QColor("#30363f")))
            width = self.fontMetrics().horizontalAdvance(text)
            painter.drawText(QRectF(x + line, 4, width + 4, line + 4), Qt.AlignVCenter, text)
            x += line + width + 18

    # -- choosing a month ------------------------------------------------------------------

    def event(self, event) -> bool:
        if event.type() == QEvent.ToolTip:
            index = self.month_at(event.pos().x())
            if index >= 0:
                month = self.months[index]
                QToolTip.showText(event.globalPos(), self.month_text(month), self)
            else:
                QToolTip.showText(event.globalPos(), self.toolTip(), self)
            return True
        return super().event(event)

    @staticmethod
    def month_text(month: dict[str, Any]) -> str:
        return tr("{month}: {activities} activities, {resolved} problems resolved",
                  month=month["month"], activities=month["activities"],
                  resolved=month["resolved"])

    def mousePressEvent(self, event) -> None:
        index = self.month_at(event.position().x())
        if index >= 0:
            self.current = index
            self.update()
            self.month_clicked.emit(self.months[index]["month"])

    def keyPressEvent(self, event) -> None:
        if not self.months:
            return super().keyPressEvent(event)
        key = event.key()
        if key in (Qt.Key_Left, Qt.Key_Right):
            step = -1 if key == Qt.Key_Left else 1
            self.current = min(max(self.current + step, 0), len(self.months) - 1)
            self.update()
        elif key in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space) and self.current >= 0:
            self.month_clicked.emit(self.months[self.current]["month"])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()
