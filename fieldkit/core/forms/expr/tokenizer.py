"""Split an expression into tokens, following the XPath 1.0 lexical rules.

XPath has no reserved words: ``and``, ``or``, ``div``, ``mod`` and ``*`` are operators
only where an operator can stand (after an operand), and names such as
``count-selected`` or ``jr:choice-name`` contain ``-`` and ``:``. The XLSForm extras
are ``${name}`` references and, because forms are typed in Excel/WPS, curly quotes
(‘other’, “other”) which we accept as string delimiters (a real corpus form uses them).
Full-width punctuation typed with a Chinese IME gets its own clear error.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.core.i18n import N_

from .errors import ExpressionSyntaxError

# Token kinds: NUM STR REF NAME OP and the punctuation itself: ( ) [ ] , . .. @ / // | * END
NUM, STR, REF, NAME, OP, END = "num", "str", "ref", "name", "op", "end"

_OPERATOR_NAMES = {"and", "or", "div", "mod"}
# After these, an operator cannot follow: `*` is a name test and `div` is a name.
_NO_OPERAND_BEFORE = {"@", "(", "[", ",", OP, "/", "//", "|"}
_QUOTES = {"'": "'", '"': '"', "\u2018": "\u2018\u2019", "\u2019": "\u2018\u2019",
           "\u201c": "\u201c\u201d", "\u201d": "\u201c\u201d"}
_FULL_WIDTH = {"（": "(", "）": ")", "，": ",", "＝": "=", "＜": "<", "＞": ">", "！": "!",
               "＋": "+", "－": "-", "＊": "*", "／": "/", "＄": "$", "｛": "{", "｝": "}",
               "［": "[", "］": "]", "．": ".", "＇": "'", "＂": '"', "｜": "|", "、": ","}
_FULL_WIDTH.update({chr(0xFF10 + d): str(d) for d in range(10)})  # １２３
_DIGITS = frozenset("0123456789")  # ASCII only: str.isdigit() also accepts ², which float() rejects
_AXES = {"child", "self", "parent", "attribute", "descendant", "descendant-or-self",
         "ancestor", "ancestor-or-self", "following", "following-sibling", "preceding",
         "preceding-sibling", "namespace"}


@dataclass(slots=True)  # not frozen: that triples the cost of creating one, and none is ever changed
class Token:
    kind: str
    value: str
    pos: int


def is_name_start(ch: str) -> bool:
    return ch.isalpha() or ch == "_"


def is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-."


def is_ncname(text: str) -> bool:
    return bool(text) and is_name_start(text[0]) and all(is_name_char(c) for c in text[1:])


def unexpected(text: str, pos: int, token: str | None = None) -> ExpressionSyntaxError:
    if token is None:
        token = text[pos] if pos < len(text) else ""
    if pos >= len(text):
        return ExpressionSyntaxError(N_("Unexpected end of expression: {expression}"),
                                     position=pos, expression=text)
    if token in _FULL_WIDTH:
        return ExpressionSyntaxError(
            N_("Full-width character '{token}' at character {column} in expression: {expression}; use '{replacement}' instead"),
            position=pos, expression=text, token=token, replacement=_FULL_WIDTH[token])
    return ExpressionSyntaxError(N_("Unexpected '{token}' at character {column} in expression: {expression}"),
                                 position=pos, expression=text, token=token)


def _glued_operator(word: str) -> str | None:
    """``or`` in ``or.`` / ``div`` in ``div-2``: an operator name glued to what follows it."""
    for i, ch in enumerate(word):
        if ch in "-.":
            head = word[:i]
            return head if head in _OPERATOR_NAMES else None
    return None


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text``, ending with an END token. Raises ExpressionSyntaxError."""
    tokens: list[Token] = []
    n = len(text)
    i = 0

    def operand_before() -> bool:
        return bool(tokens) and tokens[-1].kind not in _NO_OPERAND_BEFORE

    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        start = i
        if ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            while i < n and text[i] in _DIGITS:
                i += 1
            if i < n and text[i] == ".":
                i += 1
                while i < n and text[i] in _DIGITS:
                    i += 1
            if i < n and (text[i].isalnum() or text[i] == "_"):
                end = i
                while end < n and is_name_char(text[end]):
                    end += 1
                raise unexpected(text, start, text[start:end])  # 1e5, 2abc: not XPath numbers
            tokens.append(Token(NUM, text[start:i], start))
        elif ch in _QUOTES:
            closers = _QUOTES[ch]
            i += 1
            while i < n and text[i] not in closers:
                i += 1
            if i >= n:
                raise ExpressionSyntaxError(
                    N_("Unterminated text starting at character {column} in expression: {expression}"),
                    position=start, expression=text)
            tokens.append(Token(STR, text[start + 1:i], start))
            i += 1
        elif ch == "$" and i + 1 < n and text[i + 1] == "{":
            close = text.find("}", i + 2)
            if close < 0:
                raise ExpressionSyntaxError(
                    N_("Unterminated question reference starting at character {column} in expression: {expression}"),
                    position=start, expression=text)
            name = text[i + 2:close].strip()
            if not is_ncname(name) and not all(map(is_ncname, name.split("/"))):  # see forms.names
                raise ExpressionSyntaxError(
                    N_("Invalid question reference '{token}' at character {column} in expression: {expression}"),
                    position=start, expression=text, token=text[start:close + 1])
            tokens.append(Token(REF, name, start))
            i = close + 1
        elif is_name_start(ch):
            while i < n and is_name_char(text[i]):
                i += 1
            if i + 1 < n and text[i] == ":" and text[i + 1] != ":":
                if text[i + 1] == "*":
                    i += 2
                elif is_name_start(text[i + 1]):  # QName prefix:local
                    i += 1
                    while i < n and is_name_char(text[i]):
                        i += 1
            word = text[start:i]
            if text.startswith("::", i) and word not in _AXES:
                # `label::English` in a choice filter names a column of the choices sheet
                j = i + 2
                if j < n and is_name_start(text[j]):
                    while j < n and is_name_char(text[j]):
                        j += 1
                    word, i = text[start:j], j
            glued = _glued_operator(word)
            if word in _OPERATOR_NAMES and operand_before():
                tokens.append(Token(OP, word, start))
            elif glued is not None and operand_before():
                # `5 div-2`, `.=0 or.<=${n}`: a name cannot follow an operand, so this is
                # the operator, then `-2` / `.` (ODK Validate reads these the same way)
                tokens.append(Token(OP, glued, start))
                i = start + len(glued)
            else:
                tokens.append(Token(NAME, word, start))
        elif ch == "*":
            i += 1
            tokens.append(Token(OP, "*", start) if operand_before() else Token("*", "*", start))
        elif ch in "+-=|":
            i += 1
            tokens.append(Token("|" if ch == "|" else OP, ch, start))
        elif ch in "<>!":
            i += 1
            if i < n and text[i] == "=":
                i += 1
            elif ch == "!":
                raise unexpected(text, start)
            tokens.append(Token(OP, text[start:i], start))
        elif ch == "/":
            i += 2 if text.startswith("//", i) else 1
            tokens.append(Token(text[start:i], text[start:i], start))
        elif ch == ".":
            i += 2 if text.startswith("..", i) else 1
            tokens.append(Token(text[start:i], text[start:i], start))
        elif ch in "()[],@":
            i += 1
            tokens.append(Token(ch, ch, start))
        elif ch == ":" and text.startswith("::", i):
            i += 2
            tokens.append(Token("::", "::", start))
        else:
            raise unexpected(text, start)
    tokens.append(Token(END, "", n))
    return tokens
