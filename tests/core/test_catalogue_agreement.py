"""One msgid, one Chinese text: two catalogues that translate the same English text
differently would make the screen depend on which file loads last."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_catalogues_agree_on_every_shared_msgid():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted((ROOT / "resources" / "translations" / "zh_CN").glob("*.json")):
        for msgid, text in json.loads(path.read_text(encoding="utf-8")).items():
            if msgid in seen and seen[msgid][1] != text:
                clashes.append(f"{msgid!r}: {seen[msgid][0]} says {seen[msgid][1]!r}, "
                               f"{path.name} says {text!r}")
            seen.setdefault(msgid, (path.name, text))
    assert not clashes, "\n".join(clashes)
