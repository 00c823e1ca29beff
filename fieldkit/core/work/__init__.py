"""The work system: days with frontline workers (activities), the problem ledger's closed
loop (问题台账, 挂账销号), KPIs and typical cases (典型案例).

Public entry points, each taking a ``Workspace`` first and returning plain data:

- ``activities``: ``log_activity``, ``list_activities``, ``monthly_compliance``,
  ``cadres_without_a_day``, sub-kind lists;
- ``ledger``: ``log_problem``, ``move`` (the status workflow), ``reply``, ``rate``,
  ``record_feedback``, ``timeline``;
- ``queries``: ``list_problems(ws, ProblemFilter)``, ``get_problem``, scope helpers;
- ``kpis``: ``kpis(ws, period=..., scope=...)``, every figure defined in its docstring;
- ``cases``: typical-case nominations, ranking and the selected ten; leaders' focus problems.

Every write goes through ``Workspace.insert/update`` inside ``ws.transaction()``, so it is
journaled and all-or-nothing. The wing reads other wings' tables only for names and the
org-unit tree of the directory.
"""
