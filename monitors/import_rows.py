"""The import's fast paths: CSV rows checked straight into the rows the store writes.

`parse_update` is the rule book; this applies the same checks to the rows as read (lists of
cells in the header's order), with the header's columns, the catalog and the day looked up
once per import, no dict per row and no NewUpdate built. Two paths, each of which only ever
accepts:
- `rows` checks a whole batch a column at a time: each distinct value once, lengths and URLs
  by C-level loops, cross-column rules on the distinct pairs. A batch with anything it cannot
  pass plainly (a control character, a cell other than a note with spaces around it, an
  unusual URL, anything wrong) gets None, and its rows take the row check one by one.
- `row` checks one row; a row it cannot pass plainly gets None, and the caller asks
  `parse_update`, whose verdict and messages stand.
`tests/test_import_fast_path.py` checks, on generated rows and batches, that every row either
path accepts is the row `parse_update` gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from itertools import chain, repeat
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
_URL_HOST = r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9\-._~%!$&'()*+,;=:@]+"
_PLAIN_URL = re.compile(_URL_HOST + r"(?:[/?#]\S*)?\Z")
_SOURCE_PARTIES = frozenset(SOURCE_PARTIES)
_ASSERTIONS = frozenset(ASSERTIONS)
_KINDS = frozenset(KINDS)
_TIERS = frozenset(TIERS)
_NOTE = FIELDS.index("note")
# A batch's cells are joined by NUL, which no cell holds once the control characters are
# checked. In the join: a cell with white space at either end (a NUL before white space, or
# after it), and a column of URLs each empty or plain.
_PADDED_CELL = re.compile(r"\x00(?:\s|(?<=\s\x00))")
_JOINED_URL = _URL_HOST + r"(?:[/?#][^\s\x00]*)?"
_PLAIN_URLS = re.compile(rf"(?:{_JOINED_URL})?(?:\x00(?:{_JOINED_URL})?)*")
# The control characters ASCII text can hold; in ASCII, a space is the only other white space.
_ASCII_CONTROLS = bytes(range(0x20)) + b"\x7f"


@lru_cache(maxsize=4096)
def _plain_period(text: str) -> Period | None:
    """The period `text` names when parse_update would accept it, else None."""
    try:
        period = parse_period(text)
    except PeriodError:
        return None
    return period if EARLIEST_DATE <= period.start and period.end <= LATEST_DATE else None


def _holds_control_characters(text: str) -> bool:
    """Whether `text` holds a control character; ASCII text (most files) by a byte filter,
    several times quicker than the search."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_CONTROLS)) != len(text)
    return CONTROL_CHARACTERS.search(text) is not None


def _holds_padded_cell(joined: str) -> bool:
    """Whether a cell of `joined` (NUL before, between and after the cells, none of them
    holding a control character) has white space at either end."""
    if joined.isascii():
        return "\x00 " in joined or " \x00" in joined
    return _PADDED_CELL.search(joined) is not None


