"""The workspace file: everything that keeps a user's data safe on disk.

- ``workspace``: the SQLite connection, ``transaction()`` and the journaled writes
  (``insert``/``insert_many``/``update``/``delete``); ``workspace_session`` and
  ``journal_values`` serve it;
- ``schema``: the tables and numbered migrations; ``hlc``: hybrid logical clocks for rows;
- ``opening``, ``wal_guard``, ``integrity``, ``maintenance`` (check, backup), ``restore``;
- ``faults``: injected failures for tests (disk full, killed mid-write);
- ``attachments``: files (photos, documents) kept beside the workspace and their rows.

Decisions (issue 14): ``attachments`` lives here because it manages files of the workspace
for every wing (responses, interviews, work), not only responses. Opening a workspace *and*
loading the built-in forms (``fieldkit/core/setup.py``) stays at the core's root: it needs
``forms/``, which sits above this package. Import the modules directly, e.g.
``from fieldkit.core.store.workspace import Workspace``.
"""
