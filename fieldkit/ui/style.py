"""The app's look: one palette, one style sheet, the bundled icons.

fieldkit uses Qt's Fusion style everywhere so that a cadre's laptop (Windows, often with a
Chinese locale and a high-DPI screen) and the offscreen test machines draw the same thing.
Colours: a dark sidebar with a union red for what is selected and for the brand; a calm
blue for selections in lists, so that red keeps meaning "attention" elsewhere.

Icons are Tabler's outline SVGs (MIT, `resources/icons/LICENSE-tabler-icons.txt`), drawn
with ``stroke="currentColor"``: :func:`icon` paints them in the colour asked for, at the
screen's pixel density.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from fieldkit.core.paths import resource_path

BRAND_RED = "#b8312a"
SIDEBAR_BG = "#262b33"
SIDEBAR_TEXT = "#dfe3e8"
SIDEBAR_SELECTED_BG = "#39404b"
SELECTION_BLUE = "#2f6fb0"
PAGE_BG = "#f5f6f8"

# Page key -> icon file (resources/icons/<name>.svg). Pages added later get one here.
PAGE_ICONS = {
    "dashboard": "layout-dashboard",
    "forms": "clipboard-list",
    "responses": "table",
    "activities": "users-group",
    "ledger": "list-check",
    "interviews": "message-2",
    "reports": "report-analytics",
    "org_units": "sitemap",
    "cadres": "id-badge-2",
    "sites": "map-pin",
    "settings": "settings",
}

STYLE_SHEET = f"""
QAbstractItemView {{
    selection-background-color: {SELECTION_BLUE};
    selection-color: white;
}}
QListWidget#sidebar {{
    background: {SIDEBAR_BG};
    color: {SIDEBAR_TEXT};
    border: none;
    outline: none;
    padding-top: 4px;
}}
QListWidget#sidebar::item {{
    padding: 7px 10px 7px 12px;
    border-left: 4px solid transparent;
}}
QListWidget#sidebar::item:hover {{
    background: #2f3540;
}}
QListWidget#sidebar::item:selected {{
    background: {SIDEBAR_SELECTED_BG};
    color: white;
    border-left: 4px solid {BRAND_RED};
}}
QWidget#sidebarPanel {{
    background: {SIDEBAR_BG};
}}
QLabel#brandName {{
    color: white;
    font-size: 15pt;
    font-weight: bold;
}}
QLabel#brandTagline {{
    color: #f3d9d6;
}}
QWidget#brand {{
    background: {BRAND_RED};
}}
QLabel#sidebarFooter {{
    color: #9aa3ad;
    padding: 6px 10px;
}}
QPushButton {{
    padding: 4px 12px;
    min-height: 22px;
}}
QPushButton[primary="true"] {{
    background: {BRAND_RED};
    color: white;
    border: 1px solid #922520;
    border-radius: 3px;
    font-weight: bold;
}}
QPushButton[primary="true"]:disabled {{
    background: #d9a4a0;
    border-color: #d9a4a0;
}}
QHeaderView::section {{
    background: #eceef1;
    border: none;
    border-right: 1px solid #d5d9de;
    border-bottom: 1px solid #d5d9de;
    padding: 4px 6px;
    font-weight: bold;
}}
QStatusBar {{
    color: #4a5360;
}}
/* the dashboard: here rather than on its labels and tiles, where a style sheet each made
   Qt build a styler for each of them (milliseconds of every start-up) */
QLabel#pageTitle {{ font-size: 20px; font-weight: bold; }}
QLabel#dashboardScope, QLabel#tileCaption {{ color: #4a5360; }}
QLabel#dashboardHeadline {{ font-size: 15px; }}
QLabel#dashboardCounts {{ color: #6b7480; }}
QFrame#tile {{ background: white; border: 1px solid #d5d9de; border-radius: 4px; }}
QFrame#tile:focus {{ border: 2px solid {BRAND_RED}; }}
QLabel#tileValue {{ font-size: 22px; font-weight: bold; }}
QLabel#tileValue, QLabel#tileCaption {{ border: none; }}
"""


def install_style(app: QApplication) -> None:
    """Fusion, once per application (the style sheet goes on the main window: see
    :func:`style_window`). The icons are drawn after the window shows: see :func:`decorate`."""
    if app.property("fieldkitStyled"):
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setProperty("fieldkitStyled", True)


def style_window(central) -> None:
    """The style sheet, on the main window's contents only: a style sheet set on the whole
    application would also restyle the questionnaire runner, whose read-only answers rely
    on palettes that a style sheet replaces."""
    central.setStyleSheet(STYLE_SHEET)


def decorate(app: QApplication) -> None:
    """The app's icon, once the first window is on screen."""
    if not app.property("fieldkitIcon"):
        app.setWindowIcon(app_icon())
        app.setProperty("fieldkitIcon", True)


@lru_cache(maxsize=None)
def _shape(name: str, pixels: int) -> QImage:
    """The icon's strokes drawn once at ``pixels`` square (colour comes later, by tinting)."""
    from PySide6.QtSvg import QSvgRenderer  # only when an icon is first drawn

    renderer = QSvgRenderer(QByteArray(resource_path("icons", f"{name}.svg").read_bytes()))
    image = QImage(pixels, pixels, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    return image


def _render(name: str, colour: str, size: int, ratio: float) -> QPixmap:
    """The icon in ``colour``: its shape's alpha filled with the colour (one SVG parse per
    icon and size, however many colours are asked for)."""
    pixels = max(1, round(size * ratio))
    image = QImage(_shape(name, pixels))
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode_SourceIn)
    painter.fillRect(image.rect(), QColor(colour))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _ratio() -> float:
    app = QApplication.instance()
    screen = app.primaryScreen() if app is not None else None
    return screen.devicePixelRatio() if screen is not None else 1.0


_icons: dict[tuple, QIcon] = {}


def icon(name: str, colour: str = "#3a414c", *, selected_colour: str | None = None,
         size: int = 20) -> QIcon:
    """A bundled icon drawn in ``colour`` (and ``selected_colour`` when selected)."""
    key = (name, colour, selected_colour, size)
    cached = _icons.get(key)
    if cached is None:
        ratio = _ratio()
        cached = QIcon(_render(name, colour, size, ratio))
        if selected_colour:
            cached.addPixmap(_render(name, selected_colour, size, ratio), QIcon.Selected)
        _icons[key] = cached
    return cached


def page_icon(key: str) -> QIcon:
    """The sidebar's icon for a page: light on the dark sidebar, white when selected."""
    return icon(PAGE_ICONS.get(key, "help-circle"), SIDEBAR_TEXT, selected_colour="white")


def app_icon() -> QIcon:
    """fieldkit's own icon: a white flag on a union-red rounded square."""
    size = 256
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setBrush(QColor(BRAND_RED))
    painter.setPen(Qt.NoPen)
    painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    margin = round(size * 0.18)
    painter.drawPixmap(margin, margin, _render("flag", "white", size - 2 * margin, 1.0))
    painter.end()
    return QIcon(pixmap)   # Qt scales it for the title bar and the task bar
