"""Charts as PNG pictures (for the Word report): the same reportlab drawing as in the PDF,
rasterised by rl_renderPM and written as PNG with zlib (no imaging library needed)."""

from __future__ import annotations

import struct
import zlib

from reportlab.graphics import renderPM

from fieldkit.core.reports.charts import chart_drawing
from fieldkit.core.reports.model import Chart


def _chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def encode_png(width: int, height: int, rgb: bytes) -> bytes:
    """An 8-bit RGB PNG of ``rgb`` (rows top to bottom, 3 bytes a pixel)."""
    stride = width * 3
    raw = b"".join(b"\0" + rgb[y * stride:(y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b""))


def chart_png(chart: Chart, width_points: float, dpi: int = 200) -> tuple[bytes, float, float]:
    """(PNG bytes, width, height in points) of ``chart`` drawn ``width_points`` wide."""
    drawing = chart_drawing(chart, width_points)
    canvas = renderPM.drawToPMCanvas(drawing, dpi=dpi, backend="_renderPM")
    state = canvas._gs
    return encode_png(state.width, state.height, state.pixBuf), drawing.width, drawing.height
