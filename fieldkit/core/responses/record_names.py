"""How the responses wing's records are called in the dashboard's list of recent changes and
in ``check``'s report: each table's label and the query naming one of its records. The
overview gathers these from every wing instead of reading the wings' tables itself."""

from fieldkit.core.i18n import N_

# table -> (label msgid, SQL naming the record with the given id)
RECORD_NAMES = {
    "responses": (N_("Response"), "SELECT f.title FROM responses r JOIN forms f"
                                  " ON f.id = r.form_record_id WHERE r.id = ?"),
}
