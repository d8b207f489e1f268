"""Deadlines: their history of extensions, the overdue and due-soon flags, and the monitor for
commitments that *are* a deadline (the 90-day window).

An extension is an update carrying a new deadline; the deadline written in the framework stays
version 0, so "was it met within the original deadline?" remains answerable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from monitors.catalog import Commitment
from monitors.domain import DeadlineVersion, Flag, Update, Verdict
from monitors.judging.rule import fulfilled, judge_words, stated_words, usable


def deadline_history(commitment: Commitment, updates: Sequence[Update], as_of: date) -> tuple[DeadlineVersion, ...]:
    """Every deadline the commitment has had as of a date, oldest first."""
    versions: list[DeadlineVersion] = []
    if commitment.deadline is not None:
        versions.append(DeadlineVersion(0, commitment.deadline, None, None))
    extensions = sorted((u for u in usable(updates, as_of) if u.new_deadline is not None), key=lambda u: (u.observed, u.id))
    for update in extensions:
        assert update.new_deadline is not None
        versions.append(DeadlineVersion(len(versions), update.new_deadline, update.id, update.observed))
    return tuple(versions)


def deadline_flags(verdict: Verdict, deadlines: Sequence[DeadlineVersion], as_of: date, due_soon_days: int) -> tuple[Flag, ...]:
    """Overdue the day after the current deadline passes unmet; due soon within due_soon_days of it."""
    flags: list[Flag] = []
    if deadlines and verdict.status != "met":
        days_left = (deadlines[-1].deadline - as_of).days
        if days_left < 0:
            flags.append("overdue")
        elif days_left <= due_soon_days:
            flags.append("due_soon")
    if len(deadlines) > 1:
        flags.append("extended")
    return tuple(flags)


def judge(commitment: Commitment, updates: Sequence[Update], as_of: date) -> Verdict:
    """The rule of thumb, plus whether it was met within the original and the current deadline."""
    verdict = judge_words(stated_words(usable(updates, as_of)), fulfilled(commitment.title))
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
    return Verdict(verdict.status, verdict.rule, verdict.explanation + timing, verdict.evidence, verdict.met_on)
