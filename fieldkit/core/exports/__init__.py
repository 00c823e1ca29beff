"""Response exports: the data of one form's responses as files analysts open elsewhere.

One row per response, one column per question in form order, for every stored version of
the form at once (a question a version lacks is blank there); repeats go to tables of
their own, linked to their parent by id. Four formats, one module each, all fed by the
same table model (``layout`` for the columns, ``rows`` for the values):

- ``xlsx``: openpyxl write-only, text cells always text (never a formula);
- ``csv_file``: UTF-8 with BOM (or GB18030), one file per table;
- ``sav``: SPSS, through the optional pyreadstat;
- ``sqlite_db``: an analysis database (tables, foreign keys, labels, a labelled view).

Questions marked ``personal`` in the form are left out unless asked for; a file that
holds them says so. ``run.export_responses`` is the one entry point the CLI and the app call.
"""
