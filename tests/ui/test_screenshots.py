"""Save every screen in both languages (FIELDKIT_SCREENSHOTS=dir keeps them) to look at."""

import pytest
from PySide6.QtGui import QImage
from fieldkit_testing import save_shot



@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screens_render(main_window, language):
    main_window.retranslate(language)
    main_window.idle()
    for index in range(len(main_window.pages)):
        main_window.sidebar.setCurrentRow(index)
        main_window.idle()
        path = save_shot(main_window, f"main-{language}-{index}")
        image = QImage(str(path))
        assert image.width() >= 1000 and image.height() >= 600
        # a rendered page is not blank: several distinct colours
        colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
                   for y in range(0, image.height(), 29)}
        assert len(colours) > 3
    main_window.show_page("sites")
    main_window.idle()
    page = main_window.page("sites")
    page.table.selectRow(0)
    page.edit_selected()
    main_window.idle()
    save_shot(page.dialog, f"site-dialog-{language}")
    page.dialog.reject()
