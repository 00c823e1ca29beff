"""REFI-QDA (.qdpx) export and import: the project file validates against the standard's
schema, Chinese text and every segment's position survive the round trip, re-importing
adds nothing, and hostile files are refused with nothing written."""

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from analysis_fixtures import coded  # noqa: F401  (fixture)
from fieldkit.core.interviews import codes, memos, notes, segments
from fieldkit.core.interviews.qdpx import MASK, export_qdpx, import_qdpx
from fieldkit.core.interviews.qdpx_read import QdpxError
from fieldkit.core.interviews.queries import SegmentFilter, retrieve_segments
from fieldkit.core.store.workspace import Workspace

XSD = Path(__file__).parents[3] / "resources" / "qdpx" / "Project-mrt2019.xsd"
ASTRAL = "𠮷野家的饭🍚很贵，排队半小时。"


@pytest.fixture
def fresh(tmp_path):
    ws = Workspace.open(tmp_path / "fresh.fieldkit", create=True)
    yield ws
    ws.close()


def coded_spans(ws):
    """(note title, code path, start, end, covered text, coder, memo) of every segment."""
    return sorted((r.note_title, r.code_path, r.start, r.end, r.text, r.coder, r.memo)
                  for r in retrieve_segments(ws, SegmentFilter(include_personal=True)))


def add_astral_note(coded):
    note = notes.create_note(coded.ws, title="食堂", body=ASTRAL, on_date="2026-07-20",
                             occupation="港口技工")
    start = ASTRAL.index("饭🍚很贵")
    segments.apply_codes(coded.ws, note, start, start + 4, [coded.codes["pay"]], coder="李干部")
    segments.apply_codes(coded.ws, note, 0, 3, [coded.codes["work"]], coder="王干部")
    return note


def validate(path):
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(document), schema.error_log
    return document


def test_export_validates_against_the_refi_qda_schema(coded, tmp_path):
    add_astral_note(coded)
    result = export_qdpx(coded.ws, tmp_path / "p.qdpx")
    assert (result.notes, result.codes, result.segments, result.memos,
            result.lost_skipped) == (4, 6, 12, 3, 1)
    document = validate(result.output)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    top = document.findall("q:CodeBook/q:Codes/q:Code", ns)
    assert [c.get("name") for c in top] == ["家庭", "工作条件", "薪酬"]
    assert [c.get("name") for c in top[0].findall("q:Code", ns)] == ["子女托管", "家人担心健康"]
    assert top[0].get("color") == "#e07a5f"
    with zipfile.ZipFile(result.output) as archive:
        names = archive.namelist()
        assert names[0] == "project.qde" and len(names) == 5
        assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
        texts = {archive.read(n).decode("utf-8") for n in names[1:]}
    assert ASTRAL in texts


def test_round_trip_keeps_text_and_every_segment(coded, fresh, tmp_path):
    add_astral_note(coded)
    before = coded_spans(coded.ws)
    out = export_qdpx(coded.ws, tmp_path / "p.qdpx", include_personal=True).output
    result = import_qdpx(fresh, out)
    assert (result.notes_created, result.codes_created, result.segments_created,
            result.memos_created) == (4, 6, 12, 3)
    assert coded_spans(fresh) == before
    for note_id in result.note_ids:
        note = notes.get_note(fresh, note_id)
        original = next(n for n in notes.list_notes(coded.ws) if n.title == note.title)
        assert note.body == original.body
        assert (note.on_date, note.occupation, note.age_band) == (
            original.on_date, original.occupation, original.age_band)
        assert note.interviewee_name == original.interviewee_name
        assert note.attributes == original.attributes
        for segment in segments.segments_for_note(fresh, note_id):
            assert note.body[segment.start:segment.end] == segment.text
    assert [(c.path, c.colour, c.description) for c in codes.codebook(fresh)] == [
        (c.path, c.colour, c.description) for c in codes.codebook(coded.ws)]
    assert sorted((m.target_kind, m.text, m.title, m.author) for m in memos.list_memos(fresh)) \
        == sorted((m.target_kind, m.text, m.title, m.author)
                  for m in memos.list_memos(coded.ws))
    # a second import adds nothing
    again = import_qdpx(fresh, out)
    assert (again.notes_created, again.notes_merged, again.codes_created,
            again.segments_created, again.segments_existing, again.memos_created) == (
        0, 4, 0, 0, 12, 0)
    assert coded_spans(fresh) == before


