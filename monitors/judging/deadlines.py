"""Deadlines and expiries: their histories, the overdue and due-soon flags, and the monitor for
commitments that *are* a deadline (the 90-day window).

An extension is an update carrying a new deadline (a renewal, a new expiry); the date written in
the framework stays version 0, so "was it met within the original deadline?" stays answerable.
Updates restating the current date (each party confirming the same extension) confirm that
version rather than adding one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Literal

from monitors.catalog import Commitment
from monitors.domain import DeadlineVersion, Flag, Update, Verdict
from monitors.judging.rule import fulfilled, judge_acts_and_words, usable

DateField = Literal["new_deadline", "new_expiry"]


def version_history(original: date | None, updates: Sequence[Update], as_of: date, field: DateField) -> tuple[DeadlineVersion, ...]:
    """Every date the commitment has had in `field` as of a day, oldest first, one version per change."""
    versions: list[DeadlineVersion] = []
    if original is not None:
        versions.append(DeadlineVersion(0, original, None, None))
    read = attrgetter(field)
    moves = sorted([u for u in updates if read(u) is not None and u.observed <= as_of and not u.retracted],
                   key=lambda u: (u.observed, u.id))
    for update in moves:
        new_date: date = read(update)
        if versions and versions[-1].deadline == new_date:
            last = versions[-1]
            versions[-1] = DeadlineVersion(last.version, last.deadline, last.set_by, last.set_on, (*last.confirmed_by, update.id))
        else:
            versions.append(DeadlineVersion(len(versions), new_date, update.id, update.observed))
    return tuple(versions)


def deadline_history(commitment: Commitment, updates: Sequence[Update], as_of: date) -> tuple[DeadlineVersion, ...]:
    return version_history(commitment.deadline, updates, as_of, "new_deadline")


def deadline_flags(verdict: Verdict, deadlines: Sequence[DeadlineVersion], as_of: date, due_soon_days: int) -> tuple[Flag, ...]:
    """Overdue the day after the current deadline passes unmet; due soon within due_soon_days of it."""
    flags: list[Flag] = []
    if deadlines and verdict.status != "met":
        days_left = (deadlines[-1].deadline - as_of).days
        if days_left < 0:
            flags.append("overdue")
        elif days_left <= due_soon_days:
            flags.append("due_soon")
    return tuple(flags)


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """The shared rule, plus whether it was met within the original and the current deadline."""
    updates = usable(updates, as_of)
    verdict = judge_acts_and_words(fulfilled(commitment.title), updates, commitment.obligor, as_of, commitment.max_silence_days)
    history = deadline_history(commitment, updates, as_of)
    if verdict.status != "met" or verdict.met_on is None or not history:
        return verdict
    original, current = history[0].deadline, history[-1].deadline
    if verdict.met_on <= original:
        timing = f" It was met on {verdict.met_on.isoformat()}, within the original deadline {original.isoformat()}."
    elif verdict.met_on <= current:
        timing = (
            f" It was met on {verdict.met_on.isoformat()}, after the original deadline {original.isoformat()}"
            f" but within the extended one, {current.isoformat()}."
        )
    else:
        timing = f" It was met on {verdict.met_on.isoformat()}, after its deadline {current.isoformat()}."
    return Verdict(verdict.status, verdict.rule, verdict.explanation + timing, verdict.evidence, verdict.met_on, verdict.flags)
