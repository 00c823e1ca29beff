"""The interviews page (访谈记录): write and code interview notes, keep the codebook, and
retrieve coded segments.

Entry points (everything else in this package is internal):

``page.InterviewsPage(window)``
    The page the main window lists as "interviews". ``refresh()`` reloads it when shown;
    ``open_note(note_id)`` and ``open_segment(note_id, start, end)`` show a note (and select
    a segment's text in it) from elsewhere, e.g. a search result.

Modules: ``page`` (the coordination: loading, autosave, coding), ``dialogs`` (its messages
and the workspace memo), ``note_list`` (search,
filters and the notes found), ``editor`` (the note's text with highlighted segments),
``codebook_panel`` (the code tree and its actions), ``note_form`` (details and
attachments), ``retrieval`` (coded segments across notes, with workbook exports),
``positions`` (code points against Qt's UTF-16 positions) and ``ops`` (the functions that
run on the database thread and return plain data).

Keyboard: Ctrl+F search, Ctrl+N new note, Ctrl+S save now, Ctrl+K find a code (Enter
applies it), Alt+1 … Alt+9 apply the first nine codes, Delete removes the chosen segment
(segment list) or note (note list), Insert / F2 / Delete add, rename, delete codes.
"""
