"""Which alerts are due: the one function that decides, from every commitment's assessment,
the alerts already raised and the moment of the scan. Pure: no clock, no storage.

A deadline or an expiry is a calendar day in the policy's time zone.

- Deadlines. The reminder for lead time L is due from the start of day `deadline - L`; only the
  shortest lead due fires, so a scan after an outage sends one reminder, not a burst. From the
  day after the deadline, an unmet commitment is overdue: one alert per repeat period (counted
  in days from that first day) until someone acknowledges it or the commitment is met. An
  extension is a new deadline version, so its reminders start afresh. An overdue alert follows
  the judging's `overdue` flag.
- Expiries. The same lead times remind before an expiry (`expiring`), shortest due only; from
  the expiry day with no renewal, one `lapsed` alert. A renewal is a new expiry version.
- Data late. One `stale` alert per spell of lateness, keyed by the day the data became late
  (given by the caller, who reads the evidence): a figure that arrives ends the spell.
- Ended. One `ended` alert per ending event.
- A status change alerts, except the first time a commitment is seen (a fresh install must not
  alert on everything).

A commitment carried forward by a later framework gets none of these but its status changes:
it reads as continued, not broken, and its successor carries the deadlines and expiries. One
that has ended gets only its `ended` alert; one that has lapsed no deadline alerts (neither is
broken, and the judging does not flag either overdue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal, get_args

from monitors.domain import Assessment, DeadlineVersion

Kind = Literal["reminder", "overdue", "change", "expiring", "lapsed", "stale", "ended"]
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
    since: date | None = None

    @property
    def commitment_id(self) -> str:
        return self.assessment.commitment_id

    @property
    def deadline(self) -> DeadlineVersion | None:
        return self.assessment.deadlines[-1] if self.assessment.deadlines else None

    @property
    def expiry(self) -> DeadlineVersion | None:
        return self.assessment.expiries[-1] if self.assessment.expiries else None

    @property
    def dated(self) -> DeadlineVersion | None:
        """The deadline or expiry version the alert is about, None for the others."""
        if self.kind in ("reminder", "overdue"):
            return self.deadline
        return self.expiry if self.kind in ("expiring", "lapsed") else None


def deadline_ref(deadline: DeadlineVersion) -> str:
    """Identifies one deadline version; the date is part of it because version numbers shift
    when an extension is retracted."""
    return f"v{deadline.version}@{deadline.deadline.isoformat()}"


def expiry_ref(expiry: DeadlineVersion) -> str:
    """Identifies one expiry version, apart from every deadline version."""
    return f"e{expiry.version}@{expiry.deadline.isoformat()}"


def due_alerts(assessments: Iterable[Assessment], history: History, now: datetime, policy: Policy,
               late_since: Mapping[str, date] | None = None) -> list[DueAlert]:
    """Every alert due at `now` that has not been raised yet, in assessment order.
    `late_since[commitment_id]` is the first day a stale commitment's data was late; a stale
    commitment missing from it raises no `stale` alert."""
    today = policy.today(now)
    late = late_since or {}
    due: list[DueAlert] = []
    for assessment in assessments:
        candidates = (
            _change(assessment, history), _deadline_alert(assessment, history, today, policy),
            _expiry_alert(assessment, history, today, policy), _stale(assessment, late.get(assessment.commitment_id)),
            _ended(assessment),
        )
        due.extend(a for a in candidates if a is not None and a.key not in history.keys)
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
    lead = _lead(days_left, history.reminded.get(series), policy)
    if lead is None:
        return None
    return DueAlert(f"{assessment.commitment_id}|{ref}|reminder-{lead}", "reminder", assessment, lead_days=lead)


def _lead(days_left: int, already: int | None, policy: Policy) -> int | None:
    """The shortest lead time due `days_left` days ahead, unless one as short was sent."""
    leads = [lead for lead in policy.lead_days if days_left <= lead]
    if not leads:
        return None
    lead = min(leads)
    return None if already is not None and already <= lead else lead


def _expiry_alert(assessment: Assessment, history: History, today: date, policy: Policy) -> DueAlert | None:
    if not assessment.expiries or {"superseded", "ended"}.intersection(assessment.flags):
        return None
    current = assessment.expiries[-1]
    ref = expiry_ref(current)
    if "lapsed" in assessment.flags:
        return DueAlert(f"{assessment.commitment_id}|{ref}|lapsed", "lapsed", assessment)
    days_left = (current.deadline - today).days
    if days_left <= 0:
        return None
    lead = _lead(days_left, history.reminded.get((assessment.commitment_id, ref)), policy)
    if lead is None:
        return None
    return DueAlert(f"{assessment.commitment_id}|{ref}|expiring-{lead}", "expiring", assessment, lead_days=lead)


def _stale(assessment: Assessment, since: date | None) -> DueAlert | None:
    if since is None or "stale" not in assessment.flags or "superseded" in assessment.flags:
        return None
    return DueAlert(f"{assessment.commitment_id}|stale@{since.isoformat()}", "stale", assessment, since=since)


def _ended(assessment: Assessment) -> DueAlert | None:
    if "ended" not in assessment.flags or "superseded" in assessment.flags or assessment.ended_on is None:
        return None
    key = f"{assessment.commitment_id}|ended@{assessment.ended_on.isoformat()}#{assessment.ended_by}"
    return DueAlert(key, "ended", assessment, since=assessment.ended_on)
