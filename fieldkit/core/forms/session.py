"""FormSession: the answers of one response to a form, with the form's logic applied live.

Qt-free; a form runner UI and a spreadsheet importer both drive it::

    session = FormSession(read_xlsform("altitude_health.xlsx"), language="zh",
                          metadata={"deviceid": "laptop-7", "username": "王芳"})
    changes = session.set(("site_altitude",), 3800)     # -> Changes
    session.add_repeat(("readings",))
    session.set(("readings", 0, "reading_spo2"), 88)
    session.value(("spo2_min",))                          # "88"
    [item.label for item in session.items() if item.visible]
    session.problems()                                    # required / constraint
    record = session.finalise()                           # hidden answers dropped

``session.answers`` is the live, JSON-able answers dict (see ``session_values`` for the
text of each type, ``session_types`` for paths): ``{name: text}`` for questions outside
repeats, whatever groups they are in, and ``{repeat: [{name: text, ...}, ...]}`` for a
repeat (nested repeats nest). Unknown names are kept and ignored.

XLSForm semantics: defaults (an expression default is evaluated once, when the response
or the repeat instance is created), calculations, relevance inherited from groups (a
hidden answer reads as empty in formulas and is left out of the final record),
required and constraint with their messages, read_only, choice_filter, repeat_count,
or_other, loops, jr:choice-name, position(), indexed-repeat() and sums over repeats.
A formula that fails at run time counts as empty / false and is listed in ``errors``.

A form that carries files (``media.FormMedia``: ``select_one_from_file``, ``instance()``,
``pulldata()``, ``search()``, the workspace's own lists) is opened with them:
``FormSession(definition, media=...)``; a stored version's definition carries them
already (``media_store.media_for``, called by ``responses.definition_for`` and
``store.get_form``).
"""

from __future__ import annotations

import copy
import itertools
import json
import weakref
from collections.abc import Callable, Mapping
from datetime import datetime

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.expr.values import format_datetime
from fieldkit.core.forms.expr.instances import XNode
from fieldkit.core.forms.media import FormMedia, attached_media, choice_list_document
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.session_items import Reader
from fieldkit.core.forms.session_schema import NOT_SHOWN, PARSE_FAILED, Field, FormSchema
from fieldkit.core.forms.session_state import Index, Scope
from fieldkit.core.forms.session_types import (ChoiceOption, Changes, ExpressionFailure, Item, Path,
                                               Problem)
from fieldkit.core.forms.session_values import (InvalidAnswer, SessionError, coerce_result, from_answer,
                                                to_answer)
from fieldkit.core.i18n import N_, current_language

__all__ = ["FormSession", "Changes", "Item", "ChoiceOption", "Problem", "ExpressionFailure",
           "SessionError", "InvalidAnswer", "to_answer", "from_answer", "schema_for"]

_META_DEFAULTS = ("deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
                  "audit", "start-geopoint", "background-audio", "background-geopoint")
_schemas: dict[int, tuple[weakref.ref, FormSchema]] = {}


def schema_for(definition: FormDefinition, media: FormMedia | None = None) -> FormSchema:
    """The (cached) static analysis of ``definition``; sessions of one form share it.
    A form with files is analysed with them (its file lists' choices come from ``media``)."""
    if media is None:
        media = attached_media(definition)
    key = id(definition)
    cached = _schemas.get(key)
    if cached is not None and cached[0]() is definition and cached[1].media is media:
        return cached[1]
    schema = FormSchema(definition, media)
    _schemas[key] = (weakref.ref(definition, lambda _r, k=key, cache=_schemas: cache.pop(k, None)),
                     schema)  # the cache is bound now: at exit module globals may be gone
    return schema


def _local_now() -> datetime:
    return datetime.now().astimezone()


