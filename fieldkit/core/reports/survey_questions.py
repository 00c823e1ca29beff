"""One section per question, and cross-tabulations by the grouping question.

Select questions get a frequency table (n and % of the respondents who answered; for
select_multiple also % of all mentions) and a bar chart; numbers get their summary
statistics and a histogram; dates are counted by month; text answers are counted, with
a few of the most frequent as examples (personal data left out or masked).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fieldkit.core.forms.media import list_choices
from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import N_
from fieldkit.core.reports import survey_stats as stats
from fieldkit.core.reports.model import (COUNT, MERGED, NUMBER, PERCENT, TEXT, Block, Chart,
                                         Paragraph, Table)
from fieldkit.core.reports.text import format_number, is_personal, redact, t

SELECTS = ("select_one", "select_multiple")
NUMBERS = ("integer", "decimal", "range")
DATES = ("date", "datetime")
TEXTS = ("text",)
SUMMARISED = SELECTS + NUMBERS + DATES + TEXTS


@dataclass
class Labels:
    """Question and choice labels of a form in the report's language."""

    form: FormDefinition
    language: str

    def question(self, q: Question) -> str:
        return pick_text(q.label, self.language, self.form.default_language) or q.name

    def choices(self, q: Question) -> list[tuple[str, str]]:
        return [(c.name, pick_text(c.label, self.language, self.form.default_language) or c.name)
                for c in list_choices(self.form, q)]


def summarised_questions(form: FormDefinition) -> list[Question]:
    """Questions a report can summarise, in form order; repeats are left out (their answers
    are lists of instances)."""
    out: list[Question] = []

    def visit(questions: list[Question]) -> None:
        for q in questions:
            if q.type in ("repeat", "begin_repeat", "loop"):
                continue
            if q.is_container:
                visit(q.children)
            elif q.type in SUMMARISED and q.name:
                out.append(q)

    visit(form.questions)
    return out


def repeat_questions(form: FormDefinition) -> list[tuple[Question, str, list[Question]]]:
    """Each repeat (also inside groups or other repeats) with the key prefix its entries'
    answers are tallied under (``survey_stats``: ``<repeat>/`` per level) and the questions
    of its own a report can summarise, in form order."""
    out: list[tuple[Question, str, list[Question]]] = []

    def own(questions: list[Question]) -> list[Question]:
        found: list[Question] = []
        for q in questions:
            if q.type in ("repeat", "begin_repeat", "loop"):
                continue
            if q.is_container:
                found += own(q.children)
            elif q.type in SUMMARISED and q.name:
                found.append(q)
        return found

    def visit(questions: list[Question], prefix: str) -> None:
        for q in questions:
            if q.type in ("repeat", "begin_repeat", "loop"):
                inner = prefix + q.name + "/"
                out.append((q, inner, own(q.children)))
                visit(q.children, inner)
            elif q.is_container:
                visit(q.children, prefix)

    visit(form.questions, "")
    return [item for item in out if item[2]]


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def select_blocks(lang: str, labels: Labels, q: Question, counts: dict[str, int],
                  answered: int) -> list[Block]:
    multiple = q.type == "select_multiple"
    options = labels.choices(q)
    known = {name for name, _ in options}
    options += [(v, v) for v in sorted(counts) if v not in known]
    mentions = sum(counts.values())
    rows = []
    for name, label in options:
        n = counts.get(name, 0)
        row = [label, n, _pct(n, answered)]
        if multiple:
            row.append(_pct(n, mentions))
        rows.append(row)
    total = [t(lang, N_("Total")), answered if not multiple else mentions,
             100.0 if answered and not multiple else _pct(mentions, answered) if answered else 0.0]
    header = [t(lang, N_("Option")), t(lang, N_("Respondents")), t(lang, N_("% of respondents"))]
    kinds = [TEXT, COUNT, PERCENT]
    if multiple:
        header.append(t(lang, N_("% of mentions")))
        kinds.append(PERCENT)
        total.append(100.0 if mentions else 0.0)
    table = Table([header], rows + [total], kinds, total_row=True, caption=labels.question(q),
                  name=q.name)
    chart = Chart(labels.question(q), [r[0] for r in rows],
                  [(t(lang, N_("% of respondents")), [r[2] for r in rows])], percent=True,
                  horizontal=True, value_title=t(lang, N_("% of respondents")))
    note = (t(lang, N_("Base: {n} respondents who answered; several answers allowed, so the "
                       "percentages of respondents add up to more than 100%."), n=answered)
            if multiple else t(lang, N_("Base: {n} respondents who answered."), n=answered))
    return [table, Paragraph(note, "note")] + ([chart] if rows else [])


def _nice_width(span: float, bins: int) -> float:
    raw = span / bins
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= raw:
            return step * power
    return 10 * power


