"""Forms that carry files: importing them with the workbook, storing them by content hash,
exporting them with the form, refusing hostile ones, and sessions reading them (issue 12)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.work import directory
from fieldkit.core.forms import media_files
from fieldkit.core.forms.media_files import MediaError
from fieldkit.core.forms.session import FormSession
from fieldkit.core.forms.store import export_form, get_form, get_media, import_form, media_files as stored_files

SITES_CSV = "name,label,altitude,english\nlhasa,拉萨,3650,Lhasa\nnagqu,那曲,4500,Nagqu\n".encode()


def write_form(folder: Path, rows: list[list[str]], form_id: str = "media_form", version: str = "1",
               choices: list[list[str]] | None = None) -> Path:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in rows:
        survey.append(row)
    if choices:
        sheet = book.create_sheet("choices")
        for row in choices:
            sheet.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append([form_id, version])
    path = folder / f"{form_id}.xlsx"
    book.save(path)
    return path


LOOKUP_FORM = [
    ["type", "name", "label", "calculation"],
    ["select_one_from_file sites.csv", "site", "Which site?", ""],
    ["calculate", "altitude", "", "pulldata('sites', 'altitude', 'name', ${site})"],
    ["calculate", "english", "", "instance('sites')/root/item[name=${site}]/english"],
]


def test_files_beside_the_workbook_are_stored_and_a_session_reads_them(workspace, tmp_path):
    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    (tmp_path / "unrelated.csv").write_bytes(b"a,b\n1,2\n")  # not named by the form: not taken
    result = import_form(workspace, write_form(tmp_path, LOOKUP_FORM))
    assert result.status == "imported" and result.files == ["sites.csv"]
    assert [f["file_name"] for f in stored_files(workspace, "media_form")] == ["sites.csv"]
    session = FormSession(get_form(workspace, "media_form"), language="zh_CN", media=get_media(workspace, "media_form"))
    assert [(c.name, c.label) for c in session.item(("site",)).choices] == [("lhasa", "拉萨"), ("nagqu", "那曲")]
    session.set(("site",), "nagqu")
    assert session.value(("altitude",)) == "4500"
    assert session.value(("english",)) == "Nagqu"


def test_the_same_files_are_stored_once_and_a_reimport_changes_nothing(workspace, tmp_path):
    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    path = write_form(tmp_path, LOOKUP_FORM)
    import_form(workspace, path)
    assert import_form(workspace, path).status == "unchanged"
    import_form(workspace, write_form(tmp_path, LOOKUP_FORM, version="2"))
    assert workspace.scalar("SELECT count(*) FROM attachments") == 1
    assert workspace.scalar("SELECT count(*) FROM form_media") == 2
    # the same version with another file is refused: the author must raise the version
    (tmp_path / "sites.csv").write_bytes(SITES_CSV + "shigatse,日喀则,3840,Shigatse\n".encode())
    with pytest.raises(Exception) as info:
        import_form(workspace, write_form(tmp_path, LOOKUP_FORM, version="2"))
    assert "other files" in str(info.value.message("en"))


def test_a_missing_data_file_refuses_the_form_naming_it_and_stores_nothing(workspace, tmp_path):
    rows = LOOKUP_FORM + [["xml-external", "survey", "", ""]]
    with pytest.raises(MediaError) as info:
        import_form(workspace, write_form(tmp_path, rows))
    message = info.value.message("en")
    assert "sites.csv" in message and "survey.xml" in message and "media_form-media" in message
    assert "sites.csv" in info.value.message("zh_CN") and "未找到" in info.value.message("zh_CN")
    assert workspace.scalar("SELECT count(*) FROM forms WHERE form_id = 'media_form'") == 0
    assert workspace.scalar("SELECT count(*) FROM attachments") == 0


def test_a_missing_picture_is_a_warning(workspace, tmp_path):
    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    rows = [LOOKUP_FORM[0] + ["media::image"], ["note", "hello", "Hello", "", "map.png"]] + [r + [""] for r in LOOKUP_FORM[1:]]
    result = import_form(workspace, write_form(tmp_path, rows))
    assert result.status == "imported"
    assert any("map.png" in w for w in result.warnings)


def test_files_from_a_folder_or_a_zip_given_with_the_form(workspace, tmp_path):
    form_dir, media_dir = tmp_path / "form", tmp_path / "elsewhere"
    form_dir.mkdir(), media_dir.mkdir()
    (media_dir / "sites.csv").write_bytes(SITES_CSV)
    assert import_form(workspace, write_form(form_dir, LOOKUP_FORM), media=[media_dir]).files == ["sites.csv"]
    archive = tmp_path / "media.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("media/sites.csv", SITES_CSV)
    assert import_form(workspace, write_form(form_dir, LOOKUP_FORM, version="2"), media=[archive]).files == ["sites.csv"]


def test_export_writes_the_files_beside_the_workbook(workspace, tmp_path):
    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    import_form(workspace, write_form(tmp_path, LOOKUP_FORM))
    out = tmp_path / "out"
    out.mkdir()
    target = export_form(workspace, "media_form", out / "again.xlsx")
    assert (out / "again-media" / "sites.csv").read_bytes() == SITES_CSV
    # and the export imports again, as the same version with the same file
    assert import_form(workspace, target).status == "unchanged"
    sheet = openpyxl.load_workbook(target)["survey"]
    assert "select_one_from_file sites.csv" in [c.value for c in sheet["A"]]


def test_a_zip_bomb_is_refused(workspace, tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("sites.csv", b"name,label\n" + b"0" * 50_000_000)
    with pytest.raises(MediaError) as info:
        import_form(workspace, write_form(tmp_path / "..", LOOKUP_FORM, form_id="bomb"), media=[archive])
    assert "zip bomb" in info.value.message("en")
    assert workspace.scalar("SELECT count(*) FROM forms WHERE form_id = 'bomb'") == 0


def test_an_xml_bomb_and_an_oversize_file_are_refused(workspace, tmp_path, monkeypatch):
    (tmp_path / "survey.xml").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>')
    rows = [["type", "name", "label"], ["xml-external", "survey", ""], ["text", "t", "T"]]
    with pytest.raises(MediaError) as info:
        import_form(workspace, write_form(tmp_path, rows))
    assert "DOCTYPE" in info.value.message("en")
    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    monkeypatch.setattr("fieldkit.core.forms.media_store.MAX_FILE_BYTES", 10)
    with pytest.raises(MediaError) as info:
        import_form(workspace, write_form(tmp_path, LOOKUP_FORM, form_id="big"))
    assert "too large" in info.value.message("en")


def test_a_broken_data_file_is_refused_at_import(workspace, tmp_path):
    (tmp_path / "sites.csv").write_bytes(b"\xff\xfe\x00garbage\x81\x82\x83")
    with pytest.raises(MediaError) as info:
        import_form(workspace, write_form(tmp_path, LOOKUP_FORM))
    assert "sites.csv" in info.value.message("en")


def test_the_workspace_directory_is_a_list_a_form_can_name(workspace, tmp_path):
    unit = directory.create(workspace, directory.ORG_UNITS, {"name": "西藏自治区总工会", "kind": "city"})
    site = directory.create(workspace, directory.SITES, {"name": "拉林铁路三标段", "name_en": "Lhasa-Nyingchi lot 3",
                                                          "kind": "project", "org_unit_id": unit,
                                                          "region": "山南", "altitude_m": 3800})
    rows = [["type", "name", "label", "calculation"],
            ["select_one_from_file fieldkit-sites.csv", "site", "Which site?", ""],
            ["calculate", "region", "", "instance('fieldkit-sites')/root/item[name=${site}]/region"]]
    result = import_form(workspace, write_form(tmp_path, rows))  # nothing to attach
    assert result.files == []
    media = get_media(workspace, "media_form")
    session = FormSession(get_form(workspace, "media_form"), language="en", media=media)
    choices = session.item(("site",)).choices
    assert [(c.name, c.label) for c in choices] == [(site, "Lhasa-Nyingchi lot 3")]
    session.set(("site",), site)
    assert session.value(("region",)) == "山南"


def test_geojson_and_xml_choice_files():
    geo = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "w1", "geometry": {"type": "Point", "coordinates": [91.13, 29.65, 3650]},
         "properties": {"title": "Well 1", "depth": 12}}]}).encode()
    xml = b"<root><item><name>a</name><label>Apple</label></item><item><name>b</name><label>Bee</label></item></root>"
    from fieldkit.core.forms.media import FormMedia
    media = FormMedia({"wells.geojson": geo, "things.xml": xml})
    [well] = media.choices("wells.geojson")
    assert (well.name, well.label, well.extras["geometry"], well.extras["depth"]) == ("w1", {"": "Well 1"}, "29.65 91.13 3650 0", "12")
    assert [(c.name, c.label[""]) for c in media.choices("things.xml")] == [("a", "Apple"), ("b", "Bee")]


def test_csv_files_saved_by_chinese_excel_are_read():
    rows = media_files.csv_rows("sites.csv", "name,label\nbj,北京\n".encode("gb18030"))
    assert rows == [{"name": "bj", "label": "北京"}]
    with pytest.raises(MediaError):
        media_files.xml_document("deep.xml", b"<a>" * 100 + b"</a>" * 100)


def test_a_stored_form_with_files_is_answered_finalised_and_imported_from_a_spreadsheet(workspace, tmp_path):
    from fieldkit.core import responses
    from fieldkit.core.importing import pipeline
    from fieldkit_testing import write_xlsx

    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    import_form(workspace, write_form(tmp_path, LOOKUP_FORM))
    rid = responses.start(workspace, "media_form", answers={"site": "lhasa"})
    final = responses.finalise(workspace, rid, {"site": "lhasa"})
    assert final  # the answer is one of the file's choices, and the lookups ran
    stored = json.loads(workspace.scalar("SELECT answers FROM responses WHERE id = ?", (rid,)))
    assert stored["site"] == "lhasa" and stored["altitude"] == "3650"
    # a spreadsheet giving the site by its label or its code
    sheet = write_xlsx(tmp_path / "answers.xlsx", [["Which site?"], ["那曲"], ["lhasa"], ["香港"]])
    preview = pipeline.prepare(workspace, sheet, "media_form")
    assert preview.counts()["clean"] == 2 and preview.counts()["rejected"] + preview.counts()["warning"] == 1
    assert any("香港" in str(p.found) for p in preview.problems())
    pipeline.commit(workspace, preview)
    sites = [json.loads(a)["site"] for (a,) in workspace.conn.execute(
        "SELECT answers FROM responses WHERE id != ? AND deleted = 0", (rid,))]
    assert sorted(s for s in sites if s) == ["lhasa", "nagqu"]


def test_answers_from_a_file_list_are_shown_by_their_labels(workspace, tmp_path):
    from fieldkit.core import responses
    from fieldkit.core.responses import columns as response_columns

    unit = directory.create(workspace, directory.ORG_UNITS, {"name": "西藏自治区总工会", "kind": "city"})
    site = directory.create(workspace, directory.SITES, {"name": "拉林铁路三标段", "kind": "project",
                                                          "org_unit_id": unit})
    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    rows = LOOKUP_FORM + [["select_one_from_file fieldkit-sites.csv", "mine", "My site", ""]]
    import_form(workspace, write_form(tmp_path, rows))
    rid = responses.start(workspace, "media_form", answers={"site": "nagqu", "mine": site})
    columns = {c.question: c for c in response_columns.form_columns(workspace, "media_form", "zh_CN").available}
    row = dict(workspace.query("SELECT answers FROM responses WHERE id = ?", (rid,))[0])
    assert response_columns.format_answer(columns["site"], "nagqu") == "那曲"
    assert response_columns.cell_text(row, columns["mine"]) == "拉林铁路三标段"  # not the site's id
    assert response_columns.cell_text(row, columns["site"]) == "那曲"


def test_a_file_name_reaching_outside_the_folder_is_refused(workspace, tmp_path):
    rows = [["type", "name", "label"], ["select_one_from_file ../../secret.csv", "x", "X"]]
    with pytest.raises(MediaError) as info:
        import_form(workspace, write_form(tmp_path, rows, form_id="sneaky"))
    assert "../../secret.csv" in info.value.message("en")
    with pytest.raises(MediaError):
        from fieldkit.core.forms.media_store import write_media
        write_media({"../evil.csv": b"x"}, tmp_path / "out-media")
    assert not (tmp_path / "evil.csv").exists()


def test_the_entry_template_offers_a_files_choices_as_a_drop_down(workspace, tmp_path):
    from fieldkit.core.importing.template import write_template

    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    import_form(workspace, write_form(tmp_path, LOOKUP_FORM))
    target = write_template(get_form(workspace, "media_form"), tmp_path / "entry.xlsx", language="zh")
    book = openpyxl.load_workbook(target)
    assert [c.value for c in book["choices"]["A"]] == ["拉萨", "那曲"]
    validations = [v for sheet in book.worksheets for v in sheet.data_validations.dataValidation]
    assert any(v.formula1 == "=choices!$A$1:$A$2" for v in validations)


@pytest.mark.parametrize("name, data, words", [
    ("x.xml", b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', "DOCTYPE"),
    ("x.xml", b"<root><item><name>a</name>" + b"<b>" * 70 + b"</b>" * 70 + b"</item></root>", "levels deep"),
    ("x.xml", b"<root><item>", "not valid XML"),
    ("x.geojson", b"[" * 100_000 + b"]" * 100_000, "GeoJSON"),
    ("x.geojson", b'{"type": "Feature"}', "GeoJSON"),
    ("x.csv", b"", "no header"),
    ("x.csv", b"name,label\n" + b'"' + b"a" * 200_000 + b'",b\n', "CSV"),
])
def test_hostile_or_broken_data_files_are_refused_clearly(name, data, words):
    with pytest.raises(MediaError) as info:
        media_files.check_data_file(name, data)
    assert words in info.value.message("en") and name in info.value.message("en")
    assert info.value.message("zh_CN") != info.value.message("en")


def test_a_zip_with_too_many_entries_is_refused(tmp_path, monkeypatch):
    from fieldkit.core.forms import media_store
    from fieldkit.core.forms.media import Referenced

    monkeypatch.setattr(media_store, "MAX_ZIP_ENTRIES", 5)
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for n in range(6):
            z.writestr(f"f{n}.csv", b"name,label\n")
    with pytest.raises(MediaError) as info:
        media_store.gather_media(tmp_path / "form.xlsx", Referenced(["f1.csv"]), [archive])
    assert "more than 5 files" in info.value.message("en")
