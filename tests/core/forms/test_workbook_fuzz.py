"""Randomly damaged workbooks: each one is read or refused with a message; none escapes
as another exception (or takes the process down inside calamine)."""

import io
import random
import zipfile

import openpyxl
import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.workbook import read_workbook

SNIPPETS = [b"<", b">", b'"', b"&", b"r=", b"<c", b"\x00", b"999999", b"</row>", b"<row>",
            b'r="XFD1048576"', b"<!ENTITY", b"\xff\xfe"]


def _members() -> dict[str, bytes]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["type", "name", "label"])
    for i in range(30):
        sheet.append(["text", f"q{i}", f"问题{i}"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _damaged(members: dict[str, bytes], rng: random.Random) -> bytes:
    parts = dict(members)
    name = rng.choice(sorted(parts))
    data = bytearray(parts[name])
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(data)) if data else 0
        roll = rng.random()
        if roll < 0.4 and data:
            data[pos] = rng.randrange(256)
        elif roll < 0.7:
            data[pos:pos] = rng.choice(SNIPPETS)
        else:
            del data[pos:pos + rng.randint(1, 40)]
    parts[name] = bytes(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, value in parts.items():
            archive.writestr(key, value)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(4))
def test_damaged_workbooks_are_read_or_refused(tmp_path, seed):
    rng = random.Random(seed)
    members = _members()
    outcomes = {"read": 0, "refused": 0}
    for trial in range(250):
        path = tmp_path / f"damaged{trial}.xlsx"
        path.write_bytes(_damaged(members, rng))
        try:
            read_workbook(path)
            outcomes["read"] += 1
        except FieldkitError as error:
            assert path.name in error.message("en")
            outcomes["refused"] += 1
    assert outcomes["read"] and outcomes["refused"]  # both kinds of damage were produced
