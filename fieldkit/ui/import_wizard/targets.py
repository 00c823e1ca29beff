"""What a spreadsheet column can go to, worded for people: skip it, the source's own id,
the submission time, start and end times, the site or cadre (names from the directory), a
question (numbered as in the form, by its label in the interface
language) or, for questions with several answers, one of their options."""

from __future__ import annotations

from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import N_, current_language, tr
from fieldkit.core.importing.mapping import QuestionIndex, Target

SKIP = Target("skip")
SOURCE_ID = Target("source_id")
SUBMITTED_AT = Target("submitted_at")
SITE = Target("site")
CADRE = Target("cadre")
STARTED_AT = Target("started_at")
FINISHED_AT = Target("finished_at")
WHOLE_COLUMN = ("skip", "source_id", "submitted_at", "site", "cadre", "started_at", "finished_at")
CHOSEN_BY_YOU = N_("chosen by you")   # the reason of a target the user set


def same(a: Target, b: Target) -> bool:
    if a.kind in WHOLE_COLUMN:
        return a.kind == b.kind
    return (a.kind, a.name, a.choice) == (b.kind, b.name, b.choice)


class TargetNames:
    """The choices of one form, in form order, with the text shown for each."""

    def __init__(self, definition: FormDefinition, language: str | None = None) -> None:
        self.definition = definition
        self.language = language or current_language()
        self.index = QuestionIndex(definition)
        self.numbers = {name: n for n, name in enumerate(self.index.ordered, 1)}

    def question_label(self, name: str) -> str:
        """The question's label in the interface language, numbered as in the form."""
        question = self.index.questions.get(name.split("/")[-1])
        if question is None:
            return name
        label = pick_text(question.label, self.language, self.definition.default_language)
        label = " ".join((label or question.name).split())
        number = self.numbers.get(question.name)
        return f"{number}. {label}" if number else label

    def option_label(self, name: str, choice: str) -> str:
        question = self.index.questions.get(name)
        for item in self.definition.choices.get(question.list_name if question else "", []):
            if item.name == choice:
                return pick_text(item.label, self.language,
                                 self.definition.default_language) or choice
        return choice

    def text(self, target: Target) -> str:
        if target.kind == "skip":
            return tr("— Skip this column —")
        if target.kind == "source_id":
            return tr("The source's answer-sheet id")
        if target.kind == "submitted_at":
            return tr("Submission time")
        if target.kind == "site":
            return tr("Site (a name from the directory)")
        if target.kind == "cadre":
            return tr("Cadre (a name from the directory)")
        if target.kind == "started_at":
            return tr("Time filling in started")
        if target.kind == "finished_at":
            return tr("Time filling in ended")
        if target.kind == "option":
            return tr("{question}: {option}", question=self.question_label(target.name),
                      option=self.option_label(target.name, target.choice))
        return self.question_label(target.name)

    def choices(self) -> list[Target]:
        """Every target a column may be given, in the order the combo lists them."""
        out = [SKIP, SOURCE_ID, SUBMITTED_AT, STARTED_AT, FINISHED_AT, SITE, CADRE]
        metadata = []
        for name, question in self.index.questions.items():
            if name in self.numbers:
                out.append(Target("question", name))
                if question.type == "select_multiple":
                    out += [Target("option", name, c.name)
                            for c in self.definition.choices.get(question.list_name, [])]
            elif question.is_metadata:
                metadata.append(Target("question", name))
        return out + metadata
