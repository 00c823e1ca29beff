"""Choice pictures and question pictures (``media::image``) in the runner: shown beside the
label in the form language, decoded only when painted, and never a crash for a file that
is not a picture."""

import struct
import zlib

import openpyxl
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage

from fieldkit.core.forms import store
from fieldkit.ui.runner.inputs_choice import CheckInput, CheckListInput, ComboInput, RadioInput
from fieldkit.ui.runner.pictures import CHOICE_BOX, PICTURE_ROLE, PictureCache, decode

from test_runner import focused, open_new, press, saved, wait_saved

EN, ZH = "English (en)", "中文 (zh)"


def png(path, colour, size=(60, 60)):
    image = QImage(size[0], size[1], QImage.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def huge_png_header(width=20000, height=20000) -> bytes:
    """A PNG whose header claims width x height pixels, with a few real bytes after it:
    decoding it in full would need gigabytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 4000)) + chunk(b"IEND", b""))


def safety_form(folder):
    """A bilingual form: which safety sign is this? Pictures per choice, one per language
    for the helmet, and three choices whose picture is missing, not a picture, or huge."""
    png(folder / "sign.png", "#ffeb3b", (300, 200))
    png(folder / "helmet_en.png", "#1565c0")
    png(folder / "helmet_zh.png", "#c62828")
    png(folder / "gloves.png", "#2e7d32", (40, 80))
    png(folder / "goggles.png", "#6a1b9a", (2000, 1500))
    (folder / "fake.png").write_text("this is not a picture")
    (folder / "huge.png").write_bytes(huge_png_header())
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in (("type", "name", f"label::{EN}", f"label::{ZH}", f"media::image::{EN}", f"media::image::{ZH}"),
                ("note", "intro", "Look at the sign.", "请看这个标志。", "sign.png", ""),
                ("select_one gear", "gear", "Which gear does the sign ask for?", "标志要求佩戴什么？", "", ""),
                ("select_multiple gear", "worn", "Which gear is the worker wearing?", "工人佩戴了哪些？", "", ""),
                ("text", "remark", "Remark", "备注", "", "")):
        survey.append(list(row))
    choices = book.create_sheet("choices")
    for row in (("list_name", "name", f"label::{EN}", f"label::{ZH}", f"media::image::{EN}", f"media::image::{ZH}"),
                ("gear", "helmet", "Safety helmet", "安全帽", "helmet_en.png", "helmet_zh.png"),
                ("gear", "gloves", "Gloves", "手套", "gloves.png", ""),
                ("gear", "goggles", "Goggles", "护目镜", "goggles.png", ""),
                ("gear", "vest", "Reflective vest", "反光背心", "vest.png", ""),
                ("gear", "boots", "Safety boots", "安全鞋", "fake.png", ""),
                ("gear", "harness", "Safety harness", "安全带", "huge.png", "")):
        choices.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["safety_signs", "Safety signs", "1", EN])
    book.save(folder / "safety_signs.xlsx")
    return folder / "safety_signs.xlsx"


def import_safety(main_window, tmp_path):
    result = main_window.tasks.executor.submit(store.import_form, safety_form(tmp_path)).result(30)
    assert result.status == "imported"
    assert "vest.png" not in result.files            # missing: a warning, not a refusal
    return result


def colour_of(button) -> str:
    pixmap = button.icon().pixmap(CHOICE_BOX)
    return pixmap.toImage().pixelColor(pixmap.width() // 2, pixmap.height() // 2).name()


def painted(qtbot, runner, widget):
    runner.view.ensureWidgetVisible(widget)
    widget.repaint()


# -- decoding ---------------------------------------------------------------------------------

def test_decode_refuses_what_is_not_a_sensible_picture(qapp, qtlog, tmp_path):
    box = QSize(96, 72)
    assert decode(b"", box) is None
    assert decode(b"this is not a picture", box) is None
    assert decode(b"\x89PNG\r\n\x1a\n broken", box) is None
    assert decode(huge_png_header(), box) is None                 # refused from its header
    big = decode(png(tmp_path / "big.png", "#123456", (2000, 1500)).read_bytes(), box)
    assert (big.width(), big.height()) == (96, 72)                 # decoded small, shape kept
    small = decode(png(tmp_path / "small.png", "#123456", (30, 20)).read_bytes(), box)
    assert (small.width(), small.height()) == (30, 20)             # never enlarged
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">'
           b'<rect width="100%%" height="100%%" fill="#c62828"/></svg>')
    drawn = decode(svg % (200, 100), box)
    assert (drawn.width(), drawn.height()) == (96, 48) and drawn.pixelColor(5, 5).name() == "#c62828"
    assert decode(svg % (100000, 100000), box).size() == QSize(72, 72)   # a vector picture is drawn small
    cache = PictureCache()
    data = (tmp_path / "small.png").read_bytes()
    assert cache.pixmap(data, box) is cache.pixmap(data, box) and cache.decoded == 1
    assert cache.pixmap(b"junk", box) is None and cache.pixmap(b"junk", box) is None
    assert cache.decoded == 2
    assert [r.message for r in qtlog.records] == []     # nothing said about the bad files


# -- the runner -------------------------------------------------------------------------------

def test_choice_pictures_follow_the_form_language_and_keep_the_keyboard(qtbot, main_window, tmp_path):
    import_safety(main_window, tmp_path)
    runner = open_new(qtbot, main_window, "safety_signs")
    runner.set_language(EN)
    qtbot.waitUntil(lambda: runner.view.row(("gear",)) is not None, timeout=3000)
    row = runner.view.row(("gear",))
    assert isinstance(row.input, RadioInput)
    buttons = row.input.buttons
    for button in buttons:
        painted(qtbot, runner, button)
    assert [b.text() for b in buttons][:2] == ["1. Safety helmet", "2. Gloves"]   # the label stays
    assert [b.has_picture() for b in buttons] == [True, True, True, False, False, False]
    assert colour_of(buttons[0]) == "#1565c0"
    assert buttons[2].icon().pixmap(CHOICE_BOX).width() == 96      # 2000 x 1500 fitted in the box
    intro = runner.view.row(("intro",))
    assert intro.picture is not None and intro.picture.pixmap().width() == 300

    # keyboard and mouse still pick choices
    row.focus_first()
    press(qtbot, Qt.Key_3)
    qtbot.waitUntil(lambda: runner.session.value(("gear",)) == "goggles", timeout=3000)
    qtbot.mouseClick(buttons[0], Qt.LeftButton, pos=buttons[0].rect().center())
    qtbot.waitUntil(lambda: runner.session.value(("gear",)) == "helmet", timeout=3000)
    worn = runner.view.row(("worn",))
    assert isinstance(worn.input, CheckInput)
    worn.focus_first()
    press(qtbot, Qt.Key_2)
    qtbot.waitUntil(lambda: runner.session.value(("worn",)) == "gloves", timeout=3000)

    # the form language: the helmet has its own Chinese picture, the others fall back
    decoded = runner.pictures.decoded
    runner.set_language(ZH)
    qtbot.waitUntil(lambda: runner.view.row(("gear",)).input.buttons[0].text() == "1. 安全帽", timeout=3000)
    buttons = runner.view.row(("gear",)).input.buttons
    for button in buttons:
        painted(qtbot, runner, button)
    assert colour_of(buttons[0]) == "#c62828"
    disabled = buttons[0].icon().pixmap(CHOICE_BOX, QIcon.Disabled).toImage()
    assert disabled.pixelColor(30, 30).name() == "#c62828"          # a read-only response keeps its colours
    assert colour_of(buttons[1]) == "#2e7d32"
    assert buttons[0].isChecked()
    assert runner.pictures.decoded == decoded + 1       # only the Chinese helmet was new
    wait_saved(qtbot, runner)
    assert saved(main_window, runner)["answers"]["gear"] == "helmet"
    runner.close()


def _long_form(folder, count, pictures=True):
    png(folder / "p.png", "#1565c0")
    for i in range(count):
        png(folder / f"p{i}.png", QColor.fromHsv(i * 7 % 360, 200, 200).name(), (64, 48)) if pictures else None
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["select_one many", "one", "Which one?"])
    survey.append(["select_multiple many", "several", "Which ones?"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label", "media::image"])
    for i in range(count):
        choices.append(["many", f"c{i}", f"Choice {i}", f"p{i}.png" if pictures else ""])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["many_pictures", "Many pictures", "1"])
    book.save(folder / "many.xlsx")
    return folder / "many.xlsx"


def test_a_long_list_of_pictures_decodes_only_what_is_painted(qtbot, main_window, tmp_path):
    from fieldkit_testing import save_shot

    path = _long_form(tmp_path, 200)
    result = main_window.tasks.executor.submit(store.import_form, path).result(60)
    assert result.status == "imported" and len(result.files) == 200
    runner = open_new(qtbot, main_window, "many_pictures")
    runner.view.finish_building()
    one = runner.view.row(("one",)).input
    several = runner.view.row(("several",)).input
    assert isinstance(one, ComboInput) and isinstance(several, CheckListInput)
    assert one.combo.itemData(5, PICTURE_ROLE) == 5
    several.list.repaint()
    assert 0 < runner.pictures.decoded < 40       # only the rows in sight
    one.combo.showPopup()
    one.combo.view().repaint()
    assert runner.pictures.decoded < 80
    one.combo.hidePopup()
    several.filter.setText("Choice 150")
    several.list.repaint()
    assert several.list.item(150).data(PICTURE_ROLE) == 151
    runner.resize(1280, 720)
    runner.view.ensureWidgetVisible(several)
    save_shot(runner, "runner-pictures-long-list")
    one.combo.showPopup()
    save_shot(one.combo.view().window(), "runner-pictures-drop-down")
    one.combo.hidePopup()
    runner.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_choice_pictures_screens(qtbot, main_window, tmp_path, language):
    from fieldkit_testing import save_shot

    from test_runner_screens import not_blank

    main_window.retranslate(language)
    main_window.idle()
    import_safety(main_window, tmp_path)
    runner = open_new(qtbot, main_window, "safety_signs")
    runner.resize(1280, 720)
    runner.view.finish_building()
    row = runner.view.row(("gear",))
    runner.view.ensureWidgetVisible(row)
    row.focus_first()
    press(qtbot, Qt.Key_1)
    qtbot.waitUntil(lambda: runner.session.value(("gear",)) == "helmet", timeout=3000)
    assert focused() in row.input.buttons
    harness = row.input.buttons[5]          # its file gave no picture: the row closes up
    qtbot.waitUntil(lambda: not harness.has_picture() and harness.height() < CHOICE_BOX.height(), timeout=3000)
    main_window.idle()
    assert not_blank(save_shot(runner, f"runner-pictures-{language}"))
    runner.close()


def test_choice_buttons_decode_their_picture_when_first_painted(qtbot, main_window, tmp_path):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label", "media::image"])
    for q in range(30):
        survey.append([f"select_one l{q}", f"q{q}", f"Question {q}"])
        for i in range(5):
            png(tmp_path / f"s{q}_{i}.png", QColor.fromHsv((q * 5 + i) * 2, 200, 200).name(), (40, 40))
            choices.append([f"l{q}", f"c{i}", f"Choice {i}", f"s{q}_{i}.png"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["thirty", "Thirty", "1"])
    book.save(tmp_path / "thirty.xlsx")
    assert len(main_window.tasks.executor.submit(store.import_form, tmp_path / "thirty.xlsx").result(60).files) == 150
    runner = open_new(qtbot, main_window, "thirty")
    runner.view.finish_building()
    qtbot.waitUntil(lambda: runner.pictures.decoded > 0, timeout=3000)
    assert runner.pictures.decoded < 40                # the first screen, not all 150
    last = runner.view.row(("q29",)).input.buttons[4]
    assert not last.icon().isNull()                     # room kept for a picture not yet decoded
    painted(qtbot, runner, last)
    assert colour_of(last) == QColor.fromHsv(149 * 2, 200, 200).name()
    runner.close()


def test_the_forms_preview_lists_choice_pictures(qtbot, main_window, tmp_path):
    from fieldkit.ui.pages.form_preview import LOGIC, FormPreview

    import_safety(main_window, tmp_path)
    form = main_window.tasks.executor.submit(store.get_form, "safety_signs").result(30)
    preview = FormPreview()
    qtbot.addWidget(preview)
    preview.show_form(form, "en")
    texts = [preview.topLevelItem(i).text(LOGIC) for i in range(preview.topLevelItemCount())]
    assert texts == ["Shows a picture", "Every choice has a picture", "Every choice has a picture", ""]


def test_a_ranking_shows_its_choice_pictures(qtbot, tmp_path):
    from fieldkit.ui.runner.inputs_choice import RankInput
    from fieldkit.ui.runner.pictures import LIST_BOX

    rank = RankInput()
    qtbot.addWidget(rank)
    rank.picture_cache = PictureCache()
    red = png(tmp_path / "red.png", "#c62828").read_bytes()
    rank.set_choices([("a", "Wages"), ("b", "Housing"), ("c", "Food")], [red, b"", b"not a picture"])
    assert [rank.list.item(i).data(PICTURE_ROLE) for i in range(3)] == [1, 2, 3]
    assert rank.list.sizeHintForRow(1) >= LIST_BOX.height()      # all rows as tall as a picture
    rank.show()
    rank.grab()
    assert rank.picture_cache.decoded == 2                        # red and the bad one; b"" is nothing
    assert rank.picture_cache.pixmap(red, LIST_BOX) is not None
    rank.set_choices([("a", "Wages"), ("b", "Housing")])         # no pictures: plain rows again
    assert rank.list.item(0).data(PICTURE_ROLE) is None
    assert rank.list.sizeHintForRow(0) < LIST_BOX.height()


def test_pyxform_spec_form_from_the_corpus_shows_its_jpeg_pictures(qtbot, main_window, tmp_path):
    """pyxform's own spec test form: a question picture with an English variant, and a
    choice list whose choices are a.jpg and b.jpg."""
    from fieldkit_testing import SHARED

    corpus = SHARED / "corpus" / "xlsform" / "xlsform_spec_test.xlsx"
    media = tmp_path / "media"
    media.mkdir()
    for name, colour in (("img_test.jpg", "#1565c0"), ("img_test_2.jpg", "#2e7d32"),
                         ("a.jpg", "#c62828"), ("b.jpg", "#f9a825")):
        png(media / name, colour, (160, 120))      # saved as JPEG by its suffix
    result = main_window.tasks.executor.submit(store.import_form, corpus, media=[media]).result(30)
    assert sorted(result.files) == ["a.jpg", "b.jpg", "img_test.jpg", "img_test_2.jpg"]
    runner = open_new(qtbot, main_window, result.form_id)
    runner.set_language("english")

    def near(colour, expected):
        a, b = QColor(colour), QColor(expected)
        return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 24

    def question_colour():
        path = next(item.path for item in runner.session.items() if item.name == "text_image_audio_video_test")
        pixmap = runner.view.row(path).picture.pixmap()
        return pixmap.toImage().pixelColor(pixmap.width() // 2, pixmap.height() // 2).name()

    assert near(question_colour(), "#2e7d32")               # the English variant
    path = next(item.path for item in runner.session.items() if item.name == "compact-test")
    buttons = runner.view.row(path).input.buttons
    for button in buttons:
        painted(qtbot, runner, button)
    assert near(colour_of(buttons[0]), "#c62828") and near(colour_of(buttons[1]), "#f9a825")
    runner.set_language("chinese")
    qtbot.waitUntil(lambda: near(question_colour(), "#1565c0"), timeout=3000)   # falls back to the default
    runner.close()
