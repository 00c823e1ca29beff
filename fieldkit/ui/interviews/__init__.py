"""The interviews page (访谈记录): write and code interview notes, keep the codebook, and
retrieve coded segments.

Entry points (everything else in this package is internal):

``page.InterviewsPage(window)``
    The page the main window lists as "interviews". ``refresh()`` reloads it when shown;
    ``open_note(note_id)`` and ``open_segment(note_id, start, end)`` show a note (and select
    a segment's text in it) from elsewhere, e.g. a search result.

Modules: ``editor`` (the note's text with highlighted segments), ``codebook_panel`` (the
code tree and its actions), ``note_form`` (details and attachments), ``retrieval`` (coded
segments across notes), ``positions`` (code points against Qt's UTF-16 positions) and
``ops`` (the functions that run on the database thread and return plain data).
"""
