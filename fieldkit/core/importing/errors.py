"""Errors of the survey importer."""

from fieldkit.core.errors import FieldkitError


class ImportFileError(FieldkitError):
    """The file cannot be read as a table of survey answers; nothing was written."""