def histogram_bins(low: float, high: float, integer: bool) -> tuple[float, float, int]:
    """(start, width, bins): one bar per value for a short range of whole numbers, else
    about ten bars of a round width."""
    if integer and high - low <= 14:
        return low, 1.0, int(high - low) + 1
    if high == low:
        return low, 1.0, 1
    width = _nice_width(high - low, 10)
    if integer:
        width = max(1.0, math.ceil(width))
    start = math.floor(low / width) * width
    return start, width, int((high - start) // width) + 1


def _bin_label(start: float, width: float, i: int, integer: bool) -> str:
    lo = start + i * width
    if integer and width == 1:
        return format_number(lo, NUMBER)
    hi = lo + width - (1 if integer else 0)
    return f"{format_number(lo, NUMBER)}–{format_number(hi, NUMBER)}"


def numeric_blocks(ws, sel, lang: str, labels: Labels, q: Question) -> list[Block]:
    summary = stats.numeric_summary(ws, sel, q.name)
    if summary is None:
        return [Paragraph(t(lang, N_("No one answered this question.")), "note")]
    names = (("n", N_("Respondents"), COUNT), ("mean", N_("Mean"), NUMBER),
             ("median", N_("Median"), NUMBER), ("q1", N_("Lower quartile"), NUMBER),
             ("q3", N_("Upper quartile"), NUMBER), ("min", N_("Minimum"), NUMBER),
             ("max", N_("Maximum"), NUMBER))
    table = Table([[t(lang, N_("Statistic")), t(lang, N_("Value"))]],
                  [[t(lang, label), round(summary[key], 2)] for key, label, _ in names],
                  [TEXT, NUMBER], caption=labels.question(q), name=q.name)
    integer = q.type == "integer"
    start, width, bins = histogram_bins(summary["min"], summary["max"], integer)
    counts = stats.histogram(ws, sel, q.name, start, width, bins)
    chart = Chart(labels.question(q), [_bin_label(start, width, i, integer) for i in range(bins)],
                  [(t(lang, N_("Respondents")), counts)], kind="histogram",
                  value_title=t(lang, N_("Respondents")))
    return [table, chart]


def date_blocks(ws, sel, lang: str, labels: Labels, q: Question) -> list[Block]:
    months = stats.by_month(ws, sel, q.name)
    if not months:
        return [Paragraph(t(lang, N_("No one answered this question.")), "note")]
    total = sum(n for _, n in months)
    rows = [[m, n, _pct(n, total)] for m, n in months]
    rows.append([t(lang, N_("Total")), total, 100.0])
    table = Table([[t(lang, N_("Month")), t(lang, N_("Respondents")), t(lang, N_("% of respondents"))]],
                  rows, [TEXT, COUNT, PERCENT], total_row=True, caption=labels.question(q),
                  name=q.name)
    chart = Chart(labels.question(q), [m for m, _ in months],
                  [(t(lang, N_("Respondents")), [n for _, n in months])],
                  value_title=t(lang, N_("Respondents")))
    return [table, chart]


def text_blocks(ws, sel, lang: str, labels: Labels, q: Question,
                include_personal: bool) -> list[Block]:
    count, examples = stats.text_summary(ws, sel, q.name)
    blocks: list[Block] = [Paragraph(t(lang, N_("{n} respondents wrote an answer."), n=count))]
    if not count:
        return blocks
    if is_personal(q) and not include_personal:
        blocks.append(Paragraph(t(lang, N_("The answers are personal data and are not shown.")),
                                "note"))
        return blocks
    rows = [[redact(text) if not include_personal else text, n] for text, n in examples]
    blocks.append(Table([[t(lang, N_("Examples of answers")), t(lang, N_("Times given"))]], rows,
                        [TEXT, COUNT], caption=labels.question(q), name=q.name))
    return blocks


def crosstab_blocks(ws, sel, lang: str, labels: Labels, group: Question, q: Question,
                    group_sizes: dict[str, int]) -> list[Block]:
    """Rows: the groups and a total row; columns: each option's count and row %."""
    multiple = q.type == "select_multiple"
    options = labels.choices(q)
    cells, bases = stats.crosstab(ws, sel, group.name, q.name, multiple=multiple,
                                  choices=[n for n, _ in options])
    known = {n for n, _ in options}
    options += [(v, v) for v in sorted({v for _, v in cells}) if v not in known]
    group_options = [(n, lbl) for n, lbl in labels.choices(group) if group_sizes.get(n)]
    group_known = {n for n, _ in group_options}
    group_options += [(v, v or t(lang, N_("(no answer)"))) for v in sorted(group_sizes)
                      if v not in group_known]
    top = [labels.question(group), t(lang, N_("Respondents"))]
    second = ["", ""]
    kinds = [TEXT, COUNT]
    for _, label in options:
        top += [label, MERGED]
        second += [t(lang, N_("n")), t(lang, N_("row %"))]
        kinds += [COUNT, PERCENT]
    rows = []
    for g, g_label in group_options:
        base = bases.get(g, 0)
        row = [g_label, base]
        for name, _ in options:
            n = cells.get((g, name), 0)
            row += [n, _pct(n, base)]
        rows.append(row)
    total_base = sum(bases.values())
    total = [t(lang, N_("Total")), total_base]
    for name, _ in options:
        n = sum(v for (g, c), v in cells.items() if c == name)
        total += [n, _pct(n, total_base)]
    rows.append(total)
    title = t(lang, N_("{question} by {group}"), question=labels.question(q),
              group=labels.question(group))
    table = Table([top, second], rows, kinds, total_row=True, caption=title, name=q.name)
    chart = Chart(title, [lbl for _, lbl in options],
                  [(row[0], [row[3 + 2 * i] for i in range(len(options))]) for row in rows[:-1]],
                  percent=True, value_title=t(lang, N_("row %")))
    return [table, chart]
