"""The work dashboard (issue 14): figures equal kpis(), a click opens the list behind it."""

import pytest

from fieldkit_testing import save_shot
from work_window_fixture import in_db, work_window  # noqa: F401


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_dashboard_screens(work_window, language):
    window = work_window
    window.retranslate(language)
    window.resize(1280, 720)
    window.show_page("dashboard")
    window.idle()
    save_shot(window, f"dashui_dashboard_{language}")
    window.show_page("activities")
    window.idle()
    save_shot(window, f"dashui_activities_{language}")
