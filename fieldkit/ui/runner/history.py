"""The history of a response: each revision, who made it and when, what every save changed,
and how each revision's answers differ from the one before."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import N_, tr
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES
from fieldkit.ui.runner.header import local_time


FIELD_NAMES = {"status": N_("status"), "finished_at": N_("finish time"), "site_id": N_("site"),
               "review_state": N_("review state"), "review_comment": N_("review comment"),
               "superseded_by": N_("replaced by a newer revision"), "cadre_id": N_("collector"),
               "activity_id": N_("activity"), "deleted": N_("deleted")}


class AnswerWords:
    """Question labels and chosen options' labels in the runner's language."""

    LABEL_CHARS = 60

    def __init__(self, session) -> None:
        self.definition = session.definition if session is not None else None
        self.language = getattr(session, "language", None)
        self.order = ({q.name: i for i, q in enumerate(self.definition.walk())}
                      if self.definition else {})

    def in_form_order(self, names) -> list[str]:
        """``names`` as the questions come in the form; unknown ones last, by name."""
        return sorted(names, key=lambda n: (self.order.get(n, len(self.order)), n))

    def question(self, name: str) -> str:
        question = self.definition.find(name) if self.definition else None
        if question is None:
            return name
        label = pick_text(question.label, self.language, self.definition.default_language)
        label = " ".join((label or "").split()).rstrip(":：?？ ")
        if len(label) > self.LABEL_CHARS:
            label = label[:self.LABEL_CHARS - 1] + "…"
        return label or name

    def value(self, name: str, value) -> str:
        if value in (None, ""):
            return tr("(empty)")
        if isinstance(value, list):
            return tr("{count} entries", count=len(value))
        question = self.definition.find(name) if self.definition else None
        choices = self.definition.choices.get(question.list_name) if question else None
        if choices and isinstance(value, str):
            labels = {c.name: pick_text(c.label, self.language, self.definition.default_language)
                      for c in choices}
            return "、".join(labels.get(v) or v for v in value.split())
        return str(value)

    def change(self, name: str, old, new) -> str:
        return tr("{question}: {old} → {new}", question=self.question(name),
                  old=self.value(name, old), new=self.value(name, new))


class HistoryDialog(QDialog):
    def __init__(self, parent: QWidget, session) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("History of this response"))
        self.resize(820, 520)
        self.words = AnswerWords(session)
        layout = QVBoxLayout(self)
        self.summary = QLabel(tr("Loading…"))
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("What"), tr("When"), tr("Who")])
        self.tree.setWordWrap(True)    # long answers wrap instead of being cut off
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def show_history(self, history: dict) -> None:
        revisions = sorted(history["revisions"], key=lambda r: r["revision"])
        self.summary.setText(tr("{count} revision(s), oldest first. Open one to see what changed.",
                                count=len(revisions)))
        self.tree.clear()
        statuses, reviews = dict(STATUSES), dict(REVIEW_STATES)
        for rev in revisions:
            title = tr("Revision {revision}: {status}, {review}", revision=rev["revision"],
                       status=tr(statuses.get(rev["status"], rev["status"])),
                       review=tr(reviews.get(rev["review_state"], rev["review_state"])))
            top = QTreeWidgetItem([title, local_time(rev["started_at"]), rev["who"]])
            self.tree.addTopLevelItem(top)
            if rev["differences"]:
                diff = QTreeWidgetItem([tr("Changed from the revision before: {count} answer(s)",
                                           count=len(rev["differences"])), "", ""])
                top.addChild(diff)
                for name in self.words.in_form_order(rev["differences"]):
                    old, new = rev["differences"][name]
                    diff.addChild(QTreeWidgetItem([self.words.change(name, old, new), "", ""]))
            for entry in sorted(rev["journal"], key=lambda e: e["wall_time"]):
                top.addChild(self._entry(entry, rev.get("source", "")))
            top.setExpanded(rev is revisions[-1] or bool(rev["differences"]))
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(self.tree.topLevelItemCount() - 1))
        self.tree.setFocus()

    def _entry(self, entry: dict, source: str = "") -> QTreeWidgetItem:
        answers = entry["answers"]
        if entry["operation"] == "insert" and source:
            what = source  # “Imported from wjx.xlsx · Sheet1, row 12”
        elif entry["operation"] == "insert":
            what = tr("Started filling in")
        elif answers:
            what = tr("Saved {count} answer(s)", count=len(answers))
        elif entry["fields"]:
            what = tr("Changed {fields}", fields=", ".join(
                tr(FIELD_NAMES[f]) if f in FIELD_NAMES else f for f in entry["fields"]))
        else:
            what = tr("Saved")
        item = QTreeWidgetItem([what, local_time(entry["wall_time"]), entry["who"]])
        for name in self.words.in_form_order(answers):
            change = answers[name]
            old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
            item.addChild(QTreeWidgetItem([self.words.change(name, old, new), "", ""]))
        return item

    def texts(self) -> list[str]:
        """Every line shown, depth first (for tests and screen readers)."""
        out = []

        def walk(item: QTreeWidgetItem) -> None:
            out.append(" | ".join(item.text(c) for c in range(3)).strip(" |"))
            for i in range(item.childCount()):
                walk(item.child(i))
        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out