def test_personal_data_left_out_by_default_positions_kept(coded, fresh, tmp_path):
    ws = coded.ws
    n1 = coded.notes["N1"]
    notes.set_body(ws, n1, "张伟说：" + notes.get_note(ws, n1).body)
    segments.apply_codes(ws, n1, 0, 6, [coded.codes["pay"]])
    out = export_qdpx(ws, tmp_path / "p.qdpx").output
    raw = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    assert "张伟" not in raw and "四川" not in raw and "hukou" not in raw
    import_qdpx(fresh, out)
    imported = next(n for n in notes.list_notes(fresh) if n.title == "高原铁路工人访谈")
    assert imported.body.startswith(MASK * 2 + "说：暑期托管难")
    assert imported.interviewee_name == "" and "hukou" not in imported.attributes
    assert imported.attributes == {"seniority": "5年"}
    spans = {(s.code_path, s.text) for s in segments.segments_for_note(fresh, imported.id)}
    assert ("薪酬", MASK * 2 + "说：暑期") in spans
    assert ("家庭/子女托管", "暑期托管难") in spans


def test_import_into_the_source_workspace_merges(coded, tmp_path):
    out = export_qdpx(coded.ws, tmp_path / "p.qdpx", include_personal=True).output
    before = coded_spans(coded.ws)
    result = import_qdpx(coded.ws, out)
    assert (result.notes_created, result.notes_merged, result.codes_matched,
            result.segments_created, result.memos_created) == (0, 3, 6, 0, 0)
    assert coded_spans(coded.ws) == before


def test_codes_matched_by_path_when_the_guid_is_new(coded, fresh, tmp_path):
    family = codes.add_code(fresh, "家庭")
    child = codes.add_code(fresh, "子女托管", family)
    out = export_qdpx(coded.ws, tmp_path / "p.qdpx").output
    result = import_qdpx(fresh, out)
    assert (result.codes_matched, result.codes_created) == (2, 4)
    rows = retrieve_segments(fresh, SegmentFilter(code_ids=[child]))
    assert sorted(r.text for r in rows) == ["孩子上学远", "暑期托管难", "暑期托管难找"]


# -- hostile and broken files ---------------------------------------------------------------

def journal_size(ws):
    return ws.scalar("SELECT count(*) FROM journal")


