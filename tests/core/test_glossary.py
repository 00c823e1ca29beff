"""One vocabulary: the zh_CN catalogues use the glossary's term for each concept."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _catalogues():
    for path in sorted((ROOT / "resources" / "translations" / "zh_CN").glob("*.json")):
        yield path.name, json.loads(path.read_text(encoding="utf-8"))


def test_glossary_is_well_formed():
    glossary = json.loads((ROOT / "resources" / "glossary.json").read_text(encoding="utf-8"))
    terms = glossary["terms"]
    assert len({t["zh"] for t in terms}) == len(terms)
    assert all(t["en"] and t["zh"] and isinstance(t["avoid"], list) for t in terms)


def test_catalogues_avoid_the_terms_the_glossary_rules_out():
    glossary = json.loads((ROOT / "resources" / "glossary.json").read_text(encoding="utf-8"))
    found = []
    for name, catalogue in _catalogues():
        for msgid, text in catalogue.items():
            for term in glossary["terms"]:
                found += [f"{name}: {msgid!r} uses {bad!r}, the glossary says {term['zh']!r}"
                          for bad in term["avoid"] if bad in text]
    assert not found, "\n".join(found)


def test_a_persons_name_is_xingming():
    from fieldkit.core import i18n
    from fieldkit.core.work import directory

    i18n.set_language("zh_CN")
    label = next(f.label for f in directory.CADRES.fields if f.key == "name")
    assert i18n.tr(label) == "姓名"


def test_every_synced_table_is_named_by_its_wing():
    """The dashboard's recent changes and check's report label every synced table, from the
    wing that owns it (``<wing>/record_names.py``), and each naming query runs."""
    from fieldkit.core import overview
    from fieldkit.core.store import schema

    assert set(overview.TABLE_LABELS) == set(schema.SYNCED_TABLES)
    import sqlite3

    conn = sqlite3.connect(":memory:")
    for script in schema.MIGRATIONS:
        try:
            conn.executescript(script)
        except sqlite3.OperationalError:
            pass  # functions fieldkit registers (search grams) are not needed here
    for table, sql in overview.NAME_QUERIES.items():
        assert conn.execute(sql, ("no-such-id",)).fetchall() == [], table
