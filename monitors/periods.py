"""Periods: the time a figure describes (a month of customs data, a year-to-date total).

Written `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`, or a range `START..END` of those. A
period is kept as its canonical text with the first and last day it covers, so figures of
different periods read as a series and figures of the same period can be compared.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH_NAMES = tuple(calendar.month_name)


class PeriodError(ValueError):
    """Text that is not a period; the message says what is expected."""


@dataclass(frozen=True, order=True)
class Period:
    """A span of days a figure describes, with the text it was written as."""

    start: date
    end: date
    text: str

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day, day.isoformat())

    @property
    def is_single(self) -> bool:
        """True for one day, month, quarter or year; False for a range START..END."""
        return ".." not in self.text

    def within(self, start: date, end: date) -> bool:
        return start <= self.start and self.end <= end

    def label(self) -> str:
        """Words for the period: 'June 2025', 'Q3 2025', 'January–October 2026', '14 May 2025'."""
        if not self.is_single:
            first, last = (parse_period(part) for part in self.text.split(".."))
            return f"{first.label()} to {last.label()}"
        if _MONTH.match(self.text):
            return f"{MONTH_NAMES[self.start.month]} {self.start.year}"
        if _QUARTER.match(self.text):
            return f"{self.text[5:]} {self.start.year}"
        if _YEAR.match(self.text):
            return self.text
        return f"{self.start.day} {MONTH_NAMES[self.start.month]} {self.start.year}"


def _single(text: str) -> tuple[date, date]:
    try:
        if match := _DAY.match(text):
            day = date(int(match[1]), int(match[2]), int(match[3]))
            return day, day
        if match := _MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if match := _QUARTER.match(text):
            year, quarter = int(match[1]), int(match[2])
            first = 3 * quarter - 2
            return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        if match := _YEAR.match(text):
            year = int(match[1])
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError as exc:
        raise PeriodError(f"'{text}' is not a real calendar period") from exc
    raise PeriodError(f"'{text}' is not a period: use YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or a range START..END")


def parse_period(text: str) -> Period:
    """Parse a period; raise PeriodError saying what is expected."""
    clean = text.strip()
    if clean.count("..") > 1:
        raise PeriodError(f"'{clean}' has more than one '..'; a range is START..END")
    if ".." in clean:
        first_text, last_text = (part.strip() for part in clean.split(".."))
        first, last = _single(first_text), _single(last_text)
        if last[1] < first[0]:
            raise PeriodError(f"'{clean}' ends before it starts")
        return Period(first[0], last[1], f"{first_text}..{last_text}")
    start, end = _single(clean)
    return Period(start, end, clean)


def month_after(day: date) -> tuple[date, date]:
    """The first and last day of the month after the one containing `day`."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_earlier(period: Period) -> str:
    """The same period's text a year earlier ('2025-06' -> '2024-06'), for baselines by period."""
    if not period.is_single:
        return period.text
    return f"{period.start.year - 1}{period.text[4:]}"
