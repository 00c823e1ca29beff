"""An import never duplicates (not even two at once), never commits a blank row, and never
reads a row in the wrong text encoding without saying so."""

import threading

import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.importing import pipeline
from fieldkit.core.store.workspace import Workspace
from fieldkit_testing import write_xlsx

HEADER = ["序号", "姓名", "您的年龄", "您的工作类型"]


def numbered_rows(count):
    return [HEADER] + [[i + 1, f"职工{i}", 20 + i % 40, "施工"] for i in range(count)]


def live_responses(ws):
    return ws.scalar("SELECT count(*) FROM responses WHERE deleted = 0")


def test_two_previews_of_one_file_commit_once(survey_ws, tmp_path):
    """The wizard's preview left open while another import of the same file runs: both were
    prepared before either committed, so both saw no duplicates."""
    path = write_xlsx(tmp_path / "export.xlsx", numbered_rows(50))
    other = Workspace.open(survey_ws.path)
    try:
        first = pipeline.prepare(survey_ws, path, "needs_survey")
        second = pipeline.prepare(other, path, "needs_survey")
        assert first.counts()["duplicate"] == second.counts()["duplicate"] == 0
        assert pipeline.commit(survey_ws, first)["imported"] == 50
        late = pipeline.commit(other, second)
    finally:
        other.close()
    assert (late["imported"], late["duplicates"], late["batch_id"]) == (0, 50, None)
    assert live_responses(survey_ws) == 50
    # a commit that adds nothing leaves no empty batch behind
    assert survey_ws.scalar("SELECT count(*) FROM import_batches") == 1


def test_a_late_commit_adds_only_the_rows_not_yet_there(survey_ws, tmp_path):
    """Overlapping files (an export split in parts): the rows already written by the other
    import are counted as duplicates, the rest go in."""
    part = write_xlsx(tmp_path / "part.xlsx", numbered_rows(30))
    whole = write_xlsx(tmp_path / "whole.xlsx", numbered_rows(80))
    stale = pipeline.prepare(survey_ws, whole, "needs_survey")
    pipeline.commit(survey_ws, pipeline.prepare(survey_ws, part, "needs_survey"))
    result = pipeline.commit(survey_ws, stale)
    assert (result["imported"], result["duplicates"]) == (50, 30)
    assert live_responses(survey_ws) == 80
    counts = survey_ws.scalar("SELECT counts FROM import_batches WHERE id = ?",
                              (result["batch_id"],))
    assert '"imported": 50' in counts


def test_two_threads_importing_the_same_file_at_once(survey_ws, tmp_path):
    """Each thread has its own connection to the one workspace file, as two processes do."""
    path = write_xlsx(tmp_path / "export.xlsx", numbered_rows(400))
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        ws = Workspace.open(survey_ws.path)
        try:
            preview = pipeline.prepare(ws, path, "needs_survey")
            start.wait()
            results.append(pipeline.commit(ws, preview))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            ws.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    assert sorted(r["imported"] for r in results) == [0, 400]
    assert live_responses(survey_ws) == 400


def test_a_sheet_matching_no_question_is_refused(survey_ws, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("订单号,金额,快递公司\nA1,12.5,顺丰\n", encoding="utf-8")
    with pytest.raises(FieldkitError) as error:
        pipeline.prepare(survey_ws, path, "needs_survey")
    assert "other.csv" in error.value.message("en")
    assert "没有一列" in error.value.message("zh_CN")
    assert live_responses(survey_ws) == 0
    # the wizard may still read it, to let the user choose the questions; nothing commits
    preview = pipeline.prepare(survey_ws, path, "needs_survey", require_match=False)
    assert [r.status for r in preview.rows] == ["rejected"]
    assert pipeline.commit(survey_ws, preview)["imported"] == 0
    assert live_responses(survey_ws) == 0
    assert survey_ws.scalar("SELECT count(*) FROM import_batches") == 0


def test_a_row_that_answers_nothing_is_rejected(survey_ws, tmp_path):
    """Only an id and a time in the row (a 问卷星 row whose answers were cleared)."""
    path = write_xlsx(tmp_path / "blank.xlsx", [HEADER, [1, "李海花", 36, "施工"],
                                                [2, None, None, None]])
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    rows = {r.row: r for r in preview.rows}
    assert rows[3].status == "rejected"
    assert [p.message("en") for p in rows[3].problems] == [
        "This row answers no question of the form; it is not imported."]
    assert pipeline.commit(survey_ws, preview)["imported"] == 1
    assert survey_ws.scalar("SELECT count(*) FROM responses WHERE answers = '{}'") == 0


def encoding_notes(row, language="en"):
    return [p.message(language) for p in row.problems if "encoding" in p.msgid]


def test_a_utf8_row_in_a_gbk_csv_is_read_as_utf8_with_a_warning(survey_ws, tmp_path):
    """Excel on a Chinese system saves GBK; a row pasted from a UTF-8 export keeps its UTF-8
    bytes, which GBK would read as 涓枃… without a word."""
    gbk = "姓名,您的年龄,其他意见\n李海花,36,希望增加技能培训\n".encode("gb18030")
    utf8 = "王建军,45,中文UTF8文本\n".encode("utf-8")
    path = tmp_path / "mixed.csv"
    path.write_bytes(gbk + utf8 + "赵小兵,28,暑期托管难\n".encode("gb18030"))
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    rows = {r.row: r for r in preview.rows}
    assert rows[3].answers["notes"] == "中文UTF8文本"
    assert rows[3].status == "warning"
    assert "UTF-8" in encoding_notes(rows[3], "en")[0]
    assert "编码是 UTF-8" in encoding_notes(rows[3], "zh_CN")[0]
    assert rows[2].answers["notes"] == "希望增加技能培训" and not encoding_notes(rows[2])
    assert rows[4].answers["worker_name"] == "赵小兵" and not encoding_notes(rows[4])


def test_a_gbk_row_in_a_utf8_csv_is_read_as_gbk_with_a_warning(survey_ws, tmp_path):
    head = "姓名,您的年龄,其他意见\n".encode("utf-8")
    rows_utf8 = "".join(f"职工{i},{20 + i},食堂饭菜太贵\n" for i in range(5)).encode("utf-8")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head + rows_utf8 + "王建军,45,希望增加技能培训\n".encode("gb18030"))
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    last = preview.rows[-1]
    assert last.answers["notes"] == "希望增加技能培训" and last.status == "warning"
    assert "GBK" in encoding_notes(last)[0]
    assert not any(encoding_notes(r) for r in preview.rows[:-1])


def test_a_short_gbk_line_that_is_also_valid_utf8_stays_gbk(survey_ws, tmp_path):
    """位 in GBK is the bytes of λ in UTF-8: GBK text is not taken for Greek."""
    path = tmp_path / "short.csv"
    path.write_bytes("姓名,其他意见\n李海花,位\n王建军,食堂饭菜太贵\n".encode("gb18030"))
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    assert preview.rows[0].answers["notes"] == "位"
    assert not any(encoding_notes(r) for r in preview.rows)


def test_a_form_feed_or_line_separator_inside_a_cell_does_not_split_the_row(survey_ws, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("姓名,您的年龄,其他意见\n李海花,36,第一段\u2028第二段\x0c完\n王建军,45,好\n",
                    encoding="utf-8")
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    assert [r.answers.get("worker_name") for r in preview.rows] == ["李海花", "王建军"]
