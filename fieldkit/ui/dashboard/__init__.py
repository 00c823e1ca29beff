"""The dashboard (工作台): the work of this month and this year at a glance.

Entry points (everything else in this package is internal):

``DashboardPage(window)`` (``page.py``)
    The first page of ``MainWindow``. ``refresh()`` loads everything in one call on the
    database thread (``ops.dashboard``, a few milliseconds on the demo); each figure opens
    the list behind it (the activities page, the monthly compliance or
    ``window.show_problems``).

``ops.dashboard(ws, actor_id, today=None)``
    The page's data as a plain dict; every figure comes from ``fieldkit.core.work.kpis``
    and the work wing's list functions, so the screen and the work reports agree.

``chart.MonthChart``
    The last twelve months as QPainter-drawn bars (activities and problems resolved).
"""
