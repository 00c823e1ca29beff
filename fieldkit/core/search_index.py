"""The responses' full-text index (FTS5, trigram) is kept up to date by triggers. A bulk
insert (an import, the demo) instead indexes all its new rows in one statement at the end
of its transaction, which is several times faster than row by row; because it all happens
inside the one transaction, a failure leaves neither rows nor index entries behind."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from fieldkit.core.workspace import Workspace


@contextmanager
def deferred_indexing(ws: Workspace) -> Iterator[None]:
    """Inside ``ws.transaction()``: rows inserted in the block are indexed when it ends."""
    if not ws.conn.in_transaction:
        raise RuntimeError("deferred_indexing needs an open transaction")
    before = ws.scalar("SELECT coalesce(max(rowid), 0) FROM responses")
    ws.conn.execute("UPDATE search_control SET deferred = 1")
    try:
        yield
        ws.conn.execute("INSERT INTO responses_fts (rowid, search_text)"
                        " SELECT rowid, search_text FROM responses WHERE rowid > ?", (before,))
    finally:
        ws.conn.execute("UPDATE search_control SET deferred = 0")
