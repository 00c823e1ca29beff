"""Pictures a form shows with its labels (``media::image``): decoded when first painted,
kept once per runner.

A form may give each choice a picture (pictograms for people who read little, "which of
these safety signs…"). A list of 500 choices must not decode 500 files before the form
shows, so a choice only carries the bytes (``ChoiceOption.picture``, the form's own
object) and is decoded when a button or list row is first painted; the result is kept in
the runner's :class:`PictureCache`, so a language switch or a choice filter that rebuilds
rows decodes nothing again.

A form's files come from other people. A file that is not a picture (a text file named
``.png``), a broken one, or one whose header claims more than ``MAX_PIXELS`` (a
20000 × 20000 PNG) gives no picture: the label is shown alone, with no message. Pictures
are decoded already scaled down to the size they are shown at (``setScaledSize``), so a
large photo costs little memory.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QModelIndex, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

#: A picture whose header claims more pixels than this is not decoded (a 48-megapixel photo
#: still is; at most 240 MB while decoding, under Qt's own 256 MB allocation limit).
MAX_PIXELS = 60_000_000
#: The box a choice's picture is fitted into (keeping its shape) beside the choice's label.
CHOICE_BOX = QSize(96, 72)
#: The same in a drop-down or a long list, where rows must stay compact.
LIST_BOX = QSize(64, 48)
#: The box a question's or note's own picture is fitted into under its label.
QUESTION_BOX = QSize(480, 320)
#: Where list rows and combo items keep the number of their picture in ``PictureDelegate.pictures``.
PICTURE_ROLE = Qt.UserRole + 7


def decode(data: bytes, box: QSize) -> QImage | None:
    """``data`` as an image no larger than ``box`` (never enlarged), or None when it is not
    a picture Qt can read, is broken, or claims to be absurdly large."""
    if not data:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    if not buffer.open(QIODevice.ReadOnly):
        return None
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    if not reader.canRead():
        return None
    size = reader.size()          # from the header: nothing decoded yet
    vector = bytes(reader.format()).lower() in (b"svg", b"svgz")   # drawn at the size asked for
    if size.isValid():
        if size.isEmpty() or (size.width() * size.height() > MAX_PIXELS and not vector):
            return None
        if size.width() > box.width() or size.height() > box.height():
            reader.setScaledSize(size.scaled(box, Qt.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if image.width() > box.width() or image.height() > box.height():  # a format without scaled reading
        image = image.scaled(box, Qt.KeepAspectRatio, Qt.SmoothTransformation)
    return image


class PictureCache:
    """Decoded pictures by (bytes, box), for one runner. ``decoded`` counts real decodes
    (tests and the benchmark read it); a file that gave no picture is remembered as None."""

    def __init__(self) -> None:
        self._pixmaps: dict[tuple[int, int, bytes], QPixmap | None] = {}
        self.decoded = 0

    def pixmap(self, data: bytes, box: QSize) -> QPixmap | None:
        """The picture fitted into ``box`` (logical pixels; sharp on a high-density screen)."""
        if not data:
            return None
        key = (box.width(), box.height(), data)
        if key not in self._pixmaps:
            self.decoded += 1
            ratio = max(QGuiApplication.instance().devicePixelRatio(), 1.0)
            image = decode(data, box * ratio)
            pixmap = None
            if image is not None:
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(ratio)
            self._pixmaps[key] = pixmap
        return self._pixmaps[key]

    def icon(self, data: bytes, box: QSize) -> QIcon | None:
        pixmap = self.pixmap(data, box)
        return picture_icon(pixmap) if pixmap is not None else None


def picture_icon(pixmap: QPixmap) -> QIcon:
    """An icon that shows the picture as it is even on a disabled (read-only) choice: a
    finalised response is read, and a greyed pictogram reads worse."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Disabled)
    return icon


_blank: dict[tuple[int, int], QIcon] = {}


def blank_icon(box: QSize) -> QIcon:
    """A transparent stand-in that keeps a picture's room until the picture is decoded."""
    key = (box.width(), box.height())
    if key not in _blank:
        pixmap = QPixmap(box)
        pixmap.fill(Qt.transparent)
        _blank[key] = QIcon(pixmap)
    return _blank[key]


class PictureButtonMixin:
    """For a radio button or check box: its choice's picture beside its text, decoded on
    the first paint. The text stays, and clicking the picture picks the choice too."""

    _picture_data = b""
    _picture_cache: PictureCache | None = None

    def set_picture(self, cache: PictureCache | None, data: bytes) -> None:
        if data == self._picture_data and cache is self._picture_cache:
            return
        self._picture_cache, self._picture_data = cache, data
        if data and cache is not None:
            pixmap = cache._pixmaps.get((CHOICE_BOX.width(), CHOICE_BOX.height(), data), False)
            if pixmap is False:
                self.setIcon(blank_icon(CHOICE_BOX))   # decoded when painted
                self.setIconSize(CHOICE_BOX)
                return
            self._show_pixmap(pixmap)
        else:
            self.setIcon(QIcon())

    def has_picture(self) -> bool:
        return not self.icon().isNull()

    def _show_pixmap(self, pixmap: QPixmap | None) -> None:
        self._picture_data = b"" if pixmap is None else self._picture_data
        if pixmap is None:
            self.setIcon(QIcon())
        else:
            self.setIcon(picture_icon(pixmap))
            # as wide as the picture (the text follows it closely), as tall as the box
            # (the row keeps the height it had while the picture was being decoded)
            width = round(pixmap.width() / pixmap.devicePixelRatio())
            self.setIconSize(QSize(width, CHOICE_BOX.height()))

    def paintEvent(self, event) -> None:
        cache, data = self._picture_cache, self._picture_data
        if data and cache is not None and self.icon().cacheKey() == blank_icon(CHOICE_BOX).cacheKey():
            self._show_pixmap(cache.pixmap(data, CHOICE_BOX))
        super().paintEvent(event)


class PictureDelegate(QStyledItemDelegate):
    """For list views and drop-downs: a row's picture drawn before its text, decoded only
    for rows actually painted. A row names its picture by number (``PICTURE_ROLE``, 1-based
    into ``pictures``), so no bytes are copied into the model. Sizes are worked out without
    decoding (every row with a picture gets the box's height)."""

    def __init__(self, cache: PictureCache, parent=None, box: QSize = LIST_BOX) -> None:
        super().__init__(parent)
        self.cache = cache
        self.box = box
        self.pictures: list[bytes] = []
        self._sizing = False

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        number = index.data(PICTURE_ROLE)
        if not number or number > len(self.pictures) or not self.pictures[number - 1]:
            return
        data = self.pictures[number - 1]
        icon = blank_icon(self.box) if self._sizing else self.cache.icon(data, self.box)
        if icon is not None:
            option.icon = icon
            option.decorationSize = self.box
            option.features |= QStyleOptionViewItem.HasDecoration

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        self._sizing = True
        try:
            size = super().sizeHint(option, index)
        finally:
            self._sizing = False
        if any(self.pictures):      # rows without a picture as tall as those with one
            size.setHeight(max(size.height(), self.box.height() + 4))
        return size


__all__ = ["decode", "PictureCache", "PictureButtonMixin", "PictureDelegate", "PICTURE_ROLE",
           "CHOICE_BOX", "LIST_BOX", "QUESTION_BOX", "MAX_PIXELS"]
