"""Database-thread functions of the ledger pages: each calls core and returns plain data."""

from __future__ import annotations

from typing import Any

from fieldkit.core import directory
from fieldkit.core.work import ledger


def choices(ws) -> dict[str, Any]:
    """What the filters and the problem dialog offer: sites, org units, cadres (id, name),
    categories (code, msgid or the name a user added), the default deadline in days."""
    return {"sites": directory.choices_for(ws, "sites"),
            "org_units": directory.choices_for(ws, "org_units"),
            "cadres": directory.choices_for(ws, "cadres"),
            "categories": ledger.categories(ws),
            "deadline_days": ledger.default_deadline_days(ws)}
