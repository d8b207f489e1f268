"""Which alerts go to which external channel: the optional route in front of an apprise URL.

Syntax of one `TRUCE_ALERT_URLS` entry: `[FILTER[;FILTER...]:]URL`, where a FILTER is
`key=value[,value...]` with key `category`, `framework` or `kind`. Values within a filter are
alternatives; all filters must match. A URL scheme never contains `=`, so a route cannot be
mistaken for the start of a URL: `category=rare_earths,tariffs;kind=overdue:mailtos://...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitors.alerts.rules import KINDS
from monitors.catalog import CATEGORY_PATTERN, IDENTIFIER_PATTERN
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_CATEGORY = re.compile(CATEGORY_PATTERN)
_USERINFO = re.compile(r"(?<=://)([^/@:]*):[^/@]*@")


class RouteError(ValueError):
    """An entry whose route or URL cannot be used; the message never shows a password."""


@dataclass(frozen=True)
class Route:
    """Empty sets mean "any"."""

    categories: frozenset[str] = frozenset()
    frameworks: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()

    def matches(self, category: str, framework: str, kind: str) -> bool:
        return all(
            not wanted or value in wanted
            for wanted, value in ((self.categories, category), (self.frameworks, framework), (self.kinds, kind))
        )


def redact(url: str) -> str:
    """The URL with any password replaced, safe for messages and logs."""
    return _USERINFO.sub(r"\1:***@", url)


def _values(key: str, text: str) -> frozenset[str]:
    values = [v.strip() for v in text.split(",")]
    if not all(values):
        raise RouteError(f"{key}= needs a comma-separated list of values; got '{text}'")
    for value in values:
        if key == "kind" and value not in KINDS:
            raise RouteError(f"kind= '{value}' is not one of {', '.join(KINDS)}")
        if key == "category" and not _CATEGORY.match(value):
            raise RouteError(f"category= '{value}' is not a category name (lowercase letters, digits, underscores)")
        if key == "framework" and not _IDENTIFIER.match(value):
            raise RouteError(f"framework= '{value}' is not a framework id (lowercase letters, digits, hyphens)")
    return frozenset(values)


def parse_route(text: str) -> Route:
    filters: dict[str, frozenset[str]] = {}
    for part in text.split(";"):
        key, equals, values = part.partition("=")
        key = key.strip()
        if not equals or key not in ("category", "framework", "kind"):
            raise RouteError(f"'{part}' is not a filter (use category=..., framework=... or kind=...)")
        if key in filters:
            raise RouteError(f"{key}= is given twice")
        filters[key] = _values(key, values)
    return Route(filters.get("category", frozenset()), filters.get("framework", frozenset()), filters.get("kind", frozenset()))


def parse_entry(entry: str) -> tuple[Route, str]:
    """Split one entry into its route (match-all when absent) and its apprise URL."""
    head, separator, rest = entry.partition("://")
    if not separator:
        raise RouteError(f"'{redact(entry)}' is not an apprise URL (scheme://...)")
    route = Route()
    scheme = head
    if "=" in head:
        route_text, colon, scheme = head.rpartition(":")
        if not colon:
            raise RouteError(f"'{redact(entry)}': a route must end with ':' before the URL")
        route = parse_route(route_text)
    if not _SCHEME.match(scheme):
        raise RouteError(f"'{redact(entry)}': '{scheme}' is not a URL scheme")
    return route, f"{scheme}://{rest}"
