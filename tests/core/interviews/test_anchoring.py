"""Re-anchoring segments under edits (fieldkit.core.interviews.anchoring), property-based.

The model used to check the rule is independent of it: every character carries an
identity; an edit removes identities and adds new ones. A segment *covers* a set of
identities: at first its characters; an insertion whose left and right neighbours are
both covered joins the set (inserted strictly inside). A segment must be lost exactly when
one of its covered identities was removed; otherwise its new span must hold exactly the
covered identities, in order, and nothing else.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.core.interviews import anchoring
from fieldkit.core.interviews.anchoring import Edit, apply_edits, diff_edits, reanchor

ALPHABET = "ab安全高原\n"


@st.composite
def scenario(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n)).map(
        lambda t: (min(t[0], t[1] - 1), max(t[0] + 1, t[1]))).filter(lambda s: s[1] <= n),
        min_size=1, max_size=8))
    edits, length = [], n
    for _ in range(draw(st.integers(1, 12))):
        pos = draw(st.integers(0, length))
        removed = draw(st.integers(0, min(4, length - pos)))
        added = draw(st.text(alphabet=ALPHABET, max_size=5))
        if draw(st.booleans()):  # half the steps are pure inserts or pure deletes
            if draw(st.booleans()):
                removed = 0
            else:
                added = ""
        edits.append((pos, removed, added))
        length += len(added) - removed
    return text, spans, edits


def _model(text, spans, edits):
    ids = itertools.count()
    chars = [(c, next(ids)) for c in text]
    covered = [[cid for _, cid in chars[s:e]] for s, e in spans]
    alive = [True] * len(spans)
    for pos, removed, added in edits:
        gone = {cid for _, cid in chars[pos:pos + removed]}
        new = [(c, next(ids)) for c in added]
        left = chars[pos - 1][1] if pos > 0 else None
        right = chars[pos][1] if pos < len(chars) else None
        for k, cov in enumerate(covered):
            if not alive[k]:
                continue
            if gone & set(cov):
                alive[k] = False
            elif not removed and new and left in cov and right in cov:
                i = cov.index(left)
                cov[i + 1:i + 1] = [cid for _, cid in new]
        chars[pos:pos + removed] = new
    return chars, covered, alive


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_segments_keep_exactly_their_characters_under_edits(case):
    text, spans, edits = case
    chars, covered, alive = _model(text, spans, edits)
    result = apply_edits(spans, [Edit(p, r, len(a)) for p, r, a in edits])
    final_text = "".join(c for c, _ in chars)
    for (s, e), got, cov, ok in zip(spans, result, covered, alive):
        if not ok:
            assert got is None, (s, e)
            continue
        assert got is not None, (s, e)
        ns, ne = got
        assert [cid for _, cid in chars[ns:ne]] == cov
        # and by content: the original text is what remains once inserted text is taken out
        original = set(cid for _, cid in zip(text, range(len(text))))
        kept = "".join(c for c, cid in chars[ns:ne] if cid in original)
        assert kept == text[s:e]
        assert final_text[ns] == text[s] and final_text[ne - 1] == text[e - 1]
        # the suggestion for a lost segment agrees with the rule for surviving ones
        assert anchoring.suggest(text, final_text, (s, e),
                                 [Edit(p, r, len(a)) for p, r, a in edits]) == got


def test_the_rule_on_examples():
    spans = [(2, 5)]
    assert apply_edits(spans, [Edit(0, 0, 3)]) == [(5, 8)]     # insert before: shift
    assert apply_edits(spans, [Edit(2, 0, 3)]) == [(5, 8)]     # insert at start: shift
    assert apply_edits(spans, [Edit(3, 0, 3)]) == [(2, 8)]     # strictly inside: grows
    assert apply_edits(spans, [Edit(5, 0, 3)]) == [(2, 5)]     # at the end: unchanged
    assert apply_edits(spans, [Edit(0, 2, 0)]) == [(0, 3)]     # delete before
    assert apply_edits(spans, [Edit(1, 2, 0)]) == [None]       # delete its first char
    assert apply_edits(spans, [Edit(4, 1, 1)]) == [None]       # replace its last char
    assert apply_edits(spans, [Edit(5, 3, 0)]) == [(2, 5)]     # delete right after it
    assert apply_edits([(3, 3)], [Edit(0, 1, 0)]) == [(2, 2)]  # an empty span is a point


def _apply_blocks(a, b, blocks):
    out = a
    for i1, i2, j1, j2 in reversed(blocks):
        out = out[:i1] + b[j1:j2] + out[i2:]
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.text(alphabet=ALPHABET, max_size=60))
def test_the_diff_turns_the_old_text_into_the_new(old, new):
    blocks = list(anchoring._diff_blocks(old, new))
    assert _apply_blocks(old, new, blocks) == new
    edits = diff_edits(old, new)
    length = len(old)
    for edit in edits:  # last first: each fits the text as the ones before left it
        assert 0 <= edit.position and edit.position + edit.removed <= length
        length += edit.inserted - edit.removed
    assert length == len(new)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="ab安\n", max_size=12), max_size=30),
       st.lists(st.text(alphabet="ab安\n", max_size=12), max_size=30))
def test_the_line_diff_for_long_changes_is_valid_too(old_parts, new_parts):
    old, new = "\n".join(old_parts), "\n".join(new_parts)
    saved = anchoring._CHAR_DIFF_CELLS
    anchoring._CHAR_DIFF_CELLS = 16  # force the by-lines path
    try:
        blocks = list(anchoring._diff_blocks(old, new))
    finally:
        anchoring._CHAR_DIFF_CELLS = saved
    assert _apply_blocks(old, new, blocks) == new


@settings(max_examples=300, deadline=None)
@given(scenario())
def test_reanchor_by_diff_keeps_the_same_text(case):
    text, spans, edits = case
    new = text
    for pos, removed, added in edits:
        new = new[:pos] + added + new[pos + removed:]
    for (s, e), got in zip(spans, reanchor(text, new, spans)):
        if got is None:
            continue
        ns, ne = got
        assert new[ns] == text[s] and new[ne - 1] == text[e - 1]
        it = iter(new[ns:ne])
        assert all(c in it for c in text[s:e])  # old text is a subsequence of the new span


def test_one_typing_edit_is_found_exactly_by_the_diff():
    old = "他说暑假孩子没人带，心里着急。"
    spans = [(2, 9), (10, 14)]  # 暑假孩子没人带 / 心里着急
    new = old[:4] + "两个" + old[4:]  # typed inside the first
    assert reanchor(old, new, spans) == [(2, 11), (12, 16)]
    new = "记录：" + old
    assert reanchor(old, new, spans) == [(5, 12), (13, 17)]
    new = old[:10] + old[14:]  # the second one's text deleted
    assert reanchor(old, new, spans) == [(2, 9), None]
    assert anchoring.suggest(old, old[:11] + "很" + old[12:], (10, 14)) == (10, 14)
    assert anchoring.suggest(old, new, (10, 14)) is None


def test_a_whole_text_replaced_loses_its_segments():
    old = "甲" * 3000
    new = "乙" * 3000
    assert reanchor(old, new, [(0, 10)]) == [None]


@given(st.text(alphabet="ab安😀𠀀", max_size=30))
def test_editor_offsets_round_trip(text):
    for index in range(len(text) + 1):
        offset = anchoring.to_utf16(text, index)
        assert offset == len(text[:index].encode("utf-16-le")) // 2
        assert anchoring.from_utf16(text, offset) == index


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_one_pass_over_diff_edits_equals_applying_them_in_turn(case):
    text, spans, edits = case
    new = text
    for pos, removed, added in edits:
        new = new[:pos] + added + new[pos + removed:]
    found = diff_edits(text, new)
    assert anchoring.apply_disjoint_edits(spans, found) == apply_edits(spans, found)
    points = [(s, s) for s, _ in spans]
    assert anchoring.apply_disjoint_edits(points, found) == apply_edits(points, found)
