"""Property-based checks of the wing's invariants through the real workspace: after any
edits, every live segment's ``text`` is exactly what its span covers; after any merges,
sibling names stay unique, no code sits twice on one span, and no segment is lost."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.core.interviews import codes, notes, segments

ALPHABET = "ab安全高原，\n"
FIXTURE_OK = settings(max_examples=25, deadline=None)


@contextlib.contextmanager
def fresh_workspace():
    """A new workspace for each example (a fixture would be shared by all of them)."""
    from fieldkit.core.store.workspace import Workspace

    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace.open(Path(folder) / "p.fieldkit", create=True)
        try:
            yield ws
        finally:
            ws.close()


@st.composite
def edits(draw):
    body = draw(st.text(alphabet=ALPHABET, min_size=2, max_size=30))
    n = len(body)
    spans = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n)).map(
        lambda t: (min(t[0], t[1] - 1), max(t[0] + 1, t[1]))), min_size=1, max_size=5))
    versions, text = [], body
    for _ in range(draw(st.integers(1, 5))):
        pos = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, min(3, len(text) - pos)))
        text = text[:pos] + draw(st.text(alphabet=ALPHABET, max_size=4)) + text[pos + cut:]
        versions.append(text)
    return body, spans, versions


@FIXTURE_OK
@given(edits())
def test_live_segments_always_cover_their_text(case):
    with fresh_workspace() as ws:
        _check_edits(ws, *case)


def _check_edits(ws, body, spans, versions):
    code = codes.ensure_path(ws, "测试")[0]
    note = notes.create_note(ws, title="t", body=body)
    for start, end in spans:
        segments.apply_codes(ws, note, start, end, [code])
    live_before = len(segments.segments_for_note(ws, note))
    lost_total = 0
    for text in versions:
        report = notes.set_body(ws, note, text)
        lost_total += len(report.lost)
        for seg in segments.segments_for_note(ws, note):
            assert text[seg.start:seg.end] == seg.text
            assert seg.end > seg.start
        for seg_id, (start, end) in report.suggestions.items():
            assert 0 <= start < end <= len(text)
    assert len(segments.segments_for_note(ws, note)) == live_before - lost_total
    assert len(segments.lost_segments(ws, note)) == lost_total


@st.composite
def codebooks(draw):
    names = st.sampled_from(["甲", "乙", "丙"])
    tree = draw(st.lists(st.tuples(names, st.integers(-1, 8)), min_size=2, max_size=9))
    coded = draw(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 3)), max_size=12))
    merges = draw(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=4))
    return tree, coded, merges


@FIXTURE_OK
@given(codebooks())
def test_merges_keep_the_codebook_sound(case):
    with fresh_workspace() as ws:
        _check_merges(ws, *case)


def _check_merges(ws, tree, coded, merges):
    from fieldkit.core.interviews.errors import InterviewError

    note = notes.create_note(ws, title="t", body="一二三四五六七八")
    ids: list[str] = []
    for name, parent in tree:
        parent_id = ids[parent] if 0 <= parent < len(ids) else None
        try:
            ids.append(codes.add_code(ws, name, parent_id))
        except InterviewError:
            pass  # a duplicate sibling name: refused, as it should be
    if not ids:
        return
    for which, start in coded:
        segments.apply_codes(ws, note, start, start + 2, [ids[which % len(ids)]])
    spans_before = {(s.start, s.end) for s in segments.segments_for_note(ws, note)}
    for a, b in merges:
        live = [c.id for c in codes.codebook(ws)]
        if len(live) < 2:
            break
        source, target = live[a % len(live)], live[b % len(live)]
        try:
            codes.merge_codes(ws, source, target)
        except InterviewError:
            assert source == target or target in codes.descendant_ids(ws, source)
    book = codes.codebook(ws)
    assert len({c.path for c in book}) == len(book)  # paths (so sibling names) unique
    live = segments.segments_for_note(ws, note)
    keys = [(s.code_id, s.start, s.end) for s in live]
    assert len(keys) == len(set(keys))
    assert {(s.start, s.end) for s in live} == spans_before  # no span lost its coding
    assert {s.code_id for s in live} <= {c.id for c in book}
