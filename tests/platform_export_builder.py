"""Writing realistic survey-platform exports of any form, for the import tests.

``ExportBuilder(definition, count, seed)`` makes up ``count`` submissions (repeats with
0-3 instances, nested ones too) and writes them as KoboToolbox writes its xlsx export
(main sheet named after the form, columns by group path, select_multiple as a
space-separated column plus one 1/0 column per option, a geopoint plus its
``_q_latitude`` … columns, Kobo's bookkeeping columns; one sheet per repeat linked by
``_parent_table_name`` / ``_parent_index`` / ``_submission__uuid``) or as ODK Central
writes its zip of CSVs (``FormId.csv`` with ``-`` paths and geopoints in four columns,
``FormId-repeat.csv`` with ``PARENT_KEY`` and ``KEY``).

Every cell written is recorded as a ``Cell`` saying where its value belongs (submission,
path of repeat instances, question), so a test can account for each one.
"""

from __future__ import annotations

import csv
import io
import random
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import openpyxl

from fieldkit.core.forms.workbook import column_letter

KOBO_MAIN_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                  "_submitted_by", "__version__", "_tags"]
KOBO_CHILD_TAIL = ["_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid",
                   "_submission__submission_time", "_submission__validation_status",
                   "_submission__notes", "_submission__status", "_submission__submitted_by",
                   "_submission___version__", "_submission__tags"]
ODK_MAIN_TAIL = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                 "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
                 "FormVersion"]
BOOKKEEPING = set(KOBO_MAIN_TAIL) | set(KOBO_CHILD_TAIL) | set(ODK_MAIN_TAIL) | {
    "_index", "SubmissionDate", "PARENT_KEY", "meta/instanceID"}
WORDS = ["none", "na", "-", "工地食堂", "宿舍漏雨", "n/a", "夜班太多", "ok", "想学电工", "其他"]
ANSWERED = ("text", "integer", "decimal", "select_one", "select_multiple", "date", "dateTime",
            "time", "geopoint", "start", "end", "today")


@dataclass
class Entry:
    """A column-worthy item of the form: a question (or an or_other's “specify”), or a repeat."""

    kind: str                   # question | other | repeat
    name: str
    type: str
    path: list[str]             # enclosing groups and repeats
    chain: tuple[str, ...]      # enclosing repeats
    choices: list[str] = field(default_factory=list)
    label: dict = field(default_factory=dict)            # {language: text}
    choice_labels: dict = field(default_factory=dict)    # name -> {language: text}


@dataclass
class Cell:
    sheet: str
    row: int
    column: str
    header: str
    value: object
    submission: str             # uuid ("" for a bookkeeping cell)
    where: tuple                # (repeat, index, repeat, index, ..., question) in the answers
    part: str = ""              # "option:<name>" | "geo:<n>" | ""
    expected: object = None     # what is stored, when the file writes it otherwise (labels)


def layout(definition) -> list[Entry]:
    entries: list[Entry] = []

    def walk(questions, path, chain):
        for q in questions:
            if q.type == "group":
                walk(q.children, path + [q.name], chain)
            elif q.type == "repeat":
                entries.append(Entry("repeat", q.name, "repeat", path, chain))
                walk(q.children, path + [q.name], chain + (q.name,))
            elif q.type in ANSWERED:
                listed = definition.choices.get(q.list_name, [])
                names = [c.name for c in listed]
                labels = {c.name: c.label for c in listed}
                if q.or_other and "other" not in names:
                    names.append("other")
                    labels["other"] = {"": "Other"}
                entries.append(Entry("question", q.name, q.type, path, chain, names, q.label,
                                     labels))
                if q.or_other:
                    entries.append(Entry("other", f"{q.name}_other", "text", path, chain))

    walk(definition.questions, [], ())
    return entries


