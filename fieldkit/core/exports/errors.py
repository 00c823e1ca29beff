"""Errors of the exports wing."""

from __future__ import annotations

from fieldkit.core.errors import FieldkitError


class ExportError(FieldkitError):
    """An export cannot be made as asked (the message says why and what to do)."""
