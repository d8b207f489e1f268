"""Which commitments the timeline draws: those of the chosen frameworks and categories (none
chosen means all), at most MAX_TIMELINE_COMMITMENTS of them, so a catalog of a thousand
commitments neither loads every commitment's evidence nor draws a chart nobody can read."""

from __future__ import annotations

from collections.abc import Collection

from monitors.catalog import Catalog

MAX_TIMELINE_COMMITMENTS = 40


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
