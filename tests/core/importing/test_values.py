from datetime import date, datetime

import pytest

from fieldkit.core.forms.model import Choice
from fieldkit.core.importing.text import fold, header_key, is_blank
from fieldkit.core.importing.values import ChoiceIndex, parse_cell

CHOICES = [Choice("rest", {"中文 (zh)": "休息难", "English (en)": "Resting"}),
           Choice("meals", {"中文 (zh)": "吃饭难", "English (en)": "Eating"}),
           Choice("childcare", {"中文 (zh)": "暑期托管难", "English (en)": "Summer childcare"}),
           Choice("other", {"中文 (zh)": "其他", "English (en)": "Other"})]
INDEX = ChoiceIndex.build(CHOICES)


@pytest.mark.parametrize("raw, expected", [
    ("", None), ("N/A", None), ("(跳过)", None), ("（空）", None), ("(空)", None), (None, None),
])
def test_blanks_are_unanswered(raw, expected):
    assert parse_cell("integer", raw) == (None, None)
    assert is_blank(raw)


@pytest.mark.parametrize("raw, expected", [
    ("", None), ("(跳过)", None), ("（空）", None), (None, None),
    ("N/A", "N/A"), ("none", "none"), ("-", "-"),
])
def test_text_keeps_what_was_written_but_not_skip_markers(raw, expected):
    """“none” or “-” in a text answer is what the person wrote; “(跳过)” is the export's."""
    assert parse_cell("text", raw) == (expected, None)


@pytest.mark.parametrize("raw, expected", [
    (12, "12"), (12.0, "12"), ("12", "12"), ("１２", "12"), (" 1,200 ", "1200"), ("3.0", "3"),
])
def test_integers(raw, expected):
    assert parse_cell("integer", raw) == (expected, None)


def test_bad_numbers_say_what_was_expected():
    value, problem = parse_cell("integer", "十二")
    assert value is None and problem.found == "十二" and "whole number" in problem.expected
    assert parse_cell("decimal", "36.5")[0] == "36.5"
    assert parse_cell("decimal", "３６．５")[0] == "36.5"
    assert parse_cell("integer", "2.5")[1] is not None


@pytest.mark.parametrize("raw", [45413, 45413.0, "45413", "2024/5/1", "2024-05-01", "2024年5月1日",
                                 "2024.5.1", date(2024, 5, 1), datetime(2024, 5, 1, 9, 30),
                                 "2024-05-01 09:30", "2024年5月1日 9:30"])
def test_dates_in_every_spelling(raw):
    assert parse_cell("date", raw) == ("2024-05-01", None)


def test_datetimes_and_times():
    assert parse_cell("dateTime", "2024/5/1 8:05:09")[0] == "2024-05-01T08:05:09"
    assert parse_cell("dateTime", 45413.5)[0] == "2024-05-01T12:00:00"
    assert parse_cell("dateTime", "2024-05-01T08:00:00+08:00")[0] == "2024-05-01T08:00:00+08:00"
    assert parse_cell("time", "8:30")[0] == "08:30:00"
    assert parse_cell("time", 0.5)[0] == "12:00:00"
    assert parse_cell("date", "2024-13-45")[1] is not None
    assert parse_cell("date", "昨天")[1] is not None


@pytest.mark.parametrize("raw, expected", [
    ("休息难", "rest"), ("Resting", "rest"), ("rest", "rest"), (2, "meals"), ("2", "meals"),
    ("  暑期托管难 ", "childcare"), ("ＲＥＳＴ", "rest"),
])
def test_select_one_by_label_name_or_number(raw, expected):
    assert parse_cell("select_one", raw, INDEX) == (expected, None)


@pytest.mark.parametrize("raw", ["休息难┋暑期托管难", "休息难;暑期托管难", "休息难，暑期托管难",
                                 "休息难、暑期托管难", "rest|childcare", "rest childcare", "1┋3"])
def test_select_multiple_separators(raw):
    assert parse_cell("select_multiple", raw, INDEX) == ("rest childcare", None)


def test_unknown_choices_are_named():
    value, problem = parse_cell("select_multiple", "休息难┋看病难┋住宿难", INDEX)
    assert value is None and problem.found == "看病难、住宿难"
    assert parse_cell("select_one", "9", INDEX)[1] is not None


def test_header_keys():
    assert header_key("3、您的工作类型：") == "您的工作类型"
    assert header_key("Q12. Age (required)") == "age"
    assert header_key("第5题 每天工作几小时？（必填）") == "每天工作几小时?"
    # 问卷星 numbers its columns even when the question text is numbered already
    assert header_key("1、第1题 您的情况1：") == header_key("第1题 您的情况1") == "您的情况1"
    assert header_key("3、") == ""
    assert fold("ＡＢＣ　１２３") == "ABC 123"


@pytest.mark.parametrize("cell_type, raw, stored", [
    ("date", "20241201", "2024-12-01"),
    ("date", 20241201, "2024-12-01"),       # typed into a cell Excel keeps as a number
    ("date", "24.12.1", "2024-12-01"),
    ("date", "２０２４年１２月１日", "2024-12-01"),
    ("time", "0930", "09:30:00"),
    ("time", "9点30", "09:30:00"),
    ("time", "下午3点", "15:00:00"),
])
def test_dates_and_times_as_the_form_runner_takes_them(cell_type, raw, stored):
    """Imported answers are held to the same rules as typed ones, so they are read the
    same way too."""
    assert parse_cell(cell_type, raw) == (stored, None)


@pytest.mark.parametrize("cell_type, raw", [
    ("date", 20241399), ("date", "2024.13.1"), ("time", "25:00"), ("time", "下午"),
    ("date", 123456789), ("date", "1-2-3"),
])
def test_what_is_not_a_date_or_time_stays_a_problem(cell_type, raw):
    assert parse_cell(cell_type, raw)[1] is not None


def test_a_label_may_be_written_without_its_bracketed_remark():
    choices = [Choice("build", {"中文 (zh)": "施工作业（土建、桥隧、轨道等）"}),
               Choice("drive", {"中文 (zh)": "机械设备操作或车辆驾驶"}),
               Choice("store_a", {"中文 (zh)": "仓储（一号库）"}),
               Choice("store_b", {"中文 (zh)": "仓储（二号库）"})]
    index = ChoiceIndex.build(choices)
    assert parse_cell("select_one", "施工作业", index) == ("build", None)
    assert parse_cell("select_one", "施工作业(土建、桥隧、轨道等)", index) == ("build", None)
    assert parse_cell("select_multiple", "施工作业┋机械设备操作或车辆驾驶", index)[0] == "build drive"
    assert parse_cell("select_one", "仓储", index)[1] is not None  # two options read the same
    assert parse_cell("select_one", "仓储（二号库）", index) == ("store_b", None)


def test_control_characters_are_taken_out_of_text_answers():
    """A damaged byte can decode to a control character: invisible in the answer, a box on
    the screen. Tabs and line breaks typed in a cell stay."""
    assert parse_cell("text", "食堂\x7f菜太贵\x00") == ("食堂菜太贵", None)
    assert parse_cell("text", "第一行\n第二行\t完") == ("第一行\n第二行\t完", None)

