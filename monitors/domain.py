"""The vocabulary shared by every module: parties, assertions, updates and verdicts.

Plain frozen dataclasses and literal types, so monitors can be pure functions of these values
with no storage or framework imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

Obligor = Literal["us", "cn", "both"]
SourceParty = Literal["us", "cn", "independent"]
Assertion = Literal["met", "progress", "not_met"]
Status = Literal["met", "pending", "disputed"]
Flag = Literal["overdue", "due_soon", "extended", "superseded"]
Category = Literal["tariffs", "rare_earths", "export_controls", "visas", "deadlines", "negotiation"]

SOURCE_PARTIES: tuple[str, ...] = get_args(SourceParty)
ASSERTIONS: tuple[str, ...] = get_args(Assertion)
STATUSES: tuple[str, ...] = get_args(Status)
FLAGS: tuple[str, ...] = get_args(Flag)

PARTY_NAMES: dict[str, str] = {
    "us": "the US government",
    "cn": "the Chinese government",
    "independent": "independent sources",
    "both": "both parties",
}


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
    url: str | None = None
    value: float | None = None
    unit: str | None = None
    new_deadline: date | None = None
    note: str | None = None
    logged_by: str = "anonymous"


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
    url: str | None = None
    value: float | None = None
    unit: str | None = None
    new_deadline: date | None = None
    note: str | None = None
    retraction: Retraction | None = None

    @property
    def retracted(self) -> bool:
        return self.retraction is not None



@dataclass(frozen=True)
class Verdict:
    """What a monitor decided and why: the rule, a readable explanation and the update ids."""

    status: Status
    rule: str
    explanation: str
    evidence: tuple[int, ...] = ()
    met_on: date | None = None


@dataclass(frozen=True)
class DeadlineVersion:
    """One deadline a commitment has had; version 0 is the one written in the framework."""

    version: int
    deadline: date
    set_by: int | None
    set_on: date | None


@dataclass(frozen=True)
class Assessment:
    """A commitment's status as of a date, with flags and its deadline history."""

    commitment_id: str
    as_of: date
    verdict: Verdict
    flags: tuple[Flag, ...]
    deadlines: tuple[DeadlineVersion, ...] = field(default_factory=tuple)

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
