"""Write tests/core/forms/realforms_expected.json: pyxform's reading of the real forms.

Run once, offline, with pyxform installed in the environment (it is not a dependency of
fieldkit): ``python tools/make_realforms_expected.py /work/shared/corpus/realforms``.
For each workbook it records pyxform's verdict and, when pyxform converts it, the
structure fieldkit must agree with: every question's path and type, the number of
choices in each list, and the languages of the labels.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyxform
from pyxform.xls2xform import convert
from pyxform.xls2json import parse_file_to_json

OUT = Path(__file__).resolve().parent.parent / "tests" / "core" / "forms" / "realforms_expected.json"


def _walk(element: dict, prefix: str, out: list) -> None:
    for child in element.get("children", []):
        name = child.get("name", "")
        if name == "meta" and child.get("type") == "group" and not prefix:
            continue  # pyxform's own instanceID group
        path = prefix + name
        out.append([path, child.get("type", "")])
        if child.get("type") in ("group", "repeat", "loop"):
            _walk(child, path + "/", out)


def _languages(element: dict, found: set) -> None:
    for child in element.get("children", []):
        label = child.get("label")
        if isinstance(label, dict):
            found.update(label)
        _walk_children = child.get("children")
        if _walk_children and child.get("type") in ("group", "repeat", "loop"):
            _languages(child, found)


def expected(path: Path) -> dict:
    try:
        convert(xlsform=str(path), validate=False)  # refusals raised while writing count too
        data = parse_file_to_json(str(path))
    except Exception as exc:  # noqa: BLE001 - any refusal is pyxform's verdict
        return {"pyxform": "refuses", "reason": f"{type(exc).__name__}: {exc}"[:300]}
    questions: list = []
    _walk(data, "", questions)
    languages: set = set()
    _languages(data, languages)
    choices = {name: len(items) for name, items in (data.get("choices") or {}).items()}
    return {"pyxform": "converts", "questions": questions, "choices": choices,
            "languages": sorted(languages)}


def main(folder: str) -> None:
    result = {"pyxform_version": pyxform.__version__, "forms": {}}
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() in (".xls", ".xlsx"):
            result["forms"][path.name] = expected(path)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
