"""The app's look: every page has a bundled icon that draws, the licence travels with
the icons, and the main window's sidebar shows them."""

from fieldkit.core.paths import resource_path


def test_every_page_icon_is_bundled_and_draws(qapp):
    from fieldkit.ui import style

    for key, name in style.PAGE_ICONS.items():
        assert resource_path("icons", f"{name}.svg").is_file(), key
        image = style.page_icon(key).pixmap(20, 20).toImage()
        lit = sum(1 for x in range(image.width()) for y in range(image.height())
                  if image.pixelColor(x, y).alpha() > 0)
        assert lit > 20, f"the icon for {key} draws nothing"
    assert "MIT" in resource_path("icons", "LICENSE-tabler-icons.txt").read_text("utf-8")


def test_app_icon_is_brand_red(qapp):
    from PySide6.QtGui import QColor

    from fieldkit.ui import style

    image = style.app_icon().pixmap(64, 64).toImage()
    assert image.pixelColor(32, 4).name() == QColor(style.BRAND_RED).name()
    assert image.pixelColor(32, 32).alpha() == 255


def test_sidebar_shows_an_icon_per_page(main_window, qtbot):
    sidebar = main_window.sidebar
    qtbot.waitUntil(lambda: not sidebar.item(0).icon().isNull())  # drawn after the window shows
    assert sidebar.count() == len(main_window.pages)
    for row in range(sidebar.count()):
        assert not sidebar.item(row).icon().isNull()
    assert main_window.findChild(type(sidebar.parentWidget()), "sidebarPanel") is not None
