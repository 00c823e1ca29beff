"""User-facing errors. Each carries an English message id and parameters, and is
translated when shown, so the same error reads right in either language."""

from __future__ import annotations

from fieldkit.core.i18n import translate


class FieldkitError(Exception):
    """An error the user can understand and act on. Never shown as a traceback."""

    def __init__(self, msgid: str, /, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def message(self, language: str | None = None) -> str:
        text = translate(self.msgid, language)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**self.params)

    def __str__(self) -> str:
        return self.message()


class WorkspaceError(FieldkitError):
    """The workspace file cannot be opened, created or written."""


class ValidationError(FieldkitError):
    """Values given for a record break its rules. ``problems`` maps field -> message id + params."""

    def __init__(self, msgid: str, /, problems: list | None = None, **params: object) -> None:
        super().__init__(msgid, **params)
        self.problems = problems or []


class Cancelled(FieldkitError):
    """Long work was cancelled by the user; nothing was written."""
