"""Measure the sheets of an Excel 97-2003 (.xls) file before python-calamine loads it.

calamine allocates each sheet as a dense grid, so a 6 KB .xls holding one cell at row
65,536, column 256 costs about a gigabyte. This module reads just enough of the OLE2
container (FAT, directory, the ``Workbook`` stream) and of the BIFF records to find the
highest row and column holding a value in each sheet. It never interprets cell
contents; anything it cannot follow is reported as ``XlsLayoutError``.
"""

from __future__ import annotations

import struct

_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTORS = 1 << 20
# BIFF8 records that hold a value at (row, column) in their first four bytes.
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x0003, 0x0004, 0x0002}
_MULRK = 0x00BD
_BOF = 0x0809
_BOUNDSHEET = 0x0085


class XlsLayoutError(Exception):
    """The OLE2 container or BIFF stream is not laid out as an .xls file should be."""


def _u32(data: bytes, offset: int) -> int:
    if offset + 4 > len(data):
        raise XlsLayoutError("truncated")
    return struct.unpack_from("<I", data, offset)[0]


class _Container:
    def __init__(self, data: bytes) -> None:
        self.data = data
        shift = struct.unpack_from("<H", data, 30)[0] if len(data) >= 512 else 0
        if shift not in (9, 12):
            raise XlsLayoutError("sector size")
        self.size = 1 << shift
        fat_sectors = [_u32(data, 76 + 4 * i) for i in range(109)][: _u32(data, 44)]
        difat, count = _u32(data, 68), _u32(data, 72)
        if count > len(data) // self.size:
            raise XlsLayoutError("DIFAT")
        for _ in range(count):  # more FAT sector numbers, in a chain of DIFAT sectors
            block = self.sector(difat)
            fat_sectors += [_u32(block, 4 * i) for i in range(self.size // 4 - 1)]
            difat = _u32(block, self.size - 4)
        self.fat = b"".join(self.sector(s) for s in fat_sectors if s < _END_OF_CHAIN)

    def sector(self, index: int) -> bytes:
        start = (index + 1) * self.size
        if index >= _MAX_SECTORS or start >= len(self.data):
            raise XlsLayoutError("sector out of range")
        return self.data[start:start + self.size]

    def chain(self, start: int, table: bytes | None = None) -> list[int]:
        table = self.fat if table is None else table
        out: list[int] = []
        seen: set[int] = set()
        while start < _END_OF_CHAIN:
            if start in seen or 4 * start + 4 > len(table):
                raise XlsLayoutError("broken chain")
            seen.add(start)
            out.append(start)
            start = _u32(table, 4 * start)
        return out

    def stream(self, names: tuple[str, ...]) -> bytes:
        directory = b"".join(self.sector(s) for s in self.chain(_u32(self.data, 48)))
        entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
        for entry in entries:
            length = struct.unpack_from("<H", entry, 64)[0]
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
            if entry[66] == 2 and name in names:
                start, size = _u32(entry, 116), _u32(entry, 120)
                if size >= _u32(self.data, 56):
                    return b"".join(self.sector(s) for s in self.chain(start))[:size]
                return self._mini_stream(entries[0], start, size)
        raise XlsLayoutError("no workbook stream")

    def _mini_stream(self, root: bytes, start: int, size: int) -> bytes:
        container = b"".join(self.sector(s) for s in self.chain(_u32(root, 116)))
        minifat = b"".join(self.sector(s) for s in self.chain(_u32(self.data, 60)))
        return b"".join(container[i * 64:(i + 1) * 64] for i in self.chain(start, minifat))[:size]


def sheet_extents(data: bytes) -> list[tuple[str, int, int]]:
    """(sheet name, rows, columns) in use, for every worksheet of the .xls in ``data``."""
    try:
        stream = _Container(data).stream(("Workbook", "Book"))
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise XlsLayoutError(str(exc)) from None
    names: dict[int, str] = {}
    extents: list[tuple[str, int, int]] = []
    current: list | None = None
    pos = 0
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + length]
        if kind == _BOUNDSHEET and len(body) >= 8:
            count, wide = body[6], body[7] & 1
            raw = body[8:8 + count * (2 if wide else 1)]
            names[_u32(body, 0)] = raw.decode("utf-16-le" if wide else "latin-1", "replace")
        elif kind == _BOF and pos in names:  # a worksheet starts (other BOFs: embedded charts)
            if current is not None:
                extents.append(tuple(current))
            current = [names[pos], 0, 0]
        elif current is not None and len(body) >= 4 and (kind in _CELL_RECORDS or kind == _MULRK):
            row, col = struct.unpack_from("<HH", body, 0)
            if kind == _MULRK and len(body) >= 6:
                col = struct.unpack_from("<H", body, len(body) - 2)[0]
            current[1] = max(current[1], row + 1)
            current[2] = max(current[2], col + 1)
        pos += 4 + length
    if current is not None:
        extents.append(tuple(current))
    return extents
