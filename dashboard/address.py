"""What a shared address asks for: `?as_of=YYYY-MM-DD` replays the dashboard on that day. A link
is typed or pasted by a person, so a date that cannot be used is answered in words, never with
an error icon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

AS_OF_PARAM = "as_of"
_WRITTEN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class AsOfChoice:
    """The day to show, and what to tell the visitor when it is not the day the address asked for."""

    day: date
    message: str | None = None


def as_of_from_address(text: str | None, today: date) -> AsOfChoice:
    """The as-of day an address's `as_of` value asks for: today when absent, and today with a
    message when it is not a date or lies in the future."""
    if not text:
        return AsOfChoice(today)
    written = text.strip()
    if not _WRITTEN_DATE.fullmatch(written):
        return AsOfChoice(today, f"The address asks for the date \u201c{text[:40]}\u201d, which is not a date written "
                                 f"YYYY-MM-DD (for example {today.isoformat()}): showing today instead.")
    try:
        day = date.fromisoformat(written)
    except ValueError:
        return AsOfChoice(today, f"The address asks for {written}, but {written} is not a real calendar day: "
                                 "showing today instead.")
    if day > today:
        return AsOfChoice(today, f"The address asks for {day.isoformat()}, which is after today ({today.isoformat()}): "
                                 "no evidence can be observed yet on a future day, so the dashboard shows today.")
    return AsOfChoice(day)
