"""The read side of a form session: items for a runner UI, problems, the final record."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping

from fieldkit.core.forms.expr import NodeSet, to_string
from fieldkit.core.forms.expr.random_functions import shuffle
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.forms.parameters import parse_parameters
from fieldkit.core.forms.session_engine import Engine
from fieldkit.core.forms.session_schema import NOT_SHOWN, OTHER, Field
from fieldkit.core.forms.session_state import Index, Scope
from fieldkit.core.forms.session_types import ChoiceOption, Item, Problem
from fieldkit.core.forms.session_values import MESSAGES
from fieldkit.core.i18n import N_

_REFERENCE = re.compile(r"\$\{([^}]*)\}")


class Reader(Engine):
    """Builds :class:`Item` and :class:`Problem` lists and the final answers."""

    def can_add(self, f: Field) -> bool:
        return f.kind == "repeat" and not f.question.repeat_count.strip()

    def _walk(self, names, scope: Scope, idx: Index) -> Iterator[tuple]:
        for name in names:
            f = self.fields[name]
            yield "item", f, scope, idx, None
            if f.is_repeat:
                for i, child in enumerate(scope.repeats.get(name, ())):
                    yield "instance", f, scope, idx, i
                    yield from self._walk(f.children, child, idx + (i,))
            elif f.is_container:
                yield from self._walk(f.children, scope, idx)

    def _randomized(self, f: Field, picked: list, idx: Index) -> list:
        """``parameters: randomize=true [seed=...]``: the choices in an order that is the same
        each time this response is shown (ODK shuffles once per form; its seed= gives a
        fixed order: a number or ``${question}``)."""
        params = parse_parameters(f.question.parameters)
        if params.get("randomize", "").lower() not in ("true", "true()", "yes", "1"):
            return picked
        given = params.get("seed", "")
        if given.startswith("${") and given.endswith("}"):
            where = {repeat: i + 1 for repeat, i in zip(f.chain, idx)}
            given = to_string(self._lookup(given[2:-1].strip(), where))
        try:
            seed = int(float(given)) if given else 0
        except ValueError:
            seed = 0
        if not seed:
            seed = int(self._ctx.stable_number("randomize", f.name, idx) * 2147483646) + 1
        return shuffle(list(picked), seed)

    def _text(self, f: Field, texts: Mapping[str, str], idx: Index) -> str:
        text = pick_text(dict(texts), self.language, self.schema.definition.default_language)
        if not text:
            return ""
        loops = [(k, r) for k, r in enumerate(f.chain) if self.fields[r].kind == "loop"]
        if loops and "%(" in text:
            k, loop = loops[-1]
            choices = self.fields[loop].choices or []
            if idx[k] < len(choices):
                choice = choices[idx[k]]
                text = text.replace("%(label)s", self.choice_text(choice)).replace("%(name)s", choice.name)
        if "${" in text:
            where = {repeat: i + 1 for repeat, i in zip(f.chain, idx)}
            text = _REFERENCE.sub(lambda m: _display(self._lookup(m.group(1).strip(), where)), text)
        return text

    def _item(self, f: Field, scope: Scope, idx: Index) -> Item:
        q, name = f.question, f.name
        is_answer = not f.is_container and f.kind != "note"
        value = scope.values.get(name, "") if not f.is_container else ""
        value = value if isinstance(value, str) else ""
        state = scope.constraint.get(name, "")
        if f.synthetic == OTHER:
            label = self.tr(N_("Specify other."))
        else:
            label = self._text(f, q.label, idx)
        choices: tuple[ChoiceOption, ...] = ()
        if f.choices is not None and f.kind == "question":
            offered = scope.choices.get(name)
            picked = f.choices if offered is None else [f.choices[i] for i in offered]
            if "randomize" in q.parameters:
                picked = self._randomized(f, picked, idx)
            choices = tuple(ChoiceOption(c.name, self._choice_label_text(f, c, idx), self._picture(c))
                            for c in picked)
        kind = {"repeat": "repeat", "loop": "repeat", "group": "group", "note": "note"}.get(f.kind, "question")
        instances = scope.repeats.get(name) if f.is_repeat else None
        return Item(
            path=self._path(name, idx), kind=kind, question=q, depth=f.depth,
            relevant=scope.relevant.get(name, True), visible=scope.visible.get(name, True),
            value=value, label=label, hint=self._text(f, q.hint, idx),
            required=is_answer and scope.required.get(name, f.required),
            required_message=self._required_message(f, idx) if is_answer else "",
            read_only=scope.read_only.get(name, f.read_only),
            constraint_ok=not state, constraint_message=self._constraint_message(f, scope, idx, state),
            choices=choices, appearance=q.appearance,
            count=len(instances) if instances is not None else None,
            can_add=f.is_repeat and self.can_add(f), shown=f.type not in NOT_SHOWN,
            picture=self._picture(q))

    def _picture(self, q) -> bytes:
        """The bytes of a question's or a choice's image in the session's language (else the
        default language's), if the form carries that file (a missing picture was a warning
        at import). The bytes are the form's own object: nothing is copied or decoded here."""
        if not q.media:
            return b""
        media = getattr(self, "media", None)
        texts = q.media.get("image") or q.media.get("big-image")
        if not texts or media is None:
            return b""
        name = pick_text(dict(texts), self.language, self.schema.definition.default_language)
        return media.files.get(name, b"")

    def _choice_label_text(self, f: Field, choice, idx: Index) -> str:
        text = self.choice_text(choice)
        if "${" in text:
            where = {repeat: i + 1 for repeat, i in zip(f.chain, idx)}
            text = _REFERENCE.sub(lambda m: _display(self._lookup(m.group(1).strip(), where)), text)
        return text

    def _instance_item(self, f: Field, scope: Scope, idx: Index, index: int) -> Item:
        child = scope.repeats[f.name][index]
        if f.kind == "loop" and f.choices and index < len(f.choices):
            label = self.choice_text(f.choices[index])
        else:
            label = f"{self._text(f, f.question.label, idx)} {index + 1}".strip()
        return Item(
            path=self._path(f.name, idx) + (index,), kind="repeat_instance", question=f.question,
            depth=f.depth + 1, relevant=scope.relevant.get(f.name, True), visible=child.base_visible,
            value="", label=label, hint="", required=False, required_message="", read_only=False,
            constraint_ok=True, constraint_message="", choices=(), appearance=f.question.appearance,
            index=index, can_add=self.can_add(f))

    def _required_message(self, f: Field, idx: Index) -> str:
        return self._text(f, f.question.required_message, idx) or self.tr(N_("This question is required."))

    def _constraint_message(self, f: Field, scope: Scope, idx: Index, state: str) -> str:
        if not state:
            return ""
        if state == "type":
            return self.tr(MESSAGES.get(f.type, N_("This answer is not allowed.")))
        if state == "choice":
            allowed = self.allowed_choices(f, scope)
            wrong = [n for n in scope.values.get(f.name, "").split() if n not in allowed]
            return self.tr(N_("“{value}” is not one of the choices offered."), value=" ".join(wrong))
        return self._text(f, f.question.constraint_message, idx) or self.tr(N_("This answer is not allowed."))

    # -- finalising -------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """What stops the response from being finalised, for visible questions, in form order."""
        out: list[Problem] = []
        for kind, f, scope, idx, _ in self._walk(self.schema.top, self.root, ()):
            if kind != "item" or f.is_container or f.kind == "note" or not scope.visible.get(f.name, True):
                continue
            value = scope.values.get(f.name, "")
            state = scope.constraint.get(f.name, "")
            if value == "" and scope.required.get(f.name, f.required) and f.type not in NOT_SHOWN \
                    and not scope.read_only.get(f.name, f.read_only):
                out.append(Problem(self._path(f.name, idx), "required", self._required_message(f, idx)))
            elif state:
                out.append(Problem(self._path(f.name, idx), "constraint",
                                   self._constraint_message(f, scope, idx, state)))
        return out

    def final_answers(self) -> dict:
        """The answers as they are kept: answers of hidden questions left out, calculations in."""
        return self._final(self.root, ())

    def _final(self, scope: Scope, chain: tuple[str, ...]) -> dict:
        out: dict = {}
        known = self.schema.scope_names.get(chain, [])
        for name in known:
            f = self.fields[name]
            if f.kind == "group" or not scope.visible.get(name, True):
                continue
            if f.is_repeat:
                if name in scope.values or scope.repeats.get(name):
                    out[name] = [self._final(child, chain + (name,)) for child in scope.repeats.get(name, ())]
            elif name in scope.values and not (f.kind == "note" and scope.values[name] == ""):
                out[name] = scope.values[name]
        known_set = set(known)
        for key, value in scope.values.items():
            if key not in known_set:
                out[key] = copy.deepcopy(value)
        return out


def _display(value: object) -> str:
    if isinstance(value, NodeSet):
        return ", ".join(to_string(v) for v in value)
    return to_string(value)

