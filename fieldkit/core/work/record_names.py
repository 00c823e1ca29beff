"""How the work wing's records are called in the dashboard's list of recent changes and
in ``check``'s report: each table's label and the query naming one of its records. The
overview gathers these from every wing instead of reading the wings' tables itself."""

from fieldkit.core.i18n import N_

# table -> (label msgid, SQL naming the record with the given id)
RECORD_NAMES = {
    "org_units": (N_("Org unit"), "SELECT name FROM org_units WHERE id = ?"),
    "cadres": (N_("Cadre"), "SELECT name FROM cadres WHERE id = ?"),
    "sites": (N_("Site"), "SELECT name FROM sites WHERE id = ?"),
    "activities": (N_("Activity"), "SELECT date FROM activities WHERE id = ?"),
    "activity_cadres": (N_("Activity"), None),
    "activity_links": (N_("Activity"), None),
    "work_choices": (N_("Work list entry"), None),
    "problems": (N_("Problem"), "SELECT title FROM problems WHERE id = ?"),
    "problem_events": (N_("Problem"), "SELECT p.title FROM problem_events e JOIN problems p"
                                      " ON p.id = e.problem_id WHERE e.id = ?"),
    "problem_replies": (N_("Problem"), "SELECT p.title FROM problem_replies e JOIN problems p"
                                       " ON p.id = e.problem_id WHERE e.id = ?"),
    "problem_ratings": (N_("Problem"), "SELECT p.title FROM problem_ratings e JOIN problems p"
                                       " ON p.id = e.problem_id WHERE e.id = ?"),
    "problem_focus": (N_("Leader's focus problem"), None),
    "typical_cases": (N_("Typical case"), "SELECT p.title FROM typical_cases e JOIN problems p"
                                          " ON p.id = e.problem_id WHERE e.id = ?"),
}
