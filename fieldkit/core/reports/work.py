"""Build the work report (月度反馈 / 季度汇总 / 年度报告) of a period and scope as a ``Document``.

Every figure comes from the work wing: the headline numbers and rates from ``kpis.kpis``
(the dashboard's own function, so the printed figure and the screen never disagree), the
lists from ``work.report_queries`` and ``work.cases``, which use the same definitions. This
module only arranges them, in ``language``: overview, activities by kind, cadres' monthly
days, the ledger's figures, the overdue list, leaders' focus problems, typical cases, the
user's findings and an appendix on definitions and scope. Workers' names and phones appear
only with ``include_personal``.
"""

from __future__ import annotations

from datetime import date

from fieldkit.core.work.directory import choices_for
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.reports.model import (COUNT, NUMBER, PERCENT, TEXT, Chart, Cover,
                                         Document, Heading, Paragraph, Section, Table)
from fieldkit.core.reports.text import MONTHS, long_date, section_number, subsection_number, t
from fieldkit.core.reports.work_spec import WorkReportSpec
from fieldkit.core.work import cases, report_queries
from fieldkit.core.work.kpis import kpis
from fieldkit.core.work.model import (CATEGORIES, GRADES, KINDS, STATUSES, Kpis, Period,
                                      half_year_of, label, quarter_of)


def period_label(period: Period, language: str) -> str:
    """2024年第二季度 / Q2 2024, as a report's title reads."""
    name, y = period.name, period.start.year
    zh = language == "zh_CN"
    if name == str(y):
        return f"{y}年" if zh else str(y)
    if "-Q" in name:
        q = int(name[-1])
        return f"{y}年第{'一二三四'[q - 1]}季度" if zh else f"Q{q} {y}"
    if "-H" in name:
        h = int(name[-1])
        return f"{y}年{'上下'[h - 1]}半年" if zh else f"{('first', 'second')[h - 1]} half of {y}"
    if ".." not in name:
        m = period.start.month
        return f"{y}年{m}月" if zh else f"{MONTHS[m - 1]} {y}"
    return t(language, N_("{start} to {end}"), start=long_date(period.start, language),
             end=long_date(period.end, language))


def scope_label(ws, spec: WorkReportSpec, language: str) -> str:
    for table, value in (("org_units", spec.org_unit_id), ("sites", spec.site_id),
                         ("cadres", spec.cadre_id)):
        if value:
            return dict(choices_for(ws, table, include_id=value)).get(value, value)
    return t(language, N_("All units"))


def _rate(value: float | None):
    return None if value is None else 100.0 * value


def _yes(language: str, value: bool) -> str:
    return t(language, N_("Yes")) if value else t(language, N_("No"))


def _quarters(period: Period) -> list[str]:
    return list(dict.fromkeys(quarter_of(date.fromisoformat(m + "-01"))
                              for m in period.months()))


def _half_years(period: Period) -> list[str]:
    return list(dict.fromkeys(half_year_of(date.fromisoformat(m + "-01"))
                              for m in period.months()))


def _quarter_label(quarter: str, language: str) -> str:
    return period_label(Period.parse(quarter), language)


