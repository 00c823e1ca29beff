"""The workspace's own directory as choice lists a form can name (see ``media.DIRECTORY_FILES``).

``select_one_from_file fieldkit-sites.csv`` offers the sites the cadre keeps in this
workspace (active ones, by name); the stored answer is the site's id, so it stays right
when a site is renamed, and ``instance('fieldkit-sites')/root/item[name=${site}]/region``
reads its other columns. Personal data (a cadre's phone) is not offered.
"""

from __future__ import annotations

from fieldkit.core.work import directory
from fieldkit.core.store.workspace import Workspace

_COLUMNS = {
    "fieldkit-sites.csv": (directory.SITES, ("kind", "region", "country", "altitude_m", "org_unit_id")),
    "fieldkit-org-units.csv": (directory.ORG_UNITS, ("kind", "parent_id")),
    "fieldkit-cadres.csv": (directory.CADRES, ("org_unit_id", "title")),
}


def directory_rows(ws: Workspace, file_name: str) -> list[dict[str, str]] | None:
    """The rows of one of the directory lists (None for any other name): ``name`` is the
    record's id, ``label`` its name, ``label::English (en)`` its English name if it has one."""
    found = _COLUMNS.get(file_name)
    if found is None:
        return None
    spec, columns = found
    rows = []
    for record in directory.search(ws, spec, limit=100_000):
        row = {"name": record["id"], "label": record["name"]}
        if record.get("name_en"):
            row["label::English (en)"] = record["name_en"]
        for column in columns:
            value = record.get(column)
            row[column] = "" if value is None else str(value)
            if column.endswith("_id") and record.get(column + "__name"):
                row[column[:-3]] = record[column + "__name"]
        rows.append(row)
    return rows
