"""The responses' search index: derived data, kept out of the synced tables and the journal.

``response_search`` holds each response's search text (answers, and the labels of chosen
options; see ``responses.search_text``), keyed by the response's rowid. One FTS5 index is
fed from it by triggers: ``response_grams`` (contentless, no positions) indexes each
distinct character and each pair of adjacent characters of the folded text as one opaque
token.

- A one- or two-character search (托管) is one index lookup: the index alone is exact.
  Measured at 100,000 responses (``tests/benchmarks/bench_scale.py``) this is a few
  milliseconds where a scan took 150 ms.
- A longer search asks the index for the responses holding every pair of the search
  (``gram_query``), then keeps those whose text really holds it (``text_test``): the pairs
  can be there without being adjacent. This replaced a trigram index that took a quarter
  of the workspace (schema migration 12).

Tokens are hex code points (``6258x7ba1`` for 托管) so that FTS5's ``ascii`` tokenizer keeps
each one whole whatever the characters are (punctuation, spaces inside a label). The
function that makes them, ``fieldkit_grams``, is registered on every connection the
workspace opens (``register_functions``); a tool without it cannot write the index, which
only fieldkit does.

A bulk insert (an import, the demo) indexes all its new rows in one statement at the end of
its transaction (``deferred_indexing``), which is several times faster than row by row;
because it all happens inside the one transaction, a failure leaves nothing behind.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from operator import add
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from fieldkit.core.store.workspace import Workspace


def fold(text: str) -> str:
    """Lower case, one character for one: how a search and the texts it looks in are compared."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _token(chars: str) -> str:
    return "x".join(format(ord(c), "x") for c in chars)


class _Tokens(dict):
    """Token of each character or pair met so far ("" for one holding a space: a search
    is stripped, so a one- or two-character search never holds one)."""

    def __missing__(self, gram: str) -> str:
        token = "" if any(c.isspace() for c in gram) else _token(gram)
        if len(self) < 500_000:
            self[gram] = token
        return token


_TOKENS = _Tokens()


def _line_tokens(line: str) -> frozenset[str]:
    line = fold(line)
    found = set(line)
    found.update(map(add, line, line[1:]))
    return frozenset(filter(None, map(_TOKENS.__getitem__, found)))


_LINES: dict[str, frozenset[str]] = {}


def form_token(form_id: str) -> str:
    """The token naming a response's form in ``response_grams`` ("z" is no hex digit), so
    that the index itself counts one form's matches."""
    return "z" + form_id.encode("utf-8").hex()


def grams(text: str, form_id: str | None = None) -> str:
    """The distinct one- and two-character tokens of ``text``, and its form's token. Worked
    out line by line (a search text holds one answer or option label a line) and
    remembered, as the same labels and answers recur in thousands of responses."""
    found: set[str] = {form_token(form_id)} if form_id is not None else set()
    for line in text.split("\n"):
        tokens = _LINES.get(line)
        if tokens is None:
            tokens = _line_tokens(line)
            if len(_LINES) < 200_000:
                _LINES[line] = tokens
        found |= tokens
    return " ".join(found)


def gram_query(text: str) -> str:
    """The MATCH expression for a search: its one token when it has one or two characters;
    otherwise every distinct pair of adjacent characters it holds (pairs with a space are not
    indexed: then its characters), all of which a matching response must hold. Only for
    one or two characters is the index's answer exact; see ``text_test``."""
    folded = fold(text)
    if len(folded) <= 2:
        return '"' + _token(folded) + '"'
    tokens = {_TOKENS[a + b] for a, b in zip(folded, folded[1:])} - {""}
    if not tokens:
        tokens = {_TOKENS[c] for c in folded} - {""}
    return " AND ".join(f'"{t}"' for t in sorted(tokens))


def is_exact(text: str) -> bool:
    """Whether the index alone answers this (stripped) search: one or two characters."""
    return len(text) <= 2


def _uncased(text: str) -> bool:
    return text.lower() == text == text.upper()


def text_test(column: str, text: str) -> tuple[str, str]:
    """An SQL condition (and its parameter) true when ``column``, a search text, holds
    ``text`` as ``fold`` compares. A search with no cased letter (Chinese, digits) is held
    exactly where it is held unfolded (no other character folds to one without case;
    ``tests/core/test_search_index.py`` checks it), so SQLite's own ``instr`` tests it
    without a call into Python for each response."""
    if _uncased(text):
        return f"instr({column}, ?) > 0", text
    return f"fieldkit_contains({column}, ?)", fold(text)


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the index's triggers use; called on every connection that is opened."""
    conn.create_function("fieldkit_grams", 2, grams, deterministic=True)
    conn.create_function("fieldkit_contains", 2, contains, deterministic=True)


def contains(text: str, needle: str) -> bool:
    """Whether ``text`` holds ``needle`` (already folded): the scan the indexes stand for."""
    return needle in fold(text)


def set_text(ws: "Workspace", response_id: str, text: str) -> None:
    """Store (or replace) the search text of one response; the triggers update the indexes."""
    if not ws.conn.execute("UPDATE response_search SET text = ? WHERE text != ? AND rowid ="
                           " (SELECT rowid FROM responses WHERE id = ?)",
                           (text, text, response_id)).rowcount:
        ws.conn.execute("INSERT OR IGNORE INTO response_search (rowid, form_id, text)"
                        " SELECT rowid, form_id, ? FROM responses WHERE id = ?",
                        (text, response_id))


def add_texts(ws: "Workspace", texts: Iterable[tuple[str, str]]) -> None:
    """Store the search texts of newly inserted responses: (response id, text) pairs."""
    ws.conn.executemany("INSERT INTO response_search (rowid, form_id, text)"
                        " SELECT rowid, form_id, ? FROM responses WHERE id = ?",
                        ((text, rid) for rid, text in texts))


@contextmanager
def deferred_indexing(ws: "Workspace") -> Iterator[None]:
    """Inside ``ws.transaction()``: rows inserted in the block are indexed when it ends.
    Only for adding responses: none may be deleted in the block (its index entries would
    stay behind)."""
    if not ws.conn.in_transaction:
        raise RuntimeError("deferred_indexing needs an open transaction")
    before = ws.scalar("SELECT coalesce(max(rowid), 0) FROM response_search")
    ws.conn.execute("UPDATE search_control SET deferred = 1")
    try:
        yield
        ws.conn.execute("INSERT INTO response_grams (rowid, grams)"
                        " SELECT rowid, fieldkit_grams(text, form_id) FROM response_search"
                        " WHERE rowid > ?", (before,))
    finally:
        ws.conn.execute("UPDATE search_control SET deferred = 0")


def replace_all(ws: "Workspace", texts: Iterable[tuple[int, str, str]]) -> None:
    """Inside ``ws.transaction()``: empty the index and fill it again from (response rowid,
    form id, search text) triples, in bulk."""
    if not ws.conn.in_transaction:
        raise RuntimeError("replace_all needs an open transaction")
    ws.conn.execute("UPDATE search_control SET deferred = 1")
    try:
        ws.conn.execute("INSERT INTO response_grams (response_grams) VALUES ('delete-all')")
        ws.conn.execute("DELETE FROM response_search")
        ws.conn.executemany("INSERT INTO response_search (rowid, form_id, text)"
                            " VALUES (?, ?, ?)", texts)
        ws.conn.execute("INSERT INTO response_grams (rowid, grams)"
                        " SELECT rowid, fieldkit_grams(text, form_id) FROM response_search")
    finally:
        ws.conn.execute("UPDATE search_control SET deferred = 0")
