"""A read-only tree of a form's questions, their types, labels and logic."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.outline import LOGIC, pick_text
from fieldkit.core.i18n import tr


class FormPreview(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(4)
        self.setHeaderLabels([tr("Question"), tr("Type"), tr("Label"), tr("Logic")])
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)

    def show_form(self, form: FormDefinition | None, language: str) -> None:
        self.clear()
        if form is None:
            return
        for question in form.questions:
            self.addTopLevelItem(self._item(question, form, language))
        self.expandAll()
        for column in range(3):
            self.resizeColumnToContents(column)
        self.setColumnWidth(2, min(self.columnWidth(2), 420))

    def _item(self, question: Question, form: FormDefinition, language: str) -> QTreeWidgetItem:
        type_text = question.type + (f" {question.list_name}" if question.list_name else "")
        logic = []
        for attribute, caption in LOGIC:
            value = getattr(question, attribute)
            if value and value.lower() not in ("no", "false"):
                logic.append(f"{tr(caption)}: {value}")
        item = QTreeWidgetItem([question.name, type_text,
                                pick_text(question.label, language, form.default_language),
                                "; ".join(logic)])
        if logic:
            item.setToolTip(3, "\n".join(logic))
        hint = pick_text(question.hint, language, form.default_language)
        if hint:
            item.setToolTip(2, hint)
        for child in question.children:
            item.addChild(self._item(child, form, language))
        return item
