"""The document model every report writer takes: plain data, already in the report's language.

A report is built once (``survey.build_survey_report``) into a ``Document`` and then written
as PDF, XLSX or DOCX by writers that know the file format and nothing about workspaces. The
blocks are the few things a survey report is made of: headings, paragraphs, tables and
charts. Numbers stay numbers (a column's ``kind`` says how to show them) so that Excel gets
real numbers and percentages, and the PDF and Word files show them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# Column kinds: how a writer formats the cells of a column.
TEXT, COUNT, PERCENT, NUMBER = "text", "count", "percent", "number"

MERGED = None   # a header cell that continues the cell on its left (a spanning header)


@dataclass
class Heading:
    text: str
    level: int = 1            # 1 = a section, 2 = a question inside it


@dataclass
class Paragraph:
    text: str
    style: str = "body"       # body | note | quote (user-written text keeps its line breaks)


@dataclass
class Table:
    """A table with one or more header rows. ``header`` rows hold text or ``MERGED`` (the
    cell spans from the left); ``kinds`` says per column how numbers are shown; a table
    whose last row is a total sets ``total_row``. Writers repeat the header rows on every
    page and turn a table with many columns sideways (``wide``)."""

    header: list[list[Any]]
    rows: list[list[Any]]
    kinds: list[str]
    total_row: bool = False
    caption: str = ""
    name: str = ""            # a short name (sheet names, anchors)

    @property
    def columns(self) -> int:
        return len(self.kinds)

    @property
    def wide(self) -> bool:
        return self.columns > 7


@dataclass
class Chart:
    """A bar chart (one or more series over categories) or a histogram (bars that touch).

    ``horizontal`` bars suit long Chinese option labels; ``percent`` says the values are
    percentages (0-100)."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    kind: str = "bar"          # bar | histogram
    horizontal: bool = False
    percent: bool = False
    value_title: str = ""


@dataclass
class PageBreak:
    pass


Block = Union[Heading, Paragraph, Table, Chart, PageBreak]


@dataclass
class Section:
    """One part of the report (overview, a question, a cross-tabulation...): the XLSX writer
    gives each its own sheet; ``data`` sections are raw tables only the workbook carries."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    sheet: str = ""
    data: bool = False


@dataclass
class Cover:
    title: str
    subtitle: str = ""
    issuer: str = ""
    date: str = ""
    authors: str = ""


@dataclass
class Document:
    cover: Cover
    sections: list[Section] = field(default_factory=list)
    show_cover: bool = True
    show_contents: bool = True
    language: str = "zh_CN"

    @property
    def title(self) -> str:
        return self.cover.title

    def blocks(self, *, include_data: bool = False):
        """(section, block) pairs in order."""
        for section in self.sections:
            if section.data and not include_data:
                continue
            for block in section.blocks:
                yield section, block

    def counts(self) -> dict[str, int]:
        """How many sections, tables and charts (used by tests and the benchmark)."""
        tables = sum(isinstance(b, Table) for _, b in self.blocks())
        charts = sum(isinstance(b, Chart) for _, b in self.blocks())
        return {"sections": len(self.sections), "tables": tables, "charts": charts}
