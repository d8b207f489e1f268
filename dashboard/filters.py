"""What the pages' filters offer and choose. The timeline draws the commitments of the chosen
frameworks and categories (none chosen means all), at most MAX_TIMELINE_COMMITMENTS of them, so a
catalog of a thousand commitments neither loads every commitment's evidence nor draws a chart
nobody can read."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from monitors.catalog import Catalog, Framework
from monitors.domain import FLAGS
from monitors.summary import URGENCY_ORDER

MAX_TIMELINE_COMMITMENTS = 40
# Every flag: those the overview ranks by urgency, in its order, then those that only inform.
FLAG_ORDER = (tuple(step for step in URGENCY_ORDER if step in FLAGS)
              + tuple(flag for flag in FLAGS if flag not in URGENCY_ORDER))


def agreed_frameworks(catalog: Catalog, as_of: date) -> list[Framework]:
    """The frameworks agreed by `as_of`, in the order they were agreed: what a filter offers."""
    return [f for f in sorted(catalog.frameworks.values(), key=lambda f: f.date) if f.date <= as_of]


def categories(catalog: Catalog) -> list[str]:
    """The catalog's categories, in the order they first appear."""
    return list(dict.fromkeys(c.category for c in catalog.commitments.values()))


def matching(catalog: Catalog, frameworks: Collection[str], categories: Collection[str]) -> list[str]:
    """Ids of the commitments in one of `frameworks` and one of `categories` (an empty choice
    leaves that side open), in catalog order."""
    return [
        c.id
        for c in catalog.commitments.values()
        if (not frameworks or c.framework in frameworks) and (not categories or c.category in categories)
    ]
