"""How the workspace's own records (attachments) are called in the dashboard's list of recent changes and
in ``check``'s report: each table's label and the query naming one of its records. The
overview gathers these from every wing instead of reading the wings' tables itself."""

from fieldkit.core.i18n import N_

# table -> (label msgid, SQL naming the record with the given id)
RECORD_NAMES = {
    "attachments": (N_("Attachment"), "SELECT file_name FROM attachments WHERE id = ?"),
}
