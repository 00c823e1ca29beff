"""Importing survey spreadsheets (paper questionnaires typed into Excel, 问卷星, KoboToolbox
and ODK exports) as responses of a form: read, detect headers, map columns, parse values,
validate with the form's own rules, preview, then commit in one transaction."""
