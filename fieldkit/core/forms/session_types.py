"""What a form session hands to its callers: items to show, changes to apply, problems to fix.

Paths address a question inside a response: ``("q",)`` for a question outside any
repeat (groups are not part of paths: names are unique in a form),
``("readings", 0, "reading_spo2")`` for a question in the first instance of a repeat,
``("readings",)`` for the repeat itself and ``("readings", 0)`` for one of its instances.
Nested repeats nest: ``("households", 1, "members", 0, "age")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from fieldkit.core.forms.model import Question

Path = tuple  # ("q",) or ("repeat", 0, "q") ...


@dataclass(frozen=True)
class ChoiceOption:
    """One choice offered by a select question, in the session's language."""

    name: str
    label: str
    picture: bytes = b""           # its picture (media::image) in the session's language, if the form carries it


@dataclass(frozen=True)
class Item:
    """One row of the form as a runner shows it.

    ``kind`` is 'question', 'note', 'group', 'repeat' or 'repeat_instance' (loops show as
    repeats with one instance per choice). ``relevant`` is the item's own relevance;
    ``visible`` also takes its enclosing groups and repeats into account. ``value`` is the
    stored answer text (see ``session_values``). ``constraint_ok`` is False when an answer
    is given and breaks the constraint, is not one of the choices offered, or does not fit
    the question type; ``constraint_message`` then says why. ``required`` is whether an
    answer is needed now; ``missing`` whether it is needed and not given.
    """

    path: Path
    kind: str
    question: Question
    depth: int
    relevant: bool
    visible: bool
    value: str
    label: str
    hint: str
    required: bool
    required_message: str
    read_only: bool
    constraint_ok: bool
    constraint_message: str
    choices: tuple[ChoiceOption, ...]
    appearance: str
    index: int | None = None       # repeat instance: 0-based position
    count: int | None = None       # repeat: number of instances
    can_add: bool = False          # repeat: instances may be added and removed by hand
    shown: bool = True             # False for calculations, hidden and metadata fields
    picture: bytes = b""           # the label's image (media::image), from the form's files

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def missing(self) -> bool:
        return self.required and self.value == ""


@dataclass(frozen=True)
class Problem:
    """Why a response cannot be finalised yet: kind is 'required' or 'constraint'."""

    path: Path
    kind: str
    message: str


@dataclass(frozen=True)
class ExpressionFailure:
    """A formula that failed while the response was being filled in (its result was taken
    as empty / false). ``attribute`` is relevant, calculation, constraint, required,
    readonly, choice_filter, repeat_count or default; ``message`` is in the UI language."""

    path: Path
    attribute: str
    expression: str
    message: str


@dataclass
class Changes:
    """Exactly what one call changed, as item paths, so a UI updates only those items.

    ``values``: answers that changed (the one set, calculations, defaults of new instances).
    ``visibility``: items whose ``visible`` flipped. ``required``, ``read_only``,
    ``constraint``, ``choices``: items whose required-ness, read-only state, constraint
    state or available choices changed. ``labels``: items whose label, hint or messages
    show a ``${name}`` whose value changed. ``repeats``: repeats whose number of
    instances changed, with the instances ``added`` and ``removed`` (removed paths use the
    numbering from before the removal; later instances move up by one).
    ``errors``: formulas that failed during this change.
    """

    values: set[Path] = field(default_factory=set)
    visibility: set[Path] = field(default_factory=set)
    required: set[Path] = field(default_factory=set)
    read_only: set[Path] = field(default_factory=set)
    constraint: set[Path] = field(default_factory=set)
    choices: set[Path] = field(default_factory=set)
    labels: set[Path] = field(default_factory=set)
    repeats: set[Path] = field(default_factory=set)
    added: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    errors: list[ExpressionFailure] = field(default_factory=list)

    def paths(self) -> set[Path]:
        """Every path mentioned, whatever changed about it."""
        out: set[Path] = set()
        for f in fields(self):
            if f.name != "errors":
                out.update(getattr(self, f.name))
        return out

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def update(self, other: "Changes") -> None:
        for f in fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, set):
                mine.update(getattr(other, f.name))
            else:
                mine.extend(getattr(other, f.name))