class _Builder:
    def __init__(self, ws, spec: WorkReportSpec, language: str, today: date):
        self.ws, self.spec, self.lang = ws, spec, language
        self.period = Period.parse(spec.period)
        self.scope = spec.scope()
        self.today = today
        self.as_of = min(self.period.end, today)
        self.k: Kpis = kpis(ws, period=self.period, scope=self.scope, today=today)
        self.number = 0

    def t(self, msgid: str, **params) -> str:
        return t(self.lang, msgid, **params)

    def heading(self, msgid: str, **params) -> tuple[str, Heading]:
        self.number += 1
        text = self.t(msgid, **params)
        return text, Heading(section_number(self.lang, self.number) + text, 1)

    def code(self, options, value: str) -> str:
        return self.t(label(options, value)) if value else ""

    # -- sections ---------------------------------------------------------------------------

    def overview(self) -> Section:
        k, by_kind = self.k, self.k.activities_by_kind
        title, heading = self.heading(N_("Overview"))
        text = self.t(N_("{scope}, {period}: {lecture} lectures, {visit} visits, {rights} "
                         "rights-protection activities and {resolved} problems resolved for "
                         "workers."),
                      period=period_label(self.period, self.lang),
                      scope=scope_label(self.ws, self.spec, self.lang),
                      lecture=by_kind.get("lecture", 0), visit=by_kind.get("visit", 0),
                      rights=by_kind.get("rights", 0), resolved=k.resolved)
        rows = [[self.t(N_("Activities with frontline workers")), k.activities],
                [self.t(N_("Workers reached")), k.workers_reached],
                [self.t(N_("Cadre-days with frontline workers")), k.cadre_days],
                [self.t(N_("Cadres in scope")), k.cadres_in_scope],
                [self.t(N_("Cadres with a day every month")), k.cadres_meeting_quota],
                [self.t(N_("Problems registered")), k.registered],
                [self.t(N_("Problems resolved")), k.resolved],
                [self.t(N_("Problems closed")), k.closed],
                [self.t(N_("Problems overdue")), k.overdue]]
        table = Table([[self.t(N_("Figure")), self.t(N_("Value"))]], rows, [TEXT, NUMBER],
                      caption=self.t(N_("Headline figures")), name="headline")
        return Section("overview", title, [heading, Paragraph(text), table,
                                           self._rates_table()], sheet=title)

    def _rates_table(self) -> Table:
        k = self.k

        def basis(part, whole):
            return self.t(N_("{part} of {whole}"), part=part, whole=whole) if whole else \
                self.t(N_("nothing to count"))
        completed = round((k.completion_rate or 0) * k.registered)
        replied = round((k.reply_rate or 0) * k.resolved)
        rows = [[self.t(N_("Reply rate")), _rate(k.reply_rate), basis(replied, k.resolved)],
                [self.t(N_("Completion rate")), _rate(k.completion_rate),
                 basis(completed, k.registered)],
                [self.t(N_("Satisfaction rate")), _rate(k.satisfaction_rate),
                 basis(k.satisfied, k.rated)]]
        return Table([[self.t(N_("Rate")), self.t(N_("Value")), self.t(N_("Basis"))]], rows,
                      [TEXT, PERCENT, TEXT], caption=self.t(N_("Rates")), name="rates")

    def activities(self) -> Section:
        title, heading = self.heading(N_("Activities with frontline workers"))
        kinds = report_queries.workers_by_kind(self.ws, self.period, self.scope)
        rows = [[self.t(text), kinds[code]["activities"], kinds[code]["workers"]]
                for code, text in KINDS]
        rows.append([self.t(N_("All activities")), self.k.activities, self.k.workers_reached])
        table = Table([[self.t(N_("Kind")), self.t(N_("Number of activities")),
                        self.t(N_("Workers reached"))]], rows, [TEXT, COUNT, COUNT],
                      total_row=True, caption=self.t(N_("Activities by kind")), name="kinds")
        chart = Chart(self.t(N_("Activities by kind")), [r[0] for r in rows[:-1]],
                      [(self.t(N_("Number of activities")), [r[1] for r in rows[:-1]])], horizontal=True,
                      value_title=self.t(N_("Number of activities")))
        note = Paragraph(self.t(N_("An activity of several kinds counts once under each "
                                   "kind; the last row counts every activity once.")), "note")
        return Section("activities", title, [heading, table, note, chart], sheet=title)

    def cadres(self) -> Section:
        title, heading = self.heading(N_("Cadres' days with frontline workers"))
        people = report_queries.cadre_months(self.ws, self.period, self.scope, today=self.today)
        months = self.period.months()
        zh = self.lang == "zh_CN"
        month_names = [f"{int(m[5:])}月" if zh else m for m in months]
        rows = [[p["name"], p["org_unit_name"], *[p["months"][m] for m in months], p["total"],
                 _yes(self.lang, p["meets_quota"])] for p in people]
        table = Table([[self.t(N_("Cadre")), self.t(N_("Org unit")), *month_names,
                        self.t(N_("Total")), self.t(N_("Met the quota"))]], rows,
                      [TEXT, TEXT, *[NUMBER] * len(months), NUMBER, TEXT],
                      caption=self.t(N_("Days with frontline workers by month (a half day "
                                        "counts 0.5)")), name="cadre_days")
        text = self.t(N_("{meeting} of {total} cadres spent at least one day with frontline "
                         "workers in every month up to {day}."),
                      meeting=self.k.cadres_meeting_quota, total=self.k.cadres_in_scope,
                      day=long_date(self.as_of, self.lang))
        blocks = [heading, Paragraph(text), table]
        short = [p for p in people if p["short_months"]]
        if short:
            sep = "、" if zh else ", "
            lines = [self.t(N_("{name}: {months}"), name=p["name"], months=sep.join(
                f"{int(m[5:])}月" if zh else m for m in p["short_months"])) for p in short]
            blocks.append(Paragraph(self.t(N_("Fell short of one day a month:")) + "\n"
                                    + "\n".join(lines), "quote"))
        return Section("cadres", title, blocks, sheet=title)

    def ledger(self) -> Section:
        k = self.k
        title, heading = self.heading(N_("The problem ledger"))
        figures = [[self.t(N_("Problems registered")), k.registered],
                   [self.t(N_("Problems resolved")), k.resolved],
                   [self.t(N_("Problems replied to")), k.replied],
                   [self.t(N_("Problems closed")), k.closed],
                   [self.t(N_("Problems escalated")), k.escalated],
                   [self.t(N_("Problems overdue")), k.overdue],
                   [self.t(N_("Feedback overdue (cross-department)")), k.feedback_overdue],
                   [self.t(N_("Median days to resolve")), k.median_days_to_resolve]]
        blocks = [heading, Table([[self.t(N_("Figure")), self.t(N_("Value"))]], figures,
                                 [TEXT, NUMBER], caption=self.t(N_("Ledger figures")),
                                 name="ledger"), self._rates_table()]
        for caption, options, counts, name in (
                (N_("Problems registered by grade"), GRADES, k.registered_by_grade, "grades"),
                (N_("Problems registered by category"), CATEGORIES, k.registered_by_category,
                 "categories"),
                (N_("Problems registered in the period by status today"), STATUSES,
                 report_queries.problems_by_status(self.ws, self.period, self.scope),
                 "statuses")):
            known = [code for code, _ in options]
            order = known + sorted(c for c in counts if c not in known)
            rows = [[self.code(options, c), counts.get(c, 0),
                     100.0 * counts.get(c, 0) / k.registered if k.registered else None]
                    for c in order if counts.get(c, 0) or c in known]
            rows.append([self.t(N_("Total")), k.registered, 100.0 if k.registered else None])
            blocks.append(Table([[self.t(N_("Item")), self.t(N_("Problems")),
                                  self.t(N_("Share"))]], rows, [TEXT, COUNT, PERCENT],
                                total_row=True, caption=self.t(caption), name=name))
            if name == "categories" and k.registered:
                blocks.append(Chart(self.t(caption), [r[0] for r in rows[:-1] if r[1]],
                                    [(self.t(N_("Problems")), [r[1] for r in rows[:-1] if r[1]])],
                                    horizontal=True, value_title=self.t(N_("Problems"))))
        return Section("ledger", title, blocks, sheet=title)

    def overdue(self) -> Section:
        title, heading = self.heading(N_("Overdue problems"))
        rows = report_queries.overdue_problems(self.ws, self.as_of, self.scope,
                                               include_personal=self.spec.include_personal)
        blocks = [heading]
        if not rows:
            blocks.append(Paragraph(self.t(N_("No problem was overdue on {day}."),
                                           day=long_date(self.as_of, self.lang))))
            return Section("overdue", title, blocks, sheet=title)
        blocks.append(Paragraph(self.t(N_("{count} problems were past their deadline and not "
                                          "resolved on {day}."), count=len(rows),
                                       day=long_date(self.as_of, self.lang))))
        header = [self.t(N_("No.")), self.t(N_("Problem")), self.t(N_("Site")),
                  self.t(N_("Grade")), self.t(N_("Status")), self.t(N_("Deadline")),
                  self.t(N_("Days overdue")), self.t(N_("Lead department"))]
        kinds = [COUNT, TEXT, TEXT, TEXT, TEXT, TEXT, COUNT, TEXT]
        personal = self.spec.include_personal
        if personal:
            header.append(self.t(N_("Raised by")))
            kinds.append(TEXT)
        body = []
        for i, p in enumerate(rows, start=1):
            row = [i, p["title"], p["site_name"] or "", self.code(GRADES, p["grade"]),
                   self.code(STATUSES, p["status"]), p["deadline"], p["days_overdue"],
                   p["lead_department"]]
            if personal:
                row.append(" ".join(x for x in (p.get("worker_name", ""),
                                                p.get("worker_phone", "")) if x))
            body.append(row)
        blocks.append(Table([header], body, kinds, caption=self.t(N_("Overdue problems")),
                            name="overdue"))
        return Section("overdue", title, blocks, sheet=title)

    def focus(self) -> Section:
        title, heading = self.heading(N_("Leaders' focus problems"))
        blocks = [heading]
        in_scope = report_queries.problem_ids(self.ws, self.scope)
        for i, quarter in enumerate(_quarters(self.period), start=1):
            rows = [r for r in cases.focus_problems(self.ws, quarter, today=self.as_of)
                    if in_scope is None or r["problem_id"] in in_scope]
            blocks.append(Heading(subsection_number(self.lang, i, self.number)
                                  + _quarter_label(quarter, self.lang), 2))
            if rows:
                blocks.append(Table(
                    [[self.t(N_("Leader")), self.t(N_("Problem")), self.t(N_("Status")),
                      self.t(N_("Deadline")), self.t(N_("Overdue"))]],
                    [[r["leader_name"], r["title"], self.code(STATUSES, r["status"]),
                      r["deadline"] or "", _yes(self.lang, r["overdue"])] for r in rows],
                    [TEXT] * 5, caption=self.t(N_("Focus problems and their progress")),
                    name=f"focus_{quarter}"))
            else:
                blocks.append(Paragraph(self.t(N_("No focus problem was set for this quarter."))))
            missing = cases.leaders_without_focus(self.ws, quarter)
            if missing:
                names = ("、" if self.lang == "zh_CN" else ", ").join(m["name"] for m in missing)
                blocks.append(Paragraph(self.t(N_("Leaders with no focus problem this quarter: "
                                                  "{names}"), names=names), "note"))
        return Section("focus", title, blocks, sheet=title)

    def cases(self) -> Section:
        title, heading = self.heading(N_("Typical cases"))
        blocks = [heading]
        in_scope = report_queries.problem_ids(self.ws, self.scope)
        for i, half in enumerate(_half_years(self.period), start=1):
            found = [c for c in cases.candidates(self.ws, half)
                     if in_scope is None or c["problem_id"] in in_scope]
            blocks.append(Heading(subsection_number(self.lang, i, self.number)
                                  + period_label(Period.parse(half), self.lang), 2))
            if not found:
                blocks.append(Paragraph(self.t(N_("No typical case was nominated."))))
                continue
            blocks.append(Table(
                [[self.t(N_("Rank")), self.t(N_("Problem")), self.t(N_("Site")),
                  self.t(N_("Category")), self.t(N_("Resolved on")), self.t(N_("Selected"))]],
                [[c["rank"] or "", c["title"], c["site_name"] or "",
                  self.code(CATEGORIES, c["category"]), c["resolved_on"] or "",
                  _yes(self.lang, c["selected"])] for c in found],
                [COUNT, TEXT, TEXT, TEXT, TEXT, TEXT], caption=self.t(N_("Candidates")),
                name=f"cases_{half}"))
            colon = "：" if self.lang == "zh_CN" else ": "
            for n, c in enumerate(found, start=1):
                text = c["write_up"] if c["write_up"].startswith(c["title"]) else \
                    c["title"] + colon + c["write_up"]
                blocks.append(Paragraph(f"{n}. {text}", "quote"))
        return Section("cases", title, blocks, sheet=title)

    def texts(self) -> list[Section]:
        out = []
        for key, msgid, text in (("findings", N_("Main findings"), self.spec.findings),
                                 ("recommendations", N_("Recommendations"),
                                  self.spec.recommendations)):
            if text.strip():
                title, heading = self.heading(msgid)
                out.append(Section(key, title, [heading, *[
                    Paragraph(p.strip(), "quote") for p in text.split("\n\n") if p.strip()]]))
        return out

    def appendix(self) -> Section:
        title = self.t(N_("Appendix: definitions and scope"))
        rows = [[self.t(N_("Period")), self.t(N_("{start} to {end}"),
                                              start=self.k.start, end=self.k.end)],
                [self.t(N_("Figures as of")), self.k.as_of],
                [self.t(N_("Scope")), scope_label(self.ws, self.spec, self.lang)],
                [self.t(N_("Personal data")), self.t(N_("included")) if
                 self.spec.include_personal else self.t(N_("left out"))]]
        text = self.t(N_(
            "Figures follow the definitions fieldkit's dashboard uses. Registered, resolved, "
            "replied, closed and escalated count problems whose date of that step falls in "
            "the period. Overdue: registered by the as-of day, past the deadline and not "
            "resolved by then. Completion rate: of the problems registered in the period, the "
            "share resolved by its last day. Reply rate: of the problems resolved in the "
            "period, the share replied to. Satisfaction rate: of the problems rated in the "
            "period, the share whose latest rating is satisfied or basically satisfied. A "
            "cadre meets the quota with at least one day with frontline workers in every "
            "month of the period begun by the as-of day; a half day counts 0.5."))
        return Section("appendix", title, [
            Heading(title, 1), Paragraph(text),
            Table([[self.t(N_("Item")), self.t(N_("Value"))]], rows, [TEXT, TEXT],
                  caption=self.t(N_("This report")), name="about")], sheet=title)


