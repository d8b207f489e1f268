"""The one place the wall clock is read; everything else is handed a Clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def fixed_clock(moment: datetime) -> Clock:
    """A clock frozen at one moment (tests, `--now`)."""
    if moment.tzinfo is None:
        raise ValueError("a fixed clock needs a timezone-aware moment")
    return lambda: moment
