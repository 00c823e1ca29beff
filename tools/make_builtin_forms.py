"""Build fieldkit's built-in questionnaires as XLSForm workbooks.

The questionnaires themselves live in ``tools/builtin_forms_data.py`` as plain Python data;
this script checks them and writes one workbook per form to ``forms/``::

    .venv/bin/python tools/make_builtin_forms.py            # write forms/*.xlsx
    .venv/bin/python tools/make_builtin_forms.py --check    # only check, write nothing
    .venv/bin/python tools/make_builtin_forms.py --out DIR  # write somewhere else

The workbooks follow the XLSForm spec (https://xlsform.org) as ODK, KoboToolbox and pyxform
read it: sheets ``survey``, ``choices`` and ``settings``, with language columns
``label::中文 (zh)`` / ``label::English (en)`` and the same for hint, constraint_message and
required_message.

Output is byte-for-byte reproducible: the workbook's timestamps are fixed to the form's
version date, so re-running the script without changing the data leaves git clean.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

sys.path.insert(0, str(Path(__file__).resolve().parent))

import builtin_forms_data as data  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LANGS = data.LANGUAGES

# Survey columns in the order they appear in the sheet; translated ones get one column per language.
SURVEY_COLUMNS = [
    ("type", False),
    ("name", False),
    ("label", True),
    ("hint", True),
    ("required", False),
    ("required_message", True),
    ("relevant", False),
    ("constraint", False),
    ("constraint_message", True),
    ("appearance", False),
    ("calculation", False),
    ("choice_filter", False),
    ("repeat_count", False),
    ("default", False),
    ("personal", False),
]
TRANSLATED = {name for name, translated in SURVEY_COLUMNS if translated}

NAME_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CHOICE_VALUE_RE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
REF_RE = re.compile(r"\$\{([^}]*)\}")
SELECT_RE = re.compile(r"^(select_one|select_multiple) (\S+)$")
QUESTION_TYPES = {"text", "integer", "decimal", "date", "dateTime", "time"}
META_TYPES = {"start", "end", "today", "deviceid", "username"}
STRUCTURE_TYPES = {"begin_group", "end_group", "begin_repeat", "end_repeat", "note", "calculate"}


class FormError(Exception):
    pass


# --------------------------------------------------------------------------- checking


def _check_pair(form_id, where, value):
    if not (isinstance(value, tuple) and len(value) == len(LANGS) and all(isinstance(v, str) and v.strip() for v in value)):
        raise FormError(f"{form_id}: {where}: expected a non-empty (中文, English) pair, got {value!r}")


def check_form(form: dict) -> dict:
    """Check one form's data; return a summary (question count, features used)."""
    form_id = form["form_id"]
    if not NAME_RE.match(form_id):
        raise FormError(f"{form_id}: form_id is not lowercase snake_case")
    choices = {**data.SHARED_CHOICES, **form["choices"]}
    names: dict[str, str] = {}
    used_lists: list[str] = []
    stack: list[tuple[str, str]] = []
    features: set[str] = set()
    questions = 0

    for i, row in enumerate(form["survey"], start=1):
        where = f"survey row {i} ({row.get('name')})"
        type_, name = row["type"], row["name"]
        if not NAME_RE.match(name):
            raise FormError(f"{form_id}: {where}: name is not lowercase ASCII snake_case")
        for key in row:
            if key not in {"type", "name"} and key not in dict(SURVEY_COLUMNS):
                raise FormError(f"{form_id}: {where}: unknown column {key!r}")
        for key in TRANSLATED & row.keys():
            _check_pair(form_id, f"{where} {key}", row[key])

        if type_ in ("end_group", "end_repeat"):
            kind = type_.split("_")[1]
            if not stack or stack[-1] != (kind, name):
                raise FormError(f"{form_id}: {where}: {type_} does not close the innermost open group")
            stack.pop()
            continue
        if name in names:
            raise FormError(f"{form_id}: {where}: duplicate name (also a {names[name]})")
        names[name] = type_

        select = SELECT_RE.match(type_)
        if type_ in ("begin_group", "begin_repeat"):
            stack.append((type_.split("_")[1], name))
            if "label" not in row:
                raise FormError(f"{form_id}: {where}: a group needs a label")
            features.add("repeat" if type_ == "begin_repeat" else "group")
            if row.get("appearance") == "field-list":
                features.add("field-list")
            if "repeat_count" in row:
                features.add("repeat_count")
        elif select or type_ in QUESTION_TYPES:
            if "label" not in row:
                raise FormError(f"{form_id}: {where}: a question needs a label")
            questions += 1
            if select:
                list_name = select.group(2)
                if list_name not in choices:
                    raise FormError(f"{form_id}: {where}: no choice list {list_name!r}")
                if list_name not in used_lists:
                    used_lists.append(list_name)
                features.add(select.group(1))
        elif type_ == "note":
            features.add("note")
        elif type_ == "calculate":
            features.add("calculate")
            if "label" in row:
                raise FormError(f"{form_id}: {where}: a calculate has no label")
        elif type_ in META_TYPES:
            features.add("metadata")
        else:
            raise FormError(f"{form_id}: {where}: unexpected type {type_!r}")

        for key in ("relevant", "constraint", "required", "hint", "appearance", "choice_filter", "repeat_count"):
            if key in row:
                features.add(key)
        if row.get("appearance") == "likert":
            features.add("likert")
        if "constraint" in row and "constraint_message" not in row:
            raise FormError(f"{form_id}: {where}: constraint without constraint_message")

    if stack:
        raise FormError(f"{form_id}: group {stack[-1][1]!r} is never closed")

    # Every ${reference} must name a field of the form.
    def refs(value):
        if isinstance(value, tuple):
            value = " ".join(value)
        return REF_RE.findall(value) if isinstance(value, str) else []

    for row in form["survey"]:
        for key, value in row.items():
            for ref in refs(value):
                if ref not in names:
                    raise FormError(f"{form_id}: row {row['name']!r} {key}: ${{{ref}}} names no field")
    for ref in refs(form["instance_name"]):
        if ref not in names:
            raise FormError(f"{form_id}: instance_name: ${{{ref}}} names no field")
    if not form["instance_name"].startswith("concat("):
        raise FormError(f"{form_id}: instance_name should use concat()")

    for list_name in used_lists:
        if not NAME_RE.match(list_name):
            raise FormError(f"{form_id}: choice list {list_name!r} is not ASCII snake_case")
        seen = set()
        for value, zh, en in choices[list_name]:
            if not CHOICE_VALUE_RE.match(value):
                raise FormError(f"{form_id}: choice {list_name}/{value!r} is not ASCII snake_case")
            if value in seen:
                raise FormError(f"{form_id}: choice {list_name}/{value!r} appears twice")
            seen.add(value)
            _check_pair(form_id, f"choice {list_name}/{value}", (zh, en))
    unused = set(form["choices"]) - set(used_lists)
    if unused:
        raise FormError(f"{form_id}: choice lists defined but never used: {sorted(unused)}")
    missing_meta = META_TYPES - {r["type"] for r in form["survey"]}
    if missing_meta:
        raise FormError(f"{form_id}: metadata missing: {sorted(missing_meta)}")

    return {
        "form_id": form_id,
        "questions": questions,
        "choice_lists": [(name, choices[name]) for name in used_lists],
        "features": sorted(features),
    }


