"""A commitment's status history as a reader cites it: each change of status or flags, dated,
with the reason in words and the updates that caused it.

judging/history.py gives the spans (when the status or flags changed); this adds the why, by
judging the commitment on each span's first day from the evidence observed by then. Pure: no
storage, no Streamlit. Only for one commitment at a time (its page), since it judges once per
change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from monitors.catalog import Catalog, Commitment
from monitors.domain import Flag, Status, Update
from monitors.judging.assess import assess_one
from monitors.judging.history import StatusSpan

FLAG_REASONS: dict[str, tuple[str, str]] = {
    # flag: (words when it is raised, words when it is dropped)
    "overdue": ("the deadline passed before the commitment was met", "no longer overdue"),
    "due_soon": ("the deadline came within its warning period", "no longer due soon"),
    "extended": ("a deadline or expiry was moved", "no longer extended"),
    "superseded": ("a later framework carried it forward", "no longer carried forward"),
    "expiring": ("its term came within its warning period before expiry", "no longer expiring soon"),
    "lapsed": ("its term ended with no renewal logged", "renewed after lapsing"),
    "ended": ("an event made it moot", "no longer ended"),
    "stale": ("the next expected figure or word did not arrive in time", "fresh evidence arrived"),
}


@dataclass(frozen=True)
class StatusChange:
    """The status from `day` on, what it was before, why it changed and the updates that did it."""

    day: date
    status: Status
    flags: tuple[Flag, ...]
    previous_status: Status | None
    previous_flags: tuple[Flag, ...]
    reason: str
    explanation: str
    caused_by: tuple[int, ...]


def _reason(span: StatusSpan, previous: StatusSpan | None, new_evidence: Sequence[Update], framework_name: str) -> str:
    """What happened on the span's first day, in words."""
    if previous is None:
        return f"The {framework_name} was agreed, and the commitment with it"
    parts = []
    if new_evidence:
        ids = ", ".join(f"#{u.id}" for u in new_evidence)
        parts.append(f"new evidence observed that day ({ids})")
    gained = [FLAG_REASONS.get(f, (f, f))[0] for f in span.flags if f not in previous.flags]
    lost = [FLAG_REASONS.get(f, (f, f))[1] for f in previous.flags if f not in span.flags]
    parts += gained + lost
    if not parts:
        parts.append("the rule that decides it changed")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def status_changes(catalog: Catalog, commitment: Commitment, updates: Sequence[Update],
                   spans: Sequence[StatusSpan]) -> list[StatusChange]:
    """One entry per span of `commitment` (in `spans`, oldest first), newest first. `updates` is
    the commitment's whole log (retractions included); each change is judged from the part of it
    observed by the change's day."""
    mine = sorted((s for s in spans if s.commitment_id == commitment.id), key=lambda s: s.start)
    framework = catalog.frameworks[commitment.framework]
    changes = []
    previous: StatusSpan | None = None
    for span in mine:
        known = [u for u in updates if u.observed <= span.start]
        assessment = assess_one(catalog, commitment, known, span.start)
        arrived = [u for u in known if u.observed == span.start and not u.retracted]
        deciding = set(assessment.verdict.evidence)
        caused = tuple(u.id for u in arrived if u.id in deciding) or tuple(u.id for u in arrived)
        changes.append(StatusChange(
            span.start, span.status, span.flags,
            previous.status if previous else None, previous.flags if previous else (),
            _reason(span, previous, arrived, framework.name), assessment.verdict.explanation, caused,
        ))
        previous = span
    return changes[::-1]
