"""The survey report's section of workers' own words: segments marked as quotes under the
chosen codes, with their source, names masked unless the report includes personal data."""

import pytest


@pytest.fixture
def demo(tmp_path):
    from fieldkit.core import demo as demo_data
    from fieldkit.core.setup import open_workspace

    ws = open_workspace(tmp_path / "demo.fieldkit", create=True)
    demo_data.build_demo(ws)
    yield ws
    ws.close()


def _quoted(ws):
    """(code path, quoted text, interviewee name) of one quote in the demo."""
    from fieldkit.core.interviews.codes import code_paths

    paths = code_paths(ws)
    row = ws.query("SELECT s.code_id, s.text, n.interviewee_name FROM interview_segments s"
                   " JOIN interview_notes n ON n.id = s.note_id WHERE s.quote = 1 AND"
                   " s.deleted = 0 AND s.lost = 0 ORDER BY s.start LIMIT 1")[0]
    return paths[row["code_id"]], row["text"], row["interviewee_name"]


def test_quotes_section_in_the_pdf_report(demo, tmp_path):
    from pypdf import PdfReader

    from fieldkit.core.reports.pdf import write_pdf
    from fieldkit.core.reports.spec import DEFAULT_SECTIONS, SurveyReportSpec
    from fieldkit.core.reports.survey import build_survey_report

    path, text, _name = _quoted(demo)
    spec = SurveyReportSpec("frontline_needs", sections=(*DEFAULT_SECTIONS, "quotes"),
                            quote_codes=[path])
    document = build_survey_report(demo, spec, language="zh_CN")
    section = next(s for s in document.sections if s.key == "quotes")
    words = " ".join(getattr(b, "text", "") for b in section.blocks)
    assert section.title == "职工原声"
    assert text.strip()[:10] in words.replace("“", "")
    target = tmp_path / "r.pdf"
    write_pdf(document, target, language="zh_CN")
    pdf = "".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "职工原声" in pdf


def test_unknown_code_is_refused_and_names_are_masked(demo):
    from fieldkit.core.errors import FieldkitError
    from fieldkit.core.reports.spec import SurveyReportSpec
    from fieldkit.core.reports.survey import build_survey_report

    with pytest.raises(FieldkitError, match="no code"):
        build_survey_report(demo, SurveyReportSpec("frontline_needs", sections=("quotes",),
                                                   quote_codes=["没有这个编码"]), language="en")
    document = build_survey_report(demo, SurveyReportSpec("frontline_needs", sections=("quotes",)),
                                   language="en")
    words = " ".join(getattr(b, "text", "") for s in document.sections for b in s.blocks)
    names = [r[0] for r in demo.query("SELECT DISTINCT interviewee_name FROM interview_notes"
                                      " WHERE interviewee_name != ''")]
    assert words and names and not any(name in words for name in names)


def test_work_report_can_carry_quotes(demo):
    from fieldkit.core.reports.work import build_work_report
    from fieldkit.core.reports.work_spec import DEFAULT_WORK_SECTIONS, WorkReportSpec

    path, text, _name = _quoted(demo)
    plain = build_work_report(demo, WorkReportSpec("2026"), language="zh_CN")
    assert "quotes" not in DEFAULT_WORK_SECTIONS
    assert not any(s.key == "quotes" for s in plain.sections)
    spec = WorkReportSpec("2026", sections=(*DEFAULT_WORK_SECTIONS, "quotes"), quote_codes=[path])
    section = next(s for s in build_work_report(demo, spec, language="zh_CN").sections
                   if s.key == "quotes")
    words = " ".join(getattr(b, "text", "") for b in section.blocks)
    assert text.strip()[:10] in words.replace("“", "")