class ExportBuilder:
    def __init__(self, definition, count: int, seed: int = 1, title: str = "",
                 language: str | None = None) -> None:
        self.definition = definition
        self.language = language or definition.default_language
        self.labels = False
        self.random = random.Random(seed)
        self.entries = layout(definition)
        self.title = (title or definition.title or definition.form_id)
        self.submissions = [self._submission(i) for i in range(count)]
        self.cells: list[Cell] = []

    # -- making up answers ------------------------------------------------------------

    def _value(self, entry: Entry, when: datetime):
        r = self.random
        if entry.type == "text":
            return r.choice(WORDS) + (str(r.randint(1, 99)) if r.random() < 0.3 else "")
        if entry.type == "integer":
            return r.randint(0, 60)
        if entry.type == "decimal":
            return round(r.uniform(0, 100), 2)
        if entry.type == "select_one":
            return r.choice(entry.choices) if entry.choices else None
        if entry.type == "select_multiple":
            picked = r.sample(entry.choices, r.randint(1, min(3, len(entry.choices))))
            return " ".join(c for c in entry.choices if c in picked)
        if entry.type in ("date", "today"):
            return (when - timedelta(days=r.randint(0, 900))).strftime("%Y-%m-%d")
        if entry.type in ("dateTime", "start"):
            return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{r.randint(0, 999):03d}+08:00"
        if entry.type == "end":
            later = when + timedelta(minutes=r.randint(5, 50))
            return later.strftime("%Y-%m-%dT%H:%M:%S.") + f"{r.randint(0, 999):03d}+08:00"
        if entry.type == "time":
            return f"{r.randint(0, 23):02d}:{r.choice(['00', '15', '30', '45'])}:00.000+08:00"
        if entry.type == "geopoint":
            return f"{r.uniform(-60, 60):.6f} {r.uniform(-170, 170):.6f} {r.randint(0, 4000)} 5"
        return None

    def _count(self, entry: Entry, answers: dict) -> int:
        """How many instances: the form's repeat_count (a number, or a question's answer,
        which is then kept small), else 0-3."""
        count = self.definition.find(entry.name).repeat_count.strip()
        if count.isdigit():
            return int(count)
        if count.startswith("${") and count.endswith("}"):
            source = count[2:-1]
            n = self.random.randint(0, 3)
            if source in answers:
                answers[source] = n
            return n if source in answers else 0
        return self.random.randint(0, 3)

    def _instance(self, chain: tuple[str, ...], when: datetime) -> dict:
        answers: dict = {}
        for entry in self.entries:
            if entry.chain != chain:
                continue
            if entry.kind == "repeat":
                answers[entry.name] = [self._instance(chain + (entry.name,), when)
                                       for _ in range(self._count(entry, answers))]
            elif entry.kind == "other":
                select = entry.name[:-len("_other")]
                chosen = str(answers.get(select, "")).split()
                if "other" in chosen:
                    answers[entry.name] = "电焊工" + str(self.random.randint(1, 9))
            elif self.random.random() < 0.85 or entry.type in ("start", "end"):
                value = self._value(entry, when)
                if value is not None:
                    answers[entry.name] = value
        return answers

    def _submission(self, i: int) -> dict:
        when = datetime(2024, 6, 1, 8, 0) + timedelta(hours=7 * i, minutes=self.random.randint(0, 59))
        return {"uuid": str(uuid.UUID(int=self.random.getrandbits(128))), "id": 5000 + i,
                "time": (when - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S"),
                "answers": self._instance((), when)}

    # -- KoboToolbox xlsx ------------------------------------------------------------

    def _text(self, texts: dict, fallback: str) -> str:
        from fieldkit.core.forms.outline import pick_text

        return pick_text(texts, self.language, self.definition.default_language) or fallback

    def _kobo_columns(self, chain: tuple[str, ...]) -> list[tuple[str, Entry, str]]:
        """(header, entry, part) for the questions of one sheet; with ``labels``, headers
        are labels (groups left out, as Kobo's default) and option columns label/label."""
        out = []
        for entry in self.entries:
            if entry.chain != chain or entry.kind == "repeat":
                continue
            path = "/".join(entry.path + [entry.name])
            if self.labels and entry.kind == "question":
                path = self._text(entry.label, entry.name)
            out.append((path, entry, ""))
            if entry.type == "select_multiple":
                out.extend((f"{path}/{self._text(entry.choice_labels.get(c, {}), c)}"
                            if self.labels else f"{path}/{c}", entry, f"option:{c}")
                           for c in entry.choices)
            if entry.type == "geopoint":
                for n, part in enumerate(("latitude", "longitude", "altitude", "precision")):
                    out.append((f"_{entry.name}_{part}", entry, f"geo:{n}"))
        return out

    def _cell_value(self, value, part: str):
        if value is None:
            return None
        if part.startswith("option:"):
            return 1 if part[7:] in str(value).split() else 0
        if part.startswith("geo:"):
            return float(str(value).split()[int(part[4:])])
        return value

    def _written(self, entry: Entry, value):
        """A select's answer as Kobo's “labels” export writes it: labels joined by spaces."""
        if not self.labels or entry.type not in ("select_one", "select_multiple") or \
                not isinstance(value, str):
            return value
        return " ".join(self._text(entry.choice_labels.get(n, {}), n) for n in value.split())

    def write_kobo(self, path, *, include_parents: bool = True,
                   labels: bool = False) -> "ExportBuilder":
        self.labels = labels
        book = openpyxl.Workbook()
        main = book.active
        main.title = self.title[:31]
        repeats = [e for e in self.entries if e.kind == "repeat"]
        has_children = {(): bool([e for e in repeats if e.chain == ()])}
        for e in repeats:
            has_children[e.chain + (e.name,)] = any(x.chain == e.chain + (e.name,) for x in repeats)
        columns = self._kobo_columns(())
        tail = KOBO_MAIN_TAIL + (["_index"] if has_children[()] else [])
        main.append([c[0] for c in columns] + tail)
        sheets = {(): main}
        counters = {(): 0}
        for e in repeats:
            chain = e.chain + (e.name,)
            sheet = book.create_sheet(e.name[:31])
            sheet.append([c[0] for c in self._kobo_columns(chain)]
                         + (["_index"] if has_children[chain] else []) + KOBO_CHILD_TAIL)
            sheets[chain] = sheet
            counters[chain] = 0
        for sub in self.submissions:
            counters[()] += 1
            meta = [sub["id"], sub["uuid"], sub["time"], "", "", "submitted_via_web", "",
                    "vGx2HmbdVXNbC", ""]
            self._kobo_row(main, (), sub, sub["answers"], (), meta + (
                [counters[()]] if has_children[()] else []), columns)
            self._kobo_children(sheets, counters, has_children, sub, sub["answers"], (),
                                counters[()], main.title, ())
        if not include_parents:
            book.remove(main)
        book.save(path)
        return self

    def _kobo_row(self, sheet, chain, sub, answers, where, tail, columns) -> None:
        number = sheet.max_row + 1
        row = []
        for index, (header, entry, part) in enumerate(columns):
            value = self._cell_value(answers.get(entry.name), part)
            written = value if part else self._written(entry, value)
            row.append(written)
            if value is not None:
                self.cells.append(Cell(sheet.title, number, column_letter(index), header,
                                       written, sub["uuid"], where + (entry.name,), part, value))
        for offset, value in enumerate(tail):
            if value not in (None, ""):
                self.cells.append(Cell(sheet.title, number, column_letter(len(row) + offset),
                                       "", value, "", ()))
        sheet.append(row + list(tail))

    def _kobo_children(self, sheets, counters, has_children, sub, answers, chain,
                       parent_index, parent_table, where) -> None:
        for entry in self.entries:
            if entry.kind != "repeat" or entry.chain != chain:
                continue
            inner = chain + (entry.name,)
            for n, instance in enumerate(answers.get(entry.name, [])):
                counters[inner] += 1
                own = [counters[inner]] if has_children[inner] else []
                tail = own + [parent_table, parent_index, sub["id"], sub["uuid"], sub["time"],
                              "", "", "submitted_via_web", "", "vGx2HmbdVXNbC", ""]
                place = where + (entry.name, n)
                self._kobo_row(sheets[inner], inner, sub, instance, place, tail,
                               self._kobo_columns(inner))
                self._kobo_children(sheets, counters, has_children, sub, instance, inner,
                                    counters[inner], entry.name, place)

    # -- ODK Central zip of CSVs ----------------------------------------------------------

    def _odk_columns(self, chain: tuple[str, ...]) -> list[tuple[str, Entry, str]]:
        out = []
        for entry in self.entries:
            if entry.chain != chain or entry.kind == "repeat":
                continue
            inside = entry.path[len(entry.path) - _groups_after_repeat(entry):]
            path = "-".join(inside + [entry.name])
            if entry.type == "geopoint":
                out.extend((f"{path}-{p}", entry, f"geo:{n}") for n, p in enumerate(
                    ("Latitude", "Longitude", "Altitude", "Accuracy")))
            else:
                out.append((path, entry, ""))
        return out

    def write_odk(self, path, form_id: str, *, only: str | None = None) -> "ExportBuilder":
        files: dict[str, list[list]] = {}
        main_cols = self._odk_columns(())
        files[form_id] = [["SubmissionDate"] + [c[0] for c in main_cols] + ODK_MAIN_TAIL]
        repeats = [e for e in self.entries if e.kind == "repeat"]
        for e in repeats:
            files[f"{form_id}-{e.name}"] = [[c[0] for c in self._odk_columns(e.chain + (e.name,))]
                                            + ["PARENT_KEY", "KEY"]]
        for sub in self.submissions:
            key = "uuid:" + sub["uuid"]
            row = self._odk_row(form_id, files, main_cols, sub, sub["answers"], (), 1)
            files[form_id].append([sub["time"] + ".123Z"] + row + [
                key, key, "17", "李海花", "0", "0", "", "", "collect:abc", "0", "2024060101"])
            self.cells.append(Cell(form_id, len(files[form_id]), "A", "SubmissionDate",
                                   sub["time"], "", ()))
            self._odk_children(form_id, files, sub, sub["answers"], (), key, ())
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, rows in files.items():
                if only is not None and name != only:
                    continue
                text = io.StringIO()
                csv.writer(text, lineterminator="\n").writerows(rows)
                archive.writestr(f"{name}.csv", text.getvalue())
            archive.writestr("media/", "")
        return self

    def _odk_row(self, sheet, files, columns, sub, answers, where, offset) -> list:
        number = len(files[sheet]) + 1
        row = []
        for index, (header, entry, part) in enumerate(columns):
            value = self._cell_value(answers.get(entry.name), part)
            row.append("" if value is None else str(value))
            if value is not None:
                self.cells.append(Cell(sheet, number, column_letter(index + offset), header,
                                       str(value), sub["uuid"], where + (entry.name,), part))
        return row

    def _odk_children(self, form_id, files, sub, answers, chain, parent_key, where) -> None:
        for entry in self.entries:
            if entry.kind != "repeat" or entry.chain != chain:
                continue
            inner = chain + (entry.name,)
            sheet = f"{form_id}-{entry.name}"
            for n, instance in enumerate(answers.get(entry.name, [])):
                key = f"{parent_key}/{entry.name}[{n + 1}]"
                place = where + (entry.name, n)
                row = self._odk_row(sheet, files, self._odk_columns(inner), sub, instance, place, 0)
                files[sheet].append(row + [parent_key, key])
                self._odk_children(form_id, files, sub, instance, inner, key, place)


def _groups_after_repeat(entry: Entry) -> int:
    """How many of the groups around ``entry`` lie inside its innermost repeat."""
    if not entry.chain:
        return len(entry.path)
    last = entry.chain[-1]
    return len(entry.path) - entry.path.index(last) - 1


def camp_survey(path, camps: int = 30):
    """A household survey laid out like the real Kobo forms the testers used (their camp
    list had 5,700 choices: ``camps``)."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)", "label::English (en)", "required"])
    rows = [
        ["start", "start", "", "", ""], ["end", "end", "", "", ""], ["today", "today", "", "", ""],
        ["begin group", "_1_4_Location", "位置", "Location", ""],
        ["select_one camps", "_1_4_1_Campslist", "营地", "Camp", ""],
        ["geopoint", "_1_4_2_gps", "坐标", "GPS", ""],
        ["end group", "", "", "", ""],
        ["integer", "hh_size", "家庭人数", "Household size", ""],
        ["select_multiple income", "income_sources", "收入来源", "Income sources", ""],
        ["select_one yes_no_na", "water_access", "有自来水吗", "Piped water?", ""],
        ["select_one toilet", "toilet", "厕所", "Toilet", ""],
        ["select_one occupation or_other", "occupation", "职业", "Occupation", ""],
        ["select_multiple needs or_other", "needs", "需求", "Needs", ""],
        ["begin repeat", "household_members", "家庭成员", "Household members", ""],
        ["text", "member_name", "姓名", "Name", ""],
        ["integer", "member_age", "年龄", "Age", ""],
        ["select_one sex", "member_sex", "性别", "Sex", ""],
        ["select_multiple skills", "member_skills", "技能", "Skills", ""],
        ["begin group", "work", "工作", "Work", ""],
        ["begin repeat", "member_jobs", "工作经历", "Jobs", ""],
        ["text", "job_title", "岗位", "Job", ""],
        ["decimal", "job_income", "月收入", "Monthly income", ""],
        ["end repeat", "", "", "", ""],
        ["end group", "", "", "", ""],
        ["end repeat", "", "", "", ""],
        ["begin repeat", "visits", "走访", "Visits", ""],
        ["date", "visit_date", "日期", "Date", ""],
        ["time", "visit_time", "时间", "Time", ""],
        ["dateTime", "visit_at", "记录时间", "Recorded at", ""],
        ["end repeat", "", "", "", ""],
        ["text", "comments", "其他意见", "Comments", ""],
    ]
    for row in rows:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)", "label::English (en)"])
    for n in range(1, camps + 1):
        choices.append(["camps", f"camp_{n:02d}", f"{n}号营地", f"Camp {n}"])
    for name, zh, en in (("salary", "工资", "Salary"), ("business", "经营", "Business income"),
                         ("aid", "救助", "Food aid"), ("none", "没有", "None")):
        choices.append(["income", name, zh, en])
    for name, zh, en in (("yes", "是", "Yes"), ("no", "否", "No"), ("na", "不适用", "N/A")):
        choices.append(["yes_no_na", name, zh, en])
    for name, zh, en in (("flush", "冲水", "Flush"), ("pit", "旱厕", "Pit"), ("-", "无", "None")):
        choices.append(["toilet", name, zh, en])
    for name, zh, en in (("welder", "电焊工", "Welder"), ("driver", "司机", "Driver")):
        choices.append(["occupation", name, zh, en])
    for name, zh, en in (("housing", "住房", "Housing"), ("food", "食物", "Food")):
        choices.append(["needs", name, zh, en])
    for name, zh, en in (("male", "男", "Male"), ("female", "女", "Female"), ("na", "不愿说", "N/A")):
        choices.append(["sex", name, zh, en])
    for name, zh, en in (("electric", "电工", "Electrician"), ("cook", "厨师", "Cook"),
                         ("none", "无", "None")):
        choices.append(["skills", name, zh, en])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["camp_survey", "营地家庭调查 Camp household survey", "1", "中文 (zh)"])
    book.save(path)
    return path
