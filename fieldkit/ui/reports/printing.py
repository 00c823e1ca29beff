"""Sending rendered report pages to a printer (the system's, or a PDF file in tests).

Pages are pictures of the PDF fieldkit wrote (``core/reports/preview.render_pages``), so
what prints is exactly what was previewed and saved; each is scaled to the printer's page,
keeping its proportions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter


def paint_pages(printer: QPrinter, pages) -> None:
    painter = QPainter(printer)
    try:
        for i, page in enumerate(pages):
            if i:
                printer.newPage()
            image = QImage(page.data, page.width, page.height, page.stride,
                           QImage.Format_RGB888)
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()
