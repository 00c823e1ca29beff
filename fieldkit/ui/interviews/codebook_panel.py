"""The codebook panel: the tree of codes (colour, name, number of segments), a quick filter
box that applies a code by typing part of its name, and the codebook's editing actions.

The panel holds no data of its own beyond the list it shows and never touches the
workspace: every change is asked for through ``requested(action, arguments)``, which the
page turns into a database-thread call and answers with ``set_codes(...)``. Actions and
their arguments:

    add        name, parent_id           rename   code_id, name
    colour     code_id, colour           describe code_id, description, memo
    move       code_id, parent_id        merge    source_id, target_id
    delete     code_id                   import   path        export   path

``apply_requested(list)`` carries the code ids to apply to the editor's selection: a double
click or Enter on a code, Enter in the filter box (the first code that matches), or
Alt+1 … Alt+9 for the first nine codes in the tree (the page owns those shortcuts).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (QColorDialog, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
                               QLineEdit, QMenu, QMessageBox, QPlainTextEdit, QPushButton,
                               QSizePolicy, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.ui.interviews.editor import swatch

SHORTCUT_CODES = 9


class CodeTree(QTreeWidget):
    """The code tree; dragging a code onto another puts it under that one, between two
    codes puts it beside them, onto empty space puts it at the top level. The tree does
    not move the item itself: ``dropped(code_id, parent_id)`` asks, and the codebook
    comes back from the core."""
    dropped = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QTreeWidget.InternalMove)

    def drop_parent(self, target: QTreeWidgetItem | None, position) -> str | None:
        """The parent a drop at ``target`` (and Qt's drop indicator position) means."""
        if target is None or position == QTreeWidget.OnViewport:
            return None
        if position == QTreeWidget.OnItem:
            return target.data(0, Qt.UserRole)["id"]
        parent = target.parent()
        return parent.data(0, Qt.UserRole)["id"] if parent is not None else None

    def dropEvent(self, event) -> None:
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.IgnoreAction)
        event.accept()
        if dragged is None:
            return
        parent_id = self.drop_parent(target, self.dropIndicatorPosition())
        code = dragged.data(0, Qt.UserRole)
        if parent_id != code.get("parent_id") and parent_id != code["id"]:
            self.dropped.emit(code["id"], parent_id)