def build_work_report(ws, spec: WorkReportSpec, *, language: str, today: date | None = None,
                      progress: ProgressCallback | None = None,
                      cancel: CancelToken | None = None) -> Document:
    """The work report of ``spec``'s period and scope, in ``language``."""
    b = _Builder(ws, spec, language, today or date.today())
    title = spec.title or t(language, N_("Work report: {period}"),
                            period=period_label(b.period, language))
    cover = Cover(title, spec.subtitle or scope_label(ws, spec, language), spec.issuer,
                  spec.date or long_date(date.today(), language), spec.authors)
    doc = Document(cover, show_cover=spec.has("cover"), show_contents=spec.has("contents"),
                   language=language)
    parts = [("overview", b.overview), ("activities", b.activities), ("cadres", b.cadres),
             ("ledger", b.ledger), ("overdue", b.overdue), ("focus", b.focus),
             ("cases", b.cases)]
    steps = Progress(len(parts) + 2, progress, cancel)
    for n, (key, make) in enumerate(parts, start=1):
        if spec.has(key):
            doc.sections.append(make())
        steps.step(n)
    if spec.has("findings"):
        doc.sections.extend(b.texts())
    if spec.has("quotes"):
        from fieldkit.core.reports.codebook import quotes_section

        b.number += 1
        doc.sections.append(quotes_section(ws, language, spec.quote_codes,
                                           spec.include_personal,
                                           section_number(language, b.number)))
    if spec.has("appendix"):
        doc.sections.append(b.appendix())
    steps.step(steps.total)
    return doc
