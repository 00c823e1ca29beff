"""The problem ledger (问题台账) in the desktop app: the list, one problem, the register /
edit dialog, typical cases and leaders' focus problems.

Entry points (everything else in this package is internal):

``ledger_page.LedgerPage``
    The ledger page of the main window (key ``"ledger"``). ``show_filter(**criteria)``
    shows the problems matching ``criteria`` (status — a status code, ``"open"`` or
    ``"done"`` —, ``overdue``, ``period`` such as 2024-Q2 with ``period_of`` naming the day
    it applies to, ``grade``, ``category``, ``site_id``, ``org_unit_id``, ``text``); the
    main window's ``show_problems(**criteria)`` switches to the page and calls it.

``ops``
    The functions that run on the database thread and return plain data.
"""
