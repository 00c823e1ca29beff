"""Location, attachment and range inputs.

An attached photo, recording or file is copied into the workspace (fieldkit.core.store.attachments)
on the database thread; the answer holds its reference ``att:<id>``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSlider, QWidget)

from fieldkit.core.i18n import N_, tr
from fieldkit.ui.runner.inputs import AnswerInput, MultilineInput, NumberValidator, ascii_digits

GEO_PARTS = ((N_("Latitude"), -90, 90), (N_("Longitude"), -180, 180),
             (N_("Altitude (m)"), None, None), (N_("Accuracy (m)"), 0, None))


class GeopointInput(AnswerInput):
    """Latitude, longitude, altitude and accuracy, typed from a GPS unit or a map."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits: list[QLineEdit] = []
        for caption, _, _ in GEO_PARTS:
            edit = QLineEdit()
            edit.setPlaceholderText(tr(caption))
            edit.setToolTip(tr(caption))
            edit.setValidator(NumberValidator(True, edit))
            edit.setFixedWidth(120)
            edit.textEdited.connect(self._typed)
            layout.addWidget(edit)
            self.watch(edit)
            self.edits.append(edit)
        layout.addStretch(1)

    def _numbers(self) -> list[float | None]:
        out = []
        for edit in self.edits:
            text = edit.text().strip()
            try:
                out.append(float(text) if text not in ("", "-", ".") else None)
            except ValueError:
                out.append(None)
        return out

    def _typed(self) -> None:
        numbers = self._numbers()
        self.problem = ""
        for (caption, low, high), number in zip(GEO_PARTS, numbers):
            if number is not None and ((low is not None and number < low) or
                                       (high is not None and number > high)):
                self.problem = tr("{part} must be between {low} and {high}.", part=tr(caption),
                                  low=low, high=high if high is not None else "∞")
        if not self.problem and (numbers[0] is None) != (numbers[1] is None):
            self.problem = tr("Give both latitude and longitude.")
        self._changed()

    def value(self) -> str:
        numbers = self._numbers()
        if numbers[0] is None or numbers[1] is None or self.problem:
            return ""
        texts = [e.text().strip() if n is not None else "0" for e, n in zip(self.edits, numbers)]
        return " ".join(t.rstrip(".") for t in texts)

    def _show(self, value: str) -> None:
        parts = value.split()
        for index, edit in enumerate(self.edits):
            edit.setText(parts[index] if index < len(parts) else "")
        self.problem = ""

    def focus_targets(self) -> list[QWidget]:
        return list(self.edits)


class GeotraceInput(MultilineInput):
    """A line or an area: one point per line, "latitude longitude [altitude accuracy]"."""

    height = 80
    placeholder = N_("One point per line: latitude longitude")

    def value(self) -> str:
        points = []
        for line in ascii_digits(self.edit.toPlainText()).splitlines():
            parts = line.replace(",", " ").split()
            if len(parts) >= 2:
                points.append(" ".join((parts + ["0", "0"])[:4]))
        return ";".join(points)

    def _show(self, value: str) -> None:
        self.edit.setPlainText("\n".join(p.strip() for p in value.split(";") if p.strip()))

    def focus_targets(self) -> list[QWidget]:
        return [self.edit]


FILE_FILTERS = {"image": N_("Images"), "audio": N_("Audio recordings"), "video": N_("Videos"),
                "file": N_("Files")}
FILE_PATTERNS = {"image": "*.jpg *.jpeg *.png *.gif *.bmp *.heic *.webp",
                 "audio": "*.mp3 *.m4a *.wav *.amr *.aac *.ogg *.3gp",
                 "video": "*.mp4 *.mov *.avi *.3gp *.mkv", "file": "*"}