class RowChecker:
    """Checks the rows of one import: one header, catalog and day, and the importer who is
    every row's author when given."""

    def __init__(self, header: Sequence[str], catalog: Catalog, today: date | None, by: str | None):
        # A column the file lacks reads as the empty cell appended after the row's own.
        position = {name: index for index, name in enumerate(header)}
        self._cells = itemgetter(*(position.get(name, len(header)) for name in FIELDS))
        self._width = len(header)
        self._commitments = catalog.commitments
        self._latest = today + TIME_ZONE_SLACK if today is not None else None
        self._by = by

    def rows(self, batch: Sequence[list[str]]) -> list[UpdateRow] | None:
        """The rows to store for `batch` when every row in it passes plainly; None when any
        needs a closer look (each row then takes `row`). A batch of a typical file holds a few
        hundred distinct values, so this costs less than checking its rows one by one
        (docs/performance.md, ninth round)."""
        if not batch or any(len(cells) != self._width for cells in batch):
            return None
        if _holds_control_characters("".join(chain.from_iterable(batch))):
            return None
        count = len(batch)
        columns = self._cells([*zip(*batch), (ABSENT,) * count])
        (commitment_ids, observed, source_parties, sources, urls, asserts, kinds, values, units, periods,
         new_deadlines, new_expiries, tiers, notes, bys) = columns
        # Every cell but the note is read without the white space around it; a note is stored as
        # written, unless it is white space alone.
        stripped = chain.from_iterable(column for index, column in enumerate(columns) if index != _NOTE)
        if _holds_padded_cell("\x00" + "\x00".join(stripped) + "\x00") or any(map(str.isspace, notes)):
            return None
        commitments = self._commitments
        if any(c not in commitments or len(c) > DEFAULT_MAX_LENGTH for c in set(commitment_ids)):
            return None
        for text in set(observed):
            day = parse_date(text)[0]
            if day is None or (self._latest is not None and day > self._latest):
                return None
        if not set(source_parties) <= _SOURCE_PARTIES or not set(asserts) <= _ASSERTIONS:
            return None
        if not all(sources) or max(map(len, sources)) > MAX_LENGTH["source"]:
            return None
        if max(map(len, urls)) > MAX_LENGTH["url"] or not _PLAIN_URLS.fullmatch("\x00".join(urls)):
            return None
        numbers = self._numbers_column(commitment_ids, values, units)
        if numbers is None:
            return None
        kinds = self._kinds_column(kinds, values, asserts)
        if kinds is None:
            return None
        period_columns = self._period_columns(periods, observed, kinds)
        if period_columns is None:
            return None
        if not set(tiers) <= _TIERS | {ABSENT}:
            return None
        if any(day and parse_date(day)[1] for day in {*new_deadlines, *new_expiries}):
            return None
        if max(map(len, notes)) > MAX_LENGTH["note"] or max(map(len, bys)) > MAX_LENGTH["by"]:
            return None
        authors: Iterable[str]
        if self._by is not None:
            authors = repeat(self._by, count)
        else:
            authors = bys if all(bys) else [by or "anonymous" for by in bys]
        period_texts, period_starts, period_ends = period_columns
        return list(zip(
            commitment_ids, observed, authors, source_parties, sources, urls, asserts, numbers, units, new_deadlines,
            notes, kinds, period_texts, period_starts, period_ends, new_expiries, tiers,
        ))

    def _numbers_column(
        self, commitment_ids: Sequence[str], values: Sequence[str], units: Sequence[str],
    ) -> Sequence[str | float] | None:
        """The figures as stored, when every value is a number with its commitment's unit and
        no unit stands without a value; else None."""
        if not any(values):
            return None if any(units) else values
        for commitment_id, unit, has_value in set(zip(commitment_ids, units, map(bool, values))):
            if not has_value:
                if unit:
                    return None
                continue
            expected = self._commitments[commitment_id].measured_unit
            if not unit or len(unit) > MAX_LENGTH["unit"] or (expected is not None and unit != expected):
                return None
        number_of: dict[str, str | float] = {ABSENT: ABSENT}
        for text in set(values) - {ABSENT}:
            number, problem = parse_value(text) if len(text) <= DEFAULT_MAX_LENGTH else (None, "too long")
            if problem or number is None:
                return None
            number_of[text] = number
        return list(map(number_of.__getitem__, values))

    @staticmethod
    def _kinds_column(kinds: Sequence[str], values: Sequence[str], asserts: Sequence[str]) -> Sequence[str] | None:
        """The kinds, an empty one read from whether the row has a figure, when each is known,
        every figure of kind data has a value and every "ended" is an act; else None."""
        named = set(kinds)
        if not named - {ABSENT} <= _KINDS:
            return None
        if ABSENT in named:
            kinds = [kind or ("data" if value else "statement") for kind, value in zip(kinds, values)]
        if "data" in named and ("data", False) in set(zip(kinds, map(bool, values))):
            return None
        if "ended" in set(asserts) and any(a == "ended" and k != "act" for a, k in zip(asserts, kinds)):
            return None
        return kinds

    @staticmethod
    def _period_columns(
        periods: Sequence[str], observed: Sequence[str], kinds: Sequence[str],
    ) -> tuple[Sequence[str], Sequence[str], Sequence[str]] | None:
        """The period's text, first and last day for each row (a figure without a period ends on
        the day observed), when every period is one parse_update accepts; else None."""
        named: dict[str, Period] = {}
        for text in set(periods) - {ABSENT}:
            period = _plain_period(text) if len(text) <= DEFAULT_MAX_LENGTH else None
            if period is None:
                return None
            named[text] = period
        if not named and "data" not in kinds:
            return periods, periods, periods
        texts = {ABSENT: ABSENT, **{text: period.text for text, period in named.items()}}
        starts = {ABSENT: ABSENT, **{text: period.start.isoformat() for text, period in named.items()}}
        ends = {text: period.end.isoformat() for text, period in named.items()}
        return (
            list(map(texts.__getitem__, periods)), list(map(starts.__getitem__, periods)),
            [ends[text] if text else (day if kind == "data" else ABSENT) for text, day, kind in zip(periods, observed, kinds)],
        )

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
