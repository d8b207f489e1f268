"""One entry point from (catalog, updates, as-of date) to every commitment's assessment.

Dispatches each commitment to the monitor its check names and adds what is common to all
families: deadline history, flags, and whether a later framework carries it forward.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from monitors.judging import deadlines, export_controls, rare_earths, statements, tariffs
from monitors.catalog import Catalog, Commitment
from monitors.domain import Assessment, Flag, Update, Verdict

Monitor = Callable[[Commitment, Sequence[Update], date], Verdict]

MONITORS: dict[str, Monitor] = {
    "tariffs": tariffs.judge,
    "rare_earths": rare_earths.judge,
    "export_controls": export_controls.judge,
    "deadlines": deadlines.judge,
    "statements": statements.judge,
}


def assess(commitment: Commitment, updates: Sequence[Update], as_of: date, *, superseded: bool) -> Assessment:
    """Status, flags and deadline history of one commitment as of a date. `superseded` comes
    from is_superseded(); it is required so that no caller silently drops the flag."""
    verdict = MONITORS[commitment.check.monitor](commitment, updates, as_of)
    history = deadlines.deadline_history(commitment, updates, as_of)
    flags: tuple[Flag, ...] = deadlines.deadline_flags(verdict, history, as_of, commitment.due_soon_days)
    if superseded:
        flags = (*flags, "superseded")
    return Assessment(commitment.id, as_of, verdict, flags, history)


def group_by_commitment(updates: Iterable[Update]) -> dict[str, list[Update]]:
    grouped: dict[str, list[Update]] = defaultdict(list)
    for update in updates:
        grouped[update.commitment_id].append(update)
    return grouped


def is_superseded(catalog: Catalog, commitment_id: str, as_of: date) -> bool:
    """True once a framework that carries the commitment forward has been agreed, so it reads
    as continued rather than broken."""
    return any(catalog.frameworks[s.framework].date <= as_of for s in catalog.continued_by(commitment_id))


def assess_all(catalog: Catalog, updates: Iterable[Update], as_of: date) -> list[Assessment]:
    """Every commitment in catalog order."""
    grouped = group_by_commitment(updates)
    return [
        assess(commitment, grouped.get(commitment.id, []), as_of, superseded=is_superseded(catalog, commitment.id, as_of))
        for commitment in catalog.commitments.values()
    ]
