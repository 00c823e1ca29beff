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
GEO_PARTS = (N_("Latitude"), N_("Longitude"), N_("Altitude (m)"), N_("Accuracy (m)"))


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
        if question is None:  # a question inside a repeat: its label, not numbered
            return self.group_label(name) if name else name
        select = self._specified(name)
        if select is not None:  # an or_other select's “specify” answer
            return tr("{question} (other, please specify)", question=self.question_label(select))
        label = pick_text(question.label, self.language, self.definition.default_language)
        label = " ".join((label or question.name).split())
        number = self.numbers.get(question.name)
        return f"{number}. {label}" if number else label

    def group_label(self, name: str) -> str:
        """A group's or repeat's label in the interface language (its name if it has none)."""
        group = self.definition.find(name)
        label = pick_text(group.label, self.language, self.definition.default_language) \
            if group is not None else ""
        return " ".join((label or name).split())

    def _specified(self, name: str) -> str | None:
        """The or_other select whose “specify” question ``name`` is (None if it is not one)."""
        if not name.endswith("_other"):
            return None
        select = self.index.questions.get(name[:-len("_other")])
        if select is None or not select.or_other or self.definition.find(name) is not None:
            return None
        return select.name

    def option_label(self, name: str, choice: str) -> str:
        for item in self.index.choice_lists.get(name, []):
            if item.name == choice:
                return pick_text(item.label, self.language,
                                 self.definition.default_language) or (
                    tr("Other") if choice == "other" else choice)
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
        if target.kind == "geopoint_part":
            part = GEO_PARTS[int(target.choice)] if target.choice in ("0", "1", "2", "3") else ""
            return tr("{question}: {option}", question=self.question_label(target.name),
                      option=tr(part) if part else target.choice)
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
                            for c in self.index.choice_lists.get(name, [])]
                if question.type == "geopoint":
                    out += [Target("geopoint_part", name, str(n)) for n in range(4)]
            elif self._specified(name) is not None:
                out.append(Target("question", name))
            elif question.is_metadata:
                metadata.append(Target("question", name))
        return out + metadata
