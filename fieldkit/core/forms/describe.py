"""A form's logic in words, for people who do not read XPath.

``${children} > 0`` as a relevance reads 仅当“子女人数”大于 0 时显示 / "Shown only when
“Number of children” is greater than 0". Questions are named by their label (shortened),
choice codes by their choice's label, and the common patterns of XLSForm logic (compare,
selected(), filled in or not, and/or/not, counts, lengths, today) read as sentences; any
other piece keeps its formula with the questions' labels put in, so nothing is hidden.
Used by the forms page's preview; the syntax tree comes from the expression parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.core.forms.expr.errors import ExpressionSyntaxError
from fieldkit.core.forms.expr.nodes import (Call, Chain, Filter, Literal, Negate, Node, Path,
                                            Ref)
from fieldkit.core.forms.expr.parser import parse
from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import N_, tr

LABEL_CHARS = 18   # a question named in a sentence is shortened to this many characters

# question types in words (the preview's "type" column)
TYPE_WORDS = {
    "text": N_("Free text"), "integer": N_("Whole number"), "decimal": N_("Number"),
    "date": N_("Date"), "time": N_("Time"), "datetime": N_("Date and time"),
    "select_one": N_("Single choice"), "select_multiple": N_("Multiple choice"),
    "select_one_from_file": N_("Single choice"), "select_multiple_from_file":
    N_("Multiple choice"), "rank": N_("Ranking"), "note": N_("Note (text only)"),
    "calculate": N_("Calculated"), "acknowledge": N_("Acknowledgement"),
    "geopoint": N_("Location"), "geotrace": N_("Line on a map"), "geoshape": N_("Area on a map"),
    "image": N_("Photo"), "audio": N_("Recording"), "video": N_("Video"), "file": N_("File"),
    "barcode": N_("Barcode"), "range": N_("Scale"), "group": N_("Group"),
    "repeat": N_("Repeated group"), "hidden": N_("Hidden"),
    "start": N_("Start time (automatic)"), "end": N_("End time (automatic)"),
    "today": N_("Date (automatic)"), "deviceid": N_("Device (automatic)"),
    "username": N_("User name (automatic)"), "phonenumber": N_("Phone number (automatic)"),
    "audit": N_("Audit (automatic)"), "background-audio": N_("Background recording"),
}

_COMPARE = {"=": N_("{a} is {b}"), "!=": N_("{a} is not {b}"),
            ">": N_("{a} is greater than {b}"), ">=": N_("{a} is at least {b}"),
            "<": N_("{a} is less than {b}"), "<=": N_("{a} is at most {b}")}


@dataclass
class _Context:
    form: FormDefinition
    language: str
    subject: Question | None

    def question(self, name: str | None) -> Question | None:
        return self.form.find(name) if name else None

    def name_of(self, name: str | None) -> str:
        question = self.question(name)
        if question is None:
            return f"“{name}”" if name else tr("this answer")
        label = pick_text(question.label, self.language, self.form.default_language).strip()
        label = " ".join(label.split()) or question.name
        if len(label) > LABEL_CHARS:
            label = label[:LABEL_CHARS - 1] + "…"
        return f"“{label}”"

    def choice_label(self, question: Question | None, code: str) -> str:
        if question is not None and question.list_name:
            for choice in self.form.choices.get(question.list_name, ()):
                if choice.name == code:
                    label = pick_text(choice.label, self.language, self.form.default_language)
                    return f"“{label or code}”"
        return f"“{code}”"


def _target(node: Node, ctx: _Context) -> str | None:
    """The question a node stands for (``${q}``, ``/data/g/q``, ``../q``; ``.`` is the
    question being described), or None."""
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Path):
        if node.is_current:
            return ctx.subject.name if ctx.subject is not None else None
        return node.target
    return None


def _is_empty(node: Node) -> bool:
    return isinstance(node, Literal) and node.value == ""


def _words(node: Node, ctx: _Context) -> str:
    if isinstance(node, Literal):
        if isinstance(node.value, float):
            return f"{node.value:g}"
        return f"“{node.value}”"
    target = _target(node, ctx)
    if target is not None or isinstance(node, (Ref, Path)):
        if isinstance(node, Path) and node.is_current:
            return tr("this answer")
        return ctx.name_of(target)
    if isinstance(node, Negate):
        return f"-{_words(node.operand, ctx)}"
    if isinstance(node, Call):
        return _call(node, ctx)
    if isinstance(node, Chain):
        return _chain(node, ctx)
    if isinstance(node, Filter):
        return _words(node.primary, ctx)
    return "?"


def _compare(op: str, left: Node, right: Node, ctx: _Context) -> str:
    if _is_empty(right) or _is_empty(left):
        side = left if _is_empty(right) else right
        if op in ("=", "!="):
            msgid = N_("{a} is not filled in") if op == "=" else N_("{a} is filled in")
            return tr(msgid, a=_words(side, ctx))
    question = ctx.question(_target(left, ctx))
    if isinstance(right, Literal) and isinstance(right.value, str) and question is not None \
            and question.list_name and op in ("=", "!="):
        msgid = N_("{a} is {b}") if op == "=" else N_("{a} is not {b}")
        return tr(msgid, a=_words(left, ctx), b=ctx.choice_label(question, right.value))
    return tr(_COMPARE[op], a=_words(left, ctx), b=_words(right, ctx))


def _chain(node: Chain, ctx: _Context) -> str:
    parts = [_words(o, ctx) for o in node.operands]
    if node.level in ("and", "or"):
        joiner = tr(" and ") if node.level == "and" else tr(" or ")
        inner = [f"({p})" if isinstance(o, Chain) and o.level in ("and", "or") else p
                 for o, p in zip(node.operands, parts)]
        return joiner.join(inner)
    if node.level in ("eq", "rel") and len(node.operands) == 2:
        return _compare(node.ops[0], node.operands[0], node.operands[1], ctx)
    out = parts[0]
    for op, part in zip(node.ops, parts[1:]):
        out += f" {op} {part}"
    return out


def _call(node: Call, ctx: _Context) -> str:
    name, args = node.name, node.args
    if name == "selected" and len(args) == 2:
        question = ctx.question(_target(args[0], ctx))
        choice = (ctx.choice_label(question, args[1].value)
                  if isinstance(args[1], Literal) else _words(args[1], ctx))
        return tr("{choice} is chosen in {question}", choice=choice,
                  question=_words(args[0], ctx))
    if name == "not" and len(args) == 1:
        return tr("not ({condition})", condition=_words(args[0], ctx))
    if name == "count-selected" and len(args) == 1:
        return tr("the number of options chosen in {question}", question=_words(args[0], ctx))
    if name == "string-length" and len(args) == 1:
        return tr("the length of {question}", question=_words(args[0], ctx))
    if name == "count" and len(args) == 1:
        return tr("the number of entries in {question}", question=_words(args[0], ctx))
    if name in ("sum",) and len(args) == 1:
        return tr("the total of {question}", question=_words(args[0], ctx))
    if name == "today" and not args:
        return tr("today")
    if name == "now" and not args:
        return tr("now")
    if name == "regex" and len(args) == 2:
        return tr("{question} matches the pattern {pattern}", question=_words(args[0], ctx),
                  pattern=_words(args[1], ctx))
    if name == "true" and not args:
        return tr("always")
    if name == "false" and not args:
        return tr("never")
    return f"{name}({', '.join(_words(a, ctx) for a in args)})"


def describe_expression(text: str, form: FormDefinition, language: str,
                        subject: Question | None = None) -> str:
    """``text`` in words; the text itself when it does not parse."""
    try:
        expression = parse(text)
    except ExpressionSyntaxError:
        return text
    return _words(expression.root, _Context(form, language, subject))


def _is_yes(value: str) -> bool:
    return value.strip().lower() in ("yes", "true", "true()", "1")


def _is_no(value: str) -> bool:
    return value.strip().lower() in ("", "no", "false", "false()", "0")


def describe_logic(question: Question, form: FormDefinition, language: str) -> list[str]:
    """One sentence for each piece of logic on ``question``, in the current language."""
    def words(text: str) -> str:
        return describe_expression(text, form, language, question)

    out = []
    if question.relevant:
        out.append(tr("Shown only when {condition}", condition=words(question.relevant)))
    if not _is_no(question.required):
        out.append(tr("Required") if _is_yes(question.required)
                   else tr("Required when {condition}", condition=words(question.required)))
    if question.constraint:
        message = pick_text(question.constraint_message, language, form.default_language)
        sentence = tr("The answer must satisfy: {condition}", condition=words(question.constraint))
        out.append(sentence + (f" ({message})" if message else ""))
    if question.calculation:
        out.append(tr("Calculated: {formula}", formula=words(question.calculation)))
    if question.choice_filter:
        out.append(tr("Only the choices where {condition}",
                      condition=words(question.choice_filter)))
    if question.repeat_count:
        out.append(tr("Repeated {count} times", count=words(question.repeat_count)))
    if question.default:
        out.append(tr("Starts as {value}", value=question.default))
    if not _is_no(question.read_only):
        out.append(tr("Cannot be changed") if _is_yes(question.read_only)
                   else tr("Cannot be changed when {condition}",
                           condition=words(question.read_only)))
    if _is_yes(question.personal):
        out.append(tr("Personal data: left out of reports and exports unless asked"))
    return out


def describe_pictures(question: Question, form: FormDefinition) -> list[str]:
    """Which pictures the question shows (``media::image``): its own, and how many of its
    choices have one; nothing for a question without pictures."""
    out = []
    if any(any(texts.values()) for kind, texts in question.media.items() if kind in ("image", "big-image")):
        out.append(tr("Shows a picture"))
    choices = form.choices.get(question.list_name, ()) if question.list_name else ()
    with_picture = sum(1 for c in choices
                       if any(any(texts.values()) for kind, texts in c.media.items() if kind in ("image", "big-image")))
    if with_picture and with_picture == len(choices):
        out.append(tr("Every choice has a picture"))
    elif with_picture:
        out.append(tr("{count} of {total} choices have a picture", count=with_picture, total=len(choices)))
    return out


def type_words(question: Question) -> str:
    """The question's kind in words (单选题, 日期 …); an unknown type is shown as written."""
    base = question.type.split(" ")[0]
    msgid = TYPE_WORDS.get(base) or TYPE_WORDS.get(base.lower())   # XLSForm writes dateTime
    return tr(msgid) if msgid else question.type
