"""Build the codebook report (编码表报告) as a ``Document``: every code with its definition,
how often it was applied, example quotes, and which codes occur together.

The figures come from the interviews wing (``interviews.analysis``: segments and notes per
code, co-occurrence) and the quotes from ``interviews.queries.retrieve_segments`` (segments
flagged as quotes, ``quote=1``); this module only arranges them, in ``language``. The
interviewee's name is masked in quotes and personal attributes are left out unless
``include_personal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_
from fieldkit.core.interviews.analysis import cooccurrence, frequencies
from fieldkit.core.interviews.queries import SegmentFilter, retrieve_segments
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.reports.model import (COUNT, TEXT, Cover, Document, Heading, Paragraph,
                                         Section, Table)
from fieldkit.core.reports.text import long_date, section_number, t


@dataclass
class CodebookReportSpec:
    title: str = ""
    subtitle: str = ""
    issuer: str = ""
    authors: str = ""
    date: str = ""
    quotes_per_code: int = 3
    include_children: bool = False      # a code's figures include its child codes
    include_personal: bool = False


def _source(lang: str, row) -> str:
    """Where a quote comes from: site, occupation, date (those known)."""
    site = row.site_name_en if lang == "en" and row.site_name_en else row.site_name
    parts = [p for p in (site, row.occupation, row.on_date) if p]
    return "—— " + " · ".join(parts) if parts else "—— " + t(lang, N_("(source not given)"))


def quote_blocks(ws, code_ids: list[str] | None = None, *, language: str,
                 include_children: bool = True, include_personal: bool = False,
                 per_code: int = 5) -> list:
    """Blocks quoting the segments marked as quotes, grouped by code (a level-2 heading per
    code, each quote with its site, occupation and date), for any report: the thematic
    survey report and the work reports add them as a section. ``code_ids`` None: every
    code. Names are masked unless ``include_personal``. Empty when nothing is quoted."""
    from fieldkit.core.interviews.queries import code_tree, tree_order, with_descendants

    codes = code_tree(ws)
    chosen = tree_order(codes) if code_ids is None else [c for c in code_ids if c in codes]
    blocks: list = []
    for code_id in chosen:
        wanted = with_descendants(codes, code_id) if include_children and code_ids else \
            [code_id]
        rows = retrieve_segments(ws, SegmentFilter(code_ids=wanted, quotes_only=True,
                                                   include_personal=include_personal))
        if not rows:
            continue
        blocks.append(Heading(codes[code_id]["path"], 2))
        for row in rows[:max(0, per_code)]:
            blocks.append(Paragraph("“" + row.text.strip() + "”", "quote"))
            blocks.append(Paragraph(_source(language, row), "note"))
    return blocks


def quotes_section(ws, language: str, code_paths: list[str] | None, include_personal: bool,
                   number: str = "") -> Section:
    """The section of workers' own words (职工原声) that the survey and work reports add:
    the segments marked as quotes under ``code_paths`` (paths such as "安全/高原反应", child
    codes included; None: every code), each with its source; names masked unless
    ``include_personal``. An unknown code is refused, naming it."""
    from fieldkit.core.interviews.codes import code_by_path

    heading = t(language, N_("In workers' own words"))
    blocks: list = [Heading(number + heading, 1)]
    code_ids = None
    if code_paths:
        found = [code_by_path(ws, path) for path in code_paths]
        missing = [p for p, c in zip(code_paths, found) if c is None]
        if missing:
            raise FieldkitError(N_("There is no code “{code}” in the codebook."), code=missing[0])
        code_ids = [c.id for c in found]
    quotes = quote_blocks(ws, code_ids, language=language, include_personal=include_personal)
    blocks += quotes or [Paragraph(t(language, N_("No segment of the interview notes is marked "
                                                  "as a quote under these codes yet.")), "note")]
    return Section("quotes", heading, blocks, sheet="quotes")


def build_codebook_report(ws, spec: CodebookReportSpec | None = None, *, language: str,
                          progress: ProgressCallback | None = None,
                          cancel: CancelToken | None = None) -> Document:
    spec = spec or CodebookReportSpec()
    lang = language
    table = frequencies(ws, "site", include_children=spec.include_children)
    quotes = retrieve_segments(ws, SegmentFilter(quotes_only=True,
                                                 include_personal=spec.include_personal))
    steps = Progress(len(table.codes) + 2, progress, cancel, every=10)
    by_code: dict[str, list] = {}
    for row in quotes:
        by_code.setdefault(row.code_id, []).append(row)
    cover = Cover(spec.title or t(lang, N_("Codebook report")), spec.subtitle, spec.issuer,
                  spec.date or long_date(date.today(), lang), spec.authors)
    doc = Document(cover, language=lang, show_contents=False)    # four sections: no contents
    segments_all = sum(table.segments_total.values()) if not spec.include_children else \
        sum(table.segments_total[c["id"]] for c in table.codes if c["depth"] == 0)
    notes_all = sum(table.notes_per_value.values())

    # 1 overview: the codebook as a table
    heading = t(lang, N_("Overview"))
    rows = [["\u3000" * code["depth"] + code["name"], code["description"],
             table.segments_total[code["id"]], table.notes_total[code["id"]]]
            for code in table.codes]
    blocks = [Heading(section_number(lang, 1) + heading, 1),
              Paragraph(t(lang, N_("The codebook has {codes} codes. {notes} interview notes "
                                   "hold {segments} coded segments."),
                          codes=len(table.codes), notes=notes_all, segments=segments_all))]
    if rows:
        blocks.append(Table([[t(lang, N_("Code")), t(lang, N_("Definition")),
                              t(lang, N_("Number of segments")), t(lang, N_("Number of notes"))]],
                            rows, [TEXT, TEXT, COUNT, COUNT],
                            caption=t(lang, N_("Codes, definitions and frequencies")),
                            name="codebook"))
    else:
        blocks.append(Paragraph(t(lang, N_("The codebook is empty."))))
    doc.sections.append(Section("overview", heading, blocks, sheet="overview"))
    steps.step(1)

    # 2 each code: definition, frequency, quotes
    heading = t(lang, N_("Codes and quotes"))
    blocks = [Heading(section_number(lang, 2) + heading, 1)]
    quote_rows = []
    no_site = t(lang, N_("(no site)"))
    english = {}
    if lang == "en":
        from fieldkit.core.work import directory
        english = {s["name"]: s["name_en"] for s in directory.search(
            ws, directory.SITES, include_inactive=True) if s.get("name_en")}
    for i, code in enumerate(table.codes, start=1):
        blocks.append(Heading(code["path"], 2))
        blocks.append(Paragraph(code["description"] or t(lang, N_("(no definition)")),
                                "body" if code["description"] else "note"))
        by_site = ("；" if lang.startswith("zh") else "; ").join(
            f"{english.get(site, site) or no_site} {n}"
            for site, n in table.segments[code["id"]].items() if n)
        blocks.append(Paragraph(t(lang, N_("Segments: {segments}; notes: {notes}."),
                                  segments=table.segments_total[code["id"]],
                                  notes=table.notes_total[code["id"]])
                                + (("" if lang.startswith("zh") else " ")
                                   + t(lang, N_("By site: {sites}."), sites=by_site)
                                   if by_site else ""), "note"))
        chosen = by_code.get(code["id"], [])
        for row in chosen[:max(0, spec.quotes_per_code)]:
            blocks.append(Paragraph("“" + row.text.strip() + "”", "quote"))
            blocks.append(Paragraph(_source(lang, row), "note"))
        if not chosen:
            blocks.append(Paragraph(t(lang, N_("No segment of this code is marked as a "
                                               "quote.")), "note"))
        quote_rows += [[code["path"], row.text.strip(), row.site_name, row.occupation,
                        row.on_date or ""] for row in chosen]
        steps.step(1 + i)
    doc.sections.append(Section("codes", heading, blocks))

    # 3 co-occurrence: the pairs of codes whose segments overlap
    co = cooccurrence(ws)
    heading = t(lang, N_("Codes that occur together"))
    pairs = []
    for a_index, a in enumerate(co.codes):
        for b in co.codes[a_index + 1:]:
            n = co.counts[a["id"]][b["id"]]
            if n:
                pairs.append([a["path"], b["path"], n])
    pairs.sort(key=lambda r: -r[2])
    blocks = [Heading(section_number(lang, 3) + heading, 1),
              Paragraph(t(lang, N_("Two codes occur together when a segment of one and a "
                                   "segment of the other share at least one character of the "
                                   "same note; the table counts such pairs of segments.")),
                        "note")]
    if pairs:
        blocks.append(Table([[t(lang, N_("Code")), t(lang, N_("Code")),
                              t(lang, N_("Overlapping segments"))]], pairs,
                            [TEXT, TEXT, COUNT], caption=heading, name="cooccurrence"))
    else:
        blocks.append(Paragraph(t(lang, N_("No two codes overlap in any note."))))
    doc.sections.append(Section("cooccurrence", heading, blocks,
                                sheet=t(lang, N_("Co-occurrence"))))

    # the workbook also carries every quote as a table
    if quote_rows:
        doc.sections.append(Section("quotes", t(lang, N_("Quotes")), [Table(
            [[t(lang, N_("Code")), t(lang, N_("Quote")), t(lang, N_("Site")),
              t(lang, N_("Occupation")), t(lang, N_("Date"))]], quote_rows,
            [TEXT, TEXT, TEXT, TEXT, TEXT], caption=t(lang, N_("Quotes")), name="quotes")],
            sheet=t(lang, N_("Quotes")), data=True))

    # appendix: how the figures were counted
    heading = t(lang, N_("Appendix: method"))
    method = [t(lang, N_("Segments: the coded passages of a code, leaving out passages whose "
                         "text was deleted from the note and notes in the recycle bin. Notes: "
                         "the interview notes with at least one such passage."))]
    if spec.include_children:
        method.append(t(lang, N_("Each code's figures include its child codes; a note is "
                                 "counted once.")))
    method.append(t(lang, N_("Quotes are the segments marked as quotes, at most {n} per code.")
                    , n=spec.quotes_per_code))
    method.append(t(lang, N_("Personal data is included at the user's request."))
                  if spec.include_personal else
                  t(lang, N_("Personal data is left out: interviewees' names are masked in "
                             "quotes and attributes marked personal are not shown.")))
    doc.sections.append(Section("appendix", heading, [Heading(heading, 1)] +
                                [Paragraph(p, "note") for p in method], sheet="appendix"))
    steps.step(steps.total)
    return doc
