"""The quick tally (canonical JSON counted in pieces, without parsing) gives exactly what
parsing every response gives: the same figures, the same cross-tabulations."""

import json
import random

import pytest

from fieldkit.core.reports import survey_stats as stats
from fieldkit.core.reports import survey_tally
from fieldkit.core.reports.model import Chart, Table
from fieldkit.core.reports.spec import ReportFilters, SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report
from fieldkit.core.store.journal_values import canonical_json


def both(texts, group=None, keys=None):
    """The tallies counted in pieces where the text allows, and parsing every response (the
    texts as the workspace hands them over: UTF-8)."""
    quick = survey_tally._count((t.encode() for t in texts), group, keys, stats._kind,
                                stats._text, quick=True)
    parsed = survey_tally._count((t.encode() for t in texts), group, keys, stats._kind,
                                 stats._text, quick=False)
    return quick, parsed


def test_flat_pieces_takes_only_canonical_flat_objects_of_texts():
    assert survey_tally.flat_pieces('{"a":"1","b":""}'.encode()) == [b'a":"1', b'b":"']
    assert survey_tally.flat_pieces('{"":"选"}'.encode()) == ['":"选'.encode()]
    for text in ('{"a": "1", "b": "2"}', '{"a":"say \\"hi\\""}', '{"a":"[x]"}', '{"a":5,"b":"x"}', '{}', '[]',
                 '{"a":["b","c"],"d":"e"}', '"x"', '{"a":{"b":"c"}}', '{"a":"x\\ny"}'):
        assert survey_tally.flat_pieces(text.encode()) is None, text


def test_tricky_answers_are_counted_as_parsing_counts_them():
    answers = [
        {"s1": "c1", "s10": "c2", "s2": "选项一", "g": "甲"},
        {"s1": "c1", "s10": "", "g": "乙"},                       # s2 skipped, an empty text
        {"s1": 'say "hi"', "s10": "back\\slash", "g": "甲"},      # escaped: parsed
        {"s1": "line\nbreak", "g": "甲"},                          # escaped control character
        {"s1": "c2", "s2": "c1"},                                  # no group answer
        {"g": "乙", "s1": 3, "s2": True, "grp": {"x": "1"}, "rep": [{"a": "b"}, {"a": "c"}]},
        {"q": "a", "q!": "b", "q b": "c", "g": "乙", "s1": "c3"},  # keys sorting before '"'
        {"s1": "a:b,c", "s2": "{x}", "g": '":"'},                  # separators inside texts
    ]
    texts = [canonical_json(a) for a in answers]
    texts += [json.dumps(answers[0], ensure_ascii=False),          # spaces: parsed
              '{"a":["b","c","x"],"d":"e"}',                       # four quotes a piece
              "", "[1, 2]", "null"]
    quick, parsed = both(texts, "g", ("s1", "s2", "q!", "q b"))
    assert quick == parsed
    texts_, others, cross = quick
    assert texts_[("s1", "c1")] == 3 and texts_[("s10", "")] == 1
    assert texts_[("s1", "line\nbreak")] == 1
    assert texts_[("rep/a", "c")] == 1 and others[("s1", "integer", "3")] == 1
    assert cross[("甲", "s1", "c1")] == 2 and cross[("", "s1", "c2")] == 1
    assert cross[("乙", "q!", "b")] == 1 and cross[("甲", "s2", "选项一")] == 2  # one spaced
    assert cross[('":"', "s2", "{x}")] == 1 and ("乙", "s1", 3) not in cross
    # grouped by "q": its piece 'q":"a' sorts after 'q b":"c' and 'q!":"b' (a space and '!'
    # come before '"'), so a binary search misses it and the pieces are searched in turn
    quick, parsed = both(texts, "q", ("q!", "s1"))
    assert quick == parsed and quick[2][("a", "q!", "b")] == 1
    assert both(texts, "g", None)[0] == both(texts, "g", None)[1]
    assert both(texts)[0] == both(texts)[1]


