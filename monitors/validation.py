"""One validator for every way evidence comes in: the form, `log`, `import` and shipped data.

Input arrives as text fields (named like `log`'s long options); the result is a NewUpdate or
an InputError listing every problem with the field it belongs to, so nothing is stored unless
all of it is valid.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta
from urllib.parse import urlsplit

from monitors.catalog import Catalog
from monitors.domain import ASSERTIONS, KINDS, SOURCE_PARTIES, TIERS, NewUpdate
from monitors.periods import PeriodError, parse_period

FIELDS: tuple[str, ...] = (
    "commitment", "observed", "source_party", "source", "url", "asserts", "kind",
    "value", "unit", "period", "new_deadline", "new_expiry", "tier", "note", "by",
)
_FIELD_SET = frozenset(FIELDS)
REQUIRED: tuple[str, ...] = ("commitment", "observed", "source_party", "source", "asserts")
DEFAULT_MAX_LENGTH = 300
MAX_LENGTH = {"source": 300, "url": 2000, "unit": 20, "note": 4000, "by": 100, "reason": 2000}
# Every date must be one each export and page can show: iCalendar and the Timeline add days to
# a deadline, and Python's dates end at 9999-12-31, so a far-future date would overflow there.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
DATE_RANGE = f"dates run from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
# "Today" is the UTC date; east of UTC the local date runs up to a day ahead of it, and an
# analyst there logging this morning's news must not be told it is in the future.
TIME_ZONE_SLACK = timedelta(days=1)
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Unicode's control (Cc) and surrogate (Cs) characters, as one class: checking each character
# with unicodedata.category was most of the cost of reading an import.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_EXCEPT_NEWLINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACE = re.compile(r"\s")
# A number as people write one in a CSV: ASCII digits, an optional sign, point and exponent.
# No `1_000` (Python's digit grouping) and no other scripts' digits, which float() accepts.
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
# A double keeps 15 significant decimal digits exactly; more would be silently rounded.
MAX_SIGNIFICANT_DIGITS = 15


@dataclass(frozen=True)
class FieldError:
    """A field that cannot be stored. `row` counts a file's data rows from 1; people find it on
    the line a spreadsheet shows, where the header is line 1, so that is the line named."""

    field: str
    message: str
    row: int | None = None

    @property
    def line(self) -> int | None:
        return None if self.row is None else self.row + 1

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        return f"{where}{self.field}: {self.message}"


class InputError(ValueError):
    """Input that cannot be stored; carries every field error found."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def clean_text(
    field: str, raw: str | None, required: bool, allow_newlines: bool = False, keep_spaces: bool = False,
) -> tuple[str | None, str | None]:
    """Strip a text field and check it; returns (value, error message). With `keep_spaces`
    (a note, whose indentation or quoted spacing is part of what was said) the text is kept as
    typed; only a field of nothing but spaces counts as empty."""
    if not raw:
        return None, ("is required" if required else None)
    text = raw
    if not text.strip():
        return None, ("is required" if required else None)
    if not keep_spaces:
        text = text.strip()
    longest = MAX_LENGTH.get(field, DEFAULT_MAX_LENGTH)
    if len(text) > longest:
        return None, f"is too long ({len(text)} characters; at most {longest})"
    if (_CONTROL_EXCEPT_NEWLINES if allow_newlines else CONTROL_CHARACTERS).search(text):
        return None, "contains control characters"
    return text, None


@lru_cache(maxsize=4096)
def parse_date(raw: str) -> tuple[date | None, str | None]:
    """A YYYY-MM-DD date that exists on the calendar, from 1900 to 2999."""
    text = raw.strip()
    if not _ISO_DATE.match(text):
        return None, f"'{text}' is not a date in the form YYYY-MM-DD"
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None, f"'{text}' is not a real calendar date"
    if parsed < EARLIEST_DATE:
        return None, f"'{text}' is before {EARLIEST_DATE.isoformat()} ({DATE_RANGE})"
    if parsed > LATEST_DATE:
        return None, f"'{text}' is after {LATEST_DATE.isoformat()} ({DATE_RANGE})"
    return parsed, None


def parse_url(raw: str) -> tuple[str | None, str | None]:
    """An http(s) URL with a host and no spaces, kept as written."""
    if _SPACE.search(raw):
        return None, "must not contain spaces"
    try:
        parts = urlsplit(raw)
    except ValueError:  # an unclosed IPv6 bracket, or a host that normalises into a URL's separators
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None, f"'{raw}' is not an http(s) URL"
    return raw, None


def parse_value(raw: str) -> tuple[float | None, str | None]:
    """A figure, stored as a double: refused rather than changed when it cannot be stored as
    written (too many digits, too small, too large)."""
    if not _NUMBER.match(raw):
        try:
            lenient = float(raw)
        except ValueError:
            return None, f"'{raw}' is not a number"
        if not math.isfinite(lenient):
            return None, f"'{raw}' is not a finite number"
        return None, f"'{raw}' is not written with the digits 0-9 alone (no digit separators, no other scripts' digits)"
    mantissa = re.split("[eE]", raw.lstrip("+-"), maxsplit=1)[0].replace(".", "").lstrip("0").rstrip("0")
    if len(mantissa) > MAX_SIGNIFICANT_DIGITS:
        return None, f"'{raw}' has more than {MAX_SIGNIFICANT_DIGITS} significant digits, which would be rounded when stored"
    value = float(raw)
    if not math.isfinite(value):
        return None, f"'{raw}' is too large to store"
    if value == 0 and mantissa:
        return None, f"'{raw}' is too small to store (it would be stored as 0)"
    return value, None