class CodebookPanel(QWidget):
    requested = Signal(str, dict)
    apply_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: list[dict] = []
        self.title = QLabel(tr("Codebook"))
        self.title.setStyleSheet("font-weight: bold;")
        self.filter = QLineEdit()
        self.filter.setObjectName("code_filter")
        self.filter.setPlaceholderText(tr("Find a code… (Ctrl+K)"))
        self.filter.setToolTip(tr("Type part of a code's name; Enter applies the first code "
                                  "shown to the selected text. Ctrl+K comes here."))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._apply_first)
        self.tree = CodeTree()
        self.tree.setObjectName("code_tree")
        self.tree.dropped.connect(
            lambda code_id, parent_id: self._drop(code_id, parent_id))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([tr("Code"), tr("Segments")])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.tree.setToolTip(tr("Double-click a code (or press Enter) to apply it to the "
                                "selected text; Ctrl+click chooses several for Enter. "
                                "Alt+1 … Alt+9 apply the first nine codes. Drag a code onto "
                                "another to move it under that one."))
        self.tree.setSelectionMode(QTreeWidget.ExtendedSelection)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(
            lambda pos: self._menu().popup(self.tree.viewport().mapToGlobal(pos)))
        self.new_button = QPushButton(tr("New code…"))
        self.new_button.setToolTip(tr("Add a code at the top level (Insert)"))
        self.new_button.clicked.connect(lambda: self.add(parent_id=None))
        self.more_button = QPushButton(tr("Codebook ▾"))
        self.more_button.setToolTip(tr("Rename, colour, describe, move, merge or delete the "
                                       "chosen code; import or export the codebook"))
        self.more_button.clicked.connect(
            lambda: self._menu().popup(self.more_button.mapToGlobal(
                self.more_button.rect().bottomLeft())))
        for button in (self.new_button, self.more_button):
            button.setSizePolicy(QSizePolicy.Minimum, QSizePolicy.Fixed)   # never cut
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.tree.installEventFilter(self)

    # -- content ----------------------------------------------------------------------------

    def set_codes(self, codes: list[dict]) -> None:
        """Show ``codes`` (tree order, each with id, name, parent_id, colour, count, depth,
        path, description, memo)."""
        current = self.current_code()
        self.codes = codes
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for index, code in enumerate(codes):
            parent = items.get(code.get("parent_id"))
            item = QTreeWidgetItem([code["name"], str(code.get("count", 0))])
            item.setIcon(0, swatch(code["colour"]))
            item.setData(0, Qt.UserRole, code)
            item.setTextAlignment(1, Qt.AlignRight | Qt.AlignVCenter)
            tip = code.get("description") or code.get("path") or code["name"]
            if index < SHORTCUT_CODES:
                tip += "\n" + tr("Alt+{n} applies this code", n=index + 1)
            item.setToolTip(0, tip)
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
            items[code["id"]] = item
        self.tree.expandAll()
        if current is not None and current["id"] in items:
            self.tree.setCurrentItem(items[current["id"]])
        self._filter(self.filter.text())

    def current_code(self) -> dict | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    def code_by_number(self, number: int) -> dict | None:
        """The code Alt+``number`` applies (1 = the first code in the tree)."""
        return self.codes[number - 1] if 0 < number <= min(len(self.codes),
                                                           SHORTCUT_CODES) else None

    def _visible_items(self):
        found = []

        def walk(item):
            if not item.isHidden():
                found.append(item)
            for i in range(item.childCount()):
                walk(item.child(i))
        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return found

    def _filter(self, text: str) -> None:
        text = text.strip().casefold()

        def walk(item) -> bool:
            shown = False
            for i in range(item.childCount()):
                shown = walk(item.child(i)) or shown
            code = item.data(0, Qt.UserRole)
            matches = not text or text in code["name"].casefold()
            item.setHidden(not (matches or shown))
            return matches or shown
        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))

    def _apply_first(self) -> None:
        text = self.filter.text().strip().casefold()
        matches = [i for i in self._visible_items()
                   if not text or text in i.data(0, Qt.UserRole)["name"].casefold()]
        if matches:
            self.tree.setCurrentItem(matches[0])
            self.apply_requested.emit([matches[0].data(0, Qt.UserRole)["id"]])

    def _activated(self, item, _column=0) -> None:
        """Enter applies every selected code (Ctrl+click selects several); a double click
        applies the code clicked."""
        chosen = [i.data(0, Qt.UserRole)["id"] for i in self.tree.selectedItems()]
        own = item.data(0, Qt.UserRole)["id"]
        self.apply_requested.emit(chosen if own in chosen else [own])

    # -- editing ----------------------------------------------------------------------------

    def _menu(self) -> QMenu:
        code = self.current_code()
        menu = QMenu(self)
        entries = [(tr("New code…"), lambda: self.add(parent_id=None), "Insert", True),
                   (tr("New child code…"), lambda: self.add(parent_id=code["id"]), "",
                    code is not None),
                   (tr("Rename…"), lambda: self.rename(code["id"]), "F2", code is not None),
                   (tr("Colour…"), lambda: self.recolour(code["id"]), "", code is not None),
                   (tr("Description and memo…"), lambda: self.describe(code["id"]), "",
                    code is not None),
                   (tr("Move under…"), lambda: self.move(code["id"]), "", code is not None),
                   (tr("Merge into…"), lambda: self.merge(code["id"]), "", code is not None),
                   (tr("Delete…"), lambda: self.delete(code["id"]), "Delete", code is not None),
                   None,
                   (tr("Workspace memo…"), lambda: self.requested.emit("workspace_memo", {}),
                    "", True),
                   None,
                   (tr("Import codebook…"), lambda: self.import_codebook(), "", True),
                   (tr("Export codebook…"), lambda: self.export_codebook(), "", True)]
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            text, slot, keys, enabled = entry
            action = menu.addAction(text)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.setEnabled(enabled)
            action.triggered.connect(slot)
        self.menu = menu   # kept for tests
        return menu

    def _code(self, code_id: str) -> dict:
        return next(c for c in self.codes if c["id"] == code_id)

    def add(self, parent_id: str | None, name: str | None = None) -> None:
        if name is None:
            title = tr("New child code") if parent_id else tr("New code")
            name, ok = QInputDialog.getText(self, title, tr("Name of the code:"))
            if not ok:
                return
        if name.strip():
            self.requested.emit("add", {"name": name.strip(), "parent_id": parent_id})

    def rename(self, code_id: str, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, tr("Rename code"), tr("New name:"),
                                            text=self._code(code_id)["name"])
            if not ok:
                return
        if name.strip():
            self.requested.emit("rename", {"code_id": code_id, "name": name.strip()})

    def recolour(self, code_id: str, colour: str | None = None) -> None:
        if colour is None:
            chosen = QColorDialog.getColor(QColor(self._code(code_id)["colour"]), self,
                                           tr("Colour of the code"))
            if not chosen.isValid():
                return
            colour = chosen.name()
        self.requested.emit("colour", {"code_id": code_id, "colour": colour})

    def describe(self, code_id: str) -> None:
        code = self._code(code_id)
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Code: {name}", name=code["name"]))
        description, memo = QPlainTextEdit(code.get("description", "")), QPlainTextEdit(
            code.get("memo", ""))
        description.setPlaceholderText(tr("What this code means and when to use it"))
        memo.setPlaceholderText(tr("Your thoughts about this code as the coding goes on"))
        form = QFormLayout(dialog)
        form.addRow(tr("Description"), description)
        form.addRow(tr("Memo"), memo)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.Accepted:
            self.requested.emit("describe", {"code_id": code_id,
                                             "description": description.toPlainText(),
                                             "memo": memo.toPlainText()})

    def _descendants(self, code_id: str) -> set[str]:
        found = {code_id}
        for code in self.codes:   # tree order: a child comes after its parent
            if code.get("parent_id") in found:
                found.add(code["id"])
        return found

    def move(self, code_id: str, parent_id: str | None = "?") -> None:
        if parent_id == "?":
            blocked = self._descendants(code_id)
            choices = [(tr("(top level)"), None)] + [
                (c.get("path") or c["name"], c["id"]) for c in self.codes
                if c["id"] not in blocked]
            text, ok = QInputDialog.getItem(self, tr("Move code"),
                                            tr("Move “{name}” under:",
                                               name=self._code(code_id)["name"]),
                                            [t for t, _ in choices], 0, False)
            if not ok:
                return
            parent_id = dict(choices)[text]
        self.requested.emit("move", {"code_id": code_id, "parent_id": parent_id})

    def _drop(self, code_id: str, parent_id: str | None) -> None:
        if parent_id is None or parent_id not in self._descendants(code_id):
            self.requested.emit("move", {"code_id": code_id, "parent_id": parent_id})

    def merge(self, code_id: str, target_id: str | None = None) -> None:
        if target_id is None:
            choices = [(c.get("path") or c["name"], c["id"]) for c in self.codes
                       if c["id"] != code_id]
            if not choices:
                return
            text, ok = QInputDialog.getItem(
                self, tr("Merge codes"),
                tr("Merge “{name}” into (its segments move there and it is removed):",
                   name=self._code(code_id)["name"]), [t for t, _ in choices], 0, False)
            if not ok:
                return
            target_id = dict(choices)[text]
        self.requested.emit("merge", {"source_id": code_id, "target_id": target_id})

    def delete(self, code_id: str, confirmed: bool = False) -> None:
        code = self._code(code_id)
        if not confirmed:
            count = code.get("count", 0)
            text = (tr("Delete the code “{name}” and its {n} coded segments?", name=code["name"],
                       n=count) if count else
                    tr("Delete the code “{name}”?", name=code["name"]))
            answer = QMessageBox.question(self, tr("Delete code"), text,
                                          QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return
        self.requested.emit("delete", {"code_id": code_id})

    def import_codebook(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import codebook"), "",
                                                  tr("Excel workbook (*.xlsx)"))
            if not path:
                return
        self.requested.emit("import", {"path": path})

    def export_codebook(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, tr("Export codebook"), "",
                                                  tr("Excel workbook (*.xlsx)"))
            if not path:
                return
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        self.requested.emit("export", {"path": path})

    def eventFilter(self, watched, event) -> bool:
        if watched is self.tree and event.type() == event.Type.KeyPress:
            code = self.current_code()
            if event.key() == Qt.Key_Insert:
                self.add(parent_id=None)
                return True
            if code is not None and event.key() == Qt.Key_F2:
                self.rename(code["id"])
                return True
            if code is not None and event.key() == Qt.Key_Delete:
                self.delete(code["id"])
                return True
        return super().eventFilter(watched, event)
