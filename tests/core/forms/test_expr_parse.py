"""Parsing: syntax, reference extraction, error positions and messages, real corpus forms."""

from pathlib import Path

import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.expr import (
    ExpressionError, ExpressionSyntaxError, Expression, parse,
)
from fieldkit.core.forms.expr.tokenizer import tokenize

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "xlsform"


def test_error_hierarchy():
    assert issubclass(ExpressionSyntaxError, ExpressionError)
    assert issubclass(ExpressionError, FieldkitError)


@pytest.mark.parametrize("text, refs", [
    ("${a} + ${b}", {"a", "b"}),
    ("${a} = ${a}", {"a"}),
    ("/data/group/q > 3", {"q"}),
    ("../q + ../../other", {"q", "other"}),
    ("current()/../q", {"q"}),
    ("count(${rep})", {"rep"}),
    ("indexed-repeat(${f}, ${rep}, 2)", {"f", "rep"}),
    ("concat('${not_a_ref}', 'x')", set()),
    ("jr:choice-name(${q}, '${q}')", {"q"}),
    (". > 5", set()),
    ("${名字} != ''", {"名字"}),
    ("${ spaced }", {"spaced"}),
])
def test_references(text, refs):
    assert parse(text).references == frozenset(refs)


def test_relative_names_are_choice_columns_not_questions():
    e = parse("county = ${county} and selected(${picked}, name)")
    assert e.references == {"county", "picked"}
    assert e.relative_names == {"county", "name"}
    assert parse("label::English != ''").relative_names == {"label::English"}


@pytest.mark.parametrize("text, current, position, clock", [
    (". >= 18", True, False, False),
    ("string-length() < 5", True, False, False),
    ("${a} + 1", False, False, False),
    ("position(..) = 1", False, True, False),
    ("today() > ${d}", False, False, True),
    ("once(now())", False, False, True),
])
def test_flags(text, current, position, clock):
    e = parse(text)
    assert (e.uses_current, e.uses_position, e.uses_clock) == (current, position, clock)


def test_expression_value_semantics():
    a, b = parse("${a} + 1"), Expression("${a} + 1", parse("${a} + 1").root, references=frozenset(),
                                         relative_names=frozenset(), uses_current=False, functions=frozenset())
    assert a == b and hash(a) == hash(b)
    assert a.text == "${a} + 1"
    assert parse("not(selected(${x}, 'a'))").functions == {"not", "selected"}


def test_operator_names_depend_on_position():
    # `div` after an operand is division; at the start it is a (choice column) name
    kinds = [(t.kind, t.value) for t in tokenize("div div div")]
    assert kinds[:3] == [("name", "div"), ("op", "div"), ("name", "div")]
    assert [t.kind for t in tokenize("* * *")][:3] == ["*", "op", "*"]
    assert parse("${a} mod ${b}").references == {"a", "b"}
    assert parse("and and or").relative_names == {"and", "or"}


def test_names_with_dashes_and_minus():
    assert [t.value for t in tokenize("count-selected(${x})-1")][:6] == [
        "count-selected", "(", "x", ")", "-", "1"]
    assert [t.kind for t in tokenize("a-b")][:1] == ["name"]


@pytest.mark.parametrize("text", [
    "selected (., 'no')", "  ${a}  =  'x'  ", "‘other’ = ${x}", "“other” = ${x}", ".5 + 5.",
    "/data/*", "@attr", "${a} | ${b}", "${rep}[2]/q", "/data/rep[1]/q", "-${a}", "- - -1",
    "${a}[. > 1][position() = 1]", "child/grandchild", "//q", "/", "..", ". ", "current()",
    "round(15 div (sqrt(cos(atan(${slope} div 100)))),2)",
])
def test_valid_syntax(text):
    parse(text)


@pytest.mark.parametrize("text, position, token", [
    ("${a} +", 6, None),
    ("1 + + 1", 4, "+"),
    ("(1 + 2", 6, None),
    ("concat('a'", 10, None),
    ("1 = = 2", 4, "="),
    ("'a' 'b'", 4, "'b'"),
    ("${a} ${b}", 5, "${b}"),
    ("1e5 + 1", 0, "1e5"),
    ("2abc", 0, "2abc"),
    ("${a} # 1", 5, "#"),
    ("!${a}", 0, "!"),
    ("f(", 0, None),
    ("child::x", 5, "::"),
    ("${a} ]", 5, "]"),
])
def test_syntax_error_positions(text, position, token):
    with pytest.raises(ExpressionSyntaxError) as info:
        parse(text)
    err = info.value
    assert err.position == position, err.message("en")
    assert err.params["column"] == position + 1
    if token is not None:
        assert err.params["token"] == token


