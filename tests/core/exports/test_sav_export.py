"""SPSS .sav exports, read back with pyreadstat (the optional spss component; the test
extra installs it, so CI runs these)."""

import pyreadstat
import pytest

from export_testing import add
from fieldkit.core.exports import sav
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.layout import Column
from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.responses.query import ResponseFilter

HOSTILE = ["=HYPERLINK(\"x\")", "+1", "@SUM(1)", "a\nb", "工友😀", "字" * 10_000]


def export(ws, target, **options):
    return export_responses(ws, ResponseFilter("family_survey"), target,
                            ExportOptions(format="sav", **options))


def test_variables_labels_and_values(export_ws, tmp_path):
    ids = [add(export_ws, "2", {"notes": text, "age": 30 + n, "work_type": "port",
                                "needs": "rest childcare"}) for n, text in enumerate(HOSTILE)]
    old = add(export_ws, "1", {"old_only": "旧", "needs": "meals"})
    result = export(export_ws, tmp_path / "a.sav")
    assert result.responses == len(HOSTILE) + 1
    frame, meta = pyreadstat.read_sav(tmp_path / "a.sav")
    assert len(frame) == len(HOSTILE) + 1
    by_id = {r["id"]: r for r in frame.to_dict("records")}
    for n, (rid, text) in enumerate(zip(ids, HOSTILE)):
        assert by_id[rid]["notes"] == text and by_id[rid]["age"] == 30 + n
        assert by_id[rid]["work_type"] == "port" and by_id[rid]["needs"] == "rest childcare"
        assert by_id[rid]["needs_childcare"] == 1 and by_id[rid]["needs_meals"] == 0
    assert by_id[old]["old_only"] == "旧" and by_id[old]["needs_meals"] == 1
    labels = meta.column_names_to_labels
    assert labels["age"] == "Age" and labels["needs_rest"] == "Services needed: Resting"
    assert meta.variable_value_labels["work_type"] == {"construction": "Construction",
                                                      "port": "Port"}
    assert meta.variable_value_labels["needs_rest"] == {0: "Not chosen", 1: "Chosen"}
    assert "worker_name" not in frame.columns
    assert "left out" in "".join(meta.notes)


def test_repeats_zero_responses_and_personal(export_ws, tmp_path):
    result = export(export_ws, tmp_path / "z.sav")
    assert [p.rsplit("/", 1)[-1] for p in result.files] == ["z.sav", "z-family.sav",
                                                          "z-schools.sav"]
    frame, _ = pyreadstat.read_sav(tmp_path / "z.sav")
    assert len(frame) == 0 and "age" in frame.columns
    rid = add(export_ws, "2", {"worker_name": "张三", "phone": "13800000000",
                               "family": [{"member": "儿子", "schools": [{"school": "一小"}]}]})
    export(export_ws, tmp_path / "p.sav", include_personal=True)
    frame, meta = pyreadstat.read_sav(tmp_path / "p.sav")
    assert frame["worker_name"][0] == "张三" and frame["phone"][0] == "13800000000"
    assert meta.file_label == "Contains personal data"
    family, _ = pyreadstat.read_sav(tmp_path / "p-family.sav")
    schools, _ = pyreadstat.read_sav(tmp_path / "p-schools.sav")
    assert family["response_id"][0] == rid and family["member"][0] == "儿子"
    assert schools["parent_id"][0] == family["id"][0] and schools["school"][0] == "一小"


def test_numeric_codes_get_numeric_value_labels(export_ws, tmp_path):
    from fieldkit.core.exports.layout import SELECT_ONE
    from fieldkit.core.exports.layout import Table

    table = Table("", "t", (), None, [Column("_id", "ID", "meta"),
                                      Column("sat", "满意度", SELECT_ONE, "sat",
                                             choices={"1": "不满意", "2": "满意"})])
    from fieldkit.core.exports.about import About
    from fieldkit.core.exports.layout import Layout

    layout = Layout("f", "f", ["1"], [table], [], [], {})
    sav._write_table(table, [["r1", "2"], ["r2", None]], tmp_path / "n.sav", About(layout, True))
    frame, meta = pyreadstat.read_sav(tmp_path / "n.sav")
    assert frame["sat"][0] == 2 and frame["sat"].isna()[1]
    assert meta.variable_value_labels["sat"] == {1: "不满意", 2: "满意"}


def test_spss_names():
    columns = [Column("_site", "", "meta")] + [Column(k, "", "text", k) for k in
               ("age", "AGE", "1st", "needs/rest", "名字", "all", "x" * 80, "a.b.", "site")]
    names = sav.variable_names(columns)
    assert names[1:3] == ["age", "AGE_2"]
    assert names[3] == "v1st" and names[4] == "needs_rest" and names[5] == "名字"
    assert names[6] == "all_2" and len(names[7]) == 64 and names[8] == "a.b"
    assert names[9] == "site" and names[0] == "site_2"  # questions keep their names


def test_too_long_for_spss_is_refused(export_ws, tmp_path):
    rid = add(export_ws, "2", {"notes": "长" * 11_000})
    with pytest.raises(ExportError) as caught:
        export(export_ws, tmp_path / "l.sav")
    assert rid in caught.value.message() and "notes" in caught.value.message()
    assert not (tmp_path / "l.sav").exists()


def test_without_the_spss_component_says_so(export_ws, tmp_path, monkeypatch):
    monkeypatch.setattr(sav, "spss_available", lambda: False)
    with pytest.raises(ExportError) as caught:
        export(export_ws, tmp_path / "x.sav")
    assert "optional spss component" in caught.value.message()
