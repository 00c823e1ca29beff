"""The activities page family: days with frontline workers (我和一线劳动者在一起).

Entry points (everything else in this package is internal):

``ActivitiesPage(window)`` (``page.py``)
    The page registered in ``MainWindow._build`` as ``"activities"``: the list with its
    filters (period, site, cadre, kind), the fast entry form (Ctrl+N), editing a saved
    activity in the same form (F2, Edit…, or Edit in its details; ``edit_activity(record)``;
    its links are ticked there, unticking removes one), its details (Enter; Del removes a link)
    and the monthly compliance tab. Other pages open it filtered with
    ``window.page("activities").show_filtered(period=..., kind=..., site_id=..., cadre_id=...)``
    or on a month's compliance with ``show_compliance(month, org_unit_id=None)`` (after
    ``window.show_page("activities")``).

``ops`` holds the database-thread functions (each calls ``fieldkit.core.work.activities``
and returns plain data); ``entry.ActivityDialog`` is the entry form, ``check_list.CheckList``
the type-to-find checkable list it uses for cadres, sub-kinds and links.
"""
