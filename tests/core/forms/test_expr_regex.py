"""regex(): Java-style patterns on a linear-time matcher."""

import random
import re

import pytest

from fieldkit.core.forms.expr import EvalContext, EvaluationError, ExpressionSyntaxError, evaluate, parse
from fieldkit.core.forms.expr.regex import regex_search

UCL_PHONE = "^(([0-9]{1})*[- .(]*([0-9]{3})[- .)]*[0-9]{3}[- .]*[0-9]{4})+$"  # from the corpus
EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}"  # xlsform_spec_test.xlsx


@pytest.mark.parametrize("pattern, text, expected", [
    (r"^1[3-9]\d{9}$", "13812345678", True),
    (r"^1[3-9]\d{9}$", "12812345678", False),
    (r"^1[3-9]\d{9}$", "138123456789", False),
    (r"^\d{17}[\dXx]$", "11010519491231002X", True),
    (r"^\d{17}[\dXx]$", "11010519491231002Y", False),
    ("^[\\u4e00-\\u9fa5]{2,4}$", "王小明", True),
    ("^[\\u4e00-\\u9fa5]{2,4}$", "王", False),
    ("^[\\u4e00-\\u9fa5]{2,4}$", "Wang", False),
    (r"^\p{Han}+$", "工会", True),
    (r"^\p{L}+$", "工会abc", True),
    (r"^\P{N}+$", "abc", True),
    (EMAIL, "li.ming@example.cn", True),
    (EMAIL, "not an email", False),
    (UCL_PHONE, "555-123-4567", True),
    (UCL_PHONE, "1 (555) 123-4567", True),
    (UCL_PHONE, "555-123-456x", False),
    ("b", "abc", True),  # find(), not a full match
    ("^b", "abc", False),
    ("c$", "abc\n", True),  # $ before a final line terminator, as in Java
    ("c\\z", "abc\n", False),
    ("\\Aab", "abc", True),
    (r"\bcat\b", "a cat sat", True),
    (r"\bcat\b", "concat", False),
    (r"\Bcat", "concat", True),
    ("a.c", "a\nc", False),
    ("a[^b]c", "a\nc", True),
    ("colou?r", "color", True),
    ("(red|green|blue) car", "a green car", True),
    ("^(?:ab)+$", "ababab", True),
    ("^(?<word>ab)+$", "abab", True),
    ("^a{2,3}$", "aaaa", False),
    ("^a{2,}$", "aaaa", True),
    ("^a{0}$", "", True),
    ("^a+?$", "aaa", True),
    (r"^\d+\.\d{2}$", "12.50", True),
    (r"^[\w.]+$", "a_b.c", True),
    (r"^[a\-z]+$", "a-z", True),
    (r"^[-az]+$", "-", True),
    (r"^[]a]+$", "]a", True),
    (r"^\x41\u0042\0103$", "ABC", True),
    (r"^\Q(a+)\E$", "(a+)", True),
    (r"^\s*$", " \t", True),
    (r"^\S+$", "a b", False),
    (r"^\W$", "!", True),
    (r"^\D$", "a", True),
    ("^$", "", True),
    ("", "anything", True),
    ("a|", "zzz", True),
    ("(a*)*b", "aaab", True),
    ("(|a)+c", "aac", True),
])
def test_patterns(pattern, text, expected):
    assert regex_search(pattern, text) is expected


def test_regex_function():
    ctx = EvalContext({"phone": "13812345678"}, current="13812345678")
    assert evaluate(parse(r"regex(., '^1[3-9]\d{9}$')"), ctx) is True
    assert evaluate(parse(r"regex(${phone}, '^\d{3}$')"), ctx) is False
    assert evaluate(parse("regex('', '^$')"), ctx) is True


def _random_pattern(rng, depth=0):
    atoms = ["a", "b", ".", "[ab]", "[^a]", "c"]
    items = []
    for _ in range(rng.randint(1, 3)):
        if depth < 2 and rng.random() < 0.3:
            alts = [_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))]
            atom = "(" + "|".join(alts) + ")"
        else:
            atom = rng.choice(atoms)
        quant = rng.choice(["", "", "*", "+", "?", "{1,2}", "{2}", "{0,3}", "*?"])
        items.append(atom + quant)
    pattern = "".join(items)
    if depth == 0:
        pattern = rng.choice(["", "^"]) + pattern + rng.choice(["", "$"])
    return pattern


def test_agrees_with_python_re_on_random_patterns():
    rng = random.Random(20241212)
    checked = 0
    for _ in range(400):
        pattern = _random_pattern(rng)
        compiled = re.compile(pattern)
        for _ in range(15):
            text = "".join(rng.choice("abc") for _ in range(rng.randint(0, 8)))
            assert regex_search(pattern, text) == bool(compiled.search(text)), (pattern, text)
            checked += 1
    assert checked == 6000


@pytest.mark.parametrize("pattern, feature", [
    ("(a)\\1", "\\1"), ("(?=a)", "(?="), ("(?!a)b", "(?!"), ("(?<=a)b", "(?<="), ("(?i)abc", "(?i"),
    ("(?>a)", "(?>"), ("a++", "a++"), ("[a-z&&[^e]]", "&&"), ("[[a]]", "[a"), (r"\p{Greek}", r"\p{Greek}"),
    (r"\k<x>", r"\k"),
])
def test_unsupported_features_are_named(pattern, feature):
    with pytest.raises(EvaluationError) as info:
        regex_search(pattern, "a")
    assert info.value.params["feature"] == feature
    assert "not supported" in info.value.message("en")
    assert "不支持" in info.value.message("zh_CN")


@pytest.mark.parametrize("pattern", [
    "(a", "a)", "*a", "a{2,1}", "a{", "a{x}", "[z-a]", "[abc", "\\", "\\q", "\\xZZ", "a|*",
])
def test_invalid_patterns(pattern):
    with pytest.raises(EvaluationError) as info:
        regex_search(pattern, "a")
    assert "Invalid regular expression" in info.value.message("en")


def test_bad_literal_pattern_is_a_syntax_error_but_a_computed_one_fails_at_run_time():
    with pytest.raises(ExpressionSyntaxError):
        parse("regex(., 'a{2,1}')")
    expr = parse("regex(., ${pattern})")
    with pytest.raises(EvaluationError) as info:
        evaluate(expr, EvalContext({"pattern": "a{2,1}"}, current="aa"))
    assert info.value.expression == "regex(., ${pattern})"
