"""Interviews (访谈记录): notes, interviewee attributes, a hierarchical codebook (编码表),
coded segments (片段), memos (备忘) and importing notes from files.

Public entry points; each takes a ``Workspace`` first (except the pure functions in
``anchoring``) and returns plain data or the dataclasses of ``model`` (each with
``to_dict()``). Names listed here are stable: other wings and the UI build on them.

- ``model``: ``Note``, ``NoteFilter``, ``Attribute``, ``Code``, ``Segment``, ``Memo``,
  ``AnchorReport``, ``MergeResult``, ``NoteImportResult``, ``CodebookImportResult``;
  ``redact(note_dict, *, include_personal=False)`` blanks personal identifiers
  (interviewee name and contact, attributes marked personal) for exports and reports.
- ``notes``: ``create_note(ws, *, title, body, ...) -> id``, ``update_note(ws, note_id,
  **metadata)``, ``set_body(ws, note_id, new_body, edits=None) -> AnchorReport``
  (re-anchors every segment in the same transaction; ``edits`` are the editor's
  ``anchoring.Edit`` splices when it knows them), ``get_note(ws, note_id) -> Note``,
  ``find_note(ws, id_or_prefix) -> id``,
  ``list_notes(ws, NoteFilter | None) -> list[Note]``, ``delete_note``, ``restore_note``
  (soft: ``deleted=1``), ``define_attribute(ws, name, label, *, label_en, personal) -> id``,
  ``remove_attribute(ws, name)``, ``list_attributes(ws) -> list[Attribute]``,
  ``personal_attribute_names(ws) -> set``,
  ``note_attachments(ws, note_id) -> list[dict]``.
- ``anchoring`` (pure, no database): ``Edit(position, removed, inserted)``,
  ``apply_edit(spans, edit)``, ``apply_edits(spans, edits)``, ``diff_edits(old, new)``,
  ``apply_disjoint_edits(spans, diff_edits)`` (one pass), ``reanchor(old_text, new_text,
  spans) -> list[tuple[int, int] | None]`` (None: lost), ``suggest(old, new, span)``,
  ``to_utf16(text, index)`` / ``from_utf16(text, offset)`` (Qt editor positions count
  UTF-16 units); the rule is in its docstring.
- ``codes``: ``add_code(ws, name, parent_id=None, colour=None, description="") -> id``,
  ``rename_code``, ``update_code(ws, code_id, *, colour, description)``,
  ``move_code(ws, code_id, new_parent_id)``, ``merge_codes(ws, source_id, target_id) ->
  MergeResult``, ``delete_code(ws, code_id, *, with_segments=False)``, ``get_code``,
  ``codebook(ws) -> list[Code]`` (tree order, with ``depth`` and ``path`` "安全/高原反应"),
  ``code_by_path(ws, path) -> Code | None``, ``descendant_ids(ws, code_id) -> list[str]``
  (the code itself first: for retrieval "with child codes"), ``split_path(path)``,
  ``code_paths(ws) -> {id: path}`` (cheap, no counts),
  ``ensure_path(ws, path, *, colour, description) -> (id, created)`` (for importers).
- ``codebook_xlsx``: ``export_codebook_xlsx(ws, target) -> int`` (codes written),
  ``import_codebook_xlsx(ws, path) -> CodebookImportResult`` (checked like survey
  spreadsheets; one transaction; codes matched by path, so importing twice adds nothing).
- ``segments``: ``apply_codes(ws, note_id, start, end, code_ids, *, coder_id=None,
  coder="", memo="", important=False, quote=False) -> list[id]`` (the same code on the
  same span twice is not duplicated), ``update_segment(ws, segment_id, *, memo, important,
  quote)``, ``remove_segment``, ``get_segment``, ``segments_for_note(ws, note_id, *,
  include_lost=False) -> list[Segment]`` (with code name, path and colour),
  ``lost_segments(ws) -> list[Segment]``, ``place_segment(ws, segment_id, start, end)``
  (put a lost segment back on text the user chooses).
- ``memos``: ``add_memo(ws, target_kind, target_id, text, *, title="", author="") -> id``
  (target_kind: workspace, note, code, segment), ``update_memo``, ``delete_memo``,
  ``get_memo``,
  ``list_memos(ws, target_kind=None, target_id=None) -> list[Memo]``.
- ``note_files``: ``read_note_file(path) -> (title, body)``, ``check_note_files(paths)
  -> list[NoteFile]`` (raises ``NoteFilesRefused``, a ``NoteFileError`` listing every
  file's problem), ``import_note_files(ws, paths, *, site_id=None, activity_id=None,
  on_date=None, occupation="", progress=None, cancel=None) -> NoteImportResult`` (all
  files checked first, then one transaction; a file imported before is skipped),
  ``attach_file(ws, note_id, path) -> "att:<id>"``, ``detach_file(ws, note_id, ref)``.
- ``demo``: ``build_demo_interviews(ws) -> dict[str, int]`` (called by ``core.demo``).
- ``errors``: ``InterviewError`` and its subclasses ``NoteNotFound``, ``CodeNotFound``,
  ``SegmentNotFound``, ``MemoNotFound``, ``CodebookError``, ``NoteFileError``.

Every write goes through ``Workspace.insert/update`` inside ``ws.transaction()``: journaled
and all-or-nothing. Segment positions are Python ``str`` indices (code points), from 0,
end exclusive; a segment keeps the ``text`` it covered.
"""
