"""The interviews wing's user-facing errors (translated when shown)."""

from __future__ import annotations

from fieldkit.core.errors import FieldkitError


class InterviewError(FieldkitError):
    """A note, code, segment or memo cannot be written as asked."""


class NoteNotFound(InterviewError):
    """No interview note has the given id."""


class CodeNotFound(InterviewError):
    """No code in the codebook has the given id."""


class SegmentNotFound(InterviewError):
    """No coded segment has the given id."""


class MemoNotFound(InterviewError):
    """No memo has the given id."""


class CodebookError(InterviewError):
    """A codebook workbook cannot be imported (names the file, row and column)."""


class NoteFileError(InterviewError):
    """A file of notes cannot be imported (names the file); nothing was written."""
