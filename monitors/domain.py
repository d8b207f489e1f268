"""The vocabulary shared by every module: parties, assertions, updates and verdicts.

Plain frozen dataclasses and literal types, so monitors can be pure functions of these values
with no storage or framework imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from datetime import date, datetime
from typing import Literal, get_args

from monitors.periods import Period

Obligor = Literal["us", "cn", "both"]
SourceParty = Literal["us", "cn", "independent"]
Assertion = Literal["met", "progress", "not_met", "ended"]
Kind = Literal["act", "data", "statement"]
Tier = Literal["confirmed", "single_source", "uncertain"]
Status = Literal["met", "pending", "disputed"]
Flag = Literal["overdue", "due_soon", "extended", "superseded", "expiring", "lapsed", "ended", "stale"]

SOURCE_PARTIES: tuple[str, ...] = get_args(SourceParty)
ASSERTIONS: tuple[str, ...] = get_args(Assertion)
KINDS: tuple[str, ...] = get_args(Kind)
TIERS: tuple[str, ...] = get_args(Tier)
STATUSES: tuple[str, ...] = get_args(Status)
FLAGS: tuple[str, ...] = get_args(Flag)

PARTY_NAMES: dict[str, str] = {
    "us": "the US government",
    "cn": "the Chinese government",
    "independent": "independent sources",
    "both": "both parties",
}
ASSERTION_WORDS: dict[str, str] = {"met": "met", "progress": "progress", "not_met": "not met", "ended": "ended"}
KIND_WORDS: dict[str, str] = {"act": "act", "data": "figure", "statement": "statement"}
TIER_WORDS: dict[str, str] = {"confirmed": "confirmed", "single_source": "single source", "uncertain": "uncertain"}
# Categories a framework file may use; a new one needs only a name here to be shown in words,
# and any other lowercase identifier is shown as written.
CATEGORY_WORDS: dict[str, str] = {
    "tariffs": "tariffs", "rare_earths": "rare earths", "export_controls": "export controls", "visas": "visas",
    "deadlines": "deadlines", "negotiation": "negotiation", "purchases": "purchases", "agriculture": "agriculture",
    "maritime": "maritime", "chemicals": "chemicals", "investment": "investment", "other": "other",
}


def category_words(category: str) -> str:
    return CATEGORY_WORDS.get(category, category.replace("_", " "))


@dataclass(frozen=True)
class Retraction:
    """A correction that withdraws one update; the update itself stays in the log."""

    id: int
    update_id: int
    reason: str
    retracted_by: str
    logged_at: datetime


@dataclass(frozen=True)
class NewUpdate:
    """A validated piece of evidence, not yet stored (it has no id or log time)."""

    commitment_id: str
    observed: date
    source_party: SourceParty
    source: str
    asserts: Assertion
    kind: Kind = "statement"
    url: str | None = None
    value: float | None = None
    unit: str | None = None
    period: Period | None = None
    new_deadline: date | None = None
    new_expiry: date | None = None
    tier: Tier | None = None
    note: str | None = None
    logged_by: str = "anonymous"

    @property
    def figure_period(self) -> Period:
        return self.period or Period.day(self.observed)


@dataclass(frozen=True)
class Update:
    """One stored piece of evidence about one commitment."""

    id: int
    commitment_id: str
    observed: date
    logged_at: datetime
    logged_by: str
    source_party: SourceParty
    source: str
    asserts: Assertion
    kind: Kind = "statement"
    url: str | None = None
    value: float | None = None
    unit: str | None = None
    period: Period | None = None
    new_deadline: date | None = None
    new_expiry: date | None = None
    tier: Tier | None = None
    note: str | None = None
    retraction: Retraction | None = None

    @classmethod
    def from_stored(cls, values: dict[str, object]) -> Update:
        """An update from every one of its fields, already typed. Thousands of these make one
        status: giving the instance its fields at once skips the frozen __init__'s per-field
        assignment, half the cost of building one."""
        update = object.__new__(cls)
        object.__setattr__(update, "__dict__", values)
        return update

    @property
    def retracted(self) -> bool:
        return self.retraction is not None

    @cached_property
    def figure_period(self) -> Period:
        """The period a figure describes: its own, or the observed day (worked out once: the
        judging asks for it many times per update)."""
        return self.period or Period.day(self.observed)


# The fields an update has in the store's updates table, in Update's order.
STORED_FIELDS = tuple(f.name for f in fields(Update) if f.name not in ("period", "retraction"))


@dataclass(frozen=True)
class Verdict:
    """What a monitor decided and why: the rule, a readable explanation and the update ids."""

    status: Status
    rule: str
    explanation: str
    evidence: tuple[int, ...] = ()
    met_on: date | None = None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class DeadlineVersion:
    """One deadline (or expiry) a commitment has had; version 0 is the one written in the
    framework. Updates restating the same date confirm the version instead of adding one."""

    version: int
    deadline: date
    set_by: int | None
    set_on: date | None
    confirmed_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """A commitment's status as of a date, with flags and its deadline history."""

    commitment_id: str
    as_of: date
    verdict: Verdict
    flags: tuple[Flag, ...]
    deadlines: tuple[DeadlineVersion, ...] = field(default_factory=tuple)
    expiries: tuple[DeadlineVersion, ...] = field(default_factory=tuple)
    latest_evidence: date | None = None
    ended_by: int | None = None
    ended_on: date | None = None

    @property
    def expires(self) -> date | None:
        return self.expiries[-1].deadline if self.expiries else None

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def deadline(self) -> date | None:
        return self.deadlines[-1].deadline if self.deadlines else None

    @property
    def original_deadline(self) -> date | None:
        return self.deadlines[0].deadline if self.deadlines else None

    @property
    def days_left(self) -> int | None:
        return (self.deadline - self.as_of).days if self.deadline else None


@dataclass(frozen=True)
class AuditEntry:
    """One write to the log: who did what, and when."""

    at: datetime
    by: str
    action: Literal["logged", "retracted"]
    update_id: int
    commitment_id: str
    detail: str
