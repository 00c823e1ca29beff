"""The work wing's user-facing errors (translated when shown)."""

from __future__ import annotations

from fieldkit.core.errors import FieldkitError


class WorkError(FieldkitError):
    """An activity, problem or case cannot be recorded as asked (bad or missing values)."""


class ProblemNotFound(WorkError):
    """No problem in the ledger has the given id (or id prefix)."""


class TransitionRefused(WorkError):
    """A status change the workflow does not allow from the problem's current status."""
