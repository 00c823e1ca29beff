"""Every figure of the survey report against numbers worked out by hand from conftest.ANSWERS."""

import pytest

from fieldkit.core.reports import survey_stats as stats
from fieldkit.core.reports.model import Chart, Paragraph, Table
from fieldkit.core.reports.spec import ReportFilters, SurveyReportSpec
from fieldkit.core.reports.survey import ReportError, build_survey_report



def sel(**filters):
    return stats.Selection("needs_survey", ReportFilters(**filters))


def test_sample_and_sites(report_ws):
    assert stats.overview(report_ws, sel()) == {"responses": 8, "sites": 2,
                                                "first_day": "2024-05-01",
                                                "last_day": "2024-05-08"}
    assert stats.by_site(report_ws, sel(), "zh_CN") == [("站点A", 4), ("站点B", 4)]
    assert dict(stats.by_column(report_ws, sel(), "status")) == {"complete": 7, "draft": 1}


def test_filters_narrow_the_sample(report_ws, add_answers):
    site_a = report_ws.scalar("SELECT id FROM sites WHERE name = '站点A'")
    assert stats.overview(report_ws, sel(site_id=site_a))["responses"] == 4
    assert stats.overview(report_ws, sel(status="complete"))["responses"] == 7
    assert stats.overview(report_ws, sel(date_from="2024-05-03",
                                         date_to="2024-05-06"))["responses"] == 4
    batch = report_ws.insert("import_batches", {
        "form_record_id": report_ws.scalar("SELECT id FROM forms"), "form_id": "needs_survey",
        "file_name": "x.xlsx", "imported_at": "2024-06-01T00:00:00+08:00"})
    add_answers(report_ws, [("B", "complete", "60", "port", "rest", None, None, None, None,
                               None, None)], day0=25, batch_id=batch)
    assert stats.overview(report_ws, sel(batch_id=batch))["responses"] == 1
    assert stats.overview(report_ws, sel())["responses"] == 9


def test_select_counts(report_ws):
    assert stats.answered(report_ws, sel())["needs"] == 7
    assert stats.single_counts(report_ws, sel(), ["work_type", "childcare"]) == {
        "work_type": {"construction": 2, "port": 2, "garment": 2, "delivery": 2},
        "childcare": {"yes": 3, "no": 2}}
    assert stats.multiple_counts(report_ws, sel(), "needs",
                                 ["rest", "meals", "childcare", "training"]) == {
        "rest": 4, "meals": 2, "childcare": 3, "training": 3}


def test_numeric_summary_and_histogram(report_ws):
    age = stats.numeric_summary(report_ws, sel(), "age")
    assert age == {"n": 7, "mean": 35.0, "min": 20.0, "max": 50.0, "q1": 27.5,
                   "median": 35.0, "q3": 42.5}
    hours = stats.numeric_summary(report_ws, sel(), "hours")
    assert hours["n"] == 7 and hours["mean"] == pytest.approx(65.5 / 7)
    assert (hours["q1"], hours["median"], hours["q3"]) == (8.0, 9.5, 10.5)
    assert stats.histogram(report_ws, sel(), "age", 20, 5, 7) == [1] * 7
    assert stats.histogram(report_ws, sel(), "kids", 0, 1, 4) == [2, 2, 2, 1]
    assert stats.numeric_summary(report_ws, sel(site_id="nowhere"), "age") is None


def test_months_text_and_crosstab(report_ws):
    assert stats.by_month(report_ws, sel(), "join_date") == [
        ("2024-01", 2), ("2024-02", 2), ("2024-03", 2)]
    total, examples = stats.text_summary(report_ws, sel(), "notes")
    assert total == 3 and examples == [("希望食堂增加夜班热饭", 2), ("电话13812345678", 1)]
    cells, bases = stats.crosstab(report_ws, sel(), "work_type", "childcare", multiple=False,
                                  choices=["yes", "no"])
    assert cells == {("construction", "yes"): 1, ("port", "yes"): 1, ("port", "no"): 1,
                     ("garment", "yes"): 1, ("delivery", "no"): 1}
    assert bases == {"construction": 1, "port": 2, "garment": 1, "delivery": 1}
    cells, bases = stats.crosstab(report_ws, sel(), "work_type", "needs", multiple=True,
                                  choices=["rest", "meals", "childcare", "training"])
    assert bases == {"construction": 2, "port": 1, "garment": 2, "delivery": 2}
    assert cells[("garment", "childcare")] == 2 and cells[("construction", "rest")] == 2
    assert sum(v for (g, c), v in cells.items() if c == "rest") == 4


def _section(doc, key):
    return next(s for s in doc.sections if s.key == key)


def _table(section):
    return next(b for b in section.blocks if isinstance(b, Table))


