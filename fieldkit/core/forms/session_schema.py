"""The static side of a form session: every question of a form, where it lives, its parsed
logic and the dependency graph, worked out once per form and shared by all its sessions.

``FormSchema(definition)`` flattens the question tree into :class:`Field` records in form
order. A field's ``chain`` names the repeats (and loops) around it, outermost first: it
lives once per instance of that chain, and its answers are stored in the instance's dict.
``or_other`` selects get an ``other`` choice and a synthetic ``<name>_other`` text
question after them, as pyxform generates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.core.forms.expr import DependencyGraph, Expression, ExpressionError, parse
from fieldkit.core.forms.logic import EXPRESSION_FIELDS, needs_parsing, straighten_quotes, text_references
from fieldkit.core.forms.model import TEXT_FIELDS, Choice, FormDefinition, Question
from fieldkit.core.forms.media import FormMedia, search_choices
from fieldkit.core.forms.question_types import DATA_TYPES, METADATA_TYPES, SELECTS, is_file_list
from fieldkit.core.i18n import N_

REPEATS = ("repeat", "loop")
CONTAINERS = ("group", *REPEATS)
OTHER = "other"
#: Types whose questions a person does not see or answer in a form runner.
NOT_SHOWN = ("calculate", "hidden", *METADATA_TYPES, *DATA_TYPES)
#: Expression attributes that matter for each kind of field (containers ignore the rest).
_CONTAINER_ATTRS = {"group": ("relevant",), "repeat": ("relevant", "repeat_count"), "loop": ("relevant",)}
_TRUE = {"yes", "true", "true()"}

Node = tuple[str, str]


@dataclass(eq=False)
class Field:
    """One question, note, group, repeat or loop (or a synthetic ``_other`` question)."""

    name: str
    question: Question
    kind: str                      # question | note | group | repeat | loop
    parent: str | None             # enclosing group/repeat/loop name
    chain: tuple[str, ...]         # enclosing repeats and loops, outermost first
    depth: int                     # indentation in the flat item list
    order: int
    children: list[str] = field(default_factory=list)
    exprs: dict[str, Expression] = field(default_factory=dict)  # graph attribute -> expression
    required: bool = False         # the static flag (an expression overrides it per instance)
    read_only: bool = False
    static_default: str = ""
    choices: list[Choice] | None = None     # selects and loops
    choice_names: frozenset[str] = frozenset()
    choice_rows: list[dict[str, str]] = field(default_factory=list)  # for choice_filter
    synthetic: str = ""            # "other" for a generated <name>_other question
    trigger: tuple[str, ...] = ()  # a calculation recomputed only when these change

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def is_repeat(self) -> bool:
        return self.kind in REPEATS

    @property
    def is_container(self) -> bool:
        return self.kind in CONTAINERS


@dataclass
class SchemaProblem:
    name: str
    attribute: str
    expression: str
    msgid: str
    params: dict[str, object]


class FormSchema:
    """Everything about a form a session needs that does not depend on the answers."""

    def __init__(self, definition: FormDefinition, media: FormMedia | None = None) -> None:
        self.definition = definition
        self.media = media
        self.fields: dict[str, Field] = {}
        self.top: list[str] = []
        self.problems: list[SchemaProblem] = []
        for question in definition.questions:
            self._add(question, None, (), 0, self.top)
        self.scope_names: dict[tuple[str, ...], list[str]] = {}
        for f in self.fields.values():
            self.scope_names.setdefault(f.chain, []).append(f.name)
        self.text_readers: dict[str, set[str]] = {}
        for f in self.fields.values():
            for name in self._text_references(f):
                if name in self.fields:
                    self.text_readers.setdefault(name, set()).add(f.name)
        self._build_graph()

    # -- building ------------------------------------------------------------------

    def _add(self, q: Question, parent: str | None, chain: tuple[str, ...], depth: int,
             siblings: list[str]) -> None:
        if not q.name or q.name in self.fields:  # nameless or duplicate: the reader rejects these
            inner = chain + ((q.name,) if q.type in REPEATS and q.name else ())
            for child in q.children:
                self._add(child, parent, inner, depth, siblings)
            return
        kind = q.type if q.type in CONTAINERS else ("note" if q.type == "note" else "question")
        f = Field(q.name, q, kind, parent, chain, depth, len(self.fields))
        self.fields[q.name] = f
        siblings.append(q.name)
        self._parse_logic(f)
        if q.type in SELECTS and "search(" in q.appearance:
            self._search_logic(f)
        if q.type in SELECTS or q.type == "loop":
            self._attach_choices(f)
        if kind in CONTAINERS:
            inner = chain + ((q.name,) if kind in REPEATS else ())
            child_depth = depth + (2 if kind in REPEATS else 1)
            for child in q.children:
                self._add(child, q.name, inner, child_depth, f.children)
        other = f"{q.name}_other"
        if q.or_other and q.type in SELECTS and other not in self.fields and not _defined(self.definition, other):
            self._add_other(f, other, siblings)

    def _add_other(self, select: Field, name: str, siblings: list[str]) -> None:
        question = Question(type="text", name=name, relevant=f"selected(${{{select.name}}}, '{OTHER}')")
        f = Field(name, question, "question", select.parent, select.chain, select.depth,
                  len(self.fields), synthetic=OTHER)
        self.fields[name] = f
        siblings.append(name)
        self._parse_logic(f)

    def _parse_logic(self, f: Field) -> None:
        q = f.question
        allowed = _CONTAINER_ATTRS.get(f.kind, EXPRESSION_FIELDS)
        for attr in EXPRESSION_FIELDS:
            text = getattr(q, attr)
            if attr not in allowed or not text:
                continue
            if not needs_parsing(attr, text):
                if attr == "required":
                    f.required = text.strip().lower() in _TRUE
                elif attr == "read_only":
                    f.read_only = text.strip().lower() in _TRUE
                elif attr == "default" and "${last-saved#" not in text:  # filled at start (last_saved)
                    f.static_default = text
                continue
            key = "readonly" if attr == "read_only" else attr
            try:
                f.exprs[key] = parse(straighten_quotes(text))
            except ExpressionError as err:
                self.problems.append(SchemaProblem(f.name, key, text, err.msgid, dict(err.params)))
        if q.trigger and "calculation" in f.exprs:
            f.trigger = tuple(n for n in text_references(q.trigger) if n)

    def _search_logic(self, f: Field) -> None:
        """search('file', 'matches', 'col', ${q}): the match becomes a choice filter."""
        found = search_choices(self.media, f.question.appearance, self.definition.choices.get(f.question.list_name, []))
        if found and found[1]:
            own = f.question.choice_filter
            text = f"({own}) and ({found[1]})" if own else found[1]
            try:
                f.exprs["choice_filter"] = parse(straighten_quotes(text))
            except ExpressionError as err:
                self.problems.append(SchemaProblem(f.name, "choice_filter", text, err.msgid, dict(err.params)))

    def _attach_choices(self, f: Field) -> None:
        q = f.question
        lists = self.definition.external_choices if q.type == "select_one_external" else self.definition.choices
        searched = search_choices(self.media, q.appearance, lists.get(q.list_name, [])) \
            if "search(" in q.appearance else None
        if searched is not None:  # ODK's search() appearance: the choices come from a CSV file
            choices = searched[0]
        elif q.list_name not in lists and is_file_list(q.list_name):  # select_one_from_file
            choices = list(self.media.choices(q.list_name, q.parameters)) if self.media is not None else []
        else:
            choices = list(lists.get(q.list_name, []))
        if q.or_other and not any(c.name == OTHER for c in choices):
            choices.append(Choice(OTHER))
        f.choices = choices
        f.choice_names = frozenset(c.name for c in choices)
        if "choice_filter" in f.exprs:
            for c in choices:
                row = {"name": c.name, **c.extras}
                for language, text in c.label.items():
                    row["label::" + language if language else "label"] = text
                f.choice_rows.append(row)

    def _text_references(self, f: Field) -> set[str]:
        names: set[str] = set()
        for attr in TEXT_FIELDS:
            for text in getattr(f.question, attr).values():
                names.update(text_references(text))
        for c in f.choices or ():
            for text in c.label.values():
                names.update(text_references(text))
        return names

    def _build_graph(self) -> None:
        expressions: dict[str, dict[str, Expression]] = {}
        for f in self.fields.values():
            exprs = dict(f.exprs)
            if f.trigger:  # the graph sees the trigger, not the formula's own references
                exprs["calculation"] = parse("concat(" + ", ".join(f"${{{n}}}" for n in f.trigger) + ")")
            expressions[f.name] = exprs
        parents = {f.name: f.parent for f in self.fields.values() if f.parent}
        self.graph = DependencyGraph(expressions, parents)
        self.order: list[Node] = self.graph.order()
        self.rank = {node: i for i, node in enumerate(self.order)}
        for cycle in self.graph.cycles():
            self.problems.append(SchemaProblem(
                cycle[0], "calculation", "", N_("Circular reference in form logic: {cycle}"),
                {"cycle": " → ".join(cycle + [cycle[0]])}))
        self._affected: dict[str, list[Node]] = {}
        self.reads: dict[Node, tuple[str, ...]] = {
            node: tuple(self.graph.reads(*node)) for node in self.order}
        # Expressions that may read another repeat instance than their own.
        self.cross_instance = {
            node for node in self.order
            if "indexed-repeat" in self.fields[node[0]].exprs[node[1]].functions
            or "[" in self.fields[node[0]].exprs[node[1]].text}
        self._subtree_nodes: dict[str, list[Node]] = {}

    # -- queries -------------------------------------------------------------------

    def affected(self, name: str) -> list[Node]:
        """``DependencyGraph.affected``, cached: the graph never changes."""
        found = self._affected.get(name)
        if found is None:
            found = self._affected[name] = self.graph.affected(name)
        return found

    def descendants(self, name: str) -> list[str]:
        out: list[str] = []
        stack = list(reversed(self.fields[name].children))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(reversed(self.fields[child].children))
        return out

    def same_scope_descendants(self, name: str) -> list[str]:
        """Descendants of ``name`` stored in the same instance dict (not inside a nested repeat)."""
        chain = self.fields[name].chain
        return [d for d in self.descendants(name) if self.fields[d].chain == chain]

    def subtree_nodes(self, repeat: str) -> list[Node]:
        """Every expression of the questions inside ``repeat``, in evaluation order."""
        found = self._subtree_nodes.get(repeat)
        if found is None:
            inside = set(self.descendants(repeat))
            found = self._subtree_nodes[repeat] = [n for n in self.order if n[0] in inside]
        return found

    def common_depth(self, a: str, b: str) -> int:
        """How many enclosing repeats ``a`` and ``b`` share (from the outside)."""
        ca, cb = self.fields[a].chain, self.fields[b].chain
        n = 0
        for x, y in zip(ca, cb):
            if x != y:
                break
            n += 1
        return n


def _defined(definition: FormDefinition, name: str) -> bool:
    return definition.find(name) is not None


PARSE_FAILED = N_("The formula of “{name}” ({attribute}) cannot be used: {reason}")
