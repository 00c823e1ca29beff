"""Find every translatable string in the source: the first argument of ``tr``/``N_`` calls.

Used by the i18n test (every string must have a zh_CN translation) and by
``python -m fieldkit.core.i18n_extract`` to list what is missing.
"""

from __future__ import annotations

import ast
import json
import string
import sys
from pathlib import Path

MARKERS = {"tr", "N_"}
PACKAGE = Path(__file__).resolve().parent.parent


def marked_strings(root: Path = PACKAGE) -> dict[str, list[str]]:
    """msgid -> places ("file:line") where it is marked."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                arg = node.args[0]
                if name in MARKERS and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, []).append(
                        f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def main() -> int:
    from fieldkit.core.i18n import load_catalogue

    catalogue = load_catalogue("zh_CN")
    missing = {m: p for m, p in marked_strings().items() if m not in catalogue}
    json.dump({m: "" for m in missing}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