@pytest.mark.parametrize("text, position, fragment", [
    ("'abc", 0, "Unterminated text"),
    ("1 = ${abc", 4, "Unterminated question reference"),
    ("${a b} = 1", 0, "Invalid question reference"),
    ("${} = 1", 0, "Invalid question reference"),
    ("${1a}", 0, "Invalid question reference"),
    ("foo(1)", 0, "Unknown function 'foo'"),
    ("TRUE()", 0, "Unknown function 'TRUE'"),
    ("geofence(${a}, ${b})", 0, "not supported"),
    ("1 + not(1, 2)", 4, "needs 1 argument(s) but was given 2"),
    ("if(1, 2)", 0, "needs 3 argument(s)"),
    ("substr('a')", 0, "needs 2-3 argument(s)"),
    ("max()", 0, "needs at least 1 argument(s)"),
    ("indexed-repeat(${a}, ${r})", 0, "3/5/7"),
    ("indexed-repeat(${a}, ${r}, 1, ${s})", 0, "3/5/7"),
    ("count('x')", 6, "question or repeat reference as argument 1"),
    ("indexed-repeat(${a}, 'r', 1)", 21, "argument 2"),
    ("${a} ＝ 1", 5, "use '=' instead"),
    ("concat（${a}）", 6, "use '(' instead"),
    ("", 0, "empty"),
    ("   ", 0, "empty"),
    ("regex(., '(a')", 9, "Invalid regular expression '(a'"),
    ("regex(., '(a)\\1')", 9, "not supported"),
])
def test_syntax_error_messages(text, position, fragment):
    with pytest.raises(ExpressionSyntaxError) as info:
        parse(text)
    assert info.value.position == position
    assert fragment in info.value.message("en")


def test_messages_are_translated():
    with pytest.raises(ExpressionSyntaxError) as info:
        parse("${a} = = 1")
    zh = info.value.message("zh_CN")
    assert "第 8 个字符" in zh and "${a} = = 1" in zh
    assert "character 8" in info.value.message("en")


def test_long_expression_is_excerpted_in_message():
    text = "${a} + " * 100 + "+"
    with pytest.raises(ExpressionSyntaxError) as info:
        parse(text)
    shown = info.value.params["expression"]
    assert len(shown) < 130 and shown.startswith("…")


def _corpus_expressions():
    calamine = pytest.importorskip("python_calamine")
    columns = {"relevant", "calculation", "constraint", "required", "readonly", "read_only",
               "choice_filter", "repeat_count", "default"}
    found = []
    for path in sorted(CORPUS.glob("*.xlsx")):
        try:
            book = calamine.CalamineWorkbook.from_path(str(path))
        except Exception:  # noqa: BLE001 - a workbook calamine cannot open has no expressions for us
            continue
        for sheet in book.sheet_names:
            if sheet.strip().lower() != "survey":
                continue
            rows = book.get_sheet_by_name(sheet).to_python()
            header = [str(h or "").strip().lower() for h in rows[0]] if rows else []
            for row in rows[1:]:
                for i, name in enumerate(header):
                    if name in columns and i < len(row) and row[i] not in (None, ""):
                        value = row[i]
                        text = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
                        if text.lower() in ("yes", "no", "true", "false"):
                            continue  # required/readonly flags, not expressions
                        if name == "default" and "${" not in text and "(" not in text:
                            continue  # literal default
                        found.append((path.name, name, text))
    return found


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_every_corpus_expression_parses_or_fails_cleanly():
    expected_failures = {
        "because pyxform doesn't know what to do",  # bad_calc.xlsx, rejected by ODK too
        "=TRUE()", "=FALSE()",  # an Excel formula, not XPath
    }
    expressions = _corpus_expressions()
    assert len(expressions) > 30
    for name, column, text in expressions:
        if text in expected_failures:
            with pytest.raises(ExpressionSyntaxError):
                parse(text)
        else:
            parse(text)  # includes curly quotes, nested-quantifier regexes, label::English
