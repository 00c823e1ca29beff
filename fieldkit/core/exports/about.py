"""What an export says about itself: the form, the filter, the counts, personal data.

Each format shows these lines where it can: the first sheet of a workbook, a table of the
analysis database, the file label of an SPSS file. When personal questions are included,
the first line says so, so whoever opens the file knows what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fieldkit.core.exports.layout import Layout
from fieldkit.core.i18n import N_, tr


@dataclass
class About:
    layout: Layout
    codes: bool
    filters: list[tuple[str, str]] = field(default_factory=list)  # (label, value) shown
    counts: dict[str, int] = field(default_factory=dict)           # table key -> rows
    stripped: int = 0  # answers whose control characters the format could not hold
    made_at: str = field(default_factory=lambda: datetime.now().astimezone().isoformat(
        timespec="seconds"))

    @property
    def has_personal(self) -> bool:
        return bool(self.layout.personal_included)

    def personal_line(self) -> str:
        layout = self.layout
        if layout.personal_included:
            return tr("This file contains personal data: {questions}. Keep it safe and share "
                      "it only with those who need it.",
                      questions=_names(layout.personal_included))
        if layout.left_out:
            return tr("Personal data left out: {questions}.", questions=_names(layout.left_out))
        return tr("This form marks no question as personal.")

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs, the personal-data line first."""
        layout = self.layout
        out = [(tr("Personal data"), self.personal_line()),
               (tr("Form"), f"{layout.title} ({layout.form_id})"),
               (tr("Versions"), ", ".join(layout.versions)),
               (tr("Responses"), str(self.counts.get("", 0)))]
        for table in layout.tables[1:]:
            out.append((tr("Entries in “{repeat}”", repeat=table.title),
                        str(self.counts.get(table.key, 0))))
        out.append((tr("Values"), tr("codes as stored") if self.codes else
                    tr("labels of the chosen options")))
        for label, value in self.filters:
            out.append((tr("Filter: {name}", name=label), value))
        if self.stripped:
            out.append((tr("Note"), tr("{count} answers held control characters (invisible "
                                       "codes such as U+0001) that a workbook cannot hold; "
                                       "they were left out of those cells. CSV and SQLite "
                                       "keep them.", count=self.stripped)))
        out.append((tr("Exported at"), self.made_at))
        return out


def _names(questions: list[tuple[str, str]]) -> str:
    return ", ".join(f"{label} ({name})" if label != name else name for name, label in questions)


HEADER_NOTE = N_("Row 1 holds the question labels, row 2 the question names.")
