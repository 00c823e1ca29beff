"""The dashboard's 'who are you' hint takes you to Settings (issue 13)."""

import pytest

from fieldkit_testing import save_shot


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_who_are_you_hint_links_to_settings(main_window, language):
    main_window.retranslate(language)
    main_window.show_page("dashboard")
    main_window.idle()
    page = main_window.page("dashboard")
    assert page.who.isVisible() and 'href="settings"' in page.who.text()
    save_shot(main_window, f"polish_dashboard_{language}")
    page.who.linkActivated.emit("settings")      # what a click on the link sends
    main_window.idle()
    assert main_window.stack.currentWidget() is main_window.page("settings")
