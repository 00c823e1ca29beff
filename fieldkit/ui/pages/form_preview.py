"""A read-only tree of a form as a person reads it: each question's label, its kind in
words (单选题, 日期 …) and its logic as sentences (仅当“子女人数”大于0时显示); the
internal name comes last, for whoever maintains the workbook."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from fieldkit.core.forms.describe import describe_logic, describe_pictures, type_words
from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import tr

LABEL, KIND, LOGIC, NAME = range(4)


class FormPreview(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(4)
        self.setHeaderLabels([tr("Question"), tr("Type"), tr("Logic"), tr("Name")])
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideRight)

    def show_form(self, form: FormDefinition | None, language: str) -> None:
        self.clear()
        if form is None:
            return
        for question in form.questions:
            self.addTopLevelItem(self._item(question, form, language))
        self.expandAll()
        self.setColumnWidth(LABEL, 360)
        self.setColumnWidth(KIND, 150)
        self.setColumnWidth(LOGIC, 420)
        self.resizeColumnToContents(NAME)

    def _item(self, question: Question, form: FormDefinition, language: str) -> QTreeWidgetItem:
        label = pick_text(question.label, language, form.default_language) or question.name
        label = " ".join(label.split())
        logic = describe_logic(question, form, language) + describe_pictures(question, form)
        kind = type_words(question)
        if question.list_name:
            kind_tip = f"{question.type} {question.list_name}"
        else:
            kind_tip = question.type
        item = QTreeWidgetItem([label, kind, "；".join(logic) if language.startswith("zh")
                                else "; ".join(logic), question.name])
        item.setToolTip(LABEL, label)
        item.setToolTip(KIND, kind_tip)
        if logic:
            item.setToolTip(LOGIC, "\n".join(logic))
        hint = pick_text(question.hint, language, form.default_language)
        if hint:
            item.setToolTip(LABEL, f"{label}\n\n{hint}")
        for child in question.children:
            item.addChild(self._item(child, form, language))
        return item
