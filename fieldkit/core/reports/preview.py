"""Pages of a written PDF as pictures, for the preview inside the app and for printing.

PySide6-Essentials has no QtPdf; PDFium through pypdfium2 adds about 8 MB to the bundle
(QtPdf would need the PySide6-Addons wheel), renders exactly the file that is saved and
printed, and hands raw RGB rows the UI wraps in a QImage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldkit.core.progress import CancelToken, ProgressCallback


@dataclass
class PageImage:
    width: int
    height: int
    stride: int
    data: bytes          # 24-bit RGB rows


def render_pages(pdf: str | Path, *, dpi: float = 60, first: int = 0, count: int | None = None,
                 progress: ProgressCallback | None = None,
                 cancel: CancelToken | None = None) -> list[PageImage]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        last = len(document) if count is None else min(len(document), first + count)
        pages = []
        for index in range(first, last):
            if cancel is not None:
                cancel.raise_if_cancelled()
            bitmap = document[index].render(scale=dpi / 72, rev_byteorder=True)
            pages.append(PageImage(bitmap.width, bitmap.height, bitmap.stride,
                                   bytes(bitmap.buffer)))
            if progress is not None:
                progress(index + 1 - first, last - first, "")
        return pages
    finally:
        document.close()


def page_count(pdf: str | Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()
