"""One activity in full: its fields, its attached photos and files (Save as…) and the
problems, questionnaires and interview notes linked to it (Enter opens one; Remove link or
Del takes a link off after asking, leaving the record itself as it is)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QVBoxLayout)

from fieldkit.core.i18n import tr
from fieldkit.core.work.activity_edit import link_text
from fieldkit.core.work.model import DURATIONS, KINDS, label
from fieldkit.ui.activities import ops
from fieldkit.ui.activities.check_list import CheckList, joined
from fieldkit.ui.activities.entry import LINK_LABELS


class ActivityDetails(QDialog):
    """``linked`` is emitted after records were linked to the activity or a link was
    removed; ``edit_asked(dict)``
    when Edit (F2) is chosen (the page opens the entry form on the activity)."""

    linked = Signal()
    edit_asked = Signal(dict)

    def __init__(self, window, activity: dict[str, Any], parent=None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.activity = activity
        self.setWindowTitle(tr("Activity of {date}", date=activity["date"]))
        form = QFormLayout()
        kinds = joined(tr(label(KINDS, k)) for k in activity["kinds"])
        rows = ((tr("Date"), activity["date"]), (tr("Site"), activity.get("site_name") or "—"),
                (tr("Cadres"), activity["cadre_names"]), (tr("Kinds"), kinds),
                (tr("Sub-kinds"), joined(activity["sub_kinds"]) or "—"),
                (tr("Duration"), tr(label(DURATIONS, activity["duration"]))),
                (tr("Workers reached"), str(activity["workers_reached"])),
                (tr("Opinions collected"), str(activity["feedback_count"])),
                (tr("Opinions"), activity["feedback"] or "—"),
                (tr("Notes"), activity["notes"] or "—"))
        for caption, text in rows:
            value = QLabel(escape(text).replace("\n", "<br>"))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            form.addRow(caption, value)
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.save_button = QPushButton(tr("Save as…"))
        self.save_button.setEnabled(False)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        files_row.addWidget(self.save_button, 0, Qt.AlignTop)
        form.addRow(tr("Attachments"), files_row)
        self.links = QListWidget()
        self.links.setMaximumHeight(110)
        self.links.setToolTip(tr("Enter or a double click opens the linked record")
                              + tr("; Del removes the link (the record is kept)"))
        self.unlink_button = QPushButton(tr("Remove link…"))
        self.unlink_button.setToolTip(tr("Remove the chosen link (Del); the record is kept"))
        self.unlink_button.setEnabled(False)
        links_row = QHBoxLayout()
        links_row.addWidget(self.links, 1)
        links_row.addWidget(self.unlink_button, 0, Qt.AlignTop)
        form.addRow(tr("Linked records"), links_row)
        self.more_links = CheckList(tr("Find a problem, questionnaire or interview"))
        self.more_links.list.setMaximumHeight(90)
        self.link_button = QPushButton(tr("Link the ticked"))
        self.link_button.setEnabled(False)
        more_row = QHBoxLayout()
        more_row.addWidget(self.more_links, 1)
        more_row.addWidget(self.link_button, 0, Qt.AlignTop)
        form.addRow(tr("Link more"), more_row)
        self.more_links.changed.connect(
            lambda: self.link_button.setEnabled(bool(self.more_links.checked_ids())))
        self.link_button.clicked.connect(self.add_links)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Close).setText(tr("Close (Esc)"))
        self.edit_button = buttons.addButton(tr("Edit (F2)"), QDialogButtonBox.ActionRole)
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.edit)
        QShortcut(QKeySequence(Qt.Key_F2), self, activated=self.edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        self.files.currentRowChanged.connect(lambda row: self.save_button.setEnabled(row >= 0))
        self.files.itemActivated.connect(lambda _: self.save_file())
        self.save_button.clicked.connect(self.save_file)
        self.links.itemActivated.connect(self.open_link)
        self.links.currentItemChanged.connect(
            lambda item, _: self.unlink_button.setEnabled(bool(item and item.data(Qt.UserRole))))
        self.unlink_button.clicked.connect(self.remove_link)
        unlink_key = QShortcut(QKeySequence.Delete, self.links, activated=self.remove_link)
        unlink_key.setContext(Qt.WidgetShortcut)
        window.tasks.run(ops.details, self._show, None, activity)
        window.tasks.run(ops.link_candidates, self._show_candidates, None,
                         activity.get("site_id"))

    def edit(self) -> None:
        self.accept()
        self.edit_asked.emit(self.activity)

    def _show_candidates(self, candidates: list[dict[str, Any]]) -> None:
        linked = {(link["target_table"], link["target_id"]) for link in self.activity["links"]}
        self.more_links.set_items([
            (f"{c['table']}:{c['id']}",
             f"{tr(LINK_LABELS[c['table']])} · {c['label']} · {c['date']}")
            for c in candidates if (c["table"], c["id"]) not in linked])

    def add_links(self) -> None:
        keys = self.more_links.checked_ids()
        if not keys:
            return
        self.link_button.setEnabled(False)

        def done(details: dict[str, Any]) -> None:
            self._reshow(details)
            self.more_links.set_items([(i.data(Qt.UserRole), i.text())
                                       for i in self.more_links.items()
                                       if i.data(Qt.UserRole) not in keys], checked=[])
            self.linked.emit()

        self.window_.tasks.run(ops.add_links, done, None, self.activity, keys)

    def remove_link(self) -> None:
        """Take the chosen link off after asking; the linked record itself stays."""
        item = self.links.currentItem()
        if item is None or not item.data(Qt.UserRole):
            return
        table, target_id = item.data(Qt.UserRole)
        answer = QMessageBox.question(
            self, tr("Remove link"),
            tr("Remove the link to {record} from this activity? The record itself is kept.",
               record=item.text()))
        if answer != QMessageBox.Yes:
            return
        self.unlink_button.setEnabled(False)

        def done(details: dict[str, Any]) -> None:
            self._reshow(details)
            self.window_.tasks.run(ops.link_candidates, self._show_candidates, None,
                                   self.activity.get("site_id"))   # offered again
            self.linked.emit()

        self.window_.tasks.run(ops.remove_link, done, None, self.activity, table, target_id)

    def _reshow(self, details: dict[str, Any]) -> None:
        self.activity["links"] = [{"target_table": link["table"], "target_id": link["id"]}
                                  for link in details["links"]]
        self.links.clear()
        self.files.clear()
        self._show(details)
        self.links.setFocus()

    def _show(self, details: dict[str, Any]) -> None:
        for info in details["attachments"]:
            item = QListWidgetItem(tr("{name} ({size} KB)", name=info["file_name"],
                                      size=max(1, round(info["size"] / 1024))))
            item.setData(Qt.UserRole, "att:" + info["id"])
            item.setData(Qt.UserRole + 1, info["file_name"])
            self.files.addItem(item)
        if not details["attachments"]:
            self.files.addItem(tr("No files attached."))
            self.files.item(0).setFlags(Qt.NoItemFlags)
        for link in details["links"]:
            item = QListWidgetItem(link_text(link))
            item.setData(Qt.UserRole, (link["table"], link["id"]))
            self.links.addItem(item)
        if not details["links"]:
            self.links.addItem(tr("Nothing linked."))
            self.links.item(0).setFlags(Qt.NoItemFlags)

    def save_file(self) -> None:
        item = self.files.currentItem()
        if item is None or not item.data(Qt.UserRole):
            return
        target, _ = QFileDialog.getSaveFileName(self, tr("Save as…"),
                                                str(Path.home() / item.data(Qt.UserRole + 1)))
        if target:
            self.window_.tasks.run(ops.save_attachment, lambda path: self.window_.statusBar()
                                   .showMessage(tr("Saved to {path}", path=path), 8000),
                                   None, item.data(Qt.UserRole), target)

    def open_link(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.UserRole)
        if not target:
            return
        table, target_id = target
        if table == "problems" and hasattr(self.window_, "show_problem"):
            self.accept()
            self.window_.show_problem(target_id)
        elif table == "responses":
            self.accept()
            self.window_.open_response(target_id)
        else:
            self.window_.statusBar().showMessage(
                tr("Open interview notes on the interviews page."), 8000)
