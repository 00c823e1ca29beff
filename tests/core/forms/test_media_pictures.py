"""Choice and question pictures (``media::image``) as a form session offers them: the file
of the session's language, else the default language's, as the form's own bytes; and the
forms page's words about them."""

from fieldkit.core.forms.describe import describe_pictures
from fieldkit.core.forms.media import FormMedia, referenced_files
from fieldkit.core.forms.model import Choice, FormDefinition, Question
from fieldkit.core.forms.session import FormSession
from fieldkit.core.i18n import set_language

EN, ZH = "English (en)", "中文 (zh)"


def signs_form() -> FormDefinition:
    gear = [Choice("helmet", {EN: "Helmet", ZH: "安全帽"}, media={"image": {EN: "helmet_en.png", ZH: "helmet_zh.png"}}),
            Choice("gloves", {EN: "Gloves", ZH: "手套"}, media={"image": {EN: "gloves.png"}}),
            Choice("vest", {EN: "Vest", ZH: "背心"}, media={"image": {EN: "vest.png"}}),
            Choice("none", {EN: "None", ZH: "无"})]
    return FormDefinition(
        form_id="signs", title="Signs", version="1", default_language=EN,
        questions=[Question(type="note", name="intro", label={EN: "Look", ZH: "请看"},
                            media={"image": {ZH: "sign_zh.png", EN: "sign.png"}}),
                   Question(type="select_one", name="gear", label={EN: "Which?", ZH: "哪个？"}, list_name="gear"),
                   Question(type="text", name="remark", label={EN: "Remark"})],
        choices={"gear": gear})


FILES = {"helmet_en.png": b"HELMET-EN", "helmet_zh.png": b"HELMET-ZH", "gloves.png": b"GLOVES",
         "sign.png": b"SIGN", "sign_zh.png": b"SIGN-ZH"}      # vest.png was not found at import


def test_choice_pictures_follow_the_session_language_with_the_default_as_fallback():
    form = signs_form()
    assert referenced_files(form).pictures == ["sign_zh.png", "sign.png", "helmet_en.png", "helmet_zh.png",
                                               "gloves.png", "vest.png"]
    media = FormMedia(FILES)
    session = FormSession(form, language=ZH, media=media)
    gear = session.item(("gear",))
    assert [c.picture for c in gear.choices] == [b"HELMET-ZH", b"GLOVES", b"", b""]
    assert gear.choices[0].picture is media.files["helmet_zh.png"]      # the form's bytes, not a copy
    assert session.item(("intro",)).picture == b"SIGN-ZH"
    session.set_language(EN)
    assert [c.picture for c in session.item(("gear",)).choices] == [b"HELMET-EN", b"GLOVES", b"", b""]
    assert session.item(("intro",)).picture == b"SIGN"
    assert session.item(("remark",)).picture == b""
    without = FormSession(form, language=EN)                             # no files: no pictures
    assert [c.picture for c in without.item(("gear",)).choices] == [b""] * 4


def test_the_forms_page_says_which_questions_show_pictures():
    form = signs_form()
    intro, gear, remark = form.questions
    set_language("en")
    try:
        assert describe_pictures(intro, form) == ["Shows a picture"]
        assert describe_pictures(gear, form) == ["3 of 4 choices have a picture"]
        assert describe_pictures(remark, form) == []
        form.choices["gear"].pop()
        assert describe_pictures(gear, form) == ["Every choice has a picture"]
        set_language("zh_CN")
        assert describe_pictures(gear, form) == ["每个选项都带图片"]
    finally:
        set_language("en")
