"""The note editor: a note's text with its coded segments highlighted in their codes'
colours, and the list of those segments below it.

Positions: the core counts code points, Qt counts UTF-16 units; ``positions.TextPositions``
converts (an emoji or 𠀀 before a segment must not shift it). While the user types, the
highlights follow the text locally (``_follow_edit``); once the page has saved the text
through the core's ``set_body`` the core's re-anchored positions replace the local ones.

Highlights are ``QTextEdit.ExtraSelection``s over the pieces between segment boundaries:
a piece covered by one segment takes its code's colour, lightened; a piece covered by
several takes the mix of their colours, darker, and is underlined, so overlaps show.
Hovering shows the codes of the text under the mouse.

Signals: ``edited()`` on every change of the text by the user; ``apply_requested(list)``
(code ids, from the context menu); ``segment_chosen(object)`` (a segment dict or None);
``remove_requested(str)`` (a segment id).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QListWidget, QListWidgetItem, QMenu, QPlainTextEdit, QSplitter,
                               QTextEdit, QToolTip, QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.core.interviews.anchoring import Edit, apply_edit
from fieldkit.ui.interviews.positions import TextPositions, utf16_length

EXCERPT = 40
# how QTextCursor.selectedText differs from toPlainText: paragraph and line separators, and
# non-breaking spaces (toPlainText turns them into a plain space)
PLAIN = str.maketrans({"\u2029": "\n", "\u2028": "\n", "\u00a0": " "})


@dataclass
class Span:
    """A segment as shown: its place in UTF-16 units of the editor's current text."""
    segment: dict
    start: int
    end: int
    gone: bool = False   # its text was deleted in the editor (the core will say lost)


def swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _mix(colours: list[str], white: float) -> QColor:
    """The average of ``colours``, moved ``white`` of the way towards white."""
    qs = [QColor(c) for c in colours]
    r, g, b = (sum(getattr(q, part)() for q in qs) / len(qs) for part in ("red", "green", "blue"))
    return QColor(*(round(v + (255 - v) * white) for v in (r, g, b)))


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class NoteEditor(QWidget):
    edited = Signal()
    apply_requested = Signal(list)
    segment_chosen = Signal(object)
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: list[dict] = []      # for the context menu: id, name, colour, depth
        self.spans: list[Span] = []
        self.search_text = ""
        self.edits: list[Edit] | None = []
        self._last_text = ""
        self._wide: list[int] = []   # UTF-16 positions of the characters beyond the BMP
        self._loading = False
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("note_text")
        font = self.text_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)    # long reading: a little larger
        self.text_edit.setFont(font)
        self.text_edit.setPlaceholderText(tr("The interview note's text. Select words and "
                                             "apply a code to mark a segment."))
        self.text_edit.setToolTip(tr("Select words, then press Alt+1 … Alt+9, double-click a "
                                     "code, or right-click → Apply code. The text is saved a "
                                     "second after you stop typing; Ctrl+S saves at once."))
        self.text_edit.setTabChangesFocus(True)   # Tab moves on, as everywhere in fieldkit
        self.text_edit.setContextMenuPolicy(Qt.CustomContextMenu)
        self.text_edit.customContextMenuRequested.connect(self._context_menu)
        self.text_edit.viewport().installEventFilter(self)
        self.text_edit.document().contentsChange.connect(self._follow_edit)
        self.segment_list = QListWidget()
        self.segment_list.setObjectName("segment_list")
        self.segment_list.setIconSize(QSize(12, 12))
        self.segment_list.setToolTip(tr("Coded segments of this note. Click one to select "
                                        "its text; Delete removes it."))
        self.segment_list.currentItemChanged.connect(self._segment_clicked)
        self.segment_list.installEventFilter(self)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.text_edit)
        split.addWidget(self.segment_list)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    # -- content ----------------------------------------------------------------------------

    def load(self, body: str, segments: list[dict]) -> bool:
        """Show ``body`` and its segments. Returns False when Qt changed the text on the way
        in (Windows line ends, U+2028): then the caller saves the editor's text through the
        core (which re-anchors) and shows the segments it returns."""
        self._loading = True
        try:
            self.text_edit.setPlainText(body)
        finally:
            self._loading = False
        self.text_edit.document().setModified(False)
        self._last_text = self.text()
        self._wide = TextPositions(self._last_text).wide_utf16()
        same = self._last_text == body
        self.edits = [] if same else None
        self.spans = []
        if same:
            self.set_segments(segments, body)
        else:
            self._show()
        return same

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def set_segments(self, segments: list[dict], body: str) -> bool:
        """Replace the shown segments with the core's (positions in code points of ``body``).
        Ignored (False) when the editor's text is no longer ``body``: the user typed on
        since, and the next save brings positions for the new text."""
        if body != self.text():
            return False
        points = TextPositions(body)
        self.spans = [Span(s, *points.span_to_utf16(s["start"], s["end"]),
                           gone=bool(s.get("lost")))
                      for s in sorted(segments, key=lambda s: (s["start"], -s["end"]))]
        self._show()
        return True

    def selection_points(self) -> tuple[int, int] | None:
        """The selected text as (start, end) code points of ``text()``; None when nothing."""
        cursor = self.text_edit.textCursor()
        if not cursor.hasSelection():
            return None
        return TextPositions(self.text()).span_to_points(cursor.selectionStart(),
                                                          cursor.selectionEnd())

    def select_points(self, start: int, end: int) -> None:
        """Select code points start … end of the text (and scroll to them)."""
        points = TextPositions(self.text())
        first, last = points.span_to_utf16(start, end)
        cursor = self.text_edit.textCursor()
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.KeepAnchor)
        self.text_edit.setTextCursor(cursor)
        self.text_edit.ensureCursorVisible()

    def segments_at(self, position: int) -> list[dict]:
        """The segments covering UTF-16 position ``position`` of the editor's text."""
        return [s.segment for s in self.spans
                if not s.gone and s.start <= position < s.end]

    def current_segment(self) -> dict | None:
        item = self.segment_list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    # -- following the user's edits ---------------------------------------------------------

    def _follow_edit(self, position: int, removed: int, added: int) -> None:
        """Move the highlights with an edit, by the core's own rule (``anchoring.apply_edit``:
        shifted, grown when typed strictly inside, gone when any of their text is removed).
        The rule only compares positions, so it holds in UTF-16 units as in code points.

        Work per keystroke stays small on a long note: no copy of the whole text from Qt,
        no scan of it; the segment list is redrawn only when a segment's words changed."""
        if self._loading:
            return
        position, removed, added = self._record_edit(position, removed, added)
        if removed or added:
            live = [s for s in self.spans if not s.gone]
            moved = apply_edit([(s.start, s.end) for s in live], Edit(position, removed, added))
            words_changed = False
            for span, place in zip(live, moved):
                if place is None:
                    span.gone = words_changed = True
                else:
                    words_changed |= place[1] - place[0] != span.end - span.start
                    span.start, span.end = place
            self._paint()
            if words_changed:
                self._fill_list()
        self.edited.emit()

    def _plain(self, first: int, last: int) -> str:
        """The document's text between two UTF-16 positions, as ``toPlainText`` gives it."""
        cursor = QTextCursor(self.text_edit.document())
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.KeepAnchor)
        return cursor.selectedText().translate(PLAIN)

    def _record_edit(self, position: int, removed: int, added: int) -> tuple[int, int, int]:
        """Keep the edit in code points for the core's ``set_body`` (which then moves the
        segments exactly as the user's edits did instead of guessing them with a diff), and
        keep ``_last_text`` (the text) and ``_wide`` (where its characters beyond the BMP
        are) up to date without reading the whole document. Qt sometimes reports more
        removed and added than changed (the same characters on both sides): those are
        trimmed, so they neither lose segments here nor in the core. Returns the trimmed
        edit in UTF-16 units."""
        wide = self._wide
        lo, hi = bisect_left(wide, position), bisect_left(wide, position + removed)
        first = position - lo                              # code points before the edit
        cut = first + removed - (hi - lo)
        old = self._last_text
        gone, put = old[first:cut], self._plain(position, position + added)
        pre = 0
        while pre < min(len(gone), len(put)) and gone[pre] == put[pre]:
            pre += 1
        post = 0
        while (post < min(len(gone), len(put)) - pre
               and gone[len(gone) - 1 - post] == put[len(put) - 1 - post]):
            post += 1
        self._last_text = old[:first] + put + old[cut:]
        put_wide = [position + i + k for k, i in enumerate(
            i for i, ch in enumerate(put) if ord(ch) > 0xFFFF)]
        self._wide = wide[:lo] + put_wide + [w + added - removed for w in wide[hi:]]
        if self.edits is not None and (len(gone) - pre - post or len(put) - pre - post):
            self.edits.append(Edit(first + pre, len(gone) - pre - post, len(put) - pre - post))
        head = utf16_length(put[:pre])
        tail = utf16_length(put[len(put) - post:]) if post else 0
        return position + head, removed - head - tail, added - head - tail

    def take_edits(self) -> list[Edit] | None:
        """The edits since the last call (in code points, in order), or None when they
        are not known or do not add up to the text shown; the caller sends them with the
        text it saves."""
        edits, self.edits = self.edits, []
        current = self.text()
        if self._last_text != current:       # never trust edits that do not add up
            self._last_text, edits = current, None
            self._wide = TextPositions(current).wide_utf16()
        return edits

    def forget_edits(self) -> None:
        """A save failed: the edits sent with it are gone, so the next save diffs."""
        self.edits = None

    # -- drawing ----------------------------------------------------------------------------

    def _show(self) -> None:
        self._paint()
        self._fill_list()

    def _paint(self) -> None:
        live = [s for s in self.spans if not s.gone and s.end > s.start]
        edges = sorted({p for s in live for p in (s.start, s.end)})
        selections = []
        for first, last in zip(edges, edges[1:]):
            covering = [s for s in live if s.start <= first and s.end >= last]
            if not covering:
                continue
            colours = [s.segment.get("colour") or "#f2c14e" for s in covering]
            fmt = QTextCharFormat()
            if len(covering) == 1:
                fmt.setBackground(_mix(colours, 0.55))
            else:   # overlapping segments: a stronger mix, underlined
                fmt.setBackground(_mix(colours, 0.35))
                fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
                fmt.setUnderlineColor(QColor(colours[-1]).darker(160))
            selection = QTextEdit.ExtraSelection()
            selection.format = fmt
            cursor = QTextCursor(self.text_edit.document())
            cursor.setPosition(first)
            cursor.setPosition(last, QTextCursor.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        selections += self._search_hits()
        self.text_edit.setExtraSelections(selections)

    def set_search(self, text: str) -> None:
        """Mark every place the words searched for appear (bold, dark red, outlined)."""
        self.search_text = text.strip()
        self._paint()

    def _search_hits(self) -> list:
        hits = []
        if not self.search_text:
            return hits
        document = self.text_edit.document()
        fmt = QTextCharFormat()
        fmt.setForeground(QColor("#9b1c1c"))
        fmt.setFontWeight(700)
        fmt.setUnderlineStyle(QTextCharFormat.DashUnderline)
        fmt.setUnderlineColor(QColor("#9b1c1c"))
        for term in dict.fromkeys(self.search_text.split()):   # each word searched for
            cursor = document.find(term, 0)
            while not cursor.isNull() and len(hits) < 1000:
                selection = QTextEdit.ExtraSelection()
                selection.format = fmt
                selection.cursor = cursor
                hits.append(selection)
                cursor = document.find(term, cursor)
        return hits

    def _fill_list(self) -> None:
        current = self.current_segment()
        self.segment_list.blockSignals(True)
        self.segment_list.clear()
        spans = sorted(self.spans, key=lambda s: (s.gone, s.start, -s.end))
        for span in spans:
            segment = span.segment
            marks = " ".join((["★"] if segment.get("important") else [])
                             + ([tr("[quote]")] if segment.get("quote") else []))
            if span.gone:
                label = tr("{code} — text deleted: “{text}”", code=segment.get("code_name", ""),
                           text=excerpt(segment.get("text", "")))
            else:
                shown = self._plain(span.start, span.end)
                label = f"{segment.get('code_name', '')} — “{excerpt(shown)}”"
            item = QListWidgetItem(swatch(segment.get("colour") or "#f2c14e"),
                                   (marks + " " if marks else "") + label)
            item.setData(Qt.UserRole, segment)
            if span.gone:
                item.setForeground(QBrush(QColor("#8a1c1c")))
            if segment.get("memo"):
                item.setToolTip(segment["memo"])
            self.segment_list.addItem(item)
            if current is not None and segment.get("id") == current.get("id"):
                self.segment_list.setCurrentItem(item)
        self.segment_list.blockSignals(False)

    # -- interaction ------------------------------------------------------------------------

    def _segment_clicked(self, item, _previous=None) -> None:
        segment = item.data(Qt.UserRole) if item is not None else None
        if segment is not None:
            span = next((s for s in self.spans if s.segment.get("id") == segment.get("id")), None)
            if span is not None and not span.gone:
                cursor = self.text_edit.textCursor()
                cursor.setPosition(span.start)
                cursor.setPosition(span.end, QTextCursor.KeepAnchor)
                self.text_edit.setTextCursor(cursor)
                self.text_edit.ensureCursorVisible()
        self.segment_chosen.emit(segment)

    def _context_menu(self, pos) -> None:
        menu = self.text_edit.createStandardContextMenu()
        menu.addSeparator()
        apply_menu = QMenu(tr("Apply code"), menu)
        apply_menu.setEnabled(self.text_edit.textCursor().hasSelection() and bool(self.codes))
        for code in self.codes:
            action = apply_menu.addAction(swatch(code["colour"]),
                                          "    " * code.get("depth", 0) + code["name"])
            action.triggered.connect(lambda _=False, c=code["id"]: self.apply_requested.emit([c]))
        menu.addMenu(apply_menu)
        here = self.segments_at(self.text_edit.cursorForPosition(pos).position())
        if here:
            remove_menu = QMenu(tr("Remove segment"), menu)
            for segment in here:
                action = remove_menu.addAction(
                    swatch(segment.get("colour") or "#f2c14e"),
                    f"{segment.get('code_name', '')} — “{excerpt(segment.get('text', ''), 20)}”")
                action.triggered.connect(
                    lambda _=False, s=segment["id"]: self.remove_requested.emit(s))
            menu.addMenu(remove_menu)
        self.context_menu = menu   # kept for tests
        menu.popup(self.text_edit.viewport().mapToGlobal(pos))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.text_edit.viewport() and event.type() == QEvent.ToolTip:
            here = self.segments_at(self.text_edit.cursorForPosition(event.pos()).position())
            if here:
                QToolTip.showText(event.globalPos(),
                                  "\n".join(s.get("code_name", "") for s in here), self)
            else:
                QToolTip.hideText()
            return True
        if (watched is self.segment_list and event.type() == QEvent.KeyPress
                and event.key() == Qt.Key_Delete and self.current_segment() is not None):
            self.remove_requested.emit(self.current_segment()["id"])
            return True
        return super().eventFilter(watched, event)