def test_a_random_survey_is_counted_the_same_both_ways():
    rng = random.Random(11)
    values = ["c1", "c2", "c1 c3", "", " ", "是", "12", "2024-05-01", 'a"b', "x\\y", "a,b"]
    texts = []
    for _ in range(400):
        answers = {f"q{i}": rng.choice(values) for i in range(12) if rng.random() < 0.8}
        if rng.random() < 0.05:
            answers["n"] = rng.choice([1, 2.5, None, False])
        texts.append(canonical_json(answers))
    quick, parsed = both(texts, "q0", ("q1", "q2", "q11"))
    assert quick == parsed and sum(quick[2].values()) > 300


def test_count_parses_everything_again_when_a_piece_is_not_flat(monkeypatch):
    parsed = []
    original = survey_tally.parse
    monkeypatch.setattr(survey_tally, "parse", lambda text: parsed.append(text) or
                        original(text))
    texts = [b'{"a":"x","d":"e"}', b'{"a":["b","c","x"],"d":"e"}', b'{"a":"x","b":"raw\x01"}']
    found = survey_tally.count(lambda: iter(texts), None, None, stats._kind, stats._text)
    assert parsed == texts[1:2] + texts             # raw \x01 is no JSON: parse them all
    assert found[0] == {("a", "x"): 1, ("d", "e"): 2}      # a list of texts: no entries
    parsed.clear()
    texts = [b'{"a":"x","d":"e"}', b'{"a": "y"}', b'{"a":"x","d" : "f"}']  # spaced colons
    found = survey_tally.count(lambda: iter(texts), None, None, stats._kind, stats._text)
    assert parsed == texts and found[0] == {("a", "x"): 2, ("a", "y"): 1, ("d", "e"): 1,
                                            ("d", "f"): 1}


def _figures(doc):
    out = []
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Table):
                out.append((section.key, block.header, block.rows))
            elif isinstance(block, Chart):
                out.append((section.key, block.categories, block.series))
    return out


def test_the_report_from_canonical_answers_holds_the_same_hand_computed_figures(
        report_ws, add_answers, monkeypatch):
    """The fixture stores answers with spaces (parsed); fieldkit itself stores them
    canonical (counted in pieces): the same report either way, deleted and superseded
    responses still left out, a response without the grouping question in the (no answer)
    group."""
    add_answers(report_ws, [("B", "complete", "33", None, "rest meals", None, "8", "1", "no",
                             None, None)], day0=12)
    spec = SurveyReportSpec("needs_survey", group_by="work_type")
    parsed_doc = build_survey_report(report_ws, spec, language="zh_CN")
    with report_ws.transaction():
        for row in report_ws.query("SELECT id, answers FROM responses"):
            report_ws.update("responses", row["id"],
                             {"answers": canonical_json(json.loads(row["answers"]))})
    parsed = []
    original = survey_tally.parse
    monkeypatch.setattr(survey_tally, "parse", lambda text: parsed.append(text) or
                        original(text))
    doc = build_survey_report(report_ws, spec, language="zh_CN")
    assert parsed == []                             # every response counted in pieces
    assert _figures(doc) == _figures(parsed_doc)
    tables = {s.key: next(b for b in s.blocks if isinstance(b, Table))
              for s in doc.sections if any(isinstance(b, Table) for b in s.blocks)}
    rest = tables["q:needs"].rows[0]
    assert rest[:2] == ["休息难", 5] and rest[2] == pytest.approx(500 / 8)
    assert rest[3] == pytest.approx(500 / 14)                 # % of mentions
    age = dict((r[0], r[1]) for r in tables["q:age"].rows)
    assert age["中位数"] == 34.0 and age["下四分位数"] == pytest.approx(28.75)
    cross = tables["x:childcare"]
    assert next(r for r in cross.rows if r[0] == "港口装卸")[1:] == [2, 1, 50.0, 1, 50.0]
    assert cross.rows[-1] == ["合计", 6, 3, 50.0, 3, 50.0]
    assert tables["overview"].rows[-1] == ["合计", 9, 100.0]
    groups = dict((r[0], r[1]) for r in next(
        b for b in next(s for s in doc.sections if s.key == "overview").blocks
        if isinstance(b, Table) and b.name == "groups").rows)
    assert groups["（未作答）"] == 1 and groups["合计"] == 9
