"""Reading the data files a form carries: CSV, XML and GeoJSON, into secondary instances.

ODK Collect reads each attached data file as a small XML document (see
``expr/instances.py``): a CSV file as ``<root><item><col>value</col>...</item>...</root>``,
an XML file as it is, a GeoJSON file as one ``item`` per feature with its ``id``, its
``geometry`` in ODK's ``lat lon alt accuracy`` notation and its properties. These files
come from other people: a file too large, an XML file declaring entities (the "billion
laughs" bomb) or one nested absurdly deep is refused with :class:`MediaError`, never
parsed into memory first.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.expr.instances import XNode, document, table_instance, tree_instance
from fieldkit.core.i18n import N_

#: Largest data or picture file a form may carry (as an answer's attachment).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Largest total of a form's files, and most files in one zip given with a form.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
#: A zip entry that unpacks to more than this many times its packed size is a bomb.
MAX_ZIP_RATIO = 200
MAX_XML_DEPTH = 64
MAX_ROWS = 500_000
DATA_SUFFIXES = (".csv", ".xml", ".geojson")


class MediaError(FieldkitError):
    """A file attached to a form is missing, too large, hostile or unreadable."""


def is_data_file(name: str) -> bool:
    return name.lower().endswith(DATA_SUFFIXES)


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, as Chinese Excel saves CSV files."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MediaError(N_("The file “{file}” is not text in UTF-8 or GB18030."), file=name)


def csv_rows(name: str, data: bytes) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts by header (headers trimmed; a blank header column is dropped)."""
    text = decode_text(name, data)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") and "\t" not in sample else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader, [])]
        if not any(header):
            raise MediaError(N_("The file “{file}” has no header row."), file=name)
        keep = [(i, h) for i, h in enumerate(header) if h]
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) == MAX_ROWS:
                raise MediaError(N_("The file “{file}” has more than {limit} rows."), file=name, limit=MAX_ROWS)
            rows.append({h: (values[i].strip() if i < len(values) else "") for i, h in keep})
    except csv.Error as exc:
        raise MediaError(N_("The file “{file}” is not a valid CSV file: {reason}"), file=name, reason=str(exc)) from None
    return rows


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_xml(name: str, data: bytes) -> ET.Element:
    """Parse an XML file; files that declare a DOCTYPE or entities are refused: ODK data
    files need neither, and entities are how XML bombs explode."""
    if b"<!doctype" in data[:65536].lower() or b"<!entity" in data.lower():
        raise MediaError(N_("The file “{file}” declares a DOCTYPE or entities, which fieldkit refuses for safety."),
                         file=name)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise MediaError(N_("The file “{file}” is not valid XML: {reason}"), file=name, reason=str(exc)) from None


def _leaf_row(element: ET.Element) -> dict[str, str] | None:
    """``<item><name>a</name><label>A</label></item>`` as a row, when it is one (every
    child a leaf with its own tag): such items need no node per cell (see instances)."""
    row: dict[str, str] = {}
    for child in element:
        if len(child) or child.attrib:
            return None
        tag = _local(child.tag)
        if tag in row:
            return None
        row[tag] = (child.text or "").strip()
    return row if row else None


def xml_document(name: str, data: bytes) -> XNode:
    """An XML file as an instance document (see ``_parse_xml`` for what is refused)."""
    root = _parse_xml(name, data)
    # iterative, with a depth limit: a deep file must not exhaust the stack
    order: list[ET.Element] = []
    rows: dict[int, dict[str, str]] = {}
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            raise MediaError(N_("The file “{file}” is nested more than {limit} levels deep."), file=name,
                             limit=MAX_XML_DEPTH)
        order.append(element)
        row = _leaf_row(element) if element is not root else None
        if row is not None:
            rows[id(element)] = row
        else:
            stack.extend((child, depth + 1) for child in element)
    nodes: dict[int, XNode] = {}
    for element in reversed(order):  # children before their parent
        row = rows.get(id(element))
        if row is not None:
            nodes[id(element)] = XNode(_local(element.tag), "", None, row=row)
            continue
        kids = [nodes.pop(id(c)) for c in element]
        text = (element.text or "").strip() if not kids else ""
        nodes[id(element)] = tree_instance(_local(element.tag), text, kids)
    return document(nodes[id(root)])


def check_data_file(name: str, data: bytes) -> None:
    """Refuse a data file that a session could not read, without building its document
    (what an import does: the session builds it when it needs it)."""
    lower = name.lower()
    if lower.endswith(".csv"):
        csv_rows(name, data)
    elif lower.endswith(".xml"):
        root = _parse_xml(name, data)
        depth, stack = 0, [(root, 0)]
        while stack:
            element, depth = stack.pop()
            if depth > MAX_XML_DEPTH:
                raise MediaError(N_("The file “{file}” is nested more than {limit} levels deep."), file=name,
                                 limit=MAX_XML_DEPTH)
            if len(element) and not (depth == 1 and _leaf_row(element) is not None):
                stack.extend((child, depth + 1) for child in element)
    elif lower.endswith(".geojson"):
        geojson_rows(name, data)
    else:
        raise MediaError(N_("The file “{file}” is not a CSV, XML or GeoJSON file."), file=name)


def _geo_text(geometry: dict) -> str:
    """A GeoJSON geometry in ODK's notation: ``lat lon alt 0`` points joined by ``;``."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates")

    def point(c) -> str:
        lon, lat = float(c[0]), float(c[1])
        alt = float(c[2]) if len(c) > 2 else 0.0
        return f"{lat:g} {lon:g} {alt:g} 0"
    try:
        if kind == "Point":
            return point(coords)
        if kind == "LineString":
            return ";".join(point(c) for c in coords)
        if kind == "Polygon":
            return ";".join(point(c) for c in coords[0])
    except (TypeError, ValueError, IndexError):
        return ""
    return ""


def geojson_rows(name: str, data: bytes) -> list[dict[str, str]]:
    """One row per feature: ``id``, ``geometry`` and every property as text."""
    try:
        parsed = json.loads(decode_text(name, data))
    except (ValueError, RecursionError) as exc:
        raise MediaError(N_("The file “{file}” is not valid GeoJSON: {reason}"), file=name, reason=str(exc)) from None
    features = parsed.get("features") if isinstance(parsed, dict) else None
    if not isinstance(features, list):
        raise MediaError(N_("The file “{file}” is not valid GeoJSON: {reason}"), file=name,
                         reason="no FeatureCollection")
    rows = []
    for feature in features[:MAX_ROWS]:
        if not isinstance(feature, dict):
            continue
        props = feature.get("properties") or {}
        row = {"geometry": _geo_text(feature.get("geometry") or {})}
        for key, value in props.items() if isinstance(props, dict) else ():
            row[str(key)] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) \
                if isinstance(value, (dict, list)) else ("" if value is None else _scalar(value))
        if feature.get("id") is not None:
            row["id"] = _scalar(feature["id"])
        rows.append(row)
    return rows


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def data_document(name: str, data: bytes) -> XNode:
    """Any data file as an instance document, chosen by its ending."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return table_instance(csv_rows(name, data))
    if lower.endswith(".xml"):
        return xml_document(name, data)
    if lower.endswith(".geojson"):
        return table_instance(geojson_rows(name, data))
    raise MediaError(N_("The file “{file}” is not a CSV, XML or GeoJSON file."), file=name)


_SAFE_NAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]{1,200}$")


def safe_file_name(name: str) -> bool:
    """A plain file name (no folders, no device names): what a form may call an attachment."""
    return bool(_SAFE_NAME.match(name)) and name not in (".", "..")
