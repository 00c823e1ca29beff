"""Reviewed reference pictures (tests/ui/reference/, made by ``python tools/screenshots.py
--reference`` and looked at) against the pages as they render now.

Pixels differ between machines and days (the demo is dated from today), so the comparison is
of the layout: the page area of both pictures (the sidebar, menu and status bar left out)
shrunk to 64×36 grey cells, the mean difference of the cells. The same page rendered again
differs by under 1; two different pages by 12 or more; a page blank, a panel moved or a layout
that no longer fits makes it large. After a deliberate change of a page's look, make the pictures
again, look at them, and commit them.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THRESHOLD = 8.0    # mean grey difference per cell, 0-255 (see the module's docstring)
SIDEBAR, BARS = 190, 22   # pixels of sidebar on the left, of menu and status bar above/below


def _screenshots():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "tools" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(path: Path) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format_Grayscale8)
    page = image.copy(SIDEBAR, BARS, image.width() - SIDEBAR, image.height() - 2 * BARS)
    small = page.scaled(64, 36, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
    return [small.pixelColor(x, y).value() for y in range(36) for x in range(64)]


def _difference(a: Path, b: Path) -> float:
    one, two = _cells(a), _cells(b)
    return sum(abs(x - y) for x, y in zip(one, two)) / len(one)


def test_pages_keep_their_reviewed_layout(qapp, tmp_path):
    shots = _screenshots()
    made = {p.name: p for p in shots.capture_reference(tmp_path)}
    references = sorted(shots.REFERENCE_DIR.glob("*.png"))
    assert len(references) == len(shots.REFERENCE) == len(made)
    far = {}
    for reference in references:
        difference = _difference(reference, made[reference.name])
        if difference > THRESHOLD:
            far[reference.name] = round(difference, 1)
    assert not far, f"pages that no longer look like their reviewed picture: {far}"


def test_the_comparison_sees_a_broken_layout(qapp, tmp_path):
    """A blank page, or another page, is far from a reference; the same picture is at 0."""
    from PySide6.QtGui import QColor, QImage

    shots = _screenshots()
    reference = sorted(shots.REFERENCE_DIR.glob("*.png"))[0]
    assert _difference(reference, reference) == 0
    blank = QImage(QImage(str(reference)).size(), QImage.Format_RGB32)
    blank.fill(QColor("white"))
    blank.save(str(tmp_path / "blank.png"))
    assert _difference(reference, tmp_path / "blank.png") > THRESHOLD
    others = sorted(shots.REFERENCE_DIR.glob("*.png"))[1:]
    assert all(_difference(reference, other) > THRESHOLD for other in others)
