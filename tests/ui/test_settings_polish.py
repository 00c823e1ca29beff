"""Settings names the language in use and keeps its boxes a sensible width (issue 13)."""

import pytest

from fieldkit.core import i18n, settings
from fieldkit_testing import save_shot


@pytest.fixture
def english_system(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    prefs = settings.load()
    prefs.language = ""           # "follow the system", as on a fresh install
    settings.save(prefs)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_language_box_names_the_language_in_use(main_window, english_system, language):
    main_window.resize(1366, 768)
    main_window.retranslate(language)       # as with `fieldkit --lang zh_CN` on an English system
    main_window.show_page("settings")
    main_window.idle()
    page = main_window.page("settings")
    assert page.language.currentData() in ("", language)
    assert i18n.LANGUAGES[language] in page.language.currentText()
    other = i18n.LANGUAGES["en" if language == "zh_CN" else "zh_CN"]
    assert other not in page.language.currentText()
    assert settings.load().language == ""    # showing it saved nothing
    for combo in (page.language, page.cadre):
        assert combo.width() <= 400, combo.width()
        assert combo.width() >= combo.minimumSizeHint().width()
    save_shot(main_window, f"polish_settings_{language}")
