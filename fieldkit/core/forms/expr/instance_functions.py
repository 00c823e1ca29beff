"""``instance()`` and ``pulldata()``: reading a form's secondary instances (see instances.py).

``pulldata('fruits', 'price', 'name', ${fruit})`` is ODK's older spelling of
``instance('fruits')/root/item[name = ${fruit}]/price``: the first matching row's
column, or '' when no row matches. Like ODK Collect, the file may be named with or
without ``.csv``.
"""

from __future__ import annotations

from .instances import XNode
from .values import NodeSet, to_string


def instance(args, ctx, run):
    return NodeSet([ctx.instance(to_string(args[0]))])


def pulldata(args, ctx, run):
    name, column, key_column, key = (to_string(a) for a in args)
    if name.endswith(".csv"):
        name = name[:-4]
    doc = ctx.instance(name)
    run.charge()
    for root in doc.children if isinstance(doc, XNode) else ():
        for item in root.index("item", key_column).get(key, ()):
            return item.child_text(column) or ""
    return ""
