"""The runner's header: the form, the state of the response, the site, the form's language
and the review state (received / has issues with a comment / approved)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QInputDialog, QLabel,
                               QWidget)

from fieldkit.core.i18n import tr
from fieldkit.core.importing.origin import source_text
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES
from fieldkit.ui.runner.style import CHROME_STYLE, look


def local_time(text: str | None) -> str:
    """An ISO time stamp as people read it: 2024-12-01 09:30:05 +08:00."""
    if not text:
        return ""
    day, _, rest = text.partition("T")
    if not rest:
        return text
    clock, offset = rest[:8], ""
    for sign in ("+", "-", "Z"):
        at = rest.find(sign, 8)
        if at >= 0:
            offset = " " + rest[at:] if sign != "Z" else " UTC"
            break
    return f"{day} {clock}{offset}"


LANGUAGE_NAMES = {"zh": "中文", "zh-cn": "中文", "zh_cn": "中文", "chinese": "中文",
                  "en": "English", "english": "English"}


def language_caption(language: str) -> str:
    """How a form language reads in the switcher ("" is the form's unnamed language).

    XLSForm names a language as "中文 (zh)" or "English (en)"; people read the name alone.
    A bare code ("zh", "en") is shown as the language's own name."""
    if not language:
        return tr("Form's own language")
    match = re.fullmatch(r"\s*(.*?)\s*\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\)\s*", language)
    name = match.group(1) if match and match.group(1) else language.strip()
    return LANGUAGE_NAMES.get(name.lower(), name)


class RunnerHeader(QWidget):
    site_changed = Signal(object)             # site id or None
    language_changed = Signal(str)
    review_changed = Signal(str, str)         # state, comment

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runnerHeader")
        self.setAttribute(Qt.WA_StyledBackground)
        self.setStyleSheet(CHROME_STYLE)
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 10, 16, 6)
        grid.setHorizontalSpacing(10)
        self.title = QLabel()
        look(self.title, "formTitle")
        self.title.setWordWrap(True)
        self.state = QLabel()
        look(self.state, "stateLabel")
        self.state.setWordWrap(True)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.state, 1, 0, 1, 2)
        pickers = QHBoxLayout()
        self.site = QComboBox()
        self.site.setMinimumWidth(220)
        self.language = QComboBox()
        self.language.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.review = QComboBox()
        for key, caption in REVIEW_STATES:
            self.review.addItem(tr(caption), key)
        pickers.setSpacing(6)
        self.pickers: dict[str, tuple[QLabel, QComboBox]] = {}
        for key, caption, box in (("site", tr("Site (Alt+1)"), self.site),
                                  ("language", tr("Language (Alt+2)"), self.language),
                                  ("review", tr("Review (Alt+3)"), self.review)):
            label = QLabel(caption)
            label.setBuddy(box)
            if self.pickers:
                pickers.addSpacing(24)        # a gap between one picker and the next label
            pickers.addWidget(label)
            pickers.addWidget(box)
            self.pickers[key] = (label, box)
        pickers.addStretch(1)
        grid.addLayout(pickers, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self._loading = False
        self.site.currentIndexChanged.connect(self._site)
        self.language.currentIndexChanged.connect(self._language)
        self.review.activated.connect(self._review)
        self._review_state = "received"
        for keys, box in (("Alt+1", self.site), ("Alt+2", self.language), ("Alt+3", self.review)):
            QShortcut(QKeySequence(keys), self, box.setFocus)

    def show_response(self, data: dict, languages: list[str], language: str) -> None:
        response, definition = data["response"], data["definition"]
        self._loading = True
        try:
            self.title.setText(f"{definition.title or definition.form_id}")
            self.show_state(response, data.get("cadre_name", ""))
            self.site.clear()
            self.site.addItem(tr("(no site)"), None)
            for site_id, name in data["sites"]:
                self.site.addItem(name, site_id)
            self.site.setCurrentIndex(max(self.site.findData(response["site_id"]), 0))
            self.site.setEnabled(response["status"] == "draft")
            self.language.clear()
            for name in languages:
                self.language.addItem(language_caption(name), name)
            self.language.setCurrentIndex(max(self.language.findData(language), 0))
            self.language.setEnabled(len(languages) > 1)
        finally:
            self._loading = False

    def show_state(self, response: dict, cadre_name: str = "") -> None:
        status = tr(dict(STATUSES).get(response["status"], response["status"]))
        parts = [tr("{status}, revision {revision}", status=status,
                    revision=response["revision"]),
                 tr("form version {version}", version=response["form_version"]),
                 tr("started {time}", time=local_time(response["started_at"]))]
        if response.get("finished_at"):
            parts.append(tr("finalised {time}", time=local_time(response["finished_at"])))
        if cadre_name:
            parts.append(tr("collected by {name}", name=cadre_name))
        if response.get("source"):  # “imported from wjx.xlsx · Sheet1, row 12”
            parts.append(source_text(response["source"]))
        if response.get("review_comment"):
            parts.append(tr("review comment: {comment}", comment=response["review_comment"]))
        self.state.setText(" · ".join(parts))
        self._review_state = response.get("review_state") or "received"
        for widget in self.pickers["review"]:      # a draft is not reviewed yet
            widget.setVisible(response.get("status") != "draft")
        self.review.blockSignals(True)
        self.review.setCurrentIndex(max(self.review.findData(self._review_state), 0))
        self.review.blockSignals(False)

    def site_id(self):
        return self.site.currentData()

    def _site(self) -> None:
        if not self._loading:
            self.site_changed.emit(self.site.currentData())

    def _language(self) -> None:
        if not self._loading and self.language.currentData() is not None:
            self.language_changed.emit(self.language.currentData())

    def _review(self) -> None:
        state = self.review.currentData()
        comment = ""
        if state == "has_issues":
            comment, ok = QInputDialog.getMultiLineText(
                self, tr("Has issues"), tr("What should the collector fix?"))
            if not ok or not comment.strip():
                self._loading = True
                self.review.setCurrentIndex(max(self.review.findData(self._review_state), 0))
                self._loading = False
                return
        self.review_changed.emit(state, comment)
