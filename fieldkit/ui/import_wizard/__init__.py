"""The import wizard: survey answers from a spreadsheet into a form's responses.

Entry points (everything else in this package is internal):

``open_import_wizard(window, *, path=None, form_id=None)``
    Open the wizard over the main window (window-modal, returns at once) with the file
    and the questionnaire filled in when given. Returns the ``ImportWizard``, also kept as
    ``window.import_wizard``. Its ``imported(dict)`` signal carries the counts once rows
    are written, ``undone(batch_id, count)`` fires after "Undo this import": connect them to
    refresh a page that lists responses.

``accepts_import_drop(mime) -> list[Path]``
    The local files of a drag-and-drop (a ``QMimeData``) that the wizard can import
    (.xlsx, .xls, .ods, .csv); an empty list when there are none. For ``dragEnterEvent``
    (accept when not empty) and ``dropEvent`` (open the wizard on the first one).
"""

from __future__ import annotations

from pathlib import Path

IMPORTABLE = (".xlsx", ".xls", ".ods", ".csv", ".zip")  # .zip: ODK Central


def accepts_import_drop(mime) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in IMPORTABLE]


def open_import_wizard(window, *, path: str | Path | None = None, form_id: str | None = None):
    from fieldkit.ui.import_wizard.wizard import ImportWizard

    previous = getattr(window, "import_wizard", None)
    if previous is not None:  # one at a time: show the one that is open
        previous.raise_()
        previous.activateWindow()
        return previous
    wizard = ImportWizard(window, Path(path) if path else None, form_id)
    window.import_wizard = wizard

    def forget(_result: int) -> None:
        if getattr(window, "import_wizard", None) is wizard:
            window.import_wizard = None
        wizard.deleteLater()

    wizard.finished.connect(forget)
    wizard.open()
    return wizard
