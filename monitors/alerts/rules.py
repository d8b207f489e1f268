"""Which alerts are due: the one function that decides, from every commitment's assessment,
the alerts already raised and the moment of the scan. Pure: no clock, no storage.

A deadline is a calendar day in the policy's time zone. The reminder for lead time L is due
from the start of day `deadline - L`; only the shortest lead due fires, so a scan after an
outage sends one reminder, not a burst. From the day after the deadline, an unmet commitment is
overdue: one alert per repeat period (counted in days from that first day) until someone
acknowledges it or the commitment is met. An extension is a new deadline version, so its
reminders start afresh. A commitment carried forward by a later framework gets no deadline
alerts: it reads as continued, not broken. Nor does one that has ended (an act made it moot) or
lapsed (met, then its expiry passed): neither is broken, and the judging does not flag either
overdue; an overdue alert follows the judging's `overdue` flag. A status change alerts, except the first time a
commitment is seen (a fresh install must not alert on everything).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal, get_args

from monitors.domain import Assessment, DeadlineVersion

Kind = Literal["reminder", "overdue", "change"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class Policy:
    lead_days: tuple[int, ...]
    overdue_repeat_days: int
    zone: tzinfo

    def today(self, now: datetime) -> date:
        """The calendar day `now` falls on in the policy's zone."""
        return now.astimezone(self.zone).date()


@dataclass(frozen=True)
class SeenStatus:
    """A commitment's last recorded status and how many changes were alerted before."""

    status: str
    changes: int


@dataclass(frozen=True)
class History:
    """What earlier scans did: alert keys, reminders sent, acknowledged overdue series, statuses."""

    keys: frozenset[str] = frozenset()
    reminded: Mapping[tuple[str, str], int] = field(default_factory=dict)
    acknowledged: frozenset[tuple[str, str]] = frozenset()
    seen: Mapping[str, SeenStatus] = field(default_factory=dict)


@dataclass(frozen=True)
class DueAlert:
    key: str
    kind: Kind
    assessment: Assessment
    lead_days: int | None = None
    occurrence: int | None = None
    previous: SeenStatus | None = None

    @property
    def commitment_id(self) -> str:
        return self.assessment.commitment_id

    @property
    def deadline(self) -> DeadlineVersion | None:
        return self.assessment.deadlines[-1] if self.assessment.deadlines else None


def deadline_ref(deadline: DeadlineVersion) -> str:
    """Identifies one deadline version; the date is part of it because version numbers shift
    when an extension is retracted."""
    return f"v{deadline.version}@{deadline.deadline.isoformat()}"


def due_alerts(assessments: Iterable[Assessment], history: History, now: datetime, policy: Policy) -> list[DueAlert]:
    """Every alert due at `now` that has not been raised yet, in assessment order."""
    today = policy.today(now)
    due: list[DueAlert] = []
    for assessment in assessments:
        for alert in (_change(assessment, history), _deadline_alert(assessment, history, today, policy)):
            if alert is not None:
                due.append(alert)
    return due


def _change(assessment: Assessment, history: History) -> DueAlert | None:
    seen = history.seen.get(assessment.commitment_id)
    if seen is None or seen.status == assessment.status:
        return None
    key = f"{assessment.commitment_id}|change-{seen.changes + 1}|{seen.status}>{assessment.status}"
    return DueAlert(key, "change", assessment, previous=seen)


_QUIET = frozenset({"superseded", "ended", "lapsed"})  # flags under which a deadline raises no alert


def _deadline_alert(assessment: Assessment, history: History, today: date, policy: Policy) -> DueAlert | None:
    if not assessment.deadlines or assessment.status == "met" or _QUIET.intersection(assessment.flags):
        return None
    current = assessment.deadlines[-1]
    ref = deadline_ref(current)
    series = (assessment.commitment_id, ref)
    days_left = (current.deadline - today).days
    if days_left < 0:
        if series in history.acknowledged or "overdue" not in assessment.flags:
            return None
        every = policy.overdue_repeat_days
        occurrence = (-days_left - 1) // every if every else 0
        key = f"{assessment.commitment_id}|{ref}|overdue-{occurrence}"
        return None if key in history.keys else DueAlert(key, "overdue", assessment, occurrence=occurrence)
    leads = [lead for lead in policy.lead_days if days_left <= lead]
    if not leads:
        return None
    lead = min(leads)
    already = history.reminded.get(series)
    if already is not None and already <= lead:
        return None
    return DueAlert(f"{assessment.commitment_id}|{ref}|reminder-{lead}", "reminder", assessment, lead_days=lead)
