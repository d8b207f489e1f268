"""The import's fast path: a CSV row checked straight into the row the store writes.

`parse_update` is the rule book; this applies the same checks to the row as read (a list of
cells in the header's order), with the header's columns, the catalog and the day looked up
once per import, no dict per row and no NewUpdate built. It only ever accepts: a row it
cannot pass plainly (a control character or a newline anywhere, an unusual URL, anything
wrong) gets None, and the caller asks `parse_update`, whose verdict and messages stand.
`tests/test_import_fast_path.py` checks that every row it accepts is the row `parse_update`
gives, on generated rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from operator import itemgetter

from monitors.catalog import Catalog
from monitors.domain import ASSERTIONS, KINDS, SOURCE_PARTIES, TIERS
from monitors.periods import Period, PeriodError, parse_period
from monitors.update_rows import ABSENT, UpdateRow
from monitors.validation import (
    CONTROL_CHARACTERS, DEFAULT_MAX_LENGTH, EARLIEST_DATE, FIELDS, LATEST_DATE, MAX_LENGTH, TIME_ZONE_SLACK,
    parse_date, parse_value,
)

# An http(s) URL that urlsplit reads as that scheme with this host, whatever follows: an ASCII
# host (no brackets, so no IPv6 check can fail) and no white space. Anything else takes the
# full check.
_PLAIN_URL = re.compile(r"(?:[hH][tT][tT][pP][sS]?)://[A-Za-z0-9\-._~%!$&'()*+,;=:@]+(?:[/?#]\S*)?\Z")
_SOURCE_PARTIES = frozenset(SOURCE_PARTIES)
_ASSERTIONS = frozenset(ASSERTIONS)
_KINDS = frozenset(KINDS)
_TIERS = frozenset(TIERS)
_NOTE = FIELDS.index("note")


@lru_cache(maxsize=4096)
def _plain_period(text: str) -> Period | None:
    """The period `text` names when parse_update would accept it, else None."""
    try:
        period = parse_period(text)
    except PeriodError:
        return None
    return period if EARLIEST_DATE <= period.start and period.end <= LATEST_DATE else None


class RowChecker:
    """Checks the rows of one import: one header, catalog and day, and the importer who is
    every row's author when given."""

    def __init__(self, header: Sequence[str], catalog: Catalog, today: date | None, by: str | None):
        # A column the file lacks reads as the empty cell appended after the row's own.
        position = {name: index for index, name in enumerate(header)}
        self._cells = itemgetter(*(position.get(name, len(header)) for name in FIELDS))
        self._commitments = catalog.commitments
        self._latest = today + TIME_ZONE_SLACK if today is not None else None
        self._by = by

    def row(self, cells: list[str]) -> UpdateRow | None:
        """The row to store when `cells` passes every check plainly; None for the full check."""
        if CONTROL_CHARACTERS.search("".join(cells)):
            return None
        picked = self._cells([*cells, ABSENT])
        (commitment_id, observed, source_party, source, url, asserts, kind, value, unit, period,
         new_deadline, new_expiry, tier, note, by) = map(str.strip, picked)
        raw_note = picked[_NOTE]
        commitment = self._commitments.get(commitment_id)
        if commitment is None or len(commitment_id) > DEFAULT_MAX_LENGTH:
            return None
        observed_on, problem = parse_date(observed)
        if problem or (self._latest is not None and observed_on > self._latest):  # type: ignore[operator]
            return None
        if source_party not in _SOURCE_PARTIES or asserts not in _ASSERTIONS:
            return None
        if not source or len(source) > MAX_LENGTH["source"]:
            return None
        if url and (len(url) > MAX_LENGTH["url"] or not _PLAIN_URL.match(url)):
            return None
        number: str | float = ABSENT
        if value:
            if len(value) > DEFAULT_MAX_LENGTH or not unit or len(unit) > MAX_LENGTH["unit"]:
                return None
            parsed, problem = parse_value(value)
            if problem or parsed is None:
                return None
            expected = commitment.measured_unit
            if expected is not None and unit != expected:
                return None
            number = parsed
        elif unit:
            return None
        if not kind:
            kind = "data" if value else "statement"
        elif kind not in _KINDS:
            return None
        if (kind == "data" and not value) or (asserts == "ended" and kind != "act"):
            return None
        period_text = period_start = period_end = ABSENT
        if period:
            figure_period = _plain_period(period) if len(period) <= DEFAULT_MAX_LENGTH else None
            if figure_period is None:
                return None
            period_text, period_start, period_end = figure_period.text, figure_period.start.isoformat(), figure_period.end.isoformat()
        elif kind == "data":
            period_end = observed
        if tier and tier not in _TIERS:
            return None
        for day in (new_deadline, new_expiry):
            if day and parse_date(day)[1]:
                return None
        if not note:
            raw_note = ABSENT
        elif len(raw_note) > MAX_LENGTH["note"]:
            return None
        if len(by) > MAX_LENGTH["by"]:
            return None
        author = (by or "anonymous") if self._by is None else self._by
        return (
            commitment_id, observed, author, source_party, source, url, asserts, number, unit,
            new_deadline, raw_note, kind, period_text, period_start, period_end, new_expiry, tier,
        )