class FileInput(AnswerInput):
    """Attach a photo, recording, video or file from disk (kept as its path for now)."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.path = ""
        self.label = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.attach = QPushButton(tr("Attach…"))
        self.name = QLabel(tr("(nothing attached)"))
        self.clear = QPushButton(tr("Remove"))
        layout.addWidget(self.attach)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.clear)
        self.attach.clicked.connect(self.choose)
        self.clear.clicked.connect(lambda: self.attach_path(""))
        self.watch(self.attach, self.clear)
        self._refresh()

    def choose(self) -> None:
        caption = tr(FILE_FILTERS.get(self.kind, FILE_FILTERS["file"]))
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Attach a file"), str(Path(self.path).parent) if self.path else "",
            f"{caption} ({FILE_PATTERNS.get(self.kind, '*')})")
        if path:
            self.attach_path(path)

    def attach_path(self, path: str) -> None:
        """Copy the file into the workspace, then answer with its reference."""
        if not path:
            self.path, self.label = "", ""
            self._refresh()
            self._changed()
            return
        runner = self.window()
        tasks = getattr(runner, "tasks", None)
        if tasks is None:  # not inside a runner window (a widget test): keep the path
            self.path, self.label = str(Path(path).resolve()), Path(path).name
            self._refresh()
            self._changed()
            return
        from fieldkit.core.store import attachments
        from fieldkit.ui.tasks import show_error

        def stored(reference: str) -> None:
            self.path, self.label = reference, Path(path).name
            self._refresh()
            self._changed()
        self.name.setText(tr("Copying {name} into the workspace…", name=Path(path).name))
        tasks.run(attachments.add, stored, lambda exc: (self._refresh(), show_error(self, exc)),
                  path)

    def _refresh(self) -> None:
        shown = getattr(self, "label", "") or (Path(self.path).name if self.path else "")
        if self.path.startswith("att:") and not shown:
            shown = tr("(attached file)")
        self.name.setText(shown or tr("(nothing attached)"))
        self.name.setToolTip(self.path)
        self.clear.setVisible(bool(self.path))

    def value(self) -> str:
        return self.path

    def _show(self, value: str) -> None:
        self.path, self.label = value, ""
        self._refresh()

    def focus_targets(self) -> list[QWidget]:
        return [self.attach] + ([self.clear] if self.path else [])

    def handle_key(self, target: QObject, event) -> bool:
        if event.key() == Qt.Key_Delete and self.path and not self.read_only:
            self.attach_path("")
            return True
        return False


def range_parameters(text: str) -> tuple[float, float, float]:
    values = {"start": 1.0, "end": 10.0, "step": 1.0}
    for part in text.replace(";", " ").replace(",", " ").split():
        key, _, number = part.partition("=")
        try:
            values[key.strip().lower()] = float(number)
        except ValueError:
            continue
    step = abs(values["step"]) or 1.0
    return values["start"], values["end"], step


class RangeInput(AnswerInput):
    """A slider over the range's steps; unanswered until it is moved or a value typed."""

    def __init__(self, parameters: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start, self.end, self.step = range_parameters(parameters)
        self.count = max(int(round(abs(self.end - self.start) / self.step)), 1)
        self.answered = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.low = QLabel(self._format(self.start))
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, self.count)
        self.slider.setMinimumWidth(240)
        self.slider.setTickPosition(QSlider.TicksBelow)
        self.high = QLabel(self._format(self.end))
        self.shown = QLabel("—")
        self.shown.setMinimumWidth(60)
        self.shown.setStyleSheet("font-weight: bold;")
        for widget in (self.low, self.slider, self.high, self.shown):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.slider.valueChanged.connect(self._moved)
        self.watch(self.slider)

    def _format(self, number: float) -> str:
        return str(int(number)) if float(number).is_integer() else f"{number:g}"

    def _number(self, position: int) -> float:
        direction = 1 if self.end >= self.start else -1
        return self.start + direction * position * self.step

    def _moved(self, position: int) -> None:
        if self._loading:
            return
        self.answered = True
        self.shown.setText(self._format(self._number(position)))
        self._changed()

    def value(self) -> str:
        return self._format(self._number(self.slider.value())) if self.answered else ""

    def _show(self, value: str) -> None:
        try:
            number = float(value)
        except ValueError:
            self.answered = False
            self.slider.setValue(0)
            self.shown.setText("—")
            return
        self.answered = True
        self.slider.setValue(int(round(abs(number - self.start) / self.step)))
        self.shown.setText(self._format(number))

    def focus_targets(self) -> list[QWidget]:
        return [self.slider]

    def handle_key(self, target: QObject, event) -> bool:
        if event.key() == Qt.Key_Space and not self.answered and not self.read_only:
            self._moved(self.slider.value())   # Space accepts the value shown
            return True
        return False