def qdpx_with(tmp_path, qde: bytes, extra: dict | None = None, name="bad.qdpx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for member, data in (extra or {}).items():
            archive.writestr(member, data)
    return path


def project(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="x">' + body + '</Project>'
            ).encode("utf-8")


GOOD_CODES = ('<CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="托管"'
              ' isCodable="true"/></Codes></CodeBook>')


def refused(ws, path, *words):
    before = journal_size(ws)
    with pytest.raises(QdpxError) as caught:
        import_qdpx(ws, path)
    message = caught.value.message()
    for word in words:
        assert word in message, message
    assert "Nothing was imported" in message
    assert journal_size(ws) == before
    return message


def test_positions_beyond_the_text_are_refused(fresh, tmp_path):
    qde = project(GOOD_CODES + '<Sources><TextSource guid="22222222-2222-2222-2222-222222222222"'
                  ' name="记录一"><PlainTextContent>暑期托管难</PlainTextContent>'
                  '<PlainTextSelection guid="33333333-3333-3333-3333-333333333333"'
                  ' startPosition="2" endPosition="9"><Coding'
                  ' guid="44444444-4444-4444-4444-444444444444"><CodeRef'
                  ' targetGUID="11111111-1111-1111-1111-111111111111"/></Coding>'
                  '</PlainTextSelection></TextSource></Sources>')
    refused(fresh, qdpx_with(tmp_path, qde), "记录一", "2", "9", "5")
    assert notes.list_notes(fresh) == [] and codes.codebook(fresh) == []


def test_unknown_code_reference_is_refused(fresh, tmp_path):
    qde = project(GOOD_CODES + '<Sources><TextSource guid="22222222-2222-2222-2222-222222222222"'
                  ' name="记录一"><PlainTextContent>暑期托管难</PlainTextContent>'
                  '<PlainTextSelection guid="33333333-3333-3333-3333-333333333333"'
                  ' startPosition="2" endPosition="4"><Coding'
                  ' guid="44444444-4444-4444-4444-444444444444"><CodeRef'
                  ' targetGUID="99999999-9999-9999-9999-999999999999"/></Coding>'
                  '</PlainTextSelection></TextSource></Sources>')
    refused(fresh, qdpx_with(tmp_path, qde), "99999999")


def test_xxe_is_refused(fresh, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("密码", encoding="utf-8")
    qde = (f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>').encode()
    refused(fresh, qdpx_with(tmp_path, qde), "document type")


def test_billion_laughs_is_refused(fresh, tmp_path):
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    qde = (f'<?xml version="1.0"?><!DOCTYPE p [{entities}]>'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="&a9;"/>').encode()
    refused(fresh, qdpx_with(tmp_path, qde), "document type")


def test_zip_bomb_is_refused(fresh, tmp_path):
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project(""))
        with archive.open("sources/big.txt", "w") as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(60):
                handle.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    refused(fresh, path, "bomb.qdpx")


def test_not_a_project(fresh, tmp_path):
    text = tmp_path / "notes.qdpx"
    text.write_text("这不是压缩包", encoding="utf-8")
    refused(fresh, text, "not a zip")
    empty = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "hi")
    refused(fresh, empty, "project.qde")
    refused(fresh, qdpx_with(tmp_path, b"<Project", name="broken.qdpx"), "well-formed")
    refused(fresh, qdpx_with(tmp_path, b"<Other/>", name="other.qdpx"), "urn:QDA-XML")
    missing = project('<Sources><TextSource guid="22222222-2222-2222-2222-222222222222"'
                      ' name="记录一" plainTextPath="internal://nope.txt"/></Sources>')
    refused(fresh, qdpx_with(tmp_path, missing, name="missing.qdpx"), "nope.txt")
    latin1 = project('<Sources><TextSource guid="22222222-2222-2222-2222-222222222222"'
                     ' name="记录一" plainTextPath="internal://a.txt"/></Sources>')
    refused(fresh, qdpx_with(tmp_path, latin1, {"sources/a.txt": "暑期".encode("gb18030")},
                             name="gbk.qdpx"), "UTF-8")


def test_a_project_from_another_tool(fresh, tmp_path):
    """Braced upper-case guids, sources in a "Sources" folder, a code with a slash, a memo
    only on the project, a Date variable: all taken in."""
    qde = project(
        '<Users><User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Researcher"/></Users>'
        '<CodeBook><Codes><Code guid="{BBBBBBBB-0000-0000-0000-000000000001}" name="工资/待遇"'
        ' isCodable="true" color="#123ABC"/></Codes></CodeBook>'
        '<Variables><Variable guid="{CCCCCCCC-0000-0000-0000-000000000001}" name="Occupation"'
        ' typeOfVariable="Text"/></Variables>'
        '<Sources><TextSource guid="{DDDDDDDD-0000-0000-0000-000000000001}" name="Interview 1"'
        ' plainTextPath="internal://{DDDDDDDD-0000-0000-0000-000000000001}.txt">'
        '<PlainTextSelection guid="{EEEEEEEE-0000-0000-0000-000000000001}" startPosition="0"'
        ' endPosition="4"><Coding guid="{FFFFFFFF-0000-0000-0000-000000000001}"'
        ' creatingUser="{AAAAAAAA-0000-0000-0000-000000000001}"><CodeRef'
        ' targetGUID="{BBBBBBBB-0000-0000-0000-000000000001}"/></Coding></PlainTextSelection>'
        '<VariableValue><VariableRef targetGUID="{CCCCCCCC-0000-0000-0000-000000000001}"/>'
        '<TextValue>外卖骑手</TextValue></VariableValue>'
        '</TextSource></Sources>'
        '<Notes><Note guid="{99999999-0000-0000-0000-000000000001}" name="Theme">'
        '<PlainTextContent>收入不稳定</PlainTextContent></Note></Notes>'
        '<NoteRef targetGUID="{99999999-0000-0000-0000-000000000001}"/>')
    path = qdpx_with(tmp_path, qde, {
        "Sources/{DDDDDDDD-0000-0000-0000-000000000001}.txt": "\ufeff工资太低，平台抽成高。"})
    result = import_qdpx(fresh, path)
    assert (result.notes_created, result.codes_created, result.segments_created,
            result.memos_created) == (1, 1, 1, 1)
    note = notes.get_note(fresh, result.note_ids[0])
    assert (note.title, note.body, note.occupation) == ("Interview 1", "工资太低，平台抽成高。",
                                                        "外卖骑手")
    (segment,) = segments.segments_for_note(fresh, note.id)
    assert (segment.code_name, segment.text, segment.coder) == ("工资／待遇", "工资太低", "Researcher")
    assert codes.codebook(fresh)[0].colour == "#123abc"
    (memo,) = memos.list_memos(fresh)
    assert (memo.target_kind, memo.title, memo.text) == ("workspace", "Theme", "收入不稳定")


def test_empty_passages_are_left_out_with_a_warning(fresh, tmp_path):
    qde = project(GOOD_CODES + '<Sources><TextSource guid="22222222-2222-2222-2222-222222222222"'
                  ' name="记录一"><PlainTextContent>暑期托管难</PlainTextContent>'
                  '<PlainTextSelection guid="33333333-3333-3333-3333-333333333333"'
                  ' startPosition="2" endPosition="2"><Coding'
                  ' guid="44444444-4444-4444-4444-444444444444"><CodeRef'
                  ' targetGUID="11111111-1111-1111-1111-111111111111"/></Coding>'
                  '</PlainTextSelection><PlainTextSelection'
                  ' guid="55555555-5555-5555-5555-555555555555" startPosition="2"'
                  ' endPosition="4"><Coding guid="66666666-6666-6666-6666-666666666666"><CodeRef'
                  ' targetGUID="11111111-1111-1111-1111-111111111111"/></Coding>'
                  '</PlainTextSelection></TextSource></Sources>')
    result = import_qdpx(fresh, qdpx_with(tmp_path, qde))
    assert (result.notes_created, result.segments_created) == (1, 1)
    assert result.warnings == ["1 coded passage(s) without text or without a code were left out."]
    assert [s.text for s in segments.segments_for_note(fresh, result.note_ids[0])] == ["托管"]


def test_cancelled_import_writes_nothing(coded, fresh, tmp_path):
    from fieldkit.core.errors import Cancelled
    from fieldkit.core.progress import CancelToken

    out = export_qdpx(coded.ws, tmp_path / "p.qdpx").output
    token = CancelToken()
    seen = []

    def progress(done, total, message):
        seen.append(done)
        token.cancel()                 # cancel after the first note

    before = journal_size(fresh)
    with pytest.raises(Cancelled):
        import_qdpx(fresh, out, progress=progress, cancel=token)
    assert seen and journal_size(fresh) == before
    assert notes.list_notes(fresh) == [] and codes.codebook(fresh) == []


def test_control_characters_do_not_break_the_xml(coded, fresh, tmp_path):
    body = "第一段\x0b第二段\x07：托管难"
    note = notes.create_note(coded.ws, title="带\x0c控制符", body=body)
    segments.apply_codes(coded.ws, note, 0, 5, [coded.codes["pay"]], memo="备\x01注")
    memos.add_memo(coded.ws, "note", note, "提醒\x08一下")
    out = export_qdpx(coded.ws, tmp_path / "p.qdpx").output
    validate(out)
    result = import_qdpx(fresh, out)
    # a note stores no control characters (they are left out as it is written), so the
    # text file and the passage hold the words alone
    clean = "第一段第二段：托管难"
    imported = next(n for n in notes.list_notes(fresh) if n.body == clean)
    (segment,) = segments.segments_for_note(fresh, imported.id)
    assert segment.text == clean[:5] and segment.memo == "备注"
    assert result.memos_created == 4


def test_a_code_name_changed_on_import_is_said(fresh, tmp_path):
    """A name too long for the codebook is shortened, a blank one becomes "?": both are
    said in the import's warnings, never done silently."""
    long_name = "职工反映" * 40
    qde = project('<CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111"'
                  f' name="{long_name}" isCodable="true"/><Code'
                  ' guid="11111111-1111-1111-1111-111111111112" name="   " isCodable="true"/>'
                  '</Codes></CodeBook>')
    result = import_qdpx(fresh, qdpx_with(tmp_path, qde))
    assert result.codes_created == 2
    names = sorted(c.name for c in codes.codebook(fresh))
    assert names[0] == "?" and long_name.startswith(names[1]) and len(names[1]) < len(long_name)
    assert len(result.warnings) == 2
    assert "职工反映职工反映" in result.warnings[0] and "?" in result.warnings[1]