# --------------------------------------------------------------------------- writing

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


def _header(ws, headers, widths):
    ws.append(headers)
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    ws.freeze_panes = "C2"
    for col, header in zip(ws.iter_cols(min_row=1, max_row=1), headers):
        ws.column_dimensions[col[0].column_letter].width = widths.get(header, 18)


def _column_headers(used_keys):
    headers = []
    for key, translated in SURVEY_COLUMNS:
        if key not in used_keys and key not in ("type", "name", "label"):
            continue
        if translated:
            headers.extend((key, f"{key}::{lang}") for lang in LANGS)
        else:
            headers.append((key, key))
    return headers


def build_workbook(form: dict, summary: dict) -> Workbook:
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    used = set().union(*(row.keys() for row in form["survey"]))
    columns = _column_headers(used)
    widths = {"type": 30, "name": 26, "relevant": 34, "constraint": 30, "calculation": 40,
              "choice_filter": 26, **{f"label::{lang}": 46 for lang in LANGS},
              **{f"hint::{lang}": 30 for lang in LANGS}}
    _header(survey, [header for _, header in columns], widths)
    for row in form["survey"]:
        values = []
        lang_index: dict[str, int] = {}
        for key, header in columns:
            value = row.get(key)
            if key in TRANSLATED and value is not None:
                i = lang_index.get(key, 0)
                lang_index[key] = i + 1
                value = value[i]
            values.append(value)
        survey.append(values)
        if row["type"] in ("begin_group", "end_group", "begin_repeat", "end_repeat"):
            for cell in survey[survey.max_row]:
                cell.fill = GROUP_FILL
    for line in survey.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=True)

    choices = wb.create_sheet("choices")
    _header(choices, ["list_name", "name", *(f"label::{lang}" for lang in LANGS)],
            {"list_name": 26, "name": 24, **{f"label::{lang}": 46 for lang in LANGS}})
    for list_name, items in summary["choice_lists"]:
        for value, zh, en in items:
            choices.append([list_name, value, zh, en])

    settings = wb.create_sheet("settings")
    headers = ["form_title", "form_id", "version", "default_language", "instance_name"]
    _header(settings, headers, {"form_title": 32, "form_id": 26, "version": 14, "default_language": 18, "instance_name": 60})
    settings.freeze_panes = None
    settings.append([form["form_title"], form["form_id"], str(form["version"]), LANGS[0], form["instance_name"]])
    settings["C2"].number_format = "@"  # keep the version a text, as ODK expects

    wb.properties.creator = "fieldkit tools/make_builtin_forms.py"
    wb.properties.title = form["form_title"]
    return wb


def _fixed_time(version: str) -> tuple[str, tuple[int, int, int, int, int, int]]:
    year, month, day = int(version[0:4]), int(version[4:6]), int(version[6:8])
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z", (year, month, day, 0, 0, 0)


def workbook_bytes(wb: Workbook, version: str) -> bytes:
    """Save ``wb`` with every timestamp fixed, so the same data gives the same bytes."""
    raw = io.BytesIO()
    wb.save(raw)
    iso, zip_time = _fixed_time(version)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                                 lambda m: m.group(1) + iso.encode() + m.group(3), content)
            fixed = zipfile.ZipInfo(info.filename, date_time=zip_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "forms", help="output folder (default: forms/)")
    parser.add_argument("--check", action="store_true", help="check the data only; write nothing")
    args = parser.parse_args(argv)

    try:
        summaries = [(form, check_form(form)) for form in data.FORMS]
    except FormError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for form, summary in summaries:
        print(f"{summary['form_id']}: {summary['questions']} questions; {', '.join(summary['features'])}")
        if args.check:
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"{form['form_id']}.xlsx"
        content = workbook_bytes(build_workbook(form, summary), str(form["version"]))
        if path.exists() and path.read_bytes() == content:
            print(f"  unchanged {path}")
        else:
            path.write_bytes(content)
            print(f"  wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
