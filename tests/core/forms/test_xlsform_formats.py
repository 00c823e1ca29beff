"""Reading the other workbook formats: OpenDocument (.ods) and Excel 97-2003 (.xls)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from fieldkit.core.forms.workbook import WorkbookError
from fieldkit.core.forms.xlsform_reader import read_xlsform


def _ods_cell(value: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def make_ods(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    tables = ""
    for name, rows in sheets.items():
        body = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
        # LibreOffice pads every sheet with a million repeated empty rows; that must be fine.
        body += ('<table:table-row table:number-rows-repeated="1048000">'
                 '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
        tables += f'<table:table table:name="{name}">{body}</table:table>'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_reads_ods(tmp_path):
    path = make_ods(tmp_path / "visit.ods", {
        "survey": [["type", "name", "label::中文"], ["select_one yn", "ok", "满意吗？"]],
        "choices": [["list_name", "name", "label::中文"], ["yn", "yes", "是"], ["yn", "no", "否"]],
        "settings": [["form_id", "version"], ["visit", "3"]],
    })
    form = read_xlsform(path)
    assert (form.form_id, form.version) == ("visit", "3")
    assert form.questions[0].label == {"中文": "满意吗？"}
    assert [c.label["中文"] for c in form.choices["yn"]] == ["是", "否"]


def make_xls(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """A minimal Excel 97-2003 (BIFF8) workbook: text cells only, in one OLE2 container.

    Built by hand because no .xls writer is installed; it is just enough for a reader."""
    def record(kind: int, data: bytes) -> bytes:
        return struct.pack("<HH", kind, len(data)) + data

    def bof(kind: int) -> bytes:
        return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    def sheet_stream(rows: list[list[str]]) -> bytes:
        body = bof(0x0010)
        width = max((len(r) for r in rows), default=0)
        body += record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    chars = text.encode("utf-16-le")
                    body += record(0x0204, struct.pack("<HHHHB", r, c, 15, len(text), 1) + chars)
        return body + record(0x000A, b"")

    names = list(sheets)

    def globals_stream(offsets: list[int]) -> bytes:
        out = bof(0x0005) + record(0x0042, struct.pack("<H", 1200))
        for name, offset in zip(names, offsets):
            out += record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + name.encode("utf-16-le"))
        return out + record(0x000A, b"")

    start = len(globals_stream([0] * len(names)))
    bodies, offsets = [], []
    for name in names:
        offsets.append(start + sum(len(b) for b in bodies))
        bodies.append(sheet_stream(sheets[name]))
    stream = globals_stream(offsets) + b"".join(bodies)
    stream += b"\0" * (max(4096, -(-len(stream) // 512) * 512) - len(stream))  # no mini stream
    sectors = len(stream) // 512
    assert sectors <= 126
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    fat = [0xFFFFFFFD, end] + [3 + i for i in range(sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name: str, kind: int, child: int, first: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, free, child) + b"\0" * 36 + struct.pack("<IIxxxx", first, size))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 2, len(stream))
                 + b"\0" * 256)
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + stream)
    return path


def test_reads_xls(tmp_path):
    path = make_xls(tmp_path / "old.xls", {
        "survey": [["type", "name", "label::中文"], ["integer", "age", "年龄"], ["begin group", "g", "组"],
                   ["text", "note_text", "备注"], ["end group"]],
        "settings": [["form_id", "version"], ["old_form", "7"]],
    })
    form = read_xlsform(path)
    assert (form.form_id, form.version) == ("old_form", "7")
    assert [(q.type, q.name) for q in form.walk()] == [("integer", "age"), ("group", "g"), ("text", "note_text")]
    assert form.questions[0].label == {"中文": "年龄"}


@pytest.mark.timeout(20)
def test_xls_with_a_far_away_cell_is_refused_before_loading(tmp_path):
    far = [["type", "name"]] + [[] for _ in range(65_534)] + [[""] * 255 + ["x"]]
    path = make_xls(tmp_path / "sparse.xls", {"survey": far})
    with pytest.raises(WorkbookError) as info:
        read_xlsform(path)
    assert "too large" in info.value.message("en") and "survey" in info.value.message("en")