class FormSession(Reader):
    """One response being filled in. See the module docstring."""

    def __init__(self, definition: FormDefinition, answers: Mapping | None = None, *,
                 language: str | None = None, clock: Callable[[], datetime] | None = None,
                 metadata: Mapping[str, object] | None = None, media: FormMedia | None = None) -> None:
        self.definition = definition
        self.metadata = dict(metadata or {})
        self.media = media = media if media is not None else attached_media(definition)
        self._list_documents: dict[str, XNode] = {}
        new = answers is None
        super().__init__(schema_for(definition, media), copy.deepcopy(dict(answers or {})),
                         language or current_language(), clock or _local_now)
        self._changes = Changes()
        if new:
            for name in self.schema.scope_names.get((), ()):
                f = self.fields[name]
                if f.static_default and not f.is_container:
                    self.answers[name] = coerce_result(f.type, f.static_default, self.zone)
            self._fresh.add(id(self.root))
        self._fill_metadata()
        self.evaluate_all(self.schema.order)
        self.check_all(self.root, (), ())
        self._fresh.clear()
        self._changes = None
        self._dirty = {}

    # -- secondary instances ------------------------------------------------------------

    def _instance(self, name: str) -> XNode | None:
        """``instance('name')``: an attached data file, else the form's choice list ``name``."""
        doc = self.media.instance(name) if self.media is not None else None
        if doc is None and name in self.definition.choices:
            doc = self._list_documents.get(name)
            if doc is None:
                doc = self._list_documents[name] = choice_list_document(
                    self.definition.choices[name], self.language, self.definition.default_language)
        return doc

    # -- metadata ---------------------------------------------------------------------

    def _fill_metadata(self) -> None:
        now = self.clock()
        for name in self.schema.scope_names.get((), ()):
            f = self.fields[name]
            kind = f.type.removeprefix("uri:")
            if kind not in ("start", "today", *_META_DEFAULTS) or self.answers.get(name):
                continue
            given = self.metadata.get(kind, self.metadata.get(name))
            if kind == "start":
                given = given or now
            elif kind == "today":
                given = given or now.date()
            if given in (None, ""):
                continue
            try:
                self.answers[name] = to_answer(f.type, given, zone=self.zone)
            except InvalidAnswer:
                self.answers[name] = str(given)

    # -- operations -------------------------------------------------------------------

    def _begin(self) -> None:
        self._changes = Changes()
        self._dirty = {}

    def _finish(self) -> Changes:
        self.note_label_changes()
        changes, self._changes, self._dirty = self._changes, None, {}
        return changes

    def set(self, path: Path, value: object) -> Changes:
        """Answer the question at ``path`` (``None`` or ``""`` clears it) and apply the logic.

        ``value`` may be the stored text or a typed value (int, date, a list of choice
        names ...). Raises InvalidAnswer when it does not fit the question's type and
        SessionError when ``path`` is not a question.
        """
        f, scope, idx, instance = self._resolve(path)
        if instance is not None or f.is_container:
            raise SessionError(N_("“{name}” is a group or repeat and has no answer of its own."), name=f.name)
        text = to_answer(f.type, value, zone=self.zone)
        old = scope.values.get(f.name)
        if old == text or (old is None and text == ""):
            return Changes()
        self._begin()
        scope.values[f.name] = text
        self._changes.values.add(self._path(f.name, idx))
        if scope.visible.get(f.name, True):
            self._mark(f.name, idx)
        constraint = f.exprs.get("constraint")
        reads_itself = constraint is not None and (constraint.uses_current or f.name in constraint.references)
        if not (reads_itself and scope.visible.get(f.name, True)):
            self._check(f, scope, idx)  # else propagate() checks it, after what it reads
        self.propagate()
        return self._finish()

    def add_repeat(self, path: Path, at: int | None = None) -> Changes:
        """Add an instance to the repeat at ``path`` (at the end, or before index ``at``)."""
        f, scope, idx = self._user_repeat(path, instance=False)
        instances = scope.repeats.setdefault(f.name, [])
        at = len(instances) if at is None else max(0, min(int(at), len(instances)))
        self._begin()
        self.add_instance(f, scope, idx, at, None)
        forced: dict = {}
        self.structure_changed(f, scope, idx, range(at, at + 1), forced)
        self.propagate(forced)
        return self._finish()

    def remove_repeat(self, path: Path) -> Changes:
        """Remove the repeat instance at ``path`` (``("readings", 1)``); later ones move up."""
        f, scope, idx, instance = self._user_repeat(path, instance=True)
        self._begin()
        self.remove_instance(f, scope, idx, instance)
        forced: dict = {}
        self.structure_changed(f, scope, idx, range(instance, instance + 1), forced)
        self.propagate(forced)
        return self._finish()

    def _user_repeat(self, path: Path, instance: bool):
        f, scope, idx, index = self._resolve(path)
        if not f.is_repeat:
            raise SessionError(N_("“{name}” is not a repeat."), name=f.name)
        if instance and index is None:
            raise SessionError(N_("Give the path of one entry of “{name}”, such as ({name}, 0)."), name=f.name)
        if not instance and index is not None:
            raise SessionError(N_("Give the path of the repeat “{name}” itself to add an entry."), name=f.name)
        if not self.can_add(f):
            raise SessionError(N_("The number of “{name}” entries is set by the form and cannot be changed by hand."),
                               name=f.name)
        return (f, scope, idx, index) if instance else (f, scope, idx)

    def set_language(self, language: str) -> Changes:
        """Show texts in ``language``; formulas using jr:choice-name are recomputed."""
        self.language = language
        self._begin()
        forced = {node: {()} for node in self.schema.order
                  if "jr:choice-name" in self.fields[node[0]].exprs[node[1]].functions}
        self.propagate(forced)
        return self._finish()

    def recalculate(self) -> Changes:
        """Evaluate every formula again (e.g. after midnight, for today())."""
        self._begin()
        self.evaluate_all(self.schema.order)
        self.check_all(self.root, (), ())
        return self._finish()

    def finalise(self) -> dict:
        """Stamp the ``end`` metadata with the clock and return :meth:`final_answers`."""
        now = format_datetime(self.clock())
        for name in self.schema.scope_names.get((), ()):
            if self.fields[name].type == "end":
                self.answers[name] = now
        return self.final_answers()

    # -- reading ----------------------------------------------------------------------

    def _resolve(self, path: Path) -> tuple[Field, Scope, Index, int | None]:
        path = tuple(path) if isinstance(path, (tuple, list)) else (path,)
        scope, idx, chain, k = self.root, (), (), 0
        while k < len(path):
            name = path[k]
            f = self.fields.get(name) if isinstance(name, str) else None
            if f is None or f.chain != chain:
                raise SessionError(N_("There is no question at {path}."), path=_show(path))
            if k == len(path) - 1:
                return f, scope, idx, None
            index = path[k + 1]
            instances = scope.repeats.get(name, [])
            if not f.is_repeat or isinstance(index, bool) or not isinstance(index, int):
                raise SessionError(N_("There is no question at {path}."), path=_show(path))
            if not 0 <= index < len(instances):
                raise SessionError(N_("Entry {number} of “{name}” does not exist."), number=index + 1, name=name)
            if k + 1 == len(path) - 1:
                return f, scope, idx, index
            scope, idx, chain, k = instances[index], idx + (index,), chain + (name,), k + 2
        raise SessionError(N_("There is no question at {path}."), path=_show(path))

    def value(self, path: Path) -> str:
        """The stored answer text at ``path`` ("" when unanswered, and for groups)."""
        f, scope, _, instance = self._resolve(path)
        if f.is_container or instance is not None:
            return ""
        value = scope.values.get(f.name, "")
        return value if isinstance(value, str) else ""

    def typed_value(self, path: Path) -> object:
        """The answer at ``path`` as formulas see it (int, float, date ...; "" when hidden)."""
        f, scope, _, instance = self._resolve(path)
        return "" if f.is_container or instance is not None else self._effective(f, scope)

    def item(self, path: Path) -> Item:
        f, scope, idx, instance = self._resolve(path)
        if instance is not None:
            return self._instance_item(f, scope, idx, instance)
        return self._item(f, scope, idx)

    def items(self, *, all_types: bool = False, under: Path | None = None) -> list[Item]:
        """Every item in form order. Calculations, hidden and metadata fields only with
        ``all_types``. Items inside hidden groups are listed with ``visible`` False.

        ``under`` (the path of one repeat instance, ``("readings", 2)``) lists only that
        instance and what is inside it, so a runner shows an added entry without going
        through every other one."""
        out: list[Item] = []
        if under is None:
            walk = self._walk(self.schema.top, self.root, ())
        else:
            f, scope, idx, instance = self._resolve(under)
            if instance is None:
                raise SessionError(N_("Give the path of one entry of “{name}”, such as ({name}, 0)."),
                                   name=f.name)
            child = scope.repeats[f.name][instance]
            walk = itertools.chain([("instance", f, scope, idx, instance)],
                                   self._walk(f.children, child, idx + (instance,)))
        for kind, f, scope, idx, instance in walk:
            if not all_types and f.type in NOT_SHOWN:
                continue
            out.append(self._instance_item(f, scope, idx, instance) if kind == "instance"
                       else self._item(f, scope, idx))
        return out

    def answers_json(self) -> str:
        """``answers`` as stable JSON text (sorted keys), for saving a draft."""
        return json.dumps(self.answers, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def errors(self) -> list[ExpressionFailure]:
        """Formulas that currently fail (their result is taken as empty / false), in form order;
        formulas that could not even be read have the question's name alone as path."""
        out = []
        for problem in self.schema.problems:
            err = FieldkitError(PARSE_FAILED, name=problem.name, attribute=problem.attribute,
                                reason=FieldkitError(problem.msgid, **problem.params).message(self.message_language()))
            out.append(self.failure((problem.name,), problem.attribute, problem.expression, err))
        for scope, _, idx in self.walk_scopes():
            for (name, attr), (text, err) in scope.errors.items():
                f = self.fields[name]
                out.append(self.failure(self._path(name, idx[:len(f.chain)]), attr, text, err))
        order = self.schema.fields
        return sorted(out, key=lambda e: (order[e.path[-1]].order if e.path[-1] in order else -1,
                                          tuple(p for p in e.path if isinstance(p, int))))


def _show(path: Path) -> str:
    return "(" + ", ".join(repr(p) for p in path) + ")"
