"""Register the bundled CJK font so Chinese renders on machines that have none."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from fieldkit.core.paths import resource_path

FONT_FILE = "DroidSansFallbackFull.ttf"


def install_fonts(app: QApplication) -> str | None:
    """Add the bundled font and put it behind the system font as a per-glyph fallback."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    font = QFont(app.font())
    font.setFamilies([app.font().family(), families[0]])
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return families[0]