def test_document_tables_hold_the_hand_computed_figures(report_ws):
    spec = SurveyReportSpec("needs_survey", group_by="work_type",
                            findings="第一条发现。\n\n第二条发现。")
    doc = build_survey_report(report_ws, spec, language="zh_CN")
    needs = _table(_section(doc, "q:needs"))
    assert needs.header[0] == ["选项", "答卷人数", "占答卷人数%", "占提及次数%"]
    rest = needs.rows[0]
    assert rest[0] == "休息难" and rest[1] == 4
    assert rest[2] == pytest.approx(400 / 7) and rest[3] == pytest.approx(400 / 12)
    assert needs.rows[-1][:2] == ["合计", 12] and needs.total_row
    childcare = _table(_section(doc, "q:childcare"))
    assert [r[:3] for r in childcare.rows] == [["是", 3, 60.0], ["否", 2, 40.0], ["合计", 5, 100.0]]
    age = _table(_section(doc, "q:age"))
    assert dict((r[0], r[1]) for r in age.rows)["中位数"] == 35.0
    chart = next(b for b in _section(doc, "q:age").blocks if isinstance(b, Chart))
    assert chart.kind == "histogram" and sum(chart.series[0][1]) == 7
    cross = _table(_section(doc, "x:childcare"))
    assert cross.header[1][2:4] == ["人数", "行%"]
    port = next(r for r in cross.rows if r[0] == "港口装卸")
    assert port[1:] == [2, 1, 50.0, 1, 50.0]
    assert cross.rows[-1] == ["合计", 5, 3, 60.0, 2, 40.0]
    assert [p.text for p in _section(doc, "findings").blocks[1:]] == ["第一条发现。", "第二条发现。"]
    overview = _table(_section(doc, "overview"))
    assert overview.rows == [["站点A", 4, 50.0], ["站点B", 4, 50.0], ["合计", 8, 100.0]]
    status = [b for b in _section(doc, "appendix").blocks if isinstance(b, Table)][2]
    assert status.rows == [["已完成", 7], ["草稿", 1], ["合计", 8]]


def test_personal_answers_are_left_out_and_numbers_masked(report_ws):
    doc = build_survey_report(report_ws, SurveyReportSpec("needs_survey"), language="en")
    name = _section(doc, "q:worker_name")
    texts = [b.text for b in name.blocks if isinstance(b, Paragraph)]
    assert "2 respondents wrote an answer." in texts
    assert not any(isinstance(b, Table) for b in name.blocks)
    notes = _table(_section(doc, "q:notes"))
    assert [r[0] for r in notes.rows] == ["希望食堂增加夜班热饭", "电话138********"]
    spec = SurveyReportSpec("needs_survey", include_personal=True)
    doc = build_survey_report(report_ws, spec, language="en")
    assert _table(_section(doc, "q:worker_name")).rows == [["张三", 1], ["李四", 1]]


def test_wrong_grouping_is_refused(report_ws):
    with pytest.raises(ReportError) as caught:
        build_survey_report(report_ws, SurveyReportSpec("needs_survey", group_by="needs"),
                            language="en")
    assert "needs" in caught.value.message("en")


def test_answers_of_every_json_type_are_counted_as_before(report_ws):
    """Integers, reals, booleans, groups (objects) and repeats (lists) in the answers: the
    one-pass tally keeps the rules the SQL (json_each) had."""
    import json

    record = report_ws.query("SELECT id, version FROM forms WHERE form_id = 'needs_survey'")[0]
    with report_ws.transaction():
        for answers in ({"age": 60, "kids": True, "hours": 7.5, "work_type": 3,
                         "grp": {"x": "1"}, "rep": [{"a": "b"}], "needs": "rest"},
                        {"age": "1-2", "notes": "  ", "join_date": "2024-13-99x"}):
            report_ws.insert("responses", {
                "form_record_id": record["id"], "form_id": "needs_survey",
                "form_version": record["version"], "status": "complete",
                "started_at": "2024-05-30T09:00:00+08:00",
                "answers": json.dumps(answers, ensure_ascii=False)})
    s = sel()
    answered = stats.answered(report_ws, s)
    assert answered["grp"] == 1 and "rep" not in answered and answered["kids"] == 8
    assert answered["age"] == 9 and answered["notes"] == 4     # "  " is not empty
    age = stats.numeric_summary(report_ws, s, "age")
    assert age["n"] == 9 and age["max"] == 60.0 and age["min"] == 1.0     # "1-2" reads 1
    assert stats.numeric_summary(report_ws, s, "kids")["n"] == 7          # True is no number
    assert stats.single_counts(report_ws, s, ["work_type"])["work_type"]["construction"] == 2
    assert 3 not in stats.single_counts(report_ws, s, ["work_type"])["work_type"]
    assert stats.text_summary(report_ws, s, "notes")[0] == 3              # blanks not counted
    assert ("2024-13", 1) in stats.by_month(report_ws, s, "join_date")
    assert stats.multiple_counts(report_ws, s, "needs", ["rest"]) == {"rest": 5}
    assert stats.groups(report_ws, s, "work_type")[""] == 2


def test_an_english_report_names_sites_in_english(report_ws):
    """An English report reads a site's English name where one is recorded."""
    site_a = report_ws.scalar("SELECT id FROM sites WHERE name = '站点A'")
    report_ws.update("sites", site_a, {"name_en": "Site A"})
    assert stats.by_site(report_ws, sel(), "en") == [("Site A", 4), ("站点B", 4)]
    assert stats.by_site(report_ws, sel(), "zh_CN") == [("站点A", 4), ("站点B", 4)]
