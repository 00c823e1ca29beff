"""User-facing errors. Each carries an English message id and parameters, and is
translated when shown, so the same error reads right in either language."""

from __future__ import annotations

from fieldkit.core.i18n import N_, translate


class FieldkitError(Exception):
    """An error the user can understand and act on. Never shown as a traceback."""

    def __init__(self, msgid: str, /, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def message(self, language: str | None = None) -> str:
        text = translate(self.msgid, language)
        params = {k: v.message(language) if isinstance(v, FieldkitError) else v
                  for k, v in self.params.items()}  # a reason that is itself translated
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**params)

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


_OS_REASONS = {
    "EACCES": N_("you do not have permission to open it"),
    "EPERM": N_("you do not have permission to open it"),
    "ENOENT": N_("it does not exist (was it moved or deleted?)"),
    "EISDIR": N_("it is a folder, not a file"),
    "ENOTDIR": N_("a folder on its path is a file"),
    "EIO": N_("the drive could not be read (if it is a USB drive, check that it is still "
              "connected)"),
    "ENOSPC": N_("the drive is full"),
    "EROFS": N_("the drive is read-only"),
    "ENAMETOOLONG": N_("its name or path is too long"),
    "EBUSY": N_("another program is using it"),
    "ETXTBSY": N_("another program is using it"),
}


def os_reason(exc: OSError) -> object:
    """Why the operating system refused a file, in the user's language (a message id given
    as a parameter is translated with the message), instead of its English text
    ("Permission denied"); an unusual error keeps the system's own words."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return FieldkitError(_OS_REASONS[name])
    if getattr(exc, "winerror", None) == 32:  # Windows: the file is open in another program
        return FieldkitError(_OS_REASONS["EBUSY"])
    return exc.strerror or str(exc)