def parse_update(raw: Mapping[str, str | None], catalog: Catalog, today: date | None, row: int | None = None) -> NewUpdate:
    """Validate one update given as text fields; raise InputError naming each bad field.
    `today` bounds the observed date; None (reviewed shipped data) skips that check."""
    errors: list[FieldError] = []

    def fail(field: str, message: str) -> None:
        errors.append(FieldError(field, message, row))

    def text(field: str, required: bool = False, allow_newlines: bool = False) -> str | None:
        given = raw.get(field)
        if not given:  # most optional fields of most rows: no call needed
            if required:
                fail(field, "is required")
            return None
        value, problem = clean_text(field, given, required, allow_newlines)
        if problem:
            fail(field, problem)
        return value

    def a_date(field: str, required: bool = False) -> date | None:
        value = text(field, required)
        if value is None:
            return None
        parsed, problem = parse_date(value)
        if problem:
            fail(field, problem)
        return parsed

    unknown = [] if _FIELD_SET.issuperset(raw) else sorted(k for k in raw if k not in FIELDS)
    if unknown:
        fail(unknown[0], f"unknown field(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}")

    commitment_id = text("commitment", required=True)
    commitment = catalog.commitments.get(commitment_id) if commitment_id else None
    if commitment_id and commitment is None:
        fail("commitment", f"unknown commitment '{commitment_id}' (see `python -m monitors status` for the ids)")

    observed = a_date("observed", required=True)
    if observed is not None and today is not None and observed > today + TIME_ZONE_SLACK:
        fail("observed", f"{observed.isoformat()} is in the future (today is {today.isoformat()} in UTC)")

    source_party = text("source_party", required=True)
    if source_party is not None and source_party not in SOURCE_PARTIES:
        fail("source_party", f"'{source_party}' is not one of {', '.join(SOURCE_PARTIES)}")

    source = text("source", required=True)

    url = text("url")
    if url is not None:
        url, problem = parse_url(url)
        if problem:
            fail("url", problem)

    asserts = text("asserts", required=True)
    if asserts is not None and asserts not in ASSERTIONS:
        fail("asserts", f"'{asserts}' is not one of {', '.join(ASSERTIONS)}")

    value_text, unit = text("value"), text("unit")
    value = None
    if value_text is not None:
        value, problem = parse_value(value_text)
        if problem:
            fail("value", problem)
        elif unit is None:
            fail("unit", "is required when a value is given")
    elif unit is not None:
        fail("value", "is required when a unit is given")
    if value is not None and unit is not None and commitment is not None:
        expected = commitment.measured_unit
        if expected is not None and unit != expected:
            fail("unit", f"'{unit}' is not the unit this commitment is judged in; figures must be in '{expected}' (no conversion is made)")

    kind = text("kind")
    if kind is None:
        kind = "data" if value_text is not None else "statement"
    elif kind not in KINDS:
        fail("kind", f"'{kind}' is not one of {', '.join(KINDS)}")
    if kind == "data" and value_text is None:
        fail("value", "is required for a figure (kind data)")
    if asserts == "ended" and kind != "act":
        fail("asserts", "'ended' is recorded as an act (kind act): the event that made the commitment moot")

    period_text = text("period")
    period = None
    if period_text is not None:
        try:
            period = parse_period(period_text)
        except PeriodError as exc:
            fail("period", str(exc))
        else:
            if period.start < EARLIEST_DATE:
                fail("period", f"'{period_text}' starts before {EARLIEST_DATE.isoformat()} ({DATE_RANGE})")
            elif period.end > LATEST_DATE:
                fail("period", f"'{period_text}' ends after {LATEST_DATE.isoformat()} ({DATE_RANGE})")

    tier = text("tier")
    if tier is not None and tier not in TIERS:
        fail("tier", f"'{tier}' is not one of {', '.join(TIERS)}")

    new_deadline = a_date("new_deadline")
    new_expiry = a_date("new_expiry")
    note, problem = clean_text("note", raw.get("note"), required=False, allow_newlines=True, keep_spaces=True)
    if problem:
        fail("note", problem)
    logged_by = text("by") or "anonymous"

    if errors:
        raise InputError(errors)
    assert commitment_id and observed and source_party and source and asserts
    return NewUpdate(
        commitment_id=commitment_id,
        observed=observed,
        source_party=source_party,  # type: ignore[arg-type]
        source=source,
        asserts=asserts,  # type: ignore[arg-type]
        url=url,
        value=value,
        kind=kind,  # type: ignore[arg-type]
        unit=unit if value is not None else None,
        period=period,
        new_deadline=new_deadline,
        new_expiry=new_expiry,
        tier=tier,  # type: ignore[arg-type]
        note=note,
        logged_by=logged_by,
    )


def parse_retraction(reason: str | None, by: str | None) -> tuple[str, str]:
    """Validate a retraction's reason and author; raise InputError naming the field."""
    errors = []
    clean_reason, problem = clean_text("reason", reason, required=True, allow_newlines=True)
    if problem:
        errors.append(FieldError("reason", problem))
    clean_by, problem = clean_text("by", by, required=False)
    if problem:
        errors.append(FieldError("by", problem))
    if errors:
        raise InputError(errors)
    assert clean_reason is not None
    return clean_reason, clean_by or "anonymous"
