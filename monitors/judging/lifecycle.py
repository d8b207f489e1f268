"""A commitment's life beyond its verdict: when it exists, when it ends, when it expires, and
when its evidence has gone quiet.

- A framework's commitments exist from the day it was agreed.
- An act logged as `ended` (a court voiding the measure, a later deal replacing it) makes a
  commitment moot from its observed day: its verdict is frozen as it stood the day before.
- `expires` (renewed by `new_expiry`) is the first day the promise no longer holds unless
  renewed: from then on it has lapsed and is no longer met; within `expiring_days` before, it is
  expiring.
- A commitment judged on periodic figures is stale when the next figure is later than its
  cadence allows; any commitment given a longest silence is stale after that many quiet days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from monitors.catalog import Catalog, Commitment
from monitors.domain import DeadlineVersion, Flag, Update
from monitors.periods import month_after


def agreed(catalog: Catalog, commitment: Commitment, as_of: date) -> bool:
    """True once the commitment's framework has been agreed."""
    return catalog.frameworks[commitment.framework].date <= as_of


def ending_event(updates: Sequence[Update], as_of: date) -> Update | None:
    """The first unretracted act, observed by `as_of`, that ended the commitment."""
    endings = [u for u in updates if u.asserts == "ended" and not u.retracted and u.observed <= as_of]
    return min(endings, key=lambda u: (u.observed, u.id), default=None)


def expiry_flags(expiries: Sequence[DeadlineVersion], as_of: date, expiring_days: int) -> tuple[Flag, ...]:
    if not expiries:
        return ()
    expiry = expiries[-1].deadline
    if as_of >= expiry:
        return ("lapsed",)
    if (expiry - as_of).days <= expiring_days:
        return ("expiring",)
    return ()


def _next_period_end(last_end: date, every: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[every]
    end = last_end
    for _ in range(months):
        end = month_after(end)[1]
    return end


def next_figure_due(commitment: Commitment, framework_date: date, latest_figure_end: date | None) -> date | None:
    """The day after which the next periodic figure is late, or None without a cadence."""
    cadence = commitment.cadence
    if cadence is None:
        return None
    if latest_figure_end is None:
        start = commitment.effective or framework_date
        expected_end = _next_period_end(start.replace(day=1) - timedelta(days=1), cadence.every)
    else:
        expected_end = _next_period_end(latest_figure_end, cadence.every)
    return expected_end + timedelta(days=cadence.published_within_days)


def silence_ends(commitment: Commitment, framework_date: date, latest_evidence: date | None) -> date | None:
    """The last day before the commitment counts as silent, or None without a longest silence."""
    if commitment.max_silence_days is None:
        return None
    return (latest_evidence or framework_date) + timedelta(days=commitment.max_silence_days)


def stale_reason(commitment: Commitment, framework_date: date, updates: Sequence[Update], as_of: date,
                 latest_evidence: date | None) -> str | None:
    """Why the commitment is stale as of a date, in words, or None."""
    unit = commitment.measured_unit
    figures = [u for u in updates if u.kind == "data" and u.value is not None and u.unit == unit]
    latest_end = max((u.figure_period.end for u in figures), default=None)
    due = next_figure_due(commitment, framework_date, latest_end)
    if due is not None and as_of > due:
        assert commitment.cadence is not None
        last = f"the last one describes the period ending {latest_end.isoformat()}" if latest_end else "none has been logged"
        return f"the next {commitment.cadence.every}ly figure was due by {due.isoformat()} and is late ({last})"
    quiet = silence_ends(commitment, framework_date, latest_evidence)
    if quiet is not None and as_of > quiet:
        since = latest_evidence.isoformat() if latest_evidence else "the framework was agreed"
        return f"no evidence since {since}, longer than its {commitment.max_silence_days}-day longest silence"
    return None
