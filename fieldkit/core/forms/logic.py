"""Small rules about the logic columns of an XLSForm, shared by the reader and validation.

Which columns hold expressions, when ``required``/``read_only`` is a plain yes/no flag
rather than an expression, when a ``default`` is an expression, and how ``${name}``
references appear in plain texts such as labels.
"""

from __future__ import annotations

import re

# Question fields that hold an expression (subject to the exceptions below).
EXPRESSION_FIELDS = (
    "relevant", "constraint", "calculation", "required", "read_only", "choice_filter",
    "repeat_count", "default",
)
# Fields that are a yes/no flag unless they hold something else.
FLAG_FIELDS = ("required", "read_only")

_FLAGS = {"yes", "no", "true", "false", "true()", "false()"}
_SMART_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_FUNCTION_CALL = re.compile(r"(?<![\w.\-:])([A-Za-z_][\w\-.:]*)\(")
_UNSUPPORTED = re.compile(r"(?<![\w\-])(search)\s*\(")


def is_flag(text: str) -> bool:
    """True for the yes/no spellings pyxform accepts (yes, No, TRUE, true(), ...)."""
    return text.strip().lower() in _FLAGS


def is_dynamic_default(text: str) -> bool:
    """A default is an expression when it refers to a question or calls a function
    (``${age} + 1``, ``today()``); otherwise it is a literal value such as
    ``2024-01-31`` or ``Hello (world)``, which must not be parsed as arithmetic."""
    return "${" in text or bool(_FUNCTION_CALL.search(text))


def needs_parsing(field: str, text: str) -> bool:
    """Whether ``text`` in expression column ``field`` must be parsed as an expression."""
    if not text:
        return False
    if field in FLAG_FIELDS:
        return not is_flag(text)
    if field == "default":  # ${last-saved#q} is not a formula: see last_saved
        return is_dynamic_default(text) and "${last-saved#" not in text
    return True


def straighten_quotes(text: str) -> str:
    """Replace typographic quotes, which Excel and WPS insert by themselves, with plain
    ones; pyxform does the same, and an expression cannot use the curly ones."""
    return text if text.isascii() else text.translate(_SMART_QUOTES)


def text_references(text: str) -> list[str]:
    """Names referenced as ``${name}`` in a plain text (label, hint, message)."""
    return [name.strip() for name in _REFERENCE.findall(text)]


def unsupported_functions(text: str) -> list[str]:
    """Functions in ``text`` that only an appearance may call (``search()``)."""
    if "search" not in text:  # cheap common case
        return []
    return sorted(set(_UNSUPPORTED.findall(text)))
