"""A readable outline of a form: its questions, their types and their logic, in one language.

Used by ``fieldkit forms show`` and by the forms page's preview.
"""

from __future__ import annotations

from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.i18n import N_, tr

LOGIC = (("relevant", N_("shown if")), ("required", N_("required")),
         ("constraint", N_("must satisfy")), ("calculation", N_("calculated as")),
         ("choice_filter", N_("choices filtered by")), ("repeat_count", N_("repeated")),
         ("default", N_("default")), ("read_only", N_("read-only")),
         ("personal", N_("personal data")))


def pick_text(texts: dict[str, str], language: str | None, default_language: str = "") -> str:
    """The text in ``language`` (matched by code or name), else the form's default, else any."""
    if not texts:
        return ""
    if language:
        for key, value in texts.items():
            code = key[key.find("(") + 1:key.find(")")] if "(" in key else key
            if value and (key == language or code.lower() == language.split("_")[0].lower()):
                return value
    for key in (default_language, ""):
        if texts.get(key):
            return texts[key]
    return next((v for v in texts.values() if v), "")


def question_lines(question: Question, form: FormDefinition, language: str | None,
                   depth: int = 0) -> list[str]:
    indent = "  " * depth
    label = pick_text(question.label, language, form.default_language)
    head = f"{indent}{question.name} [{question.type}"
    head += f" {question.list_name}]" if question.list_name else "]"
    lines = [f"{head}  {label}".rstrip()]
    for attribute, caption in LOGIC:
        value = getattr(question, attribute)
        if value and not (attribute in ("required", "read_only", "personal")
                          and value.lower() in ("no", "false")):
            lines.append(f"{indent}    {tr(caption)}: {value}")
    for child in question.children:
        lines.extend(question_lines(child, form, language, depth + 1))
    return lines


def outline(form: FormDefinition, language: str | None = None) -> list[str]:
    from fieldkit.core.i18n import current_language

    language = language or current_language()
    lines = [tr("Form “{title}” ({form_id}), version {version}", title=form.title,
                form_id=form.form_id, version=form.version)]
    for question in form.questions:
        lines.extend(question_lines(question, form, language))
    return lines
