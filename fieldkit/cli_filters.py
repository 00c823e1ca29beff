"""The response filters every command that reads responses takes (`responses list|export`,
`report survey`): one set of options, worded once."""

from __future__ import annotations

import argparse

from fieldkit.core.i18n import tr

STATUSES = ("draft", "complete")
REVIEWS = ("received", "has_issues", "approved")


def add_response_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                   help=tr("only responses started on or after this day"))
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                   help=tr("only responses started on or before this day"))
    p.add_argument("--site", metavar="SITE", help=tr("only this site (name or id)"))
    p.add_argument("--cadre", metavar="CADRE", help=tr("only this cadre (name or id)"))
    p.add_argument("--version", metavar="V", help=tr("only this form version"))
    p.add_argument("--status", choices=STATUSES, help=tr("only responses with this status"))
    p.add_argument("--review", choices=REVIEWS, help=tr("only responses with this review state"))
    p.add_argument("--batch", metavar="BATCH", help=tr("only the responses of one import batch"))
