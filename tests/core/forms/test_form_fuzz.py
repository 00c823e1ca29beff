"""Random valid forms, through the whole life of a form: import, store, export, import the
export again. Each must be stored, read back equal from its export, and recognised as the
same version when re-imported (its columns stand in another order, so its text differs).

The generator writes valid forms, except that a formula may read its own question (a
circle), so every refusal must be that and nothing else.
"""

from __future__ import annotations

import random

import openpyxl

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms import store
from fieldkit.core.forms.xlsform_reader import read_xlsform

COLUMNS = ["type", "name", "label::中文 (zh)", "label::English (en)", "relevant", "calculation",
           "constraint", "hint::中文 (zh)", "required", "repeat_count", "appearance", "choice_filter"]
QUESTION_TYPES = ["text", "integer", "decimal", "select_one yes_no", "select_multiple needs",
                  "calculate", "note", "date"]


def _row(rng: random.Random, kind: str, name: str, earlier: list[str]) -> dict[str, str]:
    row = {"type": kind, "name": name, "label::中文 (zh)": f"问题 {name}"}
    if earlier and rng.random() < 0.1:
        row["label::中文 (zh)"] += f"（见 ${{{rng.choice(earlier)}}}）"
    if rng.random() < 0.5:
        row["label::English (en)"] = f"Question {name}"

    def read() -> str:  # mostly an earlier question; now and then its own (a circle)
        return rng.choice(earlier) if earlier and rng.random() < 0.95 else name

    if kind == "calculate":
        row["calculation"] = f"${{{read()}}} + 1" if earlier else "1"
    if earlier and rng.random() < 0.3:
        row["relevant"] = f"${{{read()}}} != ''"
    if kind in ("integer", "decimal") and rng.random() < 0.3:
        row["constraint"] = ". >= 0"
    if rng.random() < 0.2:
        row["required"] = rng.choice(["yes", "no", "true()"])
    if kind == "begin_repeat" and rng.random() < 0.5:
        row["repeat_count"] = "3"
    if kind.startswith("select_one") and rng.random() < 0.2:
        row["choice_filter"] = "name != 'n9'"
    if rng.random() < 0.1:
        row["hint::中文 (zh)"] = "提示"
    if kind == "begin_group" and rng.random() < 0.5:
        row["appearance"] = "field-list"
    return row


def random_form(rng: random.Random, path, form_id: str) -> None:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    columns = COLUMNS[:]
    rng.shuffle(columns)
    survey.append(columns)
    names: list[str] = []
    open_containers: list[str] = []
    for i in range(rng.randint(1, 40)):
        roll = rng.random()
        if roll < 0.08 and len(open_containers) < 4:
            kind = "begin_" + rng.choice(["group", "repeat"])
        elif roll < 0.16 and open_containers:
            kind = "end_" + open_containers[-1]
        else:
            kind = rng.choice(QUESTION_TYPES)
        if kind.startswith("end_"):
            open_containers.pop()
            survey.append([kind if c == "type" else "" for c in columns])
            continue
        row = _row(rng, kind, f"q{i}", names)
        survey.append([row.get(c, "") for c in columns])
        names.append(f"q{i}")
        if kind.startswith("begin_"):
            open_containers.append(kind[len("begin_"):])
    while open_containers:
        survey.append([("end_" + open_containers.pop()) if c == "type" else "" for c in columns])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)", "label::English (en)"])
    for list_name in ("yes_no", "needs"):
        for k in range(rng.randint(1, 5)):
            choices.append([list_name, f"n{k}", f"选项{k}", f"Option {k}"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append([form_id, "1"])
    book.save(path)


def test_random_forms_import_export_and_reimport_unchanged(workspace, tmp_path):
    rng = random.Random(2026)
    stored = 0
    for i in range(150):
        source = tmp_path / f"form{i}.xlsx"
        random_form(rng, source, f"fuzz{i}")
        try:
            result = store.import_form(workspace, source)
        except FieldkitError as error:
            problems = [p.message("en") for p in error.problems]
            assert problems and all("depend on each other in a circle" in p for p in problems), problems
            continue
        exported = store.export_form(workspace, result.form_id, tmp_path / f"export{i}.xlsx")
        assert read_xlsform(exported) == read_xlsform(source), source
        again = store.import_form(workspace, exported)
        assert (again.status, again.record_id) == ("unchanged", result.record_id), source
        stored += 1
    assert stored > 100  # most generated forms are valid; the rest are circles


BROKEN_TYPES = ["select_one nolist", "select_one_from_file x.csv", "end_group", "begin_repeat", "bogus",
                "", "include other", "select_one", "begin_loop over yes_no", "end_loop", "osm buildings",
                "rank yes_no", "select_one yes_no or_other", "acknowledge", "geopoint", "audit"]
BROKEN_CELLS = ["", "${q1", "${nowhere}", "pulldata('a', 'b', 'c', 'd')", "search('x')", "(((", "if(",
                ". >", "position(..)", "'unclosed", "${q1} ${q1}", "concat(${q0}, .)", "yes", "问题 ${q2}"]


def test_random_broken_forms_are_refused_with_a_message_never_a_crash(workspace, tmp_path):
    """Random mixtures of wrong types, missing lists, broken formulas, bad names, references
    to nothing and stray ends: every one is imported or refused with a FieldkitError whose
    problems say where, in both languages; nothing else escapes, and a refused form stores
    nothing."""
    rng = random.Random(7)
    refused = 0
    for i in range(120):
        book = openpyxl.Workbook()
        survey = book.active
        survey.title = "survey"
        columns = ["type", "name", *rng.sample(COLUMNS[2:], rng.randint(0, 6))]
        survey.append(columns)
        for r in range(rng.randint(0, 20)):
            survey.append([
                (rng.choice(BROKEN_TYPES) if rng.random() < 0.4 else rng.choice(QUESTION_TYPES)) if c == "type"
                else (rng.choice(["", "q1", "a b", "1x", "Q1"]) if rng.random() < 0.3 else f"q{r}") if c == "name"
                else rng.choice(BROKEN_CELLS) for c in columns])
        if rng.random() < 0.7:
            choices = book.create_sheet("choices")
            choices.append(["list_name", "name", "label"])
            for _ in range(rng.randint(0, 6)):
                choices.append([rng.choice(["yes_no", "", "needs"]), rng.choice(["n1", "", "n1"]), "x"])
        path = tmp_path / f"broken{i}.xlsx"
        book.save(path)
        before = workspace.scalar("SELECT count(*) FROM forms")
        try:
            store.import_form(workspace, path)
        except FieldkitError as error:
            refused += 1
            assert workspace.scalar("SELECT count(*) FROM forms") == before
            for problem in error.problems:
                english, chinese = problem.message("en"), problem.message("zh_CN")
                assert "survey" in english or "choices" in english or problem.sheet == "", english
                assert english != chinese
    assert refused > 90
