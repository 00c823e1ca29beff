"""How the interviews wing's records are called in the dashboard's list of recent changes and
in ``check``'s report: each table's label and the query naming one of its records. The
overview gathers these from every wing instead of reading the wings' tables itself."""

from fieldkit.core.i18n import N_

# table -> (label msgid, SQL naming the record with the given id)
RECORD_NAMES = {
    "interview_attributes": (N_("Interviewee attribute"),
                             "SELECT label FROM interview_attributes WHERE id = ?"),
    "interview_notes": (N_("Interview note"), "SELECT title FROM interview_notes WHERE id = ?"),
    "interview_codes": (N_("Code"), "SELECT name FROM interview_codes WHERE id = ?"),
    "interview_segments": (N_("Coded segment"), "SELECT n.title FROM interview_segments s"
                                                " JOIN interview_notes n ON n.id = s.note_id"
                                                " WHERE s.id = ?"),
    "interview_memos": (N_("Memo"), "SELECT title FROM interview_memos WHERE id = ?"),
}
