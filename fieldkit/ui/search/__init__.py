"""One search box over the workspace: interview notes, questionnaire answers and problems.

``SearchDialog`` (Edit → Search everything…, Ctrl+Shift+F) calls the core's
``interviews.search.search_everything`` on the database thread and lists the hits with the
matched words highlighted; Enter or a double-click opens the note, the response or the
problem.
"""
